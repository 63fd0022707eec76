/**
 * Placing OKX orders: the wire body of an order (contracts for linear markets, posSide in hedge
 * mode), one order or a per-instrument batch per request, and the look-up that resolves a lost
 * reply before anything is sent again (protocols/okx-v5.md §3).
 */
import { isExchangeError, type MarginMode, type Order } from '@exchange-adapters/core';
import { baseToContracts, type PreparedOrder, reviseError } from '@exchange-adapters/core/adapter';
import { OKX_ENDPOINTS, withCost } from './endpoints.js';
import { lotSizeOf, normalizeOrder, orderFromAck } from './normalize.js';
import type { OkxPlacementPort } from './port.js';
import { orderAcksSchema, ordersSchema } from './schemas.js';
import { attachedAlgoOrders, type OkxTradingOrders } from './trading.js';

/** Wire fields of an order that the adapter writes; `params` may not set them. `marginMode` in params picks tdMode. */
export const ORDER_WIRE_FIELDS = [
  'instId',
  'tdMode',
  'clOrdId',
  'side',
  'ordType',
  'px',
  'sz',
  'tgtCcy',
  'posSide',
  'reduceOnly',
  // Trigger orders and attached TP/SL: set from triggerPrice, stopLoss, takeProfit.
  'triggerPx',
  'orderPx',
  'triggerPxType',
  'algoClOrdId',
  'attachAlgoOrds',
];

/** Hedge-mode position side: opening buys and closing sells act on the long side. */
function positionSideFor(side: 'buy' | 'sell', reduceOnly: boolean): 'long' | 'short' {
  if (reduceOnly) return side === 'sell' ? 'long' : 'short';
  return side === 'buy' ? 'long' : 'short';
}

function wireOrderType(order: PreparedOrder): string {
  if (order.type === 'market') return 'market';
  switch (order.timeInForce) {
    case 'PO':
      return 'post_only';
    case 'IOC':
      return 'ioc';
    case 'FOK':
      return 'fok';
    default:
      return 'limit';
  }
}

export class OkxPlacement {
  readonly #port: OkxPlacementPort;
  readonly #trading: OkxTradingOrders;

  constructor(port: OkxPlacementPort, trading: OkxTradingOrders) {
    this.#port = port;
    this.#trading = trading;
  }

  /** One attempt at placing a checked order: place-order, or order-algo for a trigger order. */
  async submit(order: PreparedOrder): Promise<Order> {
    if (order.triggerPrice !== undefined) {
      const { marginMode } = order.params;
      const tdMode = order.market.spot ? undefined : this.#port.checkMarginMode(marginMode ?? this.#port.marginModeOf(order.market));
      const posSide =
        order.market.contract && (await this.#port.positionMode()) === 'long_short_mode'
          ? positionSideFor(order.side, order.reduceOnly)
          : undefined;
      const { marginMode: _omitted, ...params } = order.params;
      return this.#trading.submitTrigger({ ...order, params }, tdMode, posSide);
    }
    const body = await this.#orderBody(order);
    const reply = await this.#port.call('placeOrder', { body, schema: orderAcksSchema, symbol: order.market.id });
    const ack = this.#port.first(reply.data, 'order placement');
    if (ack.sCode !== '0') throw this.#port.itemError(ack, 'create', OKX_ENDPOINTS.placeOrder.path, order.clientOrderId).error;
    return orderFromAck(ack, order, this.#port.pipeline.now());
  }

  /** An order by its client order id, after a lost reply; undefined when OKX has none (safe to resend). */
  async find(order: PreparedOrder): Promise<Order | undefined> {
    if (order.triggerPrice !== undefined) return this.#trading.findTrigger(order);
    try {
      const reply = await this.#port.call('order', {
        query: { instId: order.market.id, clOrdId: order.clientOrderId },
        schema: ordersSchema,
        symbol: order.market.id,
      });
      const raw = reply.data[0];
      return raw ? normalizeOrder(raw, order.market) : undefined;
    } catch (error) {
      if (isExchangeError(error) && error.exchangeCode === '51603') return undefined;
      throw error;
    }
  }

  /**
   * One chunk of createOrders (≤ 20). Orders are grouped per instrument, as OKX counts batch limits
   * per instrument; a group of one goes through the single-order endpoint.
   */
  async placeBatch(batch: PreparedOrder[]): Promise<Order[]> {
    const results: Order[] = new Array(batch.length);
    for (const indices of groupIndices(batch, (order) => order.market.id)) {
      const orders = indices.map((index) => batch[index] as PreparedOrder);
      // Trigger orders have their own endpoint (order-algo), one order per request.
      const placed =
        orders.length === 1 || orders.some((order) => order.triggerPrice !== undefined)
          ? await Promise.all(orders.map((order) => this.#placeOne(order)))
          : await this.#placeGroup(orders);
      indices.forEach((index, position) => {
        results[index] = placed[position] as Order;
      });
    }
    return results;
  }

  /** The wire body of one order: sizes in contracts for linear markets, posSide in hedge mode. */
  async #orderBody(order: PreparedOrder): Promise<Record<string, unknown>> {
    const { market } = order;
    const { marginMode, ...params } = order.params;
    const body: Record<string, unknown> = {
      instId: market.id,
      tdMode: market.spot
        ? 'cash'
        : this.#port.checkMarginMode(marginMode === undefined ? this.#port.marginModeOf(market) : (marginMode as MarginMode)),
      clOrdId: order.clientOrderId,
      side: order.side,
      ordType: wireOrderType(order),
    };
    if (order.type === 'limit') body.px = order.price;
    body.sz = market.contract ? baseToContracts(market, order.amount, lotSizeOf(market), 'okx') : order.amount;
    // OKX sizes a spot market buy in the quote currency unless told otherwise; unified amounts are base.
    if (market.spot && order.type === 'market' && order.side === 'buy') body.tgtCcy = 'base_ccy';
    if (market.contract) {
      if ((await this.#port.positionMode()) === 'long_short_mode') body.posSide = positionSideFor(order.side, order.reduceOnly);
      else if (order.reduceOnly) body.reduceOnly = true;
    }
    const legs = attachedAlgoOrders(order);
    if (legs) body.attachAlgoOrds = legs;
    return Object.assign(body, params);
  }

  async #placeOne(order: PreparedOrder): Promise<Order> {
    try {
      return await this.#port.pipeline.placeOrder(
        order.clientOrderId,
        () => this.#port.submitOrder(order),
        () => this.#port.findOrderByClientOrderId(order),
      );
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      return this.#port.failedOrder(order, error);
    }
  }

  /** A multi-order batch for one instrument, with the same look-up-before-resend path as single orders. */
  async #placeGroup(orders: PreparedOrder[]): Promise<Order[]> {
    const ids = orders.map((order) => order.clientOrderId).join(',');
    try {
      return await this.#port.pipeline.placeOrder(
        ids,
        () => this.#sendBatch(orders),
        () => this.#findBatch(orders),
      );
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      return orders.map((order) => this.#port.failedOrder(order, reviseError(error, { clientOrderId: order.clientOrderId })));
    }
  }

  async #sendBatch(orders: PreparedOrder[]): Promise<Order[]> {
    const bodies: Array<Record<string, unknown>> = [];
    for (const order of orders) bodies.push(await this.#orderBody(order));
    const instId = (orders[0] as PreparedOrder).market.id;
    const endpoint = withCost(OKX_ENDPOINTS.batchOrders, orders.length);
    const reply = await this.#port.pipeline.call(endpoint, { name: 'batchOrders', body: bodies, schema: orderAcksSchema, symbol: instId });
    return Promise.all(
      orders.map(async (order, index) => {
        const ack = reply.data.find((item) => item.clOrdId === order.clientOrderId) ?? reply.data[index];
        if (!ack) {
          return this.#port.failedOrder(
            order,
            this.#port.error('BadResponse', {
              message: 'the batch reply has no result for this order',
              orderState: 'unknown',
              clientOrderId: order.clientOrderId,
              hint: 'Look the order up by its client order id before placing it again.',
            }),
          );
        }
        if (ack.sCode === '0') return orderFromAck(ack, order, this.#port.pipeline.now());
        const { error, outcomeUnknown } = this.#port.itemError(ack, 'create', endpoint.path, order.clientOrderId);
        if (!outcomeUnknown) return this.#port.failedOrder(order, error);
        // 50004/51149 on one item: the order may exist; only a look-up can tell.
        try {
          const found = await this.#port.findOrderByClientOrderId(order);
          return (
            found ??
            this.#port.failedOrder(
              order,
              reviseError(error, {
                orderState: 'not-placed',
                hint: 'The order was not found afterwards, so it was not placed; it is safe to try again.',
              }),
            )
          );
        } catch {
          return this.#port.failedOrder(order, error);
        }
      }),
    );
  }

  /** After a lost batch reply: each order by its client id; undefined when none exists (safe to resend). */
  async #findBatch(orders: PreparedOrder[]): Promise<Order[] | undefined> {
    const found = await Promise.all(orders.map((order) => this.#port.findOrderByClientOrderId(order)));
    if (found.every((order) => order === undefined)) return undefined;
    return orders.map(
      (order, index) =>
        found[index] ??
        this.#port.failedOrder(
          order,
          this.#port.error('NetworkError', {
            message: 'the batch reply was lost and this order was not found afterwards',
            orderState: 'not-placed',
            clientOrderId: order.clientOrderId,
            retryable: true,
            hint: 'It was not placed; it is safe to place it again.',
          }),
        ),
    );
  }
}

/** Indices of `items` grouped by key, groups in order of first appearance. */
export function groupIndices<T>(items: readonly T[], keyOf: (item: T) => string): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  return [...groups.values()];
}
