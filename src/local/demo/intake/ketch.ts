import { Secret } from '../../../config/secret';
import { identifierKinds } from '../../../domain/identifiers';
import { KetchAdapter } from '../../../intake/ketch/adapter';
import { KetchAdminClient } from '../../../simulator/privacy-tools/ketch/admin-client';
import { defaultKetchOptions } from '../../../simulator/privacy-tools/ketch/options';
import { startKetchSimulator } from '../../../simulator/privacy-tools/ketch/server';
import type { DemoTool } from './tool';

/** Ketch: one forwarded DeleteRequest (identity spaces named as Lethe's kinds), then its status events. */
export async function ketchTool(): Promise<DemoTool> {
  const sim = await startKetchSimulator();
  const admin = new KetchAdminClient(sim.url);
  const header = defaultKetchOptions.endpointHeader;
  let uid: string | undefined;
  return {
    name: 'Ketch',
    url: sim.url,
    adapter: new KetchAdapter({
      headerName: header.name,
      headerValue: new Secret(header.value),
      identityKinds: Object.fromEntries(identifierKinds.map((k) => [k, k])),
    }),
    async connect(intakeUrl) {
      await admin.endpoint(`${intakeUrl}/intake/ketch`);
    },
    async submit(subject) {
      uid = await admin.createRequest({
        identities: subject.request.identifiers.map((i) => ({
          identitySpace: i.kind,
          identityValue: i.value,
        })),
        subject: {
          email: subject.person.workEmail,
          firstName: subject.person.firstName,
          lastName: subject.person.lastName,
        },
      });
      const [attempt] = await admin.forward(uid);
      if (attempt?.status !== 200)
        throw new Error(`the intake answered Ketch's request with HTTP ${attempt?.status}`);
      return `ketch:${uid}`;
    },
    async dashboard() {
      if (!uid) return { lines: [], completed: false };
      const view = await admin.request(uid);
      const lines = view.events.map((e) => {
        const stage = e.context?.lethe_message ?? e.context?.lethe_stage;
        return `${e.source}: ${e.status}${e.reason ? ` (${e.reason})` : ''}${stage ? `  Lethe: ${String(stage)}` : ''}`;
      });
      return { lines, completed: view.state === 'final' };
    },
    close: () => sim.close(),
  };
}
