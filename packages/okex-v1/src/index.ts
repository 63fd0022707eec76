/**
 * Legacy OKEx v1 (`*.do`, MD5-signed form posts): `OkexV1Exchange` (spot and coin-margined futures; REST and
 * WebSocket), its market, endpoint and error tables, signer and stream rules; its WebSocket tables are
 * `@exchange-adapters/okex-v1/streams`.
 *
 * @packageDocumentation
 * @module @exchange-adapters/okex-v1
 */

export { BUCKETS, HOSTS, type OkexV1WsUrls, okexV1WsUrls, WS_URL } from './endpoints.js';
export { okexV1ErrorTable } from './error-table.js';
export { FUTURES_ERRORS, REST_ERRORS, SPOT_ERRORS, SPOT_TRADE_ERRORS, type V1ErrorEntry, WS_ERRORS, wsErrorSpecForCode } from './errors.js';
export { OkexV1Exchange, type OkexV1Options } from './exchange.js';
export { type ContractType, FUTURES_COINS, MIN_ORDER_SIZES, SPOT_PAIRS, type SpotMarketSpec } from './markets.js';
export { sign, signedForm, signingString } from './signer.js';
export { OKEX_V1_STREAMS, OKEX_V1_STREAMS_ENTRY, OKEX_V1_WS_RULES, V1_WS_TIMEFRAMES } from './ws-rules.js';

import type { OkexV1Exchange, OkexV1Options } from './exchange.js';

/** Registers this adapter with core, so `createExchange('okex-v1', options)` takes its options and resolves to its class. */
declare module '@exchange-adapters/core' {
  interface ExchangeRegistry {
    /** `createExchange('okex-v1', options)` takes `OkexV1Options` and resolves to `OkexV1Exchange`. */
    'okex-v1': { options: OkexV1Options; exchange: OkexV1Exchange };
  }
}
