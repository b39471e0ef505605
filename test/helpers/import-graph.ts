import { existsSync, readdirSync, readFileSync } from 'node:fs';
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

// Every relative import, type-only ones included: a cycle through types is still a cycle in the design.
const ANY_IMPORT = /(?:\bfrom|^\s*import|\brequire\(|\bimport\()\s*['"](\.{1,2}\/[^'"]+)['"]/gm;

/** Every TypeScript file under `folder` with the files it imports (relative to `root`). */
export function sourceGraph(root: string, folder: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts')) {
        const targets = [...readFileSync(path, 'utf8').matchAll(ANY_IMPORT)]
          .map((m) => resolveSource(path, m[1] as string))
          .filter((t): t is string => t !== undefined)
          .map((t) => relative(root, t));
        graph.set(relative(root, path), targets);
      }
    }
  };
  visit(resolve(root, folder));
  return graph;
}

/** The import cycles of a graph: each strongly connected group of two or more files (Tarjan). */
export function importCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      for (;;) {
        const w = stack.pop() as string;
        onStack.delete(w);
        group.push(w);
        if (w === v) break;
      }
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return cycles;
}

/** Source text without its comments (line and block), strings kept: what the code itself says. */
export function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/**
 * The files under `src/` outside a platform's own folders (`src/connectors/<id>/`, `src/simulator/<id>/`)
 * whose code (comments aside) names the platform.
 */
export function filesNaming(root: string, platform: string): string[] {
  const named: string[] = [];
  const own = [`src/connectors/${platform}/`, `src/simulator/${platform}/`];
  const pattern = new RegExp(platform, 'i');
  for (const file of sourceGraph(root, 'src').keys()) {
    if (own.some((folder) => file.startsWith(folder))) continue;
    if (pattern.test(withoutComments(readFileSync(join(root, file), 'utf8')))) named.push(file);
  }
  return named.sort();
}
