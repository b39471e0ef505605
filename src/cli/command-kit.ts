import type { Command } from 'commander';
import type { ErasureClient } from '../client';
import { usageError } from './exit-codes';
import type { Io, SafeIo } from './io';

/** What the erasure commands need: somewhere to write, and a client (opened per command, then closed). */
export interface ErasureCommandContext {
  readonly io: SafeIo;
  connect(): Promise<ErasureClient>;
  /** Standard input, for `--file -`: at most `limit` bytes are needed (more is refused). */
  readStdin(limit: number): string;
  /** Waits between `watch` polls. */
  sleep(ms: number): Promise<void>;
  /** The clock a request's dates are checked against. */
  now(): Date;
}

const ERASURE_ID = /^erasure-[0-9a-f]{64}$/;

export interface Target {
  readonly subjectKey?: string;
}

/** Adds `[erasure]` / `--subject-key`: an erasure is named by its workflow id or by the caller's subject key. */
export function targeted(cmd: Command): Command {
  return cmd
    .argument('[erasure]', 'the erasure workflow id (erasure-<64 hex>)')
    .option('--subject-key <key>', 'name the erasure by your subject key instead (its HMAC gives the id)');
}

/** Checks how the erasure is named before anything connects; the id needs a client to hash a subject key. */
function target(erasure: string | undefined, opts: Target): (client: ErasureClient) => string {
  if (erasure !== undefined && opts.subjectKey !== undefined)
    throw usageError('name the erasure once: either its workflow id or --subject-key, not both');
  const key = opts.subjectKey;
  if (key !== undefined) {
    if (key.trim() === '') throw usageError('--subject-key must not be empty');
    return (client) => client.workflowIdFor(key);
  }
  if (erasure === undefined) throw usageError('name the erasure: its workflow id, or --subject-key <key>');
  if (!ERASURE_ID.test(erasure))
    throw usageError('the erasure must be a workflow id of the form erasure-<64 hex>');
  return () => erasure;
}

/** Runs `fn` on one named erasure: the name is checked first, then a client is opened (and closed). */
export function withErasure<T>(
  ctx: ErasureCommandContext,
  erasure: string | undefined,
  opts: Target,
  fn: (client: ErasureClient, id: string) => Promise<T>,
): Promise<T> {
  const idOf = target(erasure, opts);
  return withClient(ctx, (client) => fn(client, idOf(client)));
}

/** Opens a client for one command and closes it afterwards, whatever happens. */
export async function withClient<T>(
  ctx: ErasureCommandContext,
  fn: (client: ErasureClient) => Promise<T>,
): Promise<T> {
  const client = await ctx.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** One JSON line; the Io makes it printable, which keeps it the same JSON. */
export const json = (io: Io, value: unknown): void => io.out(JSON.stringify(value));
