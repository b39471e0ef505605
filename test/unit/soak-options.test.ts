import { describe, expect, it } from 'vitest';
import { DEFAULT_SOAK_OPTIONS, parseSoakArgs, SoakUsageError } from '../../soak/options';

describe('soak flags', () => {
  it('defaults to the issue: 100 subjects, 50 kills, 5 % 5xx, 3 % malformed, 2 % timeouts', () => {
    expect(parseSoakArgs([])).toEqual(DEFAULT_SOAK_OPTIONS);
    expect(DEFAULT_SOAK_OPTIONS).toMatchObject({
      subjects: 100,
      kills: 50,
      errorRate: 0.05,
      malformedRate: 0.03,
      timeoutRate: 0.02,
      json: false,
    });
  });

  it('reads `--flag value` and `--flag=value`', () => {
    expect(
      parseSoakArgs(['--subjects', '10', '--kills=5', '--seed', '7', '--timeout-s', '300', '--json']),
    ).toEqual({ ...DEFAULT_SOAK_OPTIONS, subjects: 10, kills: 5, seed: 7, timeoutS: 300, json: true });
    expect(parseSoakArgs(['--day-ms', '250', '--kill-every-s=2.5', '--error-rate', '0'])).toMatchObject({
      dayMs: 250,
      killEveryS: 2.5,
      errorRate: 0,
    });
  });

  it.each([
    [['--subjects'], '--subjects needs a value'],
    [['--subjects', '0'], '--subjects must be between 1 and 10000'],
    [['--subjects', '1.5'], '--subjects must be a whole number'],
    [['--kills', 'many'], '--kills must be a whole number'],
    [['--day-ms', '50'], '--day-ms must be between 100 and 5000'],
    [['--error-rate', '2'], '--error-rate must be between 0 and 1'],
    [['--subject', '3'], 'unknown argument "--subject"'],
    [['--error-rate', '0.5', '--malformed-rate', '0.4', '--timeout-rate', '0.2'], 'add up to more than 1'],
    [['--workers', '1'], '--workers must be at least 2 when --kills is more than 0'],
  ])('refuses %j naming the flag', (argv, message) => {
    expect(() => parseSoakArgs(argv)).toThrow(SoakUsageError);
    expect(() => parseSoakArgs(argv)).toThrow(message);
  });

  it('runs one worker when nothing is killed', () => {
    expect(parseSoakArgs(['--workers', '1', '--kills', '0'])).toMatchObject({ workers: 1, kills: 0 });
  });
});
