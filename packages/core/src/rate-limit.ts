/**
 * Client-side rate limiting that never sends what the exchange's documented limit would reject.
 *
 * Exchanges count requests in a window ("20 requests per 2 s"). A token bucket of that capacity
 * would allow up to twice the limit inside one window (a full burst, then the refill), so each
 * bucket is an exact sliding window instead: a request may go at time t only when the costs sent
 * in (t − window, t] plus its own stay within the limit. Reservations are handed out in order, so
 * waiting callers are served first come, first served.
 */
import pLimit from 'p-limit';
import { RateLimited } from './errors.js';

export interface BucketDef {
  /** Total cost allowed per window. */
  limit: number;
  windowMs: number;
  /**
   * Whom the exchange counts: the caller's IP (public endpoints), the account or API key (private
   * endpoints), or the account per instrument (OKX trading endpoints).
   */
  scope: 'ip' | 'account' | 'account+symbol';
}

/** One bucket a request spends from: its key (bucket + scope), the cost and the bucket's limit. */
export interface Reservation {
  key: string;
  cost: number;
  limit: number;
  windowMs: number;
}

/** The state behind the limiter. Memory now; a shared store (Redis, …) lets processes share a budget. */
export interface RateLimitStore {
  /**
   * Reserves one slot in every bucket of a request, all at the same moment, and returns how many ms
   * from `nowMs` that moment is. Atomic: a request waiting for one bucket (an orders-per-minute cap)
   * must not hold a stale slot in another (a weight per 10 s) and then send in a burst. Must never
   * return a moment that would put more than `limit` in any window of any of the buckets.
   *
   * With `maxWaitMs`, a moment later than `nowMs + maxWaitMs` is returned without being reserved
   * (the caller fails fast instead of waiting). A store that ignores it reserves anyway, which only
   * wastes that slot.
   */
  reserve(reservations: readonly Reservation[], nowMs: number, maxWaitMs?: number): Promise<number> | number;
}

interface Slot {
  at: number;
  cost: number;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly #slots = new Map<string, Slot[]>();

  reserve(reservations: readonly Reservation[], nowMs: number, maxWaitMs = Number.POSITIVE_INFINITY): number {
    // The moment every bucket has room; a later moment never has less room in a sliding window.
    let at = nowMs;
    for (const reservation of reservations) at = Math.max(at, this.#earliest(reservation, nowMs));
    if (at - nowMs > maxWaitMs) return at - nowMs;
    for (const { key, cost } of reservations) {
      const slots = this.#slots.get(key) ?? [];
      slots.push({ at, cost });
      this.#slots.set(key, slots);
    }
    return at - nowMs;
  }

  /** Earliest moment ≥ now (and ≥ the bucket's last slot, so slots stay in order) with room for `cost`. */
  #earliest({ key, cost, limit, windowMs }: Reservation, nowMs: number): number {
    const slots = this.#slots.get(key) ?? [];
    let at = Math.max(nowMs, slots.length > 0 ? (slots[slots.length - 1] as Slot).at : nowMs);
    let first = 0;
    while (first < slots.length && (slots[first] as Slot).at <= at - windowMs) first++;
    let used = 0;
    for (let i = first; i < slots.length; i++) used += (slots[i] as Slot).cost;
    const allowed = Math.max(limit, cost); // a request costing more than the limit can still go alone
    while (used + cost > allowed && first < slots.length) {
      const oldest = slots[first] as Slot;
      at = Math.max(at, oldest.at + windowMs);
      used -= oldest.cost;
      first++;
    }
    // Slots older than any window that can still matter are dropped.
    const stale = slots.findIndex((slot) => slot.at > nowMs - windowMs);
    if (stale > 0) slots.splice(0, stale);
    return at;
  }
}

/**
 * The store every limiter uses unless given another. Exchanges count per IP and per key, not per
 * client object: two instances in one process share an IP (and maybe a key), so they share budgets.
 */
export const processRateLimitStore: RateLimitStore = new MemoryRateLimitStore();

export interface RateCost {
  bucket: string;
  cost?: number;
}

export interface RateLimiterOptions {
  /** Exchange id: keeps buckets of different exchanges apart when they share a host (the simulator). */
  namespace: string;
  buckets: Readonly<Record<string, BucketDef>>;
  store?: RateLimitStore;
  /** Fraction of each limit to use (headroom for other clients of the same key); default 1. */
  utilization?: number;
  /**
   * Added to each window to absorb the delay between a granted slot and the request's arrival at
   * the exchange. Default: learned — the longest of the last 64 delays from a slot to its reply
   * (a reply comes after the arrival, so this bounds the delay to arrival with the return trip to
   * spare), plus timer slack; 10 % of the window (≥ 100 ms) until the first replies are in, and
   * never more than that.
   */
  windowMarginMs?: (windowMs: number) => number;
  maxConcurrency?: number;
  /** The longest a call may wait for its slot; past it the call fails at once with RateLimited and retryAfterMs. */
  maxWaitMs?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onWait?: (buckets: string[], cost: number, waitMs: number) => void;
}

export interface ScopeKeys {
  /** Stands for the caller's IP: the host the request goes to. */
  ip: string;
  /** A hash of the API key, never the key itself. */
  account?: string;
  /** Market id for per-instrument limits. */
  symbol?: string;
}

/** Replies whose delay is remembered for the learned margin. */
const DELAY_SAMPLES = 64;
/** Timers may fire a little early against the wall clock, and clocks tick in whole ms. */
const TIMER_SLACK_MS = 10;

/** Errors raised before anything was sent because the wait would exceed `maxWaitMs`. */
const localRefusals = new WeakSet<object>();

/** True for a RateLimited the limiter raised itself (nothing sent): retrying it would only wait. */
export function isLocalRateLimit(error: unknown): boolean {
  return typeof error === 'object' && error !== null && localRefusals.has(error);
}

export class RateLimiter {
  readonly #options: RateLimiterOptions;
  readonly #store: RateLimitStore;
  readonly #concurrency: pLimit.Limit;
  readonly #pausedUntil = new Map<string, number>();
  readonly #delays: number[] = [];
  #delayIndex = 0;
  #longestDelayMs: number | undefined;

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#store = options.store ?? processRateLimitStore;
    this.#concurrency = pLimit(options.maxConcurrency ?? 16);
  }

  /**
   * Waits until every bucket of the endpoint has room and returns the moment of the slot (the
   * limiter's clock); pass it to `settle` when the reply arrives. Fails at once with RateLimited
   * when the wait would be longer than `maxWaitMs`.
   */
  async acquire(costs: readonly RateCost[], scope: ScopeKeys): Promise<number> {
    const now = this.#options.now();
    let pausedMs = 0;
    const reservations: Reservation[] = [];
    for (const { bucket, cost = 1 } of costs) {
      const def = this.#options.buckets[bucket];
      if (!def) throw new RangeError(`Endpoint names rate-limit bucket "${bucket}", which the adapter does not define`);
      const key = `${this.#options.namespace}|${bucketKey(bucket, def, scope)}`;
      pausedMs = Math.max(pausedMs, (this.#pausedUntil.get(key) ?? 0) - now);
      const limit = Math.max(1, Math.floor(def.limit * (this.#options.utilization ?? 1)));
      reservations.push({ key, cost, limit, windowMs: def.windowMs + this.#margin(def.windowMs) });
    }
    if (reservations.length === 0) return now;
    const maxWaitMs = this.#options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    if (pausedMs > maxWaitMs) throw this.#refusal(costs, pausedMs);
    const waitMs = pausedMs + (await this.#store.reserve(reservations, now + pausedMs, maxWaitMs - pausedMs));
    if (waitMs > maxWaitMs) throw this.#refusal(costs, waitMs);
    if (waitMs > 0) {
      const [first] = costs;
      this.#options.onWait?.(
        costs.map((c) => c.bucket),
        first?.cost ?? 1,
        waitMs,
      );
      await this.#options.sleep(waitMs);
    }
    return now + waitMs;
  }

  /**
   * The reply to a request granted at `grantedAtMs` arrived (or it failed): its delay bounds the
   * delay from slot to arrival at the exchange, which is what the window margin must cover.
   */
  settle(grantedAtMs: number): void {
    const delayMs = Math.max(0, this.#options.now() - grantedAtMs);
    if (this.#delays.length < DELAY_SAMPLES) this.#delays.push(delayMs);
    else this.#delays[this.#delayIndex] = delayMs;
    this.#delayIndex = (this.#delayIndex + 1) % DELAY_SAMPLES;
    // Recomputed per reply: 64 comparisons, cheaper than a request's signature.
    this.#longestDelayMs = Math.max(...this.#delays);
  }

  #margin(windowMs: number): number {
    if (this.#options.windowMarginMs) return this.#options.windowMarginMs(windowMs);
    const conservative = Math.max(100, windowMs * 0.1);
    if (this.#longestDelayMs === undefined) return conservative;
    return Math.min(conservative, Math.ceil(this.#longestDelayMs) + TIMER_SLACK_MS);
  }

  #refusal(costs: readonly RateCost[], waitMs: number): RateLimited {
    const error = new RateLimited({
      exchange: this.#options.namespace,
      message: `the rate limit of ${costs.map((c) => c.bucket).join(' + ')} would delay this call by ${Math.ceil(waitMs)} ms, more than maxWaitMs (${this.#options.maxWaitMs} ms); nothing was sent`,
      retryAfterMs: Math.ceil(waitMs),
      retryable: true,
      hint: `Try again in ${Math.ceil(waitMs)} ms, spread calls over time, or raise rateLimit.maxWaitMs.`,
    });
    localRefusals.add(error);
    return error;
  }

  /** Runs `task` under the concurrency cap. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return this.#concurrency(task);
  }

  /** After the exchange said "too many requests": hold the endpoint's buckets for `ms`. */
  pause(costs: readonly RateCost[], scope: ScopeKeys, ms: number): void {
    const until = this.#options.now() + ms;
    for (const { bucket } of costs) {
      const def = this.#options.buckets[bucket];
      if (!def) continue;
      const key = `${this.#options.namespace}|${bucketKey(bucket, def, scope)}`;
      if ((this.#pausedUntil.get(key) ?? 0) < until) this.#pausedUntil.set(key, until);
    }
  }
}

function bucketKey(bucket: string, def: BucketDef, scope: ScopeKeys): string {
  switch (def.scope) {
    case 'ip':
      return `${bucket}|ip:${scope.ip}`;
    case 'account':
      return `${bucket}|acct:${scope.account ?? scope.ip}`;
    case 'account+symbol':
      return `${bucket}|acct:${scope.account ?? scope.ip}|${scope.symbol ?? '*'}`;
  }
}
