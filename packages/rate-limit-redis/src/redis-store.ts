/**
 * A RateLimitStore in Redis: every process that uses one namespace on one Redis shares each
 * exchange's buckets (per IP, per account, per account and instrument), with core's exact
 * accounting (scripts.ts): every bucket of a request planned at one moment by one script, checked
 * again and counted as sent right before the send, counted until one window after its reply — on
 * the Redis server's clock. So however long a process, its event loop or the network stalls, the
 * exchange never sees more than the limit in a window, and no margin has to be guessed.
 *
 * Redis going away never fails a trading call. A reservation or confirmation Redis does not answer
 * in `timeoutMs` (or cannot be sent: the client is not connected, the server errs) is decided on the
 * process's local share instead (see local-share.ts, the same accounting in memory) and the store
 * emits `fallback`. While local, it tries Redis again at most every `probeIntervalMs`; once Redis
 * answers it writes the local slots there, emits `recovering`, and keeps to its share for
 * `recoveryGraceMs` (one period for every process that comes back within it, set in Redis by the
 * first), booking what it sends in Redis too; then it emits `recovered` and uses Redis alone again.
 */
import { randomBytes } from 'node:crypto';
import { BadRequest, type RateLimitStore } from '@exchange-adapters/core';
import type { Reservation, SlotTicket } from '@exchange-adapters/core/adapter';
import { EventEmitter } from 'eventemitter3';
import { LocalShare, type LocalTicket, type PendingBucket } from './local-share.js';
import {
  CONFIRM_SCRIPT,
  CONFIRM_SHA1,
  parseConfirmReply,
  parseRecordReply,
  parseReserveReply,
  parseSettleReply,
  RECORD_SCRIPT,
  RECORD_SHA1,
  RESERVE_SCRIPT,
  RESERVE_SHA1,
  type ReserveReply,
  SETTLE_SCRIPT,
  SETTLE_SHA1,
} from './scripts.js';

/** What the store needs of a client: a client of the official `redis` package (`createClient`, `createCluster`) fits. */
export interface RedisScriptClient {
  /** False while the client is disconnected or reconnecting: the store then goes local without queueing a command. */
  readonly isReady: boolean;
  /** Runs a loaded Lua script by its SHA1. */
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** Runs a Lua script. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** Options of `new RedisRateLimitStore(options)`. */
export interface RedisRateLimitStoreOptions {
  /** A connected client; the store never closes it. */
  client: RedisScriptClient;
  /**
   * Share of each limit this process may use on its own while Redis is unreachable, in (0, 1]:
   * `1 / n` for n processes sharing a key keeps their sum within the limit. Never unlimited.
   */
  fallbackShare: number;
  /** Stores with the same namespace on the same Redis share budgets; others never do. Default `default`. */
  namespace?: string;
  /** Prefix of every Redis key. Default `exchange-adapters:rate-limit`. */
  keyPrefix?: string;
  /**
   * A reservation Redis has not answered in this many ms goes to the local share. Default 500: a
   * process cut off while the others still reach Redis adds its share to theirs, so a hiccup should
   * not count as an outage.
   */
  timeoutMs?: number;
  /**
   * Slots are booked at most this far ahead; a request that must wait longer asks again later (in a
   * random order among those asking). Bounds how long a busy bucket waits after Redis goes away
   * (this plus one window). Default 1000.
   */
  bookAheadMs?: number;
  /**
   * After Redis comes back, every process keeps to its share this long, so that one still cut off is
   * not overrun by the others. Make it longer than the client's longest reconnect delay (the `redis`
   * client's default strategy waits up to 2.2 s). Default 3000.
   */
  recoveryGraceMs?: number;
  /** While local, Redis is tried again at most this often. Default 500. */
  probeIntervalMs?: number;
  /**
   * A request sent whose reply is never reported (its process died mid-request) stops counting
   * this long plus one window after it went, so a crashed process does not hold a bucket. Keep it
   * above the `timeoutMs` of the exchanges that use the store (default 10 000), after which the
   * pipeline reports every request. Default 60 000.
   */
  maxRequestMs?: number;
  /** The clock the rate limiter reads, ms. Default `Date.now`, which the exchange pipeline gives its limiter. */
  now?: () => number;
  /** Waits between booking attempts. Default `setTimeout`. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): spreads requests that ask again at one moment. Default `Math.random`. */
  random?: () => number;
}

/**
 * `shared`: budgets in Redis; `fallback`: Redis unusable, a local share of each limit; `recovering`: Redis
 * back, the local share kept for a grace period.
 */
export type RedisStoreMode = 'shared' | 'fallback' | 'recovering';

/** Emitted as `fallback` when Redis cannot be used and the process keeps to its local share of each limit. */
export interface FallbackEvent {
  /** The store's namespace. */
  namespace: string;
  /** `unreachable`: the client is not connected; `timeout`: no answer in `timeoutMs`; `error`: Redis answered with an error. */
  reason: 'unreachable' | 'timeout' | 'error';
  /** What went wrong, secrets excluded. */
  message: string;
  /** The share of each limit this process now keeps to. */
  share: number;
}

/** Emitted as `recovering` when Redis answers again and the grace period starts. */
export interface RecoveringEvent {
  /** The store's namespace. */
  namespace: string;
  /** How much longer this process keeps to its share before using Redis alone. */
  graceMs: number;
}

/** Emitted as `recovered` when the store uses Redis alone again. */
export interface RecoveredEvent {
  /** The store's namespace. */
  namespace: string;
}

/** The events of a `RedisRateLimitStore`. */
export interface RedisRateLimitStoreEvents {
  /** Redis became unusable. */
  fallback: (event: FallbackEvent) => void;
  /** Redis answers again; grace period. */
  recovering: (event: RecoveringEvent) => void;
  /** Back to Redis alone. */
  recovered: (event: RecoveredEvent) => void;
}

class RedisTimeout extends Error {}

/**
 * A request's slots: in Redis (shared, recovering), on the local share (fallback, recovering), or
 * moved from the first to the second when Redis went away before it was sent.
 */
class RedisTicket implements SlotTicket {
  waitMs = 0;
  /** Booked in Redis; `sentInRedis` once Redis counts it as sent. */
  inRedis = false;
  sentInRedis = false;
  /** Booked while the store used Redis alone: a grant that arrives after the store left Redis is not used. */
  bookedShared = false;
  local: LocalTicket | undefined;
  settled = false;

  constructor(
    readonly id: string,
    readonly reservations: readonly Reservation[],
  ) {}
}

/**
 * A slot whose reply came this late (this process stalled, or the connection did) is not used by
 * `reserve`, which is never confirmed: a request sent well after its slot can land in the same
 * exchange window as the slots booked after it. A fresh one is booked instead (a few times at
 * most). Tickets need none of this: their confirmation right before the send is exact.
 */
const STALE_GRANT_MS = 50;
const MAX_STALE_GRANTS = 3;
/** How often a request held by an unanswered earlier one looks again (core's POLL_MS). */
const POLL_MS = 10;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RedisRateLimitStore extends EventEmitter<RedisRateLimitStoreEvents> implements RateLimitStore {
  /** Prefix of every Redis key the store writes. */
  readonly namespace: string;
  readonly #client: RedisScriptClient;
  readonly #share: number;
  readonly #keyPrefix: string;
  readonly #timeoutMs: number;
  readonly #bookAheadMs: number;
  readonly #recoveryGraceMs: number;
  readonly #probeIntervalMs: number;
  readonly #maxRequestMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #local: LocalShare;
  /** Ids are this store's session and a counter: unique across the processes of a namespace. */
  readonly #session = randomBytes(6).toString('hex');
  #requests = 0;
  #mode: RedisStoreMode = 'shared';
  #recoveringUntil = 0;
  /** The probe while local, or the end of the grace period while recovering. */
  #timer: NodeJS.Timeout | undefined;
  #flush: Promise<void> | undefined;
  #rejoin: Promise<void> | undefined;

  constructor(options: RedisRateLimitStoreOptions) {
    super();
    const { client, fallbackShare } = options;
    if (!client || typeof client.evalSha !== 'function' || typeof client.eval !== 'function') {
      throw invalid('client must be a client of the `redis` package (createClient() or createCluster()), connected');
    }
    if (typeof fallbackShare !== 'number' || !(fallbackShare > 0 && fallbackShare <= 1)) {
      throw invalid(`fallbackShare must be a number in (0, 1], not ${String(fallbackShare)}: 1 / (processes sharing the key)`);
    }
    const namespace = options.namespace ?? 'default';
    if (typeof namespace !== 'string' || !/^[^{}\s]{1,100}$/.test(namespace)) {
      throw invalid('namespace must be 1–100 characters without spaces or braces');
    }
    this.namespace = namespace;
    this.#client = client;
    this.#share = fallbackShare;
    this.#keyPrefix = options.keyPrefix ?? 'exchange-adapters:rate-limit';
    this.#timeoutMs = positive('timeoutMs', options.timeoutMs ?? 500);
    this.#bookAheadMs = positive('bookAheadMs', options.bookAheadMs ?? 1000);
    this.#recoveryGraceMs = positive('recoveryGraceMs', options.recoveryGraceMs ?? 3000);
    this.#probeIntervalMs = positive('probeIntervalMs', options.probeIntervalMs ?? 500);
    this.#maxRequestMs = positive('maxRequestMs', options.maxRequestMs ?? 60_000);
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#local = new LocalShare(fallbackShare, this.#bookAheadMs, this.#maxRequestMs);
  }

  /** `shared` (Redis), `fallback` (local share, Redis unreachable) or `recovering` (local share, recorded in Redis). */
  get mode(): RedisStoreMode {
    return this.#mode;
  }

  // ── exact accounting: what the rate limiter uses ─────────────────────────────────────────────

  /**
   * Plans every bucket of a request at one moment (booked, so the next request plans after it) and
   * returns its ticket; the wait is from `nowMs` (the limiter's clock, which may run ahead of `now()`
   * by a pause after a 429). A wait past `maxWaitMs` books nothing. Never rejects.
   */
  async reserveTicket(reservations: readonly Reservation[], nowMs: number, maxWaitMs = Number.POSITIVE_INFINITY): Promise<SlotTicket> {
    const calledAt = this.#now();
    const ticket = new RedisTicket(this.#nextId(), reservations);
    if (reservations.length === 0) return ticket;
    // The limiter adds its pause (how far nowMs is ahead of its clock) to what it is given; nowMs
    // behind the clock is only time that passed since the limiter read it.
    const pauseMs = Math.max(0, nowMs - calledAt);
    const limiterNow = calledAt + pauseMs;
    if (this.#mode === 'recovering' && calledAt >= this.#recoveringUntil) await this.#finishRecovery();
    if (this.#mode === 'shared') {
      const waitMs = await this.#book(ticket, limiterNow, limiterNow, pauseMs, maxWaitMs);
      if (waitMs !== undefined) {
        ticket.waitMs = waitMs;
        return ticket;
      }
    }
    if (this.#mode === 'recovering') {
      // Back from an outage, other processes may still be cut off and sending on their shares,
      // unknown to Redis: the request fits this process's share first, then Redis books it no
      // earlier (so the processes already back count it, and it counts theirs).
      this.#flushPending();
      const localNow = this.#now() + pauseMs;
      const local = this.#local.reserveTicket(reservations, localNow, ticket.id, false, maxWaitMs);
      ticket.local = local;
      ticket.waitMs = local.waitMs;
      if (local.waitMs > maxWaitMs) return ticket;
      const waitMs = await this.#book(ticket, localNow + local.waitMs, limiterNow, pauseMs, maxWaitMs);
      if (waitMs !== undefined) {
        ticket.waitMs = waitMs;
        // Refused by Redis (past maxWaitMs): the limiter fails the call, so the local slot is given back.
        if (!ticket.inRedis) this.#local.settle(local, this.#now());
      } else {
        // Redis failed again: the local slot stands, and Redis is told about it later.
        local.forRedis = true;
        ticket.waitMs = Math.max(0, localNow + local.waitMs - (this.#now() + pauseMs));
      }
      return ticket;
    }
    // From here the clock has moved on by any time spent on Redis; the pause still counts in full.
    ticket.local = this.#local.reserveTicket(reservations, this.#now() + pauseMs, ticket.id, true, maxWaitMs);
    ticket.waitMs = ticket.local.waitMs;
    return ticket;
  }

  /**
   * Right before the send: the ms still to wait (0: send now, the request then counts as sent).
   * Where the request is decided follows the store's mode at this moment, not when it was planned:
   * on Redis alone by one script that checks every bucket against everything sent, answered or due
   * on the server's clock; on the local share while Redis is away; on both while recovering. A
   * Redis that fails here hands the request to the local share.
   */
  async confirm(ticket: SlotTicket, _nowMs: number): Promise<number> {
    if (!(ticket instanceof RedisTicket) || ticket.settled) return 0;
    if (ticket.sentInRedis) return this.#mode === 'recovering' && ticket.local ? this.#local.confirm(ticket.local, this.#now()) : 0;
    if (this.#mode === 'fallback') return this.#confirmLocally(ticket, true);
    // A plan made while the store used Redis alone, from before an outage, is not used: Redis books it anew now.
    if (this.#mode === 'recovering' && ticket.bookedShared) ticket.inRedis = false;
    // Back on Redis alone: a request planned on the local share is decided by Redis (its local slot is given back).
    if (this.#mode === 'shared' && ticket.local) {
      this.#local.settle(ticket.local, this.#now());
      ticket.local = undefined;
    }
    const waitMs = await this.#confirmShared(ticket);
    // Redis failed: the store is local now.
    if (waitMs === undefined) return this.#confirmLocally(ticket, true);
    if (waitMs > 0 || this.#mode !== 'recovering') return waitMs;
    // Recovering: counted in Redis, the request must fit this process's share too.
    return this.#confirmLocally(ticket, false);
  }

  /** The local share's answer; a request not booked there yet is booked now. `forRedis`: Redis does not have it. */
  #confirmLocally(ticket: RedisTicket, forRedis: boolean): number {
    if (forRedis) {
      ticket.inRedis = ticket.inRedis && ticket.sentInRedis;
      if (ticket.local) ticket.local.forRedis = true;
    }
    if (!ticket.local) {
      ticket.local = this.#local.reserveTicket(ticket.reservations, this.#now(), ticket.id, forRedis);
      if (ticket.local.waitMs > 0) return ticket.local.waitMs;
    }
    return this.#local.confirm(ticket.local, this.#now());
  }

  /** The reply came (or the request failed): reported where the request was counted; never rejects, never waits. */
  settle(ticket: SlotTicket, endMs: number): void {
    if (!(ticket instanceof RedisTicket) || ticket.settled) return;
    ticket.settled = true;
    if (ticket.local) {
      const recorded = this.#local.settle(ticket.local, endMs);
      if (recorded.length > 0) void this.#settleShared(ticket.id, recorded);
    }
    if (ticket.inRedis)
      void this.#settleShared(
        ticket.id,
        ticket.reservations.map(({ key }) => key),
      );
  }

  // ── reserve: for callers that never confirm ──────────────────────────────────────────────────

  /**
   * Books every bucket of a request at one moment and returns the wait from `nowMs`, for a caller
   * that never confirms or settles (the slot counts as planned: its window and margin after its
   * moment). The rate limiter uses tickets instead. Never rejects.
   */
  async reserve(reservations: readonly Reservation[], nowMs: number): Promise<number> {
    const calledAt = this.#now();
    if (reservations.length === 0) return 0;
    const pauseMs = Math.max(0, nowMs - calledAt);
    const id = this.#nextId();
    if (this.#mode === 'recovering' && calledAt >= this.#recoveringUntil) await this.#finishRecovery();
    if (this.#mode === 'shared') {
      const waitMs = await this.#reserveShared(reservations, id, calledAt + pauseMs, pauseMs);
      if (waitMs !== undefined) return waitMs;
    }
    if (this.#mode === 'recovering') {
      this.#flushPending();
      const localNow = this.#now() + pauseMs;
      const localAt = localNow + this.#local.reserve(reservations, localNow, id, false);
      const waitMs = await this.#reserveShared(reservations, id, localAt, pauseMs);
      if (waitMs !== undefined) return waitMs;
      const now = this.#now();
      this.#local.keepForRedis(reservations, localAt, now, id);
      return localAt - (now + pauseMs);
    }
    return this.#local.reserve(reservations, this.#now() + pauseMs, id);
  }

  // ── Redis ────────────────────────────────────────────────────────────────────────────────────

  /**
   * Books a ticket in Redis no earlier than `notBefore` (this process's clock) and returns its wait
   * from `limiterNow`, or undefined when Redis could not book it (the store has then left Redis).
   */
  async #book(ticket: RedisTicket, notBefore: number, limiterNow: number, pauseMs: number, maxWaitMs: number): Promise<number | undefined> {
    const startedShared = this.#mode === 'shared';
    for (;;) {
      const reply = await this.#reserveOnce(ticket.reservations, ticket.id, notBefore, maxWaitMs - (notBefore - limiterNow), true);
      if (reply === undefined) return undefined;
      if (reply.status === 'ok') {
        ticket.inRedis = true;
        ticket.sentInRedis = reply.sent;
        ticket.bookedShared = startedShared;
        return reply.waitMs - pauseMs;
      }
      // Nothing booked: the limiter refuses the call (past maxWaitMs, by construction of the script's check).
      if (reply.status === 'refused') return Math.max(reply.waitMs - pauseMs, maxWaitMs + 1);
      await this.#waitToAskAgain(reply.retryInMs);
      if ((startedShared && this.#mode !== 'shared') || this.#mode === 'fallback') return undefined;
    }
  }

  /** The `reserve` path: books in Redis, skipping grants that came back late (see STALE_GRANT_MS). */
  async #reserveShared(reservations: readonly Reservation[], id: string, notBefore: number, pauseMs: number): Promise<number | undefined> {
    const startedShared = this.#mode === 'shared';
    let staleGrants = 0;
    for (;;) {
      const sentAt = this.#now();
      const reply = await this.#reserveOnce(
        reservations,
        staleGrants === 0 ? id : this.#nextId(),
        notBefore,
        Number.POSITIVE_INFINITY,
        false,
      );
      if (reply === undefined) return undefined;
      if (reply.status === 'ok') {
        // Redis ran the script somewhere between sentAt and now: the slot is at most this late by now.
        const lateMs = this.#now() - (sentAt + reply.waitMs);
        if (lateMs > STALE_GRANT_MS && staleGrants++ < MAX_STALE_GRANTS) continue; // that slot stays booked, unused
        return reply.waitMs - pauseMs;
      }
      if (reply.status === 'refused') return reply.waitMs - pauseMs;
      await this.#waitToAskAgain(reply.retryInMs);
      if ((startedShared && this.#mode !== 'shared') || this.#mode === 'fallback') return undefined;
    }
  }

  /**
   * One RESERVE; undefined when Redis could not answer (the store has left Redis) or answered after
   * the store left it (another call timed out meanwhile: that slot stays unused in Redis).
   */
  async #reserveOnce(
    reservations: readonly Reservation[],
    id: string,
    notBefore: number,
    maxWaitMs: number,
    ticket: boolean,
  ): Promise<ReserveReply | undefined> {
    const startedShared = this.#mode === 'shared';
    if (!this.#client.isReady) {
      this.#leaveShared('unreachable', 'the Redis client is not connected');
      return undefined;
    }
    const sentAt = this.#now();
    const args = [
      id,
      String(Math.max(0, notBefore - sentAt)),
      String(this.#bookAheadMs),
      Number.isFinite(maxWaitMs) ? String(Math.max(0, maxWaitMs)) : '-1',
      String(this.#maxRequestMs),
      String(POLL_MS),
      ticket ? '1' : '0',
      ...bucketArguments(reservations),
    ];
    let reply: ReserveReply;
    try {
      reply = parseReserveReply(await this.#run(RESERVE_SCRIPT, RESERVE_SHA1, this.#bucketKeys(reservations), args), reservations.length);
    } catch (error) {
      this.#leaveShared(error instanceof RedisTimeout ? 'timeout' : 'error', errorMessage(error));
      return undefined;
    }
    if (startedShared && this.#mode !== 'shared') return undefined;
    if (reply.status === 'ok') {
      const repliedAt = this.#now();
      reservations.forEach((reservation, i) => {
        const bucket = reply.buckets[i];
        if (bucket) this.#local.noteShared(reservation, repliedAt + (bucket.newestMs - reply.serverNowMs), bucket.usage);
      });
    }
    return reply;
  }

  /** Everyone refused together is told the same moment; a random part of half the booking horizon orders them afresh each round. */
  #waitToAskAgain(retryInMs: number): Promise<void> {
    return this.#sleep(retryInMs + this.#random() * (this.#bookAheadMs / 2));
  }

  /** CONFIRM in Redis: the ms still to wait (0: counted as sent), or undefined when Redis failed (the store has left it). */
  async #confirmShared(ticket: RedisTicket): Promise<number | undefined> {
    if (!this.#client.isReady) {
      this.#leaveShared('unreachable', 'the Redis client is not connected');
      return undefined;
    }
    const args = [ticket.id, String(this.#maxRequestMs), String(POLL_MS), ...bucketArguments(ticket.reservations)];
    try {
      const reply = parseConfirmReply(await this.#run(CONFIRM_SCRIPT, CONFIRM_SHA1, this.#bucketKeys(ticket.reservations), args));
      ticket.inRedis = true;
      if (!reply.sent) return reply.waitMs;
      ticket.sentInRedis = true;
      return 0;
    } catch (error) {
      this.#leaveShared(error instanceof RedisTimeout ? 'timeout' : 'error', errorMessage(error));
      return undefined;
    }
  }

  /**
   * SETTLE in Redis, on no caller's time. When it cannot be done (Redis away), the slot stays
   * counted as sent until maxRequestMs has passed: longer than needed, never shorter.
   */
  async #settleShared(id: string, keys: readonly string[]): Promise<void> {
    if (!this.#client.isReady) return;
    const redisKeys = keys.flatMap((key) => [this.#redisKey(key), this.#indexKey(key)]);
    try {
      parseSettleReply(await this.#run(SETTLE_SCRIPT, SETTLE_SHA1, redisKeys, [id, String(this.#maxRequestMs)]));
    } catch {
      // Counted longer, as above; the next reservation finds out whether Redis is still there.
    }
  }

  #leaveShared(reason: FallbackEvent['reason'], message: string): void {
    if (this.#mode === 'fallback') return;
    const fromShared = this.#mode === 'shared';
    this.#mode = 'fallback';
    // From recovering, every process was already on its share: nothing in Redis needs waiting out.
    if (fromShared) this.#local.leaveShared(this.#now());
    this.#schedule(this.#probeIntervalMs, () => this.#probe());
    this.#emit('fallback', { namespace: this.namespace, reason, message, share: this.#share });
  }

  /** While local: try Redis again in the background, on no caller's time, until it answers. */
  async #probe(): Promise<void> {
    if (this.#mode !== 'fallback') return;
    if (this.#client.isReady) await this.#tryRecover();
    if (this.#mode === 'fallback') this.#schedule(this.#probeIntervalMs, () => this.#probe());
  }

  /** Timers of the store never keep a process alive. */
  #schedule(ms: number, task: () => Promise<void>): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void task(), ms);
    this.#timer.unref();
  }

  /** Stops the store's timers (the client is the caller's to close). Reservations still work after. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #tryRecover(): Promise<void> {
    const sentAt = this.#now();
    const pending = this.#local.takePending(sentAt);
    let remainingMs: number;
    try {
      remainingMs = await this.#record(pending, sentAt, this.#recoveryGraceMs);
    } catch {
      this.#local.restorePending(pending, this.#now());
      return;
    }
    if (this.#mode !== 'fallback') return;
    const graceMs = Math.max(0, remainingMs);
    this.#mode = 'recovering';
    this.#recoveringUntil = sentAt + graceMs;
    this.#schedule(graceMs, () => this.#finishRecovery());
    this.#emit('recovering', { namespace: this.namespace, graceMs });
  }

  /** While recovering: slots booked locally are written to Redis as they are made. */
  #flushPending(): void {
    if (this.#flush) return;
    this.#flush = this.#writePending().finally(() => {
      this.#flush = undefined;
    });
  }

  async #writePending(): Promise<void> {
    while (this.#mode === 'recovering') {
      const sentAt = this.#now();
      const pending = this.#local.takePending(sentAt);
      if (pending.length === 0) return;
      try {
        await this.#record(pending, sentAt, 0);
      } catch (error) {
        this.#local.restorePending(pending, this.#now());
        this.#leaveShared(error instanceof RedisTimeout ? 'timeout' : 'error', errorMessage(error));
        return;
      }
    }
  }

  /** The grace is over: the last local slots go to Redis, then Redis alone decides. */
  #finishRecovery(): Promise<void> {
    if (this.#mode !== 'recovering') return Promise.resolve();
    this.#rejoin ??= (async () => {
      await this.#flush;
      await this.#writePending();
      if (this.#mode !== 'recovering') return;
      this.#mode = 'shared';
      this.#local.rejoinShared();
      this.#emit('recovered', { namespace: this.namespace });
    })().finally(() => {
      this.#rejoin = undefined;
    });
    return this.#rejoin;
  }

  /** Writes local slots into Redis; returns the recovery marker's remaining ms (< 0: none). */
  async #record(pending: readonly PendingBucket[], sentAt: number, graceMs: number): Promise<number> {
    if (!this.#client.isReady) throw new Error('the Redis client is not connected');
    const keys = [this.#redisKey('recovering'), ...pending.flatMap(({ key }) => [this.#redisKey(key), this.#indexKey(key)])];
    const args = [String(graceMs), String(this.#maxRequestMs)];
    for (const { slots } of pending) {
      args.push(String(slots.length));
      for (const slot of slots) {
        const end = slot.end === undefined ? '' : String(slot.end - sentAt);
        args.push(slot.id, slot.state, String(slot.at - sentAt), end, String(slot.cost), String(slot.windowMs), String(slot.marginMs));
      }
    }
    return parseRecordReply(await this.#run(RECORD_SCRIPT, RECORD_SHA1, keys, args));
  }

  /** One script call, loading the script when Redis does not have it (first use, or after a restart), within timeoutMs. */
  async #run(script: string, sha1: string, keys: string[], args: string[]): Promise<unknown> {
    const call = async () => {
      try {
        return await this.#client.evalSha(sha1, { keys, arguments: args });
      } catch (error) {
        if (!errorMessage(error).startsWith('NOSCRIPT')) throw error;
        return await this.#client.eval(script, { keys, arguments: args });
      }
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // Timers run before socket reads: after this process's own event loop stalled past the timeout,
      // a reply already waiting is read (setImmediate comes after the poll phase) before Redis is called slow.
      const expire = () => reject(new RedisTimeout(`Redis did not answer within ${this.#timeoutMs} ms`));
      timer = setTimeout(() => setImmediate(expire), this.#timeoutMs);
    });
    try {
      return await Promise.race([call(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  #nextId(): string {
    this.#requests += 1;
    return `${this.#session}.${this.#requests.toString(36)}`;
  }

  /** Per bucket, its hash of slots and its index by keep time. */
  #bucketKeys(reservations: readonly Reservation[]): string[] {
    return reservations.flatMap(({ key }) => [this.#redisKey(key), this.#indexKey(key)]);
  }

  /** Every key of a namespace shares one hash tag, so a request's buckets sit on one Redis Cluster node. */
  #redisKey(key: string): string {
    return `${this.#keyPrefix}:{${this.namespace}}:${key}`;
  }

  #indexKey(key: string): string {
    return `${this.#redisKey(key)}:until`;
  }

  /** A listener that throws must not fail the trading call that happened to change the mode. */
  #emit<E extends keyof RedisRateLimitStoreEvents>(event: E, payload: Parameters<RedisRateLimitStoreEvents[E]>[0]): void {
    try {
      (this.emit as (event: E, payload: unknown) => boolean)(event, payload);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }
}

/** cost, limit, documented window and margin per bucket, as the scripts read them. */
function bucketArguments(reservations: readonly Reservation[]): string[] {
  return reservations.flatMap(({ cost, limit, windowMs, marginMs = 0 }) => [
    String(cost),
    String(limit),
    String(windowMs - marginMs),
    String(marginMs),
  ]);
}

function invalid(message: string): BadRequest {
  return new BadRequest({ exchange: 'core', message: `RedisRateLimitStore: ${message}`, hint: 'Fix the store options; nothing was sent.' });
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(`${name} must be a positive number of ms`);
  return value;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
