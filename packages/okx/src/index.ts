/**
 * OKX API v5: `OkxExchange` (spot, perpetual swaps, dated futures; REST and WebSocket), its endpoint and error
 * tables, signer and stream rules; its WebSocket tables, error codes and close codes are
 * `@exchange-adapters/okx/streams`.
 *
 * @packageDocumentation
 * @module @exchange-adapters/okx
 */

export {
  OKX_BUCKETS,
  OKX_ENDPOINTS,
  OKX_MAX_BATCH_ORDERS,
  OKX_REGIONS,
  type OkxEndpointName,
  type OkxEnvironment,
  type OkxRegion,
  type OkxWsUrls,
  okxRestHost,
  okxWsUrls,
} from './endpoints.js';
export { okxErrorTable } from './error-table.js';
export {
  classifyOkxCode,
  createOkxClassifier,
  environmentMismatchHint,
  OKX_ERROR_CODES,
  type OkxErrorEntry,
  okxErrorEntry,
} from './errors.js';
export { createOkxSpec, OKX_CLIENT_ORDER_ID, OKX_TIMEFRAMES, OkxExchange, type OkxExchangeOptions } from './exchange.js';
export {
  type OkxRestSignInput,
  type OkxWsLoginMessage,
  okxPrehash,
  okxRestSignature,
  okxSign,
  okxTimestamp,
  okxWsLoginMessage,
  okxWsLoginSign,
  signOkxRequest,
} from './signer.js';
export { OKX_STREAMS, OKX_STREAMS_ENTRY, OKX_WS_RULES } from './ws-rules.js';

import type { OkxExchange, OkxExchangeOptions } from './exchange.js';

/** Registers this adapter with core, so `createExchange('okx', options)` takes its options and resolves to its class. */
declare module '@exchange-adapters/core' {
  interface ExchangeRegistry {
    /** `createExchange('okx', options)` takes `OkxExchangeOptions` and resolves to `OkxExchange`. */
    okx: { options: OkxExchangeOptions; exchange: OkxExchange };
  }
}
