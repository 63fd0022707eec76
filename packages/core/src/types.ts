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
import type { Timeframe } from './timeframes.js';
import type { TransportChoice } from './transport.js';

export type ExchangeId = 'okx' | 'weex' | 'okex-v1';
export type MarketType = 'spot' | 'swap' | 'future';
export type AmountUnit = 'base' | 'contracts';
export type OrderSide = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO';
export type OrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';
export type MarginMode = 'cross' | 'isolated';
/** The price a trigger watches: the last trade, the mark price or the index. */
export type TriggerPriceType = 'last' | 'mark' | 'index';
/** Which way the watched price must cross the trigger price for the order to fire. */
export type TriggerDirection = 'above' | 'below';
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
  /** Contracts only, where the exchange's ticker carries them. */
  markPrice?: number;
  indexPrice?: number;
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
  /** Trigger orders: the price that fires them. */
  triggerPrice?: number;
  /** Trigger orders and entries with attached TP/SL: the legs' trigger prices. */
  stopLossPrice?: number;
  takeProfitPrice?: number;
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

export interface CancelOptions extends OrderScope {
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

/** A take-profit or stop-loss leg attached to an entry (or to a trigger order). */
export interface AttachedTrigger {
  triggerPrice: Numeric;
  /** Limit price once fired; omitted: the leg executes at market. */
  price?: Numeric;
  /** Default `'last'`. */
  triggerPriceType?: TriggerPriceType;
}

/** The fields every order request has, whatever its type. */
export interface OrderRequestBase {
  /** Unified symbol: `'BTC/USDT'`, `'BTC/USDT:USDT'`. */
  symbol: string;
  side: OrderSide;
  /**
   * How much, in the market's unified unit (`Market.amountUnit`): base units for spot and linear
   * contracts, contracts for inverse ones. A decimal string keeps every digit: `'0.001'`.
   */
  amount: Numeric;
  /** Sent as given (in the exchange's grammar); generated when absent. It is how a lost reply is found again. */
  clientOrderId?: string | undefined;
  /**
   * Limit orders: `'GTC'` (default), `'IOC'`, `'FOK'`, or `'PO'` (post-only: rests as maker or is
   * cancelled). Which ones a market type takes: `has.orderFeatures[type].timeInForce`; market orders
   * are always immediate-or-cancel.
   */
  timeInForce?: TimeInForce | undefined;
  /** Contract markets: the order may only shrink a position (`has.orderFeatures[type].reduceOnly`). */
  reduceOnly?: boolean | undefined;
  /**
   * Makes this a trigger (stop / conditional) order: nothing rests on the book until the watched
   * price crosses it, then an order of `type` (and `price`) is placed.
   */
  triggerPrice?: Numeric | undefined;
  /**
   * Which way the price must cross. Default: `'above'` for buys, `'below'` for sells — a stop. A
   * trigger already on the far side of the market is refused before anything is sent.
   */
  triggerDirection?: TriggerDirection | undefined;
  /** Default `'last'`; see `has.orderFeatures[type].triggerPriceTypes`. */
  triggerPriceType?: TriggerPriceType | undefined;
  /** Closes the position this order opens when the price moves against it. */
  stopLoss?: AttachedTrigger | undefined;
  /** Closes the position this order opens when the price moves in its favour. */
  takeProfit?: AttachedTrigger | undefined;
  /** Exchange-specific wire fields merged into the request; fields the adapter writes itself are refused. */
  params?: Record<string, unknown> | undefined;
}

/**
 * A limit order: it executes at `price` or better, and rests on the book (GTC, PO) or not (IOC,
 * FOK). With `triggerPrice`, `price` is the limit the order gets once triggered.
 */
export interface LimitOrderRequest extends OrderRequestBase {
  type: 'limit';
  /** The limit price, quote currency per base unit; it must sit on the market's tick. */
  price: Numeric;
}

/**
 * A market order: it executes at once against the book and never rests. With `triggerPrice`, it
 * executes at market once triggered.
 */
export interface MarketOrderRequest extends OrderRequestBase {
  type: 'market';
  /**
   * Not a limit: the fill price is the book's. Only OKEx v1 reads it, on a market buy, which v1
   * sizes in quote currency: price × amount of quote is spent (or `params.cost`). Elsewhere omit it.
   */
  price?: Numeric | undefined;
}

/** What `createOrder` takes: a limit order (with its `price`) or a market order (without). */
export type OrderRequest = LimitOrderRequest | MarketOrderRequest;

/** What `editOrder` changes; an omitted field keeps its value. */
export interface OrderEdit {
  /** The new total amount (filled part included), in the market's unified unit. */
  amount?: Numeric;
  price?: Numeric;
  params?: Record<string, unknown>;
}

/** Selects trigger (algo / conditional) orders instead of orders on the book. */
export interface OrderScope {
  trigger?: boolean;
}

export interface FundingRate {
  symbol: string;
  /** The rate of the current funding period (charged at `fundingTimestamp`). */
  fundingRate: number;
  /** When the current rate is charged, ms. */
  fundingTimestamp: number;
  /** The predicted rate of the following period, where the exchange publishes one. */
  nextFundingRate?: number;
  nextFundingTimestamp?: number;
  markPrice?: number;
  indexPrice?: number;
  /** Time between settlements, ms, where known. */
  interval?: number;
  timestamp?: number;
  info: unknown;
}

/** One funding settlement that took place. */
export interface FundingRateHistoryEntry {
  symbol: string;
  fundingRate: number;
  /** When it was charged, ms. */
  timestamp: number;
  info: unknown;
}

export interface MarkPrice {
  symbol: string;
  markPrice?: number;
  indexPrice?: number;
  timestamp: number;
  info: unknown;
}

export interface Leverage {
  symbol: string;
  marginMode: MarginMode;
  /** The leverage orders use; in hedge mode with isolated margin, the long side's. */
  leverage: number;
  longLeverage?: number;
  shortLeverage?: number;
  info: unknown;
}

export interface TradingFee {
  symbol: string;
  /** Fractions of the traded value: 0.001 = 0.1 %. Negative: a rebate. */
  maker: number;
  taker: number;
  info: unknown;
}

/**
 * An account's own wallets: `'spot'` and `'swap'` (WEEX spot and futures accounts), `'funding'`
 * and `'trading'` (OKX). Other names are refused before anything is sent.
 */
export type TransferAccount = 'spot' | 'swap' | 'funding' | 'trading';

export interface TransferResult {
  id?: string;
  /** The idempotency key sent with the transfer (OKX `clientId`). */
  clientTransferId?: string;
  currency: string;
  amount: number;
  from: TransferAccount;
  to: TransferAccount;
  status: 'ok' | 'pending' | 'failed';
  timestamp?: number;
  info: unknown;
}

export interface BalanceQuery {
  /**
   * `spot` (default) or `swap` where the exchange keeps a separate futures account; `funding` /
   * `trading` where it keeps a funding account apart from the trading one (OKX). The names are the
   * `TransferAccount`s, so a transfer's two sides can be read back.
   */
  type?: 'spot' | 'swap' | 'funding' | 'trading';
}

export interface TransferOptions {
  /** Idempotency key; generated when absent. */
  clientTransferId?: string;
  params?: Record<string, unknown>;
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
  /** Amend price or amount of an open order in place. */
  editOrder: boolean;
  /** `createOrder({ triggerPrice })` on some market type (see `orderFeatures`). */
  createTriggerOrder: boolean;
  /** `createOrder({ stopLoss, takeProfit })` on some market type (see `orderFeatures`). */
  createOrderWithTakeProfitAndStopLoss: boolean;
  fetchFundingRate: boolean;
  fetchFundingRateHistory: boolean;
  fetchMarkPrice: boolean;
  fetchLeverage: boolean;
  setMarginMode: boolean;
  setPositionMode: boolean;
  closePosition: boolean;
  fetchTradingFees: boolean;
  transfer: boolean;
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
  /** Which order fields each market type takes; a field marked false is refused before sending. */
  orderFeatures: Readonly<Record<MarketType, OrderFeatures>>;
}

export interface OrderBookWatchOptions {
  /** Levels per side the stream yields (and picks the exchange channel by); default the channel's full depth. */
  depth?: number;
}

/**
 * What `createOrder` takes on one market type of one exchange instance (`has.orderFeatures.swap`…),
 * so a program can choose before it sends. Every field marked false, and every value a list leaves
 * out, is refused locally with `NotSupported` (`orderState: 'not-placed'`) naming this field; nothing
 * is sent. Computed per instance: WEEX with `demo: true` reports less than WEEX live.
 */
export interface OrderFeatures {
  /**
   * The `timeInForce` values a limit order may carry on this market type (`'PO'` = post-only). Empty
   * when the market type takes no orders at all on this instance (WEEX spot in demo mode, OKEx v1
   * swaps). Market orders always execute immediately-or-cancel; they take no other value.
   */
  timeInForce: readonly TimeInForce[];
  /** `timeInForce: 'PO'` is accepted: the order rests as maker or is cancelled, never takes. Same as `timeInForce.includes('PO')`. */
  postOnly: boolean;
  /** `reduceOnly: true` is accepted (contract markets): the order can only shrink a position. */
  reduceOnly: boolean;
  /**
   * Orders `createOrders` sends per request on this market type; larger arrays are split. 1 where
   * each order is its own request; 0 where this market type takes no orders.
   */
  maxCreateBatch: number;
  /**
   * Order ids `cancelOrders` sends per request on this market type; larger lists are split. 1 where
   * each cancel is its own request; 0 where this market type has no cancels.
   */
  maxCancelBatch: number;
  /** `triggerPrice` (a stop / conditional order) is accepted. */
  triggerPrice: boolean;
  /** An attached `stopLoss` leg is accepted. */
  stopLoss: boolean;
  /** An attached `takeProfit` leg is accepted. */
  takeProfit: boolean;
  /** Prices a trigger may watch; the first is the default. */
  triggerPriceTypes: readonly TriggerPriceType[];
  /** Attached legs may carry a limit `price` (otherwise they execute at market). */
  attachedLimitPrice: boolean;
}

/** The names of the boolean capabilities (methods and market types). */
export type CapabilityName = {
  [K in keyof ExchangeCapabilities]: ExchangeCapabilities[K] extends boolean ? K : never;
}[keyof ExchangeCapabilities];

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
  retry?: { [K in keyof RetryPolicy]?: RetryPolicy[K] | undefined } | false | undefined;
  /** Validate payloads against the adapter's schemas; default true. */
  validateResponses?: boolean | undefined;
  logger?: Logger | undefined;
  /**
   * The HTTP client: `'http'` (node:http with keep-alive agents, the default), `'undici'`, `'axios'`
   * (each loaded only when chosen), or your own `Transport`.
   */
  transport?: TransportChoice | undefined;
  /** The local clock, ms since epoch; injectable for tests. Default `Date.now`. */
  now?: (() => number) | undefined;
  /** WebSocket streams: buffering, heartbeat and reconnect settings. */
  streams?: StreamOptions | undefined;
}

export interface RateLimitOptions {
  /** Where bucket state lives; memory by default, a shared store lets processes share one budget. */
  store?: RateLimitStore | undefined;
  /** In-flight requests at most; default 16. */
  maxConcurrency?: number | undefined;
  /** Fraction of each documented limit to use, for headroom; default 1. */
  utilization?: number | undefined;
  /**
   * The longest a call may wait for its rate-limit slot. A call that would wait longer fails at once
   * with `RateLimited` (nothing sent, `retryAfterMs` = the wait it would have had). Default: no bound.
   */
  maxWaitMs?: number | undefined;
}

export interface Exchange {
  readonly id: ExchangeId | (string & {});
  /**
   * What this instance supports, methods and order fields per market type (`has.orderFeatures`).
   * Per instance: options such as `demo: true` can make it smaller. A method marked false throws
   * `NotSupported` before anything is sent.
   */
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
  /** Candles oldest first; `since` and the candle times are ms since epoch (UTC). */
  fetchOHLCV(symbol: string, timeframe?: Timeframe, since?: number, limit?: number): Promise<OHLCV[]>;
  fetchBalance(query?: BalanceQuery): Promise<Balances>;
  createOrder(request: OrderRequest): Promise<Order>;
  createOrders(requests: OrderRequest[]): Promise<Order[]>;
  /**
   * Cancels one order with one request and returns it as the acknowledgement describes it (see
   * `OrderAck`); throws when the exchange refuses. A retry after a lost reply that meets "already
   * cancelled" reads the order and reports it cancelled when it is. `{ trigger: true }` cancels a
   * trigger (algo / conditional) order.
   */
  cancelOrder(id: string, symbol: string, options?: CancelOptions): Promise<OrderAck>;
  /** One request per exchange batch (OKX 20, WEEX 50, OKEx v1 3 ids); a refused id carries `error`. */
  cancelOrders(ids: string[], symbol: string, options?: CancelOptions): Promise<OrderAck[]>;
  cancelAllOrders(symbol?: string, options?: CancelOptions): Promise<OrderAck[]>;
  /** Amends an open order's price and/or amount in place; returns it as amended. */
  editOrder(id: string, symbol: string, edit: OrderEdit): Promise<Order>;
  fetchOrder(id: string, symbol: string): Promise<Order>;
  /** `{ trigger: true }` lists trigger orders waiting to fire (attached TP/SL legs included). */
  fetchOpenOrders(symbol?: string, scope?: OrderScope): Promise<Order[]>;
  fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]>;
  fetchMyTrades(symbol?: string, since?: number, limit?: number): Promise<Trade[]>;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  setLeverage(leverage: number, symbol: string, options?: LeverageOptions): Promise<void>;
  fetchLeverage(symbol: string): Promise<Leverage>;
  /** Cross or isolated margin for a contract market's positions and orders. */
  setMarginMode(marginMode: MarginMode, symbol: string): Promise<void>;
  /** Hedge (long and short legs side by side) or one-way positions; WEEX sets it per symbol. */
  setPositionMode(hedged: boolean, symbol?: string): Promise<void>;
  /** Closes a position at market (one side, or every side of the symbol); the closing orders. */
  closePosition(symbol: string, side?: 'long' | 'short'): Promise<Order[]>;
  fetchFundingRate(symbol: string): Promise<FundingRate>;
  /** Settled funding, oldest first. */
  fetchFundingRateHistory(symbol: string, since?: number, limit?: number): Promise<FundingRateHistoryEntry[]>;
  fetchMarkPrice(symbol: string): Promise<MarkPrice>;
  /** The account's maker and taker rates, by symbol (all markets, or those asked for). */
  fetchTradingFees(symbols?: string[]): Promise<Record<string, TradingFee>>;
  fetchTradingFee(symbol: string): Promise<TradingFee>;
  /** Moves funds between the account's own wallets. */
  transfer(
    currency: string,
    amount: Numeric,
    from: TransferAccount,
    to: TransferAccount,
    options?: TransferOptions,
  ): Promise<TransferResult>;
  amountToPrecision(symbol: string, amount: Numeric): string;
  priceToPrecision(symbol: string, price: Numeric): string;
  request<T = unknown>(request: RawRequest): Promise<T>;

  // Streams (DESIGN §7): synchronous; nothing is sent until the stream is iterated or a `data`
  // listener is attached. A stream the exchange lacks throws NotSupported here.
  watchTicker(symbol: string): Stream<Ticker>;
  watchOrderBook(symbol: string, options?: OrderBookWatchOptions): Stream<OrderBook>;
  watchTrades(symbol: string): Stream<Trade>;
  /** Candles of `timeframe` as they form; the current candle repeats as it updates. */
  watchOHLCV(symbol: string, timeframe: Timeframe): Stream<OHLCV>;
  watchOrders(symbol?: string): Stream<Order>;
  watchMyTrades(symbol?: string): Stream<Trade>;
  watchBalance(query?: BalanceQuery): Stream<Balances>;
  /** Each change of a position; a closed position comes with amount 0. */
  watchPositions(symbols?: string[]): Stream<Position>;

  /** Releases sockets (streams included) and timers. */
  close(): Promise<void>;
}
