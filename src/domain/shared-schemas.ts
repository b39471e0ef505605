import { z } from 'zod';
import { util } from 'zod/v4/core';

/**
 * Schemas built once per process and shared, also by every workflow a worker runs.
 *
 * The SDK evaluates a workflow bundle's modules once per workflow, so each cached workflow held its
 * own zod (0.5 MB of heap) and its own copy of every schema (about 10 KB each): 1.4 MB per cached
 * erasure, against 0.07 MB for a trivial workflow. This module is loaded once per worker (the bundle's
 * `preloadModules`), and with it zod, which every workflow then shares.
 *
 * The SDK deep-freezes what is loaded that way, so that no workflow leaves state for another. zod
 * writes to its schemas as they are used (methods built on first read, a regex's `lastIndex` reset on
 * every check), which a frozen schema refuses; so the schemas live in a map the freeze cannot reach,
 * and zod's own lazy settings are settled below, before the freeze. What zod shares then is read only:
 * its settings, its functions and the regexes behind its formats (a format checked against one of those
 * would throw on a frozen `lastIndex`: schemas here give their own pattern, as `email` does).
 *
 * Sharing is sound because a schema holds no workflow's data and answers the same for every workflow;
 * whichever workflow builds one first, its code is the same. One key names one schema: the same key
 * built from different code is a defect, thrown where it happens.
 */
const built = new Map<string, { readonly source: string; readonly schema: unknown }>();

/** The schema under `key`, built by `build` the first time this process (or worker) asks for it. */
export function sharedSchema<T>(key: string, build: () => T): T {
  const source = build.toString();
  const known = built.get(key);
  if (known) {
    if (known.source !== source) throw new Error(`the shared schema ${key} is defined twice`);
    return known.schema as T;
  }
  const schema = build();
  built.set(key, { source, schema });
  return schema;
}

// zod settles its default locale and cycle memoizer when it builds its first schema, and whether it may
// compile parsers on first asking: done here, while this module is still being loaded, not yet frozen.
z.object({ settled: z.string() }).safeParse({ settled: 'yes' });
void util.allowsEval.value;
