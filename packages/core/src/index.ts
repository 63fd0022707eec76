/**
 * `@exchange-adapters/core` for programs that trade: `createExchange`, the `Exchange` interface
 * and the unified types it speaks, the error taxonomy, streams, and the few helpers a program needs.
 * Adapter authors find the machinery (BaseExchange, the request pipeline, rate limiter, schemas and
 * validation, the stream engine) in `@exchange-adapters/core/adapter`.
 *
 * Nothing here exposes a third-party type: no zod.
 *
 * @packageDocumentation
 * @module @exchange-adapters/core
 */
export { createExchange, EXCHANGE_IDS, type ExchangeOf, type ExchangeOptionsOf, type ExchangeRegistry } from './create-exchange.js';
export { createTransport } from './create-transport.js';
export { type ErrorCodeFacts, type ErrorCodeInfo, errorCodeInfo } from './error-table.js';
export {
  AccountRestricted,
  AuthenticationError,
  AuthInvalid,
  AuthMissing,
  BadRequest,
  BadResponse,
  ERROR_KINDS,
  type ErrorKind,
  type ErrorRequestInfo,
  ExchangeError,
  type ExchangeErrorDetails,
  ExchangeUnavailable,
  InsufficientFunds,
  InsufficientMargin,
  InvalidOrder,
  InvalidSymbol,
  IpNotAllowed,
  isErrorKind,
  isExchangeError,
  kindLineage,
  NetworkError,
  NotSupported,
  OrderNotFound,
  type OrderState,
  PermissionDenied,
  RateLimited,
  StreamOverflow,
  TimestampExpired,
} from './errors.js';
export type * from './events.js';
export type { Logger } from './logger.js';
export type { RateLimitStore } from './rate-limit.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry.js';
export type { StreamOptions } from './streams/settings.js';
export type { SocketFactory as StreamSocketFactory, SocketLike as StreamSocket } from './streams/socket.js';
export { Stream, type StreamEvents, type StreamStatus } from './streams/stream.js';
export { expiryCode, formatSymbol, parseSymbol, type SymbolParts } from './symbols.js';
export { type KnownTimeframe, TIMEFRAME_MS, type Timeframe, timeframeToMs } from './timeframes.js';
export { type HttpMethod, type HttpRequest, type HttpResponse, type Transport, type TransportChoice, TransportError } from './transport.js';
export type * from './types.js';
