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
   */
  reserve(reservations: readonly Reservation[], nowMs: number): Promise<number> | number;
}

interface Slot {
  at: number;
  cost: number;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly #slots = new Map<string, Slot[]>();

  reserve(reservations: readonly Reservation[], nowMs: number): number {
    // The moment every bucket has room; a later moment never has less room in a sliding window.
    let at = nowMs;
    for (const reservation of reservations) at = Math.max(at, this.#earliest(reservation, nowMs));
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
  /** Added to each window to absorb delays between a granted slot and its arrival (event loop, network); default 10 % (≥ 100 ms). */
  windowMarginMs?: (windowMs: number) => number;
  maxConcurrency?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  onWait?: (buckets: string[], cost: number, waitMs: number) => void;
}

export interface ScopeKeys {
  /** Stands for the caller's IP at one server: the server's originKey. */
  ip: string;
  /** A hash of the API key, never the key itself. */
  account?: string;
  /** Market id for per-instrument limits. */
  symbol?: string;
}

export class RateLimiter {
  readonly #options: RateLimiterOptions;
  readonly #store: RateLimitStore;
  readonly #concurrency: pLimit.Limit;
  readonly #pausedUntil = new Map<string, number>();

  constructor(options: RateLimiterOptions) {
    this.#options = options;
    this.#store = options.store ?? processRateLimitStore;
    this.#concurrency = pLimit(options.maxConcurrency ?? 16);
  }

  /** Waits until every bucket of the endpoint has room, then returns. */
  async acquire(costs: readonly RateCost[], scope: ScopeKeys): Promise<void> {
    const now = this.#options.now();
    let pausedMs = 0;
    const reservations: Reservation[] = [];
    for (const { bucket, cost = 1 } of costs) {
      const def = this.#options.buckets[bucket];
      if (!def) throw new RangeError(`Endpoint names rate-limit bucket "${bucket}", which the adapter does not define`);
      const key = `${this.#options.namespace}|${bucketKey(bucket, def, scope)}`;
      pausedMs = Math.max(pausedMs, (this.#pausedUntil.get(key) ?? 0) - now);
      const limit = Math.max(1, Math.floor(def.limit * (this.#options.utilization ?? 1)));
      const margin = this.#options.windowMarginMs?.(def.windowMs) ?? Math.max(100, def.windowMs * 0.1);
      reservations.push({ key, cost, limit, windowMs: def.windowMs + margin });
    }
    if (reservations.length === 0) return;
    const waitMs = pausedMs + (await this.#store.reserve(reservations, now + pausedMs));
    if (waitMs > 0) {
      const [first] = costs;
      this.#options.onWait?.(
        costs.map((c) => c.bucket),
        first?.cost ?? 1,
        waitMs,
      );
      await this.#options.sleep(waitMs);
    }
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

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

/**
 * The server a URL reaches, as one key however it is spelt: the WHATWG URL parser lower-cases the
 * host and reads every IPv4 spelling (`127.1`, `0x7f.1`, `2130706433`) as one address; the port is
 * made explicit; and every loopback name (`localhost`, `*.localhost`, `127.0.0.0/8`, `::1`,
 * `0.0.0.0`) is one server, `loopback`. So `http://127.0.0.1`, `http://localhost` and
 * `http://LOCALHOST:80` spend from one budget. Names are not resolved through DNS: that would make
 * a key depend on a lookup at call time, and two names of one exchange are already one host in
 * its table. The scheme is left out: one host and port is one server.
 */
export function originKey(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.toLowerCase();
  }
  const port = parsed.port || (Object.hasOwn(DEFAULT_PORTS, parsed.protocol) ? DEFAULT_PORTS[parsed.protocol] : '');
  return `${isLoopback(parsed.hostname) ? 'loopback' : parsed.hostname.replace(/\.$/, '')}:${port}`;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (/^127\.\d+\.\d+\.\d+$/.test(host) || host === '0.0.0.0') return true;
  // IPv6 loopback, plain or IPv4-mapped (the parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1).
  return host === '[::1]' || host === '[::]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
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
