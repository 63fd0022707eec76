/**
 * `@exchange-adapters/core/adapter`: the machinery for writing an adapter — BaseExchange, the
 * request pipeline, the rate limiter, argument checks, precision and decimal helpers, schema and
 * validation helpers (zod), transports, and the stream engine's contracts. Programs that trade need
 * only the root export, `@exchange-adapters/core`; the names here may change between minor
 * versions as the machinery does.
 *
 * @packageDocumentation
 * @module @exchange-adapters/core/adapter
 */
export {
  type ArgumentCheck,
  type ArgumentSpec,
  badArgument,
  type CheckedRawRequest,
  checkBoolean,
  checkLeverage,
  checkLimit,
  checkMethodArguments,
  checkNumeric,
  checkOneOf,
  checkOrderId,
  checkOrderIds,
  checkParams,
  checkRawRequest,
  checkSince,
  checkSymbol,
  checkSymbols,
  checkTimeframe,
  checkWireValue,
  MAX_LEVERAGE,
  MAX_LIMIT,
  MAX_LIST_LENGTH,
  MAX_TIMESTAMP_MS,
  METHOD_ARGUMENTS,
  type MethodSignature,
  ownValue,
  type ParamsRules,
  readRecord,
  suggestion,
} from './arguments.js';
export { BaseExchange } from './base-exchange.js';
export { NO_CAPABILITIES, NO_STREAMS, streamCapabilities } from './capabilities.js';
export type { ClientOrderIdGrammar } from './client-order-id.js';
export { checkClientOrderId, generateClientOrderId } from './client-order-id.js';
export { type ClockSyncResult, median, monotonicNow, offsetOfSample, ServerClock, type ServerTimeSample } from './clock.js';
export { type CredentialField, checkCredentials } from './credentials.js';
export { Decimal, type DecimalValue } from './decimal.js';
export { describeValue, isPlainObject } from './describe.js';
export { createError, reviseError } from './errors.js';
export { classifyByStatus, type ErrorClassifier, type ErrorSpec, type WireResponse } from './failures.js';
export { parseJson } from './json.js';
export { multiplyDecimals, readDecimal, type WireDecimal } from './numbers.js';
export { loadOptionalPart, registerOptionalPart } from './optional-parts.js';
export { checkExchangeOptions, checkUrl, EXCHANGE_OPTION_RULES, MAX_TIMEOUT_MS, type OptionCheck, type OptionRules } from './options.js';
export { acceptedOrder, chunk } from './order-batches.js';
export type { PreparedEdit, PreparedOrder } from './order-checks.js';
export {
  ORDER_FEATURES,
  ORDER_REQUEST_FIELDS,
  type OrderFeature,
  type OrderRequestFields,
  readOrderRequest,
  unsupportedOrderFeature,
} from './order-request.js';
export {
  type AdapterSpec,
  type CallOptions,
  DEFAULT_TIMEOUT_MS,
  type EndpointDef,
  type EndpointIntent,
  MAX_RESPONSE_BYTES,
  Pipeline,
  type Signer,
  type SignInput,
  type SignOutput,
  sendWithDeadline,
  serializeForm,
  serializeQuery,
  type WriteTrace,
} from './pipeline.js';
export {
  amountToPrecision,
  baseToContracts,
  CALLER_DECIMALS,
  checkOrderAmount,
  checkOrderPrice,
  contractsToBase,
  type DecimalLimits,
  decimalProblem,
  formatDecimal,
  isMultipleOf,
  multiply,
  priceToPrecision,
  type RoundingMode,
  roundToStep,
  toDecimal,
  WIRE_DECIMALS,
} from './precision.js';
export {
  type BucketDef,
  isLocalRateLimit,
  MemoryRateLimitStore,
  originKey,
  type RateCost,
  RateLimiter,
  type RateTicket,
  type Reservation,
  type ScopeKeys,
  type SlotTicket,
} from './rate-limit.js';
export { Redactor, secretForms } from './redact.js';
export { backoffDelayMs, parseRetryAfterMs, RetryBudget } from './retry.js';
export { BookState, type BookStateOptions, scaleAmount } from './streams/book.js';
export type {
  BookMessage,
  SequenceVerdict,
  WireBookLevel,
  WireLevelText,
  WsBookChannel,
  WsChannel,
  WsChannelCheck,
  WsChannels,
  WsHeartbeat,
  WsInbound,
  WsLimits,
  WsRules,
  WsSpec,
  WsSpecContext,
  WsValueChannel,
} from './streams/contract.js';
export type { StreamSink } from './streams/stream.js';
export { wireTimeframe } from './timeframes.js';
export { DEADLINE_EXCEEDED, NodeHttpTransport, RESPONSE_TOO_LARGE } from './transport.js';
export { AxiosTransport } from './transport-axios.js';
export { UndiciTransport } from './transport-undici.js';
export {
  checkTriggersAgainstMarket,
  NO_ORDER_FEATURES,
  needsMarketPrice,
  type PreparedLeg,
  type PreparedTriggers,
  prepareTriggers,
} from './triggers.js';
export {
  bookLevels,
  compiledCheck,
  formatZodError,
  formatZodIssue,
  type Infer,
  idString,
  issueMessage,
  looseObject,
  numeric,
  parseWire,
  readBookLevels,
  type Schema,
  type ValidationResult,
  validate,
  type WireLevel,
} from './validate.js';
export type { CancelItem } from './writes.js';
