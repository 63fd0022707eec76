/**
 * Trigger orders on the engine: stop / conditional orders that wait off the book until the price
 * they watch crosses their trigger, and take-profit / stop-loss pairs placed when an entry fills.
 * Layered on a venue through its hooks: evaluated each time the market moves, placed through
 * `venue.place`, so a fired order is matched, reserved and filled like any other.
 */
import type { Fixed } from '../decimal.js';
import type { MarketSpec } from './markets.js';
import type { MarginMode, Order, OrderType, PlaceRejection, PositionSide, Side, Venue } from './venue.js';

export type TriggerPriceType = 'last' | 'mark' | 'index';
export type TriggerDirection = 'above' | 'below';
/** `effective`: fired and its order placed; `failed`: fired but the order was refused. */
export type TriggerStatus = 'live' | 'effective' | 'canceled' | 'failed';

export interface TriggerLeg {
  triggerPrice: Fixed;
  /** Limit price once fired; absent: market. */
  price?: Fixed;
  priceType: TriggerPriceType;
}

/** Take-profit / stop-loss legs to place once an entry has filled. */
export interface AttachedLegs {
  takeProfit?: TriggerLeg;
  stopLoss?: TriggerLeg;
  /** Client id the TP/SL order will carry (OKX `attachAlgoClOrdId`). */
  clientOrderId?: string;
}

export interface TriggerRequest {
  accountId: string;
  symbol: string;
  side: Side;
  /** How the order placed on firing executes. */
  type: OrderType;
  /** Base units. */
  amount: Fixed;
  price?: Fixed;
  triggerPrice: Fixed;
  direction: TriggerDirection;
  priceType: TriggerPriceType;
  clientOrderId: string;
  reduceOnly: boolean;
  marginMode: MarginMode;
  posSide: PositionSide;
  /** Legs the fired order carries. */
  attached?: AttachedLegs;
  tags?: Record<string, string>;
}

export interface TriggerOrder {
  id: string;
  accountId: string;
  clientOrderId: string;
  market: MarketSpec;
  /** `trigger`: fires on one price; `tpsl`: a take-profit and/or stop-loss closing a position. */
  kind: 'trigger' | 'tpsl';
  side: Side;
  type: OrderType;
  amount: Fixed;
  price?: Fixed;
  triggerPrice?: Fixed;
  direction?: TriggerDirection;
  priceType: TriggerPriceType;
  takeProfit?: TriggerLeg;
  stopLoss?: TriggerLeg;
  reduceOnly: boolean;
  marginMode: MarginMode;
  posSide: PositionSide;
  attached?: AttachedLegs;
  /** The entry whose fill placed this TP/SL. */
  parentOrderId?: string;
  status: TriggerStatus;
  /** Which price fired it. */
  firedBy?: 'trigger' | 'takeProfit' | 'stopLoss';
  firedOrderId?: string;
  failReason?: PlaceRejection;
  createdAt: number;
  updatedAt: number;
  triggeredAt?: number;
  tags: Record<string, string>;
}

export type TriggerPlaceResult = { ok: true; order: TriggerOrder } | { ok: false; reason: 'unknown-symbol' | 'duplicate-client-order-id' };
export type TriggerCancelResult =
  | { ok: true; order: TriggerOrder }
  | { ok: false; reason: 'not-found' | 'triggered' | 'canceled'; order?: TriggerOrder };

export interface TriggerRef {
  id?: string;
  clientOrderId?: string;
}

export class TriggerBook {
  readonly #venue: Venue;
  readonly #idBase: bigint;
  readonly #orders: TriggerOrder[] = [];
  readonly #byId = new Map<string, TriggerOrder>();
  #sequence = 0;

  constructor(venue: Venue, idBase: bigint) {
    this.#venue = venue;
    this.#idBase = idBase;
    venue.onTick((nowMs) => this.evaluate(nowMs));
    venue.onOrderEnd((order, nowMs) => {
      this.#attachTo(order, nowMs);
      this.#cancelOrphans(order, nowMs);
    });
  }

  create(request: TriggerRequest, nowMs: number): TriggerPlaceResult {
    this.#venue.sync(nowMs);
    const market = this.#venue.market(request.symbol);
    if (!market) return { ok: false, reason: 'unknown-symbol' };
    if (
      request.clientOrderId &&
      this.#orders.some((o) => o.accountId === request.accountId && o.status === 'live' && o.clientOrderId === request.clientOrderId)
    ) {
      return { ok: false, reason: 'duplicate-client-order-id' };
    }
    const order: TriggerOrder = {
      id: this.#nextId(),
      accountId: request.accountId,
      clientOrderId: request.clientOrderId,
      market,
      kind: 'trigger',
      side: request.side,
      type: request.type,
      amount: request.amount,
      ...(request.price !== undefined ? { price: request.price } : {}),
      triggerPrice: request.triggerPrice,
      direction: request.direction,
      priceType: request.priceType,
      reduceOnly: request.reduceOnly,
      marginMode: market.type === 'spot' ? 'cash' : request.marginMode,
      posSide: market.type === 'spot' ? 'net' : request.posSide,
      ...(request.attached ? { attached: request.attached } : {}),
      status: 'live',
      createdAt: nowMs,
      updatedAt: nowMs,
      tags: { ...request.tags },
    };
    this.#store(order);
    return { ok: true, order };
  }

  cancel(accountId: string, ref: TriggerRef, nowMs: number): TriggerCancelResult {
    const order = this.find(accountId, ref);
    if (!order) return { ok: false, reason: 'not-found' };
    if (order.status === 'canceled') return { ok: false, reason: 'canceled', order };
    if (order.status !== 'live') return { ok: false, reason: 'triggered', order };
    order.status = 'canceled';
    order.updatedAt = nowMs;
    return { ok: true, order };
  }

  /** By id, or the latest with the client id. */
  find(accountId: string, ref: TriggerRef): TriggerOrder | undefined {
    if (ref.id !== undefined) {
      const order = this.#byId.get(ref.id);
      return order?.accountId === accountId ? order : undefined;
    }
    if (ref.clientOrderId !== undefined) {
      return this.#orders.filter((o) => o.accountId === accountId && o.clientOrderId === ref.clientOrderId).at(-1);
    }
    return undefined;
  }

  /** Waiting trigger orders, newest first. */
  open(accountId: string, symbol?: string): TriggerOrder[] {
    return this.#orders
      .filter((o) => o.accountId === accountId && o.status === 'live' && (!symbol || o.market.symbol === symbol))
      .reverse();
  }

  /** Every trigger order of the account, newest first. */
  all(accountId: string): TriggerOrder[] {
    return this.#orders.filter((o) => o.accountId === accountId).reverse();
  }

  /** Fires every live trigger whose watched price has crossed; TP/SL of a flat position are cancelled. */
  evaluate(nowMs: number): void {
    for (const order of this.#orders.filter((o) => o.status === 'live')) {
      if (order.status !== 'live') continue;
      if (order.kind === 'tpsl' && this.#positionSize(order) === 0n) {
        order.status = 'canceled';
        order.updatedAt = nowMs;
        continue;
      }
      const fired = this.#firedLeg(order, nowMs);
      if (fired) this.#fire(order, fired, nowMs);
    }
  }

  #firedLeg(order: TriggerOrder, nowMs: number): { by: TriggerOrder['firedBy']; price?: Fixed } | undefined {
    if (order.kind === 'trigger') {
      const current = this.#watched(order.market, order.priceType, nowMs);
      const trigger = order.triggerPrice as Fixed;
      const crossed = order.direction === 'above' ? current >= trigger : current <= trigger;
      return crossed ? { by: 'trigger', price: order.price } : undefined;
    }
    // A closing sell (of a long) takes profit above and stops out below; a closing buy the reverse.
    const profitAbove = order.side === 'sell';
    for (const [name, leg] of [
      ['stopLoss', order.stopLoss],
      ['takeProfit', order.takeProfit],
    ] as const) {
      if (!leg) continue;
      const current = this.#watched(order.market, leg.priceType, nowMs);
      const above = name === 'takeProfit' ? profitAbove : !profitAbove;
      if (above ? current >= leg.triggerPrice : current <= leg.triggerPrice) return { by: name, price: leg.price };
    }
    return undefined;
  }

  #watched(market: MarketSpec, type: TriggerPriceType, nowMs: number): Fixed {
    return type === 'last' ? this.#venue.lastPrice(market, nowMs) : this.#venue.markPrice(market);
  }

  #fire(order: TriggerOrder, fired: { by: TriggerOrder['firedBy']; price?: Fixed }, nowMs: number): void {
    order.triggeredAt = nowMs;
    order.updatedAt = nowMs;
    order.firedBy = fired.by;
    const type = fired.price === undefined ? 'market' : 'limit';
    const result = this.#venue.place(
      {
        accountId: order.accountId,
        symbol: order.market.symbol,
        side: order.side,
        type,
        timeInForce: type === 'market' ? 'IOC' : 'GTC',
        amount: order.amount,
        ...(fired.price !== undefined ? { price: fired.price } : {}),
        clientOrderId: '',
        reduceOnly: order.reduceOnly,
        marginMode: order.marginMode,
        posSide: order.posSide,
        tags: { ...order.tags, ordType: type, source: 'trigger' },
        ...(order.attached ? { attached: order.attached } : {}),
        triggerOrderId: order.id,
      },
      nowMs,
    );
    if (result.ok) {
      order.status = 'effective';
      order.firedOrderId = result.order.id;
    } else {
      order.status = 'failed';
      order.failReason = result.reason;
    }
  }

  /** An entry with attached legs that ended with a fill: its TP/SL order, closing what filled. */
  #attachTo(entry: Order, nowMs: number): void {
    const legs = entry.attached;
    if (!legs || entry.filled <= 0n || (!legs.takeProfit && !legs.stopLoss)) return;
    const spot = entry.market.type === 'spot';
    this.#store({
      id: this.#nextId(),
      accountId: entry.accountId,
      clientOrderId: legs.clientOrderId ?? '',
      market: entry.market,
      kind: 'tpsl',
      side: entry.side === 'buy' ? 'sell' : 'buy',
      type: 'market',
      amount: entry.filled,
      priceType: legs.stopLoss?.priceType ?? legs.takeProfit?.priceType ?? 'last',
      ...(legs.takeProfit ? { takeProfit: legs.takeProfit } : {}),
      ...(legs.stopLoss ? { stopLoss: legs.stopLoss } : {}),
      // Net mode closes with reduce-only; a hedge leg is closed by trading against its side.
      reduceOnly: !spot && entry.posSide === 'net',
      marginMode: entry.marginMode,
      posSide: entry.posSide,
      parentOrderId: entry.id,
      status: 'live',
      createdAt: nowMs,
      updatedAt: nowMs,
      tags: { tag: entry.tags.tag ?? '' },
    });
  }

  /** A TP/SL closes a position: once that position is flat, it is cancelled. */
  #cancelOrphans(ended: Order, nowMs: number): void {
    for (const order of this.#orders) {
      if (order.status !== 'live' || order.kind !== 'tpsl' || order.accountId !== ended.accountId || order.market !== ended.market)
        continue;
      if (this.#positionSize(order) === 0n) {
        order.status = 'canceled';
        order.updatedAt = nowMs;
      }
    }
  }

  #positionSize(order: TriggerOrder): Fixed {
    const account = this.#venue.account(order.accountId);
    for (const position of account.positions.values()) {
      if (position.market === order.market && position.marginMode === order.marginMode && position.posSide === order.posSide) {
        return position.size;
      }
    }
    return 0n;
  }

  #store(order: TriggerOrder): void {
    this.#orders.push(order);
    this.#byId.set(order.id, order);
  }

  #nextId(): string {
    return (this.#idBase + BigInt(++this.#sequence)).toString();
  }
}
