import type { Client } from '@temporalio/client';

/** Where a seeded value was found in what Lethe left in Temporal or its logs. */
export interface Finding {
  readonly value: string;
  readonly where: string;
}

/**
 * Reads everything Lethe left on a Temporal server — every workflow's full history as stored (events,
 * payloads, failures), its id, search attributes and memo — and the log lines, and returns every place
 * any of `values` appears, in plain text or base64. An erasure tool must leave none.
 */
export async function privacySweep(
  client: Client,
  values: readonly string[],
  logLines: readonly string[],
): Promise<{ workflows: number; findings: Finding[] }> {
  const places: Array<[string, string]> = [];
  let workflows = 0;
  for await (const w of client.workflow.list()) {
    workflows += 1;
    const handle = client.workflow.getHandle(w.workflowId, w.runId);
    const history = await handle.fetchHistory();
    const description = await handle.describe();
    const label = `${w.type} ${w.workflowId}`;
    places.push(
      [
        `${label} history`,
        JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)),
      ],
      [`${label} id`, w.workflowId],
      [`${label} search attributes`, JSON.stringify(description.searchAttributes)],
      [`${label} memo`, JSON.stringify(description.raw.workflowExecutionInfo?.memo ?? {})],
    );
  }
  places.push(['logs', logLines.join('\n')]);
  const findings: Finding[] = [];
  for (const value of new Set(values.filter((v) => v.length >= 4))) {
    const forms = [value, Buffer.from(value).toString('base64')];
    for (const [where, text] of places)
      if (forms.some((f) => text.includes(f))) findings.push({ value, where });
  }
  return { workflows, findings };
}
