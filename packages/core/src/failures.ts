/**
 * What a failed call means. The adapter's classifier reads the exchange's own error in a reply;
 * the HTTP status says what it leaves open (classifyByStatus, mergeFailures); and that reading, or
 * a transport failure, becomes the ExchangeError the caller sees, with what it says about an
 * order's fate (`orderState`). The pipeline (pipeline.ts) decides what to do with it.
 */
import type { ErrorKind, ExchangeError, ExchangeErrorDetails, OrderState } from './errors.js';
import type { EndpointDef } from './pipeline.js';
import { parseRetryAfterMs } from './retry.js';
import { RESPONSE_TOO_LARGE, TransportError } from './transport.js';

/** A reply as the pipeline hands it to a classifier and a parser. */
export interface WireResponse {
  /** HTTP status. */
  status: number;
  /** Reply headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The raw body text. */
  text: string;
  /** Parsed JSON, or undefined when the body is not JSON (an HTML error page, say). */
  body: unknown;
}

/** An adapter's reading of a failed response: which kind, and the exchange's own code and words. */
export interface ErrorSpec {
  /** The error kind to throw. */
  kind: ErrorKind;
  /** The exchange's code. */
  exchangeCode?: string;
  /** The exchange's text. */
  exchangeMessage?: string;
  /** What happened, when there is more to say than the exchange's text. */
  message?: string;
  /** What to do. */
  hint?: string;
  /** Overrides the kind's default. */
  retryable?: boolean;
  /** For `RateLimited`: how long the exchange asked to wait. */
  retryAfterMs?: number;
  /** The exchange says it does not know whether the order went through (OKX 50004, 51149). */
  outcomeUnknown?: boolean;
}

/** Returns the error a response carries, or undefined when it is a success. */
export type ErrorClassifier = (response: WireResponse, endpoint: EndpointDef) => ErrorSpec | undefined;

/** Builds an error of the exchange with secrets masked (`Pipeline.error`). */
export type ErrorFactory = (kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>) => ExchangeError;

/** What turning a transport failure into an error needs to know of the pipeline that sent the request. */
export interface TransportFailureContext {
  /** Display name for hints: `OKX`. */
  name: string;
  /** The request's deadline, ms. */
  timeoutMs: number;
  /** The largest reply the transport reads, bytes. */
  maxResponseBytes: number;
  /** The origin the request went to, for the hint of a request that never left. */
  origin: () => string;
  /** Told of the error of a request that ran out of time. */
  onTimedOut: (error: ExchangeError) => void;
  error: ErrorFactory;
}

/** The error a failed reply stands for, as the classifiers read it. */
export function replyError(
  failure: ErrorSpec,
  wire: WireResponse,
  endpoint: EndpointDef,
  request: { method: string; path: string },
  nowMs: number,
  error: ErrorFactory,
): ExchangeError {
  const retryAfterMs = failure.retryAfterMs ?? parseRetryAfterMs(wire.headers['retry-after'], nowMs);
  let orderState: OrderState | undefined;
  // An unreadable reply to an order says nothing about whether it was placed.
  if (endpoint.intent === 'create') orderState = failure.outcomeUnknown || failure.kind === 'BadResponse' ? 'unknown' : 'not-placed';
  return error(failure.kind, {
    message: failure.message,
    exchangeCode: failure.exchangeCode,
    exchangeMessage: failure.exchangeMessage,
    httpStatus: wire.status,
    hint: failure.hint,
    retryable: failure.retryable,
    retryAfterMs,
    request,
    orderState,
  });
}

/** The error of a request that got no reply (the transport failed), or a reply too large to read. */
export function transportFailure(
  error: unknown,
  endpoint: EndpointDef,
  request: { method: string; path: string },
  context: TransportFailureContext,
): ExchangeError {
  if (!(error instanceof TransportError)) {
    return context.error('NetworkError', {
      message: `request failed: ${String(error)}`,
      request,
      orderState: endpoint.intent === 'create' ? 'unknown' : undefined,
    });
  }
  if (error.code === RESPONSE_TOO_LARGE) {
    return context.error('BadResponse', {
      message: `the reply is larger than ${context.maxResponseBytes} bytes and was not read`,
      request,
      orderState: endpoint.intent === 'create' ? 'unknown' : undefined,
      hint: `${context.name} (or something in between) answered with far more than any API reply; check baseUrl and proxies.`,
    });
  }
  const reached = error.mayHaveReachedServer;
  const networkError = context.error('NetworkError', {
    message: error.timedOut ? `no complete reply within ${context.timeoutMs} ms (${error.code})` : `${error.code}: ${error.message}`,
    request,
    orderState: endpoint.intent === 'create' ? (reached ? 'unknown' : 'not-placed') : undefined,
    hint: reached
      ? `The connection to ${context.name} failed after the request was sent; reads are retried, orders are looked up before any resend.`
      : `Could not connect to ${context.name} (${context.origin()}). Check the network, DNS, proxy settings and baseUrl.`,
  });
  if (error.timedOut) context.onTimedOut(networkError);
  return networkError;
}

/**
 * What a response means when the adapter found no exchange error in it: success for 2xx JSON,
 * otherwise a kind from the HTTP status. Runs after the adapter, so bodies win over statuses.
 */
export function classifyByStatus(wire: WireResponse, exchangeName: string): ErrorSpec | undefined {
  const { status } = wire;
  // The common case first: a JSON reply with a 2xx status is the adapter's to judge.
  if (status >= 200 && status < 300 && wire.body !== undefined) return undefined;
  const snippet = bodySnippet(wire.text);
  if (status === 429)
    return {
      kind: 'RateLimited',
      message: 'HTTP 429 Too Many Requests',
      hint: `Slow down: ${exchangeName} is throttling this IP or key. Rate limiting is on by default; other clients may share the key.`,
    };
  if (status === 418 || status === 403) {
    if (wire.body === undefined)
      return {
        kind: 'IpNotAllowed',
        message: `HTTP ${status}: ${snippet || 'forbidden'}`,
        hint: `${exchangeName} refused this IP. Check the key's IP whitelist, or a firewall/WAF block.`,
      };
  }
  if (status >= 500)
    return {
      kind: 'ExchangeUnavailable',
      message: `HTTP ${status}${snippet ? `: ${snippet}` : ''}`,
      outcomeUnknown: true,
      hint: `${exchangeName} is failing or under maintenance; retry later.`,
    };
  if (wire.body === undefined) {
    return {
      kind: status >= 200 && status < 300 ? 'BadResponse' : status === 404 ? 'BadRequest' : 'BadResponse',
      message: `HTTP ${status} with a body that is not JSON${snippet ? `: ${snippet}` : ''}`,
      hint:
        status === 404
          ? `${exchangeName} does not know this path; check baseUrl and the endpoint.`
          : `${exchangeName} answered with a page, not an API reply; a proxy, WAF or maintenance page is likely in the way.`,
    };
  }
  if (status >= 400)
    return {
      kind: status === 401 ? 'AuthInvalid' : status === 404 ? 'BadRequest' : 'ExchangeError',
      message: `HTTP ${status}`,
      hint: `${exchangeName} rejected the request (HTTP ${status}).`,
    };
  return undefined;
}

/** The start of a failed reply's body as plain text, for messages: tags and runs of spaces removed. */
function bodySnippet(text: string): string {
  return text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
}

/**
 * The adapter's reading wins; but when it only knows "some error" (an unmapped code), the HTTP
 * status may know better (429 → RateLimited, 5xx → ExchangeUnavailable), keeping the exchange's code.
 */
export function mergeFailures(byBody: ErrorSpec | undefined, byStatus: ErrorSpec | undefined): ErrorSpec | undefined {
  if (!byBody) return byStatus;
  if (byBody.kind !== 'ExchangeError' || !byStatus || byStatus.kind === 'ExchangeError') return byBody;
  return { ...byStatus, ...byBody, kind: byStatus.kind, hint: byBody.hint ?? byStatus.hint };
}
