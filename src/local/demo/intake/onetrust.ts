import { Secret } from '../../../config/secret';
import { identifierKinds } from '../../../domain/identifiers';
import { OneTrustAdapter } from '../../../intake/onetrust/adapter';
import { OneTrustAdminClient } from '../../../simulator/privacy-tools/onetrust/admin-client';
import { defaultOneTrustOptions } from '../../../simulator/privacy-tools/onetrust/options';
import { startOneTrustSimulator } from '../../../simulator/privacy-tools/onetrust/server';
import type { DemoTool } from './tool';

/** OneTrust: its HTTP action posts the request's system subtask; the subtask's statuses and comments. */
export async function onetrustTool(): Promise<DemoTool> {
  const sim = await startOneTrustSimulator();
  const admin = new OneTrustAdminClient(sim.url);
  const o = defaultOneTrustOptions;
  let subtaskId: string | undefined;
  return {
    name: 'OneTrust',
    url: sim.url,
    adapter: new OneTrustAdapter({
      hostUrl: sim.url,
      clientId: o.clientId,
      clientSecret: new Secret(o.clientSecret),
      headerName: o.intakeHeader.name,
      headerValue: new Secret(o.intakeHeader.value),
      identifierKinds: Object.fromEntries(identifierKinds.map((k) => [k, k])),
    }),
    async connect(intakeUrl) {
      await admin.intake(`${intakeUrl}/intake/onetrust`);
    },
    async submit(subject) {
      const created = await admin.createSubtask({
        identifiers: subject.request.identifiers.map((i) => ({ type: i.kind, value: i.value })),
      });
      subtaskId = created.subtaskId;
      const [delivery] = await admin.trigger(created.subtaskId);
      if (delivery?.status !== 202)
        throw new Error(`the intake answered OneTrust's action with HTTP ${delivery?.status}`);
      return `onetrust:${created.requestRefId}`;
    },
    async dashboard() {
      if (!subtaskId) return { lines: [], completed: false };
      const view = await admin.subtask(subtaskId);
      const lines = [
        ...view.statusHistory.map((h) => ({ at: h.at, line: `subtask ${h.status}` })),
        ...view.comments.map((c) => ({ at: c.at, line: `comment: ${c.comment}` })),
      ]
        .sort((a, b) => a.at - b.at)
        .map((e) => e.line);
      return { lines, completed: view.completedAt !== undefined };
    },
    close: () => sim.close(),
  };
}
