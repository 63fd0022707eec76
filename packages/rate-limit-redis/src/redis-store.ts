/**
 * A RateLimitStore in Redis: every process that uses one namespace on one Redis shares each
 * exchange's buckets (per IP, per account, per account and instrument), with the same exact sliding
 * windows as core's in-memory store, every bucket of a request booked at one moment by one script,
 * on the Redis server's clock.
 *
 * Redis going away never fails a trading call. A reservation Redis does not answer in `timeoutMs`
 * (or cannot be sent: the client is not connected, the server errs) is booked on the process's local
 * share instead (see local-share.ts) and the store emits `fallback`. While local, it tries Redis
 * again at most every `probeIntervalMs`; once Redis answers it writes the local slots there, emits
 * `recovering`, and keeps to its share for `recoveryGraceMs` (one period for every process that comes
 * back within it, set in Redis by the first), recording what it sends; then it emits `recovered` and
 * uses Redis alone again.
 */
import { BadRequest, type RateLimitStore } from '@exchange-adapters/core';
import type { Reservation } from '@exchange-adapters/core/adapter';
import { EventEmitter } from 'eventemitter3';
import { LocalShare, type PendingBucket } from './local-share.js';
import { parseRecordReply, parseReserveReply, RECORD_SCRIPT, RECORD_SHA1, RESERVE_SCRIPT, RESERVE_SHA1 } from './scripts.js';

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
 * A slot whose reply came this late (this process stalled, or the connection did) is not used: a
 * request sent well after its slot can land in the same exchange window as the slots booked after
 * it. A fresh one is booked instead (a few times at most), and the late one goes unused.
 */
const STALE_GRANT_MS = 50;
const MAX_STALE_GRANTS = 3;

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
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #local: LocalShare;
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
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? defaultSleep;
    this.#random = options.random ?? Math.random;
    this.#local = new LocalShare(fallbackShare, this.#bookAheadMs);
  }

  /** `shared` (Redis), `fallback` (local share, Redis unreachable) or `recovering` (local share, recorded in Redis). */
  get mode(): RedisStoreMode {
    return this.#mode;
  }

  /**
   * Books every bucket of a request at one moment and returns the wait from `nowMs` (the limiter's
   * clock, which may run ahead of `now()` by a pause after a 429). Never rejects.
   */
  async reserve(reservations: readonly Reservation[], nowMs: number): Promise<number> {
    const calledAt = this.#now();
    if (reservations.length === 0) return 0;
    // The limiter adds its pause (how far nowMs is ahead of its clock) to what it is given; nowMs
    // behind the clock is only time that passed since the limiter read it.
    const pauseMs = Math.max(0, nowMs - calledAt);
    if (this.#mode === 'recovering' && calledAt >= this.#recoveringUntil) await this.#finishRecovery();
    if (this.#mode === 'shared') {
      const waitMs = await this.#reserveShared(reservations, calledAt + pauseMs, pauseMs);
      if (waitMs !== undefined) return waitMs;
    }
    if (this.#mode === 'recovering') return this.#reserveRecovering(reservations, pauseMs);
    // From here the clock has moved on by any time spent on Redis; the pause still counts in full.
    return this.#local.reserve(reservations, this.#now() + pauseMs);
  }

  /**
   * Back from an outage, other processes may still be cut off and sending on their shares, unknown
   * to Redis: a request fits this process's share first, then Redis books it no earlier (so the
   * processes already back count it, and it counts theirs).
   */
  async #reserveRecovering(reservations: readonly Reservation[], pauseMs: number): Promise<number> {
    this.#flushPending(); // local slots made before Redis answered the probe
    const localNow = this.#now() + pauseMs;
    const localAt = localNow + this.#local.reserve(reservations, localNow, false);
    const waitMs = await this.#reserveShared(reservations, localAt, pauseMs);
    if (waitMs !== undefined) return waitMs;
    // Redis failed again: the local slot stands, and Redis is told about it later.
    const now = this.#now();
    this.#local.keepForRedis(reservations, localAt, now);
    return localAt - (now + pauseMs);
  }

  /**
   * Books in Redis no earlier than `notBefore` (this process's clock) and returns the wait as the
   * limiter wants it (minus its pause), or undefined when Redis could not book it (the store has then
   * left Redis).
   */
  async #reserveShared(reservations: readonly Reservation[], notBefore: number, pauseMs: number): Promise<number | undefined> {
    const keys = reservations.map(({ key }) => this.#redisKey(key));
    const buckets = reservations.flatMap(({ cost, limit, windowMs }) => [String(cost), String(limit), String(windowMs)]);
    // A grant that comes back after the store left Redis is not used: the local share started from
    // what was known when it left. (Coming back, a grant stays good whatever the mode has become.)
    const startedShared = this.#mode === 'shared';
    const leftShared = () => startedShared && this.#mode !== 'shared';
    let staleGrants = 0;
    for (;;) {
      if (!this.#client.isReady) {
        this.#leaveShared('unreachable', 'the Redis client is not connected');
        return undefined;
      }
      const sentAt = this.#now();
      const notBeforeMs = Math.max(0, notBefore - sentAt);
      let reply: ReturnType<typeof parseReserveReply>;
      try {
        const raw = await this.#run(RESERVE_SCRIPT, RESERVE_SHA1, keys, [String(notBeforeMs), String(this.#bookAheadMs), ...buckets]);
        reply = parseReserveReply(raw, reservations.length);
      } catch (error) {
        this.#leaveShared(error instanceof RedisTimeout ? 'timeout' : 'error', errorMessage(error));
        return undefined;
      }
      // Redis was left while this call was out (another call timed out): its slot in Redis stays unused.
      if (leftShared()) return undefined;
      if (reply.granted) {
        const repliedAt = this.#now();
        // Redis ran the script somewhere between sentAt and repliedAt: the slot is at most this late by now.
        const lateMs = repliedAt - (sentAt + reply.waitMs);
        if (lateMs > STALE_GRANT_MS && staleGrants++ < MAX_STALE_GRANTS) continue; // that slot stays booked, unused
        reservations.forEach((reservation, i) => {
          this.#local.noteShared(reservation, repliedAt + reply.waitMs, reply.usage[i] as number);
        });
        return reply.waitMs - pauseMs;
      }
      // Everyone refused together is told the same moment; a random part of half the booking horizon
      // orders them afresh each round, so no process wins every round by being nearest to Redis.
      await this.#sleep(reply.retryInMs + this.#random() * (this.#bookAheadMs / 2));
      if (leftShared() || this.#mode === 'fallback') return undefined;
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
    const keys = [this.#redisKey('recovering'), ...pending.map(({ key }) => this.#redisKey(key))];
    const args = [String(graceMs)];
    for (const { windowMs, slots } of pending) {
      args.push(String(windowMs), String(slots.length));
      for (const { at, cost } of slots) args.push(String(at - sentAt), String(cost));
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

  /** Every key of a namespace shares one hash tag, so a request's buckets sit on one Redis Cluster node. */
  #redisKey(key: string): string {
    return `${this.#keyPrefix}:{${this.namespace}}:${key}`;
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
