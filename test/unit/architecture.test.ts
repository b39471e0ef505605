import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, sourceGraph } from '../helpers/import-graph';

const root = resolve(__dirname, '..', '..');

describe('the layout of src/', () => {
  it('has no import cycle, type-only imports included', () => {
    expect(importCycles(sourceGraph(root, 'src'))).toEqual([]);
  });

  it('finds a cycle where there is one (the check works)', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
