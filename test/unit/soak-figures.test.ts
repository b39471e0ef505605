import { describe, expect, it } from 'vitest';
import { chatbotRepeats, journalFigures } from '../../soak/collect';
import { figureJson, figureLines, type SoakFigures, verdictOf } from '../../soak/figures';
import type { JournalEntry } from '../../src/simulator/kit/journal';

const good: SoakFigures = {
  subjects: 100,
  completed: 100,
  endedOtherwise: 0,
  stuck: 0,
  recordsLeft: 0,
  bystandersIntact: 100,
  duplicateCreates: 0,
  redundantRequests: 37,
  workflowTaskFailures: 0,
  contractViolations: 0,
  unexpectedWorkerExits: 0,
  kills: 50,
  injectedFaults: 1234,
  durationS: 600,
};

describe('the soak verdict', () => {
  it('passes when every erasure completed, nothing is left and nothing else happened', () => {
    expect(verdictOf(good)).toEqual({ pass: true, failures: [] });
  });

  it.each([
    [{ completed: 99, stuck: 1 }, ['erasures_completed: 99, expected 100', 'erasures_stuck: 1, expected 0']],
    [
      { completed: 99, endedOtherwise: 1 },
      ['erasures_completed: 99, expected 100', 'erasures_ended_otherwise: 1, expected 0'],
    ],
    [{ recordsLeft: 3 }, ['records_left: 3, expected 0']],
    [{ bystandersIntact: 99 }, ['bystanders_intact: 99, expected 100']],
    [{ duplicateCreates: 1 }, ['duplicate_creates: 1, expected 0']],
    [{ workflowTaskFailures: 2 }, ['workflow_task_failures: 2, expected 0']],
    [{ contractViolations: 1 }, ['contract_violations: 1, expected 0']],
    [{ unexpectedWorkerExits: 1 }, ['worker_exits_unexpected: 1, expected 0']],
  ] as const)('fails on %j, naming each figure that is off', (change, failures) => {
    expect(verdictOf({ ...good, ...change })).toEqual({ pass: false, failures });
  });

  it('judges neither the redundant requests, the faults, the kills nor the duration', () => {
    expect(
      verdictOf({ ...good, redundantRequests: 500, injectedFaults: 0, kills: 0, durationS: 5 }).pass,
    ).toBe(true);
  });
});

describe('the printed figures', () => {
  it('prints one `soak.<name> <value> <note>` line per figure, then the verdict', () => {
    const lines = figureLines({ ...good, recordsLeft: 2 });
    for (const line of lines) expect(line).toMatch(/^soak\.[a-z_]+ \d+ \S/);
    expect(lines).toContain("soak.records_left 2 records still holding a subject's data (expected 0)");
    expect(lines.at(-1)).toBe('soak.pass 0 FAILED');
    expect(figureLines(good).at(-1)).toBe('soak.pass 1 every figure as expected');
  });

  it('gives the same figures as one flat JSON object with the verdict', () => {
    const json = figureJson({ ...good, duplicateCreates: 1 });
    expect(json).toMatchObject({
      subjects: 100,
      erasures_completed: 100,
      duplicate_creates: 1,
      redundant_requests: 37,
      pass: false,
      failures: ['duplicate_creates: 1, expected 0'],
    });
    expect(Object.keys(json)).toHaveLength(figureLines(good).length + 1);
  });
});

const entry = (e: Partial<JournalEntry>): JournalEntry => ({
  seq: 1,
  at: '2026-01-01T00:00:00.000Z',
  method: 'GET',
  path: '/x',
  status: 200,
  violations: [],
  ...e,
});

describe('what the journals say', () => {
  it('counts repeats, overlaps, broken rules and injected faults, and logs no id', () => {
    const figures = journalFigures([
      [
        entry({
          method: 'POST',
          path: '/api/account/123/personal-data-deletion',
          status: 201,
          repeatOf: '127001',
        }),
        entry({ fault: 'error', status: 500 }),
        entry({ fault: 'lost_answer', status: 201 }),
      ],
      [
        entry({ method: 'POST', path: '/api/v2/gdpr/requests', status: 202, overlaps: 'f00' }),
        entry({
          path: '/api/v2/gdpr/subjects?searchType=EMAIL&searchValue=ada%40example.com',
          status: 429,
          violations: ['called too early'],
        }),
        entry({ fault: 'timeout', status: 0 }),
      ],
      [],
    ]);
    expect(figures).toMatchObject({ repeats: 1, overlaps: 1, violations: 1, faults: 2 });
    expect(figures.details).toEqual([
      'repeated create: POST /api/account/{id}/personal-data-deletion → 201',
      'broken rule: GET /api/v2/gdpr/subjects → 429',
      'redundant creates: 1 × POST /api/v2/gdpr/requests',
    ]);
  });

  it('counts chatbot deletes beyond those the erasures sent, per chatter', () => {
    const accepted = [
      { uciValue: 'a' },
      { uciValue: 'a' },
      { uciValue: 'a' },
      { uciValue: 'b' },
      { uciValue: 'c' },
    ];
    // a: two sent, three accepted (one repeated); b: one and one; c: no result (stuck), not judged.
    expect(
      chatbotRepeats(
        accepted,
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ),
    ).toBe(1);
    expect(
      chatbotRepeats(
        accepted,
        new Map([
          ['a', 3],
          ['b', 2],
        ]),
      ),
    ).toBe(0);
  });
});
