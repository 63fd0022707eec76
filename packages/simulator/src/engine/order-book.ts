/**
 * One market's book on a venue: the users' resting orders, what they took from the synthetic
 * levels in the current bucket, and the public trades printed. Price-time priority lives here;
 * what a fill does to accounts is the matching engine's business.
 */
import { type Fixed, ZERO } from '../decimal.js';
import type { VenueEvents } from './events.js';
import { BOOK_LEVELS, type MarketData, type SyntheticLevel, userTradeId } from './market-data.js';
import type { MarketSpec } from './markets.js';
import type { BookLevel, BookView, Order, PublicTrade } from './model.js';

/** A place an order may take from: a synthetic level or a resting user order. */
export interface Liquidity {
  price: Fixed;
  size: Fixed;
  synthetic?: SyntheticLevel;
  order?: Order;
}

export type BookSide = 'ask' | 'bid';

const MAX_PUBLIC_TRADES = 1_000;

export class OrderBook {
  readonly bids: Order[] = [];
  readonly asks: Order[] = [];
  /** Bumped on every change of the book, and once per bucket the book is looked at in. */
  sequence = 1;
  /** Recorded user trades and mid prints (the synthetic crowd's trades are computed). */
  readonly trades: PublicTrade[] = [];
  #sequenceBucket: number;
  #consumedBucket = -1;
  /** Synthetic size taken in #consumedBucket, keyed `ask:3`. */
  readonly #consumed = new Map<string, Fixed>();
  #tradeBucket = -1;
  #tradeCounter = 0;
  readonly #data: MarketData;
  readonly #events: VenueEvents;

  constructor(
    readonly market: MarketSpec,
    data: MarketData,
    events: VenueEvents,
    bucket: number,
  ) {
    this.#data = data;
    this.#events = events;
    this.#sequenceBucket = bucket;
  }

  get hasOrders(): boolean {
    return this.bids.length > 0 || this.asks.length > 0;
  }

  /** Queues a resting order behind those at its price or better. */
  rest(order: Order): void {
    const list = order.side === 'buy' ? this.bids : this.asks;
    const price = order.price as Fixed;
    let index = list.length;
    while (index > 0) {
      const ahead = list[index - 1] as Order;
      const aheadPrice = ahead.price as Fixed;
      const better = order.side === 'buy' ? aheadPrice >= price : aheadPrice <= price;
      if (better) break;
      index--;
    }
    list.splice(index, 0, order);
    this.#changed();
  }

  /** Takes an order off the book, if it rests there. */
  remove(order: Order): void {
    const list = order.side === 'buy' ? this.bids : this.asks;
    const index = list.indexOf(order);
    if (index >= 0) {
      list.splice(index, 1);
      this.#changed();
    }
  }

  consumed(bucket: number, side: BookSide, level: number): Fixed {
    if (this.#consumedBucket !== bucket) return ZERO;
    return this.#consumed.get(`${side}:${level}`) ?? ZERO;
  }

  /** Records synthetic size taken; it stays taken until the bucket ends. */
  consume(bucket: number, side: BookSide, level: number, quantity: Fixed): void {
    if (this.#consumedBucket !== bucket) {
      this.#consumed.clear();
      this.#consumedBucket = bucket;
    }
    const key = `${side}:${level}`;
    this.#consumed.set(key, (this.#consumed.get(key) ?? ZERO) + quantity);
    this.#changed();
  }

  /** Opposite liquidity the order may take, best first (synthetic before users at equal price). */
  liquidity(order: Order, bucket: number, enough = Number.POSITIVE_INFINITY): Liquidity[] {
    const buying = order.side === 'buy';
    const limit = order.type === 'limit' ? order.price : undefined;
    const crosses = (price: Fixed): boolean => limit === undefined || (buying ? price <= limit : price >= limit);
    const side = buying ? 'ask' : 'bid';
    const out: Liquidity[] = [];
    for (let level = 0; level < BOOK_LEVELS; level++) {
      const synthetic = this.#data.level(this.market, bucket, side, level);
      if (!crosses(synthetic.price)) break;
      const size = synthetic.size - this.consumed(bucket, side, level);
      if (size > 0n) out.push({ price: synthetic.price, size, synthetic });
      if (out.length >= enough && enough === 1) break;
    }
    for (const resting of buying ? this.asks : this.bids) {
      if (!crosses(resting.price as Fixed)) break;
      out.push({ price: resting.price as Fixed, size: resting.amount - resting.filled, order: resting });
    }
    out.sort((a, b) => {
      if (a.price !== b.price) return buying ? (a.price < b.price ? -1 : 1) : a.price > b.price ? -1 : 1;
      if (a.synthetic && !b.synthetic) return -1;
      if (b.synthetic && !a.synthetic) return 1;
      return (a.order?.sequence ?? 0) - (b.order?.sequence ?? 0);
    });
    return out;
  }

  /** Whether a limit order at its price would trade at once (post-only check). */
  wouldTake(order: Order, bucket: number): boolean {
    const limit = order.price as Fixed;
    const best = this.liquidity(order, bucket, 1)[0];
    if (!best) return false;
    return order.side === 'buy' ? best.price <= limit : best.price >= limit;
  }

  /** The aggregated book as shown in `bucket`: synthetic levels left plus resting orders. */
  view(depth: number, bucket: number): BookView {
    if (this.#sequenceBucket !== bucket) {
      this.#sequenceBucket = bucket;
      this.sequence++;
    }
    return {
      bids: this.#levels('bid', depth, bucket),
      asks: this.#levels('ask', depth, bucket),
      sequence: this.sequence,
      bucket,
    };
  }

  #levels(side: BookSide, depth: number, bucket: number): BookLevel[] {
    const byPrice = new Map<Fixed, BookLevel>();
    // Levels emptied by takers this bucket are skipped, so `depth` counts levels that have size.
    for (let level = 0; level < BOOK_LEVELS && byPrice.size < depth; level++) {
      const synthetic = this.#data.level(this.market, bucket, side, level);
      const size = synthetic.size - this.consumed(bucket, side, level);
      if (size > 0n) byPrice.set(synthetic.price, { price: synthetic.price, size, orderCount: synthetic.orderCount });
    }
    for (const order of side === 'bid' ? this.bids : this.asks) {
      const price = order.price as Fixed;
      const level = byPrice.get(price) ?? { price, size: ZERO, orderCount: 0 };
      level.size += order.amount - order.filled;
      level.orderCount++;
      byPrice.set(price, level);
    }
    const levels = [...byPrice.values()].sort((a, b) => (side === 'bid' ? cmp(b.price, a.price) : cmp(a.price, b.price)));
    return levels.slice(0, depth);
  }

  nextTradeId(bucket: number): number {
    if (this.#tradeBucket !== bucket) {
      this.#tradeBucket = bucket;
      this.#tradeCounter = 0;
    }
    return userTradeId(bucket, this.#tradeCounter++);
  }

  recordTrade(trade: PublicTrade): void {
    this.#events.emit({ type: 'trade', symbol: this.market.symbol, trade });
    this.trades.push(trade);
    if (this.trades.length > MAX_PUBLIC_TRADES) this.trades.splice(0, this.trades.length - MAX_PUBLIC_TRADES);
  }

  /** Prints a trade at the mid of `bucket`, so the last price follows a moved market. */
  printMid(bucket: number, nowMs: number): void {
    const mid = this.#data.midPrice(this.market, bucket);
    const previous = this.trades.at(-1)?.price;
    // The print must be the latest trade even when the clock was moved back (a removed skew
    // leaves trades stamped ahead of now): triggers watching the last price read it.
    const newest = this.trades.reduce((latest, trade) => Math.max(latest, trade.time), Number.NEGATIVE_INFINITY);
    this.recordTrade({
      tradeId: this.nextTradeId(bucket),
      price: mid,
      amount: this.market.bookLot,
      takerSide: previous !== undefined && mid < previous ? 'sell' : 'buy',
      time: newest >= nowMs ? newest + 1 : nowMs,
    });
  }

  /** Recent trades (synthetic crowd and users) up to `bucket`, newest first. */
  recentTrades(limit: number, nowMs: number, bucket: number): PublicTrade[] {
    const collected: PublicTrade[] = [];
    const horizon = Math.min(nowMs, this.#data.bucketStart(bucket + 1) - 1);
    for (let b = bucket; collected.length < limit && b > bucket - limit - 1; b--) {
      collected.push(...this.#data.tradesInBucket(this.market, b, horizon));
    }
    const oldest = collected.reduce((least, trade) => Math.min(least, trade.time), Number.POSITIVE_INFINITY);
    // Fewer synthetic trades than asked for (e.g. the clock was moved back): every recorded trade
    // competes for the newest `limit`, not just the first one looked at.
    const synthetic = collected.length;
    for (const trade of this.trades) if (trade.time >= oldest || synthetic < limit) collected.push(trade);
    collected.sort((a, b) => b.time - a.time || b.tradeId - a.tradeId);
    return collected.slice(0, limit);
  }

  #changed(): void {
    this.sequence++;
    this.#events.emit({ type: 'book', symbol: this.market.symbol });
  }
}

function cmp(a: Fixed, b: Fixed): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
