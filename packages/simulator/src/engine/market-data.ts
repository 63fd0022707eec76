/**
 * The synthetic market: a deterministic mid price per time bucket and the liquidity around it.
 *
 * The mid is a sum of seeded value-noise octaves (one minute to one month) evaluated at the start
 * of each BUCKET_MS bucket, so it moves like a bounded random walk, can be evaluated at any past
 * time in O(1) (candles, 24 h statistics), and depends only on the seed and the bucket.
 * Prices are whole ticks, sizes whole `bookLot`s: every value put on the wire is exact.
 *
 * Buckets count from `originMs` (the simulator's start), not from the Unix epoch: the same seed
 * gives the same book at the same time since start, whatever the wall clock says, while every
 * timestamp on the wire stays real time (signed requests are checked against it). `move()` shifts
 * an asset's path from a bucket on, so a test can cross a resting order without waiting for luck.
 */
import { type Fixed, SCALE } from '../decimal.js';
import { hash32, signedHash, unitHash } from '../random.js';
import type { MarketSpec } from './markets.js';

export const BUCKET_MS = 5_000;
export const BOOK_LEVELS = 200;

const OCTAVES: readonly { periodSeconds: number; amplitude: number }[] = [
  { periodSeconds: 60, amplitude: 0.0008 },
  { periodSeconds: 900, amplitude: 0.003 },
  { periodSeconds: 4 * 3600, amplitude: 0.008 },
  { periodSeconds: 3 * 86_400, amplitude: 0.025 },
  { periodSeconds: 40 * 86_400, amplitude: 0.07 },
];

/** Trade ids are `(bucket + this) × 100 000 + n`: positive for buckets up to ~15 years before the origin. */
const TRADE_ID_BUCKET_OFFSET = 100_000_000;

export interface SyntheticLevel {
  /** Level number from the top of the book, 0 = best. */
  level: number;
  price: Fixed;
  size: Fixed;
  orderCount: number;
}

export interface SyntheticTrade {
  tradeId: number;
  price: Fixed;
  amount: Fixed;
  takerSide: 'buy' | 'sell';
  time: number;
}

export interface Candle {
  openTime: number;
  open: Fixed;
  high: Fixed;
  low: Fixed;
  close: Fixed;
  /** Base units. */
  volume: Fixed;
  /** Quote units. */
  quoteVolume: Fixed;
  tradeCount: number;
  /** False while the candle is still forming. */
  closed: boolean;
}

export interface DayStats {
  open: Fixed;
  high: Fixed;
  low: Fixed;
  volume: Fixed;
  quoteVolume: Fixed;
  tradeCount: number;
}

function smoothstep(f: number): number {
  return f * f * (3 - 2 * f);
}

/** From `fromBucket` on, an asset's log-price is shifted by `logShift`. */
interface Shift {
  fromBucket: number;
  logShift: number;
}

/** A price held from a bucket on (engine hook for tests); `price` undefined resumes the seeded path. */
interface HeldPrice {
  fromBucket: number;
  price: Fixed | undefined;
}

export class MarketData {
  readonly #seed: number;
  /** Time of bucket 0, ms. */
  readonly originMs: number;
  readonly #midCache = new Map<number, bigint>();
  readonly #dayCache = new Map<string, DayStats>();
  readonly #shifts = new Map<number, Shift[]>();
  /** Per asset, oldest first. */
  readonly #held = new Map<number, HeldPrice[]>();

  constructor(seed: number, originMs = 0) {
    this.#seed = seed;
    this.originMs = originMs;
  }

  /** The bucket a time falls in; negative before the origin. */
  bucketOf(timeMs: number): number {
    return Math.floor((timeMs - this.originMs) / BUCKET_MS);
  }

  /** When a bucket starts, ms. */
  bucketStart(bucket: number): number {
    return this.originMs + bucket * BUCKET_MS;
  }

  /**
   * Moves the mid of `market` to `price` (whole ticks) from `bucket` on, and with it every market of
   * the same asset; the walk continues from there. Earlier buckets keep their prices.
   */
  move(market: MarketSpec, bucket: number, price: Fixed): void {
    const target = price / market.tick;
    if (target <= 0n) throw new RangeError('price must be at least one tick');
    const shifts = this.#shifts.get(market.asset) ?? [];
    shifts.push({ fromBucket: bucket, logShift: Math.log(Number(target) / this.#exactTicks(market, bucket)) });
    this.#shifts.set(market.asset, shifts);
    this.#midCache.clear();
    this.#dayCache.clear();
  }

  #shiftAt(asset: number, bucket: number): number {
    let total = 0;
    for (const shift of this.#shifts.get(asset) ?? []) if (shift.fromBucket <= bucket) total += shift.logShift;
    return total;
  }

  /**
   * Engine hook: from `fromBucket` on, the mid of every market of `asset` (a spot pair and its
   * perpetual share one) is `price` (`undefined` resumes the seeded path). Earlier buckets keep
   * their history, so candles and 24 h statistics stay consistent.
   */
  holdPrice(asset: number, price: Fixed | undefined, fromBucket: number): void {
    const list = (this.#held.get(asset) ?? []).filter((held) => held.fromBucket < fromBucket);
    list.push({ fromBucket, price });
    this.#held.set(asset, list);
    this.#dayCache.clear();
  }

  #heldTicks(market: MarketSpec, bucket: number): bigint | undefined {
    const list = this.#held.get(market.asset);
    if (!list) return undefined;
    let held: HeldPrice | undefined;
    for (const entry of list) if (entry.fromBucket <= bucket) held = entry;
    if (held?.price === undefined) return undefined;
    const ticks = held.price / market.tick;
    return ticks > 0n ? ticks : 1n;
  }

  /** Mid price in whole ticks at a bucket. */
  midTicks(market: MarketSpec, bucket: number): bigint {
    const held = this.#heldTicks(market, bucket);
    if (held !== undefined) return held;
    const key = market.index * 2 ** 32 + bucket;
    const cached = this.#midCache.get(key);
    if (cached !== undefined) return cached;
    const ticks = BigInt(Math.round(this.#exactTicks(market, bucket)));
    if (this.#midCache.size > 50_000) this.#midCache.clear();
    this.#midCache.set(key, ticks);
    return ticks;
  }

  /** The mid in ticks before rounding. */
  #exactTicks(market: MarketSpec, bucket: number): number {
    const seconds = (bucket * BUCKET_MS) / 1000;
    let logOffset = this.#shiftAt(market.asset, bucket);
    OCTAVES.forEach((octave, index) => {
      const x = seconds / octave.periodSeconds;
      const i = Math.floor(x);
      const a = signedHash(this.#seed, market.asset, index, i);
      const b = signedHash(this.#seed, market.asset, index, i + 1);
      logOffset += octave.amplitude * (a + (b - a) * smoothstep(x - i));
    });
    const tickFloat = Number(market.tick) / Number(SCALE);
    return (market.basePrice * Math.exp(logOffset)) / tickFloat;
  }

  midPrice(market: MarketSpec, bucket: number): Fixed {
    return this.midTicks(market, bucket) * market.tick;
  }

  /** Ticks between the mid and the best level, and between levels (~0.002 % of the price). */
  #gapTicks(midTicks: bigint): bigint {
    const gap = midTicks / 50_000n;
    return gap > 0n ? gap : 1n;
  }

  /** Synthetic level `level` of one side: asks ascend, bids descend. */
  level(market: MarketSpec, bucket: number, side: 'bid' | 'ask', level: number): SyntheticLevel {
    const mid = this.midTicks(market, bucket);
    const gap = this.#gapTicks(mid);
    const offset = gap + BigInt(level) * gap;
    const ticks = side === 'ask' ? mid + offset : mid - offset;
    const sideCode = side === 'ask' ? 1 : 2;
    const lots = 1 + Math.floor(unitHash(this.#seed, market.index, bucket, sideCode, level) * (20 + 4 * level));
    const orderCount = 1 + (hash32(this.#seed, market.index, bucket, sideCode, level, 7) % 8);
    return { level, price: ticks * market.tick, size: BigInt(lots) * market.bookLot, orderCount };
  }

  /** Trades the synthetic crowd printed in a bucket, oldest first, only those at or before `nowMs`. */
  tradesInBucket(market: MarketSpec, bucket: number, nowMs: number): SyntheticTrade[] {
    const count = 1 + (hash32(this.#seed, market.index, bucket, 11) % 3);
    const trades: SyntheticTrade[] = [];
    for (let i = 0; i < count; i++) {
      const time = this.bucketStart(bucket) + Math.floor(((i + unitHash(this.#seed, market.index, bucket, 12, i)) / count) * BUCKET_MS);
      if (time > nowMs) break;
      const takerSide = unitHash(this.#seed, market.index, bucket, 13, i) < 0.5 ? 'buy' : 'sell';
      const top = this.level(market, bucket, takerSide === 'buy' ? 'ask' : 'bid', 0);
      const lots = 1 + Math.floor(unitHash(this.#seed, market.index, bucket, 14, i) * 10);
      trades.push({ tradeId: syntheticTradeId(bucket, i), price: top.price, amount: BigInt(lots) * market.bookLot, takerSide, time });
    }
    return trades;
  }

  /**
   * One candle over [openTime, openTime + durationMs), sampled at up to 48 buckets so that long
   * bars stay cheap. Volume is a seeded rate times the elapsed time.
   */
  candle(market: MarketSpec, openTime: number, durationMs: number, nowMs: number): Candle {
    const closeTime = openTime + durationMs;
    const lastTime = Math.min(closeTime - 1, nowMs);
    const firstBucket = this.bucketOf(openTime);
    const lastBucket = Math.max(firstBucket, this.bucketOf(lastTime));
    const span = lastBucket - firstBucket;
    const samples = Math.min(span, 47);
    const open = this.midTicks(market, firstBucket);
    const close = this.midTicks(market, lastBucket);
    let high = open;
    let low = open;
    if (close > high) high = close;
    if (close < low) low = close;
    for (let s = 1; s < samples; s++) {
      const ticks = this.midTicks(market, firstBucket + Math.round((s * span) / samples));
      if (ticks > high) high = ticks;
      if (ticks < low) low = ticks;
    }
    const elapsedMs = Math.max(0, Math.min(closeTime, nowMs + 1) - openTime);
    const ratePerSecond = 0.5 + unitHash(this.#seed, market.index, Math.floor((openTime - this.originMs) / 60_000), 21);
    const lots = BigInt(Math.round((elapsedMs / 1000) * ratePerSecond * 4));
    const volume = lots * market.bookLot;
    const midPrice = ((open + close) / 2n) * market.tick;
    return {
      openTime,
      open: open * market.tick,
      high: high * market.tick,
      low: low * market.tick,
      close: close * market.tick,
      volume,
      quoteVolume: (volume * midPrice) / SCALE,
      tradeCount: Number(lots / 3n) + 1,
      closed: closeTime <= nowMs,
    };
  }

  /** Rolling 24 h statistics ending at `nowMs`. */
  day(market: MarketSpec, nowMs: number): DayStats {
    // Recomputed once per bucket: 24 hourly candles are the costliest thing a ticker asks for.
    const key = `${market.index}:${this.bucketOf(nowMs)}`;
    const cached = this.#dayCache.get(key);
    if (cached) return cached;
    const stats = this.#computeDay(market, nowMs);
    if (this.#dayCache.size > 1_000) this.#dayCache.clear();
    this.#dayCache.set(key, stats);
    return stats;
  }

  #computeDay(market: MarketSpec, nowMs: number): DayStats {
    const dayMs = 86_400_000;
    const hourly = Array.from({ length: 24 }, (_, h) => this.candle(market, nowMs - dayMs + h * 3_600_000, 3_600_000, nowMs));
    let volume = 0n;
    let quoteVolume = 0n;
    let tradeCount = 0;
    let high = (hourly[0] as Candle).high;
    let low = (hourly[0] as Candle).low;
    for (const candle of hourly) {
      volume += candle.volume;
      quoteVolume += candle.quoteVolume;
      tradeCount += candle.tradeCount;
      if (candle.high > high) high = candle.high;
      if (candle.low < low) low = candle.low;
    }
    return { open: (hourly[0] as Candle).open, high, low, volume, quoteVolume, tradeCount };
  }
}

/** Trade ids grow with time: synthetic trades take slots 0–2 of a bucket, user trades from 100 on. */
export function syntheticTradeId(bucket: number, index: number): number {
  return (bucket + TRADE_ID_BUCKET_OFFSET) * 100_000 + index;
}

export function userTradeId(bucket: number, counter: number): number {
  return (bucket + TRADE_ID_BUCKET_OFFSET) * 100_000 + 100 + Math.min(counter, 99_899);
}
