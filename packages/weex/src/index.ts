/**
 * WEEX V3: `WeexExchange` (spot `/api/v3` and USDT-margined futures `/capi/v3`; REST and WebSocket), its
 * endpoint and error tables, signer and stream rules; its WebSocket tables are `@exchange-adapters/weex/streams`.
 *
 * @packageDocumentation
 * @module @exchange-adapters/weex
 */

export { BUCKETS, ENDPOINTS, HOSTS, WEEX_SOCKET_KINDS, type WeexSocketKind, type WeexWsUrls, weexWsUrls } from './endpoints.js';
export { weexErrorTable } from './error-table.js';
export { classifyResponse, errorSpecFor, WEEX_ERROR_CODES, type WeexErrorEntry } from './errors.js';
export { CLIENT_ORDER_ID_GRAMMAR, WEEX_SPEC, WeexExchange, type WeexExchangeOptions } from './exchange.js';
export { type PrehashParts, prehash, signPrehash, signRequest, webSocketAuthHeaders } from './signer.js';
export { WEEX_STREAMS, WEEX_STREAMS_ENTRY, weexWsRules } from './ws-rules.js';

import type { WeexExchange, WeexExchangeOptions } from './exchange.js';

/** Registers this adapter with core, so `createExchange('weex', options)` takes its options and resolves to its class. */
declare module '@exchange-adapters/core' {
  interface ExchangeRegistry {
    /** `createExchange('weex', options)` takes `WeexExchangeOptions` and resolves to `WeexExchange`. */
    weex: { options: WeexExchangeOptions; exchange: WeexExchange };
  }
}
