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

/** One documented rate limit: at most `limit` cost per `windowMs`, counted per `scope`. */
export interface BucketDef {
  /** Total cost allowed per window. */
  limit: number;
  /** The window, ms. */
  windowMs: number;
  /**
   * Whom the exchange counts: the caller's IP (public endpoints), the account or API key (private
   * endpoints), or the account per instrument (OKX trading endpoints).
   */
  scope: 'ip' | 'account' | 'account+symbol';
}

/** One bucket a request spends from: its key (bucket + scope), the cost and the bucket's limit. */
export interface Reservation {
  /** Bucket and scope, as the store keys them. */
  key: string;
  /** Cost of the request in this bucket. */
  cost: number;
  /** The bucket's limit per window. */
  limit: number;
  /** The window a slot is counted in: the documented window plus `marginMs`. */
  windowMs: number;
  /** The part of `windowMs` that is margin for the delay from slot to arrival (absent: none). */
  marginMs?: number;
}

/** A request's slots in a store that accounts them from reservation to reply (see MemoryRateLimitStore). */
export interface SlotTicket {
  /** Ms from the reservation's `nowMs` to the reserved moment. */
  readonly waitMs: number;
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
  /**
   * Optional exact accounting, which a store offers by implementing all three: `reserveTicket` is
   * `reserve` returning a ticket; `confirm` is called just before the request is sent and returns
   * the ms still to wait (0: send now); `settle` when its reply (or failure) arrived. The window of
   * a sent request is then counted from its reply, after which its arrival cannot lie, so the
   * client stays within the limit whatever the delays, with no margin to guess. A shared store
   * answers asynchronously (a round trip); `settle` is not awaited and must not reject.
   */
  reserveTicket?(reservations: readonly Reservation[], nowMs: number, maxWaitMs?: number): SlotTicket | Promise<SlotTicket>;
  /** Just before sending: ms still to wait (0: send now). */
  confirm?(ticket: SlotTicket, nowMs: number): number | Promise<number>;
  /** When the reply (or failure) arrived: the slot's window is counted from `endMs`; not awaited, a failure is dropped. */
  settle?(ticket: SlotTicket, endMs: number): void | Promise<void>;
}

interface Slot {
  /** When it is planned to go, or went. */
  at: number;
  cost: number;
  /** The documented window, and the margin estimated for a reply not yet in. */
  windowMs: number;
  marginMs: number;
  sent: boolean;
  /** When its reply (or failure) arrived. */
  end?: number;
}

class MemoryTicket implements SlotTicket {
  constructor(
    readonly waitMs: number,
    readonly slots: ReadonlyArray<readonly [key: string, slot: Slot, limit: number]>,
  ) {}
}

/** How often a request held by an unanswered earlier one looks again. */
const POLL_MS = 10;

/** A slot whose request has not been seen for this long is forgotten (a lost ticket must not block a bucket). */
const FORGET_AFTER_MS = 600_000;

/**
 * Sliding windows in memory, with exact accounting: a slot counts from its reservation until one
 * window after its reply. A request's arrival lies between its send and its reply, so a request
 * sent one window after an earlier one's reply cannot arrive inside that one's window, however the
 * network, the event loop or the garbage collector delayed either. Reservations are planned with
 * an estimate (the window plus a margin) and confirmed just before the send.
 */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly #slots = new Map<string, Slot[]>();

  reserve(reservations: readonly Reservation[], nowMs: number, maxWaitMs = Number.POSITIVE_INFINITY): number {
    return this.reserveTicket(reservations, nowMs, maxWaitMs).waitMs;
  }

  reserveTicket(reservations: readonly Reservation[], nowMs: number, maxWaitMs = Number.POSITIVE_INFINITY): SlotTicket {
    // The moment every bucket has room; a later moment never has less room in a sliding window.
    let at = nowMs;
    for (const reservation of reservations) at = Math.max(at, this.#earliest(reservation, nowMs));
    if (at - nowMs > maxWaitMs) return new MemoryTicket(at - nowMs, []);
    const taken: Array<readonly [string, Slot, number]> = [];
    for (const { key, cost, limit, windowMs, marginMs = 0 } of reservations) {
      const slot: Slot = { at, cost, windowMs: windowMs - marginMs, marginMs, sent: false };
      const slots = this.#slots.get(key) ?? [];
      slots.push(slot);
      this.#slots.set(key, slots);
      taken.push([key, slot, limit]);
    }
    return new MemoryTicket(at - nowMs, taken);
  }

  /** See `RateLimitStore.confirm`. */
  confirm(ticket: SlotTicket, nowMs: number): number {
    if (!(ticket instanceof MemoryTicket)) return 0;
    let waitMs = 0;
    for (const [key, slot, limit] of ticket.slots) waitMs = Math.max(waitMs, this.#stillToWait(key, slot, limit, nowMs));
    for (const [, slot] of ticket.slots) {
      if (waitMs > 0) slot.at = nowMs + waitMs;
      else {
        slot.at = nowMs;
        slot.sent = true;
      }
    }
    return waitMs;
  }

  /** See `RateLimitStore.settle`. */
  settle(ticket: SlotTicket, endMs: number): void {
    if (!(ticket instanceof MemoryTicket)) return;
    for (const [key, slot] of ticket.slots) {
      if (slot.sent) slot.end = Math.max(endMs, slot.at);
      else {
        // Never sent: the slot is given back.
        const slots = this.#slots.get(key);
        const index = slots?.indexOf(slot) ?? -1;
        if (slots && index >= 0) slots.splice(index, 1);
      }
    }
  }

  /** Until when a slot is counted, as far as is known at reservation time. */
  static #until(slot: Slot): number {
    return slot.end === undefined ? slot.at + slot.windowMs + slot.marginMs : slot.end + slot.windowMs;
  }

  /** Earliest moment ≥ now (and ≥ the bucket's last slot, so slots stay in order) with room for `cost`. */
  #earliest({ key, cost, limit }: Reservation, nowMs: number): number {
    const slots = this.#prune(key, nowMs);
    let at = nowMs;
    for (const slot of slots) at = Math.max(at, slot.at);
    let used = 0;
    for (const slot of slots) if (MemoryRateLimitStore.#until(slot) > at) used += slot.cost;
    const allowed = Math.max(limit, cost); // a request costing more than the limit can still go alone
    // Room now: the common case, without sorting a busy bucket's slots (OKX counts 1 000 per account).
    if (used + cost <= allowed) return at;
    const counted = slots.map((slot) => ({ until: MemoryRateLimitStore.#until(slot), cost: slot.cost })).filter((s) => s.until > at);
    counted.sort((a, b) => a.until - b.until);
    for (let i = 0; used + cost > allowed && i < counted.length; i++) {
      const oldest = counted[i] as { until: number; cost: number };
      at = Math.max(at, oldest.until);
      used -= oldest.cost;
    }
    return at;
  }

  /**
   * Ms a planned slot must still wait at `nowMs`: every other slot of its bucket that went or goes
   * no later than it counts, sent ones until one window after their reply (or for as long as no
   * reply has come).
   */
  #stillToWait(key: string, own: Slot, limit: number, nowMs: number): number {
    const slots = this.#prune(key, nowMs);
    const counts = (slot: Slot) =>
      slot !== own && (slot.end !== undefined ? slot.end + slot.windowMs > nowMs : slot.sent || slot.at <= nowMs);
    let used = 0;
    for (const slot of slots) if (counts(slot)) used += slot.cost;
    const allowed = Math.max(limit, own.cost);
    // Room now: the common case, without listing and sorting what blocks.
    if (used + own.cost <= allowed) return 0;
    const blocking: Array<{ until: number; cost: number }> = [];
    for (const slot of slots) {
      if (!counts(slot)) continue;
      // Unknown ends are estimated; the next confirm looks again, at most every POLL_MS.
      const until = slot.end !== undefined ? slot.end + slot.windowMs : Math.max(nowMs + POLL_MS, slot.at + slot.windowMs + slot.marginMs);
      blocking.push({ until, cost: slot.cost });
    }
    blocking.sort((a, b) => a.until - b.until);
    let at = nowMs;
    for (let i = 0; used + own.cost > allowed && i < blocking.length; i++) {
      const oldest = blocking[i] as { until: number; cost: number };
      at = Math.max(at, oldest.until);
      used -= oldest.cost;
    }
    return Math.max(1, at - nowMs);
  }

  /** The bucket's slots, without those that can no longer count. */
  #prune(key: string, nowMs: number): Slot[] {
    const slots = this.#slots.get(key);
    if (!slots) return [];
    const keeps = (slot: Slot) =>
      slot.end !== undefined ? slot.end + slot.windowMs + slot.marginMs > nowMs : slot.at > nowMs - FORGET_AFTER_MS;
    // A copy only when some slot leaves: this runs for every bucket of every request.
    if (slots.every(keeps)) return slots;
    const kept = slots.filter(keeps);
    this.#slots.set(key, kept);
    return kept;
  }
}

/**
 * The store every limiter uses unless given another. Exchanges count per IP and per key, not per
 * client object: two instances in one process share an IP (and maybe a key), so they share budgets.
 */
export const processRateLimitStore: RateLimitStore = new MemoryRateLimitStore();

/** One bucket an endpoint spends from. */
export interface RateCost {
  /** Bucket name (a key of `AdapterSpec.buckets`). */
  bucket: string;
  /** Cost per call; default 1. */
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
   * the exchange. With a store that accounts replies (the memory store) it only plans slots, which
   * are confirmed against the replies before sending; with another store it is the safety margin.
   * Default: learned — the longest of the last 64 delays from a slot to its reply
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

/** Who a call is counted against: the origin (per IP), the account, the instrument. */
export interface ScopeKeys {
  /** Stands for the caller's IP at one server: the server's originKey. */
  ip: string;
  /** A hash of the API key, never the key itself. */
  account?: string;
  /** Market id for per-instrument limits. */
  symbol?: string;
}

/** What `acquire` hands out: the moment of the slot, and the store's ticket when it accounts replies. */
export interface RateTicket {
  /** The moment the call may be sent, local ms. */
  grantedAtMs: number;
  /** The store's ticket, for `confirm` and `settle`. */
  slot?: SlotTicket;
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

/**
 * Keeps one instance's calls inside the documented limits: reserves a slot in each bucket a call spends
 * from (first come, first served), waits for it, and bounds concurrency; `maxWaitMs` turns long waits into
 * `RateLimited` at once.
 */
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
   * Waits until every bucket of the endpoint has room and returns the request's ticket; call
   * `confirm` with it right before sending and `settle` when the reply (or a failure) arrived.
   * Fails at once with RateLimited when the wait would be longer than `maxWaitMs`.
   */
  async acquire(costs: readonly RateCost[], scope: ScopeKeys): Promise<RateTicket> {
    const now = this.#options.now();
    let pausedMs = 0;
    const reservations: Reservation[] = [];
    for (const { bucket, cost = 1 } of costs) {
      const def = this.#options.buckets[bucket];
      if (!def) throw new RangeError(`Endpoint names rate-limit bucket "${bucket}", which the adapter does not define`);
      const key = `${this.#options.namespace}|${bucketKey(bucket, def, scope)}`;
      pausedMs = Math.max(pausedMs, (this.#pausedUntil.get(key) ?? 0) - now);
      const limit = Math.max(1, Math.floor(def.limit * (this.#options.utilization ?? 1)));
      const marginMs = this.#margin(def.windowMs);
      reservations.push({ key, cost, limit, windowMs: def.windowMs + marginMs, marginMs });
    }
    if (reservations.length === 0) return { grantedAtMs: now };
    const maxWaitMs = this.#options.maxWaitMs ?? Number.POSITIVE_INFINITY;
    if (pausedMs > maxWaitMs) throw this.#refusal(costs, pausedMs);
    const store = this.#store;
    let slot: SlotTicket | undefined;
    let reservedMs: number;
    if (store.reserveTicket && store.confirm && store.settle) {
      const reserved = store.reserveTicket(reservations, now + pausedMs, maxWaitMs - pausedMs);
      // The memory store answers at once: no promise (and no tick) on its path.
      slot = reserved instanceof Promise ? await reserved : reserved;
      reservedMs = slot.waitMs;
    } else {
      reservedMs = await store.reserve(reservations, now + pausedMs, maxWaitMs - pausedMs);
    }
    const waitMs = pausedMs + reservedMs;
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
    return { grantedAtMs: now + waitMs, slot };
  }

  /**
   * Right before sending: with a store that accounts replies, waits until the request's slot is
   * still free given every reply seen since it was planned (a slow earlier reply moves it later).
   */
  async confirm(ticket: RateTicket): Promise<void> {
    const { slot } = ticket;
    if (!slot || !this.#store.confirm) return;
    for (;;) {
      const answer = this.#store.confirm(slot, this.#options.now());
      const waitMs = answer instanceof Promise ? await answer : answer;
      if (waitMs <= 0) return;
      await this.#options.sleep(waitMs);
    }
  }

  /**
   * The reply to the request arrived (or it failed). The store counts its window from now; the
   * delay since its slot also teaches the margin used to plan slots.
   */
  settle(ticket: RateTicket): void {
    const now = this.#options.now();
    if (ticket.slot) {
      const settled = this.#store.settle?.(ticket.slot, now);
      // Not awaited: the reply is in, the caller goes on. A store that failed to record it only counts the slot longer.
      if (settled instanceof Promise) settled.catch(() => {});
    }
    const delayMs = Math.max(0, now - ticket.grantedAtMs);
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
