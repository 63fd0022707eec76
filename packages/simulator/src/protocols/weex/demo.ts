/**
 * WEEX futures demo trading (`/capi/v3/sim/*`, protocols/weex.md §1): the documented subset of the
 * futures API — balance, positions, place, cancel, order detail and history — on demo symbols
 * (`BTCSUSDT`) and the demo coin `SUSDT`. Here each demo route is its live twin with the names
 * translated both ways, on the same account and books: a simplification of the real venue, which
 * keeps demo funds apart, that leaves the wire shapes the adapter reads exactly as documented.
 */
import type { SimReply } from '../common.js';
import type { Call, Method, Route } from './route.js';

/** Demo path (under /capi/v3/sim/) → live path (under /capi/v3/), per method. */
const DEMO_ROUTES: ReadonlyArray<{ method: Method; path: string; live: string; trade: boolean }> = [
  { method: 'GET', path: 'balance', live: 'account/balance', trade: false },
  { method: 'GET', path: 'position/allPosition', live: 'account/position/allPosition', trade: false },
  { method: 'POST', path: 'order', live: 'order', trade: true },
  { method: 'DELETE', path: 'order', live: 'order', trade: true },
  { method: 'GET', path: 'order', live: 'order', trade: false },
  { method: 'GET', path: 'order/history', live: 'order/history', trade: false },
];

/** `BTCSUSDT` → `BTCUSDT`; anything else unchanged (an unknown symbol stays unknown). */
const liveSymbol = (symbol: string): string => symbol.replace(/S(USDT)$/, '$1');

/** The call as its live twin sees it: the demo symbol in the query or body named live. */
export function liveCall(call: Call): Call {
  const query = new URLSearchParams(call.request.query);
  const symbol = query.get('symbol');
  if (symbol) query.set('symbol', liveSymbol(symbol));
  const body = call.body && typeof call.body.symbol === 'string' ? { ...call.body, symbol: liveSymbol(call.body.symbol) } : call.body;
  return { ...call, request: { ...call.request, query }, ...(body ? { body } : {}) };
}

/** The live reply in demo names: symbols `…SUSDT`, the margin coin `SUSDT`. */
export function demoReply(reply: SimReply): SimReply {
  const body = reply.body
    .replace(/"symbol":"([A-Z0-9]+)USDT"/g, '"symbol":"$1SUSDT"')
    .replace(/"(asset|marginCoin)":"USDT"/g, '"$1":"SUSDT"');
  return { ...reply, body };
}

/** The demo routes, each calling its live twin in `live` with the names translated. */
export function demoRoutes(live: readonly Route[]): Route[] {
  return DEMO_ROUTES.flatMap(({ method, path, live: livePath, trade }) => {
    const twin = live.find((route) => route.method === method && route.path === `/capi/v3/${livePath}`);
    if (!twin) return [];
    return [
      {
        method,
        path: `/capi/v3/sim/${path}`,
        weight: twin.weight,
        auth: true,
        trade,
        handle: (call: Call) => demoReply(twin.handle(liveCall(call))),
      },
    ];
  });
}
