/**
 * The WEEX V3 endpoint table (protocols/weex.md §3, §5): spot on api-spot.weex.com under /api/v3,
 * USDT-margined futures on api-contract.weex.com under /capi/v3. Weights are the per-endpoint
 * costs of §5 (spot / futures); the order caps of the WEEX FAQ are buckets of their own.
 */
import type { BucketDef, EndpointDef, RateCost } from '@exchange-adapters/core';

export const HOSTS = {
  default: 'https://api-spot.weex.com',
  contract: 'https://api-contract.weex.com',
} as const;

const TEN_SECONDS = 10_000;
const ONE_MINUTE = 60_000;

export const BUCKETS: Readonly<Record<string, BucketDef>> = {
  // 500 weight per 10 s, counted per IP for public and per UID for signed endpoints (§5).
  spotPublic: { limit: 500, windowMs: TEN_SECONDS, scope: 'ip' },
  spotPrivate: { limit: 500, windowMs: TEN_SECONDS, scope: 'account' },
  contractPublic: { limit: 500, windowMs: TEN_SECONDS, scope: 'ip' },
  contractPrivate: { limit: 500, windowMs: TEN_SECONDS, scope: 'account' },
  // Order caps from the WEEX FAQ (2026-04).
  spotPlace: { limit: 100, windowMs: ONE_MINUTE, scope: 'account' },
  spotCancel: { limit: 80, windowMs: TEN_SECONDS, scope: 'account' },
  spotCancelPerMinute: { limit: 200, windowMs: ONE_MINUTE, scope: 'account' },
  contractPlace: { limit: 50, windowMs: ONE_MINUTE, scope: 'account' },
  // The FAQ row reads "futures cancel 50/…" with the window cut off; a minute is the safe reading.
  contractCancel: { limit: 50, windowMs: ONE_MINUTE, scope: 'account' },
};

const spotPublic = (cost: number): RateCost[] => [{ bucket: 'spotPublic', cost }];
const spotPrivate = (cost: number, ...caps: string[]): RateCost[] => [
  { bucket: 'spotPrivate', cost },
  ...caps.map((bucket) => ({ bucket, cost: 1 })),
];
const contractPublic = (cost: number): RateCost[] => [{ bucket: 'contractPublic', cost }];
const contractPrivate = (cost: number, ...caps: string[]): RateCost[] => [
  { bucket: 'contractPrivate', cost },
  ...caps.map((bucket) => ({ bucket, cost: 1 })),
];

/**
 * WEEX sends order, trade and account ids of 18 digits as JSON numbers (§0): every signed reply and
 * the public trade lists are parsed so they stay exact. Books, tickers, candles and symbol lists
 * carry none and take plain JSON.parse.
 */
function carriesIds(path: string, auth: EndpointDef['auth']): boolean {
  return auth === 'private' || path.endsWith('/trades');
}

function spot(
  method: EndpointDef['method'],
  path: string,
  auth: EndpointDef['auth'],
  intent: EndpointDef['intent'],
  rateLimits: RateCost[],
): EndpointDef {
  return { method, path, auth, intent, rateLimits, bigIntegers: carriesIds(path, auth) };
}

function contract(
  method: EndpointDef['method'],
  path: string,
  auth: EndpointDef['auth'],
  intent: EndpointDef['intent'],
  rateLimits: RateCost[],
): EndpointDef {
  return { method, path, auth, intent, rateLimits, host: 'contract', bigIntegers: carriesIds(path, auth) };
}

export const ENDPOINTS = {
  // ── spot, public ──
  spotTime: spot('GET', '/api/v3/time', 'public', 'read', spotPublic(1)),
  spotExchangeInfo: spot('GET', '/api/v3/exchangeInfo', 'public', 'read', spotPublic(20)),
  spotTicker24hr: spot('GET', '/api/v3/market/ticker/24hr', 'public', 'read', spotPublic(2)),
  spotDepth: spot('GET', '/api/v3/market/depth', 'public', 'read', spotPublic(5)),
  spotTrades: spot('GET', '/api/v3/market/trades', 'public', 'read', spotPublic(25)),
  spotKlines: spot('GET', '/api/v3/market/klines', 'public', 'read', spotPublic(2)),
  // ── spot, signed ──
  // The trailing slash is part of the path and of the signature (§3.7).
  spotAccount: spot('GET', '/api/v3/account/', 'private', 'read', spotPrivate(5)),
  spotPlaceOrder: spot('POST', '/api/v3/order', 'private', 'create', spotPrivate(5, 'spotPlace')),
  spotCancelOrder: spot('DELETE', '/api/v3/order', 'private', 'cancel', spotPrivate(1, 'spotCancel', 'spotCancelPerMinute')),
  spotBatchCancel: spot('DELETE', '/api/v3/order/batch', 'private', 'cancel', spotPrivate(10, 'spotCancel', 'spotCancelPerMinute')),
  spotCancelAll: spot('DELETE', '/api/v3/openOrders', 'private', 'cancel', spotPrivate(1, 'spotCancel', 'spotCancelPerMinute')),
  spotOrder: spot('GET', '/api/v3/order', 'private', 'read', spotPrivate(2)),
  spotOpenOrders: spot('GET', '/api/v3/openOrders', 'private', 'read', spotPrivate(3)),
  spotAllOrders: spot('GET', '/api/v3/allOrders', 'private', 'read', spotPrivate(10)),
  spotMyTrades: spot('GET', '/api/v3/myTrades', 'private', 'read', spotPrivate(5)),

  // ── futures, public ──
  contractTime: contract('GET', '/capi/v3/market/time', 'public', 'read', contractPublic(1)),
  contractExchangeInfo: contract('GET', '/capi/v3/market/exchangeInfo', 'public', 'read', contractPublic(1)),
  contractTicker24hr: contract('GET', '/capi/v3/market/ticker/24hr', 'public', 'read', contractPublic(40)),
  contractBookTicker: contract('GET', '/capi/v3/market/ticker/bookTicker', 'public', 'read', contractPublic(1)),
  contractDepth: contract('GET', '/capi/v3/market/depth', 'public', 'read', contractPublic(1)),
  contractTrades: contract('GET', '/capi/v3/market/trades', 'public', 'read', contractPublic(5)),
  contractKlines: contract('GET', '/capi/v3/market/klines', 'public', 'read', contractPublic(1)),
  contractHistoryKlines: contract('GET', '/capi/v3/market/historyKlines', 'public', 'read', contractPublic(5)),
  // Weights as Weex.Net declares them (protocols/weex.md §5).
  contractPremiumIndex: contract('GET', '/capi/v3/market/premiumIndex', 'public', 'read', contractPublic(1)),
  contractFundingRate: contract('GET', '/capi/v3/market/fundingRate', 'public', 'read', contractPublic(5)),
  // ── futures, signed ──
  contractBalance: contract('GET', '/capi/v3/account/balance', 'private', 'read', contractPrivate(10)),
  contractPlaceOrder: contract('POST', '/capi/v3/order', 'private', 'create', contractPrivate(5, 'contractPlace')),
  contractCancelOrder: contract('DELETE', '/capi/v3/order', 'private', 'cancel', contractPrivate(3, 'contractCancel')),
  contractBatchCancel: contract('DELETE', '/capi/v3/batchOrders', 'private', 'cancel', contractPrivate(10, 'contractCancel')),
  contractCancelAll: contract('DELETE', '/capi/v3/allOpenOrders', 'private', 'cancel', contractPrivate(10, 'contractCancel')),
  contractOrder: contract('GET', '/capi/v3/order', 'private', 'read', contractPrivate(3)),
  contractOpenOrders: contract('GET', '/capi/v3/openOrders', 'private', 'read', contractPrivate(10)),
  contractOrderHistory: contract('GET', '/capi/v3/order/history', 'private', 'read', contractPrivate(10)),
  contractUserTrades: contract('GET', '/capi/v3/userTrades', 'private', 'read', contractPrivate(5)),
  contractPositions: contract('GET', '/capi/v3/account/position/allPosition', 'private', 'read', contractPrivate(15)),
  // symbolConfig has no published weight; it is charged like singlePosition.
  contractSymbolConfig: contract('GET', '/capi/v3/account/symbolConfig', 'private', 'read', contractPrivate(3)),
  contractLeverage: contract('POST', '/capi/v3/account/leverage', 'private', 'write', contractPrivate(10)),
  contractMarginType: contract('POST', '/capi/v3/account/marginType', 'private', 'write', contractPrivate(1)),
  contractCommissionRate: contract('GET', '/capi/v3/account/commissionRate', 'private', 'read', contractPrivate(10)),
  // Conditional orders and closes are looked up, never resent blindly, after a lost reply (intent 'create').
  contractAlgoOrder: contract('POST', '/capi/v3/algoOrder', 'private', 'create', contractPrivate(5, 'contractPlace')),
  contractCancelAlgoOrder: contract('DELETE', '/capi/v3/algoOrder', 'private', 'cancel', contractPrivate(3, 'contractCancel')),
  contractOpenAlgoOrders: contract('GET', '/capi/v3/openAlgoOrders', 'private', 'read', contractPrivate(3)),
  contractAllAlgoOrders: contract('GET', '/capi/v3/allAlgoOrders', 'private', 'read', contractPrivate(10)),
  contractClosePositions: contract('POST', '/capi/v3/closePositions', 'private', 'create', contractPrivate(50, 'contractPlace')),

  // ── futures demo trading: the documented /capi/v3/sim/* endpoints (§1) ──
  contractSimBalance: contract('GET', '/capi/v3/sim/balance', 'private', 'read', contractPrivate(10)),
  contractSimPositions: contract('GET', '/capi/v3/sim/position/allPosition', 'private', 'read', contractPrivate(15)),
  contractSimPlaceOrder: contract('POST', '/capi/v3/sim/order', 'private', 'create', contractPrivate(5, 'contractPlace')),
  contractSimCancelOrder: contract('DELETE', '/capi/v3/sim/order', 'private', 'cancel', contractPrivate(3, 'contractCancel')),
  contractSimOrder: contract('GET', '/capi/v3/sim/order', 'private', 'read', contractPrivate(3)),
  contractSimOrderHistory: contract('GET', '/capi/v3/sim/order/history', 'private', 'read', contractPrivate(10)),
} as const satisfies Record<string, EndpointDef>;

export type EndpointName = keyof typeof ENDPOINTS;

/** Live futures endpoints and their demo counterparts; those without one are not offered in demo mode. */
export const DEMO_ENDPOINTS: Partial<Record<EndpointName, EndpointName>> = {
  contractBalance: 'contractSimBalance',
  contractPositions: 'contractSimPositions',
  contractPlaceOrder: 'contractSimPlaceOrder',
  contractCancelOrder: 'contractSimCancelOrder',
  contractOrder: 'contractSimOrder',
  contractOrderHistory: 'contractSimOrderHistory',
};

/** Which host a raw path belongs to: /capi/* is the futures API. */
export function hostOfPath(path: string): 'default' | 'contract' {
  return path.startsWith('/capi/') ? 'contract' : 'default';
}

/** Buckets for a path the table does not know, by host and auth. */
export function rateLimitsOfPath(path: string, auth: 'public' | 'private'): RateCost[] {
  const family = hostOfPath(path) === 'contract' ? 'contract' : 'spot';
  return [{ bucket: `${family}${auth === 'private' ? 'Private' : 'Public'}`, cost: 1 }];
}

/** Candle intervals by unified timeframe (§3.6); the wire names match the unified ones. */
export const SPOT_TIMEFRAMES: Readonly<Record<string, string>> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
  '2h': '2h',
  '4h': '4h',
  '6h': '6h',
  '8h': '8h',
  '12h': '12h',
  '1d': '1d',
  '1w': '1w',
  '1M': '1M',
};

export const CONTRACT_TIMEFRAMES: Readonly<Record<string, string>> = {
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
  '4h': '4h',
  '12h': '12h',
  '1d': '1d',
  '1w': '1w',
};

/** Ids per batch cancel: V3 states none, V1/V2 reject more than 50 (40912). */
export const MAX_IDS_PER_BATCH_CANCEL = 50;

// ── WebSocket (§6) ──────────────────────────────────────────────────────────────────────────────

/** Socket kinds: spot and futures hosts, each with a public and a private (upgrade-signed) socket. */
export const WEEX_SOCKET_KINDS = ['spot-public', 'spot-private', 'contract-public', 'contract-private'] as const;
export type WeexSocketKind = (typeof WEEX_SOCKET_KINDS)[number];
export type WeexWsUrls = Partial<Record<WeexSocketKind, string>>;

const WS_PATHS: Readonly<Record<WeexSocketKind, string>> = {
  'spot-public': '/v3/ws/public',
  'spot-private': '/v3/ws/private',
  'contract-public': '/v3/ws/public',
  'contract-private': '/v3/ws/private',
};

const WS_HOSTS: Readonly<Record<WeexSocketKind, string>> = {
  'spot-public': 'wss://ws-spot.weex.com',
  'spot-private': 'wss://ws-spot.weex.com',
  'contract-public': 'wss://ws-contract.weex.com',
  'contract-private': 'wss://ws-contract.weex.com',
};

/**
 * WebSocket URLs per socket kind. Spot and futures sockets have the same paths on different hosts,
 * so one origin cannot serve both: a string `wsUrl` replaces the spot host only (futures streams
 * then refuse with a hint), a map names each kind it replaces.
 */
export function weexWsUrls(wsUrl?: string | Readonly<Record<string, string>>): WeexWsUrls {
  const urls: WeexWsUrls = {};
  for (const kind of WEEX_SOCKET_KINDS) urls[kind] = `${WS_HOSTS[kind]}${WS_PATHS[kind]}`;
  if (typeof wsUrl === 'string') {
    const origin = wsUrl.replace(/\/+$/, '');
    urls['spot-public'] = `${origin}${WS_PATHS['spot-public']}`;
    urls['spot-private'] = `${origin}${WS_PATHS['spot-private']}`;
    delete urls['contract-public'];
    delete urls['contract-private'];
  } else if (typeof wsUrl === 'object' && wsUrl !== null) {
    for (const kind of WEEX_SOCKET_KINDS) {
      const url = wsUrl[kind];
      if (typeof url === 'string' && url !== '') urls[kind] = url;
    }
  }
  return urls;
}

/** What the private upgrade signs: `timestamp + "/v3/ws/private"` (§2.2, vector 5), whatever the URL. */
export const WS_PRIVATE_SIGN_PATH = '/v3/ws/private';
