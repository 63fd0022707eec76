/**
 * Fault injection. Rules match by exchange and path prefix; every probability is rolled on one
 * seeded PRNG, so a run with the same seed and the same request sequence fails the same way.
 */
import type { ExchangeId } from './engine/venue.js';
import { Prng } from './random.js';

/**
 * An HTTP fault: which requests it matches (`exchange`, `path`, `method`; absent fields match all) and
 * what happens to them. Probabilities are drawn from the seeded generator.
 */
export interface FaultRule {
  /** Only requests to this exchange's protocol. */
  exchange?: ExchangeId;
  /** Path prefix, e.g. `/api/v5/trade/order`. */
  path?: string;
  /** HTTP method, e.g. `POST` (WEEX places, cancels and reads orders on one path). */
  method?: string;
  /** Added before the request is handled. */
  latencyMs?: number;
  /** Execute the request, then destroy the socket without answering. */
  dropReplyProbability?: number;
  /** Answer a 5xx or the exchange's busy code without executing. */
  errorProbability?: number;
  /** Answer the exchange's rate-limit reply without executing. */
  rateLimitStormProbability?: number;
  /** Extra skew of the simulator clock for matching requests. */
  clockSkewMs?: number;
  /**
   * Answer every matching request with this HTTP status and an HTML error page, without executing
   * it: `404` stands for a venue that lacks the endpoint (an OKEx v1 clone without futures).
   */
  replyStatus?: number;
}

export interface FaultDecision {
  latencyMs: number;
  dropReply: boolean;
  error: boolean;
  rateLimitStorm: boolean;
  clockSkewMs: number;
  replyStatus?: number;
}

/** Adds and clears HTTP fault rules (`sim.faults`). */
export interface FaultController {
  /** Adds a rule; may be called several times. */
  set(rule: FaultRule): void;
  /** Removes every rule. */
  clear(): void;
}

const PROBABILITIES = ['dropReplyProbability', 'errorProbability', 'rateLimitStormProbability'] as const;

export class Faults implements FaultController {
  readonly #rules: FaultRule[] = [];
  readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed ^ 0xfa017);
  }

  set(rule: FaultRule): void {
    for (const name of PROBABILITIES) {
      const p = rule[name];
      if (p !== undefined && !(p >= 0 && p <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${p}`);
    }
    if (rule.latencyMs !== undefined && !(rule.latencyMs >= 0)) throw new RangeError('latencyMs must be >= 0');
    if (rule.clockSkewMs !== undefined && !Number.isFinite(rule.clockSkewMs)) throw new RangeError('clockSkewMs must be finite');
    if (rule.replyStatus !== undefined && !(Number.isInteger(rule.replyStatus) && rule.replyStatus >= 200 && rule.replyStatus <= 599))
      throw new RangeError(`replyStatus must be an HTTP status, got ${rule.replyStatus}`);
    this.#rules.push({ ...rule });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  decide(exchange: ExchangeId, path: string, method = 'GET'): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, dropReply: false, error: false, rateLimitStorm: false, clockSkewMs: 0 };
    for (const rule of this.#rules) {
      if (rule.exchange !== undefined && rule.exchange !== exchange) continue;
      if (rule.path !== undefined && !path.startsWith(rule.path)) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.replyStatus !== undefined) decision.replyStatus = rule.replyStatus;
      decision.latencyMs += rule.latencyMs ?? 0;
      decision.clockSkewMs += rule.clockSkewMs ?? 0;
      if (this.prng.chance(rule.rateLimitStormProbability ?? 0)) decision.rateLimitStorm = true;
      if (this.prng.chance(rule.errorProbability ?? 0)) decision.error = true;
      if (this.prng.chance(rule.dropReplyProbability ?? 0)) decision.dropReply = true;
    }
    return decision;
  }
}
