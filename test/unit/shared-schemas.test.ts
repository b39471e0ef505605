/**
 * Shared schemas (src/domain/shared-schemas.ts): one schema per key for the whole process (a workflow
 * evaluating a module again gets the same instance), a key built from other code refused, and no
 * module-level schema left outside the registry in the modules a workflow loads (each would be built
 * again for every cached workflow).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IdentifierSchema } from '../../src/domain/identifiers';
import { sharedSchema } from '../../src/domain/shared-schemas';

describe('sharedSchema', () => {
  it('builds once per key and hands every later caller the same schema', () => {
    let builds = 0;
    const build = () => {
      builds++;
      return z.object({ n: z.number().int() });
    };
    const first = sharedSchema('test/once', build);
    const again = sharedSchema('test/once', build);
    expect(again).toBe(first);
    expect(builds).toBe(1);
    expect(again.safeParse({ n: 1.5 }).success).toBe(false);
  });

  it('refuses one key for two different schemas, naming the key', () => {
    sharedSchema('test/twice', () => z.string());
    expect(() => sharedSchema('test/twice', () => z.number())).toThrow(
      'the shared schema test/twice is defined twice',
    );
  });

  it('checks emails against a pattern of its own, the same as zod’s', () => {
    const parsed = IdentifierSchema.safeParse({ kind: 'email', value: ' Ada@Example.ORG ' });
    expect(parsed.success && parsed.data.value).toBe('ada@example.org');
    expect(IdentifierSchema.safeParse({ kind: 'email', value: 'not-an-email' }).success).toBe(false);
  });
});

describe('modules a workflow loads', () => {
  const domain = join(__dirname, '..', '..', 'src', 'domain');
  it('declare no schema at module level outside sharedSchema', () => {
    const offenders: string[] = [];
    for (const file of readdirSync(domain).filter((f) => f.endsWith('.ts'))) {
      const lines = readFileSync(join(domain, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (/^(export )?const \w+(: [^=]+)? = (z\b|\{$)/.test(line) && !/sharedSchema\(/.test(line)) {
          const next = lines.slice(i, i + 4).join('\n');
          if (/\bz\./.test(next) || /= z$/.test(line)) offenders.push(`${file}:${i + 1}`);
        }
      });
    }
    expect(offenders).toEqual([]);
  });
});
