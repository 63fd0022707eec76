/**
 * The limiter a process falls back to while Redis is unreachable: core's exact sliding window over
 * this process's own sends, each limit cut to the process's share. With every process sharing a key
 * on `share ≤ 1 / processes`, their sum stays within the documented limit.
 *
 * Two moments need more than the share:
 * - Leaving Redis. Up to the whole limit may have been booked there by all processes, in the last
 *   window and up to `bookAheadMs` ahead. Each bucket starts from what this process last learned of
 *   it (its usage as of its newest slot), counted no earlier than `bookAheadMs` after the outage was
 *   noticed, so a bucket that was busy waits until every slot booked in Redis has left the window.
 *   A bucket this process has not seen within its window counts as full.
 * - Coming back. Redis does not know what was sent meanwhile: every local slot still in a window is
 *   kept here, to be written into Redis when it is reachable again. While recovering, a request must
 *   fit both this share and Redis (which counts the processes already back).
 */
import { MemoryRateLimitStore, type Reservation } from '@exchange-adapters/core/adapter';

/** What this process last learned from Redis about one bucket, on its own clock. */
interface BucketView {
  /** The bucket's newest slot. */
  newestAt: number;
  /** Cost from the oldest slot still in the window to the newest. */
  usage: number;
  windowMs: number;
}

export interface LocalSlot {
  at: number;
  cost: number;
}

export interface PendingBucket {
  key: string;
  windowMs: number;
  slots: LocalSlot[];
}

export class LocalShare {
  readonly #share: number;
  readonly #bookAheadMs: number;
  #store = new MemoryRateLimitStore();
  readonly #views = new Map<string, BucketView>();
  /** Buckets already given their starting usage in the current outage. */
  readonly #seeded = new Set<string>();
  #outageStartedAt: number | undefined;
  /** Local slots Redis has not been told about yet. */
  readonly #pending = new Map<string, PendingBucket>();

  constructor(share: number, bookAheadMs: number) {
    this.#share = share;
    this.#bookAheadMs = bookAheadMs;
  }

  /** Remembers a slot booked in Redis: `newestAt` on this process's clock. */
  noteShared(reservation: Reservation, newestAt: number, usage: number): void {
    this.#views.set(reservation.key, { newestAt, usage, windowMs: reservation.windowMs });
  }

  /** Redis was left at `nowMs`: buckets start from what was known of them (see above). */
  leaveShared(nowMs: number): void {
    this.#outageStartedAt = nowMs;
    this.#seeded.clear();
    // Slots of an earlier outage are kept: those still in a window were really sent.
  }

  /** Redis counts everything again from now on; local slots of this outage no longer matter. */
  rejoinShared(): void {
    this.#outageStartedAt = undefined;
    this.#seeded.clear();
    this.#store = new MemoryRateLimitStore();
  }

  /**
   * Books the request on this process's share; returns the wait from `nowMs`, as the core store does.
   * The slot is kept for Redis unless `pending` is false (the caller books it there itself).
   */
  reserve(reservations: readonly Reservation[], nowMs: number, pending = true): number {
    for (const reservation of reservations) this.#seed(reservation, nowMs);
    const shares = reservations.map((reservation) => ({ ...reservation, limit: this.shareOf(reservation.limit) }));
    const waitMs = this.#store.reserve(shares, nowMs);
    if (pending) this.keepForRedis(reservations, nowMs + waitMs, nowMs);
    return waitMs;
  }

  /** A slot sent (or to be sent) at `at` that Redis must still be told about. */
  keepForRedis(reservations: readonly Reservation[], at: number, nowMs: number): void {
    for (const { key, cost, windowMs } of reservations) this.#remember(key, windowMs, { at, cost }, nowMs);
  }

  /** At least one request per window: a bucket of 1 per 5 s cannot be split four ways. */
  shareOf(limit: number): number {
    return Math.max(1, Math.floor(limit * this.#share));
  }

  /** Local slots still in a window at `nowMs`, taken out: the caller writes them into Redis. */
  takePending(nowMs: number): PendingBucket[] {
    const buckets: PendingBucket[] = [];
    for (const bucket of this.#pending.values()) {
      const slots = bucket.slots.filter((slot) => slot.at > nowMs - bucket.windowMs);
      if (slots.length > 0) buckets.push({ ...bucket, slots });
    }
    this.#pending.clear();
    return buckets;
  }

  /** Gives back slots that could not be written (Redis failed again), to be written later. */
  restorePending(buckets: readonly PendingBucket[], nowMs: number): void {
    for (const { key, windowMs, slots } of buckets) for (const slot of slots) this.#remember(key, windowMs, slot, nowMs);
  }

  #seed({ key, limit, windowMs }: Reservation, nowMs: number): void {
    if (this.#outageStartedAt === undefined || this.#seeded.has(key)) return;
    this.#seeded.add(key);
    const outageAt = this.#outageStartedAt;
    const view = this.#views.get(key);
    const known = view !== undefined && view.newestAt + view.windowMs > outageAt;
    const usage = known ? view.usage : limit;
    const at = Math.max(known ? view.newestAt : outageAt, outageAt + this.#bookAheadMs);
    // One slot standing for all of Redis's: it leaves the window no earlier than any of them did.
    if (usage > 0 && at + windowMs > nowMs) this.#store.reserve([{ key, cost: usage, limit: usage, windowMs }], at);
  }

  #remember(key: string, windowMs: number, slot: LocalSlot, nowMs: number): void {
    let bucket = this.#pending.get(key);
    if (!bucket) {
      bucket = { key, windowMs, slots: [] };
      this.#pending.set(key, bucket);
    }
    bucket.windowMs = Math.max(bucket.windowMs, windowMs);
    const { slots } = bucket;
    const stale = slots.findIndex((kept) => kept.at > nowMs - bucket.windowMs);
    if (stale === -1) slots.length = 0;
    else if (stale > 0) slots.splice(0, stale);
    slots.push(slot);
  }
}
