/**
 * Placing WEEX V3 spot and futures orders (one per request: V3 has no batch place) and finding one
 * after a lost reply by its client order id (protocols/weex.md §3.8). Conditional orders go to
 * algoOrder instead (derivatives.ts).
 */
import { isExchangeError, type Order } from '@exchange-adapters/core';
import { acceptedOrder, type PreparedOrder } from '@exchange-adapters/core/adapter';
import { parseContractOrder, parseSpotOrder, toNumber } from './normalize.js';
import type { WeexPort } from './port.js';
import { contractOrderSchema, contractPlacedSchema, spotOrderSchema, spotPlacedSchema } from './schemas.js';

/** Wire fields of an order the adapter writes (spot and futures); `params` may not set them. */
export const ORDER_WIRE_FIELDS = [
  'symbol',
  'side',
  'positionSide',
  'type',
  'quantity',
  'price',
  'timeInForce',
  'newClientOrderId',
  // Trigger and attached TP/SL fields (orders and algoOrder): set from triggerPrice, stopLoss, takeProfit.
  'triggerPrice',
  'clientAlgoId',
  'tpTriggerPrice',
  'slTriggerPrice',
  'presetTakeProfitPrice',
  'presetStopLossPrice',
];

export class WeexPlacement {
  readonly #port: WeexPort;

  constructor(port: WeexPort) {
    this.#port = port;
  }

  /** One attempt at placing a checked spot order. */
  async submitSpot(order: PreparedOrder): Promise<Order> {
    const body = {
      symbol: order.market.id,
      side: order.side.toUpperCase(),
      type: order.type.toUpperCase(),
      // Base units, market buys included (§3.8).
      quantity: order.amount,
      price: order.type === 'limit' ? order.price : undefined,
      timeInForce: order.type === 'limit' ? order.timeInForce : undefined,
      newClientOrderId: order.clientOrderId,
    };
    const reply = await this.#port.call('spotPlaceOrder', {
      body: withParams(body, order.params),
      schema: spotPlacedSchema,
      symbol: order.market.id,
    });
    return placedOrder(order, reply.orderId, reply.clientOrderId, toNumber(reply.transactTime) ?? this.#port.pipeline.now(), reply);
  }

  /** One attempt at placing a checked futures order, with its attached TP/SL. */
  async submitContract(order: PreparedOrder): Promise<Order> {
    const body = {
      symbol: this.#port.wireSymbol(order.market),
      side: order.side.toUpperCase(),
      // Always sent (§3.8): buy opens LONG, sell opens SHORT, and reduce-only closes the other side.
      positionSide: (order.side === 'buy') !== order.reduceOnly ? 'LONG' : 'SHORT',
      type: order.type.toUpperCase(),
      quantity: order.amount,
      price: order.type === 'limit' ? order.price : undefined,
      // Post-only is a time in force on the wire (POST_ONLY); spot never gets here with it (has.orderFeatures.spot).
      timeInForce: order.type === 'limit' ? (order.timeInForce === 'PO' ? 'POST_ONLY' : order.timeInForce) : undefined,
      newClientOrderId: order.clientOrderId,
      // Attached TP/SL: trigger prices only, executed at market (§3.8).
      tpTriggerPrice: order.takeProfit?.triggerPrice,
      slTriggerPrice: order.stopLoss?.triggerPrice,
    };
    // A reply with success: false at HTTP 200 is turned into a typed error by the classifier.
    const reply = await this.#port.call(this.#port.contract('contractPlaceOrder', 'createOrder'), {
      body: withParams(body, order.params),
      schema: contractPlacedSchema,
      symbol: order.market.id,
    });
    const placed = placedOrder(order, reply.orderId, reply.clientOrderId, this.#port.pipeline.now(), reply);
    // The reply has ids only; the attached legs echo the request.
    if (order.stopLoss) placed.stopLossPrice = Number(order.stopLoss.triggerPrice);
    if (order.takeProfit) placed.takeProfitPrice = Number(order.takeProfit.triggerPrice);
    return placed;
  }

  /** After a lost reply: the order with this client order id, or undefined when WEEX has none. */
  async findByClientOrderId(order: PreparedOrder): Promise<Order | undefined> {
    const query = { origClientOrderId: order.clientOrderId };
    try {
      if (order.market.spot) return parseSpotOrder(await this.#port.call('spotOrder', { query, schema: spotOrderSchema }), order.symbol);
      return parseContractOrder(
        await this.#port.call(this.#port.contract('contractOrder', 'createOrder'), { query, schema: contractOrderSchema }),
        order.symbol,
      );
    } catch (error) {
      if (isExchangeError(error, 'OrderNotFound')) return undefined;
      throw error;
    }
  }
}

/** The order a place-order reply accepted (ids, time), told from the request; the client id the reply echoes wins. */
export function placedOrder(
  order: PreparedOrder,
  orderId: string,
  repliedClientOrderId: string | null | undefined,
  timestamp: number,
  info: unknown,
): Order {
  const placed = acceptedOrder(order, orderId, timestamp, info);
  if (repliedClientOrderId) placed.clientOrderId = repliedClientOrderId;
  // A market order's price is not WEEX's: it fills at the book.
  if (order.type !== 'limit') placed.price = undefined;
  return placed;
}

/**
 * The wire body with the caller's params added last, as a spread would add them (checkParams has
 * refused any that would overwrite a field the adapter sets). Copied only when there are some:
 * spreading after literal fields takes V8's slow path on every order.
 */
function withParams<T extends Record<string, unknown>>(body: T, params: Readonly<Record<string, unknown>>): T {
  for (const key in params) {
    if (Object.hasOwn(params, key)) (body as Record<string, unknown>)[key] = params[key];
  }
  return body;
}
