/** Events an exchange emits (eventemitter3). Payloads never hold secrets: headers and bodies are redacted. */
import type { ExchangeError } from './errors.js';

export interface RequestEvent {
  exchange: string;
  method: string;
  /** Path with query, secrets masked. */
  path: string;
  /** Endpoint table name, when the call went through one. */
  endpoint?: string;
  attempt: number;
  headers: Record<string, string>;
  body?: string;
}

export interface ResponseEvent {
  exchange: string;
  method: string;
  path: string;
  endpoint?: string;
  attempt: number;
  status: number;
  durationMs: number;
}

export interface RetryEvent {
  exchange: string;
  method: string;
  path: string;
  endpoint?: string;
  /** The attempt that failed (1 = first send). */
  attempt: number;
  delayMs: number;
  reason: 'rate-limited' | 'unavailable' | 'network' | 'timestamp' | 'order-lookup';
  error: ExchangeError;
}

export interface RateLimitEvent {
  exchange: string;
  /** Buckets of the endpoint table the call spends from, joined with `+` (`ip+userinfo`). */
  bucket: string;
  /** The same, as a list. The call waited until all of them had room. */
  buckets: string[];
  cost: number;
  /** How long the call waited for capacity. */
  waitMs: number;
}

export interface ClockSyncEvent {
  exchange: string;
  /** Add to the local clock to get the exchange's: server − local. */
  serverTimeOffsetMs: number;
  /** Median round trip of the samples. */
  roundTripMs: number;
  samples: number;
  reason: 'initial' | 'refresh' | 'timestamp-expired';
}

/**
 * Something went wrong that the call could absorb, so no error reached the caller: a read after an
 * accepted write failed (the write's result is less detailed), or OKEx v1 futures discovery failed
 * (futures are left out; spot is unaffected). Emitted once per occurrence.
 */
export interface WarningEvent {
  exchange: string;
  /** Stable identifier of the situation. */
  code: 'follow-up-read-failed' | 'futures-unavailable' | (string & {});
  message: string;
  /** The error that was absorbed, when there was one. */
  error?: ExchangeError;
}

export interface ExchangeEvents {
  request: (event: RequestEvent) => void;
  response: (event: ResponseEvent) => void;
  retry: (event: RetryEvent) => void;
  rateLimit: (event: RateLimitEvent) => void;
  clockSync: (event: ClockSyncEvent) => void;
  warning: (event: WarningEvent) => void;
}
