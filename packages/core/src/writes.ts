/**
 * The rule for writes: once the exchange has accepted a write, the call resolves with what is
 * known. A read after it — the final state of a cancelled order, or whether a cancel whose reply
 * was lost went through — can only add detail. When such a read fails, the result is less
 * detailed and a `warning` event says why; it never turns an accepted write into an error.
 *
 * This file sends cancels in requests of the exchange's batch size and turns what each request
 * said about each id into `OrderAck`s under that rule. `BaseExchange` wires it to the adapter's
 * send and read functions.
 */
import { type ExchangeError, isExchangeError, reviseError } from './errors.js';
import type { WarningEvent } from './events.js';
import { chunk } from './order-batches.js';
import type { WriteTrace } from './pipeline.js';
import type { CancelOptions, Market, Order, OrderAck } from './types.js';

/** What one cancel request said about one order id. */
export interface CancelItem {
  /** Exchange order id. */
  id: string;
  /** The client order id, when the acknowledgement carries it. */
  clientOrderId?: string;
  /** When the exchange processed the cancel, ms, when the acknowledgement says. */
  canceledAt?: number;
  /** Set when the exchange refused to cancel this id. */
  error?: ExchangeError;
  /** The wire item. */
  info: unknown;
}

export interface AfterWriteDeps {
  market: Market;
  /** Reads orders by id; ids it cannot find are left out of the map. May throw. */
  readOrders: (ids: string[]) => Promise<Map<string, Order>>;
  warn: (event: Omit<WarningEvent, 'exchange'>) => void;
}

/**
 * The default `readOrders`: one `fetchOrder` each, in turn; ids the exchange does not know
 * (OrderNotFound) are left out, any other failure ends the read.
 */
export async function readOrdersOneByOne(ids: readonly string[], fetchOrder: (id: string) => Promise<Order>): Promise<Map<string, Order>> {
  const found = new Map<string, Order>();
  for (const id of ids) {
    try {
      found.set(id, await fetchOrder(id));
    } catch (error) {
      if (!isExchangeError(error, 'OrderNotFound')) throw error;
    }
  }
  return found;
}

/**
 * Orders by id, read after a write. Never throws: a failed read leaves the write's result as it
 * was, with one warning.
 */
export async function readAfterWrite(ids: readonly string[], purpose: string, deps: AfterWriteDeps): Promise<Map<string, Order>> {
  if (ids.length === 0) return new Map();
  let found: Map<string, Order>;
  try {
    found = await deps.readOrders([...ids]);
  } catch (error) {
    deps.warn({
      code: 'follow-up-read-failed',
      message: `reading ${ids.length} order(s) on ${deps.market.symbol} for ${purpose} failed; the result says only what the write's reply said`,
      error: isExchangeError(error) ? error : undefined,
    });
    return new Map();
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    deps.warn({
      code: 'follow-up-read-failed',
      message: `order(s) ${missing.join(', ')} on ${deps.market.symbol} could not be read for ${purpose}; their result says only what the write's reply said`,
    });
  }
  return found;
}

/** What cancelling in requests needs of the exchange (BaseExchange.cancelIds hands over its hooks). */
export interface CancelRequests {
  /** Ids per request (`maxCancelsPerRequest`); may refuse the market with NotSupported. */
  perRequest: () => number;
  /** One cancel request (`sendCancel`); throws for failures of the request as a whole. */
  send: (ids: string[], trace: WriteTrace) => Promise<CancelItem[]>;
  /** Settles what one request said under the write rule (`settleCancels`). */
  settle: (items: CancelItem[], trace: WriteTrace) => Promise<OrderAck[]>;
}

/**
 * Cancels `ids` one request per chunk of the exchange's batch size, each settled before the
 * next is sent; the acks come in the order of `ids`.
 */
export async function cancelInRequests(ids: readonly string[], exchange: CancelRequests): Promise<OrderAck[]> {
  const results: OrderAck[] = [];
  for (const part of chunk(ids, exchange.perRequest())) {
    const trace: WriteTrace = { outcomeUnknown: false };
    let items: CancelItem[];
    try {
      items = await exchange.send(part, trace);
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      // A refusal of the whole request belongs to its ids (a one-id request reports that way); so
      // does any failure after an attempt that may have gone through. Anything else ends the call.
      if (!trace.outcomeUnknown && !isExchangeError(error, 'InvalidOrder')) throw error;
      items = part.map((id) => ({ id, error, info: undefined }));
    }
    results.push(...(await exchange.settle(items, trace)));
  }
  return results;
}

/**
 * The `OrderAck`s of one cancel request, in the order of `items`.
 *
 * - An accepted item is `status: 'canceled'` with what its acknowledgement and `snapshot` (open
 *   orders read for the same call) say; fields that can change until the cancel lands are never
 *   taken from the snapshot.
 * - When an attempt's reply was lost (`trace.outcomeUnknown`), an item refused afterwards ("already
 *   cancelled", "not found", or no answer at all) may have been cancelled by that lost attempt: the
 *   order is read, and reported cancelled when it is.
 * - `fetchFinalState` reads the accepted orders back for their fill state.
 */
export async function settleCancels(
  items: readonly CancelItem[],
  trace: WriteTrace,
  options: CancelOptions,
  deps: AfterWriteDeps & { snapshot?: ReadonlyMap<string, Order> },
): Promise<OrderAck[]> {
  let acks = items.map((item) => ackOf(item, deps.market, deps.snapshot?.get(item.id)));
  if (trace.outcomeUnknown) {
    const doubtful = acks.filter((ack) => ack.error !== undefined).map((ack) => ack.id);
    const states = await readAfterWrite(doubtful, 'checking a cancel whose reply was lost', deps);
    acks = acks.map((ack) => {
      if (!ack.error) return ack;
      const state = states.get(ack.id);
      if (state?.status === 'canceled') return state;
      if (state) return { ...state, error: ack.error };
      return {
        ...ack,
        error: reviseError(ack.error, {
          hint: `The reply to an earlier attempt was lost, and that attempt may have cancelled the order; fetchOrder shows its state. ${ack.error.hint}`.trim(),
        }),
      };
    });
  }
  if (options.fetchFinalState) {
    const accepted = acks.filter((ack) => !ack.error && !isComplete(ack)).map((ack) => ack.id);
    const states = await readAfterWrite(accepted, 'the final state after a cancel', deps);
    acks = acks.map((ack) => (ack.error ? ack : (states.get(ack.id) ?? ack)));
  }
  return acks;
}

function ackOf(item: CancelItem, market: Market, known: Order | undefined): OrderAck {
  const ack: OrderAck = { ...(known ? settledFacts(known) : {}), id: item.id, symbol: known?.symbol ?? market.symbol, info: item.info };
  if (item.clientOrderId) ack.clientOrderId = item.clientOrderId;
  if (item.canceledAt !== undefined) ack.lastUpdateTimestamp = item.canceledAt;
  if (item.error) ack.error = item.error;
  else ack.status = 'canceled';
  return ack;
}

/** What an order read before its cancel still says afterwards: what cannot change while it is open. */
function settledFacts(order: Order): Partial<Order> {
  const facts: Partial<Order> = {
    type: order.type,
    side: order.side,
    amount: order.amount,
    timestamp: order.timestamp,
  };
  if (order.clientOrderId) facts.clientOrderId = order.clientOrderId;
  if (order.price !== undefined) facts.price = order.price;
  if (order.timeInForce !== undefined) facts.timeInForce = order.timeInForce;
  if (order.reduceOnly !== undefined) facts.reduceOnly = order.reduceOnly;
  return facts;
}

/** An ack that already is a whole order (read back by an earlier step). */
function isComplete(ack: OrderAck): ack is Order {
  return ack.filled !== undefined && ack.remaining !== undefined && ack.side !== undefined && ack.type !== undefined;
}
