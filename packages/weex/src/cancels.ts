/**
 * Cancelling WEEX V3 spot and futures orders: one id by the single cancel, more by the batch cancel
 * (≤ 50 ids, a DELETE with a signed JSON body), or every open order of a market (protocols/weex.md
 * §3.10). Each reply item becomes a CancelItem; BaseExchange settles them into acknowledgements.
 */
import type { ExchangeError, Market } from '@exchange-adapters/core';
import type { CancelItem, EndpointDef, ErrorSpec, WriteTrace } from '@exchange-adapters/core/adapter';
import { ENDPOINTS } from './endpoints.js';
import { itemErrorSpec, REJECTED_WITHOUT_REASON, spotCancelFailed, spotCancelFallback } from './errors.js';
import type { WeexPort } from './port.js';
import {
  contractBatchCancelSchema,
  contractCancelAllSchema,
  contractCancelItemSchema,
  spotBatchCancelSchema,
  spotCancelAllSchema,
  spotCancelItemSchema,
} from './schemas.js';

export class WeexCancels {
  readonly #port: WeexPort;

  constructor(port: WeexPort) {
    this.#port = port;
  }

  /**
   * One id: the single cancel (a spot `FAILED` item or a futures `success: false` is thrown by the
   * classifier); more: the batch cancel, a DELETE with a signed JSON body (§3.10).
   */
  async send(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    if (market.spot) this.#port.requireLiveSpot('cancelOrder');
    if (ids.length === 1) {
      const query = { orderId: ids[0] };
      if (market.spot) {
        const item = await this.#port.call('spotCancelOrder', { query, schema: spotCancelItemSchema, symbol: market.id, trace });
        return [this.#spotCancelItem(item, ids[0] as string, ENDPOINTS.spotCancelOrder)];
      }
      const endpoint = this.#port.contract('contractCancelOrder', 'cancelOrder');
      const item = await this.#port.call(endpoint, { query, schema: contractCancelItemSchema, symbol: market.id, trace });
      return [this.#contractCancelItem(item, ids[0] as string, ENDPOINTS.contractCancelOrder)];
    }
    if (market.spot) {
      const reply = await this.#port.call('spotBatchCancel', {
        body: { orderIds: ids },
        schema: spotBatchCancelSchema,
        symbol: market.id,
        trace,
      });
      return reply.orderList.map((item, index) => this.#spotCancelItem(item, ids[index] ?? '', ENDPOINTS.spotBatchCancel));
    }
    const reply = await this.#port.call('contractBatchCancel', {
      body: { orderIdList: ids },
      schema: contractBatchCancelSchema,
      symbol: market.id,
      trace,
    });
    const items = Array.isArray(reply) ? reply : reply.orderList;
    return items.map((item, index) => this.#contractCancelItem(item, ids[index] ?? '', ENDPOINTS.contractBatchCancel));
  }

  /** Every open order of one market, with one request. */
  async cancelAll(market: Market, trace: WriteTrace): Promise<CancelItem[]> {
    let items: CancelItem[];
    if (market.spot) {
      this.#port.requireLiveSpot('cancelAllOrders');
      const reply = await this.#port.call('spotCancelAll', {
        query: { symbol: market.id },
        schema: spotCancelAllSchema,
        symbol: market.id,
        trace,
      });
      items = reply.map((item) => this.#spotCancelItem(item, item.orderId ?? '', ENDPOINTS.spotCancelAll));
    } else {
      this.#port.requireLive('cancelAllOrders');
      const reply = await this.#port.call('contractCancelAll', {
        query: { symbol: market.id },
        schema: contractCancelAllSchema,
        symbol: market.id,
        trace,
      });
      items = reply.map((item) => this.#contractCancelItem(item, item.orderId ?? '', ENDPOINTS.contractCancelAll));
    }
    return items;
  }

  #spotCancelItem(
    item: { orderId?: string | null; origClientOrderId?: string | null; status?: string | null; errorMsg?: string | null },
    id: string,
    endpoint: EndpointDef,
  ): CancelItem {
    const error = spotCancelFailed(item)
      ? this.#itemError(itemErrorSpec(undefined, item.errorMsg, spotCancelFallback(item.status)), endpoint)
      : undefined;
    return { id: item.orderId ?? id, clientOrderId: item.origClientOrderId ?? undefined, error, info: item };
  }

  #contractCancelItem(
    item: {
      orderId?: string | null;
      origClientOrderId?: string | null;
      success: boolean;
      errorCode?: string | number | null;
      errorMessage?: string | null;
    },
    id: string,
    endpoint: EndpointDef,
  ): CancelItem {
    const error = item.success
      ? undefined
      : this.#itemError(itemErrorSpec(item.errorCode, item.errorMessage, REJECTED_WITHOUT_REASON), endpoint);
    return { id: item.orderId ?? id, clientOrderId: item.origClientOrderId ?? undefined, error, info: item };
  }

  #itemError(spec: ErrorSpec, endpoint: EndpointDef): ExchangeError {
    return this.#port.error(spec.kind, {
      message: spec.message,
      exchangeCode: spec.exchangeCode,
      exchangeMessage: spec.exchangeMessage,
      hint: spec.hint,
      request: { method: endpoint.method, path: endpoint.path },
    });
  }
}
