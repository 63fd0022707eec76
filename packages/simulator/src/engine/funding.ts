/**
 * Perpetual funding on the engine: each perpetual settles every eight hours (00:00, 08:00, 16:00
 * UTC), longs paying shorts `size × mark × rate` when the rate is positive. Rates are seeded per
 * period, or set by a test. `settleNow` is the explicit engine call that settles the current
 * period at once, so tests never wait for the wall clock.
 */
import { type Fixed, fixed, fromInt, mul, roundTo } from '../decimal.js';
import { unitHash } from '../random.js';
import type { MarketSpec } from './markets.js';
import type { Venue } from './venue.js';

export const FUNDING_INTERVAL_MS = 8 * 3_600_000;

/** One settlement of one perpetual. */
export interface FundingSettlement {
  symbol: string;
  rate: Fixed;
  markPrice: Fixed;
  /** When it was settled, ms. */
  time: number;
  /** What each account paid (negative) or received, settle currency. */
  payments: Array<{ accountId: string; amount: Fixed }>;
}

interface MarketFunding {
  /** Settlements so far; the seeded rate is a function of this counter. */
  period: number;
  /** Next scheduled settlement, ms. */
  nextTime: number;
  /** A rate set by a test for the current period. */
  override?: Fixed;
  history: FundingSettlement[];
}

const HISTORY_LIMIT = 1_000;

export class FundingSchedule {
  readonly #venue: Venue;
  readonly #seed: number;
  readonly #state = new Map<string, MarketFunding>();

  constructor(venue: Venue, seed: number, nowMs: number) {
    this.#venue = venue;
    this.#seed = seed;
    const first = Math.floor(nowMs / FUNDING_INTERVAL_MS) * FUNDING_INTERVAL_MS + FUNDING_INTERVAL_MS;
    for (const market of venue.markets) {
      if (market.type !== 'spot')
        this.#state.set(market.symbol, { period: Math.floor(nowMs / FUNDING_INTERVAL_MS), nextTime: first, history: [] });
    }
    venue.onTick((time) => this.settleDue(time));
  }

  has(symbol: string): boolean {
    return this.#state.has(symbol);
  }

  /** The rate charged at the next settlement. */
  currentRate(symbol: string): Fixed {
    const state = this.#get(symbol);
    return state.override ?? this.#seededRate(symbol, state.period);
  }

  /** The predicted rate of the settlement after the next one. */
  predictedRate(symbol: string): Fixed {
    return this.#seededRate(symbol, this.#get(symbol).period + 1);
  }

  nextTime(symbol: string): number {
    return this.#get(symbol).nextTime;
  }

  /** Sets the rate the next settlement charges (engine hook). */
  setRate(symbol: string, rate: Fixed): void {
    this.#get(symbol).override = rate;
  }

  /** Settlements, newest first. */
  history(symbol: string): FundingSettlement[] {
    return [...this.#get(symbol).history].reverse();
  }

  /** Settles every perpetual whose scheduled time has come. */
  settleDue(nowMs: number): void {
    for (const [symbol, state] of this.#state) {
      while (state.nextTime <= nowMs) {
        this.#settle(symbol, state, state.nextTime);
        state.nextTime += FUNDING_INTERVAL_MS;
      }
    }
  }

  /** Engine hook: settles the current period of one perpetual (or all) now; the schedule goes on. */
  settleNow(nowMs: number, symbol?: string): FundingSettlement[] {
    this.#venue.sync(nowMs);
    const symbols = symbol === undefined ? [...this.#state.keys()] : [symbol];
    return symbols.map((name) => this.#settle(name, this.#get(name), nowMs));
  }

  #settle(symbol: string, state: MarketFunding, time: number): FundingSettlement {
    const market = this.#venue.market(symbol) as MarketSpec;
    const rate = state.override ?? this.#seededRate(symbol, state.period);
    const markPrice = this.#venue.markPrice(market);
    const payments: FundingSettlement['payments'] = [];
    for (const account of this.#venue.accounts()) {
      let amount = 0n;
      for (const position of account.positions.values()) {
        // A long (positive size) pays a positive rate; a short receives it.
        if (position.market === market) amount -= mul(mul(position.size, markPrice), rate);
      }
      if (amount === 0n) continue;
      account.balance(this.#venue.walletOf(market), market.settle as string).total += amount;
      payments.push({ accountId: account.id, amount });
    }
    this.#venue.balancesChanged(payments.map((payment) => payment.accountId));
    const settlement: FundingSettlement = { symbol, rate, markPrice, time, payments };
    state.history.push(settlement);
    if (state.history.length > HISTORY_LIMIT) state.history.shift();
    state.period++;
    state.override = undefined;
    return settlement;
  }

  /** Around +0.01 % per period, between −0.01 % and +0.03 %, to eight decimals. */
  #seededRate(symbol: string, period: number): Fixed {
    const market = this.#venue.market(symbol) as MarketSpec;
    const unit = unitHash(this.#seed, market.index, period, 31);
    const basisPoints = fromInt(Math.round((unit * 4 - 1) * 10_000)) / 10_000n;
    return roundTo(mul(basisPoints, fixed('0.0001')), 8);
  }

  #get(symbol: string): MarketFunding {
    const state = this.#state.get(symbol);
    if (!state) throw new RangeError(`${symbol} is not a perpetual of this venue`);
    return state;
  }
}
