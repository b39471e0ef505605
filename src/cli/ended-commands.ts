import type { Command } from 'commander';
import type { ErasureClient } from '../client';
import type { ErasureResult } from '../domain/result';
import { type ErasureCommandContext, json, type Target, targeted, withErasure } from './command-kit';
import { CliError, EXIT } from './exit-codes';
import { renderPlan } from './plan-render';
import { renderResult } from './result-render';

/**
 * What an ended erasure returned, or one line (exit 3) saying why there is none yet: still running (with
 * its phase), or ended without a result (failed, terminated). Never guessed from its progress.
 */
async function endedResult(client: ErasureClient, id: string, what: string): Promise<ErasureResult> {
  const execution = await client.execution(id);
  if (execution === 'RUNNING') {
    const { phase } = await client.progress(id);
    throw new CliError(
      EXIT.notFound,
      `${id} is still running (${phase}): ${what} exists once it has ended; follow it with lethe watch`,
    );
  }
  if (execution !== 'COMPLETED')
    throw new CliError(
      EXIT.notFound,
      `${id} ended without ${what} (its workflow ${execution.toLowerCase()})`,
    );
  return client.result(id);
}

/** `lethe plan` (a dry run's plan) and `lethe result` (what an ended erasure came to). */
export function registerEndedCommands(lethe: Command, ctx: ErasureCommandContext): void {
  targeted(
    lethe
      .command('plan')
      .description(
        "a dry run's plan (lethe erase --dry-run): what would be sent, what would wait, and the derived matches",
      ),
  )
    .option('--json', 'print the plan as JSON (ids in full)')
    .action(async (erasure: string | undefined, opts: Target & { json?: boolean }) => {
      await withErasure(ctx, erasure, opts, async (client, id) => {
        const result = await endedResult(client, id, 'a plan');
        if (result.outcome !== 'planned')
          throw new CliError(
            EXIT.notFound,
            `${id} was not a dry run (it ended ${result.outcome}): lethe result shows what it did`,
          );
        if (opts.json)
          json(ctx.io, {
            workflowId: id,
            requestId: result.requestId,
            deadline: result.deadline,
            plan: result.plan,
            derivedMatches: result.derivedMatches ?? [],
            reasons: result.reasons,
          });
        else for (const line of renderPlan(id, result)) ctx.io.out(line);
      });
    });

  targeted(
    lethe
      .command('result')
      .description(
        'what an ended erasure came to, per platform; exits 0 if it erased everything it found, 1 otherwise',
      ),
  )
    .option(
      '--json',
      "the workflow's result as JSON (record ids in full; identifiers by kind, never their values)",
    )
    .action(async (erasure: string | undefined, opts: Target & { json?: boolean }) => {
      const result = await withErasure(ctx, erasure, opts, async (client, id) => {
        const r = await endedResult(client, id, 'a result');
        if (opts.json)
          json(ctx.io, {
            workflowId: id,
            ...r,
            identifiers: r.identifiers.map(({ kind, provenance }) => ({ kind, provenance })),
          });
        else for (const line of renderResult(id, r)) ctx.io.out(line);
        return r;
      });
      process.exitCode =
        result.outcome === 'completed' || result.outcome === 'planned' ? EXIT.ok : EXIT.invalid;
    });
}
