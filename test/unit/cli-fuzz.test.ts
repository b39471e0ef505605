/**
 * Property-based fuzzing of the edge: the client's validation (`ErasureClient.prepare`, then
 * `checkRequestDates`), the operator-input schemas, and the CLI in-process (`main`, standard input
 * injected, a stand-in Temporal client: nothing connects). Thousands of generated requests and updates,
 * valid, near every bound and hostile (huge strings, control characters, wrong types, nulls, unknown
 * fields, absurd dates, duplicates). Each is either accepted and valid (it re-parses, every bound holds)
 * or refused naming a field, never quoting a value; nothing crashes, nothing exits 70, and everything
 * printed is printable. Seeded: the same cases every run. Dates are generated around the real clock and
 * kept a minute or more from every bound, so the seconds a run takes decide nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/lethe';
import { InvalidRequestError } from '../../src/client/errors';
import { EMAIL_MAX, identifierKinds } from '../../src/domain/identifiers';
import { ActorSchema, AddIdentifiersInputSchema, ReasonSchema } from '../../src/domain/operator-input';
import { platformIds } from '../../src/domain/platforms';
import { isPrintable, printable } from '../../src/domain/printable';
import {
  checkRequestDates,
  describeIssues,
  type ErasureWorkflowInput,
  ErasureWorkflowInputSchema,
  type FieldIssue,
  fieldIssues,
  REQUEST_BOUNDS,
  requestBytes,
} from '../../src/domain/request';
import { lethe, progressOf, standInClient } from '../helpers/cli-harness';

const SEED = 20_261_206;
/** Cases per property; the total is reported by the last test. */
const RUNS = {
  client: 8000,
  schemas: 3000,
  addIdentifiers: 1000,
  cli: 4000,
  steering: 1500,
  output: 600,
} as const;
/** Each property's own time limit: seconds alone, more on a loaded two-core machine. */
const HEAVY_MS = 120_000;
const MIN = 60_000;
const DAY = 86_400_000;
const ID = `erasure-${'b'.repeat(64)}`;

// ---------------------------------------------------------------- generators

const CONTROL = [...'\x00\x07\x08\t\n\r\x1b\x7f\u0085\u009b\u2028\u202e'];
/** Text with terminal sequences and control characters mixed in. */
const controlText = fc
  .array(fc.oneof(fc.constantFrom(...CONTROL, '\x1b[2J', '\x1b]0;owned\x07', '\u009b31m'), fc.string()), {
    maxLength: 6,
  })
  .map((parts) => parts.join(''));
/** A string exactly at, just under or just over a length, of a given character. */
const atLength = (n: number, char = 'x') =>
  fc.constantFrom(n - 1, n, n + 1).map((k) => char.repeat(Math.max(0, k)));
const hugeText = fc.constantFrom(100_000, 300_000).map((n) => 'h'.repeat(n));
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: controlText },
  { weight: 1, arbitrary: fc.constant('   ') },
  { weight: 1, arbitrary: hugeText },
);
const wrongType = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);
const field = <T>(good: fc.Arbitrary<T>, max: number) =>
  fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 2, arbitrary: atLength(max) },
    { weight: 2, arbitrary: text },
    { weight: 1, arbitrary: wrongType },
  );

/** A local part and a domain that together reach exactly `n` characters. */
const emailOfLength = (n: number): string => {
  const local = 'a'.repeat(Math.min(64, n - 13));
  const labels = n - local.length - 5;
  const domain = Array.from({ length: Math.ceil(labels / 60) }, (_, i) =>
    'd'.repeat(Math.max(1, Math.min(60, labels - i * 61))),
  ).join('.');
  return `${local}@${domain}.com`.slice(0, n - 4).concat('.com');
};
const email = fc.oneof(
  { weight: 5, arbitrary: fc.emailAddress() },
  { weight: 2, arbitrary: fc.constantFrom(EMAIL_MAX - 1, EMAIL_MAX, EMAIL_MAX + 1, 300).map(emailOfLength) },
  { weight: 1, arbitrary: fc.constant(`${'x'.repeat(100_000)}@example.com`) },
  { weight: 2, arbitrary: text },
);
const phone = fc.oneof(
  fc.stringMatching(/^\+[1-9][0-9]{6,14}$/),
  fc.stringMatching(/^\+[1-9][0-9]{1,3} \([0-9]{3}\) [0-9]{3}-[0-9]{3,4}$/),
  fc.stringMatching(/^\+?[0-9 ().-]{0,50}$/),
  text,
);
const identifier = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('email'), value: email }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('phone'), value: phone }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom(...identifierKinds, 'passport'),
      value: field(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), 200),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom(...identifierKinds), value: wrongType }) },
  { weight: 1, arbitrary: wrongType },
);
const identifiers = fc.oneof(
  { weight: 8, arbitrary: fc.array(identifier, { minLength: 0, maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(999, 1000, 1001)
      .map((n) => Array.from({ length: n }, (_, i) => ({ kind: 'customerId', value: `c-${i}` }))),
  },
  { weight: 1, arbitrary: wrongType },
);
const systems = fc.oneof(
  fc.uniqueArray(fc.constantFrom(...platformIds), { minLength: 1 }),
  fc.array(fc.constantFrom(...platformIds, 'intercom'), { maxLength: 5 }),
  wrongType,
);

/** A date around now, a minute or more from each bound (receipt skew, deadline window); or absurd. */
const dateAround = (now: number) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .constantFrom(
          -3650 * DAY,
          -200 * DAY,
          -60 * DAY,
          -DAY,
          -MIN,
          MIN,
          4 * MIN,
          6 * MIN,
          DAY,
          30 * DAY,
          94 * DAY - MIN,
          94 * DAY + MIN,
          400 * DAY,
        )
        .map((offset) => new Date(now + offset).toISOString()),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '1900-01-01T00:00:00Z',
        '2018-05-24T23:59:00Z',
        '2018-05-25T00:00:00Z',
        '2999-12-31T23:59:59Z',
        '2026-02-30T00:00:00Z',
        '2026-01-01',
        'yesterday',
        '2026-01-01T00:00:00+14:00',
      ),
    },
    { weight: 1, arbitrary: wrongType },
  );

const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });

/** Anything in every field: mostly refused, which is the point. */
const hostileBody = (now: number) =>
  fc
    .record(
      {
        requestId: field(fc.stringMatching(/^[A-Z]{2,5}-[0-9]{1,6}$/), 200),
        subjectKey: field(fc.stringMatching(/^[a-z]{1,8}-[0-9]{1,8}$/), 500),
        identifiers,
        systems: optional(systems),
        requestedBy: field(fc.constantFrom('privacy-desk', 'dpo@controller.example'), 200),
        reason: optional(field(fc.constantFrom('Art. 17', 'customer asked\nby email'), 2000)),
        receivedAt: optional(dateAround(now)),
        options: optional(
          fc.oneof(
            {
              weight: 5,
              arbitrary: fc.record(
                { deadline: optional(dateAround(now)), dryRun: optional(fc.oneof(fc.boolean(), wrongType)) },
                { requiredKeys: [] },
              ),
            },
            { weight: 1, arbitrary: fc.oneof(fc.string(), wrongType) },
            {
              weight: 1,
              arbitrary: fc.dictionary(fc.string({ maxLength: 10 }), fc.anything({ maxDepth: 1 }), {
                maxKeys: 2,
              }),
            },
          ),
        ),
      },
      { requiredKeys: [] },
    )
    .chain((body) =>
      fc
        .option(fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 1 }), { maxKeys: 2 }), {
          freq: 8,
        })
        .map((extra) => ({ ...(extra ?? {}), ...body })),
    );

/** Valid identifiers, some at their bounds. */
const goodIdentifier = fc.oneof(
  fc.record({ kind: fc.constant('email'), value: fc.emailAddress() }),
  fc.record({
    kind: fc.constant('email'),
    value: fc.constantFrom(EMAIL_MAX - 1, EMAIL_MAX).map(emailOfLength),
  }),
  fc.record({ kind: fc.constant('phone'), value: fc.stringMatching(/^\+[1-9][0-9]{6,14}$/) }),
  fc.record({
    kind: fc.constant('phone'),
    value: fc.constantFrom('+44 (7700) 900-123', ' +1.415.555.0100 '),
  }),
  fc.record({
    kind: fc.constantFrom('name', 'address', 'customerId', 'livepersonConsumerId', 'chatbotUci'),
    value: fc.oneof(fc.stringMatching(/^[A-Za-z0-9 ._-]{1,40}$/), fc.constant('x'.repeat(200))),
  }),
  fc.record({ kind: fc.constant('address'), value: fc.constant('1 Main Street\nSpringfield') }),
);

/** A valid request, near its bounds at times, with dates a minute or more inside them. */
const goodBody = (now: number) =>
  fc
    .record(
      {
        requestId: fc.oneof(fc.stringMatching(/^[A-Z]{2,5}-[0-9]{1,6}$/), fc.constant('r'.repeat(200))),
        subjectKey: fc.oneof(fc.stringMatching(/^[a-z]{1,8}-[0-9]{1,8}$/), fc.constant('k'.repeat(500))),
        identifiers: fc.array(goodIdentifier, { minLength: 1, maxLength: 5 }),
        systems: optional(fc.uniqueArray(fc.constantFrom(...platformIds), { minLength: 1 })),
        requestedBy: fc.constantFrom('privacy-desk', 'b'.repeat(200)),
        reason: optional(fc.constantFrom('Art. 17', 'asked\nby email', 'r'.repeat(2000))),
        received: optional(fc.constantFrom(-200 * DAY, -60 * DAY, -DAY, -MIN, MIN, 4 * MIN)),
        due: optional(fc.constantFrom(MIN, DAY, 30 * DAY, 94 * DAY - MIN)),
        dryRun: optional(fc.boolean()),
      },
      { requiredKeys: ['requestId', 'subjectKey', 'identifiers', 'requestedBy'] },
    )
    .map(({ received, due, dryRun, ...rest }) => {
      const receipt = now + (received ?? 0);
      return {
        ...rest,
        ...(received !== undefined ? { receivedAt: new Date(receipt).toISOString() } : {}),
        ...(due !== undefined || dryRun !== undefined
          ? {
              options: {
                ...(due !== undefined ? { deadline: new Date(receipt + due).toISOString() } : {}),
                ...(dryRun !== undefined ? { dryRun } : {}),
              },
            }
          : {}),
      };
    });

/** A valid request with one to three of its fields replaced by hostile ones, or taken away. */
const mutatedBody = (now: number) =>
  fc
    .tuple(
      goodBody(now),
      hostileBody(now),
      fc.subarray(
        [
          'requestId',
          'subjectKey',
          'identifiers',
          'systems',
          'requestedBy',
          'reason',
          'receivedAt',
          'options',
        ],
        {
          minLength: 1,
          maxLength: 3,
        },
      ),
      fc.boolean(),
    )
    .map(([good, hostile, keys, remove]) => {
      const out: Record<string, unknown> = { ...good };
      for (const key of keys) {
        if (remove) delete out[key];
        else out[key] = (hostile as Record<string, unknown>)[key] ?? null;
      }
      return out;
    });

/** A request body as a caller might send it: valid, near a bound, slightly or wholly hostile. */
const requestBody = (now: number) =>
  fc.oneof(
    { weight: 3, arbitrary: goodBody(now) },
    { weight: 5, arbitrary: mutatedBody(now) },
    { weight: 2, arbitrary: hostileBody(now) },
  );

// ---------------------------------------------------------------- the oracle

const VOCABULARY = new Set<string>([
  ...platformIds,
  ...identifierKinds,
  'intercom',
  'passport',
  'privacy-desk',
]);

/** Every string value in an input (not keys): what a message must never quote. */
function valuesOf(input: unknown, out: string[] = []): string[] {
  if (typeof input === 'string') {
    if (input.trim().length >= 8 && !VOCABULARY.has(input)) out.push(input);
  } else if (Array.isArray(input)) for (const v of input) valuesOf(v, out);
  else if (input && typeof input === 'object') for (const v of Object.values(input)) valuesOf(v, out);
  return out;
}

const FIELD = /^(\(input\)|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*)$/;

/** A refusal: each issue names a field path and quotes no value of the input. */
function expectNamedRefusal(issues: readonly FieldIssue[], input: unknown): void {
  expect(issues.length).toBeGreaterThan(0);
  const said = describeIssues(issues);
  for (const issue of issues) expect(issue.field).toMatch(FIELD);
  for (const value of valuesOf(input)) {
    expect(said.includes(value), `message quotes a value: ${said.slice(0, 200)}`).toBe(false);
    expect(said.toLowerCase().includes(value.trim().toLowerCase())).toBe(false);
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: checking for control characters is the point.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: checking for control characters is the point.
const CONTROL_BUT_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** An accepted request's workflow input: it re-parses to itself, and every bound holds. */
function expectValidInput(input: ErasureWorkflowInput, request: object, now: number): void {
  const again = ErasureWorkflowInputSchema.safeParse(input);
  expect(again.success).toBe(true);
  expect(again.data).toEqual(input);
  expect(requestBytes(request)).toBeLessThanOrEqual(REQUEST_BOUNDS.maxBytes * 4); // raw, before trimming
  const { timing: _t, governors: _g, platformClock: _p, subjectRef: _s, ...carried } = input;
  expect(requestBytes(carried)).toBeLessThanOrEqual(REQUEST_BOUNDS.maxBytes);
  expect(input.requestId.length).toBeGreaterThan(0);
  expect(input.requestId.length).toBeLessThanOrEqual(200);
  expect(input.requestedBy.length).toBeLessThanOrEqual(200);
  expect((input.reason ?? '').length).toBeLessThanOrEqual(2000);
  for (const t of [input.requestId, input.requestedBy]) expect(CONTROL_CHARS.test(t)).toBe(false);
  expect(CONTROL_BUT_BREAKS.test(input.reason ?? '')).toBe(false);
  expect(new Set(input.systems).size).toBe(input.systems.length);
  expect(input.identifiers.length).toBeGreaterThan(0);
  expect(input.identifiers.length).toBeLessThanOrEqual(1000);
  for (const id of input.identifiers) {
    if (id.kind === 'email') {
      expect(id.value.length).toBeLessThanOrEqual(EMAIL_MAX);
      expect(id.value).toContain('@');
    } else if (id.kind === 'phone') expect(id.value).toMatch(/^\+[1-9]\d{6,14}$/);
    else {
      expect(id.value.length).toBeGreaterThan(0);
      expect(id.value.length).toBeLessThanOrEqual(200);
      expect((id.kind === 'address' ? CONTROL_BUT_BREAKS : CONTROL_CHARS).test(id.value)).toBe(false);
    }
  }
  const received = input.receivedAt === undefined ? now : Date.parse(input.receivedAt);
  if (input.receivedAt !== undefined) {
    expect(received).toBeGreaterThanOrEqual(Date.parse(REQUEST_BOUNDS.earliestReceipt));
    expect(received).toBeLessThanOrEqual(now + REQUEST_BOUNDS.clockSkewMs + MIN);
  }
  if (input.options?.deadline !== undefined) {
    const due = Date.parse(input.options.deadline);
    expect(due).toBeGreaterThan(received - MIN);
    expect(due - received).toBeLessThanOrEqual(REQUEST_BOUNDS.maxDeadlineAfterReceiptMs + MIN);
  }
}

const counted = { cases: 0 };
const params = (numRuns: number) => {
  counted.cases += numRuns;
  return { seed: SEED, numRuns, endOnFailure: true };
};

// ---------------------------------------------------------------- properties

describe('fuzz: the client’s validation (prepare, then checkRequestDates)', { timeout: HEAVY_MS }, () => {
  it('accepts a request only when it is valid, and otherwise names the field without quoting a value', () => {
    const now = Date.now();
    const { client } = standInClient();
    let accepted = 0;
    fc.assert(
      fc.property(requestBody(now), (body) => {
        let prepared: ReturnType<typeof client.prepare>;
        try {
          prepared = client.prepare(body as Parameters<typeof client.prepare>[0]);
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidRequestError);
          expectNamedRefusal((err as InvalidRequestError).issues, body);
          return;
        }
        const dates = checkRequestDates(prepared.input, new Date(now));
        if (dates.length > 0) {
          expectNamedRefusal(dates, body);
          expect(dates.map((i) => i.field).every((f) => f === 'receivedAt' || f === 'options.deadline')).toBe(
            true,
          );
          return;
        }
        accepted += 1;
        expectValidInput(prepared.input, body, now);
      }),
      params(RUNS.client),
    );
    // The generators reach both sides: a fuzz that refuses everything proves nothing.
    expect(accepted).toBeGreaterThan(RUNS.client / 20);
  });

  it('by, reason and added identifiers: operator-input schemas accept what is valid, refuse naming the field', () => {
    fc.assert(
      fc.property(
        field(fc.constantFrom('dpo', 'agent-7'), 200),
        field(fc.constant('litigation'), 2000),
        identifiers,
        (by, reason, ids) => {
          for (const [schema, value] of [
            [ActorSchema, by],
            [ReasonSchema, reason],
          ] as const) {
            const parsed = schema.safeParse(value);
            if (parsed.success) {
              expect(parsed.data.length).toBeGreaterThan(0);
              expect(parsed.data.length).toBeLessThanOrEqual(schema === ActorSchema ? 200 : 2000);
            } else expectNamedRefusal(fieldIssues(parsed.error), { value });
          }
          const update = AddIdentifiersInputSchema.safeParse({ identifiers: ids, by });
          if (!update.success) expectNamedRefusal(fieldIssues(update.error), { ids, by });
          else expect(update.data.identifiers.length).toBeLessThanOrEqual(1000);
        },
      ),
      params(RUNS.schemas),
    );
  });

  it('client.addIdentifiers refuses an invalid list naming identifiers.N before sending anything', async () => {
    const { client } = standInClient();
    await fc.assert(
      fc.asyncProperty(identifiers, async (ids) => {
        try {
          await client.addIdentifiers(ID, ids as never, 'dpo');
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidRequestError);
          expectNamedRefusal((err as InvalidRequestError).issues, ids);
          for (const issue of (err as InvalidRequestError).issues)
            expect(issue.field).toMatch(/^identifiers/);
        }
      }),
      params(RUNS.addIdentifiers),
    );
  });
});

/** What the CLI may say when it refuses a request: a field, or what is wrong with the body. */
const CLI_REFUSAL =
  /^error: (invalid erasure request: .+|request on standard input (must be a JSON object|is not valid JSON|is larger than 1 MiB|: (options must be an object|identifiers must be a list))|request on standard input: (options must be an object|identifiers must be a list)|--system must be one of .+|--identifier must be .+)$/;

describe('fuzz: lethe erase in-process, the body on standard input', { timeout: HEAVY_MS }, () => {
  const bodies = (now: number) =>
    fc.oneof(
      { weight: 8, arbitrary: requestBody(now).map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.oneof(fc.string(), controlText, fc.json()) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(1_048_576, 2_500_000).map((n) => `{"reason":"${'r'.repeat(n)}"}`),
      },
    );
  const flags = fc
    .subarray(['--dry-run', '--json', '--system', 'genesys', '--system', 'genesys'])
    .map((f) =>
      f
        .filter((x, i, all) => x !== 'genesys' || all[i - 1] === '--system')
        .filter((x, i, all) => x !== '--system' || all[i + 1] === 'genesys'),
    );

  it('exits 0 with a valid start, or 2 naming the field; never 70, never a value, every line printable', async () => {
    const now = Date.now();
    let started = 0;
    await fc.assert(
      fc.asyncProperty(bodies(now), flags, async (stdin, extra) => {
        const run = await lethe(['erase', '--file', '-', ...extra], { stdin });
        expect([EXIT.ok, EXIT.usage]).toContain(run.code);
        for (const line of [...run.out, ...run.err]) expect(isPrintable(line)).toBe(true);
        let body: unknown;
        try {
          body = JSON.parse(stdin);
        } catch {
          body = stdin;
        }
        if (run.code === EXIT.usage) {
          expect(run.err).toHaveLength(1);
          expect(run.err[0]).toMatch(CLI_REFUSAL);
          const said = run.err[0] ?? '';
          for (const value of valuesOf(body)) expect(said.includes(printable(value))).toBe(false);
          expect(run.started).toEqual([]);
          return;
        }
        started += 1;
        expect(run.started).toHaveLength(1);
        expectValidInput(run.started[0] as ErasureWorkflowInput, body as object, now);
        if (extra.includes('--dry-run')) expect(run.started[0]?.options?.dryRun).toBe(true);
      }),
      params(RUNS.cli),
    );
    expect(started).toBeGreaterThan(RUNS.cli / 20);
  });

  it('steering: by, reason and identifiers from flags exit 0 or 2, never 70, and never echo a value', async () => {
    const flagText = fc
      .oneof(field(fc.constantFrom('dpo', 'litigation'), 200), fc.constant('r'.repeat(2001)))
      .map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('cancel', 'hold', 'release', 'retry', 'add-identifiers'),
        flagText,
        flagText,
        fc.array(
          fc.tuple(fc.constantFrom('--email', '--phone', '--identifier'), fc.oneof(email, phone, text)),
          { minLength: 1, maxLength: 3 },
        ),
        async (command, by, reason, ids) => {
          const argv =
            command === 'add-identifiers'
              ? [command, ID, ...ids.flat(), '--by', by]
              : command === 'retry'
                ? [command, ID, '--by', by]
                : [command, ID, '--by', by, '--reason', reason];
          const run = await lethe(argv);
          expect([EXIT.ok, EXIT.usage]).toContain(run.code);
          for (const line of [...run.out, ...run.err]) expect(isPrintable(line)).toBe(true);
          if (run.code === EXIT.usage) {
            expect(run.connects).toBe(0);
            const said = run.err.join('\n');
            for (const value of valuesOf([by, reason, ...ids.map(([, v]) => v)]))
              expect(said.includes(printable(value))).toBe(false);
          }
        },
      ),
      params(RUNS.steering),
    );
  });
});

describe('fuzz: what lethe prints from an erasure’s data', { timeout: HEAVY_MS }, () => {
  it('status and watch print only printable lines, one per line, whatever the strings hold', async () => {
    await fc.assert(
      fc.asyncProperty(
        text,
        text,
        text,
        fc.constantFrom('RUNNING', 'COMPLETED', 'CANCELLED', 'TERMINATED'),
        async (requestId, reason, message, execution) => {
          const progress = progressOf({
            requestId,
            phase: execution === 'RUNNING' ? 'on_hold' : 'cancelled',
            holds: [
              {
                by: reason,
                reason,
                placedAt: '2026-11-20T00:00:00.000Z',
                withdrawn: [],
                notWithdrawable: [],
              },
            ],
            lastError: { at: '2026-11-20T00:00:00.000Z', platform: 'genesys', type: message, message },
            ...(execution === 'RUNNING'
              ? {}
              : {
                  cancellation: {
                    by: message,
                    reason,
                    at: '2026-11-20T00:00:00.000Z',
                    via: 'signal' as const,
                    submitted: [],
                  },
                }),
          });
          // watch follows a running erasure forever: it is fuzzed on ended ones.
          const commands = [
            ['status', ID],
            ['status', ID, '--json'],
            ...(execution === 'RUNNING'
              ? []
              : [
                  ['watch', ID],
                  ['watch', ID, '--json'],
                ]),
          ];
          for (const argv of commands) {
            const run = await lethe(argv, { answers: { progress, execution } });
            expect(run.code).not.toBe(EXIT.internal);
            for (const line of [...run.out, ...run.err]) {
              expect(isPrintable(line)).toBe(true);
              expect(line).not.toContain('\n');
            }
            if (argv.includes('--json')) for (const line of run.out) expect(JSON.parse(line)).toBeTruthy();
          }
        },
      ),
      params(RUNS.output),
    );
  });

  it(`ran ${Object.values(RUNS).reduce((a, b) => a + b, 0)} generated cases in all`, () => {
    expect(counted.cases).toBe(Object.values(RUNS).reduce((a, b) => a + b, 0));
  });
});
