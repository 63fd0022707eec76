/**
 * The HTTP edge. A Transport sends one request and returns status, headers and body text; it never
 * throws on an HTTP status (bodies are read before statuses: OKX answers 50102 with HTTP 401).
 * It throws TransportError only when no complete response arrived, saying whether the request may
 * have reached the exchange — what decides if an order's outcome is unknown.
 *
 * Three are built in, chosen with `transport: 'http' | 'undici' | 'axios'`; `'http'` (node:http with
 * keep-alive agents) is the default, chosen by the side-by-side benchmark (tools/bench): it costs
 * the least client CPU per call and adds nothing to a bundle. The other two load their client
 * library only when chosen.
 *
 * The deadline of a request (connect, send and the whole body) is the pipeline's: it aborts
 * `signal` when `timeoutMs` has passed and stops waiting at that moment, whether or not the
 * transport honours the signal. A transport should honour it, so the socket is released too.
 * The built-in node:http one enforces `timeoutMs` itself (on the deadline queue of
 * deadline-queue.ts), so the pipeline adds nothing around it.
 */
import http from 'node:http';
import https from 'node:https';
import { endDeadline, startDeadline } from './deadline-queue.js';

/** HTTP methods the exchanges use. */
export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PUT';

/** One HTTP request as a transport sends it. */
export interface HttpRequest {
  /** HTTP method. */
  method: HttpMethod;
  /** Absolute URL with the query string. */
  url: string;
  /** Headers, signed ones included. A Content-Length among them is ignored: every built-in transport sends the body's byte length. */
  headers: Record<string, string>;
  /** Body text. */
  body?: string;
  /** The whole request's deadline, ms; `signal` is aborted when it passes. */
  timeoutMs: number;
  /** Aborts the request (deadline or caller); every built-in transport honours it and fails with TransportError. */
  signal?: AbortSignal;
  /** A longer body is not read: TransportError with code ERESPONSETOOLARGE. */
  maxResponseBytes?: number;
}

/** One HTTP reply as a transport returns it. */
export interface HttpResponse {
  /** HTTP status. */
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** Body text. */
  body: string;
}

/**
 * An HTTP client (option `transport`). It must not throw on an HTTP status, and must reject with a
 * `TransportError` that says whether the request may have reached the server.
 */
export interface Transport {
  /** Sends one request; resolves with any status, rejects only when no complete reply arrived. */
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Loads what the first send needs, so that send goes out without delay once its rate-limit slot is granted. */
  prepare?(): Promise<void>;
  /** Releases pooled sockets. */
  close?(): void;
}

/** A built-in transport by name, or one of your own. */
export type TransportChoice = 'http' | 'undici' | 'axios' | Transport;

/**
 * A request that got no complete reply. `mayHaveReachedServer` decides whether an order's outcome is
 * unknown.
 */
export class TransportError extends Error {
  constructor(
    message: string,
    /** The client library's code: ECONNREFUSED, ECONNRESET, ETIMEDOUT, … */
    readonly code: string,
    /** False only when the request provably never left this machine (refused, DNS failure). */
    readonly mayHaveReachedServer: boolean,
    /** True when the request ran out of time (`timeoutMs` or the deadline). */
    readonly timedOut: boolean,
  ) {
    // No `cause`: a client error object carries the request config, signed headers included.
    super(message);
    this.name = 'TransportError';
  }
}

/** Codes raised before a connection exists: the request cannot have been seen by the exchange. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);
const TIMEOUT_CODES = new Set([
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The headers without any Content-Length: the transport states the body's length itself, so a
 * stale or wrong one (which would truncate the body or leave the server waiting) never goes out.
 * The headers object itself when there is none to drop, the usual case.
 */
export function withoutContentLength(headers: Record<string, string>): Record<string, string> {
  let kept: Record<string, string> | undefined;
  for (const name in headers) {
    if (name.length === 14 && name.toLowerCase() === 'content-length') {
      kept ??= { ...headers };
      delete kept[name];
    }
  }
  return kept ?? headers;
}

/** A reply larger than `maxResponseBytes`. */
export const RESPONSE_TOO_LARGE = 'ERESPONSETOOLARGE';
/** The pipeline's deadline passed before a complete reply arrived. */
export const DEADLINE_EXCEEDED = 'EDEADLINE';

export function responseTooLarge(maxResponseBytes: number): TransportError {
  return new TransportError(`the reply is larger than ${maxResponseBytes} bytes`, RESPONSE_TOO_LARGE, true, false);
}

export function toTransportError(error: unknown, signal?: AbortSignal): TransportError {
  if (error instanceof TransportError) return error;
  if (signal?.aborted) return abortError(signal);
  const code = (error as { code?: unknown })?.code;
  const codeText = typeof code === 'string' ? code : 'EUNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  // axios's name for a body over maxContentLength.
  if (codeText === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(message)) {
    return new TransportError('the reply is larger than the client accepts', RESPONSE_TOO_LARGE, true, false);
  }
  const timedOut = TIMEOUT_CODES.has(codeText) || /timeout/i.test(message);
  return new TransportError(message, codeText, !NOT_SENT_CODES.has(codeText), timedOut);
}

/** The request was aborted by its signal (a deadline or the caller); it may have been sent. */
export function abortError(signal: AbortSignal, sent = true): TransportError {
  const reason = signal.reason as { name?: unknown; message?: unknown } | undefined;
  const timedOut = reason?.name === 'TimeoutError';
  const message = typeof reason?.message === 'string' ? reason.message : 'the request was aborted';
  return new TransportError(message, timedOut ? 'ETIMEDOUT' : 'ABORT_ERR', sent, timedOut);
}

function flattenHeaders(raw: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name in raw) {
    const value = raw[name];
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

/**
 * Request headers as node:http's flat [name, value, …] list. Given as a list, node writes them
 * straight into the request head, still validating every name and value (a CR or LF is refused as
 * before), instead of storing each through setHeader first: a tenth of a small call's client CPU.
 * A list gets no Host header from node, so it is added here (as node would: `host[:port]`, the
 * port only when not the default), unless the caller set one. Content-Length is always ours.
 */
function rawHeaders(request: HttpRequest, url: URL): string[] {
  const list: string[] = [];
  let host = true;
  for (const name in request.headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-length') continue;
    if (lower === 'host') host = false;
    list.push(name, request.headers[name] as string);
  }
  if (host) list.push('host', url.host);
  if (request.body !== undefined) list.push('content-length', String(Buffer.byteLength(request.body)));
  return list;
}

/**
 * node:http and node:https over keep-alive agents: no dependency, the least CPU per call measured,
 * and nothing to load. `timeoutMs` bounds the whole exchange (connect, send, reply, body).
 */
export class NodeHttpTransport implements Transport {
  readonly #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  /** See `Transport.send`. */
  send(request: HttpRequest): Promise<HttpResponse> {
    const { signal } = request;
    if (signal?.aborted) return Promise.reject(abortError(signal, false));
    let url: URL;
    try {
      url = new URL(request.url);
    } catch (error) {
      return Promise.reject(new TransportError(String((error as Error).message), 'ERR_INVALID_URL', false, false));
    }
    const secure = url.protocol === 'https:';
    const headers = rawHeaders(request, url);
    return new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        endDeadline(deadline);
        signal?.removeEventListener('abort', onAbort);
        reject(toTransportError(error, signal));
      };
      const req = (secure ? https : http).request({
        agent: secure ? this.#httpsAgent : this.#httpAgent,
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port || undefined,
        path: url.pathname + url.search,
        method: request.method,
        headers,
        setHost: false,
      });
      // On the shared deadline queue rather than a Timeout per request: a fifth of a small call's CPU.
      const deadline = startDeadline(request.timeoutMs, () => {
        const error = new TransportError(`no reply within ${request.timeoutMs} ms`, 'ETIMEDOUT', true, true);
        fail(error);
        req.destroy(error);
      });
      const onAbort = () => {
        fail(abortError(signal as AbortSignal));
        req.destroy();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', fail);
      req.on('response', (res) => {
        const limit = request.maxResponseBytes;
        // A declared length over the limit is refused before a byte of the body is read.
        if (limit !== undefined && Number(res.headers['content-length']) > limit) {
          fail(responseTooLarge(limit));
          req.destroy();
          return;
        }
        res.setEncoding('utf8');
        let body = '';
        let received = 0;
        res.on('data', (chunk: string) => {
          if (limit !== undefined) {
            received += Buffer.byteLength(chunk);
            if (received > limit) {
              fail(responseTooLarge(limit));
              req.destroy();
              return;
            }
          }
          body += chunk;
        });
        res.on('error', fail);
        res.on('aborted', () => fail(new TransportError('the reply was cut off', 'ECONNRESET', true, false)));
        res.on('end', () => {
          if (settled) return;
          if (!res.complete) return fail(new TransportError('the reply was cut off', 'ECONNRESET', true, false));
          settled = true;
          endDeadline(deadline);
          signal?.removeEventListener('abort', onAbort);
          resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res.headers), body });
        });
      });
      req.end(request.body);
    });
  }

  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }
}

/**
 * Loads an optional part at run time by a name bundlers do not follow — a transport's client library
 * (axios, undici), `ws`, the stream engine: a bundled app that never uses one does not carry it; one
 * that does needs the package installed beside it (or, for the engine, imports it itself). The
 * CommonJS build turns the `import()` into `require()` (tsup), so a part of this package loads in the
 * program's own format.
 */
export function loadOptional<T>(name: string): Promise<T> {
  return import(/* webpackIgnore: true */ name) as Promise<T>;
}
