/** What a soak run measured: counts only, never an identifier. */
export interface SoakFigures {
  readonly subjects: number;
  /** Erasures that ended `completed`. */
  readonly completed: number;
  /** Erasures that ended otherwise: incomplete, cancelled, failed, terminated. */
  readonly endedOtherwise: number;
  /** Erasures still running when the bound was reached. */
  readonly stuck: number;
  /** Records on the simulators still holding a subject's personal data at the end. */
  readonly recordsLeft: number;
  /** Subjects all of whose bystanders' data is still there. */
  readonly bystandersIntact: number;
  /**
   * Deletion requests created again for the same records: the same records (LivePerson) or the same
   * request name (Genesys) as an earlier request, per the simulators' journals, and chatbot deletes
   * beyond those the erasures asked for.
   */
  readonly duplicateCreates: number;
  /**
   * Creates asking for nothing an earlier, different request does not already do (journaled
   * `overlaps`): redundant work for the platform, reported, not judged (see docs/soak.md).
   */
  readonly redundantRequests: number;
  /** WorkflowTaskFailed events in every run of the erasures' and the governors' histories. */
  readonly workflowTaskFailures: number;
  /** Platform calls the simulators journaled as breaking a rule of their contract. */
  readonly contractViolations: number;
  /** Worker processes that exited without being killed by the soak. */
  readonly unexpectedWorkerExits: number;
  /** SIGKILLs sent to worker processes. */
  readonly kills: number;
  /** Platform calls answered with an injected fault (500, malformed body, no answer). */
  readonly injectedFaults: number;
  /** From the first erasure's start to the last one's end (or the bound). */
  readonly durationS: number;
}

/** One printed figure: its name, where it comes from in the figures, and what it must be (if anything). */
interface FigureSpec {
  readonly name: string;
  readonly value: (f: SoakFigures) => number;
  readonly expected?: (f: SoakFigures) => number;
  readonly note: string;
}

const SPECS: readonly FigureSpec[] = [
  { name: 'subjects', value: (f) => f.subjects, note: 'data subjects seeded and erased' },
  { name: 'kills', value: (f) => f.kills, note: 'worker processes killed with SIGKILL' },
  { name: 'injected_faults', value: (f) => f.injectedFaults, note: 'platform calls answered with a fault' },
  {
    name: 'erasures_completed',
    value: (f) => f.completed,
    expected: (f) => f.subjects,
    note: 'erasures ended completed',
  },
  {
    name: 'erasures_ended_otherwise',
    value: (f) => f.endedOtherwise,
    expected: () => 0,
    note: 'erasures ended incomplete, cancelled, failed or terminated',
  },
  {
    name: 'erasures_stuck',
    value: (f) => f.stuck,
    expected: () => 0,
    note: 'erasures not finished within the bound',
  },
  {
    name: 'records_left',
    value: (f) => f.recordsLeft,
    expected: () => 0,
    note: "records still holding a subject's data",
  },
  {
    name: 'bystanders_intact',
    value: (f) => f.bystandersIntact,
    expected: (f) => f.subjects,
    note: "subjects whose bystanders' data is intact",
  },
  {
    name: 'duplicate_creates',
    value: (f) => f.duplicateCreates,
    expected: () => 0,
    note: 'deletion requests created again for the same records',
  },
  {
    name: 'redundant_requests',
    value: (f) => f.redundantRequests,
    note: 'creates asking for nothing an earlier request does not already do (not judged)',
  },
  {
    name: 'workflow_task_failures',
    value: (f) => f.workflowTaskFailures,
    expected: () => 0,
    note: "WorkflowTaskFailed events in the erasures' and governors' histories",
  },
  {
    name: 'contract_violations',
    value: (f) => f.contractViolations,
    expected: () => 0,
    note: "platform calls that broke a rule of their platform's contract",
  },
  {
    name: 'worker_exits_unexpected',
    value: (f) => f.unexpectedWorkerExits,
    expected: () => 0,
    note: 'worker processes that exited without being killed',
  },
  { name: 'duration_s', value: (f) => f.durationS, note: 'seconds from the first start to the last end' },
];

/** The verdict: every figure with an expected value has it. */
export interface SoakVerdict {
  readonly pass: boolean;
  /** `name: value, expected N` for each figure that is off. */
  readonly failures: readonly string[];
}

export function verdictOf(figures: SoakFigures): SoakVerdict {
  const failures = SPECS.flatMap((s) => {
    if (!s.expected) return [];
    const value = s.value(figures);
    const expected = s.expected(figures);
    return value === expected ? [] : [`${s.name}: ${value}, expected ${expected}`];
  });
  return { pass: failures.length === 0, failures };
}

/** One line per figure, `soak.<name> <value> <note>`, then the verdict; as `npm run bench` prints. */
export function figureLines(figures: SoakFigures): string[] {
  const lines = SPECS.map((s) => {
    const expected = s.expected ? ` (expected ${s.expected(figures)})` : '';
    return `soak.${s.name} ${s.value(figures)} ${s.note}${expected}`;
  });
  const verdict = verdictOf(figures);
  lines.push(`soak.pass ${verdict.pass ? 1 : 0} ${verdict.pass ? 'every figure as expected' : 'FAILED'}`);
  return lines;
}

/** The same as one flat JSON object keyed by figure name, with `pass` and the failures. */
export function figureJson(figures: SoakFigures): Record<string, number | boolean | string[]> {
  const verdict = verdictOf(figures);
  return {
    ...Object.fromEntries(SPECS.map((s) => [s.name, s.value(figures)])),
    pass: verdict.pass,
    failures: [...verdict.failures],
  };
}
