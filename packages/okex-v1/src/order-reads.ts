/**
 * Reading OKEx v1 orders: by id (`order_info.do`, 50 per `orders_info.do` /
 * `future_orders_info.do`), open (`order_info.do` with order_id −1), finished (`order_history.do`,
 * futures' filled orders) and the recent ones a lost create reply is looked for among. v1 has no
 * client ids: the ones this instance handed out are added to the orders it placed.
 */
import type { Market, Order, OrderType } from '@exchange-adapters/core';
import { chunk } from '@exchange-adapters/core/adapter';
import { MAX_ORDERS_INFO_IDS } from './endpoints.js';
import type { Candidate } from './lost-orders.js';
import { normalizeFuturesOrder, normalizeSpotOrder, type SpotStatusSource, toNumber } from './normalize.js';
import type { OkexV1Port } from './port.js';
import { type FuturesOrderWire, futuresOrdersSchema, orderHistorySchema, type SpotOrderWire, spotOrdersSchema } from './schemas.js';

const HISTORY_PAGE = 200;
const FUTURES_PAGE = 50;
const MAX_PAGES = 10;

export class OkexV1OrderReads {
  readonly #port: OkexV1Port;

  constructor(port: OkexV1Port) {
    this.#port = port;
  }

  #spotOrder(wire: SpotOrderWire, source: SpotStatusSource, market: Market): Order {
    const id = String(wire.order_id);
    const symbol = (wire.symbol && this.#port.marketById(wire.symbol, 'spot')?.symbol) || market.symbol;
    return normalizeSpotOrder(wire, source, { symbol, clientOrderId: this.#port.placedOrder(id)?.clientOrderId });
  }

  #futuresOrder(wire: FuturesOrderWire, market: Market): Order {
    const known = this.#port.placedOrder(String(wire.order_id));
    return normalizeFuturesOrder(wire, {
      symbol: market.symbol,
      clientOrderId: known?.clientOrderId,
      type: known?.type as OrderType | undefined,
    });
  }

  orderId(id: string): string {
    const text = String(id);
    if (!/^\d+$/.test(text)) {
      throw this.#port.error('BadRequest', {
        message: `order id must be the exchange's numeric id, got ${JSON.stringify(id)}`,
        hint: 'Pass Order.id as returned by createOrder or fetchOpenOrders.',
      });
    }
    return text;
  }

  requireSymbol(method: string, symbol: string | undefined): string {
    if (symbol === undefined) {
      throw this.#port.error('BadRequest', {
        message: `${method} needs a symbol on OKEx v1`,
        hint: 'v1 lists orders per pair or contract: pass the symbol.',
      });
    }
    return symbol;
  }

  async fetchOrder(id: string, symbol: string): Promise<Order> {
    const market = await this.#port.loadMarket(symbol);
    const orderId = this.orderId(id);
    const order = market.spot ? await this.#fetchSpotOrder(market, orderId) : await this.#fetchFuturesOrder(market, orderId);
    if (!order) {
      throw this.#port.error('OrderNotFound', {
        message: `order ${orderId} is not known on ${market.symbol}`,
        hint: 'order_info only knows recent orders of this account on this symbol; check the id and symbol.',
      });
    }
    return order;
  }

  async #fetchSpotOrder(market: Market, orderId: string): Promise<Order | undefined> {
    const wire = await this.#port.call('order_info', { body: { symbol: market.id, order_id: orderId }, schema: spotOrdersSchema });
    const raw = wire.orders.find((order) => String(order.order_id) === orderId);
    return raw && this.#spotOrder(raw, 'order_info', market);
  }

  async #fetchFuturesOrder(market: Market, orderId: string): Promise<Order | undefined> {
    const wire = await this.#port.call('future_order_info', {
      body: { ...this.#port.contractQuery(market), order_id: orderId },
      schema: futuresOrdersSchema,
    });
    const raw = wire.orders.find((order) => String(order.order_id) === orderId);
    return raw && this.#futuresOrder(raw, market);
  }

  /** Orders by id, up to 50 per call (`orders_info.do` / `future_orders_info.do`), in the order given; unknown ids are left out. */
  async fetchOrdersByIds(ids: string[], symbol: string): Promise<Order[]> {
    const market = await this.#port.loadMarket(symbol);
    const orderIds = ids.map((id) => this.orderId(id));
    const found = await this.#ordersByIds(market, orderIds);
    return orderIds.flatMap((id) => found.get(id) ?? []);
  }

  async #ordersByIds(market: Market, ids: readonly string[]): Promise<Map<string, Order>> {
    const found = new Map<string, Order>();
    const unique = [...new Set(ids)];
    if (market.spot) {
      // type 0 = unfilled (cancelled ones included), 1 = filled; ask for the filled only when needed.
      for (const type of [0, 1]) {
        const missing = unique.filter((id) => !found.has(id));
        for (const part of chunk(missing, MAX_ORDERS_INFO_IDS)) {
          if (part.length === 0) continue;
          const wire = await this.#port.call('orders_info', {
            body: { symbol: market.id, type, order_id: part.join(',') },
            schema: spotOrdersSchema,
          });
          for (const raw of wire.orders)
            if (part.includes(String(raw.order_id))) found.set(String(raw.order_id), this.#spotOrder(raw, 'orders_info', market));
        }
      }
      return found;
    }
    for (const part of chunk(unique, MAX_ORDERS_INFO_IDS)) {
      if (part.length === 0) continue;
      const wire = await this.#port.call('future_orders_info', {
        body: { ...this.#port.contractQuery(market), order_id: part.join(',') },
        schema: futuresOrdersSchema,
      });
      for (const raw of wire.orders)
        if (part.includes(String(raw.order_id))) found.set(String(raw.order_id), this.#futuresOrder(raw, market));
    }
    return found;
  }

  /** Open orders of one symbol (`order_info.do` with order_id −1; futures paged by 50). */
  async fetchOpenOrders(symbol: string | undefined): Promise<Order[]> {
    const market = await this.#port.loadMarket(this.requireSymbol('fetchOpenOrders', symbol));
    if (market.spot) {
      const wire = await this.#port.call('order_info', { body: { symbol: market.id, order_id: -1 }, schema: spotOrdersSchema });
      return wire.orders.map((raw) => this.#spotOrder(raw, 'order_info', market)).filter((order) => order.status === 'open');
    }
    return (await this.#futuresOrdersByStatus(market, 1)).filter((order) => order.status === 'open');
  }

  /**
   * Finished orders of one symbol, oldest first. Spot reads `order_history.do` (the last 2 days
   * only), futures the filled orders of `future_order_info.do`. With `since`, the first `limit`
   * after it; without, the latest `limit`.
   */
  async fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]> {
    const market = await this.#port.loadMarket(this.requireSymbol('fetchClosedOrders', symbol));
    let orders = market.spot ? await this.#spotHistory(market) : await this.#futuresOrdersByStatus(market, 2);
    orders = orders.filter((order) => order.status !== 'open').sort((a, b) => a.timestamp - b.timestamp);
    if (since !== undefined) orders = orders.filter((order) => order.timestamp >= since);
    if (limit === undefined) return orders;
    return since === undefined ? orders.slice(-limit) : orders.slice(0, limit);
  }

  async #spotHistory(market: Market): Promise<Order[]> {
    const orders: Order[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const wire = await this.#port.call('order_history', {
        body: { symbol: market.id, status: 1, current_page: page, page_length: HISTORY_PAGE },
        schema: orderHistorySchema,
      });
      orders.push(...wire.orders.map((raw) => this.#spotOrder(raw, 'order_history', market)));
      const total = toNumber(wire.total);
      if (wire.orders.length < HISTORY_PAGE || (total !== undefined && orders.length >= total)) break;
    }
    return orders;
  }

  /** `future_order_info.do` with order_id −1: status 1 = unfilled, 2 = filled (spot uses 0/1). */
  async #futuresOrdersByStatus(market: Market, status: 1 | 2): Promise<Order[]> {
    const orders: Order[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const wire = await this.#port.call('future_order_info', {
        body: { ...this.#port.contractQuery(market), order_id: -1, status, current_page: page, page_length: FUTURES_PAGE },
        schema: futuresOrdersSchema,
      });
      orders.push(...wire.orders.map((raw) => this.#futuresOrder(raw, market)));
      if (wire.orders.length < FUTURES_PAGE) break;
    }
    return orders;
  }

  /**
   * Orders by id for reads after a cancel: one id through `order_info.do` (any state, one call),
   * more 50 per `orders_info.do` / `future_orders_info.do` call.
   */
  async readOrders(market: Market, ids: readonly string[]): Promise<Map<string, Order>> {
    if (ids.length !== 1) return this.#ordersByIds(market, ids);
    const id = ids[0] as string;
    const order = market.spot ? await this.#fetchSpotOrder(market, id) : await this.#fetchFuturesOrder(market, id);
    return new Map(order ? [[id, order]] : []);
  }

  /** The symbol's open and recent orders, each normalized and as on the wire: where an order whose create reply was lost is looked for. */
  recentOrders(market: Market): Promise<Candidate[]> {
    return market.spot ? this.#recentSpotOrders(market) : this.#recentFuturesOrders(market);
  }

  async #recentSpotOrders(market: Market): Promise<Candidate[]> {
    const open = await this.#port.call('order_info', { body: { symbol: market.id, order_id: -1 }, schema: spotOrdersSchema });
    const history = await this.#port.call('order_history', {
      body: { symbol: market.id, status: 1, current_page: 1, page_length: HISTORY_PAGE },
      schema: orderHistorySchema,
    });
    return [
      ...open.orders.map((wire) => ({ wire, order: this.#spotOrder(wire, 'order_info', market) })),
      ...history.orders.map((wire) => ({ wire, order: this.#spotOrder(wire, 'order_history', market) })),
    ];
  }

  async #recentFuturesOrders(market: Market): Promise<Candidate[]> {
    const candidates: Candidate[] = [];
    for (const status of [1, 2]) {
      const wire = await this.#port.call('future_order_info', {
        body: { ...this.#port.contractQuery(market), order_id: -1, status, current_page: 1, page_length: FUTURES_PAGE },
        schema: futuresOrdersSchema,
      });
      candidates.push(...wire.orders.map((order) => ({ wire: order, order: this.#futuresOrder(order, market) })));
    }
    return candidates;
  }
}
