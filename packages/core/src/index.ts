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
export {
  BaseExchange,
  chunk,
  NO_CAPABILITIES,
  NO_STREAMS,
  type PreparedEdit,
  type PreparedOrder,
  streamCapabilities,
} from './base-exchange.js';
export type { ClientOrderIdGrammar } from './client-order-id.js';
export { checkClientOrderId, generateClientOrderId } from './client-order-id.js';
export { type ClockSyncResult, median, monotonicNow, offsetOfSample, ServerClock, type ServerTimeSample } from './clock.js';
export { createExchange, EXCHANGE_IDS } from './create-exchange.js';
export { createTransport } from './create-transport.js';
export { type CredentialField, checkCredentials } from './credentials.js';
export { describeValue, isPlainObject } from './describe.js';
export { type ErrorCodeFacts, type ErrorCodeInfo, errorCodeInfo } from './error-table.js';
export * from './errors.js';
export type * from './events.js';
export { parseJson } from './json.js';
export type { Logger } from './logger.js';
export { multiplyDecimals, readDecimal, type WireDecimal } from './numbers.js';
export { checkExchangeOptions, checkUrl, EXCHANGE_OPTION_RULES, MAX_TIMEOUT_MS, type OptionCheck, type OptionRules } from './options.js';
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
  classifyByStatus,
  DEFAULT_TIMEOUT_MS,
  type EndpointDef,
  type EndpointIntent,
  type ErrorClassifier,
  type ErrorSpec,
  MAX_RESPONSE_BYTES,
  Pipeline,
  type Signer,
  type SignInput,
  type SignOutput,
  sendWithDeadline,
  serializeForm,
  serializeQuery,
  type WireResponse,
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
  type RateLimitStore,
  type RateTicket,
  type Reservation,
  type ScopeKeys,
  type SlotTicket,
} from './rate-limit.js';
export { Redactor, secretForms } from './redact.js';
export { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, RetryBudget, type RetryPolicy } from './retry.js';
export { BookState, type BookStateOptions, scaleAmount } from './streams/book.js';
export type {
  BookMessage,
  SequenceVerdict,
  WireBookLevel,
  WireLevelText,
  WsBookChannel,
  WsChannel,
  WsChannels,
  WsHeartbeat,
  WsInbound,
  WsLimits,
  WsSpec,
  WsSpecContext,
  WsValueChannel,
} from './streams/contract.js';
export type { StreamOptions } from './streams/settings.js';
export type { SocketFactory as StreamSocketFactory, SocketLike as StreamSocket } from './streams/socket.js';
export { Stream, type StreamEvents, type StreamSink, type StreamStatus } from './streams/stream.js';
export { expiryCode, formatSymbol, parseSymbol, type SymbolParts } from './symbols.js';
export { TIMEFRAME_MS, type Timeframe, timeframeToMs, wireTimeframe } from './timeframes.js';
export {
  DEADLINE_EXCEEDED,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  NodeHttpTransport,
  RESPONSE_TOO_LARGE,
  type Transport,
  type TransportChoice,
  TransportError,
} from './transport.js';
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
export type * from './types.js';
export {
  bookLevels,
  compiledCheck,
  formatZodIssue,
  idString,
  looseObject,
  numeric,
  readBookLevels,
  validate,
  type WireLevel,
} from './validate.js';
export type { CancelItem } from './writes.js';
