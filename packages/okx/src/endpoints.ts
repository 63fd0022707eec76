/**
 * OKX v5 endpoints and their documented rate limits (protocols/okx-v5.md §3 and §5), as data.
 * Limits are per 2 s: public endpoints count per IP, private ones per user id, trading endpoints
 * per user id + instrument. Batch endpoints count orders, so their cost is set per call.
 */
import type { BucketDef, EndpointDef, RateCost } from '@exchange-adapters/core/adapter';

const TWO_SECONDS = 2_000;

const perIp = (limit: number, windowMs = TWO_SECONDS): BucketDef => ({ limit, windowMs, scope: 'ip' });
const perUser = (limit: number): BucketDef => ({ limit, windowMs: TWO_SECONDS, scope: 'account' });
const perUserAndInstrument = (limit: number): BucketDef => ({ limit, windowMs: TWO_SECONDS, scope: 'account+symbol' });

/**
 * OKX's documented rate limits as buckets (per 2 s): per IP for public endpoints, per user id for private
 * ones, per user id and instrument for trading.
 */
export const OKX_BUCKETS = {
  // public, per IP
  time: perIp(10),
  // Documented per IP + instType; one bucket for all types stays under every per-type limit.
  instruments: perIp(20),
  ticker: perIp(20),
  tickers: perIp(20),
  books: perIp(40),
  booksFull: perIp(10),
  trades: perIp(100),
  candles: perIp(40),
  historyCandles: perIp(20),
  systemStatus: perIp(1, 5_000),
  publicOther: perIp(10),
  // private, per user id
  balance: perUser(10),
  fundingBalance: perUser(12),
  positions: perUser(10),
  accountConfig: perUser(5),
  setLeverage: perUser(20),
  maxSize: perUser(20),
  maxAvailSize: perUser(20),
  ordersPending: perUser(60),
  ordersHistory: perUser(40),
  ordersHistoryArchive: perUser(20),
  fills: perUser(60),
  fillsHistory: perUser(10),
  algoOrders: perUser(20),
  // Trading-surface endpoints (docs per endpoint; ccxt's costs agree): funding and prices per
  // IP (+ instrument), account settings and transfers per user.
  fundingRate: perIp(20),
  fundingRateHistory: perIp(10),
  markPrice: perIp(10),
  indexTickers: perIp(20),
  leverageInfo: perUser(20),
  tradeFee: perUser(5),
  setPositionMode: perUser(5),
  // Funds transfer: 2 per second per user and currency; one bucket per user stays under it.
  transfer: perUser(2),
  transferState: perUser(20),
  privateOther: perUser(10),
  // The sub-account cap on new + amended orders across all instruments (50061).
  subAccountOrders: perUser(1000),
  // trading, per user id + instrument; batch buckets count orders, not requests
  placeOrder: perUserAndInstrument(60),
  batchOrders: perUserAndInstrument(300),
  cancelOrder: perUserAndInstrument(60),
  batchCancel: perUserAndInstrument(300),
  amendOrder: perUserAndInstrument(60),
  closePosition: perUserAndInstrument(20),
  batchAmend: perUserAndInstrument(300),
  orderDetail: perUserAndInstrument(60),
} as const satisfies Record<string, BucketDef>;

export type OkxBucket = keyof typeof OKX_BUCKETS;

const spend = (bucket: OkxBucket, cost = 1): RateCost => ({ bucket, cost });

const publicRead = (path: string, bucket: OkxBucket): EndpointDef => ({
  method: 'GET',
  path,
  auth: 'public',
  rateLimits: [spend(bucket)],
  intent: 'read',
});
const privateRead = (path: string, bucket: OkxBucket): EndpointDef => ({
  method: 'GET',
  path,
  auth: 'private',
  rateLimits: [spend(bucket)],
  intent: 'read',
});
const privatePost = (path: string, intent: EndpointDef['intent'], ...costs: RateCost[]): EndpointDef => ({
  method: 'POST',
  path,
  auth: 'private',
  rateLimits: costs,
  intent,
});

/**
 * The endpoint table: path, method, auth, rate-limit costs and retry intent of every call the OKX adapter
 * makes.
 */
export const OKX_ENDPOINTS = {
  time: publicRead('/api/v5/public/time', 'time'),
  systemStatus: publicRead('/api/v5/system/status', 'systemStatus'),
  instruments: publicRead('/api/v5/public/instruments', 'instruments'),
  ticker: publicRead('/api/v5/market/ticker', 'ticker'),
  tickers: publicRead('/api/v5/market/tickers', 'tickers'),
  books: publicRead('/api/v5/market/books', 'books'),
  booksFull: publicRead('/api/v5/market/books-full', 'booksFull'),
  trades: publicRead('/api/v5/market/trades', 'trades'),
  candles: publicRead('/api/v5/market/candles', 'candles'),
  historyCandles: publicRead('/api/v5/market/history-candles', 'historyCandles'),

  balance: privateRead('/api/v5/account/balance', 'balance'),
  fundingBalance: privateRead('/api/v5/asset/balances', 'fundingBalance'),
  positions: privateRead('/api/v5/account/positions', 'positions'),
  accountConfig: privateRead('/api/v5/account/config', 'accountConfig'),
  maxSize: privateRead('/api/v5/account/max-size', 'maxSize'),
  maxAvailSize: privateRead('/api/v5/account/max-avail-size', 'maxAvailSize'),
  setLeverage: privatePost('/api/v5/account/set-leverage', 'write', spend('setLeverage')),
  leverageInfo: privateRead('/api/v5/account/leverage-info', 'leverageInfo'),
  tradeFee: privateRead('/api/v5/account/trade-fee', 'tradeFee'),
  setPositionMode: privatePost('/api/v5/account/set-position-mode', 'write', spend('setPositionMode')),
  // Writes reconciled by a client id after a lost reply go through the create path (intent 'create').
  transfer: privatePost('/api/v5/asset/transfer', 'create', spend('transfer')),
  transferState: privateRead('/api/v5/asset/transfer-state', 'transferState'),

  fundingRate: publicRead('/api/v5/public/funding-rate', 'fundingRate'),
  fundingRateHistory: publicRead('/api/v5/public/funding-rate-history', 'fundingRateHistory'),
  markPrice: publicRead('/api/v5/public/mark-price', 'markPrice'),
  indexTickers: publicRead('/api/v5/market/index-tickers', 'indexTickers'),

  order: privateRead('/api/v5/trade/order', 'orderDetail'),
  ordersPending: privateRead('/api/v5/trade/orders-pending', 'ordersPending'),
  ordersHistory: privateRead('/api/v5/trade/orders-history', 'ordersHistory'),
  ordersHistoryArchive: privateRead('/api/v5/trade/orders-history-archive', 'ordersHistoryArchive'),
  fills: privateRead('/api/v5/trade/fills', 'fills'),
  fillsHistory: privateRead('/api/v5/trade/fills-history', 'fillsHistory'),

  placeOrder: privatePost('/api/v5/trade/order', 'create', spend('placeOrder'), spend('subAccountOrders')),
  // Cost 1 here; the adapter charges one unit per order of the batch.
  batchOrders: privatePost('/api/v5/trade/batch-orders', 'create', spend('batchOrders'), spend('subAccountOrders')),
  cancelOrder: privatePost('/api/v5/trade/cancel-order', 'cancel', spend('cancelOrder')),
  batchCancel: privatePost('/api/v5/trade/cancel-batch-orders', 'cancel', spend('batchCancel')),
  // An amendment with a lost reply is resolved by reading the order (reqId identifies it), like a create.
  amendOrder: privatePost('/api/v5/trade/amend-order', 'create', spend('amendOrder'), spend('subAccountOrders')),
  batchAmend: privatePost('/api/v5/trade/amend-batch-orders', 'write', spend('batchAmend'), spend('subAccountOrders')),

  placeAlgoOrder: privatePost('/api/v5/trade/order-algo', 'create', spend('algoOrders')),
  cancelAlgoOrders: privatePost('/api/v5/trade/cancel-algos', 'cancel', spend('algoOrders')),
  algoOrder: privateRead('/api/v5/trade/order-algo', 'algoOrders'),
  algoOrdersPending: privateRead('/api/v5/trade/orders-algo-pending', 'algoOrders'),
  algoOrdersHistory: privateRead('/api/v5/trade/orders-algo-history', 'algoOrders'),
  closePosition: privatePost('/api/v5/trade/close-position', 'create', spend('closePosition')),
} as const satisfies Record<string, EndpointDef>;

/** The name of an entry of `OKX_ENDPOINTS`. */
export type OkxEndpointName = keyof typeof OKX_ENDPOINTS;

/** Endpoints whose replies carry one `sCode` per item; top-level "1"/"2" is then read per item. */
export const OKX_BATCH_PATHS: ReadonlySet<string> = new Set([
  OKX_ENDPOINTS.batchOrders.path,
  OKX_ENDPOINTS.batchCancel.path,
  OKX_ENDPOINTS.batchAmend.path,
  OKX_ENDPOINTS.cancelAlgoOrders.path,
]);

/** The same endpoint charged `units` per bucket: a batch of n orders costs n. */
export function withCost(endpoint: EndpointDef, units: number): EndpointDef {
  return { ...endpoint, rateLimits: endpoint.rateLimits.map((rate) => ({ ...rate, cost: (rate.cost ?? 1) * units })) };
}

/** Buckets of a path that is not in the table (`request()`). */
export function otherRateLimits(auth: 'public' | 'private'): RateCost[] {
  return [spend(auth === 'public' ? 'publicOther' : 'privateOther')];
}

/** Most orders one batch request may carry. */
export const OKX_MAX_BATCH_ORDERS = 20;

// ── hosts ──────────────────────────────────────────────────────────────────────────────────────

/** The OKX site a key belongs to: `global` (www.okx.com), `eea` (my.okx.com), `us` (app.okx.com). */
export type OkxRegion = 'global' | 'eea' | 'us';

/** Every `OkxRegion`. */
export const OKX_REGIONS: readonly OkxRegion[] = ['global', 'eea', 'us'];

/** Which OKX site and environment a key belongs to. */
export interface OkxEnvironment {
  /** The OKX site: `global` (www.okx.com), `eea` (my.okx.com), `us` (app.okx.com). */
  region: OkxRegion;
  /** Demo trading (`x-simulated-trading: 1`). */
  demo: boolean;
}

/** REST origins by environment (§1.1, §1.2). The current docs send demo REST to openapi.okx.com. */
const REST_HOSTS: Record<OkxRegion, { live: string; demo: string }> = {
  global: { live: 'https://www.okx.com', demo: 'https://openapi.okx.com' },
  eea: { live: 'https://eea.okx.com', demo: 'https://eea.okx.com' },
  us: { live: 'https://us.okx.com', demo: 'https://us.okx.com' },
};

const WS_HOSTS: Record<OkxRegion, { live: string; demo: string }> = {
  global: { live: 'wss://ws.okx.com:8443', demo: 'wss://wspap.okx.com:8443' },
  eea: { live: 'wss://wseea.okx.com:8443', demo: 'wss://wseeapap.okx.com:8443' },
  us: { live: 'wss://wsus.okx.com:8443', demo: 'wss://wsuspap.okx.com:8443' },
};

/** The website where keys of each region are created, for hints. */
export const OKX_REGION_SITES: Record<OkxRegion, string> = { global: 'www.okx.com', eea: 'my.okx.com', us: 'app.okx.com' };

/**
 * The REST origin of a site and environment (`https://www.okx.com`; demo on the global site
 * `https://openapi.okx.com`).
 */
export function okxRestHost(environment: OkxEnvironment): string {
  return REST_HOSTS[environment.region][environment.demo ? 'demo' : 'live'];
}

/** OKX WebSocket URLs per socket kind. */
export interface OkxWsUrls {
  /** Public channels (tickers, books, trades). */
  public: string;
  /** Private channels after login (orders, balance, positions). */
  private: string;
  /** Candles and algo orders. */
  business: string;
}

/**
 * WebSocket URLs of an environment; `wsUrl` replaces the origin as `baseUrl` does for REST, or
 * names full URLs per socket kind (`{ public, private, business }`, the others keep the default).
 */
export function okxWsUrls(environment: OkxEnvironment, wsUrl?: string | Readonly<Record<string, string>>): OkxWsUrls {
  const origin = (typeof wsUrl === 'string' ? wsUrl : WS_HOSTS[environment.region][environment.demo ? 'demo' : 'live']).replace(/\/+$/, '');
  const urls = { public: `${origin}/ws/v5/public`, private: `${origin}/ws/v5/private`, business: `${origin}/ws/v5/business` };
  if (typeof wsUrl === 'object' && wsUrl !== null) {
    for (const kind of ['public', 'private', 'business'] as const) {
      const url = wsUrl[kind];
      if (typeof url === 'string' && url !== '') urls[kind] = url;
    }
  }
  return urls;
}

/** Unified timeframe → OKX `bar`. Bars of 6 h and longer default to Hong Kong time; `utc` aligns them to UTC. */
export const OKX_TIMEFRAMES: Readonly<Record<string, string>> = Object.freeze({
  '1m': '1m',
  '3m': '3m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1H',
  '2h': '2H',
  '4h': '4H',
  '6h': '6Hutc',
  '12h': '12Hutc',
  '1d': '1Dutc',
  '3d': '3Dutc',
  '1w': '1Wutc',
  '1M': '1Mutc',
});
