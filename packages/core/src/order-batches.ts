/**
 * Orders in batches (createOrders): the lists of the exchange's batch size, the default placement
 * of a batch one order at a time, and the Order standing for an item that failed, so that every
 * result either is an order or carries `error`.
 */
import { type ExchangeError, isExchangeError } from './errors.js';
import type { PreparedOrder } from './order-checks.js';
import type { Order } from './types.js';

/** Splits `items` into lists of at most `size` (exchange batches). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) chunks.push(items.slice(i, i + Math.max(1, size)));
  return chunks;
}

/**
 * The default `placeBatch`: the orders one at a time through the single-order path (`place`); an
 * order that fails with an ExchangeError becomes its `failed` result and the rest still go out.
 */
export async function placeOneByOne(
  batch: readonly PreparedOrder[],
  place: (order: PreparedOrder) => Promise<Order>,
  failed: (order: PreparedOrder, error: ExchangeError) => Order,
): Promise<Order[]> {
  const results: Order[] = [];
  for (const order of batch) {
    try {
      results.push(await place(order));
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      results.push(failed(order, error));
    }
  }
  return results;
}

/**
 * The order an exchange just accepted, told from the request that was sent (acks carry ids and a
 * time at most): open, nothing filled. Adapters set what their exchange answers differently (a
 * client order id it echoes, a price it ignores on market orders).
 */
export function acceptedOrder(order: PreparedOrder, id: string, timestamp: number, info: unknown): Order {
  return echoedOrder(order, id, 'open', timestamp, info);
}

/** An Order standing for a batch item that failed: the request echoed, `error` set, `timestamp` now. */
export function failedOrder(order: PreparedOrder, error: ExchangeError, timestamp: number): Order {
  const failed = echoedOrder(order, '', 'rejected', timestamp, undefined);
  failed.error = error;
  return failed;
}

/** The request as an Order with nothing filled. */
function echoedOrder(order: PreparedOrder, id: string, status: 'open' | 'rejected', timestamp: number, info: unknown): Order {
  const amount = Number(order.amount);
  return {
    id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    type: order.type,
    side: order.side,
    status,
    price: order.price === undefined ? undefined : Number(order.price),
    amount,
    filled: 0,
    remaining: amount,
    timestamp,
    timeInForce: order.timeInForce,
    reduceOnly: order.reduceOnly,
    info,
  };
}
