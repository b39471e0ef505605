import { coreAdminRoutes, ok, parseAdmin as parse } from '../../kit/admin';
import { ContractError, type Router, type SimRequest } from '../../kit/http';
import { IntakeSchema, NewSubtaskSchema, RateLimitSchema, TriggerSchema } from './admin-schemas';
import { type OneTrustContext, settingsOf } from './context';
import { closedStatuses } from './contract';
import { runHttpAction } from './http-action';
import type { Subtask } from './store';
import { subtaskView } from './subtask-view';

/**
 * The admin API (not OneTrust's contract): point the HTTP action at Lethe, create requests' system
 * subtasks, run the action, reject a subtask as an operator would, read what Lethe reported, and change
 * the rate limit.
 */
export function adminRoutes(router: Router, ctx: OneTrustContext): void {
  coreAdminRoutes(router, ctx, () => {
    ctx.store.reset();
    ctx.tokens.clear();
    ctx.limiter.clear();
    delete ctx.settings.intakeUrl;
    Object.assign(ctx.settings, settingsOf(ctx.options));
  });

  router.on('POST', /^\/admin\/intake$/, (req) => {
    ctx.settings.intakeUrl = parse(IntakeSchema, req.body).url;
    return ok({ url: ctx.settings.intakeUrl });
  });

  router.on('POST', /^\/admin\/rate-limit$/, (req) => {
    ctx.settings.ratePerMinute = parse(RateLimitSchema, req.body).perMinute;
    return ok({ perMinute: ctx.settings.ratePerMinute });
  });

  router.on('POST', /^\/admin\/subtasks$/, (req) => {
    const { deadlineInDays = ctx.options.deadlineInDays, ...input } = parse(NewSubtaskSchema, req.body);
    const subtask = ctx.store.create({ ...input, deadlineInDays }, ctx.clock.now());
    return ok({ subtaskId: subtask.subtaskId, requestRefId: subtask.requestRefId });
  });

  router.on('POST', /^\/admin\/subtasks\/([^/]+)\/trigger$/, async (req) => {
    const subtask = openSubtaskOf(ctx, req, 'no workflow runs for it');
    const url = ctx.settings.intakeUrl;
    if (url === undefined) throw new ContractError(409, 'no intake URL (POST /admin/intake)', false);
    const { headerValue, attempts } = parse(TriggerSchema, req.body);
    return ok({ deliveries: await runHttpAction(ctx, url, subtask, attempts, headerValue) });
  });

  router.on('POST', /^\/admin\/subtasks\/([^/]+)\/reject$/, (req) => {
    const subtask = openSubtaskOf(ctx, req, 'it can no longer be rejected');
    ctx.store.move(subtask, { status: 'REJECTED', at: ctx.clock.now(), source: 'operator' });
    return ok(subtaskView(subtask));
  });

  router.on('GET', /^\/admin\/subtasks\/([^/]+)$/, (req) => ok(subtaskView(subtaskOf(ctx, req))));
}

function subtaskOf(ctx: OneTrustContext, req: SimRequest): Subtask {
  const subtask = ctx.store.get(req.params[0] ?? '');
  if (!subtask) throw new ContractError(404, 'no such subtask', false);
  return subtask;
}

function openSubtaskOf(ctx: OneTrustContext, req: SimRequest, consequence: string): Subtask {
  const subtask = subtaskOf(ctx, req);
  if (closedStatuses.has(subtask.status))
    throw new ContractError(409, `subtask is ${subtask.status}: ${consequence}`, false);
  return subtask;
}
