import pino, { type Logger } from 'pino';

/**
 * Fields that may hold personal data or credentials, wherever they appear in a log object. Lethe
 * logs ids and counts, never values; this is the net under that rule.
 */
export const REDACTED_PATHS = [
  'email',
  'phone',
  'name',
  'value',
  'values',
  'identifiers',
  'subjectKey',
  'customerId',
  'address',
  'uciValue',
  'uci_value',
  'firstName',
  'lastName',
  'text',
  'authorization',
  'password',
  'secret',
  'clientSecret',
  'token',
  'accessToken',
  '*.email',
  '*.phone',
  '*.name',
  '*.value',
  '*.values',
  '*.identifiers',
  '*.subjectKey',
  '*.customerId',
  '*.address',
  '*.uciValue',
  '*.uci_value',
  '*.firstName',
  '*.lastName',
  '*.text',
  '*.authorization',
  '*.password',
  '*.secret',
  '*.clientSecret',
  '*.token',
  '*.accessToken',
  'headers.authorization',
  'req.headers.authorization',
];

/** The process logger: JSON lines, identifier and credential fields redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'lethe' } },
    destination,
  );
}

export type { Logger };
