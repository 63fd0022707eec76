/**
 * What WEEX streams, known without its WebSocket tables: the `has.watch*` flags and the `watch*`
 * arguments WEEX refuses, checked before anything is loaded or sent. The tables themselves (ws.ts)
 * load with the stream engine from `@exchange-adapters/weex/streams` when the first stream starts,
 * so a REST-only program, or bundled app, does not carry them. ws.ts builds its channels with the
 * same functions, so a stream refuses at the call exactly what it would refuse when it starts.
 */
import { BadRequest, type Market, NotSupported } from '@exchange-adapters/core';
import { streamCapabilities, type WsRules, wireTimeframe } from '@exchange-adapters/core/adapter';
import { CONTRACT_TIMEFRAMES, SPOT_TIMEFRAMES, type WeexSocketKind, type WeexWsUrls, weexWsUrls } from './endpoints.js';

/** The subpath that carries WEEX's WebSocket tables and the stream engine; a bundled app that streams imports it. */
export const WEEX_STREAMS_ENTRY = '@exchange-adapters/weex/streams';

/** The socket of a market's host, or a refusal when wsUrl did not name it, or for a private one in demo trading. */
export function weexSocketOf(urls: Readonly<WeexWsUrls>, demo: boolean, spot: boolean, access: 'public' | 'private'): WeexSocketKind {
  const kind = `${spot ? 'spot' : 'contract'}-${access}` as WeexSocketKind;
  if (urls[kind] === undefined) {
    throw new NotSupported({
      exchange: 'weex',
      message: `no WebSocket URL for ${kind}`,
      hint: "WEEX spot and futures sockets share paths on different hosts: pass wsUrl as { 'spot-public', 'spot-private', 'contract-public', 'contract-private' } (sim.exchangeOptions('weex') does).",
    });
  }
  if (access === 'private' && demo) {
    throw new NotSupported({
      exchange: 'weex',
      message: 'WEEX documents no private WebSocket for demo trading',
      hint: 'Read demo orders and balances over REST (fetchOpenOrders, fetchBalance), or stream with demo: false.',
    });
  }
  return kind;
}

/** Account-wide private channels live on the host of the market's type; without a symbol WEEX cannot tell which. */
export function weexPrivateSocket(urls: Readonly<WeexWsUrls>, demo: boolean, market: Market | undefined, method: string): WeexSocketKind {
  if (market === undefined) {
    throw new BadRequest({
      exchange: 'weex',
      message: `${method} needs a symbol on WEEX`,
      hint: "WEEX pushes spot and futures orders on separate sockets and reads missed ones per market: pass a symbol such as 'BTC/USDT' or 'BTC/USDT:USDT'.",
    });
  }
  return weexSocketOf(urls, demo, market.spot, 'private');
}

/** The kline interval of a timeframe on a market's host (spot and futures name them differently). */
export function weexInterval(market: Market, timeframe: string): string {
  return wireTimeframe('weex', market.spot ? SPOT_TIMEFRAMES : CONTRACT_TIMEFRAMES, timeframe);
}

/**
 * The futures `account` push carries the wallet amount and running totals, but neither the
 * available balance nor the margin held (§6): free/used cannot be stated from it.
 */
export function checkWeexBalanceType(type: 'spot' | 'swap'): void {
  if (type === 'swap') {
    throw new NotSupported({
      exchange: 'weex',
      message: "WEEX's futures account push carries no available balance or margin in use",
      hint: "Watch the spot account ({ type: 'spot' }), read the futures account with fetchBalance({ type: 'swap' }), or watch positions.",
    });
  }
}

/** WEEX's streams on these sockets, and the checks of their arguments; ws.ts builds the same channels. */
export function weexWsRules(urls: Readonly<WeexWsUrls>, demo: boolean): WsRules {
  /** Market data lives on the public socket of the market's host: refused when wsUrl did not name it. */
  const publicSocket = (market: Market): void => {
    weexSocketOf(urls, demo, market.spot, 'public');
  };
  return {
    entry: WEEX_STREAMS_ENTRY,
    channels: {
      ticker: publicSocket,
      orderBook: publicSocket,
      trades: publicSocket,
      ohlcv: (market, timeframe) => {
        weexInterval(market, timeframe);
        publicSocket(market);
      },
      orders: (market) => {
        weexPrivateSocket(urls, demo, market, 'watchOrders');
      },
      myTrades: (market) => {
        weexPrivateSocket(urls, demo, market, 'watchMyTrades');
      },
      balance: (type) => {
        checkWeexBalanceType(type);
        weexSocketOf(urls, demo, true, 'private');
      },
      positions: () => {
        weexSocketOf(urls, demo, false, 'private');
      },
    },
  };
}

/** What WEEX streams, for `has`. */
export const WEEX_STREAMS = streamCapabilities(weexWsRules(weexWsUrls(), false));
