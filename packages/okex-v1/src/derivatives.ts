/**
 * The trading-surface calls OKEx v1 can answer: closing a futures position with close orders
 * (`future_trade.do` types 3 and 4 at the best price) and the futures index (`future_index.do`).
 * Everything else of the surface (amend, triggers, funding, leverage and modes, fees, transfers
 * between accounts) has no unified form on v1 and stays NotSupported (protocols/okex-v1.md §1.3).
 */
import type {
  CallOptions,
  ErrorKind,
  ExchangeError,
  ExchangeErrorDetails,
  Market,
  MarkPrice,
  Order,
  OrderRequest,
  Pipeline,
  Position,
} from '@exchange-adapters/core';
import type { FuturesMarketInfo } from './markets.js';
import { futureIndexSchema } from './schemas.js';

export interface OkexV1Port {
  readonly pipeline: Pipeline;
  call<T>(name: 'future_index', options?: CallOptions<T>): Promise<T>;
  error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError;
  loadMarket(symbol: string): Promise<Market>;
  futuresInfo(market: Market): FuturesMarketInfo;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  createOrder(request: OrderRequest): Promise<Order>;
}

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
