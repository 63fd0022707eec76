/**
 * The error taxonomy (DESIGN §3). Every failure the library reports is one of these classes; `kind`
 * is the class name as a stable string, so programs can branch on it even when two copies of this
 * package are loaded (where `instanceof` fails). Use `isExchangeError(err, kind)` for that.
 */
import type { Order } from './types.js';

/**
 * For writes that could place an order: `not-placed` — nothing reached the exchange, or it refused the
 * order: safe to send again; `placed` — the exchange has the order (the error concerns something after
 * it); `unknown` — the request may have executed and a lookup by client order id could not tell: look the
 * order up by `clientOrderId` (fetchOpenOrders / fetchOrder) before placing it again, or you may trade
 * twice.
 */
export type OrderState = 'not-placed' | 'unknown' | 'placed';

/** What an error may say about the request that caused it. Never headers, bodies or secrets. */
export interface ErrorRequestInfo {
  /** HTTP method of the request (`GET`, `POST`), or `WS` for a stream. */
  method: string;
  /** Path of the request without the query string or secrets (`/api/v5/trade/order`). */
  path: string;
}

/**
 * What an `ExchangeError` constructor takes. Adapters and `createError` fill it; programs rarely build
 * errors themselves.
 */
export interface ExchangeErrorDetails {
  /** Exchange id (`okx`, `weex`, `okex-v1`) or `core` for local checks before any exchange is involved. */
  exchange: string;
  /**
   * What happened, one sentence; the error's `message` adds the exchange, kind, code, request and hint
   * around it.
   */
  message?: string;
  /** The exchange's error code, as a string (`50102`, `-1046`). */
  exchangeCode?: string;
  /** The exchange's own error text, as received. */
  exchangeMessage?: string;
  /** HTTP status of the reply, when one arrived. */
  httpStatus?: number;
  /** One or two sentences that tell the user what to do. */
  hint?: string;
  /** Overrides the kind's default. */
  retryable?: boolean;
  /** Method and path of the request that failed. */
  request?: ErrorRequestInfo;
  /** For create calls: whether the order may exist on the exchange. */
  orderState?: OrderState;
  /** For create calls: the client order id the order was (or would have been) sent with. */
  clientOrderId?: string;
  /** For RateLimited: how long the exchange asked us to wait. */
  retryAfterMs?: number;
  /**
   * For create calls whose outcome stayed unknown because several orders on the exchange match the
   * request and cannot be told apart (OKEx v1 has no client ids): those orders, as read.
   */
  candidateOrders?: readonly Order[];
  /** The underlying error (a socket error, a zod issue), kept as `error.cause`. */
  cause?: unknown;
}

/** Parent of each kind; the root has none. The single source for `isExchangeError(err, kind)`. */
const PARENT_OF = {
  ExchangeError: undefined,
  AuthenticationError: 'ExchangeError',
  AuthMissing: 'AuthenticationError',
  AuthInvalid: 'AuthenticationError',
  TimestampExpired: 'AuthenticationError',
  PermissionDenied: 'AuthenticationError',
  IpNotAllowed: 'AuthenticationError',
  RateLimited: 'ExchangeError',
  InsufficientFunds: 'ExchangeError',
  InsufficientMargin: 'InsufficientFunds',
  InvalidOrder: 'ExchangeError',
  OrderNotFound: 'InvalidOrder',
  InvalidSymbol: 'ExchangeError',
  BadRequest: 'ExchangeError',
  AccountRestricted: 'ExchangeError',
  ExchangeUnavailable: 'ExchangeError',
  NetworkError: 'ExchangeError',
  BadResponse: 'ExchangeError',
  NotSupported: 'ExchangeError',
  StreamOverflow: 'ExchangeError',
} as const satisfies Record<string, string | undefined>;

/**
 * The name of an error class, as a stable string: `error.kind`. The argument of `isExchangeError(err,
 * kind)`.
 */
export type ErrorKind = keyof typeof PARENT_OF;

/** Every error kind, the root `ExchangeError` first. */
export const ERROR_KINDS = Object.keys(PARENT_OF) as ErrorKind[];

/** Kinds a caller can usually fix by waiting and trying again. */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorKind> = new Set(['RateLimited', 'ExchangeUnavailable', 'NetworkError', 'TimestampExpired']);

/** Marks our errors across package copies; `Symbol.for` is shared by every realm-local copy. */
const BRAND = Symbol.for('@exchange-adapters/core:ExchangeError');

/** `kind` and all its ancestors, nearest first: `InsufficientMargin` → [InsufficientMargin, InsufficientFunds, ExchangeError]. */
export function kindLineage(kind: ErrorKind): ErrorKind[] {
  const lineage: ErrorKind[] = [];
  for (let k: ErrorKind | undefined = kind; k !== undefined; k = PARENT_OF[k]) lineage.push(k);
  return lineage;
}

/** True when `value` is the name of an error kind. */
export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.hasOwn(PARENT_OF, value);
}

/**
 * The root of the error taxonomy: every error this library throws is one. Its `message` is one line —
 * `[okx] TimestampExpired (50102 "Timestamp request expired"): … [GET /api/v5/account/balance]. Hint: …` —
 * and its fields carry the facts; a fact that is not known is no property at all, so `console.log(error)`
 * shows only what is known. Branch on `isExchangeError(err, kind)` (which also matches subkinds and works
 * across copies of this package) or on `instanceof`.
 */
export class ExchangeError extends Error {
  /** The kind each class stands for; static so minifiers that rename classes cannot change it. */
  static readonly kind: ErrorKind = 'ExchangeError';
  // Every field is set by the constructor, in this order. Facts an error may lack are set only when
  // known: an absent fact is no property at all, so `console.log(error)` and `util.inspect` list
  // what is known and nothing `undefined`. (`declare`: no class-field initialisation to undefined.)
  /** The error's class name (`RateLimited`), stable across versions and minifiers. */
  declare readonly kind: ErrorKind;
  /**
   * Exchange id (`okx`, `weex`, `okex-v1`), or `core` for local checks made before any exchange was
   * involved.
   */
  declare readonly exchange: string;
  /** The exchange's error code, as a string, when the exchange sent one. */
  declare readonly exchangeCode?: string;
  /** The exchange's own error text, when it sent one. */
  declare readonly exchangeMessage?: string;
  /** HTTP status of the reply, when one arrived. */
  declare readonly httpStatus?: number;
  /**
   * What to do about it, one or two sentences (`Lower the amount to 0.01 or raise it to 0.02 (step 0.01
   * BTC).`); empty when there is nothing to add.
   */
  declare readonly hint: string;
  /**
   * Whether the same call may succeed if sent again later: true by default for `RateLimited`,
   * `ExchangeUnavailable`, `NetworkError` and `TimestampExpired`. For order creation, read `orderState`
   * first.
   */
  declare readonly retryable: boolean;
  /** Method and path of the request that failed (never headers, bodies or secrets); absent for local checks. */
  declare readonly request?: ErrorRequestInfo;
  /**
   * Only on writes that could place an order (`createOrder`, `createOrders`, `closePosition`, …): whether
   * the order exists. See `OrderState`; `unknown` means look it up by `clientOrderId` before sending again.
   */
  declare readonly orderState?: OrderState;
  /**
   * For order creation: the client order id the order was (or would have been) sent with; the key to look it
   * up.
   */
  declare readonly clientOrderId?: string;
  /** For `RateLimited`: how long to wait, ms, when the exchange (or the local limiter) said. */
  declare readonly retryAfterMs?: number;
  /**
   * For an order creation whose outcome stayed unknown because several orders on the exchange match the
   * request and cannot be told apart (OKEx v1 has no client ids): those orders, as read. Decide from them;
   * the library never picks one.
   */
  declare readonly candidateOrders?: readonly Order[];
  /** What happened, without the prefix and hint that `message` adds (not enumerable: `message` shows it). */
  declare readonly detail: string;

  constructor(details: ExchangeErrorDetails) {
    super(details.message ?? '', details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = (new.target as typeof ExchangeError).kind;
    Object.defineProperty(this, 'name', { value: this.kind, enumerable: false, writable: true, configurable: true });
    this.exchange = details.exchange;
    if (details.exchangeCode !== undefined) this.exchangeCode = details.exchangeCode;
    if (details.exchangeMessage !== undefined) this.exchangeMessage = details.exchangeMessage;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    this.hint = details.hint ?? '';
    this.retryable = details.retryable ?? RETRYABLE_BY_DEFAULT.has(this.kind);
    if (details.request !== undefined) this.request = details.request;
    if (details.orderState !== undefined) this.orderState = details.orderState;
    if (details.clientOrderId !== undefined) this.clientOrderId = details.clientOrderId;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.candidateOrders !== undefined) this.candidateOrders = details.candidateOrders;
    Object.defineProperty(this, 'detail', { value: details.message ?? '', enumerable: false });
    this.message = formatErrorMessage(this, details.message);
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** A plain object for logs and JSON: every known fact, no stack, no cause chain. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      kind: this.kind,
      exchange: this.exchange,
      message: this.message,
      exchangeCode: this.exchangeCode,
      exchangeMessage: this.exchangeMessage,
      httpStatus: this.httpStatus,
      hint: this.hint,
      retryable: this.retryable,
      request: this.request,
      orderState: this.orderState,
      clientOrderId: this.clientOrderId,
      retryAfterMs: this.retryAfterMs,
      candidateOrders: this.candidateOrders?.map(({ id, symbol, side, type, price, amount, filled, status, timestamp }) => ({
        id,
        symbol,
        side,
        type,
        price,
        amount,
        filled,
        status,
        timestamp,
      })),
    };
    for (const key of Object.keys(json)) if (json[key] === undefined) delete json[key];
    return json;
  }
}

/**
 * One line: `[okx] TimestampExpired (50102 "Timestamp request expired"): <what happened>. Hint: …`
 */
function formatErrorMessage(error: ExchangeError, summary: string | undefined): string {
  let line = `[${error.exchange}] ${error.kind}`;
  if (error.exchangeCode !== undefined || error.exchangeMessage) {
    const parts = [error.exchangeCode, error.exchangeMessage ? JSON.stringify(error.exchangeMessage) : undefined];
    line += ` (${parts.filter(Boolean).join(' ')})`;
  } else if (error.httpStatus !== undefined) {
    line += ` (HTTP ${error.httpStatus})`;
  }
  if (summary) line += `: ${summary}`;
  if (error.request) line += ` [${error.request.method} ${error.request.path}]`;
  if (error.clientOrderId) line += ` clientOrderId=${error.clientOrderId}`;
  if (error.orderState) line += ` orderState=${error.orderState}`;
  if (error.hint) line += `. Hint: ${error.hint}`;
  return line.replace(/\s*\n\s*/g, ' ');
}

/**
 * The parent of the credential problems: `AuthMissing`, `AuthInvalid`, `TimestampExpired`,
 * `PermissionDenied`, `IpNotAllowed`.
 */
export class AuthenticationError extends ExchangeError {
  static override readonly kind: ErrorKind = 'AuthenticationError';
}
/**
 * A key, secret or passphrase is missing (or is the text `undefined`/`null`/`NaN`); the message names it.
 * Raised before anything is sent.
 */
export class AuthMissing extends AuthenticationError {
  static override readonly kind: ErrorKind = 'AuthMissing';
}
/**
 * The exchange rejected the key, signature or passphrase, or the key was made for another environment
 * (live vs demo) or region.
 */
export class AuthInvalid extends AuthenticationError {
  static override readonly kind: ErrorKind = 'AuthInvalid';
}
/**
 * The request time was outside the exchange's window (clock skew). The library re-syncs its clock offset
 * and retries once before this reaches you; the hint states the measured skew.
 */
export class TimestampExpired extends AuthenticationError {
  static override readonly kind: ErrorKind = 'TimestampExpired';
}
/**
 * The key lacks the permission (read, trade, withdraw), or the account lacks KYC or the account mode the
 * call needs.
 */
export class PermissionDenied extends AuthenticationError {
  static override readonly kind: ErrorKind = 'PermissionDenied';
}
/** This machine's IP is not on the key's IP whitelist. */
export class IpNotAllowed extends AuthenticationError {
  static override readonly kind: ErrorKind = 'IpNotAllowed';
}
/**
 * The exchange throttled the request, or the local limiter refused to wait longer than
 * `rateLimit.maxWaitMs`; `retryAfterMs` says how long to wait when known. Reads are retried for you.
 */
export class RateLimited extends ExchangeError {
  static override readonly kind: ErrorKind = 'RateLimited';
}
/** Not enough balance for the order or transfer. */
export class InsufficientFunds extends ExchangeError {
  static override readonly kind: ErrorKind = 'InsufficientFunds';
}
/** Not enough margin to open or keep the position. */
export class InsufficientMargin extends InsufficientFunds {
  static override readonly kind: ErrorKind = 'InsufficientMargin';
}
/**
 * The order breaks a rule: size, price, tick, lot, minimum, maximum, or a duplicate client order id. Local
 * checks raise it before sending, with a hint naming the nearest valid values.
 */
export class InvalidOrder extends ExchangeError {
  static override readonly kind: ErrorKind = 'InvalidOrder';
}
/** The order does not exist, or is no longer open (already filled or cancelled). */
export class OrderNotFound extends InvalidOrder {
  static override readonly kind: ErrorKind = 'OrderNotFound';
}
/** The market does not exist, is suspended or expired; the hint lists similar symbols. */
export class InvalidSymbol extends ExchangeError {
  static override readonly kind: ErrorKind = 'InvalidSymbol';
}
/**
 * Malformed or missing parameters, or a method called in a state that cannot serve it (markets not
 * loaded).
 */
export class BadRequest extends ExchangeError {
  static override readonly kind: ErrorKind = 'BadRequest';
}
/** The account is frozen, locked or liquidation-frozen; retrying will not help. */
export class AccountRestricted extends ExchangeError {
  static override readonly kind: ErrorKind = 'AccountRestricted';
}
/** Maintenance, an HTTP 5xx, or the exchange is busy. Reads are retried for you. */
export class ExchangeUnavailable extends ExchangeError {
  static override readonly kind: ErrorKind = 'ExchangeUnavailable';
}
/** Timeout, connection reset, DNS failure. Reads are retried; for order creation see `orderState`. */
export class NetworkError extends ExchangeError {
  static override readonly kind: ErrorKind = 'NetworkError';
}
/**
 * The exchange answered something unreadable: an HTML page, a truncated body, or a payload whose shape
 * changed (the message names the field path).
 */
export class BadResponse extends ExchangeError {
  static override readonly kind: ErrorKind = 'BadResponse';
}
/**
 * The exchange, its environment (demo) or this adapter lacks the method, market type or order feature.
 * Check `exchange.has` first; `request()` reaches endpoints outside the unified methods.
 */
export class NotSupported extends ExchangeError {
  static override readonly kind: ErrorKind = 'NotSupported';
}
/** A stream's consumer fell more than `maxBuffered` items behind; the stream ended rather than drop items silently. */
export class StreamOverflow extends ExchangeError {
  static override readonly kind: ErrorKind = 'StreamOverflow';
}

const CLASS_OF: Record<ErrorKind, new (details: ExchangeErrorDetails) => ExchangeError> = {
  ExchangeError,
  AuthenticationError,
  AuthMissing,
  AuthInvalid,
  TimestampExpired,
  PermissionDenied,
  IpNotAllowed,
  RateLimited,
  InsufficientFunds,
  InsufficientMargin,
  InvalidOrder,
  OrderNotFound,
  InvalidSymbol,
  BadRequest,
  AccountRestricted,
  ExchangeUnavailable,
  NetworkError,
  BadResponse,
  NotSupported,
  StreamOverflow,
};

/** Builds the error of a kind chosen at run time (from an adapter's error table). */
export function createError(kind: ErrorKind, details: ExchangeErrorDetails): ExchangeError {
  return new CLASS_OF[kind](details);
}

/** The same error with some facts changed (an order's fate, a better hint); the stack is kept. */
export function reviseError(error: ExchangeError, changes: Partial<Omit<ExchangeErrorDetails, 'exchange'>>): ExchangeError {
  const revised = createError(error.kind, {
    exchange: error.exchange,
    message: error.detail,
    exchangeCode: error.exchangeCode,
    exchangeMessage: error.exchangeMessage,
    httpStatus: error.httpStatus,
    hint: error.hint,
    retryable: error.retryable,
    request: error.request,
    orderState: error.orderState,
    clientOrderId: error.clientOrderId,
    retryAfterMs: error.retryAfterMs,
    candidateOrders: error.candidateOrders,
    cause: error.cause,
    ...changes,
  });
  if (error.stack) revised.stack = error.stack.replace(error.message, revised.message);
  return revised;
}

/**
 * True when `value` is an error of this library — of `kind` or a subkind of it when given — also
 * when it was thrown by another loaded copy of the package.
 */
export function isExchangeError(value: unknown, kind?: ErrorKind): value is ExchangeError {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<PropertyKey, unknown>;
  if (record[BRAND] !== true || !isErrorKind(record.kind)) return false;
  return kind === undefined || kindLineage(record.kind).includes(kind);
}
