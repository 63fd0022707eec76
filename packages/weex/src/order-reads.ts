/**
 * Reading WEEX V3 spot and futures orders and fills: one order by id, the open orders, the order
 * history and the account's trades (protocols/weex.md §3). Conditional orders are read in
 * derivatives.ts.
 */
import type { Market, Order, Trade } from '@exchange-adapters/core';
import { parseContractOrder, parseContractUserTrade, parseSpotMyTrade, parseSpotOrder } from './normalize.js';
import type { MarketKind, WeexPort } from './port.js';
import {
  contractOrderSchema,
  contractOrdersSchema,
  contractUserTradesSchema,
  spotMyTradesSchema,
  spotOrderSchema,
  spotOrdersSchema,
} from './schemas.js';

export class WeexOrderReads {
  readonly #port: WeexPort;

  constructor(port: WeexPort) {
    this.#port = port;
  }

  async fetchOrder(id: string, symbol: string): Promise<Order> {
    const market = await this.#port.loadMarket(symbol);
    return this.#fetchOrderById(id, kindOf(market), 'fetchOrder');
  }

  async fetchOpenOrders(symbol: string | undefined): Promise<Order[]> {
    if (symbol !== undefined) {
      const market = await this.#port.loadMarket(symbol);
      return this.#openOrders(kindOf(market), market);
    }
    await this.#port.loadMarkets();
    const [spot, contract] = await Promise.all([this.#openOrders('spot'), this.#openOrders('swap')]);
    return [...spot, ...contract].sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Finished orders of one market, oldest first; WEEX's spot history needs a symbol. */
  async fetchClosedOrders(symbol: string | undefined, since: number | undefined, limit: number | undefined): Promise<Order[]> {
    const market = await this.#historyMarket('fetchClosedOrders', symbol);
    let orders: Order[];
    if (market.spot) {
      this.#port.requireLiveSpot('fetchClosedOrders');
      const query = { symbol: market.id, startTime: since, limit: limit === undefined ? undefined : Math.min(limit, 1000) };
      orders = (await this.#port.call('spotAllOrders', { query, schema: spotOrdersSchema })).map((raw) =>
        parseSpotOrder(raw, market.symbol),
      );
    } else {
      const query = { symbol: this.#port.wireSymbol(market), startTime: since, limit };
      orders = (
        await this.#port.call(this.#port.contract('contractOrderHistory', 'fetchClosedOrders'), { query, schema: contractOrdersSchema })
      ).map((raw) => parseContractOrder(raw, market.symbol));
    }
    const closed = orders.filter((order) => order.status !== 'open').sort((a, b) => a.timestamp - b.timestamp);
    return limit === undefined ? closed : closed.slice(-limit);
  }

  /** The account's fills in one market, oldest first. */
  async fetchMyTrades(symbol: string | undefined, since: number | undefined, limit: number | undefined): Promise<Trade[]> {
    const market = await this.#historyMarket('fetchMyTrades', symbol);
    let trades: Trade[];
    if (market.spot) {
      this.#port.requireLiveSpot('fetchMyTrades');
      const query = { symbol: market.id, startTime: since, limit: limit === undefined ? undefined : Math.min(limit, 1000) };
      trades = (await this.#port.call('spotMyTrades', { query, schema: spotMyTradesSchema })).map((raw) =>
        parseSpotMyTrade(raw, market.symbol, market),
      );
    } else {
      const query = {
        symbol: this.#port.wireSymbol(market),
        startTime: since,
        limit: limit === undefined ? undefined : Math.min(limit, 100),
      };
      trades = (
        await this.#port.call(this.#port.contract('contractUserTrades', 'fetchMyTrades'), { query, schema: contractUserTradesSchema })
      ).map((raw) => parseContractUserTrade(raw, market.symbol));
    }
    return trades.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Neither detail endpoint needs the symbol: the reply names it. */
  async #fetchOrderById(id: string, kind: MarketKind, method: string): Promise<Order> {
    if (kind === 'spot') {
      this.#port.requireLiveSpot(method);
      const raw = await this.#port.call('spotOrder', { query: { orderId: id }, schema: spotOrderSchema });
      return parseSpotOrder(raw, this.#port.symbolOf(raw.symbol, 'spot'));
    }
    const raw = await this.#port.call(this.#port.contract('contractOrder', method), {
      query: { orderId: id },
      schema: contractOrderSchema,
    });
    return parseContractOrder(raw, this.#port.symbolOf(raw.symbol, 'swap'));
  }

  async #openOrders(kind: MarketKind, market?: Market): Promise<Order[]> {
    if (kind === 'spot') {
      this.#port.requireLiveSpot('fetchOpenOrders');
      const reply = await this.#port.call('spotOpenOrders', { query: { symbol: market?.id }, schema: spotOrdersSchema });
      return reply.map((raw) => parseSpotOrder(raw, this.#port.symbolOf(raw.symbol, 'spot')));
    }
    const query = { symbol: market && this.#port.wireSymbol(market) };
    const reply = await this.#port.call(this.#port.contract('contractOpenOrders', 'fetchOpenOrders'), {
      query,
      schema: contractOrdersSchema,
    });
    return reply.map((raw) => parseContractOrder(raw, this.#port.symbolOf(raw.symbol, 'swap')));
  }

  async #historyMarket(method: string, symbol: string | undefined): Promise<Market> {
    if (symbol === undefined) {
      throw this.#port.error('BadRequest', {
        message: `${method} needs a symbol on WEEX`,
        hint: `WEEX answers history per market: pass a symbol such as 'BTC/USDT' or 'BTC/USDT:USDT'.`,
      });
    }
    return this.#port.loadMarket(symbol);
  }
}

function kindOf(market: Market): MarketKind {
  return market.spot ? 'spot' : 'swap';
}
