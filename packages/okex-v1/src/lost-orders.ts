/**
 * Finding an order whose create reply was lost, on an API without client order ids: among the
 * symbol's recent orders, those that match what was sent and were created after it was sent.
 * Pure functions; the exchange reads the orders and the server time, and decides what to claim.
 */
import type { Order } from '@exchange-adapters/core';
import { toDecimal, WIRE_DECIMALS } from '@exchange-adapters/core/adapter';
import { toNumber } from './normalize.js';
import type { FuturesOrderWire, SpotOrderWire } from './schemas.js';

/** A recent order of the account, as read and as sent on the wire. */
export interface Candidate {
  order: Order;
  wire: SpotOrderWire | FuturesOrderWire;
}

/**
 * The earliest server time at which the order can have been created: the server's clock read at
 * `serverTimeMs` (a ticker's `date`, whole seconds, so never later than the truth), minus the
 * monotonic time elapsed since the order was sent, minus `slackMs`. No wall clock is involved, so
 * a local clock stepped between the send and the lookup cannot move the window.
 */
export function earliestCreateTime(serverTimeMs: number, elapsedSinceSendMs: number, slackMs: number): number {
  return serverTimeMs - Math.max(0, elapsedSinceSendMs) - slackMs;
}

/**
 * Every order among `candidates` that may be the one sent with `form`, earliest first. Type (and
 * for futures the open/close code) must match. Limit orders must match price and amount exactly.
 * Market orders prefer an exact match on the field sent (buy_market: price = quote spent;
 * sell_market: amount) but accept any of their type, because v1 echoes those fields
 * inconsistently (§3.4). More than one match means the orders cannot be told apart: the caller
 * must not pick one.
 */
export function matchSentOrder(form: Readonly<Record<string, string>>, candidates: readonly Candidate[]): Candidate[] {
  const sameType = candidates.filter(({ wire }) => String(wire.type) === form.type);
  const isMarket = form.type === 'buy_market' || form.type === 'sell_market' || form.match_price === '1';
  const fields =
    form.match_price === '1' || form.type === 'sell_market' ? ['amount'] : form.type === 'buy_market' ? ['price'] : ['price', 'amount'];
  const exact = sameType.filter(({ wire }) => fields.every((field) => sameDecimal((wire as Record<string, unknown>)[field], form[field])));
  const pool = exact.length > 0 || !isMarket ? exact : sameType;
  return [...pool].sort((a, b) => (toNumber(a.wire.create_date) ?? 0) - (toNumber(b.wire.create_date) ?? 0));
}

function sameDecimal(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || a === '' || b === undefined || b === null || b === '') return false;
  try {
    return toDecimal(String(a), 'value', 'okex-v1', WIRE_DECIMALS).eq(toDecimal(String(b), 'value', 'okex-v1', WIRE_DECIMALS));
  } catch {
    return false;
  }
}
