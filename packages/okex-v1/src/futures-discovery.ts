/**
 * Where v1 futures markets come from, and whether they are available at all. v1 has no
 * instruments endpoint: contracts are found by asking `future_ticker.do` for each coin and contract
 * type. Spot must never depend on it, so discovery runs only when futures are wanted, and a
 * failure (404, HTML, 5xx, an unreadable ticker) leaves futures out with one warning instead of
 * failing anything; it is tried again after a pause.
 */
import { type ExchangeError, isExchangeError, type Market, type WarningEvent } from '@exchange-adapters/core';
import { monotonicNow } from '@exchange-adapters/core/adapter';
import { CONTRACT_TYPES, type ContractType, futuresMarket } from './markets.js';
import type { FutureTickerWire } from './schemas.js';

/** After a failed discovery, futures calls try again only after this long. */
export const DISCOVERY_RETRY_MS = 60_000;

export interface FuturesDiscoveryDeps {
  /** Coins whose `<coin>_usd` contracts are looked for. */
  coins: readonly string[];
  /** The discovery ticker of one contract; undefined when it does not exist (20028/20021, empty ticker). */
  ticker: (coin: string, contractType: ContractType) => Promise<FutureTickerWire | undefined>;
  badResponse: (message: string, hint: string) => ExchangeError;
  warn: (event: Omit<WarningEvent, 'exchange'>) => void;
}

export class FuturesDiscovery {
  readonly #deps: FuturesDiscoveryDeps;
  /** Discovery succeeded since markets were last loaded (finding no contract counts). */
  #known = false;
  #running: Promise<Market[]> | undefined;
  #failedAt = Number.NEGATIVE_INFINITY;
  #problem: string | undefined;

  constructor(deps: FuturesDiscoveryDeps) {
    this.#deps = deps;
  }

  /** Markets were (re)loaded without futures: discover again when they are wanted. */
  forget(): void {
    this.#known = false;
  }

  /** True when a discovery now could add something: not done yet, and not paused after a failure. */
  get due(): boolean {
    return !this.#known && monotonicNow() - this.#failedAt >= DISCOVERY_RETRY_MS;
  }

  /** What to tell a caller whose futures symbol is unknown. */
  get hint(): string {
    if (this.#problem) return `Futures are not available: ${this.#problem}`;
    if (this.#known)
      return 'No such futures contract; exchange.markets lists the discovered ones (contract types roll weekly: loadMarkets(true)).';
    return "Futures are discovered on first use: call an async method with this symbol first (fetchTicker), or loadFuturesMarkets(), or pass futuresDiscovery: 'eager'.";
  }

  /** The contracts of every coin; concurrent callers share one discovery. Never throws. */
  run(): Promise<Market[]> {
    this.#running ??= this.#discover().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #discover(): Promise<Market[]> {
    const { coins } = this.#deps;
    const outcomes = await Promise.all(
      coins.map((coin) =>
        this.#discoverCoin(coin).then(
          (markets) => ({ coin, markets, error: undefined as unknown }),
          (error: unknown) => ({ coin, markets: [] as Market[], error }),
        ),
      ),
    );
    const markets = outcomes.flatMap((outcome) => outcome.markets);
    const failed = outcomes.filter((outcome) => outcome.error !== undefined);
    if (failed.length > 0) {
      const first = failed[0]?.error;
      const reason = isExchangeError(first) ? first.message : String(first);
      const which = failed.map((outcome) => outcome.coin).join(', ');
      this.#failedAt = monotonicNow();
      this.#problem = `discovery failed for ${which} (${reason}).`;
      this.#deps.warn({
        code: 'futures-unavailable',
        message: `OKEx v1 futures discovery failed for ${which}; those futures are left out (tried again in ${DISCOVERY_RETRY_MS / 1000} s), spot is not affected: ${reason}`,
        error: isExchangeError(first) ? first : undefined,
      });
      return markets;
    }
    this.#known = true;
    this.#problem = undefined;
    if (markets.length === 0 && coins.length > 0) {
      this.#problem = `no coin of ${coins.join(', ')} has a futures contract on this venue (20028/20021).`;
      this.#deps.warn({ code: 'futures-unavailable', message: `OKEx v1 futures: ${this.#problem} Spot is not affected.` });
    }
    return markets;
  }

  /** The contract types in turn, until one does not exist. */
  async #discoverCoin(coin: string): Promise<Market[]> {
    const markets: Market[] = [];
    for (const contractType of CONTRACT_TYPES) {
      const wire = await this.#deps.ticker(coin, contractType);
      if (wire === undefined) return markets;
      const contractId = String(wire.ticker.contract_id);
      const market = futuresMarket(coin, contractType, contractId, Number(wire.ticker.unit_amount), wire);
      if (!market) {
        throw this.#deps.badResponse(
          `future_ticker.do for ${coin}_usd ${contractType} has contract_id ${contractId}, which carries no delivery date`,
          'Futures discovery reads the delivery date from the contract id; pass futuresCoins: [] to skip futures.',
        );
      }
      markets.push(market);
    }
    return markets;
  }
}
