/**
 * The HTTP edge: one port for all three protocols (their paths do not collide), with faults
 * applied around the front-end: latency before, 429 storms and 5xx instead of, and dropped replies
 * after the request is executed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { SimClock } from './clock.js';
import type { ExchangeId } from './engine/venue.js';
import type { Faults } from './faults.js';
import { normalizeIp, type OkxSite } from './keys.js';
import type { ExchangeStats, FrontEnd, SimReply, SimRequest } from './protocols/common.js';
import type { SimulatorRequestLog } from './simulator.js';

const MAX_BODY_BYTES = 1 << 20;

export interface ServerParts {
  /** The OKX site this listener stands for; each site has its own origin, as on OKX. */
  site: OkxSite;
  frontEnds: readonly FrontEnd[];
  faults: Faults;
  clock: SimClock;
  stats: ReadonlyMap<ExchangeId, ExchangeStats>;
  onRequest?: ((entry: SimulatorRequestLog) => void) | undefined;
}

export function createSimServer(parts: ServerParts): Server {
  return createServer((req, res) => {
    if (parts.onRequest) logWhenDone(parts, parts.onRequest, req, res);
    handle(parts, req, res).catch(() => {
      if (!res.headersSent) send(res, { status: 500, body: 'Internal Server Error', contentType: 'text/plain' });
      else res.destroy();
    });
  });
}

/** Reports the request once its reply is complete, or once the connection closed without one. */
function logWhenDone(parts: ServerParts, onRequest: (entry: SimulatorRequestLog) => void, req: IncomingMessage, res: ServerResponse): void {
  const startedAt = performance.now();
  res.once('close', () => {
    const rawUrl = req.url ?? '/';
    const mark = rawUrl.indexOf('?');
    const path = mark < 0 ? rawUrl : rawUrl.slice(0, mark);
    const exchange = parts.frontEnds.find((candidate) => candidate.handles(path))?.id;
    onRequest({
      method: (req.method ?? 'GET').toUpperCase(),
      path,
      ...(exchange ? { exchange } : {}),
      ...(res.writableFinished ? { status: res.statusCode } : {}),
      durationMs: performance.now() - startedAt,
    });
  });
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: SimReply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json',
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  res.end(reply.body);
}

/** The page a web server in front of an API answers with for a path it does not serve. */
function statusPage(status: number): SimReply {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return {
    status,
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const arrivedAtMs = parts.clock.real();
  const rawUrl = req.url ?? '/';
  const mark = rawUrl.indexOf('?');
  const path = mark < 0 ? rawUrl : rawUrl.slice(0, mark);
  const rawQuery = mark < 0 ? '' : rawUrl.slice(mark + 1);
  const bodyText = await readBody(req);
  const frontEnd = parts.frontEnds.find((candidate) => candidate.handles(path));
  if (!frontEnd) {
    send(res, { status: 404, body: 'Not Found', contentType: 'text/plain' });
    return;
  }
  if (bodyText === undefined) {
    send(res, { status: 413, body: 'Request Entity Too Large', contentType: 'text/plain' });
    return;
  }
  const stats = parts.stats.get(frontEnd.id) as ExchangeStats;
  stats.requests++;
  const decision = parts.faults.decide(frontEnd.id, path, req.method);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.replyStatus !== undefined) {
    send(res, statusPage(decision.replyStatus));
    return;
  }
  if (decision.rateLimitStorm) {
    stats.rejectedRateLimit++;
    send(res, frontEnd.rateLimitReply());
    return;
  }
  if (decision.error) {
    send(res, frontEnd.unavailableReply(parts.faults.prng));
    return;
  }
  const request: SimRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers: req.headers,
    bodyText,
    ip: normalizeIp(req.socket.remoteAddress),
    nowMs: parts.clock.now() + decision.clockSkewMs,
    arrivedAtMs,
    site: parts.site,
  };
  const reply = frontEnd.handle(request);
  if (decision.dropReply) {
    // Executed, but the client never learns the outcome: the case idempotent order placement exists for.
    stats.droppedReplies++;
    req.socket.destroy();
    return;
  }
  send(res, reply);
}
