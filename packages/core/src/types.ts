/**
 * Unified types and the `Exchange` interface (DESIGN §2). These names are the public contract.
 * Numbers in results are JS numbers; ids are strings; `info` keeps the exchange's own payload.
 */
import type { EventEmitter } from 'eventemitter3';
import type { ExchangeEvents } from './events.js';
import type { Logger } from './logger.js';
import type { RateLimitStore } from './rate-limit.js';
import type { RetryPolicy } from './retry.js';
import type { StreamOptions } from './streams/settings.js';
import type { Stream } from './streams/stream.js';
import type { Transport } from './transport.js';

export type ExchangeId = 'okx' | 'weex' | 'okex-v1';
export type MarketType = 'spot' | 'swap' | 'future';
export type AmountUnit = 'base' | 'contracts';
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO';
export type OrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';
export type MarginMode = 'cross' | 'isolated';
/** A decimal given by the caller: a number or a decimal string such as `"0.001"`. */
export type Numeric = number | string;

export interface MinMax {
  min?: number;
  max?: number;
}

export interface Market {
  /** The exchange's id for this market (`BTC-USDT-SWAP`, `ETHUSDT`, `btc_usdt`). */
  id: string;
  /** Unified symbol: `BTC/USDT`, `BTC/USDT:USDT`, `BTC/USD:BTC`, `BTC/USDT:USDT-251226`. */
  symbol: string;
  base: string;
  quote: string;
  settle?: string;
  type: MarketType;
  spot: boolean;
  contract: boolean;
  linear?: boolean;
  inverse?: boolean;
  /** Base units (linear) or quote units (inverse) one contract stands for. */
  contractSize?: number;
  /** Unit of `amount` in orders, positions and books: base currency, or contracts for inverse. */
  amountUnit: AmountUnit;
  active: boolean;
  /** Price tick and amount step, in the unified amount unit. */
  precision: { price: number; amount: number };
  limits: { amount: MinMax; price: MinMax; cost: MinMax; leverage?: MinMax };
  /** Expiry of a dated future, ms. */
  expiry?: number;
  info: unknown;
}

export interface Ticker {
  symbol: string;
  timestamp: number;
  last?: number;
  bid?: number;
  bidSize?: number;
  ask?: number;
  askSize?: number;
  open?: number;
  high?: number;
  low?: number;
  baseVolume?: number;
  quoteVolume?: number;
  info: unknown;
}

/** `[price, amount]`; amount in the market's unified unit. */
export type OrderBookLevel = [price: number, amount: number];

export interface OrderBook {
  symbol: string;
  timestamp?: number;
  sequence?: number;
  /** Highest first. */
  bids: OrderBookLevel[];
  /** Lowest first. */
  asks: OrderBookLevel[];
  info?: unknown;
}

export interface Fee {
  currency: string;
  /** Positive: paid by the user. Negative: a rebate. */
  cost: number;
  rate?: number;
}

export interface Trade {
  id: string;
  symbol: string;
  timestamp: number;
  /** For public trades the taker's side; for own trades the user's side. */
  side: OrderSide;
  price: number;
  amount: number;
  cost: number;
  orderId?: string;
  clientOrderId?: string;
  takerOrMaker?: 'taker' | 'maker';
  fee?: Fee;
  info: unknown;
}

/** `[timestamp ms, open, high, low, close, volume]`. */
export type OHLCV = [timestamp: number, open: number, high: number, low: number, close: number, volume: number];

export interface Balance {
  free: number;
  used: number;
  total: number;
}

export interface Balances {
  info: unknown;
  timestamp?: number;
  assets: Record<string, Balance>;
}

export interface Order {
  id: string;
  clientOrderId: string;
  symbol: string;
  type: OrderType;
  side: OrderSide;
  status: OrderStatus;
  price?: number;
  average?: number;
  amount: number;
  filled: number;
  remaining: number;
  cost?: number;
  timestamp: number;
  lastUpdateTimestamp?: number;
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  fee?: Fee;
  /** Set on batch results whose item failed; the other fields then echo the request. */
  error?: import('./errors.js').ExchangeError;
  info: unknown;
}

/**
 * An order as a write's acknowledgement describes it. A cancel is acknowledged with ids and an
 * outcome, not with the order: which side it was, how much filled before the cancel, at what
 * average price — the acknowledgement does not say, so those fields are absent here rather than
 * guessed. `id` and `symbol` are always known; `status` is `'canceled'` for a cancel the exchange
 * accepted and absent when the outcome is not known (a failed item, with `error` set); every other
 * field is present only when the reply, or an order list read for the same call (the snapshot
 * `cancelAllOrders` needs anyway), stated it. Fields that can change until the cancel lands —
 * `filled`, `remaining`, `average`, `cost`, `fee` — are never taken from such a snapshot.
 *
 * Every complete `Order` is an `OrderAck`. The final state of a cancelled order comes from
 * `fetchOrder`, or from `cancelOrder(id, symbol, { fetchFinalState: true })`.
 */
export type OrderAck = Pick<Order, 'id' | 'symbol' | 'info'> & Partial<Omit<Order, 'id' | 'symbol' | 'info'>>;

export interface CancelOptions {
  /**
   * After the cancel is acknowledged, read the order(s) back and return the final state (fill
   * amounts, average price, fees): one more request per order (per 50 on OKEx v1). When that read
   * fails, the acknowledgement is returned as it is and a `warning` event says why; the cancel
   * itself never turns into an error because a read after it failed. Default false.
   */
  fetchFinalState?: boolean;
}

export interface Position {
  symbol: string;
  side: 'long' | 'short';
  /** Size in base units (contracts for inverse markets). */
  amount: number;
  contracts?: number;
  entryPrice: number;
  markPrice?: number;
  unrealizedPnl: number;
  leverage: number;
  marginMode: MarginMode;
  liquidationPrice?: number;
  info: unknown;
}

export interface OrderRequest {
  symbol: string;
  type: OrderType;
  side: OrderSide;
  /** Base units for spot and linear contracts; contracts for inverse (see `Market.amountUnit`). */
  amount: Numeric;
  price?: Numeric;
  /** Sent as given; generated in the exchange's grammar when absent. */
  clientOrderId?: string;
  timeInForce?: TimeInForce;
  reduceOnly?: boolean;
  /** Exchange-specific fields merged into the wire request. */
  params?: Record<string, unknown>;
}

export interface BalanceQuery {
  /** `spot` (default) or `swap` where the exchange keeps a separate futures account. */
  type?: 'spot' | 'swap';
}

export interface LeverageOptions {
  marginMode?: MarginMode;
  side?: 'long' | 'short';
  params?: Record<string, unknown>;
}

export interface RawRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  path: string;
  query?: Record<string, unknown>;
  body?: unknown;
  signed?: boolean;
}

/** Which unified methods this exchange supports; calling one marked false throws `NotSupported`. */
export interface ExchangeCapabilities {
  fetchMarkets: boolean;
  fetchTime: boolean;
  fetchTicker: boolean;
  fetchTickers: boolean;
  fetchOrderBook: boolean;
  fetchTrades: boolean;
  fetchOHLCV: boolean;
  fetchBalance: boolean;
  createOrder: boolean;
  createOrders: boolean;
  cancelOrder: boolean;
  cancelOrders: boolean;
  cancelAllOrders: boolean;
  fetchOrder: boolean;
  fetchOpenOrders: boolean;
  fetchClosedOrders: boolean;
  fetchMyTrades: boolean;
  fetchPositions: boolean;
  setLeverage: boolean;
  spot: boolean;
  swap: boolean;
  future: boolean;
  demo: boolean;
  watchTicker: boolean;
  watchOrderBook: boolean;
  watchTrades: boolean;
  watchOHLCV: boolean;
  watchOrders: boolean;
  watchMyTrades: boolean;
  watchBalance: boolean;
  watchPositions: boolean;
}

export interface OrderBookWatchOptions {
  /** Levels per side the stream yields (and picks the exchange channel by); default the channel's full depth. */
  depth?: number;
}

/**
 * API credentials. Each field also accepts `undefined` (under `exactOptionalPropertyTypes` too), so
 * `apiKey: process.env.OKX_API_KEY` type-checks; a missing one is `AuthMissing` at the first
 * private call, naming the field.
 */
export interface Credentials {
  apiKey?: string | undefined;
  secret?: string | undefined;
  passphrase?: string | undefined;
}

/**
 * Options of every exchange (adapters add their own). A field set to `undefined` counts as absent,
 * so options can be assembled from configuration without filtering it first.
 */
export interface ExchangeOptions extends Credentials {
  /** One origin that replaces every REST host of the exchange (simulator, proxy, tests). */
  baseUrl?: string | undefined;
  /**
   * Likewise for WebSocket: an origin (`ws://127.0.0.1:8080`) replacing every WebSocket host with
   * the exchange's paths kept, or full URLs per socket kind (`{ public, private, business }`) where
   * one origin cannot tell them apart.
   */
  wsUrl?: string | Readonly<Record<string, string>> | undefined;
  /** Demo / simulated trading where the exchange offers it; `NotSupported` where it does not. */
  demo?: boolean | undefined;
  /** OKX only. */
  region?: 'global' | 'eea' | 'us' | undefined;
  /** Per request; default 10 000. */
  timeoutMs?: number | undefined;
  /** Learn the offset to the exchange's clock and correct signed timestamps; default true. */
  clockSync?: boolean | undefined;
  /** Client-side rate limiting per endpoint bucket; default true. */
  rateLimit?: boolean | RateLimitOptions | undefined;
  /** Retry policy for reads and cancels; `false` disables retries. */
  retry?: Partial<RetryPolicy> | false | undefined;
  /** Validate payloads against the adapter's schemas; default true. */
  validateResponses?: boolean | undefined;
  logger?: Logger | undefined;
  /** Plug in another HTTP client. */
  transport?: Transport | undefined;
  /** The local clock, ms since epoch; injectable for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** WebSocket streams: buffering, heartbeat and reconnect settings. */
  streams?: StreamOptions | undefined;
}

export interface RateLimitOptions {
  /** Where bucket state lives; memory by default, a shared store lets processes share one budget. */
  store?: RateLimitStore;
  /** In-flight requests at most; default 16. */
  maxConcurrency?: number;
  /** Fraction of each documented limit to use, for headroom; default 1. */
  utilization?: number;
}

export interface Exchange {
  readonly id: ExchangeId | (string & {});
  readonly has: Readonly<ExchangeCapabilities>;
  /** Markets by unified symbol once loaded. */
  readonly markets: Readonly<Record<string, Market>> | undefined;

  on<E extends keyof ExchangeEvents>(event: E, listener: EventEmitter.EventListener<ExchangeEvents, E>): this;
  off<E extends keyof ExchangeEvents>(event: E, listener?: EventEmitter.EventListener<ExchangeEvents, E>): this;
  once<E extends keyof ExchangeEvents>(event: E, listener: EventEmitter.EventListener<ExchangeEvents, E>): this;

  loadMarkets(reload?: boolean): Promise<Record<string, Market>>;
  fetchMarkets(): Promise<Market[]>;
  market(symbol: string): Market;
  fetchTime(): Promise<number>;
  fetchTicker(symbol: string): Promise<Ticker>;
  fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>>;
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook>;
  fetchTrades(symbol: string, since?: number, limit?: number): Promise<Trade[]>;
  fetchOHLCV(symbol: string, timeframe?: string, since?: number, limit?: number): Promise<OHLCV[]>;
  fetchBalance(query?: BalanceQuery): Promise<Balances>;
  createOrder(request: OrderRequest): Promise<Order>;
  createOrders(requests: OrderRequest[]): Promise<Order[]>;
  /**
   * Cancels one order with one request and returns it as the acknowledgement describes it (see
   * `OrderAck`); throws when the exchange refuses. A retry after a lost reply that meets "already
   * cancelled" reads the order and reports it cancelled when it is.
   */
  cancelOrder(id: string, symbol: string, options?: CancelOptions): Promise<OrderAck>;
  /** One request per exchange batch (OKX 20, WEEX 50, OKEx v1 3 ids); a refused id carries `error`. */
  cancelOrders(ids: string[], symbol: string, options?: CancelOptions): Promise<OrderAck[]>;
  cancelAllOrders(symbol?: string, options?: CancelOptions): Promise<OrderAck[]>;
  fetchOrder(id: string, symbol: string): Promise<Order>;
  fetchOpenOrders(symbol?: string): Promise<Order[]>;
  fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]>;
  fetchMyTrades(symbol?: string, since?: number, limit?: number): Promise<Trade[]>;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  setLeverage(leverage: number, symbol: string, options?: LeverageOptions): Promise<void>;
  amountToPrecision(symbol: string, amount: Numeric): string;
  priceToPrecision(symbol: string, price: Numeric): string;
  request<T = unknown>(request: RawRequest): Promise<T>;

  // Streams (DESIGN §7): synchronous; nothing is sent until the stream is iterated or a `data`
  // listener is attached. A stream the exchange lacks throws NotSupported here.
  watchTicker(symbol: string): Stream<Ticker>;
  watchOrderBook(symbol: string, options?: OrderBookWatchOptions): Stream<OrderBook>;
  watchTrades(symbol: string): Stream<Trade>;
  watchOHLCV(symbol: string, timeframe: string): Stream<OHLCV>;
  watchOrders(symbol?: string): Stream<Order>;
  watchMyTrades(symbol?: string): Stream<Trade>;
  watchBalance(query?: BalanceQuery): Stream<Balances>;
  /** Each change of a position; a closed position comes with amount 0. */
  watchPositions(symbols?: string[]): Stream<Position>;

  /** Releases sockets (streams included) and timers. */
  close(): Promise<void>;
}
