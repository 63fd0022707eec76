/**
 * Derivative positions: how a fill moves one, what part of an order opens or closes exposure, and
 * the margin a position holds. Pure functions over an account's positions; the ledger (accounts.ts)
 * owns the positions and reports their changes.
 */
import { abs, div, type Fixed, fromInt, max as maxFixed, min as minFixed, mul, ZERO } from '../decimal.js';
import type { Account } from './accounts.js';
import type { Order, Position, PositionView, Side } from './model.js';

/** One position per symbol, margin mode and leg (net, or WEEX-style long/short). */
export function positionKey(order: Order): string {
  return `${order.market.symbol}:${order.marginMode}:${order.posSide}`;
}

/**
 * Moves a position by a fill: adds at the blended entry price, or closes at `price` (flipping to
 * a new entry when the fill is larger than the position). Returns the PnL realized by closing.
 */
export function tradePosition(position: Position, side: Side, price: Fixed, quantity: Fixed): Fixed {
  const delta = side === 'buy' ? quantity : -quantity;
  if (position.size === 0n || position.size > 0n === delta > 0n) {
    const size = abs(position.size);
    position.entryPrice = div(mul(size, position.entryPrice) + mul(quantity, price), size + quantity);
    position.size += delta;
    return ZERO;
  }
  const closing = minFixed(quantity, abs(position.size));
  const perUnit = position.size > 0n ? price - position.entryPrice : position.entryPrice - price;
  const realized = mul(closing, perUnit);
  const wasLong = position.size > 0n;
  position.size += delta;
  if (position.size !== 0n && position.size > 0n !== wasLong) position.entryPrice = price;
  return realized;
}

/** What part of a derivative order adds exposure (and so needs margin). */
export function openingQuantity(account: Account, order: Order): Fixed {
  if (order.reduceOnly) return ZERO;
  if (order.posSide === 'long') return order.side === 'buy' ? order.amount : ZERO;
  if (order.posSide === 'short') return order.side === 'sell' ? order.amount : ZERO;
  const size = account.positions.get(positionKey(order))?.size ?? ZERO;
  const delta = order.side === 'buy' ? order.amount : -order.amount;
  if (size === 0n || size > 0n === delta > 0n) return order.amount;
  return maxFixed(ZERO, abs(delta) - abs(size));
}

/** How much a closing order of `account` may still fill; undefined when it opens exposure. */
export function reduceCap(account: Account, order: Order): Fixed | undefined {
  if (order.market.type !== 'swap') return undefined;
  const closingLeg = (order.posSide === 'long' && order.side === 'sell') || (order.posSide === 'short' && order.side === 'buy');
  if (!order.reduceOnly && !closingLeg) return undefined;
  const size = account.positions.get(positionKey(order))?.size ?? ZERO;
  if (order.side === 'sell') return size > 0n ? size : ZERO;
  return size < 0n ? -size : ZERO;
}

/** Initial margin a position holds, in its settle currency. */
export function positionMarginOf(position: Position): Fixed {
  return div(mul(abs(position.size), position.entryPrice), fromInt(position.leverage));
}

export function positionView(position: Position, markPrice: Fixed): PositionView {
  return {
    ...position,
    markPrice,
    unrealizedPnl: mul(position.size, markPrice - position.entryPrice),
    margin: positionMarginOf(position),
    notional: mul(abs(position.size), markPrice),
  };
}
