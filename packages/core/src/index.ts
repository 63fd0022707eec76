export { BaseExchange, chunk, NO_CAPABILITIES, type PreparedOrder } from './base-exchange.js';
export type { ClientOrderIdGrammar } from './client-order-id.js';
export { checkClientOrderId, generateClientOrderId } from './client-order-id.js';
export { type ClockSyncResult, median, offsetOfSample, ServerClock, type ServerTimeSample } from './clock.js';
export { createExchange, EXCHANGE_IDS } from './create-exchange.js';
export { createTransport } from './create-transport.js';
export { type CredentialField, checkCredentials } from './credentials.js';
export * from './errors.js';
export type * from './events.js';
export { parseJson } from './json.js';
export type { Logger } from './logger.js';
export { multiplyDecimals, readDecimal, type WireDecimal } from './numbers.js';
export {
  type AdapterSpec,
  type CallOptions,
  classifyByStatus,
  type EndpointDef,
  type EndpointIntent,
  type ErrorClassifier,
  type ErrorSpec,
  Pipeline,
  type Signer,
  type SignInput,
  type SignOutput,
  serializeForm,
  serializeQuery,
  type WireResponse,
} from './pipeline.js';
export {
  amountToPrecision,
  baseToContracts,
  checkOrderAmount,
  checkOrderPrice,
  contractsToBase,
  formatDecimal,
  isMultipleOf,
  multiply,
  priceToPrecision,
  type RoundingMode,
  roundToStep,
  toDecimal,
} from './precision.js';
export {
  type BucketDef,
  isLocalRateLimit,
  MemoryRateLimitStore,
  type RateCost,
  RateLimiter,
  type RateLimitStore,
  type RateTicket,
  type Reservation,
  type ScopeKeys,
  type SlotTicket,
} from './rate-limit.js';
export { Redactor } from './redact.js';
export { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, RetryBudget, type RetryPolicy } from './retry.js';
export { expiryCode, formatSymbol, parseSymbol, type SymbolParts } from './symbols.js';
export { TIMEFRAME_MS, type Timeframe, timeframeToMs, wireTimeframe } from './timeframes.js';
export {
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  NodeHttpTransport,
  type Transport,
  type TransportChoice,
  TransportError,
} from './transport.js';
export { AxiosTransport } from './transport-axios.js';
export { UndiciTransport } from './transport-undici.js';
export type * from './types.js';
export { compiledCheck, formatZodIssue, idString, looseObject, numeric, validate } from './validate.js';
