/**
 * A venue's matching engine: order entry (place, amend, cancel), the walk of a taker through the
 * book, fills and what they move in the ledger, and the replay of the synthetic market through
 * resting orders, bucket by bucket.
 *
 * Liquidity is the synthetic book around the seeded mid plus the users' resting orders, matched in
 * price-time priority (synthetic levels count as older than any user order at the same price).
 * What a user takes from a synthetic level stays taken until the next time bucket. Resting user
 * orders fill as makers when the synthetic market moves through them.
 */
import { div, type Fixed, floorToStep, fromInt, min as minFixed, mul, ZERO } from '../decimal.js';
import type { Account, Accounts } from './accounts.js';
import type { VenueEvents } from './events.js';
import { BOOK_LEVELS, type MarketData } from './market-data.js';
import type { MarketSpec } from './markets.js';
import {
  type AmendRequest,
  type AmendResult,
  type CancelReason,
  type CancelResult,
  type Fill,
  isOpen,
  type MarginMode,
  type Order,
  type OrderRef,
  type PlaceRejection,
  type PlaceRequest,
  type PlaceResult,
  type VenueConfig,
} from './model.js';
import { type BookSide, OrderBook } from './order-book.js';
import { openingQuantity, reduceCap } from './positions.js';

/** A long-idle venue replays at most this many buckets (older crossings are skipped). */
const MAX_CATCH_UP_BUCKETS = 20_000;

export class MatchingEngine {
  readonly stats = { ordersPlaced: 0, duplicateClientOrderIds: 0 };
  readonly #config: VenueConfig;
  readonly #data: MarketData;
  readonly #accounts: Accounts;
  readonly #events: VenueEvents;
  readonly #books = new Map<string, OrderBook>();
  readonly #ordersById = new Map<string, Order>();
  /** Run when an order ends (filled or canceled), e.g. to place its attached TP/SL. */
  readonly #orderEndHooks: Array<(order: Order, nowMs: number) => void> = [];
  #bucket: number;
  #orderSequence = 0;
  #fillSequence = 0;

  constructor(
    config: VenueConfig,
    data: MarketData,
    accounts: Accounts,
    events: VenueEvents,
    markets: readonly MarketSpec[],
    nowMs: number,
  ) {
    this.#config = config;
    this.#data = data;
    this.#accounts = accounts;
    this.#events = events;
    this.#bucket = data.bucketOf(nowMs);
    for (const market of markets) this.#books.set(market.symbol, new OrderBook(market, data, events, this.#bucket));
  }

  /** The bucket market data is shown for: never goes back, even if the clock does. */
  get bucket(): number {
    return this.#bucket;
  }

  book(symbol: string): OrderBook | undefined {
    return this.#books.get(symbol);
  }

  onOrderEnd(hook: (order: Order, nowMs: number) => void): void {
    this.#orderEndHooks.push(hook);
  }

  // ---- time ----------------------------------------------------------------------------------

  /** Replays the synthetic market up to `nowMs`; false when it is still in the same bucket. */
  advance(nowMs: number): boolean {
    const bucket = this.#data.bucketOf(nowMs);
    if (bucket <= this.#bucket) return false;
    this.#events.emit({ type: 'market' });
    const from = Math.max(this.#bucket + 1, bucket - MAX_CATCH_UP_BUCKETS);
    for (const book of this.#books.values()) {
      if (!book.hasOrders) continue;
      for (let b = from; b <= bucket; b++) {
        if (!book.hasOrders) break;
        this.#crossSynthetic(book, b, this.#data.bucketStart(b));
      }
    }
    this.#bucket = bucket;
    return true;
  }

  /** The mid moved within the bucket: every book is new, crossed resting orders fill, a trade prints at the mid. */
  reprice(nowMs: number): void {
    for (const book of this.#books.values()) {
      book.sequence++;
      if (book.hasOrders) this.#crossSynthetic(book, this.#bucket, nowMs);
      book.printMid(this.#bucket, nowMs);
    }
  }

  #crossSynthetic(book: OrderBook, bucket: number, time: number): void {
    const { market } = book;
    const bestAsk = this.#data.level(market, bucket, 'ask', 0).price;
    const bestBid = this.#data.level(market, bucket, 'bid', 0).price;
    for (const order of [...book.bids]) {
      if ((order.price as Fixed) < bestAsk) break;
      this.#fillAgainstSynthetic(book, order, bucket, 'ask', time);
    }
    for (const order of [...book.asks]) {
      if ((order.price as Fixed) > bestBid) break;
      this.#fillAgainstSynthetic(book, order, bucket, 'bid', time);
    }
  }

  #fillAgainstSynthetic(book: OrderBook, order: Order, bucket: number, side: BookSide, time: number): void {
    const limit = order.price as Fixed;
    for (let level = 0; level < BOOK_LEVELS && isOpen(order); level++) {
      const synthetic = this.#data.level(book.market, bucket, side, level);
      if (side === 'ask' ? synthetic.price > limit : synthetic.price < limit) break;
      const available = synthetic.size - book.consumed(bucket, side, level);
      if (available <= 0n) continue;
      let quantity = minFixed(available, order.amount - order.filled);
      const cap = this.#reduceCap(order);
      if (cap !== undefined) {
        if (cap <= 0n) {
          this.#finish(order, 'reduce_only', time);
          return;
        }
        quantity = minFixed(quantity, cap);
      }
      book.consume(bucket, side, level, quantity);
      const tradeId = book.nextTradeId(bucket);
      this.#applyFill(order, limit, quantity, 'maker', time, tradeId);
      book.recordTrade({ tradeId, price: limit, amount: quantity, takerSide: order.side === 'buy' ? 'sell' : 'buy', time });
    }
  }

  // ---- orders --------------------------------------------------------------------------------

  place(request: PlaceRequest, nowMs: number): PlaceResult {
    const book = this.#books.get(request.symbol);
    if (!book) return { ok: false, reason: 'unknown-symbol' };
    const { market } = book;
    const account = this.#accounts.get(request.accountId);
    const clientOrderId = request.clientOrderId;
    if (clientOrderId) {
      const earlier = account.ordersByClientId.get(clientOrderId);
      if (earlier) {
        this.stats.duplicateClientOrderIds++;
        if (this.#config.uniqueLiveClientOrderIds && earlier.some(isOpen)) return { ok: false, reason: 'duplicate-client-order-id' };
      }
    }
    const marginMode: MarginMode = market.type === 'spot' ? 'cash' : request.marginMode;
    const wallet = this.#config.walletOf(market);
    const order: Order = {
      id: '',
      sequence: 0,
      accountId: account.id,
      clientOrderId,
      market,
      side: request.side,
      type: request.type,
      timeInForce: request.type === 'market' ? 'IOC' : request.timeInForce,
      ...(request.price !== undefined && request.type === 'limit' ? { price: request.price } : {}),
      amount: request.amount ?? ZERO,
      ...(request.quoteAmount !== undefined && request.amount === undefined ? { quoteAmount: request.quoteAmount } : {}),
      filled: ZERO,
      cost: ZERO,
      fee: ZERO,
      feeCurrency: market.type === 'spot' ? (request.side === 'buy' ? market.base : market.quote) : (market.settle as string),
      status: 'live',
      reduceOnly: market.type === 'swap' && request.reduceOnly === true,
      marginMode,
      posSide: market.type === 'spot' ? 'net' : request.posSide,
      leverage: market.type === 'spot' ? 1 : this.#accounts.leverageOf(account, market, marginMode, request.posSide),
      createdAt: nowMs,
      updatedAt: nowMs,
      wallet,
      frozen: ZERO,
      frozenCurrency: '',
      fillCount: 0,
      realizedPnl: ZERO,
      tags: { ...request.tags },
      ...(request.attached ? { attached: request.attached } : {}),
      ...(request.triggerOrderId ? { triggerOrderId: request.triggerOrderId } : {}),
    };
    const cap = this.#reduceCap(order);
    if (cap !== undefined && cap <= 0n) return { ok: false, reason: 'reduce-only-no-position' };
    const rejection = this.#reserve(account, order, book);
    if (rejection) return { ok: false, reason: rejection };

    order.id = (this.#config.orderIdBase + BigInt(++this.#orderSequence)).toString();
    order.sequence = this.#orderSequence;
    account.orders.push(order);
    this.#ordersById.set(order.id, order);
    if (clientOrderId) {
      const list = account.ordersByClientId.get(clientOrderId) ?? [];
      list.push(order);
      account.ordersByClientId.set(clientOrderId, list);
    }
    this.stats.ordersPlaced++;
    this.#events.emit({ type: 'order', order: { ...order } });

    if (order.timeInForce === 'PO' && book.wouldTake(order, this.#bucket)) {
      this.#finish(order, 'post_only', nowMs);
      return { ok: true, order };
    }
    if (order.timeInForce === 'FOK' && this.#walk(book, order, nowMs, true).quantity < order.amount) {
      this.#finish(order, 'fok', nowMs);
      return { ok: true, order };
    }
    this.#walk(book, order, nowMs, false);
    if (order.quoteAmount !== undefined) {
      order.amount = order.filled;
      this.#finish(order, order.filled > 0n ? undefined : 'market', nowMs);
    } else if (isOpen(order)) {
      if (order.type === 'limit' && (order.timeInForce === 'GTC' || order.timeInForce === 'PO')) book.rest(order);
      else this.#finish(order, order.type === 'market' ? 'market' : order.timeInForce === 'FOK' ? 'fok' : 'ioc', nowMs);
    }
    return { ok: true, order };
  }

  cancel(accountId: string, ref: OrderRef, symbol: string | undefined, nowMs: number): CancelResult {
    const order = this.findOrder(accountId, ref);
    if (!order || (symbol !== undefined && order.market.symbol !== symbol)) return { ok: false, reason: 'not-found' };
    if (order.status === 'filled') return { ok: false, reason: 'filled', order };
    if (order.status === 'canceled') return { ok: false, reason: 'canceled', order };
    this.#finish(order, 'user', nowMs);
    return { ok: true, order };
  }

  /**
   * Amends an open limit order in place (new total amount and/or price). The reservation is redone
   * for what remains; a new price that crosses trades at once, like a new order would. Queue
   * priority is kept only as `amendKeepsPriority` says.
   */
  amend(accountId: string, ref: OrderRef, symbol: string | undefined, change: AmendRequest, nowMs: number): AmendResult {
    const order = this.findOrder(accountId, ref);
    if (!order || (symbol !== undefined && order.market.symbol !== symbol)) return { ok: false, reason: 'not-found' };
    if (order.status === 'filled') return { ok: false, reason: 'filled', order };
    if (order.status === 'canceled') return { ok: false, reason: 'canceled', order };
    if (order.type !== 'limit' || order.quoteAmount !== undefined || order.price === undefined) {
      return { ok: false, reason: 'not-amendable', order };
    }
    const book = this.#books.get(order.market.symbol) as OrderBook;
    const account = this.#accounts.get(accountId);
    const before = { amount: order.amount, price: order.price, frozen: order.frozen, currency: order.frozenCurrency };
    const amount = change.amount ?? order.amount;
    const price = change.price ?? order.price;
    if (amount <= order.filled) return { ok: false, reason: 'size-not-above-filled', order };
    if (order.timeInForce === 'PO' && book.wouldTake({ ...order, price }, this.#bucket))
      return { ok: false, reason: 'post-only-would-take', order };

    this.#accounts.release(order, order.frozen);
    // Reserve for what remains to fill, at the new price.
    const remaining: Order = { ...order, amount: amount - order.filled, price, frozen: ZERO };
    const rejection = this.#reserve(account, remaining, book);
    if (rejection) {
      this.#accounts.freeze(account, order, before.currency, before.frozen);
      return { ok: false, reason: rejection === 'insufficient-margin' ? 'insufficient-margin' : 'insufficient-balance', order };
    }
    order.frozen = remaining.frozen;
    order.frozenCurrency = remaining.frozenCurrency;
    order.amount = amount;
    order.price = price;
    order.updatedAt = nowMs;
    const keepsPriority = this.#config.amendKeepsPriority === 'size-decrease' && price === before.price && amount <= before.amount;
    if (!keepsPriority) {
      book.remove(order);
      order.sequence = ++this.#orderSequence;
      if (book.wouldTake(order, this.#bucket)) this.#walk(book, order, nowMs, false);
      if (isOpen(order)) book.rest(order);
    } else {
      book.sequence++;
    }
    // Pushed like any other change of an order and of its book (WebSocket push engine).
    this.#events.emit({ type: 'order', order: { ...order } });
    this.#events.emit({ type: 'book', symbol: book.market.symbol });
    this.#events.emit({ type: 'account', accountId });
    return { ok: true, order };
  }

  /** By id, or the latest order with the client id (OKX returns the latest match). */
  findOrder(accountId: string, ref: OrderRef): Order | undefined {
    if (ref.id !== undefined) {
      const order = this.#ordersById.get(ref.id);
      return order && order.accountId === accountId ? order : undefined;
    }
    if (ref.clientOrderId !== undefined) {
      const list = this.#accounts.get(accountId).ordersByClientId.get(ref.clientOrderId);
      return list?.[list.length - 1];
    }
    return undefined;
  }

  /** Every order of every account, oldest first. */
  allOrders(): Order[] {
    return [...this.#ordersById.values()];
  }

  /** Holds what an order needs (spot: what it may spend; derivatives: initial margin for what it opens). */
  #reserve(account: Account, order: Order, book: OrderBook): PlaceRejection | undefined {
    const { market } = order;
    if (market.type === 'spot') {
      let need: Fixed;
      let currency: string;
      if (order.side === 'buy') {
        currency = market.quote;
        if (order.quoteAmount !== undefined) need = order.quoteAmount;
        else if (order.type === 'limit') need = mul(order.price as Fixed, order.amount);
        else need = this.#walk(book, order, order.createdAt, true).cost;
      } else {
        currency = market.base;
        need = order.amount;
      }
      if (need > this.#accounts.available(account, order.wallet, currency)) return 'insufficient-balance';
      this.#accounts.freeze(account, order, currency, need);
      return undefined;
    }
    const settle = market.settle as string;
    const opening = openingQuantity(account, order);
    let price = order.price;
    if (price === undefined) {
      const estimate = this.#walk(book, order, order.createdAt, true);
      price = estimate.quantity > 0n ? div(estimate.cost, estimate.quantity) : this.#data.midPrice(market, this.#bucket);
    }
    const need = div(mul(price, opening), fromInt(order.leverage));
    if (need > this.#accounts.available(account, order.wallet, settle)) return 'insufficient-margin';
    this.#accounts.freeze(account, order, settle, need);
    return undefined;
  }

  #reduceCap(order: Order): Fixed | undefined {
    return reduceCap(this.#accounts.get(order.accountId), order);
  }

  // ---- matching ------------------------------------------------------------------------------

  /** Takes liquidity for a new order; with `dryRun` only reports what it would get. */
  #walk(book: OrderBook, order: Order, time: number, dryRun: boolean): { quantity: Fixed; cost: Fixed } {
    let quantity = ZERO;
    let cost = ZERO;
    let quoteLeft = order.quoteAmount;
    const step = order.market.step;
    for (const liquidity of book.liquidity(order, this.#bucket)) {
      let take: Fixed;
      if (quoteLeft !== undefined) {
        take = minFixed(liquidity.size, floorToStep(div(quoteLeft, liquidity.price), step));
      } else {
        take = minFixed(liquidity.size, order.amount - order.filled - (dryRun ? quantity : ZERO));
      }
      if (!dryRun) {
        const cap = this.#reduceCap(order);
        if (cap !== undefined) take = minFixed(take, cap);
      }
      if (liquidity.order && !dryRun) {
        const makerCap = this.#reduceCap(liquidity.order);
        if (makerCap !== undefined) {
          if (makerCap <= 0n) {
            this.#finish(liquidity.order, 'reduce_only', time);
            continue;
          }
          take = minFixed(take, makerCap);
        }
      }
      if (take <= 0n) break;
      quantity += take;
      cost += mul(liquidity.price, take);
      if (quoteLeft !== undefined) quoteLeft -= mul(liquidity.price, take);
      if (!dryRun) {
        const tradeId = book.nextTradeId(this.#bucket);
        if (liquidity.synthetic) {
          book.consume(this.#bucket, order.side === 'buy' ? 'ask' : 'bid', liquidity.synthetic.level, take);
        } else if (liquidity.order) {
          this.#applyFill(liquidity.order, liquidity.price, take, 'maker', time, tradeId);
        }
        this.#applyFill(order, liquidity.price, take, 'taker', time, tradeId);
        book.recordTrade({ tradeId, price: liquidity.price, amount: take, takerSide: order.side, time });
        if (quoteLeft === undefined && !isOpen(order)) break;
      } else if (quoteLeft === undefined && quantity >= order.amount) {
        break;
      }
    }
    return { quantity, cost };
  }

  #applyFill(order: Order, price: Fixed, quantity: Fixed, liquidity: 'maker' | 'taker', time: number, tradeId: number): void {
    const account = this.#accounts.get(order.accountId);
    const { market } = order;
    const feeRate = liquidity === 'maker' ? this.#config.makerFee : this.#config.takerFee;
    const value = mul(price, quantity);
    if (order.quoteAmount !== undefined) this.#accounts.release(order, value);
    else {
      const remaining = order.amount - order.filled;
      this.#accounts.release(order, quantity >= remaining ? order.frozen : (order.frozen * quantity) / remaining);
    }
    let fee: Fixed;
    let realizedPnl = ZERO;
    if (market.type === 'spot') {
      const base = account.balance(order.wallet, market.base);
      const quote = account.balance(order.wallet, market.quote);
      if (order.side === 'buy') {
        fee = mul(quantity, feeRate);
        quote.total -= value;
        base.total += quantity - fee;
      } else {
        fee = mul(value, feeRate);
        base.total -= quantity;
        quote.total += value - fee;
      }
    } else {
      fee = mul(value, feeRate);
      realizedPnl = this.#accounts.fillPosition(account, order, price, quantity, fee, time, tradeId);
      account.balance(order.wallet, market.settle as string).total += realizedPnl - fee;
    }
    order.filled += quantity;
    order.cost += value;
    order.fee += fee;
    order.realizedPnl += realizedPnl;
    order.updatedAt = time;
    order.fillCount++;
    const fill: Fill = {
      id: (this.#config.orderIdBase + 800_000_000n + BigInt(++this.#fillSequence)).toString(),
      tradeId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      symbol: market.symbol,
      side: order.side,
      price,
      amount: quantity,
      fee,
      feeCurrency: order.feeCurrency,
      feeRate,
      liquidity,
      time,
      realizedPnl,
      posSide: order.posSide,
    };
    order.lastFill = fill;
    account.fills.push(fill);
    this.#events.emit({ type: 'account', accountId: account.id });
    if (order.quoteAmount === undefined) {
      if (order.filled >= order.amount) {
        this.#finish(order, undefined, time, fill);
        return;
      }
      order.status = 'partially_filled';
    }
    this.#events.emit({ type: 'order', order: { ...order }, fill });
  }

  /** Ends an order: filled when nothing remains, otherwise canceled for `reason`. */
  #finish(order: Order, reason: CancelReason | undefined, time: number, fill?: Fill): void {
    (this.#books.get(order.market.symbol) as OrderBook).remove(order);
    this.#accounts.release(order, order.frozen);
    const complete = order.quoteAmount !== undefined ? order.filled > 0n && reason === undefined : order.filled >= order.amount;
    order.status = complete ? 'filled' : 'canceled';
    if (!complete && reason) order.cancelReason = reason;
    order.updatedAt = time;
    this.#events.emit({ type: 'order', order: { ...order }, fill });
    for (const hook of this.#orderEndHooks) hook(order, time);
  }
}
