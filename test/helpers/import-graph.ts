import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** What a module loads when it runs: the source files it reaches and the packages they name. */
export interface ImportReach {
  /** Source files reached, relative to the repository root (e.g. `src/config.ts`). */
  readonly files: string[];
  /** Package names imported by any of them (`undici`, `@temporalio/client`, `node:fs`). */
  readonly packages: string[];
}

// Statements that load a module at run time. `import type` / `export type` are erased by the compiler
// and are left out; `import { type A, b }` still loads the module, so it counts.
const LOADS = [
  /^\s*import\s+(?!type\s)[^'";]*?from\s*['"]([^'"]+)['"]/gm,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /^\s*export\s+(?!type\s)[^'";]*?from\s*['"]([^'"]+)['"]/gm,
  /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
];

function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(candidate) && candidate.match(/\.[cm]?[jt]s$/)) return candidate;
  }
  return undefined;
}

const packageName = (specifier: string): string =>
  specifier.startsWith('@')
    ? specifier.split('/').slice(0, 2).join('/')
    : (specifier.split('/')[0] ?? specifier);

/** Follows every run-time import from `entry` (a path under `root`) through the TypeScript sources. */
export function importReach(root: string, entry: string): ImportReach {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const pending = [resolve(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const pattern of LOADS) {
      for (const match of text.matchAll(pattern)) {
        const specifier = match[1] as string;
        if (specifier.startsWith('.')) {
          const target = resolveSource(file, specifier);
          if (!target)
            throw new Error(`${relative(root, file)} imports ${specifier}, which does not resolve`);
          pending.push(target);
        } else {
          packages.add(specifier.startsWith('node:') ? specifier : packageName(specifier));
        }
      }
    }
  }
  return {
    files: [...seen].map((f) => relative(root, f)).sort(),
    packages: [...packages].sort(),
  };
}
