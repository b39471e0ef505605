import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { platformIds } from '../../src/domain/platforms';
import { filesNaming, importCycles, sourceGraph, withoutComments } from '../helpers/import-graph';

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

  // A platform is its folders (src/connectors/<id>/, src/simulator/<id>/) and one line in the list of
  // platforms: no other file of the product names it (comments aside).
  it.each(platformIds)('names %s outside its own folders only in the list of platforms', (platform) => {
    expect(filesNaming(root, platform)).toEqual(['src/domain/platforms.ts']);
  });

  it('counts a file that names a platform (the check works)', () => {
    const platform = platformIds[0];
    expect(withoutComments(`// ${platform}\nconst x = 1;`)).not.toContain(platform);
    expect(withoutComments(`const p = '${platform}'; // note`)).toContain(platform);
  });
});
