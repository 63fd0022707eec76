/** Events an exchange emits (eventemitter3). Payloads never hold secrets: headers and bodies are redacted. */
import type { ExchangeError } from './errors.js';

/** Emitted as `request` before each send (every attempt), with secrets masked. */
export interface RequestEvent {
  /** Exchange id. */
  exchange: string;
  /** HTTP method. */
  method: string;
  /** Path with query, secrets masked. */
  path: string;
  /** Endpoint table name, when the call went through one. */
  endpoint?: string;
  /** Which send this is for the call: 1 first, 2 the first retry, … */
  attempt: number;
  /** Request headers, with keys, signatures and passphrases masked. */
  headers: Record<string, string>;
  /** Request body as sent, secrets masked. */
  body?: string;
}

/** Emitted as `response` when a reply arrived (whatever its status). */
export interface ResponseEvent {
  /** Exchange id. */
  exchange: string;
  /** HTTP method. */
  method: string;
  /** Path with query, secrets masked. */
  path: string;
  /** Endpoint table name, when the call went through one. */
  endpoint?: string;
  /** Which send of the call this reply answers (1 = first). */
  attempt: number;
  /** HTTP status. */
  status: number;
  /** Time from send to the complete reply, ms. */
  durationMs: number;
}

/** Emitted as `retry` when a call is about to be sent again (or an order looked up) after a failure. */
export interface RetryEvent {
  /** Exchange id. */
  exchange: string;
  /** HTTP method. */
  method: string;
  /** Path with query, secrets masked. */
  path: string;
  /** Endpoint table name, when the call went through one. */
  endpoint?: string;
  /** The attempt that failed (1 = first send). */
  attempt: number;
  /** How long the call waits before the next attempt, ms. */
  delayMs: number;
  /**
   * Why: throttled, exchange unavailable, network failure, clock re-sync after `TimestampExpired`, or an
   * order lookup after a lost create reply.
   */
  reason: 'rate-limited' | 'unavailable' | 'network' | 'timestamp' | 'order-lookup';
  /** The error the failed attempt produced. */
  error: ExchangeError;
}

/** Emitted as `rateLimit` when a call had to wait for rate-limit capacity. */
export interface RateLimitEvent {
  /** Exchange id. */
  exchange: string;
  /** Buckets of the endpoint table the call spends from, joined with `+` (`ip+userinfo`). */
  bucket: string;
  /** The same, as a list. The call waited until all of them had room. */
  buckets: string[];
  /** Units the call spends (WEEX weights; 1 per request elsewhere). */
  cost: number;
  /** How long the call waited for capacity. */
  waitMs: number;
}

/** Emitted as `clockSync` each time the offset to the exchange's clock is (re)learned. */
export interface ClockSyncEvent {
  /** Exchange id. */
  exchange: string;
  /** Add to the local clock to get the exchange's: server − local. */
  serverTimeOffsetMs: number;
  /** Median round trip of the samples. */
  roundTripMs: number;
  /** Server-time samples taken. */
  samples: number;
  /**
   * First sync before a signed call, a periodic refresh, or a re-sync after the exchange said the timestamp
   * expired.
   */
  reason: 'initial' | 'refresh' | 'timestamp-expired';
}

/**
 * Something went wrong that the call could absorb, so no error reached the caller: a read after an
 * accepted write failed (the write's result is less detailed), or OKEx v1 futures discovery failed
 * (futures are left out; spot is unaffected). Emitted once per occurrence.
 */
export interface WarningEvent {
  /** Exchange id. */
  exchange: string;
  /** Stable identifier of the situation. */
  code: 'follow-up-read-failed' | 'futures-unavailable' | (string & {});
  /** What happened and what it means for the result, one sentence. */
  message: string;
  /** The error that was absorbed, when there was one. */
  error?: ExchangeError;
}

/** The events of `exchange.on(event, listener)` and their payloads. */
export interface ExchangeEvents {
  /** Before each send. */
  request: (event: RequestEvent) => void;
  /** After each reply. */
  response: (event: ResponseEvent) => void;
  /** Before a retry or an order lookup. */
  retry: (event: RetryEvent) => void;
  /** After a wait for rate-limit capacity. */
  rateLimit: (event: RateLimitEvent) => void;
  /** After the clock offset was learned. */
  clockSync: (event: ClockSyncEvent) => void;
  /** A problem the call absorbed (see `WarningEvent`). */
  warning: (event: WarningEvent) => void;
}
