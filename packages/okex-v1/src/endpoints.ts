/**
 * The OKEx v1 endpoint table (protocols/okex-v1.md §1–2, limits §6.1). Public market data is an
 * unsigned GET; every account and trading call is a signed form POST. Limits are per endpoint and
 * per API key (public ones per IP), plus 3000 requests per 5 minutes per IP across all endpoints,
 * whose breach blocks the IP for an hour.
 */
import type { BucketDef, EndpointDef, EndpointIntent, RateCost } from '@exchange-adapters/core/adapter';

/** REST hosts by name (`default` first). */
export const HOSTS = { default: 'https://www.okex.com' } as const;

const TWO_SECONDS = 2_000;

const perIp = (limit: number, windowMs = TWO_SECONDS): BucketDef => ({ limit, windowMs, scope: 'ip' });
const perKey = (limit: number, windowMs = TWO_SECONDS): BucketDef => ({ limit, windowMs, scope: 'account' });

/** The documented rate limits, per bucket (see the protocol notes' rate-limit section). */
export const BUCKETS = {
  /** Every request, public or private: 3000 per 5 minutes per IP (§6.1). */
  ip: perIp(3000, 300_000),
  // Spot, public: 20 / 2 s each (tickers presumably the same).
  ticker: perIp(20),
  tickers: perIp(20),
  depth: perIp(20),
  trades: perIp(20),
  kline: perIp(20),
  // Spot, private.
  userinfo: perKey(6),
  wallet_info: perKey(6),
  trade: perKey(20),
  batch_trade: perKey(20),
  cancel_order: perKey(20),
  order_info: perKey(20),
  orders_info: perKey(20),
  // Futures, public: 20 / 2 s each (2019 docs).
  futures_public: perIp(20),
  // Futures, private (2019 docs).
  future_userinfo: perKey(5),
  future_position: perKey(10),
  future_trade: perKey(20),
  future_batch_trade: perKey(10),
  future_cancel: perKey(10),
  future_order_info: perKey(20),
  future_orders_info: perKey(20),
  future_userinfo_4fix: perKey(5),
  future_position_4fix: perKey(10),
  future_explosive: perKey(10),
  future_devolve: perKey(10),
  future_trades_history: perKey(1, 30_000),
  /** Endpoints without a documented limit share one conservative budget per side. */
  public_other: perIp(20),
  private_other: perKey(20),
} as const satisfies Record<string, BucketDef>;

export type BucketName = keyof typeof BUCKETS;

const path = (name: string) => `/api/v1/${name}.do`;

/**
 * v1 sends order and trade ids as JSON numbers, undocumented in size: signed replies and trade
 * lists keep long ones exact (`bigIntegers`); tickers, books and candles take plain JSON.parse.
 */
function publicGet(name: string, bucket: BucketName): EndpointDef {
  const bigIntegers = name.includes('trades');
  return { method: 'GET', path: path(name), auth: 'public', rateLimits: [{ bucket: 'ip' }, { bucket }], intent: 'read', bigIntegers };
}

function privatePost(name: string, bucket: BucketName, intent: EndpointIntent): EndpointDef {
  return {
    method: 'POST',
    path: path(name),
    auth: 'private',
    rateLimits: [{ bucket: 'ip' }, { bucket }],
    intent,
    bodyEncoding: 'form',
    bigIntegers: true,
  };
}

/**
 * The endpoint table: path, method, auth, rate-limit costs and retry intent of every call the adapter
 * makes.
 */
export const ENDPOINTS = {
  // ── spot, public ──
  ticker: publicGet('ticker', 'ticker'),
  tickers: publicGet('tickers', 'tickers'),
  depth: publicGet('depth', 'depth'),
  trades: publicGet('trades', 'trades'),
  kline: publicGet('kline', 'kline'),
  // ── spot, private ──
  userinfo: privatePost('userinfo', 'userinfo', 'read'),
  wallet_info: privatePost('wallet_info', 'wallet_info', 'read'),
  trade: privatePost('trade', 'trade', 'create'),
  batch_trade: privatePost('batch_trade', 'batch_trade', 'create'),
  cancel_order: privatePost('cancel_order', 'cancel_order', 'cancel'),
  order_info: privatePost('order_info', 'order_info', 'read'),
  orders_info: privatePost('orders_info', 'orders_info', 'read'),
  order_history: privatePost('order_history', 'private_other', 'read'),
  withdraw: privatePost('withdraw', 'private_other', 'write'),
  cancel_withdraw: privatePost('cancel_withdraw', 'private_other', 'write'),
  withdraw_info: privatePost('withdraw_info', 'private_other', 'read'),
  account_records: privatePost('account_records', 'private_other', 'read'),
  funds_transfer: privatePost('funds_transfer', 'private_other', 'write'),
  // ── futures, public ──
  future_ticker: publicGet('future_ticker', 'futures_public'),
  future_depth: publicGet('future_depth', 'futures_public'),
  future_trades: publicGet('future_trades', 'futures_public'),
  future_index: publicGet('future_index', 'futures_public'),
  exchange_rate: publicGet('exchange_rate', 'futures_public'),
  future_estimated_price: publicGet('future_estimated_price', 'futures_public'),
  future_kline: publicGet('future_kline', 'futures_public'),
  future_hold_amount: publicGet('future_hold_amount', 'futures_public'),
  future_price_limit: publicGet('future_price_limit', 'futures_public'),
  future_mark_price: publicGet('future_mark_price', 'futures_public'),
  // ── futures, private ──
  future_userinfo: privatePost('future_userinfo', 'future_userinfo', 'read'),
  future_position: privatePost('future_position', 'future_position', 'read'),
  future_trade: privatePost('future_trade', 'future_trade', 'create'),
  future_batch_trade: privatePost('future_batch_trade', 'future_batch_trade', 'create'),
  future_cancel: privatePost('future_cancel', 'future_cancel', 'cancel'),
  future_order_info: privatePost('future_order_info', 'future_order_info', 'read'),
  future_orders_info: privatePost('future_orders_info', 'future_orders_info', 'read'),
  future_userinfo_4fix: privatePost('future_userinfo_4fix', 'future_userinfo_4fix', 'read'),
  future_position_4fix: privatePost('future_position_4fix', 'future_position_4fix', 'read'),
  future_trades_history: privatePost('future_trades_history', 'future_trades_history', 'read'),
  future_explosive: privatePost('future_explosive', 'future_explosive', 'read'),
  future_devolve: privatePost('future_devolve', 'future_devolve', 'write'),
} as const satisfies Record<string, EndpointDef>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Buckets for a path the table does not know (`request()`). */
export function rawRateLimits(auth: 'public' | 'private'): RateCost[] {
  return [{ bucket: 'ip' }, { bucket: auth === 'private' ? 'private_other' : 'public_other' }];
}

/** Most ids per call: `cancel_order.do` 3, `future_cancel.do` 3 (2018 EN; 5 in 2019), `orders_info.do` 50. */
export const MAX_CANCEL_IDS = 3;
export const MAX_ORDERS_INFO_IDS = 50;
/** Orders per `batch_trade.do` call. */
export const MAX_BATCH_ORDERS = 5;

// ── WebSocket (§6.2) ────────────────────────────────────────────────────────────────────────────

/** Spot and futures on one socket since the late-2018 docs; private channels follow a login on it. */
export const WS_URL = 'wss://real.okex.com:10440/ws/v1';
const WS_PATH = '/ws/v1';

/** The WebSocket URL of OKEx v1 (one socket for every channel). */
export interface OkexV1WsUrls {
  /** The one socket kind: public channels and, after login, the private ones. */
  ws: string;
}

/** `wsUrl` as an origin keeps the path (`ws://127.0.0.1:8080` → `…/ws/v1`); a map names `{ ws }`. */
export function okexV1WsUrls(wsUrl?: string | Readonly<Record<string, string>>): OkexV1WsUrls {
  if (typeof wsUrl === 'string') return { ws: `${wsUrl.replace(/\/+$/, '')}${WS_PATH}` };
  if (typeof wsUrl === 'object' && wsUrl !== null && typeof wsUrl.ws === 'string' && wsUrl.ws !== '') return { ws: wsUrl.ws };
  return { ws: WS_URL };
}

/** Candle periods of `kline.do` (§1.1); `3day` left the docs in 2018-09. */
export const V1_TIMEFRAMES: Readonly<Record<string, string>> = {
  '1m': '1min',
  '3m': '3min',
  '5m': '5min',
  '15m': '15min',
  '30m': '30min',
  '1h': '1hour',
  '2h': '2hour',
  '4h': '4hour',
  '6h': '6hour',
  '12h': '12hour',
  '1d': '1day',
  '1w': '1week',
};
