import { Secret } from '../../../config/secret';
import { identifierKinds } from '../../../domain/identifiers';
import { TranscendAdapter } from '../../../intake/transcend/adapter';
import { TranscendAdminClient } from '../../../simulator/privacy-tools/transcend/admin-client';
import { defaultTranscendOptions } from '../../../simulator/privacy-tools/transcend/options';
import { startTranscendSimulator } from '../../../simulator/privacy-tools/transcend/server';
import type { DemoTool } from './tool';

/** Transcend: one webhook per identifier (its types named as Lethe's kinds), each profile's reports. */
export async function transcendTool(): Promise<DemoTool> {
  const sim = await startTranscendSimulator();
  const admin = new TranscendAdminClient(sim.url);
  const o = defaultTranscendOptions;
  let requestId: string | undefined;
  return {
    name: 'Transcend',
    url: sim.url,
    adapter: new TranscendAdapter({
      sombraUrl: sim.url,
      apiKey: new Secret(o.apiKey),
      audience: o.audience,
      identifierKinds: Object.fromEntries(identifierKinds.map((k) => [k, k])),
    }),
    async connect(intakeUrl) {
      await admin.silo({ webhookUrl: `${intakeUrl}/intake/transcend` });
    },
    async submit(subject) {
      const created = await admin.createRequest({
        identifiers: subject.request.identifiers.map((i) => ({ type: i.kind, value: i.value })),
      });
      requestId = created.id;
      const refused = (await admin.deliver(created.id)).filter((d) => d.status !== 200 && d.status !== 204);
      if (refused.length > 0) throw new Error(`the intake refused ${refused.length} of Transcend's webhooks`);
      return `transcend:${created.id}`;
    },
    async dashboard() {
      if (!requestId) return { lines: [], completed: false };
      const view = await admin.request(requestId);
      // In the order Transcend received them, so that new reports come last.
      const lines = view.profiles
        .flatMap((p, i) =>
          p.reports.map((r) => ({
            at: r.at,
            line: `profile ${i + 1} (${p.identifierType}): ${r.status ?? '-'}  ${r.message ?? ''}`,
          })),
        )
        .sort((a, b) => a.at - b.at)
        .map((e) => e.line);
      return { lines, completed: view.state === 'completed' };
    },
    close: () => sim.close(),
  };
}
