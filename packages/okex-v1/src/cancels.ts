/**
 * Cancelling OKEx v1 orders: `cancel_order.do` / `future_cancel.do`, up to 3 ids a call, and the
 * typed error of each id the reply refuses or leaves out.
 */
import type { ExchangeError, Market } from '@exchange-adapters/core';
import type { CancelItem, WriteTrace } from '@exchange-adapters/core/adapter';
import { ENDPOINTS } from './endpoints.js';
import { errorSpecForCode } from './errors.js';
import { parseCancelReply } from './normalize.js';
import type { OkexV1Port } from './port.js';
import { cancelSchema } from './schemas.js';

export class OkexV1Cancels {
  readonly #port: OkexV1Port;

  constructor(port: OkexV1Port) {
    this.#port = port;
  }

  #cancelEndpoint(market: Market): 'cancel_order' | 'future_cancel' {
    return market.spot ? 'cancel_order' : 'future_cancel';
  }

  #cancelBody(market: Market, ids: readonly string[]): Record<string, string> {
    const base = market.spot ? { symbol: market.id } : this.#port.contractQuery(market);
    return { ...base, order_id: ids.join(',') };
  }

  /**
   * One `cancel_order.do` / `future_cancel.do` call for up to 3 ids. `result: true` only means the
   * cancel was accepted ("cancel in process"); it is reported as canceled. v1's client ids live in
   * this instance only, so they are added for orders it placed.
   */
  async sendCancel(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    const reply = await this.#port.call(this.#cancelEndpoint(market), { body: this.#cancelBody(market, ids), schema: cancelSchema, trace });
    const outcome = parseCancelReply(reply, ids);
    return ids.map((id) =>
      outcome.canceled.has(id)
        ? { id, clientOrderId: this.#port.placedOrder(id)?.clientOrderId, info: reply }
        : { id, error: this.#cancelError(market, id, outcome.failed.get(id), outcome.failed.has(id)), info: reply },
    );
  }

  #cancelError(market: Market, orderId: string, code: string | undefined, listed: boolean): ExchangeError {
    const request = { method: 'POST', path: ENDPOINTS[this.#cancelEndpoint(market)].path };
    if (code !== undefined) {
      const spec = errorSpecForCode(code);
      return this.#port.error(spec.kind, {
        message: `cancel of order ${orderId}: ${spec.message}`,
        exchangeCode: spec.exchangeCode,
        hint: spec.hint,
        request,
      });
    }
    return this.#port.error(listed ? 'InvalidOrder' : 'ExchangeError', {
      message: listed
        ? `OKEx refused to cancel order ${orderId} (already filled, cancelled or unknown)`
        : `the cancel reply does not mention order ${orderId}`,
      hint: 'fetchOrder shows the order’s state.',
      request,
    });
  }
}
