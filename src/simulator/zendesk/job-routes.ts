import { baseOf, notFound, type ZendeskContext } from './context';
import { renderJob } from './render';
import type { SupportApi } from './support-http';
import { allowOnly, stringList } from './support-query';

/** Job statuses (§5, R8): a job reads until an hour after it finished, then 404 as an unknown one. */
export function jobRoutes(api: SupportApi, ctx: ZendeskContext): void {
  const { jobs } = ctx.store;

  api.on('GET', '/api/v2/job_statuses/show_many', (req, now) => {
    allowOnly(req, ['ids']);
    const base = baseOf(ctx, req);
    const found = stringList(req, 'ids').flatMap((id) => jobs.readable(id, now) ?? []);
    return {
      status: 200,
      body: { job_statuses: found.map((j) => renderJob(j, jobs.stateOf(j, now), base)) },
    };
  });

  api.on('GET', '/api/v2/job_statuses/{id}', (req, now) => {
    allowOnly(req, []);
    const job = jobs.readable(req.params[0] ?? '', now);
    if (!job) throw notFound();
    return { status: 200, body: { job_status: renderJob(job, jobs.stateOf(job, now), baseOf(ctx, req)) } };
  });
}
