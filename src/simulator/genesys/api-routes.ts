import { z } from 'zod';
import type { ContractError, Router, SimRequest } from '../kit/http';
import { authorise, type GenesysContext, genesysError } from './context';
import { type GdprSubject, replacementTypes, requestTypes } from './gdpr-request';
import { page, renderContact, renderConversation, renderRequest } from './render';
import { type customerOf, phoneKey } from './store';

/** The spec lists the same types for subject searches as for replacement terms. */
const SEARCH_TYPES: readonly string[] = replacementTypes;

const SubjectSchema = z
  .object({
    name: z.string().optional(),
    userId: z.string().optional(),
    externalContactId: z.string().optional(),
    externalId: z.string().optional(),
    dialerContactId: z.object({ id: z.string(), contactListId: z.string() }).optional(),
    journeyCustomer: z.object({ type: z.string(), id: z.string() }).optional(),
    socialHandle: z
      .object({ type: z.enum(['TWITTER', 'INSTAGRAM', 'FACEBOOK', 'APPLE_MESSAGES']), value: z.string() })
      .optional(),
    addresses: z.array(z.string()).optional(),
    phoneNumbers: z.array(z.string()).optional(),
    emailAddresses: z.array(z.string()).optional(),
  })
  .strict();

const RequestSchema = z
  .object({
    requestType: z.enum(requestTypes),
    subject: SubjectSchema,
    replacementTerms: z
      .array(
        z
          .object({
            type: z.enum(replacementTypes),
            existingValue: z.string().min(1),
            updatedValue: z.string().min(1),
          })
          .strict(),
      )
      .optional(),
    name: z.string().max(200).optional(),
  })
  .strict();

function invalid(message: string): ContractError {
  return genesysError(400, 'bad.request', message);
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw invalid(
      `The request could not be understood: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

function paging(req: SimRequest, max: number, defaultSize = 25): { pageSize: number; pageNumber: number } {
  const size = Number(req.query.get('pageSize') ?? defaultSize);
  const number = Number(req.query.get('pageNumber') ?? 1);
  if (!Number.isInteger(size) || size < 1 || size > max)
    throw genesysError(400, 'invalid.query.param.value', `pageSize must be between 1 and ${max}`);
  if (!Number.isInteger(number) || number < 1)
    throw genesysError(400, 'invalid.query.param.value', 'pageNumber must be at least 1');
  return { pageSize: size, pageNumber: number };
}

const hasIdentity = (s: GdprSubject & Record<string, unknown>): boolean =>
  Object.values(s).some((v) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== ''));

/** The GDPR API (requests and subject search), analytics conversation details, recordings and contacts. */
export function apiRoutes(router: Router, ctx: GenesysContext, baseUrl: () => string): void {
  router.on('POST', /^\/api\/v2\/gdpr\/requests$/, (req) => {
    authorise(ctx, req);
    const body = parseBody(RequestSchema, req.body);
    if (!hasIdentity(body.subject)) throw invalid('subject must name at least one identifier');
    if (body.requestType === 'GDPR_UPDATE' && (body.replacementTerms ?? []).length === 0)
      throw invalid('GDPR_UPDATE requires replacementTerms');
    const confirmed = req.query.get('deleteConfirmed');
    if (confirmed !== null && confirmed !== 'true' && confirmed !== 'false')
      throw genesysError(400, 'invalid.query.param.value', 'deleteConfirmed must be true or false');
    if (body.requestType === 'GDPR_DELETE' && ctx.options.requireDeleteConfirmed && confirmed !== 'true')
      throw invalid('GDPR_DELETE requires deleteConfirmed=true');
    const request = {
      requestType: body.requestType,
      subject: body.subject,
      replacementTerms: body.replacementTerms ?? [],
      ...(body.name !== undefined ? { name: body.name } : {}),
      createdAt: ctx.clock.now(),
      createdBy: ctx.options.clientId,
    };
    // Before this one joins the list: how it relates to the earlier ones is journaled.
    const relation = ctx.store.relationOf(request, request.createdAt);
    const created = ctx.store.create(request);
    return { status: 202, body: renderRequest(created, ctx.store, ctx.clock.now(), baseUrl()), ...relation };
  });

  router.on('GET', /^\/api\/v2\/gdpr\/requests$/, (req) => {
    authorise(ctx, req);
    const { pageSize, pageNumber } = paging(req, ctx.options.maxPageSize);
    const now = ctx.clock.now();
    const newestFirst = [...ctx.store.requests]
      .reverse()
      .map((r) => renderRequest(r, ctx.store, now, baseUrl()));
    return { status: 200, body: page(newestFirst, pageSize, pageNumber, '/api/v2/gdpr/requests') };
  });

  router.on('GET', /^\/api\/v2\/gdpr\/requests\/([^/]+)$/, (req) => {
    authorise(ctx, req);
    const r = ctx.store.requests.find((x) => x.id === req.params[0]);
    if (!r)
      throw genesysError(404, 'not.found', 'The requested GDPR request was not found.', { violation: false });
    return { status: 200, body: renderRequest(r, ctx.store, ctx.clock.now(), baseUrl()) };
  });

  router.on('GET', /^\/api\/v2\/gdpr\/subjects$/, (req) => {
    authorise(ctx, req);
    const searchType = req.query.get('searchType');
    const searchValue = req.query.get('searchValue');
    if (!searchType || !SEARCH_TYPES.includes(searchType))
      throw genesysError(
        400,
        'invalid.query.param.value',
        `searchType must be one of ${SEARCH_TYPES.join(', ')}`,
      );
    if (!searchValue) throw genesysError(400, 'invalid.query.param.value', 'searchValue is required');
    const subjects = ctx.store.searchSubjects(searchType, searchValue);
    return { status: 200, body: page(subjects, Math.max(1, subjects.length), 1, '/api/v2/gdpr/subjects') };
  });

  router.on('POST', /^\/api\/v2\/analytics\/conversations\/details\/query$/, (req) => {
    authorise(ctx, req);
    const query = parseBody(DetailsQuerySchema, req.body);
    const [from, to] = query.interval.split('/').map((t) => Date.parse(t));
    if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to) || from >= to)
      throw invalid('interval must be two ISO-8601 instants, start/end, start before end');
    const { pageSize, pageNumber } = { pageSize: 25, pageNumber: 1, ...query.paging };
    if (pageSize > ctx.options.maxPageSize)
      throw invalid(`paging.pageSize must be at most ${ctx.options.maxPageSize}`);
    const matches = [...ctx.store.conversations.values()]
      .filter((c) => c.start < to && (c.end ?? Number.POSITIVE_INFINITY) > from)
      .filter((c) => (query.segmentFilters ?? []).every((f) => filterMatches(f, c)))
      .sort((a, b) => a.start - b.start);
    const slice = matches.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    // Genesys leaves `conversations` out altogether when nothing matched.
    return {
      status: 200,
      body: {
        totalHits: matches.length,
        ...(slice.length > 0 ? { conversations: slice.map(renderConversation) } : {}),
      },
    };
  });

  router.on('GET', /^\/api\/v2\/analytics\/conversations\/([^/]+)\/details$/, (req) => {
    authorise(ctx, req);
    const c = ctx.store.conversations.get(req.params[0] ?? '');
    if (!c) throw genesysError(404, 'not.found', 'The conversation was not found.', { violation: false });
    return { status: 200, body: renderConversation(c) };
  });

  router.on('GET', /^\/api\/v2\/conversations\/([^/]+)\/recordingmetadata$/, (req) => {
    authorise(ctx, req);
    const c = ctx.store.conversations.get(req.params[0] ?? '');
    if (!c) throw genesysError(404, 'not.found', 'The conversation was not found.', { violation: false });
    return {
      status: 200,
      body: c.recordings.map((r) => ({
        id: r.id,
        conversationId: c.id,
        media: 'audio',
        fileState: 'AVAILABLE',
        selfUri: `/api/v2/conversations/${c.id}/recordings/${r.id}`,
      })),
    };
  });

  router.on('GET', /^\/api\/v2\/externalcontacts\/contacts\/([^/]+)$/, (req) => {
    authorise(ctx, req);
    const c = ctx.store.contacts.get(req.params[0] ?? '');
    if (!c) throw genesysError(404, 'not.found', 'The external contact was not found.', { violation: false });
    return { status: 200, body: renderContact(c) };
  });
}

const DIMENSIONS = ['ani', 'dnis', 'addressFrom', 'addressTo', 'externalContactId'] as const;
const PredicateSchema = z
  .object({
    type: z.literal('dimension').optional(),
    dimension: z.enum(DIMENSIONS),
    operator: z.literal('matches').optional(),
    value: z.string().min(1),
  })
  .strict();
const FilterSchema = z
  .object({ type: z.enum(['and', 'or']), predicates: z.array(PredicateSchema).min(1) })
  .strict();
const DetailsQuerySchema = z.object({
  interval: z.string().min(1),
  order: z.enum(['asc', 'desc']).optional(),
  orderBy: z.enum(['conversationStart', 'conversationEnd', 'segmentStart', 'segmentEnd']).optional(),
  paging: z
    .object({ pageSize: z.number().int().min(1), pageNumber: z.number().int().min(1) })
    .strict()
    .optional(),
  segmentFilters: z.array(FilterSchema).optional(),
});

function filterMatches(filter: z.output<typeof FilterSchema>, c: Parameters<typeof customerOf>[0]): boolean {
  const sessions = c.participants.flatMap((p) =>
    p.sessions.map((s) => ({ ...s, externalContactId: p.externalContactId })),
  );
  const hit = (p: z.output<typeof PredicateSchema>): boolean =>
    sessions.some((s) => {
      const v = s[p.dimension];
      if (v === undefined) return false;
      if (p.dimension === 'ani' || p.dimension === 'dnis') return phoneKey(v) === phoneKey(p.value);
      return v.toLowerCase() === p.value.toLowerCase();
    });
  return filter.type === 'or' ? filter.predicates.some(hit) : filter.predicates.every(hit);
}
