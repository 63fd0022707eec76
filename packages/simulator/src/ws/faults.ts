/**
 * WebSocket faults, seeded and scriptable. A rule matches pushes (or, for `refuse`, connection
 * attempts) by exchange, socket kind and channel; `after` lets that many matching pushes through
 * first, `times` caps how often it fires, and every probability is rolled on one seeded PRNG, so a
 * run with the same seed and the same traffic fails the same way.
 */
import type { ExchangeId } from '../engine/venue.js';
import { Prng } from '../random.js';

/** What a WebSocket fault does to a matching push (or connection). */
export type WsFaultKind =
  /** Close the connection abruptly instead of sending the push. */
  | 'drop'
  /** The connection stops sending anything (data, acks, pongs) and stays open. */
  | 'silence'
  /** Leave the push out: on a sequenced book channel the next one does not follow (a gap). */
  | 'skip'
  /** Send the push twice. */
  | 'duplicate'
  /** Hold the push and send it after the next one. */
  | 'reorder'
  /** Send the push (and everything after it, keeping order) `delayMs` later. */
  | 'delay'
  /** Refuse new connections (HTTP 503 on the upgrade). */
  | 'refuse';

/** A WebSocket fault: which pushes or connections it matches and what happens to them. */
export interface WsFaultRule {
  /** What happens. */
  fault: WsFaultKind;
  /** Only this exchange's sockets. */
  exchange?: ExchangeId;
  /** Socket kind: `public`, `private`, `business`. */
  endpoint?: string;
  /** Push channel (`books`, `orders`…); not used by `refuse`. */
  channel?: string;
  /** Default 1. */
  probability?: number;
  /** Fire at most this many times; default unlimited. */
  times?: number;
  /** Let this many matching pushes (or connection attempts) through first; default 0. */
  after?: number;
  /** For `delay`. */
  delayMs?: number;
}

/** Adds and clears WebSocket fault rules (`sim.streams.faults`). */
export interface WsFaultController {
  /** Adds a rule; may be called several times. */
  set(rule: WsFaultRule): void;
  /** Removes every rule. */
  clear(): void;
}

export interface PushTarget {
  exchange: ExchangeId;
  endpoint: string;
  channel?: string;
}

interface RuleState {
  rule: WsFaultRule;
  seen: number;
  fired: number;
}

const KINDS: readonly WsFaultKind[] = ['drop', 'silence', 'skip', 'duplicate', 'reorder', 'delay', 'refuse'];

export class WsFaults implements WsFaultController {
  readonly #rules: RuleState[] = [];
  readonly #prng: Prng;

  constructor(seed: number) {
    this.#prng = new Prng(seed ^ 0x5ca1ab1e);
  }

  set(rule: WsFaultRule): void {
    if (!KINDS.includes(rule.fault)) throw new RangeError(`fault must be one of ${KINDS.join(', ')}`);
    const p = rule.probability ?? 1;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`probability must be between 0 and 1, got ${p}`);
    if (rule.fault === 'delay' && !((rule.delayMs ?? -1) >= 0)) throw new RangeError('a delay fault needs delayMs >= 0');
    for (const name of ['times', 'after'] as const) {
      const value = rule[name];
      if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new RangeError(`${name} must be a whole number >= 0`);
    }
    this.#rules.push({ rule: { ...rule }, seen: 0, fired: 0 });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** The faults that fire for one push (in rule order). */
  forPush(target: PushTarget): WsFaultRule[] {
    return this.#roll(target, false);
  }

  /** Whether a new connection is refused. */
  refuses(target: PushTarget): boolean {
    return this.#roll(target, true).length > 0;
  }

  #roll(target: PushTarget, connecting: boolean): WsFaultRule[] {
    if (this.#rules.length === 0) return [];
    const fired: WsFaultRule[] = [];
    for (const state of this.#rules) {
      const { rule } = state;
      if ((rule.fault === 'refuse') !== connecting) continue;
      if (rule.exchange !== undefined && rule.exchange !== target.exchange) continue;
      if (rule.endpoint !== undefined && rule.endpoint !== target.endpoint) continue;
      if (!connecting && rule.channel !== undefined && rule.channel !== target.channel) continue;
      state.seen++;
      if (state.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && state.fired >= rule.times) continue;
      if (!this.#prng.chance(rule.probability ?? 1)) continue;
      state.fired++;
      fired.push(rule);
    }
    return fired;
  }
}
