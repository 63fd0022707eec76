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

/** The exchanges this library has adapters for; `createExchange(id)` takes one of them. */
export type ExchangeId = 'okx' | 'weex' | 'okex-v1';
/** `spot`: currency pairs; `swap`: perpetual contracts; `future`: dated (expiring) contracts. */
export type MarketType = 'spot' | 'swap' | 'future';
/**
 * The unit of order, position and book amounts of a market: `base` currency (spot and linear contracts) or
 * `contracts` (inverse contracts).
 */
export type AmountUnit = 'base' | 'contracts';
/** Buy or sell, from the account's point of view. */
export type OrderSide = 'buy' | 'sell';
/** `limit` rests at `price` (or better); `market` takes liquidity at whatever price the book offers. */
export type OrderType = 'limit' | 'market';
/**
 * How long a limit order may live: `GTC` good till cancelled (the default), `IOC` immediate or cancel
 * (unfilled rest cancelled), `FOK` fill or kill (all at once or nothing), `PO` post-only (rejected or
 * cancelled instead of taking liquidity; a maker order). Which values a market takes is in
 * `has.orderFeatures`.
 */
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO';
/**
 * `open`: resting or partly filled; `closed`: fully filled; `canceled`: cancelled, possibly after a
 * partial fill (see `filled`); `rejected`: refused by the exchange after acceptance; `expired`: ended by
 * the exchange without a fill or a cancel of yours, where it reports that state.
 */
export type OrderStatus = 'open' | 'closed' | 'canceled' | 'rejected' | 'expired';
/**
 * How a contract position is margined: `cross` shares the account's margin across positions, `isolated`
 * gives each position its own.
 */
export type MarginMode = 'cross' | 'isolated';
/** The price a trigger watches: the last trade, the mark price or the index. */
export type TriggerPriceType = 'last' | 'mark' | 'index';
/** Which way the watched price must cross the trigger price for the order to fire. */
export type TriggerDirection = 'above' | 'below';
/** A decimal given by the caller: a number or a decimal string such as `"0.001"`. */
export type Numeric = number | string;

/** An inclusive range; a bound the exchange does not publish is absent. */
export interface MinMax {
  /** Smallest accepted value; absent when the exchange publishes none. */
  min?: number;
  /** Largest accepted value; absent when the exchange publishes none. */
  max?: number;
}

/**
 * One tradable market as the exchange lists it, in unified terms. Returned by `loadMarkets`/`fetchMarkets`
 * and `market(symbol)`; every amount check before sending uses its `precision` and `limits`.
 */
export interface Market {
  /** The exchange's id for this market (`BTC-USDT-SWAP`, `ETHUSDT`, `btc_usdt`). */
  id: string;
  /** Unified symbol: `BTC/USDT`, `BTC/USDT:USDT`, `BTC/USD:BTC`, `BTC/USDT:USDT-251226`. */
  symbol: string;
  /** Base currency code (`BTC` in `BTC/USDT`), upper case. */
  base: string;
  /** Quote currency code (`USDT` in `BTC/USDT`): prices are in it. */
  quote: string;
  /** Settlement currency of a contract (`USDT` linear, `BTC` inverse); absent on spot. */
  settle?: string;
  /** Spot, perpetual swap or dated future. */
  type: MarketType;
  /** True for spot markets (`type === 'spot'`). */
  spot: boolean;
  /** True for swaps and futures. */
  contract: boolean;
  /** Contracts only: settled in the quote currency (USDT-margined). */
  linear?: boolean;
  /** Contracts only: settled in the base currency (coin-margined); amounts are then in contracts. */
  inverse?: boolean;
  /** Base units (linear) or quote units (inverse) one contract stands for. */
  contractSize?: number;
  /** Unit of `amount` in orders, positions and books: base currency, or contracts for inverse. */
  amountUnit: AmountUnit;
  /** False when the exchange lists the market as suspended or not trading; orders on it are refused. */
  active: boolean;
  /** Price tick and amount step, in the unified amount unit. */
  precision: { price: number; amount: number };
  /**
   * Order limits: `amount` in the unified amount unit, `price` in the quote currency, `cost` (price ×
   * amount) in the quote currency, `leverage` for contracts; a bound the exchange does not publish is
   * absent.
   */
  limits: { amount: MinMax; price: MinMax; cost: MinMax; leverage?: MinMax };
  /** Expiry of a dated future, ms. */
  expiry?: number;
  /** The exchange's own instrument record, as received. */
  info: unknown;
}

/**
 * A 24-hour market summary with the best bid and ask. Amounts (`bidSize`, `askSize`) are in the market's
 * unified amount unit; prices in the quote currency. A field the exchange's ticker does not carry is
 * absent, never 0.
 */
export interface Ticker {
  /** Unified symbol of the market. */
  symbol: string;
  /**
   * When the exchange produced the ticker, ms since epoch, exchange time. Where the reply states no time (a
   * WEEX spot ticker without `closeTime`, an OKEx v1 futures push) it is the local time the reply was
   * received.
   */
  timestamp: number;
  /** Price of the last trade. */
  last?: number;
  /** Best bid price. */
  bid?: number;
  /**
   * Amount at the best bid, in the unified amount unit (base units on linear contracts: OKX contract sizes
   * are converted).
   */
  bidSize?: number;
  /** Best ask price. */
  ask?: number;
  /** Amount at the best ask, in the unified amount unit. */
  askSize?: number;
  /** Price 24 hours ago (the first trade of the rolling 24 h window). */
  open?: number;
  /** Highest trade price of the last 24 hours. */
  high?: number;
  /** Lowest trade price of the last 24 hours. */
  low?: number;
  /**
   * Traded amount of the last 24 hours in the base currency (on OKX derivatives, `volCcy24h`, not the
   * contract count).
   */
  baseVolume?: number;
  /** Traded value of the last 24 hours in the quote currency, where the exchange reports or implies it. */
  quoteVolume?: number;
  /** Contracts only, where the exchange's ticker carries them. */
  markPrice?: number;
  /** Contracts only, where the exchange's ticker carries it: the index price the mark price follows. */
  indexPrice?: number;
  /** The exchange's own ticker record, as received. */
  info: unknown;
}

/** `[price, amount]`; amount in the market's unified unit. */
export type OrderBookLevel = [price: number, amount: number];

/**
 * An order book snapshot: complete and consistent (bids strictly below asks as the exchange sent them).
 * The same type from `fetchOrderBook` and from `watchOrderBook`.
 */
export interface OrderBook {
  /** Unified symbol of the market. */
  symbol: string;
  /**
   * When the exchange produced this state of the book, ms since epoch, exchange time; absent when the reply
   * has none.
   */
  timestamp?: number;
  /**
   * The exchange's sequence number of this state (OKX `seqId`, WEEX update id), where it sends one; streams
   * use it to detect gaps.
   */
  sequence?: number;
  /** Highest first. */
  bids: OrderBookLevel[];
  /** Lowest first. */
  asks: OrderBookLevel[];
  /** The exchange's payload for a REST snapshot; absent on books built from stream updates. */
  info?: unknown;
}

/** A fee charged (or rebate paid) on an order or a trade. */
export interface Fee {
  /** Currency the fee is charged in. */
  currency: string;
  /** Positive: paid by the user. Negative: a rebate. */
  cost: number;
  /** The rate applied, as a fraction of the traded value (0.001 = 0.1 %), where stated. */
  rate?: number;
}

/**
 * One execution: a public trade (`fetchTrades`, `watchTrades`) or one of the account's fills
 * (`fetchMyTrades`, `watchMyTrades`).
 */
export interface Trade {
  /** The exchange's trade id, as a string (never rounded, even when sent as a JSON number). */
  id: string;
  /** Unified symbol of the market. */
  symbol: string;
  /** When the trade happened, ms since epoch, exchange time. */
  timestamp: number;
  /** For public trades the taker's side; for own trades the user's side. */
  side: OrderSide;
  /** Execution price in the quote currency. */
  price: number;
  /** Executed amount in the market's unified amount unit (base units for spot and linear contracts). */
  amount: number;
  /**
   * Value of the trade in the quote currency: price × amount (for inverse contracts, contracts × contract
   * size).
   */
  cost: number;
  /** Own trades: the order that filled. */
  orderId?: string;
  /** Own trades: that order's client order id, where the exchange reports it. */
  clientOrderId?: string;
  /** Own trades: whether the fill took liquidity or provided it, where reported. */
  takerOrMaker?: 'taker' | 'maker';
  /** Own trades: the fee charged for this fill, where reported. */
  fee?: Fee;
  /** The exchange's own trade record, as received. */
  info: unknown;
}

/** `[timestamp ms, open, high, low, close, volume]`. */
export type OHLCV = [timestamp: number, open: number, high: number, low: number, close: number, volume: number];

/**
 * One currency of an account. `total` = `free` + `used` as the exchange reports them (it may differ by
 * rounding, or by unrealised PnL on margin accounts where `total` is the equity).
 */
export interface Balance {
  /** Available for new orders and transfers. */
  free: number;
  /** Held by open orders or as margin. */
  used: number;
  /** The currency's balance in the account (equity on margin accounts). */
  total: number;
}

/** An account's balances by currency, as `fetchBalance` and `watchBalance` return them. */
export interface Balances {
  /** The exchange's own balance payload, as received. */
  info: unknown;
  /** When the exchange last updated the balances, ms since epoch, exchange time, where the reply states it. */
  timestamp?: number;
  /** Balances by currency code (`USDT`, `BTC`); currencies the account does not hold may be absent. */
  assets: Record<string, Balance>;
}

/**
 * An order as the exchange reports it. Returned by `createOrder` (from the acknowledgement, completed by
 * what the request said), `fetchOrder`, the order lists and `watchOrders`. Amounts are in the market's
 * unified amount unit; prices in the quote currency.
 */
export interface Order {
  /** The exchange's order id, as a string. */
  id: string;
  /**
   * The client order id the order was sent with: yours, or the one generated for it. OKEx v1 has no client
   * ids: there it is the generated id the library tracked the order by, or empty for orders it did not
   * place.
   */
  clientOrderId: string;
  /** Unified symbol of the market. */
  symbol: string;
  /** Limit or market. */
  type: OrderType;
  /** Buy or sell. */
  side: OrderSide;
  /** Open, closed (filled), canceled, rejected or expired. */
  status: OrderStatus;
  /** Limit price; absent on market orders. */
  price?: number;
  /** Average fill price, once something filled. */
  average?: number;
  /** Ordered amount, in the market's unified amount unit. */
  amount: number;
  /** Amount filled so far, same unit. */
  filled: number;
  /** Amount still open: `amount - filled` (0 once the order is closed or canceled). */
  remaining: number;
  /** Filled value in the quote currency, where known. */
  cost?: number;
  /**
   * When the exchange created the order, ms since epoch, exchange time; 0 when the reply does not state it
   * (an OKEx v1 `orders_info` reply without `create_date`).
   */
  timestamp: number;
  /** When the exchange last changed the order (fill, amend, cancel), ms since epoch, where reported. */
  lastUpdateTimestamp?: number;
  /** The time in force the order was placed with, where known. */
  timeInForce?: TimeInForce;
  /** Contracts: the order may only reduce a position, where known. */
  reduceOnly?: boolean;
  /** Fees charged so far, where reported. */
  fee?: Fee;
  /** Trigger orders: the price that fires them. */
  triggerPrice?: number;
  /** Trigger orders and entries with attached TP/SL: the legs' trigger prices. */
  stopLossPrice?: number;
  /** Trigger price of the take-profit leg, for trigger orders and entries with an attached take-profit. */
  takeProfitPrice?: number;
  /** Set on batch results whose item failed; the other fields then echo the request. */
  error?: import('./errors.js').ExchangeError;
  /** The exchange's own order record, as received (the acknowledgement for a fresh order). */
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

/** Options of `cancelOrder`, `cancelOrders` and `cancelAllOrders`. */
export interface CancelOptions extends OrderScope {
  /**
   * After the cancel is acknowledged, read the order(s) back and return the final state (fill
   * amounts, average price, fees): one more request per order (per 50 on OKEx v1). When that read
   * fails, the acknowledgement is returned as it is and a `warning` event says why; the cancel
   * itself never turns into an error because a read after it failed. Default false.
   */
  fetchFinalState?: boolean;
}

/**
 * An open contract position. `side` is `long` or `short` in hedge mode as in one-way mode (where the sign
 * of the exchange's size says which).
 */
export interface Position {
  /** Unified symbol of the contract market. */
  symbol: string;
  /** Long (profits when the price rises) or short. */
  side: 'long' | 'short';
  /** Size in base units (contracts for inverse markets). */
  amount: number;
  /** Size in contracts, where the market counts in contracts. */
  contracts?: number;
  /** Average entry price, quote currency. */
  entryPrice: number;
  /** Current mark price, where reported. */
  markPrice?: number;
  /** Profit or loss at the mark price, in the settle currency. */
  unrealizedPnl: number;
  /** Leverage of the position. */
  leverage: number;
  /** Cross or isolated margin. */
  marginMode: MarginMode;
  /** Mark price at which the position would be liquidated, where reported. */
  liquidationPrice?: number;
  /** The exchange's own position record, as received. */
  info: unknown;
}

/** A take-profit or stop-loss leg attached to an entry (or to a trigger order). */
export interface AttachedTrigger {
  /** The price that fires the leg, in the quote currency (number or decimal string). */
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
  /** Buy or sell. */
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
  /** Selects this variant: a limit order. */
  type: 'limit';
  /** The limit price, quote currency per base unit; it must sit on the market's tick. */
  price: Numeric;
}

/**
 * A market order: it executes at once against the book and never rests. With `triggerPrice`, it
 * executes at market once triggered.
 */
export interface MarketOrderRequest extends OrderRequestBase {
  /** Selects this variant: a market order. */
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
  /** The new limit price. */
  price?: Numeric;
  /** Exchange-specific fields merged into the wire request. */
  params?: Record<string, unknown>;
}

/** Selects trigger (algo / conditional) orders instead of orders on the book. */
export interface OrderScope {
  /** True: act on trigger (algo / conditional) orders instead of orders on the book. */
  trigger?: boolean;
}

/** The funding rate of a perpetual swap, as `fetchFundingRate` returns it. */
export interface FundingRate {
  /** Unified symbol of the swap. */
  symbol: string;
  /** The rate of the current funding period (charged at `fundingTimestamp`). */
  fundingRate: number;
  /** When the current rate is charged, ms. */
  fundingTimestamp: number;
  /** The predicted rate of the following period, where the exchange publishes one. */
  nextFundingRate?: number;
  /** When the following period's rate is charged, ms since epoch. */
  nextFundingTimestamp?: number;
  /** Mark price at the time of the reply, where the exchange sends it along. */
  markPrice?: number;
  /** Index price at the time of the reply, where the exchange sends it along. */
  indexPrice?: number;
  /** Time between settlements, ms, where known. */
  interval?: number;
  /** When the exchange produced the reply, ms since epoch, where stated. */
  timestamp?: number;
  /** The exchange's own record, as received. */
  info: unknown;
}

/** One funding settlement that took place. */
export interface FundingRateHistoryEntry {
  /** Unified symbol of the swap. */
  symbol: string;
  /**
   * The rate charged: a fraction of the position value per period (0.0001 = 0.01 %); positive: longs pay
   * shorts.
   */
  fundingRate: number;
  /** When it was charged, ms. */
  timestamp: number;
  /** The exchange's own record, as received. */
  info: unknown;
}

/** The mark price (and index price) of a contract market, as `fetchMarkPrice` returns it. */
export interface MarkPrice {
  /** Unified symbol of the market. */
  symbol: string;
  /** The price used for unrealised PnL and liquidation, quote currency. */
  markPrice?: number;
  /** The index (spot reference) price, where the exchange sends it. */
  indexPrice?: number;
  /** When the exchange produced the price, ms since epoch, exchange time. */
  timestamp: number;
  /** The exchange's own record, as received. */
  info: unknown;
}

/** The leverage settings of a contract market, as `fetchLeverage` returns them. */
export interface Leverage {
  /** Unified symbol of the contract market. */
  symbol: string;
  /** The margin mode the leverage applies to. */
  marginMode: MarginMode;
  /** The leverage orders use; in hedge mode with isolated margin, the long side's. */
  leverage: number;
  /** Hedge mode: leverage of the long side, where it is set per side. */
  longLeverage?: number;
  /** Hedge mode: leverage of the short side, where it is set per side. */
  shortLeverage?: number;
  /** The exchange's own record, as received. */
  info: unknown;
}

/** The account's fee rates on one market. */
export interface TradingFee {
  /** Unified symbol of the market. */
  symbol: string;
  /** Fractions of the traded value: 0.001 = 0.1 %. Negative: a rebate. */
  maker: number;
  /** Rate charged when an order takes liquidity, as a fraction of the traded value. */
  taker: number;
  /** The exchange's own record, as received. */
  info: unknown;
}

/**
 * An account's own wallets: `'spot'` and `'swap'` (WEEX spot and futures accounts), `'funding'`
 * and `'trading'` (OKX). Other names are refused before anything is sent.
 */
export type TransferAccount = 'spot' | 'swap' | 'funding' | 'trading';

/** The outcome of `transfer`. */
export interface TransferResult {
  /** The exchange's transfer id, where it returns one. */
  id?: string;
  /** The idempotency key sent with the transfer (OKX `clientId`). */
  clientTransferId?: string;
  /** Currency code moved. */
  currency: string;
  /** Amount moved, in that currency. */
  amount: number;
  /** Wallet the funds left. */
  from: TransferAccount;
  /** Wallet the funds reached. */
  to: TransferAccount;
  /** `ok`: done; `pending`: accepted, not yet settled; `failed`: refused after acceptance. */
  status: 'ok' | 'pending' | 'failed';
  /** When the exchange recorded the transfer, ms since epoch, where stated. */
  timestamp?: number;
  /** The exchange's own reply, as received. */
  info: unknown;
}

/** Which account `fetchBalance` and `watchBalance` read. */
export interface BalanceQuery {
  /**
   * `spot` (default) or `swap` where the exchange keeps a separate futures account; `funding` /
   * `trading` where it keeps a funding account apart from the trading one (OKX). The names are the
   * `TransferAccount`s, so a transfer's two sides can be read back.
   */
  type?: 'spot' | 'swap' | 'funding' | 'trading';
}

/** Options of `transfer`. */
export interface TransferOptions {
  /** Idempotency key; generated when absent. */
  clientTransferId?: string;
  /** Exchange-specific fields merged into the wire request. */
  params?: Record<string, unknown>;
}

/** Options of `setLeverage`. */
export interface LeverageOptions {
  /**
   * The margin mode the leverage is for (OKX sets leverage per margin mode); default the market's current
   * one.
   */
  marginMode?: MarginMode;
  /** Hedge mode with isolated margin: the side to set; default both. */
  side?: 'long' | 'short';
  /** Exchange-specific fields merged into the wire request. */
  params?: Record<string, unknown>;
}

/**
 * A call to any endpoint of the exchange through `request()`: signed, rate-limited and error-mapped like
 * the unified methods; the reply is returned parsed but not normalized.
 */
export interface RawRequest {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  /** Path on the exchange's REST host, starting with `/` (`/api/v5/account/config`). */
  path: string;
  /** Query parameters; values are written as decimals and strings, never with float noise. */
  query?: Record<string, unknown>;
  /** Request body for POST/PUT (JSON, or a form on OKEx v1). */
  body?: unknown;
  /** Sign the request with the credentials; default false. */
  signed?: boolean;
}

/** Which unified methods this exchange supports; calling one marked false throws `NotSupported`. */
export interface ExchangeCapabilities {
  /** `fetchMarkets` and `loadMarkets`. */
  fetchMarkets: boolean;
  /** `fetchTime`: the exchange's clock. */
  fetchTime: boolean;
  /** `fetchTicker`. */
  fetchTicker: boolean;
  /** `fetchTickers`. */
  fetchTickers: boolean;
  /** `fetchOrderBook`. */
  fetchOrderBook: boolean;
  /** `fetchTrades`: public trades. */
  fetchTrades: boolean;
  /** `fetchOHLCV`: candles. */
  fetchOHLCV: boolean;
  /** `fetchBalance`. */
  fetchBalance: boolean;
  /** `createOrder`. */
  createOrder: boolean;
  /** `createOrders` in exchange batches (one request per batch). */
  createOrders: boolean;
  /** `cancelOrder`. */
  cancelOrder: boolean;
  /**
   * `cancelOrders` in exchange batches. False where the exchange (or its demo environment) has no batch
   * cancel.
   */
  cancelOrders: boolean;
  /** `cancelAllOrders`. */
  cancelAllOrders: boolean;
  /** `fetchOrder`. */
  fetchOrder: boolean;
  /** `fetchOpenOrders`. */
  fetchOpenOrders: boolean;
  /** `fetchClosedOrders`: filled and cancelled orders. */
  fetchClosedOrders: boolean;
  /** `fetchMyTrades`: the account's fills. */
  fetchMyTrades: boolean;
  /** `fetchPositions`. */
  fetchPositions: boolean;
  /** `setLeverage`. */
  setLeverage: boolean;
  /** Amend price or amount of an open order in place. */
  editOrder: boolean;
  /** `createOrder({ triggerPrice })` on some market type (see `orderFeatures`). */
  createTriggerOrder: boolean;
  /** `createOrder({ stopLoss, takeProfit })` on some market type (see `orderFeatures`). */
  createOrderWithTakeProfitAndStopLoss: boolean;
  /** `fetchFundingRate`. */
  fetchFundingRate: boolean;
  /** `fetchFundingRateHistory`. */
  fetchFundingRateHistory: boolean;
  /** `fetchMarkPrice`. */
  fetchMarkPrice: boolean;
  /** `fetchLeverage`. */
  fetchLeverage: boolean;
  /** `setMarginMode`. */
  setMarginMode: boolean;
  /** `setPositionMode`. */
  setPositionMode: boolean;
  /** `closePosition`. */
  closePosition: boolean;
  /** `fetchTradingFees` and `fetchTradingFee`. */
  fetchTradingFees: boolean;
  /** `transfer` between the account's own wallets. */
  transfer: boolean;
  /** The adapter trades spot markets. */
  spot: boolean;
  /** The adapter trades perpetual swaps. */
  swap: boolean;
  /** The adapter trades dated futures. */
  future: boolean;
  /** The exchange has a demo (paper) environment reachable with `demo: true`. */
  demo: boolean;
  /** `watchTicker` stream. */
  watchTicker: boolean;
  /** `watchOrderBook` stream. */
  watchOrderBook: boolean;
  /** `watchTrades` stream. */
  watchTrades: boolean;
  /** `watchOHLCV` stream. */
  watchOHLCV: boolean;
  /** `watchOrders` stream (private). */
  watchOrders: boolean;
  /** `watchMyTrades` stream (private). */
  watchMyTrades: boolean;
  /** `watchBalance` stream (private). */
  watchBalance: boolean;
  /** `watchPositions` stream (private). */
  watchPositions: boolean;
  /** Which order fields each market type takes; a field marked false is refused before sending. */
  orderFeatures: Readonly<Record<MarketType, OrderFeatures>>;
}

/** Options of `watchOrderBook`. */
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
  /** The API key as the exchange issued it. */
  apiKey?: string | undefined;
  /** The secret key (never logged, never in errors or events). */
  secret?: string | undefined;
  /** The passphrase chosen when the key was created (OKX and WEEX; OKEx v1 has none). */
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
  /**
   * Receives debug/info/warn lines about requests, retries and clock sync, secrets redacted; default:
   * nothing is logged.
   */
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

/** Client-side rate limiting settings (`rateLimit` option). */
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

/**
 * One interface over every exchange. Methods are async unless noted; each checks its arguments before
 * anything is sent and throws an `ExchangeError` subclass on failure. A method the exchange lacks is
 * `false` in `has` and throws `NotSupported`. Amounts are in the market's unified amount unit
 * (`Market.amountUnit`), times in ms since epoch.
 */
export interface Exchange {
  /** The exchange id (`okx`, `weex`, `okex-v1`). */
  readonly id: ExchangeId | (string & {});
  /**
   * What this instance supports, computed for its options (demo mode included): methods, market types,
   * streams and per market type the order features. Check it before calling.
   */
  readonly has: Readonly<ExchangeCapabilities>;
  /** Markets by unified symbol once loaded. */
  readonly markets: Readonly<Record<string, Market>> | undefined;

  /**
   * Listens to an event (`request`, `response`, `retry`, `rateLimit`, `clockSync`, `warning`); payloads
   * never hold secrets.
   */
  on<E extends keyof ExchangeEvents>(event: E, listener: EventEmitter.EventListener<ExchangeEvents, E>): this;
  /** Removes a listener (every listener of the event when none is given). */
  off<E extends keyof ExchangeEvents>(event: E, listener?: EventEmitter.EventListener<ExchangeEvents, E>): this;
  /** Listens to the next occurrence of an event only. */
  once<E extends keyof ExchangeEvents>(event: E, listener: EventEmitter.EventListener<ExchangeEvents, E>): this;

  /**
   * Loads (once, cached) and returns the markets by unified symbol; `reload` fetches them again. Methods
   * that take a symbol load the markets first when needed.
   */
  loadMarkets(reload?: boolean): Promise<Record<string, Market>>;
  /** Fetches the market list from the exchange (no cache). */
  fetchMarkets(): Promise<Market[]>;
  /**
   * The loaded market of a unified symbol (sync); `InvalidSymbol` with the nearest symbols when unknown,
   * `BadRequest` when the markets are not loaded yet.
   */
  market(symbol: string): Market;
  /** The exchange's clock, ms since epoch. */
  fetchTime(): Promise<number>;
  /** The 24-hour ticker of one market. */
  fetchTicker(symbol: string): Promise<Ticker>;
  /** Tickers by unified symbol: the given symbols, or every market. */
  fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>>;
  /** An order book snapshot, at most `limit` levels per side when given. */
  fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook>;
  /** Recent public trades; `since` (ms) and `limit` narrow them where the exchange allows. */
  fetchTrades(symbol: string, since?: number, limit?: number): Promise<Trade[]>;
  /**
   * Candles `[time, open, high, low, close, volume]`, oldest first; `since` and the candle times are
   * ms since epoch (UTC); `timeframe` default `1m`; volume in the base currency.
   */
  fetchOHLCV(symbol: string, timeframe?: Timeframe, since?: number, limit?: number): Promise<OHLCV[]>;
  /** The account's balances (`{ type }` picks the wallet where the exchange keeps several). */
  fetchBalance(query?: BalanceQuery): Promise<Balances>;
  /**
   * Places one order. Every order carries a client order id (yours or generated). When the reply is lost the
   * order is looked up by that id before anything is resent, so it is never placed twice; if its fate stays
   * unknown the error says `orderState: 'unknown'` and carries `clientOrderId`: look the order up before
   * placing it again.
   */
  createOrder(request: OrderRequest): Promise<Order>;
  /**
   * Places several orders in exchange batches; a refused item comes back with `error` set and the request's
   * fields echoed, the others as placed.
   */
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
  /**
   * Cancels every open order (of one market, or all where the exchange allows); returns the
   * acknowledgements.
   */
  cancelAllOrders(symbol?: string, options?: CancelOptions): Promise<OrderAck[]>;
  /** Amends an open order's price and/or amount in place; returns it as amended. */
  editOrder(id: string, symbol: string, edit: OrderEdit): Promise<Order>;
  /** One order by exchange id, in its current state. */
  fetchOrder(id: string, symbol: string): Promise<Order>;
  /** `{ trigger: true }` lists trigger orders waiting to fire (attached TP/SL legs included). */
  fetchOpenOrders(symbol?: string, scope?: OrderScope): Promise<Order[]>;
  /** Filled and cancelled orders, newest history the exchange keeps; `since` (ms) and `limit` narrow them. */
  fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]>;
  /** The account's fills; `since` (ms) and `limit` narrow them. */
  fetchMyTrades(symbol?: string, since?: number, limit?: number): Promise<Trade[]>;
  /** Open contract positions (of the given symbols, or all). */
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  /** Sets the leverage of a contract market (per margin mode or side where the exchange needs it). */
  setLeverage(leverage: number, symbol: string, options?: LeverageOptions): Promise<void>;
  /** The leverage settings of a contract market. */
  fetchLeverage(symbol: string): Promise<Leverage>;
  /** Cross or isolated margin for a contract market's positions and orders. */
  setMarginMode(marginMode: MarginMode, symbol: string): Promise<void>;
  /** Hedge (long and short legs side by side) or one-way positions; WEEX sets it per symbol. */
  setPositionMode(hedged: boolean, symbol?: string): Promise<void>;
  /** Closes a position at market (one side, or every side of the symbol); the closing orders. */
  closePosition(symbol: string, side?: 'long' | 'short'): Promise<Order[]>;
  /** The current (and, where published, next) funding rate of a perpetual swap. */
  fetchFundingRate(symbol: string): Promise<FundingRate>;
  /** Settled funding, oldest first. */
  fetchFundingRateHistory(symbol: string, since?: number, limit?: number): Promise<FundingRateHistoryEntry[]>;
  /** The mark (and index) price of a contract market. */
  fetchMarkPrice(symbol: string): Promise<MarkPrice>;
  /** The account's maker and taker rates, by symbol (all markets, or those asked for). */
  fetchTradingFees(symbols?: string[]): Promise<Record<string, TradingFee>>;
  /** The account's maker and taker rates on one market. */
  fetchTradingFee(symbol: string): Promise<TradingFee>;
  /** Moves funds between the account's own wallets. */
  transfer(
    currency: string,
    amount: Numeric,
    from: TransferAccount,
    to: TransferAccount,
    options?: TransferOptions,
  ): Promise<TransferResult>;
  /** An amount rounded down to the market's step, as the decimal string the wire would get (sync). */
  amountToPrecision(symbol: string, amount: Numeric): string;
  /** A price rounded to the market's tick (nearest), as a decimal string (sync). */
  priceToPrecision(symbol: string, price: Numeric): string;
  /**
   * Calls any endpoint through the same pipeline (signing, rate limits, retries for reads, error mapping);
   * returns the parsed reply unnormalized.
   */
  request<T = unknown>(request: RawRequest): Promise<T>;

  // Streams (DESIGN §7): synchronous; nothing is sent until the stream is iterated or a `data`
  // listener is attached. A stream the exchange lacks throws NotSupported here.
  /**
   * Streams the ticker of one market. Synchronous: nothing is sent until the stream is iterated or gets a
   * `data` listener.
   */
  watchTicker(symbol: string): Stream<Ticker>;
  /**
   * Streams complete, consistent books (the same type as `fetchOrderBook`): gaps in the exchange's sequence
   * trigger a resync, and a slow reader gets the latest book, not a backlog.
   */
  watchOrderBook(symbol: string, options?: OrderBookWatchOptions): Stream<OrderBook>;
  /** Streams public trades of one market, each once. */
  watchTrades(symbol: string): Stream<Trade>;
  /**
   * Streams candles of one market and timeframe, one per update the exchange pushes (the candle in progress
   * included).
   */
  watchOHLCV(symbol: string, timeframe: Timeframe): Stream<OHLCV>;
  /**
   * Streams changes of the account's orders (of one market, or all), each once and in order; after a
   * reconnect, changes missed meanwhile are read over REST and yielded.
   */
  watchOrders(symbol?: string): Stream<Order>;
  /** Streams the account's fills, each once; after a reconnect, fills missed meanwhile are read over REST. */
  watchMyTrades(symbol?: string): Stream<Trade>;
  /** Streams the account's balances after each change. */
  watchBalance(query?: BalanceQuery): Stream<Balances>;
  /** Each change of a position; a closed position comes with amount 0. */
  watchPositions(symbols?: string[]): Stream<Position>;

  /** Releases sockets (streams included) and timers. */
  close(): Promise<void>;
}
