/**
 * When and how long to wait before trying again. Only reads and cancels are retried; an order is
 * never resent blindly (see the create path in place-order.ts). A retry budget, shared by all calls
 * of one exchange instance, keeps an outage or a 429 storm from multiplying traffic: each retry
 * spends from it, and when it is empty errors surface at once. It refills with time (10 tokens a
 * second by default, two retries' worth every second) and with successes, so once an outage ends
 * retries are available again within seconds, not after hundreds of successful calls.
 */
import type { ExchangeError } from './errors.js';

/**
 * How reads and cancels are retried (`retry` option); every field optional there, defaults in
 * `DEFAULT_RETRY_POLICY`.
 */
export interface RetryPolicy {
  /** Sends at most, the first included; default 4. */
  maxAttempts: number;
  /** First backoff; doubled per attempt, with full jitter. Default 200 ms. */
  baseDelayMs: number;
  /** Longest backoff; default 10 000 ms. */
  maxDelayMs: number;
  /** Budget size; default 100. */
  budgetCapacity: number;
  /** Spent per retry; default 5 (10 after a timeout, which holds a connection longer). */
  retryCost: number;
  /** Spent per retry after a timeout; default 10. */
  timeoutRetryCost: number;
  /** Paid back by a call that succeeded at the first attempt; default 1. */
  successRefund: number;
  /** Refilled per second whatever happens, up to the capacity; default 10 (an empty budget is full again in 10 s). */
  budgetRefillPerSecond: number;
}

/**
 * The retry policy used when the `retry` option is absent: 4 attempts, 200 ms doubling to 10 s, a budget
 * of 100 refilled at 10 per second.
 */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
  budgetCapacity: 100,
  retryCost: 5,
  timeoutRetryCost: 10,
  successRefund: 1,
  budgetRefillPerSecond: 10,
};

/** Exponential backoff with full jitter, never shorter than what the exchange asked for. */
export function backoffDelayMs(failedAttempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from `nowMs`. */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * Retry tokens shared by every call of one exchange instance: each retry spends, successes and time
 * refill, and an empty budget makes errors surface at once.
 */
export class RetryBudget {
  #tokens: number;
  #refilledAtMs: number;
  readonly #now: () => number;

  /** `now` is a monotonic clock in ms; a wall clock stepping back must not stall the refill. */
  constructor(
    /** The policy it applies. */
    readonly policy: RetryPolicy,
    now: () => number = () => performance.now(),
  ) {
    this.#tokens = policy.budgetCapacity;
    this.#now = now;
    this.#refilledAtMs = now();
  }

  /** Tokens left. */
  get available(): number {
    this.#refill();
    return this.#tokens;
  }

  /** Takes the cost of one retry; undefined when the budget cannot pay for it. */
  tryAcquire(afterTimeout: boolean): number | undefined {
    this.#refill();
    const cost = afterTimeout ? this.policy.timeoutRetryCost : this.policy.retryCost;
    if (this.#tokens < cost) return undefined;
    this.#tokens -= cost;
    return cost;
  }

  /** A call succeeded: a retried call gets back what its retries took, a first-try success a little more. */
  release(spentOnRetries: number): void {
    // A full budget stays full: no clock read on the common path (every successful call).
    if (spentOnRetries === 0 && this.#tokens >= this.policy.budgetCapacity) return;
    this.#refill();
    const refund = spentOnRetries > 0 ? spentOnRetries : this.policy.successRefund;
    this.#tokens = Math.min(this.policy.budgetCapacity, this.#tokens + refund);
  }

  #refill(): void {
    const now = this.#now();
    const elapsedMs = Math.max(0, now - this.#refilledAtMs);
    this.#refilledAtMs = now;
    const rate = this.policy.budgetRefillPerSecond ?? DEFAULT_RETRY_POLICY.budgetRefillPerSecond;
    this.#tokens = Math.min(this.policy.budgetCapacity, this.#tokens + (elapsedMs / 1000) * rate);
  }
}

/** Whether a failed read or cancel may succeed when sent again. */
export function isTransient(error: ExchangeError): boolean {
  return (
    error.kind === 'RateLimited' ||
    error.kind === 'ExchangeUnavailable' ||
    error.kind === 'NetworkError' ||
    (error.retryable && error.kind !== 'TimestampExpired')
  );
}

/** The `reason` of the `retry` event for a transient failure. */
export function retryReason(error: ExchangeError): 'rate-limited' | 'unavailable' | 'network' {
  if (error.kind === 'RateLimited') return 'rate-limited';
  if (error.kind === 'NetworkError') return 'network';
  return 'unavailable';
}
