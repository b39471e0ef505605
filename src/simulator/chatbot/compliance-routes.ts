import { ContractError, type Router } from '../kit/http';
import { authenticate, type ChatbotSimulatorContext } from './context';

const FIELDS = ['uci_key', 'uci_value'];

/**
 * Data Compliance API: delete and export, per chatter (UCI key and value). Both are asynchronous: the
 * 200 says the request was received, with no request id and no status to poll.
 */
export function complianceRoutes(router: Router, ctx: ChatbotSimulatorContext): void {
  const received = { status: 200, body: { message: 'Request received' } };

  router.on('POST', /^\/api\/v1\/data-compliance\/delete$/, (req) => {
    authenticate(ctx, req);
    const accepted = ctx.store.acceptDelete(chatterOf(ctx, req.body), ctx.clock.now());
    return accepted.overlaps === undefined ? received : { ...received, overlaps: String(accepted.overlaps) };
  });

  router.on('POST', /^\/api\/v1\/data-compliance\/export$/, (req) => {
    authenticate(ctx, req);
    ctx.store.acceptExport(chatterOf(ctx, req.body), ctx.clock.now());
    return received;
  });
}

/** The UCI value of a `{uci_key, uci_value}` body naming this bot's UCI key; anything else is a 400. */
function chatterOf(ctx: ChatbotSimulatorContext, body: unknown): string {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ContractError(400, 'a JSON object body is required');
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0) throw new ContractError(400, `unknown field(s): ${unknown.join(', ')}`);
  const key = requiredString(body as Record<string, unknown>, 'uci_key');
  const value = requiredString(body as Record<string, unknown>, 'uci_value');
  // Neither value is echoed: the UCI value is personal data.
  if (key !== ctx.options.uciKey)
    throw new ContractError(400, "uci_key is not this bot's Unique Chatter Identifier");
  const max = ctx.options.maxUciValueLength;
  if (value.length > max) throw new ContractError(400, `uci_value is longer than ${max} characters`);
  return value;
}

function requiredString(body: Record<string, unknown>, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw new ContractError(400, `${name} must be a non-empty string`);
  return v;
}
