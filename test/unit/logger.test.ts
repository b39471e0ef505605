/**
 * Logger (src/ops/logger.ts): JSON lines in which identifier and credential fields (email, phone,
 * identifiers, clientSecret, authorization, ...) come out as '[redacted]', at the top level and one
 * level down, while ids and counts stay readable.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/ops/logger';

/** A destination that keeps every line pino writes. */
function collector() {
  const lines: string[] = [];
  return {
    lines,
    stream: { write: (s: string) => void lines.push(s) },
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const PERSONAL = {
  email: 'jane.doe@example.com',
  phone: '+447700900123',
  identifiers: [{ kind: 'email', value: 'jane.doe@example.com' }],
  clientSecret: 'cs-Zq8vX2pL9wK4',
  authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.tok',
};
const RAW_VALUES = ['jane.doe@example.com', '+447700900123', 'cs-Zq8vX2pL9wK4', 'eyJhbGciOiJIUzI1NiJ9'];

describe('createLogger', () => {
  it('redacts personal and credential fields at the top level', () => {
    const out = collector();
    createLogger('info', out.stream).info({ ...PERSONAL, requestId: 'req-1', count: 3 }, 'submitted');
    const [record] = out.records();
    expect(record).toMatchObject({
      email: '[redacted]',
      phone: '[redacted]',
      identifiers: '[redacted]',
      clientSecret: '[redacted]',
      authorization: '[redacted]',
      requestId: 'req-1',
      count: 3,
      msg: 'submitted',
      service: 'lethe',
    });
    for (const value of RAW_VALUES) expect(out.lines.join('')).not.toContain(value);
  });

  it('redacts the same fields one level down', () => {
    const out = collector();
    createLogger('info', out.stream).warn({
      subject: { ...PERSONAL, ref: 'abc' },
      headers: { authorization: 'Basic dXNlcjpwdw==' },
    });
    const [record] = out.records();
    expect(record?.subject).toEqual({
      email: '[redacted]',
      phone: '[redacted]',
      identifiers: '[redacted]',
      clientSecret: '[redacted]',
      authorization: '[redacted]',
      ref: 'abc',
    });
    expect(record?.headers).toEqual({ authorization: '[redacted]' });
    for (const value of [...RAW_VALUES, 'dXNlcjpwdw==']) expect(out.lines.join('')).not.toContain(value);
  });

  it('redacts the other listed fields too (tokens, passwords, names, free text)', () => {
    const out = collector();
    createLogger('info', out.stream).info({
      accessToken: 'at-123',
      password: 'pw-123',
      name: 'Jane Doe',
      text: 'my address is 1 High St',
      nested: { token: 'tk-123', subjectKey: 'customer-42', value: 'v-123' },
    });
    const line = out.lines.join('');
    for (const value of ['at-123', 'pw-123', 'Jane Doe', '1 High St', 'tk-123', 'customer-42', 'v-123']) {
      expect(line).not.toContain(value);
    }
    expect(out.records()[0]?.nested).toEqual({
      token: '[redacted]',
      subjectKey: '[redacted]',
      value: '[redacted]',
    });
  });

  it('writes only at or above its level', () => {
    const out = collector();
    const logger = createLogger('warn', out.stream);
    logger.info('hidden');
    logger.debug('hidden');
    logger.error({ requestId: 'r' }, 'shown');
    expect(out.records().map((r) => r.msg)).toEqual(['shown']);
    expect(out.records()[0]?.level).toBe(50);
  });

  it('writes nothing when silent', () => {
    const out = collector();
    createLogger('silent', out.stream).error({ email: PERSONAL.email }, 'x');
    expect(out.lines).toEqual([]);
  });
});
