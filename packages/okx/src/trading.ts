/**
 * OKX orders beyond place and cancel: amendments (amend-order, reconciled through `reqId` and a read
 * of the order), trigger orders (order-algo `trigger`, reconciled through `algoClOrdId`), TP/SL
 * attached to orders (`attachAlgoOrds`), and the algo lists and cancels (protocols/okx-v5.md §3).
 */
import {
  baseToContracts,
  isExchangeError,
  type Market,
  type Order,
  type PreparedEdit,
  type PreparedLeg,
  type PreparedOrder,
  reviseError,
  type TriggerPriceType,
} from '@exchange-adapters/core';
import { OKX_ENDPOINTS } from './endpoints.js';
import { lotSizeOf, MARKET_TO_INST_TYPE, normalizeAlgoOrder, orderFromAlgoAck } from './normalize.js';
import type { OkxPort } from './port.js';
import {
  algoAcksSchema,
  algoOrdersSchema,
  amendAcksSchema,
  indexTickersSchema,
  markPricesSchema,
  type OkxAlgoOrder,
  tickersSchema,
} from './schemas.js';

const ALGO_PAGE = 100;
const MAX_ALGO_PAGES = 20;
/** orders-algo-pending takes one ordType per request, except conditional and oco together. */
const PENDING_ALGO_TYPES = ['trigger', 'conditional,oco'] as const;

/** `attachAlgoOrds` of an order or trigger order: `"-1"` executes a leg at market. */
export function attachedAlgoOrders(order: Pick<PreparedOrder, 'stopLoss' | 'takeProfit'>): Array<Record<string, string>> | undefined {
  if (!order.stopLoss && !order.takeProfit) return undefined;
  const leg = (prefix: 'tp' | 'sl', value: PreparedLeg | undefined): Record<string, string> =>
    value
      ? {
          [`${prefix}TriggerPx`]: value.triggerPrice,
          [`${prefix}OrdPx`]: value.price ?? '-1',
          [`${prefix}TriggerPxType`]: value.triggerPriceType,
        }
      : {};
  return [{ ...leg('tp', order.takeProfit), ...leg('sl', order.stopLoss) }];
}

export class OkxTradingOrders {
  readonly #port: OkxPort;

  constructor(port: OkxPort) {
    this.#port = port;
  }

  // ── amendments ─────────────────────────────────────────────────────────────────────────────

  /**
   * Amends in place. A lost reply is resolved by reading the order: if it already shows the new
   * values the amendment took effect; otherwise it is sent again with the same `reqId` (an
   * amendment to absolute values is harmless to repeat). Once OKX accepted it, a failed read of
   * the result returns what is known instead of an error.
   */
  async edit(edit: PreparedEdit): Promise<Order> {
    const { market } = edit;
    const body: Record<string, unknown> = { instId: market.id, ordId: edit.id, reqId: edit.requestId, cxlOnFail: false };
    if (edit.amount !== undefined) {
      body.newSz = market.contract ? baseToContracts(market, edit.amount, lotSizeOf(market), 'okx') : edit.amount;
    }
    if (edit.price !== undefined) body.newPx = edit.price;
    Object.assign(body, edit.params);
    try {
      return await this.#port.pipeline.placeOrder(
        edit.requestId,
        () => this.#sendAmend(edit, body),
        () => this.#amendedOrder(edit),
      );
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      // Order-placement words would misread: the order exists; what is (un)known is the amendment.
      if (error.orderState === 'not-placed') {
        throw reviseError(error, { orderState: undefined, hint: `${error.hint ?? ''} The order was not amended.`.trim() });
      }
      if (error.orderState === 'unknown') {
        throw reviseError(error, {
          message: `amendment outcome unknown: ${error.detail}`,
          hint: `OKX may or may not have amended order ${edit.id} (reqId ${edit.requestId}); fetchOrder shows it as it stands.`,
        });
      }
      throw error;
    }
  }

  async #sendAmend(edit: PreparedEdit, body: Record<string, unknown>): Promise<Order> {
    const reply = await this.#port.call('amendOrder', { body, schema: amendAcksSchema, symbol: edit.market.id });
    const ack = this.#port.first(reply.data, 'amendment');
    if (ack.sCode !== '0') throw this.#port.itemError(ack, 'create', OKX_ENDPOINTS.amendOrder.path).error;
    try {
      return await this.#port.fetchOrder(edit.id, edit.symbol);
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      return amendedWithoutDetails(edit, ack.clOrdId ?? '', this.#port.pipeline.now(), ack);
    }
  }

  /** After a lost reply: the order if it carries the new values, undefined if not (send again). */
  async #amendedOrder(edit: PreparedEdit): Promise<Order | undefined> {
    const order = await this.#port.fetchOrder(edit.id, edit.symbol);
    const priceApplied = edit.price === undefined || order.price === Number(edit.price);
    const amountApplied = edit.amount === undefined || order.amount === Number(edit.amount);
    return priceApplied && amountApplied ? order : undefined;
  }

  // ── trigger orders ─────────────────────────────────────────────────────────────────────────

  /** One attempt at placing a checked trigger order (order-algo, ordType `trigger`). */
  async submitTrigger(order: PreparedOrder, marginMode: string | undefined, posSide: string | undefined): Promise<Order> {
    const { market } = order;
    const body: Record<string, unknown> = {
      instId: market.id,
      tdMode: market.spot ? 'cash' : marginMode,
      side: order.side,
      ordType: 'trigger',
      sz: market.contract ? baseToContracts(market, order.amount, lotSizeOf(market), 'okx') : order.amount,
      triggerPx: order.triggerPrice,
      orderPx: order.type === 'limit' ? order.price : '-1',
      triggerPxType: order.triggerPriceType,
      algoClOrdId: order.clientOrderId,
    };
    if (posSide) body.posSide = posSide;
    else if (order.reduceOnly) body.reduceOnly = true;
    const legs = attachedAlgoOrders(order);
    if (legs) body.attachAlgoOrds = legs;
    Object.assign(body, order.params);
    const reply = await this.#port.call('placeAlgoOrder', { body, schema: algoAcksSchema, symbol: market.id });
    const ack = this.#port.first(reply.data, 'trigger order');
    if (ack.sCode !== '0') throw this.#port.itemError(ack, 'create', OKX_ENDPOINTS.placeAlgoOrder.path, order.clientOrderId).error;
    return orderFromAlgoAck(ack, order, this.#port.pipeline.now());
  }

  /** A trigger order by its algoClOrdId, after a lost reply; undefined when OKX has none. */
  async findTrigger(order: PreparedOrder): Promise<Order | undefined> {
    try {
      const reply = await this.#port.call('algoOrder', { query: { algoClOrdId: order.clientOrderId }, schema: algoOrdersSchema });
      const raw = reply.data[0];
      return raw ? normalizeAlgoOrder(raw, order.market) : undefined;
    } catch (error) {
      if (isExchangeError(error) && (error.exchangeCode === '51603' || error.kind === 'OrderNotFound')) return undefined;
      throw error;
    }
  }

  /** Waiting trigger orders and position TP/SL (attached legs whose entry filled), oldest first. */
  async fetchOpenTriggers(market: Market | undefined): Promise<Order[]> {
    const orders: Order[] = [];
    for (const ordType of PENDING_ALGO_TYPES) {
      const rows = await this.#pendingAlgos({
        ordType,
        instType: market && MARKET_TO_INST_TYPE[market.type],
        instId: market?.id,
        limit: ALGO_PAGE,
      });
      for (const raw of rows) {
        const rowMarket = market ?? this.#marketOf(raw);
        if (rowMarket) orders.push(normalizeAlgoOrder(raw, rowMarket));
      }
    }
    return orders.sort((a, b) => a.timestamp - b.timestamp);
  }

  async #pendingAlgos(query: Record<string, unknown>): Promise<OkxAlgoOrder[]> {
    const rows: OkxAlgoOrder[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_ALGO_PAGES; page++) {
      const reply = await this.#port.call('algoOrdersPending', { query: { ...query, after }, schema: algoOrdersSchema });
      rows.push(...reply.data);
      const last = reply.data.at(-1);
      if (reply.data.length < ALGO_PAGE || !last) break;
      after = last.algoId;
    }
    return rows;
  }

  #marketOf(raw: OkxAlgoOrder): Market | undefined {
    const type = raw.instType === 'SPOT' ? 'spot' : raw.instType === 'SWAP' ? 'swap' : raw.instType === 'FUTURES' ? 'future' : undefined;
    return this.#port.marketById(raw.instId, type);
  }

  /**
   * Cancels one trigger order with one request. OKX's ack names only the ids, so the order comes
   * back with what is known: its id, symbol and status (sizes unknown, zero).
   */
  async cancelTrigger(id: string, market: Market): Promise<Order> {
    const reply = await this.#port.call('cancelAlgoOrders', {
      body: [{ instId: market.id, algoId: id }],
      schema: algoAcksSchema,
      symbol: market.id,
    });
    const ack = this.#port.first(reply.data, 'trigger cancellation');
    if (ack.sCode !== '0') throw this.#port.itemError(ack, 'cancel', OKX_ENDPOINTS.cancelAlgoOrders.path).error;
    return {
      id: ack.algoId || id,
      clientOrderId: ack.algoClOrdId ?? '',
      symbol: market.symbol,
      type: 'market',
      side: 'buy',
      status: 'canceled',
      amount: 0,
      filled: 0,
      remaining: 0,
      timestamp: this.#port.pipeline.now(),
      info: ack,
    };
  }

  /** The price a trigger watches now: ticker last, mark-price, or the index of the pair. */
  async referencePrice(market: Market, type: TriggerPriceType): Promise<number> {
    if (type === 'last') {
      const reply = await this.#port.call('ticker', { query: { instId: market.id }, schema: tickersSchema });
      return Number(this.#port.first(reply.data, 'ticker').last);
    }
    if (type === 'mark') {
      const reply = await this.#port.call('markPrice', {
        query: { instType: MARKET_TO_INST_TYPE[market.type], instId: market.id },
        schema: markPricesSchema,
      });
      return Number(this.#port.first(reply.data, 'mark price').markPx);
    }
    const reply = await this.#port.call('indexTickers', { query: { instId: indexIdOf(market) }, schema: indexTickersSchema });
    return Number(this.#port.first(reply.data, 'index').idxPx);
  }
}

/** The index an instrument tracks: `BTC-USDT` for BTC-USDT, BTC-USDT-SWAP and BTC-USDT-250328. */
export function indexIdOf(market: Market): string {
  return `${market.base}-${market.quote}`;
}

/** An amendment OKX accepted whose result could not be read: what the request said, status open. */
function amendedWithoutDetails(edit: PreparedEdit, clientOrderId: string, timestamp: number, info: unknown): Order {
  const amount = edit.amount === undefined ? 0 : Number(edit.amount);
  return {
    id: edit.id,
    clientOrderId,
    symbol: edit.symbol,
    type: 'limit',
    side: 'buy',
    status: 'open',
    price: edit.price === undefined ? undefined : Number(edit.price),
    amount,
    filled: 0,
    remaining: amount,
    timestamp,
    info,
  };
}
