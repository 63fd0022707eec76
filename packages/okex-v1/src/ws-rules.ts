/**
 * What OKEx v1 streams, known without its WebSocket tables: the `has.watch*` flags and the
 * `watch*` arguments v1 refuses, checked before anything is loaded or sent. The tables themselves
 * (ws.ts) load with the stream engine from `@exchange-adapters/okex-v1/streams` when the first
 * stream starts, so a REST-only program, or bundled app, does not carry them. ws.ts builds its
 * channels with the same functions.
 */
import { BadRequest, type Market, NotSupported } from '@exchange-adapters/core';
import { streamCapabilities, type WsRules, wireTimeframe } from '@exchange-adapters/core/adapter';
import { V1_TIMEFRAMES } from './endpoints.js';

/** The subpath that carries v1's WebSocket tables and the stream engine; a bundled app that streams imports it. */
export const OKEX_V1_STREAMS_ENTRY = '@exchange-adapters/okex-v1/streams';

/** WebSocket kline periods by unified timeframe: those of kline.do, but the socket says `day`/`week` where kline.do says `1day`/`1week`. */
export const V1_WS_TIMEFRAMES: Readonly<Record<string, string>> = { ...V1_TIMEFRAMES, '1d': 'day', '1w': 'week' };

/** v1 pushes orders per spot pair: the market of `watchOrders` (and of fills derived from orders). */
export function spotOnly(market: Market | undefined, method: string): Market {
  if (market === undefined) {
    throw new BadRequest({
      exchange: 'okex-v1',
      message: `${method} needs a symbol on OKEx v1`,
      hint: "v1 pushes orders per pair (ok_sub_spot_<pair>_order) and lists them per pair over REST: pass a spot symbol such as 'BTC/USDT'.",
    });
  }
  if (!market.spot) {
    throw new NotSupported({
      exchange: 'okex-v1',
      message: `${method} streams spot orders only on OKEx v1`,
      hint: 'v1 futures order updates (ok_sub_futureusd_trades) are not streamed by this adapter: poll fetchOpenOrders for futures.',
    });
  }
  return market;
}

/** Only spot balances are streamed. */
export function checkV1BalanceType(type: 'spot' | 'swap'): void {
  if (type === 'swap') {
    throw new NotSupported({
      exchange: 'okex-v1',
      message: 'OKEx v1 futures account pushes are not streamed by this adapter',
      hint: "Watch the spot account ({ type: 'spot' }) or read the futures account with fetchBalance({ type: 'swap' }).",
    });
  }
}

/** v1's streams and the checks of their arguments; ws.ts builds the same channels. */
export const OKEX_V1_WS_RULES: WsRules = Object.freeze({
  entry: OKEX_V1_STREAMS_ENTRY,
  // Order pushes carry cumulative fills and no fill ids; v1 has no fills channel (§6.2).
  fillsFromOrders: true,
  channels: Object.freeze({
    ticker: true,
    orderBook: true,
    trades: true,
    ohlcv: (_market, timeframe) => {
      wireTimeframe('okex-v1', V1_WS_TIMEFRAMES, timeframe);
    },
    orders: (market) => {
      spotOnly(market, 'watchOrders');
    },
    balance: checkV1BalanceType,
  } satisfies WsRules['channels']),
});

/** What OKEx v1 streams, for `has`. */
export const OKEX_V1_STREAMS = streamCapabilities(OKEX_V1_WS_RULES);
