/**
 * What OKX streams, known without its WebSocket tables: the `has.watch*` flags and the `watch*`
 * arguments OKX refuses, checked before anything is loaded or sent. The tables themselves (ws.ts)
 * load with the stream engine from `@exchange-adapters/okx/streams` when the first stream starts,
 * so a REST-only program, or bundled app, does not carry them.
 */
import { streamCapabilities, type WsRules, wireTimeframe } from '@exchange-adapters/core/adapter';
import { OKX_TIMEFRAMES } from './endpoints.js';

/** The subpath that carries OKX's WebSocket tables and the stream engine; a bundled app that streams imports it. */
export const OKX_STREAMS_ENTRY = '@exchange-adapters/okx/streams';

/** OKX's streams and the checks of their arguments; ws.ts builds the same channels. */
export const OKX_WS_RULES: WsRules = Object.freeze({
  entry: OKX_STREAMS_ENTRY,
  channels: Object.freeze({
    ticker: true,
    orderBook: true,
    trades: true,
    // Candle channels are `candle` + the bar: an unknown timeframe is refused as fetchOHLCV refuses it.
    ohlcv: (_market, timeframe) => {
      wireTimeframe('okx', OKX_TIMEFRAMES, timeframe);
    },
    orders: true,
    myTrades: true,
    balance: true,
    positions: true,
  } satisfies WsRules['channels']),
});

/** What OKX streams, for `has`. */
export const OKX_STREAMS = streamCapabilities(OKX_WS_RULES);
