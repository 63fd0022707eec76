/**
 * Cancelling OKX orders: one id through cancel-order, more through cancel-batch-orders, and
 * cancel-all as a read of the open orders followed by per-symbol batches (OKX has no cancel-all
 * for spot). Trigger orders are cancelled in trading.ts (protocols/okx-v5.md §3).
 */
import type { CancelOptions, Market, Order, OrderAck } from '@exchange-adapters/core';
import type { CancelItem, WriteTrace } from '@exchange-adapters/core/adapter';
import { OKX_ENDPOINTS, withCost } from './endpoints.js';
import { groupIndices } from './placement.js';
import type { OkxCancelPort } from './port.js';
import { orderAcksSchema } from './schemas.js';

export class OkxCancels {
  readonly #port: OkxCancelPort;

  constructor(port: OkxCancelPort) {
    this.#port = port;
  }

  /** One id: `cancel-order`; more: `cancel-batch-orders` (≤ 20), weighted per order. The acks carry ids only. */
  async sendCancel(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    const single = ids.length === 1;
    const endpoint = single ? OKX_ENDPOINTS.cancelOrder : withCost(OKX_ENDPOINTS.batchCancel, ids.length);
    const body = single ? { instId: market.id, ordId: ids[0] } : ids.map((ordId) => ({ instId: market.id, ordId }));
    const reply = await this.#port.pipeline.call(endpoint, {
      name: single ? 'cancelOrder' : 'batchCancel',
      body,
      schema: orderAcksSchema,
      symbol: market.id,
      trace,
    });
    return ids.map((id, index) => {
      const ack = reply.data.find((item) => item.ordId === id) ?? reply.data[index];
      if (!ack) {
        const error = this.#port.error('BadResponse', {
          message: `the cancel reply has no result for order ${id}`,
          hint: 'Check the order with fetchOrder.',
        });
        return { id, error, info: undefined };
      }
      if (ack.sCode !== '0') return { id, error: this.#port.itemError(ack, 'cancel', endpoint.path).error, info: ack };
      return { id, clientOrderId: ack.clOrdId || undefined, canceledAt: toTimestamp(ack.ts), info: ack };
    });
  }

  /**
   * Cancels every open order (of one symbol, or all): the open orders are read (OKX has no
   * cancel-all for spot), then cancelled 20 per request. Results keep what the read said that a
   * cancel cannot change (side, price, amount…); fill amounts come from fetchOrder or `fetchFinalState`.
   */
  async cancelAllOrders(symbol?: string, options: CancelOptions = {}): Promise<OrderAck[]> {
    this.#port.refuseTriggerBatch('cancelAllOrders', options);
    const open = await this.#port.fetchOpenOrders(symbol);
    const results: OrderAck[] = [];
    for (const indices of groupIndices(open, (order) => order.symbol)) {
      const orders = indices.map((index) => open[index] as Order);
      const market = this.#port.market((orders[0] as Order).symbol);
      const snapshot = new Map(orders.map((order) => [order.id, order]));
      results.push(
        ...(await this.#port.cancelIds(
          market,
          orders.map((order) => order.id),
          options,
          snapshot,
        )),
      );
    }
    return results;
  }
}

/** OKX millisecond timestamps come as strings; undefined when absent or not a number. */
function toTimestamp(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Number(value);
  return Number.isFinite(ms) ? ms : undefined;
}
