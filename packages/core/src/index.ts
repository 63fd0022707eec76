export { BaseExchange, chunk, NO_CAPABILITIES, type PreparedEdit, type PreparedOrder } from './base-exchange.js';
export type { ClientOrderIdGrammar } from './client-order-id.js';
export { checkClientOrderId, generateClientOrderId } from './client-order-id.js';
export { type ClockSyncResult, median, offsetOfSample, ServerClock, type ServerTimeSample } from './clock.js';
export { createExchange, EXCHANGE_IDS } from './create-exchange.js';
export { type CredentialField, checkCredentials } from './credentials.js';
export * from './errors.js';
export type * from './events.js';
export { parseJson } from './json.js';
export type { Logger } from './logger.js';
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
  MemoryRateLimitStore,
  type RateCost,
  RateLimiter,
  type RateLimitStore,
  type Reservation,
  type ScopeKeys,
} from './rate-limit.js';
export { Redactor } from './redact.js';
export { backoffDelayMs, DEFAULT_RETRY_POLICY, parseRetryAfterMs, RetryBudget, type RetryPolicy } from './retry.js';
export { expiryCode, formatSymbol, parseSymbol, type SymbolParts } from './symbols.js';
export { TIMEFRAME_MS, type Timeframe, timeframeToMs, wireTimeframe } from './timeframes.js';
export { AxiosTransport, type HttpMethod, type HttpRequest, type HttpResponse, type Transport, TransportError } from './transport.js';
export {
  checkTriggersAgainstMarket,
  NO_ORDER_FEATURES,
  needsMarketPrice,
  type PreparedLeg,
  type PreparedTriggers,
  prepareTriggers,
} from './triggers.js';
export type * from './types.js';
export { formatZodIssue, idString, looseObject, numeric } from './validate.js';
