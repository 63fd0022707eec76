/**
 * The venue's vocabulary: orders, fills, positions, balances, the views the front-ends format, and
 * the change events the WebSocket push engine hears. Types only (plus `isOpen`), so every part of
 * the engine and every front-end can share them without depending on the engine's classes.
 */
import type { Fixed } from '../decimal.js';
import type { MarketSpec } from './markets.js';
import type { AttachedLegs } from './triggers.js';

/** The protocols the simulator speaks. */
export type ExchangeId = 'okx' | 'weex' | 'okex-v1';
export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO';
export type OrderStatus = 'live' | 'partially_filled' | 'filled' | 'canceled';
/** Why an order ended without filling completely. */
export type CancelReason = 'user' | 'ioc' | 'fok' | 'post_only' | 'market' | 'reduce_only';
export type MarginMode = 'cash' | 'cross' | 'isolated';
/** `net`: one signed position; `long`/`short`: hedge-style legs (WEEX positionSide). */
export type PositionSide = 'net' | 'long' | 'short';

export interface Fill {
  /** Ledger id of this fill (OKX billId). */
  id: string;
  tradeId: number;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  price: Fixed;
  amount: Fixed;
  /** Positive = charged. */
  fee: Fixed;
  feeCurrency: string;
  feeRate: Fixed;
  liquidity: 'maker' | 'taker';
  time: number;
  realizedPnl: Fixed;
  posSide: PositionSide;
}

export interface Order {
  id: string;
  /** Arrival order, for time priority. */
  sequence: number;
  accountId: string;
  clientOrderId: string;
  market: MarketSpec;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price?: Fixed;
  /** Base units. For a market buy sized in quote currency: what was bought, once done. */
  amount: Fixed;
  /** Set for market buys sized in quote currency (OKX spot default). */
  quoteAmount?: Fixed;
  filled: Fixed;
  /** Quote value filled. */
  cost: Fixed;
  fee: Fixed;
  feeCurrency: string;
  status: OrderStatus;
  cancelReason?: CancelReason;
  reduceOnly: boolean;
  marginMode: MarginMode;
  posSide: PositionSide;
  leverage: number;
  createdAt: number;
  updatedAt: number;
  wallet: string;
  /** Amount held for this order and in which currency. */
  frozen: Fixed;
  frozenCurrency: string;
  lastFill?: Fill;
  fillCount: number;
  realizedPnl: Fixed;
  /** Front-end fields echoed back as sent (OKX tag, tgtCcy, …). */
  tags: Record<string, string>;
  /** Take-profit / stop-loss legs to place once the order has filled. */
  attached?: AttachedLegs;
  /** The trigger order whose firing placed this order. */
  triggerOrderId?: string;
}

export interface Balance {
  total: Fixed;
  frozen: Fixed;
}

export interface Position {
  id: string;
  market: MarketSpec;
  marginMode: MarginMode;
  posSide: PositionSide;
  /** Base units, negative = short. */
  size: Fixed;
  entryPrice: Fixed;
  leverage: number;
  realizedPnl: Fixed;
  fee: Fixed;
  createdAt: number;
  updatedAt: number;
  lastTradeId: number;
}

export interface PositionView extends Position {
  markPrice: Fixed;
  unrealizedPnl: Fixed;
  /** Initial margin, settle currency. */
  margin: Fixed;
  notional: Fixed;
}

export interface BalanceView {
  currency: string;
  total: Fixed;
  /** Held by open orders. */
  frozen: Fixed;
  /** Held as position margin. */
  positionMargin: Fixed;
  unrealizedPnl: Fixed;
  available: Fixed;
}

export interface BookLevel {
  price: Fixed;
  size: Fixed;
  orderCount: number;
}

export interface BookView {
  bids: BookLevel[];
  asks: BookLevel[];
  sequence: number;
  bucket: number;
}

export interface PublicTrade {
  tradeId: number;
  price: Fixed;
  amount: Fixed;
  takerSide: Side;
  time: number;
}

export interface TickerView {
  market: MarketSpec;
  last: Fixed;
  lastSize: Fixed;
  bid: BookLevel;
  ask: BookLevel;
  open24h: Fixed;
  high24h: Fixed;
  low24h: Fixed;
  volume24h: Fixed;
  quoteVolume24h: Fixed;
  tradeCount24h: number;
  markPrice: Fixed;
  time: number;
}

export interface PlaceRequest {
  accountId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  /** Base units; omit only with quoteAmount. */
  amount?: Fixed;
  quoteAmount?: Fixed;
  price?: Fixed;
  clientOrderId: string;
  reduceOnly?: boolean;
  marginMode: MarginMode;
  posSide: PositionSide;
  tags?: Record<string, string>;
  attached?: AttachedLegs;
  triggerOrderId?: string;
}

export type PlaceRejection =
  | 'unknown-symbol'
  | 'insufficient-balance'
  | 'insufficient-margin'
  | 'duplicate-client-order-id'
  | 'reduce-only-no-position';

export type PlaceResult = { ok: true; order: Order } | { ok: false; reason: PlaceRejection };

export interface OrderRef {
  id?: string;
  clientOrderId?: string;
}

export type CancelResult = { ok: true; order: Order } | { ok: false; reason: 'not-found' | 'filled' | 'canceled'; order?: Order };

/**
 * What changed in the venue, for the WebSocket push engine. Orders and positions are copies as they
 * stood right after the change, so every fill of an order can be pushed in turn.
 */
export type VenueEvent =
  /** Resting orders or the synthetic liquidity of a book changed. */
  | { type: 'book'; symbol: string }
  /** The synthetic market moved on (every book, ticker and candle may have changed). */
  | { type: 'market' }
  | { type: 'trade'; symbol: string; trade: PublicTrade }
  /** `fill` is set when the change is that fill. */
  | { type: 'order'; order: Order; fill?: Fill }
  | { type: 'position'; accountId: string; position: Position }
  /** Balances of an account changed. */
  | { type: 'account'; accountId: string };

export type VenueListener = (events: readonly VenueEvent[]) => void;

export interface AmendRequest {
  /** New total amount, base units (filled part included). */
  amount?: Fixed;
  price?: Fixed;
}

export type AmendRejection =
  | 'not-found'
  | 'filled'
  | 'canceled'
  | 'not-amendable'
  | 'size-not-above-filled'
  | 'post-only-would-take'
  | 'insufficient-balance'
  | 'insufficient-margin';

export type AmendResult = { ok: true; order: Order } | { ok: false; reason: AmendRejection; order?: Order };

export interface VenueConfig {
  id: ExchangeId;
  symbols: readonly string[];
  /** Which wallet of an account a market trades from (OKX: one trading account; WEEX: spot/futures). */
  walletOf: (market: MarketSpec) => string;
  initialBalances: Record<string, Record<string, string>>;
  defaultLeverage: number;
  makerFee: Fixed;
  takerFee: Fixed;
  /** First order id; ids then count up. */
  orderIdBase: bigint;
  /** Reject a client order id that a live order of the account already uses (OKX 51016). */
  uniqueLiveClientOrderIds: boolean;
  /** Smallest order per symbol where this venue differs from the engine's market (OKEx v1's per-coin minimums). */
  minAmounts?: Readonly<Record<string, Fixed>>;
  /**
   * Queue priority after an amendment: `size-decrease` keeps it when only the amount shrinks at the
   * same price (what the exchanges that amend in place document); `never` always re-queues.
   */
  amendKeepsPriority?: 'size-decrease' | 'never';
}

export function isOpen(order: Order): boolean {
  return order.status === 'live' || order.status === 'partially_filled';
}
