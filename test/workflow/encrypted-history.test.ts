/**
 * What Temporal stores of an erasure is ciphertext (DESIGN §5): every payload in the history as the
 * server keeps it is encrypted by the codec, no identifier of the subject appears in it in any form,
 * and failure messages are encoded too — here a platform failing for good, whose error names the call.
 */
import { describe, expect, it } from 'vitest';
import { seedDemoSubject } from '../../src/simulator/liveperson/demo-person';
import {
  CLEAN_STOP,
  ENQUEUE_TOGETHER,
  EXPANSION_POLICY,
  RECEIPT_BEFORE_QUEUED,
  SPREAD_WAKEUPS,
  STRICT_INPUT,
} from '../../src/workflows/definitions';
import { chatbotSubjectSeed } from '../helpers/chatbot-fixtures';
import { timeSkippingSuite } from '../helpers/time-skipping-suite';

const suite = timeSkippingSuite();

interface StoredPayload {
  metadata?: Record<string, Uint8Array>;
  data?: Uint8Array;
}

/**
 * Every payload in a history object, wherever it sits (inputs, results, signals, failures' attributes),
 * with its path. Search attributes are payloads the codec never sees (the server indexes them).
 */
function payloadsIn(
  node: unknown,
  path = '',
  out: Array<[string, StoredPayload]> = [],
): Array<[string, StoredPayload]> {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const o = node as Record<string, unknown>;
  if (o.data instanceof Uint8Array && o.metadata && typeof o.metadata === 'object')
    out.push([path, o as StoredPayload]);
  for (const [k, value] of Object.entries(o)) payloadsIn(value, `${path}.${k}`, out);
  return out;
}

/** Every failure in a history object. */
function failuresIn(node: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (!node || typeof node !== 'object' || node instanceof Uint8Array) return out;
  const o = node as Record<string, unknown>;
  if (typeof o.message === 'string' && 'encodedAttributes' in o) out.push(o);
  for (const value of Object.values(o)) failuresIn(value, out);
  return out;
}

describe('history as Temporal stores it', () => {
  it('holds only encrypted payloads and encoded failures, and no identifier of the subject', async () => {
    const x = await suite.harness({}, { platforms: ['liveperson', 'chatbot'] });
    const c = x.chatbot;
    if (!c) throw new Error('no chatbot simulator');
    const lp = await seedDemoSubject(x.admin, x.sim.context.options.accountId, 'sealed');
    await x.admin.closeConversation(lp.activeConversationId);
    const { seed, subject } = chatbotSubjectSeed(await c.admin.now(), '-sealed');
    await c.admin.seed(seed);
    await c.admin.faults({ malformedRate: 1 }); // the chatbot fails for good: a failure reaches history

    const { handle, result } = await x.run(async () => {
      const { handle } = await x.client.start({
        ...lp.request,
        identifiers: [...lp.request.identifiers, { kind: 'chatbotUci', value: subject.uciValue }],
      });
      return { handle, result: await suite.finish(handle) };
    });
    expect(result.platforms.chatbot?.failure?.message).toContain('chatbot listConversations');

    const history = await handle.fetchHistory();
    const payloads = payloadsIn(history);
    const indexed = payloads.filter(([path]) => path.includes('.searchAttributes.'));
    const encoded = payloads.filter(([path]) => !path.includes('.searchAttributes.'));
    expect(encoded.length).toBeGreaterThan(20);
    expect(indexed.length).toBeGreaterThan(0);
    // The one plaintext Temporal writes itself: a patch marker, which holds only the patch's own name.
    const patchIds = new Set([
      CLEAN_STOP,
      ENQUEUE_TOGETHER,
      EXPANSION_POLICY,
      RECEIPT_BEFORE_QUEUED,
      SPREAD_WAKEUPS,
      STRICT_INPUT,
    ]);
    for (const [path, p] of encoded) {
      if (path.includes('.markerRecordedEventAttributes.details.patch-data.')) {
        const marker = JSON.parse(new TextDecoder().decode(p.data)) as { id: string };
        expect(patchIds.has(marker.id), `${path}: ${marker.id}`).toBe(true);
        expect(Object.keys(marker).sort()).toEqual(['deprecated', 'id']);
        continue;
      }
      expect(`${path}: ${new TextDecoder().decode(p.metadata?.encoding)}`).toBe(`${path}: binary/encrypted`);
    }
    const failures = failuresIn(history);
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures) {
      expect(f.message).toBe('Encoded failure');
      expect(f.stackTrace ?? '').toBe('');
    }
    const stored = Buffer.from(
      JSON.stringify(history, (_k, v) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v)),
    );
    for (const value of [
      ...lp.personalValues,
      subject.uciValue,
      ...lp.request.identifiers.map((i) => i.value),
    ]) {
      expect(stored.includes(value)).toBe(false);
      expect(stored.includes(Buffer.from(value).toString('base64'))).toBe(false);
    }
    expect(stored.includes('chatbot listConversations')).toBe(false);
  });
});
