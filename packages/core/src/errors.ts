/**
 * The error taxonomy (DESIGN §3). Every failure the library reports is one of these classes; `kind`
 * is the class name as a stable string, so programs can branch on it even when two copies of this
 * package are loaded (where `instanceof` fails). Use `isExchangeError(err, kind)` for that.
 */
import type { Order } from './types.js';

export type OrderState = 'not-placed' | 'unknown' | 'placed';

/** What an error may say about the request that caused it. Never headers, bodies or secrets. */
export interface ErrorRequestInfo {
  method: string;
  path: string;
}

export interface ExchangeErrorDetails {
  /** Exchange id (`okx`, `weex`, `okex-v1`) or `core` for local checks before any exchange is involved. */
  exchange: string;
  message?: string;
  exchangeCode?: string;
  exchangeMessage?: string;
  httpStatus?: number;
  /** One or two sentences that tell the user what to do. */
  hint?: string;
  /** Overrides the kind's default. */
  retryable?: boolean;
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

export type ErrorKind = keyof typeof PARENT_OF;

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

export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && Object.hasOwn(PARENT_OF, value);
}

export class ExchangeError extends Error {
  /** The kind each class stands for; static so minifiers that rename classes cannot change it. */
  static readonly kind: ErrorKind = 'ExchangeError';
  // Every field is set by the constructor, in this order. Facts an error may lack are set only when
  // known: an absent fact is no property at all, so `console.log(error)` and `util.inspect` list
  // what is known and nothing `undefined`. (`declare`: no class-field initialisation to undefined.)
  declare readonly kind: ErrorKind;
  declare readonly exchange: string;
  declare readonly exchangeCode?: string;
  declare readonly exchangeMessage?: string;
  declare readonly httpStatus?: number;
  declare readonly hint: string;
  declare readonly retryable: boolean;
  declare readonly request?: ErrorRequestInfo;
  declare readonly orderState?: OrderState;
  declare readonly clientOrderId?: string;
  declare readonly retryAfterMs?: number;
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

export class AuthenticationError extends ExchangeError {
  static override readonly kind: ErrorKind = 'AuthenticationError';
}
export class AuthMissing extends AuthenticationError {
  static override readonly kind: ErrorKind = 'AuthMissing';
}
export class AuthInvalid extends AuthenticationError {
  static override readonly kind: ErrorKind = 'AuthInvalid';
}
export class TimestampExpired extends AuthenticationError {
  static override readonly kind: ErrorKind = 'TimestampExpired';
}
export class PermissionDenied extends AuthenticationError {
  static override readonly kind: ErrorKind = 'PermissionDenied';
}
export class IpNotAllowed extends AuthenticationError {
  static override readonly kind: ErrorKind = 'IpNotAllowed';
}
export class RateLimited extends ExchangeError {
  static override readonly kind: ErrorKind = 'RateLimited';
}
export class InsufficientFunds extends ExchangeError {
  static override readonly kind: ErrorKind = 'InsufficientFunds';
}
export class InsufficientMargin extends InsufficientFunds {
  static override readonly kind: ErrorKind = 'InsufficientMargin';
}
export class InvalidOrder extends ExchangeError {
  static override readonly kind: ErrorKind = 'InvalidOrder';
}
export class OrderNotFound extends InvalidOrder {
  static override readonly kind: ErrorKind = 'OrderNotFound';
}
export class InvalidSymbol extends ExchangeError {
  static override readonly kind: ErrorKind = 'InvalidSymbol';
}
export class BadRequest extends ExchangeError {
  static override readonly kind: ErrorKind = 'BadRequest';
}
export class AccountRestricted extends ExchangeError {
  static override readonly kind: ErrorKind = 'AccountRestricted';
}
export class ExchangeUnavailable extends ExchangeError {
  static override readonly kind: ErrorKind = 'ExchangeUnavailable';
}
export class NetworkError extends ExchangeError {
  static override readonly kind: ErrorKind = 'NetworkError';
}
export class BadResponse extends ExchangeError {
  static override readonly kind: ErrorKind = 'BadResponse';
}
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
