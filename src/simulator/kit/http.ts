import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a simulator handler sees it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  /** Parsed JSON, parsed form (as a record), or undefined for an empty body. */
  readonly body: unknown;
  /** Capture groups of the route's pattern. */
  readonly params: readonly string[];
}

export interface SimResponse {
  readonly status: number;
  /** JSON-serialised unless `raw` is set. */
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
  /** Journaled, never sent: the request a create repeats, or one it overlaps (see `JournalEntry`). */
  readonly repeatOf?: string;
  readonly overlaps?: string;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * Thrown by a handler when a call breaks the platform's contract: answered with `status` and the
 * message, and journalled as a violation when `violation` is true.
 */
export class ContractError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violation = true,
    /** The platform's own error body and headers, when it answers in a shape of its own. */
    readonly extra: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }

  get body(): unknown {
    return this.extra.body;
  }

  get headers(): Record<string, string> | undefined {
    return this.extra.headers;
  }
}

/** Routes by method and path pattern; the first match wins. */
export class Router {
  private readonly routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];

  on(method: string, pattern: RegExp, handler: Handler): this {
    this.routes.push({ method, pattern, handler });
    return this;
  }

  match(method: string, path: string): { handler: Handler; params: string[] } | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.pattern.exec(path);
      if (m) return { handler: r.handler, params: m.slice(1).map(decodeSegment) };
    }
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ContractError(400, 'malformed percent-encoding in the path');
  }
}

const MAX_BODY = 4 * 1024 * 1024;

/** Reads and parses a request body: JSON or form. Throws a 400 ContractError when unreadable. */
export async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new ContractError(413, 'body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(text));
  if (type.includes('multipart/form-data')) return multipartFields(text, type);
  try {
    return JSON.parse(text);
  } catch {
    throw new ContractError(400, 'body is not valid JSON');
  }
}

/**
 * The text fields of a `multipart/form-data` body (RFC 7578), as a record; a file part, a part without
 * a name or a body without its boundary is a 400.
 */
function multipartFields(text: string, type: string): Record<string, string> {
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) throw new ContractError(400, 'multipart body without a boundary');
  const fields: Record<string, string> = {};
  for (const part of text.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const [head = '', ...rest] = part.replace(/^\r?\n/, '').split(/\r?\n\r?\n/);
    const name = /content-disposition:\s*form-data;[^\r\n]*\bname="([^"]*)"/i.exec(head)?.[1];
    if (!name || /\bfilename=/i.test(head))
      throw new ContractError(400, 'multipart part is not a named text field');
    fields[name] = rest.join('\n\n').replace(/\r?\n$/, '');
  }
  return fields;
}

export function send(res: ServerResponse, response: SimResponse): void {
  const raw = response.raw ?? (response.body === undefined ? '' : JSON.stringify(response.body));
  res.writeHead(response.status, { 'content-type': 'application/json', ...response.headers });
  res.end(raw);
}

/** Starts `server` on loopback (port 0 = any free port) and returns its base URL. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host}:${address.port}`;
}

/** Closes a server, dropping kept-alive and held connections so tests never hang on teardown. */
export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export { createServer };
