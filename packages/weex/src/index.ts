export { BUCKETS, ENDPOINTS, HOSTS, WEEX_SOCKET_KINDS, type WeexSocketKind, type WeexWsUrls, weexWsUrls } from './endpoints.js';
export { weexErrorTable } from './error-table.js';
export { classifyResponse, errorSpecFor, WEEX_ERROR_CODES, type WeexErrorEntry } from './errors.js';
export { CLIENT_ORDER_ID_GRAMMAR, WEEX_SPEC, WeexExchange } from './exchange.js';
export { type PrehashParts, prehash, signPrehash, signRequest, webSocketAuthHeaders } from './signer.js';
export {
  classifyWeexWsError,
  createWeexWsSpec,
  parseWeexFrame,
  WEEX_BOOK_CHANNELS,
  WEEX_STREAMS,
  type WeexWsSpecOptions,
  weexBookSequence,
  weexChannelKey,
  weexPong,
  weexSubscribeFrame,
  weexUnsubscribeFrame,
  weexUpgradeRefusal,
} from './ws.js';
