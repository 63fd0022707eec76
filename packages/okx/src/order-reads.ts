/**
 * Reading own orders and fills: one order by id, every open order, closed orders from the 7-day
 * history or the 3-month archive, and own fills, following OKX's `after` cursor page by page
 * (protocols/okx-v5.md §3).
 */
import type { Order, OrderScope, Trade } from '@exchange-adapters/core';
import { ownValue, type Schema } from '@exchange-adapters/core/adapter';
import type { OkxEndpointName } from './endpoints.js';
import { INST_TYPES, MARKET_TO_INST_TYPE, normalizeFill, normalizeOrder, WIRE_TO_MARKET_TYPE } from './normalize.js';
import type { OkxPort } from './port.js';
import { fillsSchema, type OkxOrder, ordersSchema } from './schemas.js';
import type { OkxTradingOrders } from './trading.js';

const PAGE_SIZE = 100;
const MAX_PAGES = 100;
const DAY_MS = 86_400_000;

export class OkxOrderReads {
  readonly #port: OkxPort;
  readonly #trading: OkxTradingOrders;

  constructor(port: OkxPort, trading: OkxTradingOrders) {
    this.#port = port;
    this.#trading = trading;
  }

  async fetchOrder(id: string, symbol: string): Promise<Order> {
    const market = await this.#port.loadMarket(symbol);
    const reply = await this.#port.call('order', { query: { instId: market.id, ordId: id }, schema: ordersSchema, symbol: market.id });
    const raw = reply.data[0];
    if (!raw)
      throw this.#port.error('OrderNotFound', {
        message: `order ${id} was not found on ${market.symbol}`,
        hint: 'Check the id and the symbol.',
      });
    return normalizeOrder(raw, market);
  }

  /** Every open order (all pages), oldest first; `{ trigger: true }` the waiting trigger and TP/SL orders. */
  async fetchOpenOrders(symbol?: string, scope: OrderScope = {}): Promise<Order[]> {
    await this.#port.loadMarkets();
    const market = symbol === undefined ? undefined : this.#port.market(symbol);
    if (scope.trigger) return this.#trading.fetchOpenTriggers(market);
    const query = { instType: market && MARKET_TO_INST_TYPE[market.type], instId: market?.id, limit: PAGE_SIZE };
    const rows = await this.#paginate('ordersPending', query, ordersSchema, (row) => row.ordId, Number.POSITIVE_INFINITY);
    return this.#ordersFromWire(rows);
  }

  /**
   * Filled and cancelled orders, the newest `limit` (default 100) since `since`, oldest first. The
   * last 7 days come from orders-history, older ones from the 3-month archive.
   */
  async fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]> {
    await this.#port.loadMarkets();
    const market = symbol === undefined ? undefined : this.#port.market(symbol);
    const wanted = limit === undefined ? PAGE_SIZE : this.#port.positiveInteger(limit, 'limit');
    const archive = since !== undefined && since < this.#port.pipeline.now() - 7 * DAY_MS;
    const instTypes = market ? [MARKET_TO_INST_TYPE[market.type]] : [...INST_TYPES];
    const rows: OkxOrder[] = [];
    for (const instType of instTypes) {
      const query = { instType, instId: market?.id, begin: since, limit: Math.min(PAGE_SIZE, wanted) };
      rows.push(
        ...(await this.#paginate(archive ? 'ordersHistoryArchive' : 'ordersHistory', query, ordersSchema, (row) => row.ordId, wanted)),
      );
    }
    return this.#ordersFromWire(rows).slice(-wanted);
  }

  /** Own fills, the newest `limit` (default 100) since `since`, oldest first (3 days, or 3 months via fills-history). */
  async fetchMyTrades(symbol?: string, since?: number, limit?: number): Promise<Trade[]> {
    await this.#port.loadMarkets();
    const market = symbol === undefined ? undefined : this.#port.market(symbol);
    const wanted = limit === undefined ? PAGE_SIZE : this.#port.positiveInteger(limit, 'limit');
    const archive = since !== undefined && since < this.#port.pipeline.now() - 3 * DAY_MS;
    // fills-history requires instType; recent fills can be read across all types at once.
    const instTypes: Array<string | undefined> = market ? [MARKET_TO_INST_TYPE[market.type]] : archive ? [...INST_TYPES] : [undefined];
    const trades: Trade[] = [];
    for (const instType of instTypes) {
      const query = { instType, instId: market?.id, begin: since, limit: Math.min(PAGE_SIZE, wanted) };
      const rows = await this.#paginate(archive ? 'fillsHistory' : 'fills', query, fillsSchema, (row) => row.billId, wanted);
      for (const raw of rows) {
        const fillMarket = market ?? this.#port.marketById(raw.instId, ownValue(WIRE_TO_MARKET_TYPE, raw.instType));
        if (fillMarket) trades.push(normalizeFill(raw, fillMarket));
      }
    }
    return trades.sort((a, b) => a.timestamp - b.timestamp).slice(-wanted);
  }

  #ordersFromWire(rows: readonly OkxOrder[]): Order[] {
    const orders: Order[] = [];
    for (const raw of rows) {
      // Options and unknown instruments are outside the unified markets and are left out.
      const market = this.#port.marketById(raw.instId, ownValue(WIRE_TO_MARKET_TYPE, raw.instType));
      if (market) orders.push(normalizeOrder(raw, market));
    }
    return orders.sort((a, b) => a.timestamp - b.timestamp);
  }

  /** Follows OKX's `after` cursor (newest → older) until `wanted` rows or a short page. */
  async #paginate<R>(
    name: OkxEndpointName,
    query: Record<string, unknown>,
    schema: Schema<{ data: R[] }>,
    cursorOf: (row: R) => string,
    wanted: number,
  ): Promise<R[]> {
    const rows: R[] = [];
    const pageSize = Number(query.limit ?? PAGE_SIZE);
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const reply = await this.#port.call(name, {
        query: { ...query, after },
        schema,
        symbol: typeof query.instId === 'string' ? query.instId : undefined,
      });
      rows.push(...reply.data);
      const last = reply.data.at(-1);
      if (reply.data.length < pageSize || rows.length >= wanted || last === undefined) break;
      after = cursorOf(last);
    }
    return rows.slice(0, wanted);
  }
}
