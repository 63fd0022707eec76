/**
 * The limiter a process falls back to while Redis is unreachable: core's MemoryRateLimitStore over
 * this process's own sends, each limit cut to the process's share, with the same exact accounting
 * as in Redis (a slot counts from its send until one window after its reply). With every process
 * sharing a key on `share ≤ 1 / processes`, their sum stays within the documented limit.
 *
 * Two moments need more than the share:
 * - Leaving Redis. Up to the whole limit may have been booked there by all processes, in the last
 *   window and up to `bookAheadMs` ahead. Each bucket starts from what this process last learned of
 *   it (its usage as of its newest slot), counted no earlier than `bookAheadMs` after the outage was
 *   noticed, so a bucket that was busy waits until every slot booked in Redis has left the window.
 *   A bucket this process has not seen within its window counts as full.
 * - Coming back. Redis does not know what was sent meanwhile: every local slot that still counts is
 *   kept here (with its reply's time once known), to be written into Redis when it is reachable
 *   again. While recovering, a request must fit both this share and Redis (which counts the
 *   processes already back).
 */
import { MemoryRateLimitStore, type Reservation, type SlotTicket } from '@exchange-adapters/core/adapter';

/** What this process last learned from Redis about one bucket, on its own clock. */
interface BucketView {
  /** The bucket's newest slot. */
  newestAt: number;
  /** Cost the bucket held. */
  usage: number;
  windowMs: number;
}

/** A slot this process booked on its own, as Redis must learn it (states as in scripts.ts). */
export interface LocalSlot {
  /** The request's id, the same in every bucket and in Redis. */
  readonly id: string;
  state: 'p' | 's' | 'e';
  at: number;
  /** When its reply came (state `e`). */
  end?: number;
  readonly cost: number;
  /** The documented window and the limiter's margin. */
  readonly windowMs: number;
  readonly marginMs: number;
  /** Written into Redis: its reply must be reported there too. */
  recorded: boolean;
}

export interface PendingBucket {
  key: string;
  slots: LocalSlot[];
}

/** A request booked on the local share. */
export class LocalTicket implements SlotTicket {
  /** Its slots once it was sent, per bucket, for Redis; none when Redis books it itself (recovering). */
  readonly slots: Array<readonly [key: string, slot: LocalSlot]> = [];

  constructor(
    readonly waitMs: number,
    readonly memory: SlotTicket,
    readonly id: string,
    readonly reservations: readonly Reservation[],
    /** Redis must be told about it later (false while recovering: Redis books it too). */
    public forRedis: boolean,
  ) {}
}

export class LocalShare {
  readonly #share: number;
  readonly #bookAheadMs: number;
  readonly #maxRequestMs: number;
  #store = new MemoryRateLimitStore();
  readonly #views = new Map<string, BucketView>();
  /** Buckets already given their starting usage in the current outage. */
  readonly #seeded = new Set<string>();
  #outageStartedAt: number | undefined;
  /** Local slots Redis has not been told about yet. */
  readonly #pending = new Map<string, LocalSlot[]>();

  constructor(share: number, bookAheadMs: number, maxRequestMs: number) {
    this.#share = share;
    this.#bookAheadMs = bookAheadMs;
    this.#maxRequestMs = maxRequestMs;
  }

  /** Remembers what Redis said of a bucket: `newestAt` on this process's clock. */
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

  /** Books the request on this process's share; its wait is from `nowMs`, as the core store's. */
  reserveTicket(reservations: readonly Reservation[], nowMs: number, id: string, forRedis: boolean, maxWaitMs?: number): LocalTicket {
    for (const reservation of reservations) this.#seed(reservation, nowMs);
    const memory = this.#store.reserveTicket(this.#shares(reservations), nowMs, maxWaitMs);
    return new LocalTicket(memory.waitMs, memory, id, reservations, forRedis);
  }

  /** Right before the send: the ms still to wait, or 0 — the request is then counted as sent. */
  confirm(ticket: LocalTicket, nowMs: number): number {
    const waitMs = this.#store.confirm(ticket.memory, nowMs);
    if (waitMs > 0 || !ticket.forRedis || ticket.slots.length > 0) return waitMs;
    for (const { key, cost, windowMs, marginMs = 0 } of ticket.reservations) {
      const slot: LocalSlot = { id: ticket.id, state: 's', at: nowMs, cost, windowMs: windowMs - marginMs, marginMs, recorded: false };
      ticket.slots.push([key, slot]);
      this.#remember(key, slot, nowMs);
    }
    return 0;
  }

  /**
   * The reply came (or the request was never sent: its slot is given back). Sent slots count until
   * a window from `endMs`; returns the buckets where Redis already has them, to be settled there too.
   */
  settle(ticket: LocalTicket, endMs: number): string[] {
    this.#store.settle(ticket.memory, endMs);
    const recorded: string[] = [];
    for (const [key, slot] of ticket.slots) {
      if (slot.state !== 's') continue;
      slot.state = 'e';
      slot.end = Math.max(endMs, slot.at);
      if (slot.recorded) recorded.push(key);
    }
    return recorded;
  }

  /**
   * Books the request on this process's share without a ticket (a caller of `reserve`, which never
   * confirms): the slot counts as planned, its window and margin after its moment. It is kept for
   * Redis unless `pending` is false (the caller books it there itself).
   */
  reserve(reservations: readonly Reservation[], nowMs: number, id: string, pending = true): number {
    for (const reservation of reservations) this.#seed(reservation, nowMs);
    const waitMs = this.#store.reserve(this.#shares(reservations), nowMs);
    if (pending) this.keepForRedis(reservations, nowMs + waitMs, nowMs, id);
    return waitMs;
  }

  /** A planned slot at `at` that Redis must still be told about. */
  keepForRedis(reservations: readonly Reservation[], at: number, nowMs: number, id: string): void {
    for (const { key, cost, windowMs, marginMs = 0 } of reservations) {
      this.#remember(key, { id, state: 'p', at, cost, windowMs: windowMs - marginMs, marginMs, recorded: false }, nowMs);
    }
  }

  /** At least one request per window: a bucket of 1 per 5 s cannot be split four ways. */
  shareOf(limit: number): number {
    return Math.max(1, Math.floor(limit * this.#share));
  }

  /** Local slots that still count at `nowMs`, taken out and marked as written: the caller writes them into Redis. */
  takePending(nowMs: number): PendingBucket[] {
    const buckets: PendingBucket[] = [];
    for (const [key, kept] of this.#pending) {
      const slots = kept.filter((slot) => this.#keptUntil(slot) > nowMs);
      for (const slot of slots) slot.recorded = true;
      if (slots.length > 0) buckets.push({ key, slots });
    }
    this.#pending.clear();
    return buckets;
  }

  /** Gives back slots that could not be written (Redis failed again), to be written later. */
  restorePending(buckets: readonly PendingBucket[], nowMs: number): void {
    for (const { key, slots } of buckets) {
      for (const slot of slots) {
        slot.recorded = false;
        this.#remember(key, slot, nowMs);
      }
    }
  }

  #shares(reservations: readonly Reservation[]): Reservation[] {
    return reservations.map((reservation) => ({ ...reservation, limit: this.shareOf(reservation.limit) }));
  }

  /** Until when a slot is kept: as in Redis (scripts.ts), a sent one with no reply yet for at most maxRequestMs. */
  #keptUntil(slot: LocalSlot): number {
    if (slot.state === 'e') return (slot.end ?? slot.at) + slot.windowMs;
    if (slot.state === 's') return slot.at + this.#maxRequestMs + slot.windowMs;
    return slot.at + slot.windowMs + slot.marginMs;
  }

  #seed({ key, limit, windowMs }: Reservation, nowMs: number): void {
    if (this.#outageStartedAt === undefined || this.#seeded.has(key)) return;
    this.#seeded.add(key);
    const outageAt = this.#outageStartedAt;
    const view = this.#views.get(key);
    const known = view !== undefined && view.newestAt + view.windowMs > outageAt;
    const usage = known ? view.usage : limit;
    const at = Math.max(known ? view.newestAt : outageAt, outageAt + this.#bookAheadMs);
    if (usage <= 0 || at + windowMs <= nowMs) return;
    // One slot standing for all of Redis's, sent and answered at `at`: it leaves the window no
    // earlier than any of them did, and every local slot of the bucket comes after it.
    const stand = [{ key, cost: usage, limit: usage, windowMs }];
    const ticket = this.#store.reserveTicket(stand, at);
    let sentAt = at + ticket.waitMs;
    for (let tries = 0; tries < 8; tries++) {
      const waitMs = this.#store.confirm(ticket, sentAt);
      if (waitMs <= 0) break;
      sentAt += waitMs;
    }
    this.#store.settle(ticket, sentAt);
  }

  #remember(key: string, slot: LocalSlot, nowMs: number): void {
    const kept = (this.#pending.get(key) ?? []).filter((other) => this.#keptUntil(other) > nowMs);
    kept.push(slot);
    this.#pending.set(key, kept);
  }
}
