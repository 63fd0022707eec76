/**
 * Placing OKEx v1 orders and resolving lost create replies. v1 has no client order ids: the ids
 * handed to callers are kept here, with what each order was sent as, so that an order whose reply
 * was lost can be recognized among the account's recent orders (lost-orders.ts) and claimed only
 * when exactly one matches.
 */
import { type ExchangeError, isExchangeError, type Market, type Numeric, type Order } from '@exchange-adapters/core';
import {
  acceptedOrder,
  type Decimal,
  describeValue,
  formatDecimal,
  monotonicNow,
  type PreparedOrder,
  reviseError,
  roundToStep,
  toDecimal,
} from '@exchange-adapters/core/adapter';
import { ENDPOINTS } from './endpoints.js';
import { errorSpecForCode } from './errors.js';
import { type Candidate, earliestCreateTime, matchSentOrder } from './lost-orders.js';
import { futuresOrderType, ordersDataLiteral, secondsToMs, toNumber } from './normalize.js';
import type { OkexV1Port } from './port.js';
import { batchTradeSchema, futureTickerSchema, orderIdSchema, tickerSchema } from './schemas.js';

/** v1 futures leverage: 10 or 20 (protocols/okex-v1.md §3.4). */
const LEVER_RATES = ['10', '20'];

/** A lost order's create time may read a little before our send (server clock resolution and jitter). */
const LOOKUP_SLACK_MS = 5_000;
/** Orders this instance placed, remembered for client ids and for lost-reply lookups. */
const REMEMBERED_ORDERS = 10_000;

/** The server's clock as read from a ticker, and when that was (monotonic). */
interface ServerClockReading {
  timeMs: number;
  readAtMonotonicMs: number;
}

interface SentOrder {
  /** Monotonic clock when the order was first sent. */
  sentAtMonotonicMs: number;
  /** The wire fields it was sent with, to recognize it among the account's orders. */
  form: Record<string, string>;
}

export class OkexV1Placement {
  readonly #port: OkexV1Port;
  readonly #sent = new WeakMap<PreparedOrder, SentOrder>();
  /** The latest server time read from a ticker, for lost-order lookups when no ticker can be read. */
  #lastServerTime: ServerClockReading | undefined;
  /** Orders handed to a caller by createOrder(s), by id; bounded, oldest dropped first. */
  readonly #placed = new Map<string, Order>();

  constructor(port: OkexV1Port) {
    this.#port = port;
  }

  /** An order this instance handed to a caller, by id. */
  placedOrder(id: string): Order | undefined {
    return this.#placed.get(id);
  }

  /** v1's checks of an order core prepared: its own params, time in force, a market buy's cost, a contract's delivery. */
  async checkPrepared(prepared: PreparedOrder): Promise<PreparedOrder> {
    this.#checkAdapterParams(prepared);
    const expected = prepared.type === 'market' ? 'IOC' : 'GTC';
    if (prepared.timeInForce !== expected) {
      throw this.#port.error('InvalidOrder', {
        message: `OKEx v1 has no time in force: ${prepared.type} orders are ${expected}, ${prepared.timeInForce} was asked for`,
        orderState: 'not-placed',
        hint: 'Omit timeInForce.',
      });
    }
    if (prepared.market.spot && prepared.type === 'market' && prepared.side === 'buy') this.#marketBuyCost(prepared);
    if (!prepared.market.spot && prepared.market.expiry !== undefined && this.#port.pipeline.now() >= prepared.market.expiry) {
      // On delivery day contract_type may already name the next contract: make sure it does not.
      await this.#port.futuresTicker(prepared.market);
    }
    return prepared;
  }

  /** `cost` belongs to spot market buys and `leverage`/`lever_rate` to futures: elsewhere they would be dropped. */
  #checkAdapterParams(order: PreparedOrder): void {
    const { cost, leverage, lever_rate: leverRate } = order.params;
    const marketBuy = order.market.spot && order.type === 'market' && order.side === 'buy';
    if (cost !== undefined && !marketBuy) {
      throw this.#port.error('BadRequest', {
        message: 'params.cost applies to spot market buys only',
        orderState: 'not-placed',
        hint: 'Size other orders with amount.',
      });
    }
    for (const [name, value] of [
      ['leverage', leverage],
      ['lever_rate', leverRate],
    ] as const) {
      if (value === undefined) continue;
      if (order.market.spot) {
        throw this.#port.error('BadRequest', {
          message: `params.${name} applies to futures only`,
          orderState: 'not-placed',
          hint: `Remove params.${name}.`,
        });
      }
      if (!LEVER_RATES.includes(String(value)) || (typeof value !== 'number' && typeof value !== 'string')) {
        throw this.#port.error('BadRequest', {
          message: `params.${name} must be 10 or 20, got ${describeValue(value)}`,
          orderState: 'not-placed',
          hint: 'OKEx v1 futures take lever_rate 10 or 20.',
        });
      }
    }
  }

  /** Quote to spend on a market buy: `params.cost`, or price × amount, down to the price tick. */
  #marketBuyCost(order: PreparedOrder): string {
    const given = order.params.cost;
    let cost: Decimal;
    if (given !== undefined && given !== null) cost = toDecimal(given as Numeric, 'params.cost', 'okex-v1');
    else if (order.price !== undefined) cost = toDecimal(order.price, 'price', 'okex-v1').times(order.amount);
    else {
      throw this.#port.error('InvalidOrder', {
        message: 'a market buy on OKEx v1 spends quote currency and needs a price or params.cost',
        orderState: 'not-placed',
        hint: `Pass price (the expected fill price; price × amount ${order.market.quote} is spent) or params.cost (the ${order.market.quote} amount to spend).`,
      });
    }
    const rounded = roundToStep(cost, order.market.precision.price, 'down');
    if (rounded.lte(0)) {
      throw this.#port.error('InvalidOrder', {
        message: `market buy cost must be positive, got ${formatDecimal(cost)}`,
        orderState: 'not-placed',
        hint: 'Pass a positive params.cost or price.',
      });
    }
    return formatDecimal(rounded);
  }

  /** Caller's extra wire fields; the adapter's own fields win. */
  #extraParams(order: PreparedOrder, consumed: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(order.params).filter(([name]) => !consumed.includes(name)));
  }

  #spotOrderForm(order: PreparedOrder): Record<string, string> {
    const symbol = order.market.id;
    if (order.type === 'limit') return { symbol, type: order.side, price: order.price ?? '', amount: order.amount };
    if (order.side === 'sell') return { symbol, type: 'sell_market', amount: order.amount };
    return { symbol, type: 'buy_market', price: this.#marketBuyCost(order) };
  }

  async #futuresOrderForm(order: PreparedOrder): Promise<Record<string, string>> {
    const leverage = order.params.leverage ?? order.params.lever_rate;
    // match_price=1 ignores price, but v1 still requires one: the last price stands in.
    const price = order.price ?? formatDecimal(toDecimal((await this.#port.futuresTicker(order.market)).ticker.last, 'last', 'okex-v1'));
    const form: Record<string, string> = {
      ...this.#port.contractQuery(order.market),
      price,
      amount: order.amount,
      type: String(futuresOrderType(order.side, order.reduceOnly)),
      match_price: order.type === 'market' ? '1' : '0',
    };
    if (leverage !== undefined && leverage !== null) form.lever_rate = String(leverage);
    return form;
  }

  async submitOrder(order: PreparedOrder): Promise<Order> {
    const form = order.market.spot ? this.#spotOrderForm(order) : await this.#futuresOrderForm(order);
    if (!this.#sent.has(order)) this.#sent.set(order, { sentAtMonotonicMs: monotonicNow(), form });
    const body = { ...this.#extraParams(order, ['cost', 'leverage', 'lever_rate']), ...form };
    let reply: { order_id: string | number };
    try {
      reply = await this.#port.call(order.market.spot ? 'trade' : 'future_trade', { body, schema: orderIdSchema });
    } catch (error) {
      // A reply that arrived but cannot be read may stand for a placed order: look it up, never resend blindly.
      if (isExchangeError(error, 'BadResponse') && error.orderState === undefined) throw reviseError(error, { orderState: 'unknown' });
      throw error;
    }
    return this.#accepted(order, String(reply.order_id), reply);
  }

  /** An order the exchange accepted, as handed to the caller, and remembered. */
  #accepted(order: PreparedOrder, id: string, info: unknown): Order {
    const accepted = acceptedOrder(order, id, this.#port.pipeline.now(), info);
    // Only a limit order has a price of its own; spot has no reduce-only.
    if (order.type !== 'limit') accepted.price = undefined;
    if (order.market.spot) accepted.reduceOnly = undefined;
    this.#remember(accepted);
    return accepted;
  }

  #remember(order: Order): void {
    this.#placed.delete(order.id);
    this.#placed.set(order.id, order);
    while (this.#placed.size > REMEMBERED_ORDERS) {
      const oldest = this.#placed.keys().next().value;
      if (oldest === undefined) break;
      this.#placed.delete(oldest);
    }
  }

  /**
   * After a lost create reply: the order among the symbol's open and recent orders that matches
   * what was sent, created after the send (by the server's clock and the monotonic time elapsed
   * since), and not already handed to a caller. Undefined when there is none; when several match,
   * none is claimed: the outcome is unknown and the error lists them.
   */
  async findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined> {
    const sent = this.#sent.get(order);
    if (!sent) return undefined;
    const server = await this.#serverTime(order.market);
    const earliest = earliestCreateTime(server.timeMs, server.readAtMonotonicMs - sent.sentAtMonotonicMs, LOOKUP_SLACK_MS);
    const candidates = await this.#port.recentOrders(order.market);
    const eligible = candidates.filter(({ order: candidate, wire }) => {
      const created = toNumber(wire.create_date);
      return !this.#placed.has(candidate.id) && created !== undefined && created >= earliest;
    });
    const matches = matchSentOrder(sent.form, eligible);
    if (matches.length > 1) throw this.#ambiguous(order, matches);
    const match = matches[0];
    if (!match) return undefined;
    const found: Order = { ...match.order, clientOrderId: order.clientOrderId, type: order.type };
    this.#remember(found);
    return found;
  }

  /** Several orders match a lost one: claiming any could hand out another program's order. */
  #ambiguous(order: PreparedOrder, matches: readonly Candidate[]): ExchangeError {
    const ids = matches.map((match) => match.order.id);
    return this.#port.error('NetworkError', {
      message: `the reply to this order was lost and ${matches.length} orders on ${order.symbol} match it (${ids.join(', ')}); v1 has no client ids to tell which one is this order`,
      orderState: 'unknown',
      clientOrderId: order.clientOrderId,
      candidateOrders: matches.map((match) => match.order),
      retryable: false,
      hint: `One of ${ids.join(', ')} may be this order, the others placed by another program with the same key (or this one before a restart). Check them (error.candidateOrders, fetchOpenOrders) and cancel what is not wanted before placing it again.`,
    });
  }

  /** The server's clock from a ticker's `date` (whole seconds, so never ahead), and when it was read (monotonic). */
  async #serverTime(market: Market): Promise<ServerClockReading> {
    try {
      const wire = market.spot
        ? await this.#port.call('ticker', { query: { symbol: market.id }, schema: tickerSchema })
        : await this.#port.call('future_ticker', { query: this.#port.contractQuery(market), schema: futureTickerSchema });
      return this.noteServerTime(wire.date);
    } catch (error) {
      // Unreadable now: an earlier reading, carried forward on the monotonic clock, is as good.
      const last = this.#lastServerTime;
      if (!last) throw error;
      const readAtMonotonicMs = monotonicNow();
      return { timeMs: last.timeMs + (readAtMonotonicMs - last.readAtMonotonicMs), readAtMonotonicMs };
    }
  }

  /** A ticker's `date` (server seconds), taken as read now: it is no later than the truth, so windows stay wide enough. */
  noteServerTime(date: string | number): ServerClockReading {
    const reading = { timeMs: secondsToMs(date), readAtMonotonicMs: monotonicNow() };
    this.#lastServerTime = reading;
    return reading;
  }

  /**
   * Spot limit orders of one pair go out together through `batch_trade.do`; market orders, futures
   * and a lone order take the single-order path. Results keep the request order.
   */
  async placeBatch(batch: PreparedOrder[], placeSingly: (orders: PreparedOrder[]) => Promise<Order[]>): Promise<Order[]> {
    const results: Order[] = new Array(batch.length);
    const units = new Map<string, number[]>();
    batch.forEach((order, index) => {
      const key = order.market.spot && order.type === 'limit' ? `batch:${order.market.id}` : `single:${index}`;
      units.set(key, [...(units.get(key) ?? []), index]);
    });
    for (const indexes of units.values()) {
      const orders = indexes.map((index) => batch[index] as PreparedOrder);
      const placed = orders.length === 1 ? await placeSingly(orders) : await this.#sendSpotBatch(orders);
      indexes.forEach((index, i) => {
        results[index] = placed[i] as Order;
      });
    }
    return results;
  }

  async #sendSpotBatch(orders: PreparedOrder[]): Promise<Order[]> {
    const symbol = (orders[0] as PreparedOrder).market.id;
    const items = orders.map((order) => ({ price: order.price ?? '', amount: order.amount, type: order.side }));
    const sentAtMonotonicMs = monotonicNow();
    orders.forEach((order, i) => {
      const item = items[i] as (typeof items)[number];
      if (!this.#sent.has(order))
        this.#sent.set(order, { sentAtMonotonicMs, form: { symbol, type: item.type, price: item.price, amount: item.amount } });
    });
    let reply: { order_info: Array<{ order_id: string | number; error_code?: string | number | undefined }> };
    try {
      reply = await this.#port.call('batch_trade', { body: { symbol, orders_data: ordersDataLiteral(items) }, schema: batchTradeSchema });
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      const unknown = error.orderState === 'unknown' || (error.kind === 'BadResponse' && error.orderState === undefined);
      if (!unknown)
        return orders.map((order) =>
          this.#port.failedOrder(order, reviseError(error, { orderState: 'not-placed', clientOrderId: order.clientOrderId })),
        );
      return this.#resolveLost(orders, error);
    }
    const results: Array<Order | undefined> = [];
    const lost: PreparedOrder[] = [];
    for (const [i, order] of orders.entries()) {
      const item = reply.order_info[i];
      if (item === undefined) {
        lost.push(order);
        results.push(undefined);
      } else if (item.error_code !== undefined || String(item.order_id) === '-1') {
        results.push(this.#port.failedOrder(order, this.#itemError(item.error_code, order)));
      } else {
        results.push(this.#accepted(order, String(item.order_id), item));
      }
    }
    if (lost.length === 0) return results as Order[];
    // Fewer items than orders: the missing ones may or may not exist, so they are looked up.
    const missing = this.#port.error('BadResponse', {
      message: `batch_trade.do answered ${reply.order_info.length} items for ${orders.length} orders`,
      orderState: 'unknown',
    });
    const resolved = await this.#resolveLost(lost, missing);
    return results.map((order) => order ?? (resolved.shift() as Order));
  }

  /** Batch items whose fate is unknown: each is looked up; found → the order, absent → not placed. */
  async #resolveLost(orders: PreparedOrder[], cause: ExchangeError): Promise<Order[]> {
    const results: Order[] = [];
    for (const order of orders) {
      try {
        const found = await this.#port.findOrderByClientOrderId(order);
        results.push(
          found ??
            this.#port.failedOrder(
              order,
              reviseError(cause, {
                orderState: 'not-placed',
                clientOrderId: order.clientOrderId,
                hint: 'The reply was lost and the order was not found on OKEx, so it was not placed; it is safe to try again.',
              }),
            ),
        );
      } catch (lookupError) {
        if (isExchangeError(lookupError) && lookupError.orderState === 'unknown') {
          results.push(this.#port.failedOrder(order, lookupError));
          continue;
        }
        results.push(
          this.#port.failedOrder(
            order,
            reviseError(cause, {
              orderState: 'unknown',
              clientOrderId: order.clientOrderId,
              hint: 'The reply was lost and looking the order up failed; check fetchOpenOrders before placing it again.',
            }),
          ),
        );
      }
    }
    return results;
  }

  #itemError(code: string | number | undefined, order: PreparedOrder): ExchangeError {
    const spec =
      code === undefined ? { kind: 'ExchangeError' as const, message: 'order rejected without an error_code' } : errorSpecForCode(code);
    return this.#port.error(spec.kind, {
      message: spec.message,
      exchangeCode: spec.exchangeCode,
      hint: spec.hint,
      retryable: spec.retryable,
      orderState: 'not-placed',
      clientOrderId: order.clientOrderId,
      request: { method: 'POST', path: ENDPOINTS.batch_trade.path },
    });
  }
}
