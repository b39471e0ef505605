/**
 * A second reading of the Zendesk simulator's Sunshine Conversations API (Zendesk messaging), written from
 * docs/zendesk-api.md §9 alone (and its §11 readings — tests of those say "(§11 Rn)") and the
 * platform-contracts notes §4.2, without reading the simulator's routes. Calls go over real HTTP with Basic
 * `{keyId}:{secret}`; the admin API only seeds data and moves the clock.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ZendeskAdminClient } from '../../src/simulator/zendesk/admin-client';
import { startZendeskSimulator, type ZendeskSimulator } from '../../src/simulator/zendesk/server';
import { basicAuthorization, type CallInit, call, HOUR, type Reply, utc } from '../helpers/documented-http';

type Seed = Parameters<ZendeskAdminClient['seed']>[0];

const ANN = {
  id: 'sc-ann-0001',
  externalId: 'ann-ext-1',
  givenName: 'Ann',
  surname: 'Example',
  email: 'ann.example@example.org',
  conversations: [
    { id: 'conv-ann-1', displayName: 'Ann: support' },
    { id: 'conv-ann-2', displayName: 'Ann: billing' },
  ],
};
const BOB = {
  id: 'sc-bob-0002',
  externalId: 'bob-ext-2',
  givenName: 'Bob',
  conversations: [{ id: 'conv-bob-1' }],
};
const PAGER = {
  id: 'sc-pager-0003',
  conversations: Array.from({ length: 30 }, (_, i) => ({ id: `conv-pager-${String(i).padStart(2, '0')}` })),
};
const SEED: Seed = { messaging: { users: [ANN, BOB, PAGER] } };

/** One simulator on a pinned clock, reached with the documented API-key Basic auth. */
class Messaging {
  private constructor(
    readonly sim: ZendeskSimulator,
    readonly admin: ZendeskAdminClient,
  ) {}

  static async start(now: number): Promise<Messaging> {
    const sim = await startZendeskSimulator({ realNow: () => now });
    return new Messaging(sim, new ZendeskAdminClient(sim.url));
  }

  get key(): string {
    const o = this.sim.context.options;
    return basicAuthorization(o.messagingKeyId, o.messagingKeySecret);
  }

  /** Calls `/v2/apps/{appId}{path}` with the API key unless `authorization` says otherwise (null: none). */
  sc(path: string, init: CallInit = {}, authorization: string | null = this.key): Promise<Reply> {
    const headers = { ...(init.headers ?? {}), ...(authorization === null ? {} : { authorization }) };
    return call(`${this.sim.url}/v2/apps/${this.sim.context.options.messagingAppId}${path}`, {
      ...init,
      headers,
    });
  }

  /** Follows a `links.next` URL (absolute, or relative to the simulator). */
  follow(link: string): Promise<Reply> {
    return call(link.startsWith('http') ? link : `${this.sim.url}${link}`, {
      headers: { authorization: this.key },
    });
  }

  close(): Promise<void> {
    return this.sim.close();
  }
}

function useMessaging(now: number): () => Messaging {
  let m: Messaging | undefined;
  const get = (): Messaging => {
    if (m === undefined) throw new Error('simulator not started');
    return m;
  };
  beforeAll(async () => {
    m = await Messaging.start(now);
  });
  beforeEach(async () => {
    await get().admin.reset();
    await get().admin.seed(SEED);
  });
  afterAll(async () => {
    await m?.close();
  });
  return get;
}

/** The documented error body: `{errors:[{code,title}]}`; several errors only with a 400. */
function expectErrors(reply: Reply, status: number, code?: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(Array.isArray(reply.json?.errors), reply.text).toBe(true);
  expect(reply.json.errors.length).toBeGreaterThan(0);
  if (status !== 400) expect(reply.json.errors).toHaveLength(1);
  for (const error of reply.json.errors) {
    expect(error, reply.text).toMatchObject({ code: expect.any(String), title: expect.any(String) });
  }
  if (code !== undefined) expect(reply.json.errors[0].code).toBe(code);
}

const conversationIds = (reply: Reply): string[] =>
  reply.json.conversations.map((c: { id: string }) => c.id).sort();

const unsignedJwt = (kid: string): string => {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT', kid })}.${part({ scope: 'app' })}.`;
};

describe('Sunshine Conversations authentication and errors (§9)', () => {
  const m = useMessaging(utc(2027, 4, 1, 9));
  const o = () => m().sim.context.options;

  it('accepts Basic keyId:secret', async () => {
    const reply = await m().sc(`/users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user.id).toBe(ANN.id);
  });

  it.each([
    ['no Authorization header', () => null],
    ['a wrong secret', () => basicAuthorization(o().messagingKeyId, 'not-the-secret')],
    ['an unknown key id', () => basicAuthorization('app_unknown', o().messagingKeySecret)],
    ['the Support API token', () => basicAuthorization(`${o().agentEmail}/token`, o().apiToken)],
    ['an unsigned JWT', () => `Bearer ${unsignedJwt(o().messagingKeyId)}`],
  ])('answers 401 {errors:[{code:"unauthorized",title}]} for %s', async (_name, auth) => {
    expectErrors(await m().sc(`/users/${ANN.id}`, {}, auth()), 401, 'unauthorized');
  });

  it('changes nothing on a refused DELETE', async () => {
    const bad = basicAuthorization(o().messagingKeyId, 'wrong');
    expect((await m().sc(`/users/${ANN.id}`, { method: 'DELETE' }, bad)).status).toBe(401);
    expect((await m().sc(`/users/${ANN.id}/personalinformation`, { method: 'DELETE' }, null)).status).toBe(
      401,
    );
    await m().admin.advance(HOUR);
    const reply = await m().sc(`/users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user.profile).toMatchObject({ givenName: ANN.givenName, email: ANN.email });
  });
});

describe('Sunshine Conversations users and conversations (§9)', () => {
  const m = useMessaging(utc(2027, 4, 2, 9));

  it('gets a user by id with the documented fields', async () => {
    const reply = await m().sc(`/users/${ANN.id}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user).toMatchObject({
      id: ANN.id,
      externalId: ANN.externalId,
      signedUpAt: expect.any(String),
      profile: { givenName: ANN.givenName, surname: ANN.surname, email: ANN.email },
      metadata: expect.any(Object),
    });
  });

  it('gets the same user by externalId', async () => {
    const reply = await m().sc(`/users/${ANN.externalId}`);
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user.id).toBe(ANN.id);
  });

  it('answers 404 in the errors shape for an unknown user', async () => {
    expectErrors(await m().sc('/users/no-such-user'), 404);
  });

  it.each([
    ['filter[userId]', ANN.id],
    ['filter[userExternalId]', ANN.externalId],
  ])("lists the user's conversations by %s with meta and links", async (filter, value) => {
    const reply = await m().sc(`/conversations?${filter}=${value}`);
    expect(reply.status, reply.text).toBe(200);
    expect(conversationIds(reply)).toEqual(['conv-ann-1', 'conv-ann-2']);
    for (const c of reply.json.conversations) {
      expect(c).toMatchObject({ type: expect.any(String), isDefault: expect.any(Boolean) });
    }
    expect(reply.json.meta).toMatchObject({ hasMore: false });
    expect(reply.json.links?.next).toBeUndefined();
  });

  it.each([
    ['no filter', ''],
    ['both filters', `?filter[userId]=${ANN.id}&filter[userExternalId]=${ANN.externalId}`],
  ])('answers 400 in the errors shape for %s', async (_name, query) => {
    expectErrors(await m().sc(`/conversations${query}`), 400);
  });

  it('answers 404 to a conversation list for an unknown user', async () => {
    expectErrors(await m().sc('/conversations?filter[userId]=no-such-user'), 404);
  });

  it('pages conversations by cursor: 25 by default, meta.hasMore, links.next until none', async () => {
    const first = await m().sc(`/conversations?filter[userId]=${PAGER.id}`);
    expect(first.status, first.text).toBe(200);
    expect(first.json.conversations).toHaveLength(25);
    expect(first.json.meta).toMatchObject({ hasMore: true, afterCursor: expect.any(String) });
    expect(first.json.links?.prev).toBeUndefined();
    expect(first.json.links.next).toEqual(expect.any(String));
    const second = await m().follow(first.json.links.next);
    expect(second.status, second.text).toBe(200);
    expect(second.json.conversations).toHaveLength(5);
    expect(second.json.meta.hasMore).toBe(false);
    expect(second.json.links?.next).toBeUndefined();
    const all = new Set([...conversationIds(first), ...conversationIds(second)]);
    expect(all).toEqual(new Set(PAGER.conversations.map((c) => c.id)));
  });

  it('honours page[size] and refuses page[after] with page[before]', async () => {
    const sized = await m().sc(`/conversations?filter[userId]=${PAGER.id}&page[size]=10`);
    expect(sized.status, sized.text).toBe(200);
    expect(sized.json.conversations).toHaveLength(10);
    const after = sized.json.meta.afterCursor;
    const query = `filter[userId]=${PAGER.id}&page[after]=${after}&page[before]=${after}`;
    expectErrors(await m().sc(`/conversations?${query}`), 400);
  });
});

describe('Sunshine Conversations deletion (§9)', () => {
  const m = useMessaging(utc(2027, 4, 3, 9));

  it('deletes a user: 200 {}, still read until the deletion completes, then 404 (§11 R14)', async () => {
    const reply = await m().sc(`/users/${ANN.id}`, { method: 'DELETE' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toEqual({});
    expect((await m().sc(`/users/${ANN.id}`)).status).toBe(200);
    const again = await m().sc(`/users/${ANN.externalId}`, { method: 'DELETE' });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toEqual({});
    let status = 200;
    for (let i = 0; i < 720 && status === 200; i++) {
      await m().admin.advance(5_000);
      status = (await m().sc(`/users/${ANN.id}`)).status;
    }
    expectErrors(await m().sc(`/users/${ANN.id}`), 404);
    expectErrors(await m().sc(`/users/${ANN.externalId}`), 404);
    expectErrors(await m().sc(`/conversations?filter[userId]=${ANN.id}`), 404);
    expectErrors(await m().sc(`/users/${ANN.id}`, { method: 'DELETE' }), 404);
    expect((await m().sc(`/users/${BOB.id}`)).status).toBe(200);
  });

  it('deletes personal information: 200 {user} with an empty profile, conversations kept', async () => {
    const reply = await m().sc(`/users/${ANN.id}/personalinformation`, { method: 'DELETE' });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json.user).toMatchObject({
      id: ANN.id,
      externalId: ANN.externalId,
      signedUpAt: expect.any(String),
    });
    expect(reply.json.user.metadata).toEqual({});
    const read = await m().sc(`/users/${ANN.id}`);
    expect(read.status, read.text).toBe(200);
    for (const profile of [reply.json.user.profile, read.json.user.profile]) {
      for (const key of ['givenName', 'surname', 'email', 'avatarUrl'])
        expect(profile[key] ?? null, key).toBeNull();
    }
    expect(JSON.stringify(read.json)).not.toContain(ANN.email);
    const conversations = await m().sc(`/conversations?filter[userId]=${ANN.id}`);
    expect(conversations.status, conversations.text).toBe(200);
    expect(conversationIds(conversations)).toEqual(['conv-ann-1', 'conv-ann-2']);
  });

  it('answers 404 to deleting the personal information of an unknown user', async () => {
    expectErrors(await m().sc('/users/no-such-user/personalinformation', { method: 'DELETE' }), 404);
  });
});
