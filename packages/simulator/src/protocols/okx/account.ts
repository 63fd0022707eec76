/**
 * The OKX account payload (`GET /api/v5/account/balance` data[0], and the WebSocket `account`
 * push): per-currency details plus USD totals, from the venue's balances.
 */
import { type Fixed, fixed, formatFixed, mul, ZERO } from '../../decimal.js';
import type { Venue } from '../../engine/venue.js';
import type { JsonValue } from '../../json.js';
import * as format from './format.js';

function usdPrice(venue: Venue, currency: string): Fixed {
  if (currency === 'USDT' || currency === 'USDC' || currency === 'USD') return fixed('1');
  const market = venue.markets.find((m) => m.type === 'spot' && m.base === currency && m.quote === 'USDT');
  return market ? venue.markPrice(market) : ZERO;
}

/** One account's trading balances; `wanted` limits the currencies listed. */
export function accountPayload(venue: Venue, accountId: string, nowMs: number, wanted?: readonly string[]): Record<string, JsonValue> {
  const views = venue
    .balances(accountId, 'trading', nowMs)
    .filter((view) => view.total !== 0n || view.frozen !== 0n)
    .filter((view) => !wanted || wanted.includes(view.currency));
  let totalEq = ZERO;
  let ordFroz = ZERO;
  let imr = ZERO;
  let upl = ZERO;
  const details = views.map((view) => {
    const price = usdPrice(venue, view.currency);
    totalEq += mul(view.total + view.unrealizedPnl, price);
    ordFroz += mul(view.frozen, price);
    imr += mul(view.positionMargin, price);
    upl += mul(view.unrealizedPnl, price);
    return format.balanceDetail(view, price, nowMs);
  });
  const f = (value: Fixed): string => formatFixed(value, 8);
  return {
    adjEq: f(totalEq),
    availEq: f(totalEq - ordFroz - imr),
    borrowFroz: '',
    details,
    imr: f(imr),
    isoEq: '0',
    mgnRatio: '',
    mmr: f(mul(imr, fixed('0.1'))),
    notionalUsd: f(imr),
    notionalUsdForBorrow: '0',
    notionalUsdForFutures: '0',
    notionalUsdForOption: '0',
    notionalUsdForSwap: f(imr),
    ordFroz: f(ordFroz),
    totalEq: f(totalEq),
    uTime: String(nowMs),
    upl: f(upl),
  };
}
