/**
 * Futures positions and the trading-surface calls OKEx v1 can answer: positions
 * (`future_position.do`), closing a futures position with close orders (`future_trade.do` types
 * 3 and 4 at the best price) and the futures index (`future_index.do`).
 * Everything else of the surface (amend, triggers, funding, leverage and modes, fees, transfers
 * between accounts) has no unified form on v1 and stays NotSupported (protocols/okex-v1.md §1.3).
 */
import type { Market, MarkPrice, Order, Position } from '@exchange-adapters/core';
import { futuresSymbol } from './markets.js';
import { normalizePositions, toNumber } from './normalize.js';
import type { OkexV1Port } from './port.js';
import { futureIndexSchema, futurePositionSchema, futureTickerSchema } from './schemas.js';

/** Contracts of a v1 holding that can be closed now (the rest is held by pending close orders). */
function closable(position: Position): number {
  const holding = position.info as { buy_available?: unknown; sell_available?: unknown } | undefined;
  const available = Number(position.side === 'long' ? holding?.buy_available : holding?.sell_available);
  return Number.isFinite(available) ? Math.min(available, position.amount) : position.amount;
}

export class OkexV1Derivatives {
  readonly #port: OkexV1Port;

  constructor(port: OkexV1Port) {
    this.#port = port;
  }

  /**
   * Cross-margin positions (`future_position.do`), one call per contract (all futures markets by
   * default). Unrealized PnL is computed from the contract's last price, in the coin.
   */
  async fetchPositions(symbols?: string[]): Promise<Position[]> {
    if (!symbols) await this.#port.loadFuturesMarkets();
    const markets = symbols
      ? await Promise.all(symbols.map((symbol) => this.#port.loadMarket(symbol)))
      : Object.values(this.#port.markets() ?? {}).filter((market) => market.type === 'future');
    const spot = markets.find((market) => market.spot);
    if (spot)
      throw this.#port.error('BadRequest', {
        message: `${spot.symbol} is a spot market; positions exist on futures only`,
        hint: 'Pass futures symbols such as BTC/USD:BTC-190628.',
      });
    const positions: Position[] = [];
    const seen = new Set<string>();
    for (const market of markets) {
      const wire = await this.#port.call('future_position', { body: this.#port.contractQuery(market), schema: futurePositionSchema });
      const holding = wire.holding.filter((item) => (toNumber(item.buy_amount) ?? 0) > 0 || (toNumber(item.sell_amount) ?? 0) > 0);
      if (holding.length === 0) continue;
      const ticker = await this.#port.call('future_ticker', { query: this.#port.contractQuery(market), schema: futureTickerSchema });
      const coin = market.base.toLowerCase();
      for (const position of normalizePositions(
        { ...wire, holding },
        {
          symbolOf: (contractId) => futuresSymbol(coin, contractId) ?? market.symbol,
          contractSize: market.contractSize ?? 0,
          markPrice: Number(ticker.ticker.last),
        },
      )) {
        const key = `${position.symbol}|${position.side}`;
        if (seen.has(key)) continue;
        seen.add(key);
        positions.push(position);
      }
    }
    return positions;
  }

  /**
   * Closes the contract's available long and/or short contracts with close orders at the best
   * price (type 3 closes a long, 4 a short); each goes through createOrder, so a lost reply is
   * resolved by v1's look-up, never by a blind resend.
   */
  async closePosition(symbol: string, side: 'long' | 'short' | undefined): Promise<Order[]> {
    const market = await this.#futuresMarket(symbol, 'closePosition');
    if (side !== undefined && side !== 'long' && side !== 'short') {
      throw this.#port.error('BadRequest', {
        message: `side must be 'long' or 'short', got ${JSON.stringify(side)}`,
        hint: 'Omit side to close both.',
      });
    }
    const positions = (await this.#port.fetchPositions([market.symbol])).filter(
      (position) => position.symbol === market.symbol && (side === undefined || position.side === side),
    );
    const orders: Order[] = [];
    for (const position of positions) {
      const contracts = closable(position);
      if (contracts <= 0) continue;
      orders.push(
        await this.#port.createOrder({
          symbol: market.symbol,
          type: 'market',
          side: position.side === 'long' ? 'sell' : 'buy',
          amount: contracts,
          reduceOnly: true,
        }),
      );
    }
    return orders;
  }

  /** The index the coin's futures track; v1 publishes no mark price. */
  async fetchMarkPrice(symbol: string): Promise<MarkPrice> {
    const market = await this.#futuresMarket(symbol, 'fetchMarkPrice');
    const wire = await this.#port.call('future_index', {
      query: { symbol: this.#port.futuresInfo(market).pair },
      schema: futureIndexSchema,
    });
    return { symbol: market.symbol, indexPrice: Number(wire.future_index), timestamp: this.#port.pipeline.now(), info: wire };
  }

  async #futuresMarket(symbol: string, method: string): Promise<Market> {
    const market = await this.#port.loadMarket(symbol);
    if (market.spot) {
      throw this.#port.error('BadRequest', {
        message: `${method} applies to OKEx v1 futures; ${market.symbol} is spot`,
        hint: 'Use a futures symbol such as BTC/USD:BTC-190628 from exchange.markets.',
      });
    }
    return market;
  }
}
