export { BUCKETS, HOSTS, type OkexV1WsUrls, okexV1WsUrls, WS_URL } from './endpoints.js';
export { okexV1ErrorTable } from './error-table.js';
export { FUTURES_ERRORS, REST_ERRORS, SPOT_ERRORS, SPOT_TRADE_ERRORS, type V1ErrorEntry, WS_ERRORS, wsErrorSpecForCode } from './errors.js';
export { OkexV1Exchange, type OkexV1Options } from './exchange.js';
export { type ContractType, FUTURES_COINS, MIN_ORDER_SIZES, SPOT_PAIRS, type SpotMarketSpec } from './markets.js';
export { sign, signedForm, signingString } from './signer.js';
export {
  classifyV1WsError,
  createOkexV1WsSpec,
  inflateV1Frame,
  OKEX_V1_STREAMS,
  type OkexV1WsSpecOptions,
  parseV1Frame,
  V1_WS_TIMEFRAMES,
  v1ChannelKey,
  v1LoginFrame,
  v1SubscribeFrame,
  v1UnsubscribeFrame,
} from './ws.js';
