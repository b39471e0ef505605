/**
 * The intake adapters' refusals and mappings, without Temporal: what each privacy tool's call becomes,
 * and what changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret';
import type { InboundCall } from '../../src/intake/adapter';
import { FidesAdapter } from '../../src/intake/fides/adapter';
import { KetchAdapter } from '../../src/intake/ketch/adapter';
import { OneTrustAdapter } from '../../src/intake/onetrust/adapter';

const NOW = new Date('2026-12-01T00:00:00Z');
const call = (over: Partial<InboundCall>): InboundCall => ({
  method: 'POST',
  path: '/intake/x',
  headers: {},
  rawBody: '',
  now: NOW,
  ...over,
});
const KEY = 'k'.repeat(40);

describe('Fides', () => {
  const fides = new FidesAdapter({ fidesUrl: 'https://fides.example.com', connectorKey: new Secret(KEY) });
  const auth = {
    authorization: `Bearer ${KEY}`,
    'reply-to-token': 'tok',
    'reply-to': '/api/v1/request-task/callback',
  };

  it('refuses a wrong key, a missing token, a bad email or a person id that is not the email’s', async () => {
    const read = (headers: Record<string, string>, email = 'ada@example.com') =>
      fides.receive(
        call({ method: 'GET', path: '/intake/fides/person', headers, query: new URLSearchParams({ email }) }),
      );
    expect(await read({ ...auth, authorization: 'Bearer nope' })).toMatchObject({ answer: { status: 401 } });
    expect(await read({ authorization: auth.authorization })).toMatchObject({ answer: { status: 400 } });
    expect(await read(auth, 'not-an-email')).toMatchObject({ answer: { status: 400 } });
    const erase = await fides.receive(
      call({
        path: '/intake/fides/erasure',
        headers: auth,
        rawBody: JSON.stringify({ email: 'ada@example.com', person_id: `lethe-person-${'0'.repeat(32)}` }),
      }),
    );
    expect(erase).toMatchObject({ kind: 'answer', answer: { status: 400 } });
  });

  it('answers the read at once and reports one opaque row; the erasure names the person by email', async () => {
    const read = await fides.receive(
      call({
        method: 'GET',
        path: '/intake/fides/person',
        headers: auth,
        query: new URLSearchParams({ email: 'ada@example.com' }),
      }),
    );
    expect(read).toMatchObject({
      kind: 'report',
      answer: { status: 200 },
      target: { ref: { phase: 'access' } },
    });
    const posted: Array<{ url: string; body: string }> = [];
    const reporting = new FidesAdapter({
      fidesUrl: 'https://fides.example.com/',
      connectorKey: new Secret(KEY),
      fetch: (async (url: string, init: RequestInit) => {
        posted.push({ url, body: String(init.body) });
        return new Response('{}', { status: 200 });
      }) as typeof fetch,
    });
    if (read.kind !== 'report') throw new Error('expected a report');
    await reporting.report(read.target, read.report);
    expect(posted[0]?.url).toBe('https://fides.example.com/api/v1/request-task/callback');
    const row = JSON.parse(posted[0]?.body ?? '{}').access_results[0];
    expect(row.id).toMatch(/^lethe-person-[0-9a-f]{32}$/);
    const erase = await fides.receive(
      call({
        path: '/intake/fides/erasure',
        headers: auth,
        rawBody: JSON.stringify({ email: 'ada@example.com', person_id: row.id }),
      }),
    );
    expect(erase).toMatchObject({
      kind: 'erase',
      request: { identifiers: [{ kind: 'email', value: 'ada@example.com' }], requestedBy: 'fides' },
    });
    // Before verification nothing is said to Fides: its task has one completion state.
    if (erase.kind !== 'erase') throw new Error('expected an erasure');
    expect(
      await reporting.report(erase.target, { stage: 'platforms_confirmed', message: 'x', final: false }),
    ).toBe('accepted');
    expect(posted).toHaveLength(1);
    expect(await reporting.report(erase.target, { stage: 'incomplete', message: 'x', final: true })).toBe(
      'accepted',
    );
    expect(posted).toHaveLength(1);
  });
});

describe('OneTrust', () => {
  const onetrust = new OneTrustAdapter({
    hostUrl: 'https://app.onetrust.com',
    clientId: 'c',
    clientSecret: new Secret('s'),
    headerName: 'Authorization',
    headerValue: new Secret(`Bearer ${KEY}`),
    identifierKinds: { email: 'email' },
  });
  const headers = { authorization: `Bearer ${KEY}` };

  it('names the fields of a bad body, never its values, and refuses a body it cannot search by', async () => {
    const bad = await onetrust.receive(
      call({ headers, rawBody: JSON.stringify({ subtaskId: 'x', extra: 'ada@example.com' }) }),
    );
    expect(bad).toMatchObject({ answer: { status: 400 } });
    expect(JSON.stringify(bad)).not.toContain('ada@example.com');
    const none = await onetrust.receive(
      call({
        headers,
        rawBody: JSON.stringify({
          subtaskId: 's',
          requestRefId: 'V4-1',
          identifiers: [{ type: 'passport', value: 'X1' }],
        }),
      }),
    );
    expect(none).toMatchObject({ answer: { status: 422 } });
    expect(await onetrust.receive(call({ headers: {}, rawBody: '{}' }))).toMatchObject({
      answer: { status: 401 },
    });
  });
});

describe('Ketch', () => {
  const ketch = new KetchAdapter({
    headerName: 'Authorization',
    headerValue: new Secret(KEY),
    identityKinds: { email: 'email' },
  });
  const request = (identities: object[], subject: object = {}) =>
    JSON.stringify({
      apiVersion: 'dsr/v1',
      kind: 'DeleteRequest',
      metadata: { uid: 'u-1', tenant: 't' },
      request: { identities, subject, submittedTimestamp: 1_780_000_000, dueTimestamp: 1_782_000_000 },
    });

  it('answers completed/no_match when only hashed identities arrive, and echoes the metadata in errors', async () => {
    const hashed = await ketch.receive(
      call({
        headers: { authorization: KEY },
        rawBody: request([{ identitySpace: 'email', identityFormat: 'md5', identityValue: 'abc' }]),
      }),
    );
    expect(hashed).toMatchObject({
      kind: 'answer',
      answer: {
        status: 200,
        body: { kind: 'DeleteResponse', response: { status: 'completed', reason: 'no_match' } },
      },
    });
    const refused = await ketch.receive(call({ headers: { authorization: 'nope' }, rawBody: request([]) }));
    expect(refused).toMatchObject({
      answer: {
        status: 401,
        body: { kind: 'Error', metadata: { uid: 'u-1', tenant: 't' }, error: { code: 401 } },
      },
    });
  });
});
