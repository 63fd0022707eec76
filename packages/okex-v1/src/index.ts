export { BUCKETS, HOSTS } from './endpoints.js';
export { okexV1ErrorTable } from './error-table.js';
export { FUTURES_ERRORS, REST_ERRORS, SPOT_ERRORS, SPOT_TRADE_ERRORS, type V1ErrorEntry } from './errors.js';
export { OkexV1Exchange, type OkexV1Options } from './exchange.js';
export { type ContractType, FUTURES_COINS, MIN_ORDER_SIZES, SPOT_PAIRS, type SpotMarketSpec } from './markets.js';
export { sign, signedForm, signingString } from './signer.js';
