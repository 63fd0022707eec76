/**
 * A local order book kept from a snapshot and deltas (protocols/okx-v5.md §6.3): a size of 0
 * removes a level, any other size inserts or replaces it; bids stay descending, asks ascending.
 *
 * Each side is a pair of parallel arrays (prices, amounts) kept sorted, found by binary search:
 * at a few hundred levels a splice is a short memmove, cheaper than any tree. Amounts are kept in
 * unified units (× the channel's multiplier, converted the way REST normalization does). The wire
 * strings are kept only when the channel has a checksum, which is computed over them.
 */
import type { OrderBook, OrderBookLevel } from '../types.js';
import type { BookMessage, WireBookLevel, WireLevelText } from './contract.js';

/** contracts × multiplier as the nearest double to the exact decimal product (15 significant digits). */
export function scaleAmount(size: number, multiplier: number): number {
  if (multiplier === 1) return size;
  return Number((size * multiplier).toPrecision(15));
}

class BookSide {
  readonly prices: number[] = [];
  readonly amounts: number[] = [];
  readonly texts: WireLevelText[] | undefined;

  constructor(
    readonly descending: boolean,
    keepText: boolean,
  ) {
    this.texts = keepText ? [] : undefined;
  }

  get length(): number {
    return this.prices.length;
  }

  clear(): void {
    this.prices.length = 0;
    this.amounts.length = 0;
    if (this.texts) this.texts.length = 0;
  }

  /** Index of `price`, or of where it would go as `-(index + 1)`. */
  find(price: number): number {
    const prices = this.prices;
    let low = 0;
    let high = prices.length - 1;
    if (this.descending) {
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = prices[middle] as number;
        if (value > price) low = middle + 1;
        else if (value < price) high = middle - 1;
        else return middle;
      }
    } else {
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const value = prices[middle] as number;
        if (value < price) low = middle + 1;
        else if (value > price) high = middle - 1;
        else return middle;
      }
    }
    return -(low + 1);
  }

  /** Applies one wire level; false when it is malformed. */
  apply(level: WireBookLevel, multiplier: number): boolean {
    const priceText = level[0];
    const sizeText = level[1];
    const price = +(priceText as string);
    const size = +(sizeText as string);
    // NaN fails every comparison, so this also refuses text that is not a number.
    if (!(size >= 0 && price >= 0) || priceText === '' || sizeText === '') return false;
    const index = this.find(price);
    if (size === 0) {
      if (index >= 0) {
        this.prices.splice(index, 1);
        this.amounts.splice(index, 1);
        this.texts?.splice(index, 1);
      }
      return true;
    }
    const amount = scaleAmount(size, multiplier);
    if (index >= 0) {
      this.amounts[index] = amount;
      if (this.texts) this.texts[index] = [String(priceText), String(sizeText)];
    } else {
      const at = -index - 1;
      if (at === this.prices.length) {
        this.prices.push(price);
        this.amounts.push(amount);
        this.texts?.push([String(priceText), String(sizeText)]);
      } else {
        this.prices.splice(at, 0, price);
        this.amounts.splice(at, 0, amount);
        this.texts?.splice(at, 0, [String(priceText), String(sizeText)]);
      }
    }
    return true;
  }

  /** Keeps the best `depth` levels. */
  trim(depth: number): void {
    if (this.prices.length <= depth) return;
    this.prices.length = depth;
    this.amounts.length = depth;
    if (this.texts) this.texts.length = depth;
  }

  levels(depth: number): OrderBookLevel[] {
    const count = Math.min(depth, this.prices.length);
    const out: OrderBookLevel[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = [this.prices[i] as number, this.amounts[i] as number];
    return out;
  }
}

export interface BookStateOptions {
  symbol: string;
  /** Levels kept per side (the channel's depth). */
  depth: number;
  amountMultiplier: number;
  /** Keep wire strings for a checksum. */
  keepText: boolean;
}

/** The book of one subscription. Callers check sequences before `apply`; this only edits levels. */
export class BookState {
  readonly bids: BookSide;
  readonly asks: BookSide;
  sequence: number | undefined;
  timestamp: number | undefined;
  readonly #options: BookStateOptions;

  constructor(options: BookStateOptions) {
    this.#options = options;
    this.bids = new BookSide(true, options.keepText);
    this.asks = new BookSide(false, options.keepText);
  }

  get keepsText(): boolean {
    return this.#options.keepText;
  }

  reset(): void {
    this.bids.clear();
    this.asks.clear();
    this.sequence = undefined;
    this.timestamp = undefined;
  }

  /** Applies a frame's levels (after clearing, for a snapshot); false when a level is malformed. */
  apply(message: BookMessage): boolean {
    const multiplier = this.#options.amountMultiplier;
    if (message.snapshot) {
      this.bids.clear();
      this.asks.clear();
    }
    const { bids, asks } = message;
    for (let i = 0; i < bids.length; i++) if (!this.bids.apply(bids[i] as WireBookLevel, multiplier)) return false;
    for (let i = 0; i < asks.length; i++) if (!this.asks.apply(asks[i] as WireBookLevel, multiplier)) return false;
    this.bids.trim(this.#options.depth);
    this.asks.trim(this.#options.depth);
    if (message.sequence !== undefined) this.sequence = message.sequence;
    if (message.timestamp !== undefined) this.timestamp = message.timestamp;
    return true;
  }

  /** Replaces the book with levels already in unified units (a REST snapshot). */
  load(book: OrderBook): void {
    this.reset();
    for (const [price, amount] of book.bids) this.#loadLevel(this.bids, price, amount);
    for (const [price, amount] of book.asks) this.#loadLevel(this.asks, price, amount);
    this.bids.trim(this.#options.depth);
    this.asks.trim(this.#options.depth);
    this.sequence = book.sequence;
    this.timestamp = book.timestamp;
  }

  #loadLevel(side: BookSide, price: number, amount: number): void {
    if (!(amount > 0)) return;
    const index = side.find(price);
    if (index >= 0) {
      side.amounts[index] = amount;
      return;
    }
    const at = -index - 1;
    side.prices.splice(at, 0, price);
    side.amounts.splice(at, 0, amount);
  }

  /** Best bid at or above best ask: no exchange publishes that, so a delta was lost. */
  crossed(): boolean {
    const bid = this.bids.prices[0];
    const ask = this.asks.prices[0];
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  /** The wire strings of the first `count` levels of each side, for a checksum. */
  textLevels(count: number): { bids: WireLevelText[]; asks: WireLevelText[] } {
    return { bids: (this.bids.texts ?? []).slice(0, count), asks: (this.asks.texts ?? []).slice(0, count) };
  }

  /** A copy as the unified OrderBook, `depth` levels per side. */
  toOrderBook(depth: number): OrderBook {
    return {
      symbol: this.#options.symbol,
      timestamp: this.timestamp,
      sequence: this.sequence,
      bids: this.bids.levels(depth),
      asks: this.asks.levels(depth),
    };
  }
}
