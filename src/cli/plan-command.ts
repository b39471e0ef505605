import type { Command } from 'commander';
import { type ErasureCommandContext, json, type Target, targeted, withErasure } from './command-kit';
import { CliError, EXIT } from './exit-codes';
import { renderPlan } from './plan-render';

/**
 * `lethe plan`: a dry run's plan, once the dry run has ended. A running erasure, or one that was not a
 * dry run, has no plan: said in one line (exit 3), never guessed from its progress.
 */
export function registerPlanCommand(lethe: Command, ctx: ErasureCommandContext): void {
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
        const execution = await client.execution(id);
        if (execution === 'RUNNING') {
          const { phase } = await client.progress(id);
          throw new CliError(
            EXIT.notFound,
            `${id} is still running (${phase}): a plan exists once a dry run has ended; follow it with lethe watch`,
          );
        }
        if (execution !== 'COMPLETED')
          throw new CliError(
            EXIT.notFound,
            `${id} ended without a plan (its workflow ${execution.toLowerCase()})`,
          );
        const result = await client.result(id);
        if (result.outcome !== 'planned')
          throw new CliError(
            EXIT.notFound,
            `${id} was not a dry run (it ended ${result.outcome}): lethe status shows what it did`,
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
}
