/**
 * WEEX V3 WebSocket tables and pure functions (protocols/weex.md §2.2, §6): four socket kinds
 * (spot and futures hosts share paths), `SUBSCRIBE`/`UNSUBSCRIBE` frames acked by request id,
 * private sockets signed on the upgrade (`ACCESS-*` headers, vector 5), server pings answered with
 * `PONG`, the `depthSnapshot` + `U`/`u` delta rule, payloads → unified types (base units, ids kept
 * exact by a lossless parse), and `result:false` replies → kinds with hints.
 */
import type { Balances, Credentials, Market, OHLCV, Order, Position, Ticker, Trade } from '@exchange-adapters/core';
import {
  type BookMessage,
  type ErrorSpec,
  parseJson,
  parseWire,
  type SequenceVerdict,
  type WsBookChannel,
  type WsInbound,
  type WsSpec,
  type WsSpecContext,
  type WsValueChannel,
} from '@exchange-adapters/core/adapter';
import { type WeexSocketKind, type WeexWsUrls, WS_PRIVATE_SIGN_PATH } from './endpoints.js';
import { errorSpecFor } from './errors.js';
import { parseCandle, parseWsFill, parseWsOrder, parseWsPosition, parseWsSpotBalances, parseWsTicker, parseWsTrade } from './normalize.js';
import {
  wsFillSchema,
  wsKlineSchema,
  wsOrderSchema,
  wsPositionSchema,
  wsSpotAccountSchema,
  wsTickerSchema,
  wsTradeSchema,
} from './schemas.js';
import { webSocketAuthHeaders } from './signer.js';
import { checkWeexBalanceType, weexInterval, weexPrivateSocket, weexSocketOf } from './ws-rules.js';

/** What `createWeexWsSpec` needs: socket URLs and the exchange's market lookups. */
export interface WeexWsSpecOptions {
  /** Socket URLs per kind. */
  urls: WeexWsUrls;
  /** Market lookups of the exchange instance. */
  context: WsSpecContext;
  /** Futures demo trading: WEEX documents no demo WebSocket, so private streams are refused. */
  demo?: boolean;
  /** Sent on every upgrade: WEEX requires a User-Agent (§6). */
  userAgent: string;
}

/** Book channels by depth: a snapshot then deltas, 15 or 200 levels (§6). */
export const WEEX_BOOK_CHANNELS = [
  { channel: 'depth15', depth: 15 },
  { channel: 'depth200', depth: 200 },
] as const;

/** Candles follow the last price; `MARK_PRICE` candles exist on futures but are not OHLCV of trades. */
const KLINE_PRICE_TYPE = 'LAST_PRICE';

const WS_HINTS = {
  limit:
    'WEEX allows at most 100 channels per connection and 240 subscribe/unsubscribe requests per connection per hour; the engine spreads subscriptions over connections, so another client may share this IP.',
  argument: 'WEEX refused the subscription argument; the message names it.',
} as const;

// ── frames ──────────────────────────────────────────────────────────────────────────────────────

/** The key of a subscription: socket kind and the param as sent (`spot-public|ETHUSDT@depth15`). */
export function weexChannelKey(endpoint: string, param: string): string {
  return `${endpoint}|${param}`;
}

/** The `SUBSCRIBE` frame for channel args. */
export function weexSubscribeFrame(args: readonly unknown[], id: string): string {
  return JSON.stringify({ method: 'SUBSCRIBE', params: args, id });
}

/** The `UNSUBSCRIBE` frame for channel args. */
export function weexUnsubscribeFrame(args: readonly unknown[], id: string): string {
  return JSON.stringify({ method: 'UNSUBSCRIBE', params: args, id });
}

/** V3 clients answer a server ping with `{"id":…,"method":"PONG"}` (ccxt, Weex.Net); the ping's time serves as the id. */
export function weexPong(time: unknown): string {
  return JSON.stringify({ id: typeof time === 'string' || typeof time === 'number' ? String(time) : '0', method: 'PONG' });
}

interface WeexFrame {
  e?: unknown;
  s?: unknown;
  l?: unknown;
  p?: unknown;
  d?: unknown;
  result?: unknown;
  id?: unknown;
  msg?: unknown;
  event?: unknown;
  type?: unknown;
  method?: unknown;
  time?: unknown;
  code?: unknown;
}

/** The subscription param a push belongs to, from its event name and fields. */
function paramOf(frame: WeexFrame): string | undefined {
  const event = String(frame.e);
  const symbol = typeof frame.s === 'string' ? frame.s : undefined;
  switch (event) {
    case 'ticker':
      return symbol && `${symbol}@ticker`;
    case 'depth':
    case 'depthSnapshot':
      return symbol && `${symbol}@depth${String(frame.l)}`;
    case 'trade':
    case 'tradeSnapshot':
      return symbol && `${symbol}@trade`;
    case 'kline':
    case 'klineSnapshot': {
      const first = Array.isArray(frame.d) ? (frame.d[0] as { i?: unknown } | undefined) : undefined;
      if (!symbol || first?.i === undefined) return undefined;
      return `${symbol}@kline_${String(first.i)}_${String(frame.p ?? KLINE_PRICE_TYPE)}`;
    }
    case 'bookTicker':
      return symbol && `${symbol}@bookTicker`;
    case 'orders':
    case 'fill':
    case 'account':
    case 'positions':
      return event;
    default:
      return undefined;
  }
}

/** Reads one text frame of a socket of `endpoint` kind: pings, acks, refusals and pushes. */
export function parseWeexFrame(text: string, endpoint: string): WsInbound {
  let message: unknown;
  try {
    // 18-digit ids arrive as JSON numbers (§0): parsed losslessly, they stay exact strings.
    message = parseJson(text);
  } catch {
    return { type: 'notice', message: text.slice(0, 200) };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { type: 'ignore' };
  const frame = message as WeexFrame;
  // Public sockets tag the ping with `event`, private ones with `type` (§6).
  if (frame.event === 'ping' || frame.type === 'ping') return { type: 'ping', reply: weexPong(frame.time) };
  if (frame.method === 'PONG' || frame.event === 'pong') return { type: 'pong' };
  if (frame.e !== undefined) {
    const param = paramOf(frame);
    return param ? { type: 'data', key: weexChannelKey(endpoint, param), message } : { type: 'notice', message };
  }
  const requestId = frame.id === undefined || frame.id === null ? undefined : String(frame.id);
  if (frame.result === true && requestId !== undefined) return { type: 'ack', requestId };
  if (frame.result === false || (frame.code !== undefined && frame.msg !== undefined)) {
    const text_ = typeof frame.msg === 'string' ? frame.msg : undefined;
    // No code in WS refusals, only a message led by a gRPC-style status ("INVALID_ARGUMENT: …").
    const code = frame.code !== undefined ? String(frame.code) : (/^([A-Z_]+):/.exec(text_ ?? '')?.[1] ?? 'result:false');
    return { type: 'error', code, message: text_, requestId };
  }
  return { type: 'ignore' };
}

/** A `result:false` reply or error frame → kind and hint; codes and messages as REST reads them. */
export function classifyWeexWsError(code: string, message: string | undefined): ErrorSpec {
  if (/limit|too many|exceed/i.test(message ?? '')) {
    return { kind: 'RateLimited', exchangeCode: code, exchangeMessage: message, hint: WS_HINTS.limit, retryable: true };
  }
  const spec = errorSpecFor(/^-?\d+$/.test(code) ? code : undefined, message);
  return { ...spec, exchangeCode: code, hint: spec.kind === 'BadRequest' ? WS_HINTS.argument : spec.hint };
}

/** A refused private upgrade carries the REST envelope `{code, msg}`: the same kinds as REST (-1046 → TimestampExpired). */
export function weexUpgradeRefusal(status: number, body: string): ErrorSpec | undefined {
  let envelope: unknown;
  try {
    envelope = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof envelope !== 'object' || envelope === null) return undefined;
  const { code, msg } = envelope as { code?: unknown; msg?: unknown };
  if (code === undefined || code === null) return undefined;
  return errorSpecFor(String(code), typeof msg === 'string' ? msg : `HTTP ${status}`);
}

// ── books ───────────────────────────────────────────────────────────────────────────────────────

/**
 * The depth rule (§6): each delta's `U` must follow the last applied `u`. A delta whose range
 * overlaps the last one (U ≤ last + 1 ≤ u) still applies — levels carry absolute sizes as of `u` —
 * one entirely at or behind it is a repeat, anything else is a gap. A snapshot applies unless older.
 */
export function weexBookSequence(last: number | undefined, frame: BookMessage): SequenceVerdict {
  if (frame.snapshot) return last !== undefined && frame.sequence !== undefined && frame.sequence < last ? 'skip' : 'apply';
  if (last === undefined || frame.prevSequence === undefined || frame.sequence === undefined) return 'gap';
  if (frame.sequence <= last) return 'skip';
  return frame.prevSequence <= last + 1 ? 'apply' : 'gap';
}

function depthFrames(message: unknown): BookMessage[] {
  const frame = message as { e?: unknown; d?: unknown; b?: unknown; a?: unknown; U?: unknown; u?: unknown; E?: unknown };
  if (!Array.isArray(frame.b) || !Array.isArray(frame.a)) throw new Error('depth push without b/a arrays');
  const sequence = frame.u === undefined ? undefined : Number(frame.u);
  const prevSequence = frame.U === undefined ? undefined : Number(frame.U);
  return [
    {
      // Weex.Net also reads d:"SNAPSHOT" as a snapshot.
      snapshot: frame.e === 'depthSnapshot' || frame.d === 'SNAPSHOT',
      bids: frame.b,
      asks: frame.a,
      sequence: Number.isFinite(sequence) ? sequence : undefined,
      prevSequence: Number.isFinite(prevSequence) ? prevSequence : undefined,
      timestamp: frame.E === undefined ? undefined : Number(frame.E),
    },
  ];
}

// ── payload helpers ─────────────────────────────────────────────────────────────────────────────

function items(message: unknown): unknown[] {
  const data = (message as { d?: unknown }).d;
  if (!Array.isArray(data)) throw new Error('push without a d array');
  return data;
}

function eventTime(message: unknown): number | undefined {
  const time = Number((message as { E?: unknown }).E);
  return Number.isFinite(time) ? time : undefined;
}

/** Spot fees are taken from what was received (base on buys, quote on sells, §3.14); futures in the margin coin. */
function feeCurrencyOf(market: Market, side: 'buy' | 'sell', coin: string | null | undefined): string | undefined {
  if (market.spot) return side === 'buy' ? market.base : market.quote;
  return coin ? coin.toUpperCase() : market.settle;
}

// ── the spec ────────────────────────────────────────────────────────────────────────────────────

/**
 * The stream-engine spec of WEEX (channels, frames, upgrade headers, heartbeat); `WeexExchange` builds it
 * for its `watch*` methods.
 */
export function createWeexWsSpec(options: WeexWsSpecOptions): WsSpec {
  const { urls, context, demo = false, userAgent } = options;

  const socketOf = (spot: boolean, access: 'public' | 'private'): WeexSocketKind => weexSocketOf(urls, demo, spot, access);

  const valueChannel = <T>(endpoint: WeexSocketKind, param: string, parse: (message: unknown) => T[]): WsValueChannel<T> => ({
    endpoint,
    key: weexChannelKey(endpoint, param),
    arg: param,
    private: endpoint.endsWith('private'),
    parse,
  });

  const privateSocket = (market: Market | undefined, method: string): WeexSocketKind => weexPrivateSocket(urls, demo, market, method);

  const marketOf = (id: string, spot: boolean): Market | undefined => context.marketById(id, spot ? 'spot' : 'swap');

  return {
    id: 'weex',
    name: 'WEEX',
    endpoints: Object.fromEntries(Object.entries(urls).filter((entry): entry is [string, string] => entry[1] !== undefined)),
    limits: {
      // §6: ≤ 100 channels per connection; 240 subscribe/unsubscribe operations per connection per hour.
      subscriptionsPerConnection: 100,
      requestsPerHour: 240,
      // §6: 300 connection attempts per IP per 5 minutes. No per-second figure is documented; this only spreads bursts.
      connectionsPerSecond: 10,
      connectionsPerWindow: { limit: 300, windowMs: 300_000 },
      argsPerFrame: 10,
    },
    // §6: the server pings (30 s apart in the captures) and drops a client after 5 unanswered pings;
    // silence for 2.5 intervals means the socket is gone.
    heartbeat: { mode: 'server-ping', timeoutMs: 75_000 },
    credentials: ['apiKey', 'secret', 'passphrase'],
    // Private sockets are signed on the upgrade (§2.2, vector 5); every socket sends a User-Agent.
    upgradeHeaders: (endpoint: string, credentials: Readonly<Credentials>, timestampMs: number) => {
      if (!endpoint.endsWith('private')) return { headers: { 'User-Agent': userAgent }, authenticated: false };
      return {
        headers: { 'User-Agent': userAgent, ...webSocketAuthHeaders(credentials, timestampMs, WS_PRIVATE_SIGN_PATH) },
        authenticated: true,
      };
    },
    upgradeRefusal: weexUpgradeRefusal,
    subscribe: weexSubscribeFrame,
    unsubscribe: weexUnsubscribeFrame,
    parse: parseWeexFrame,
    classifyError: classifyWeexWsError,
    channels: {
      ticker: (market): WsValueChannel<Ticker> =>
        valueChannel(socketOf(market.spot, 'public'), `${market.id}@ticker`, (message) =>
          items(message).map((row) => parseWsTicker(parseWire(wsTickerSchema, row), market.symbol, eventTime(message))),
        ),
      orderBook: (market, depth): WsBookChannel => {
        const choice = WEEX_BOOK_CHANNELS.find((candidate) => depth <= candidate.depth) ?? WEEX_BOOK_CHANNELS[1];
        const endpoint = socketOf(market.spot, 'public');
        const param = `${market.id}@${choice.channel}`;
        return {
          endpoint,
          key: weexChannelKey(endpoint, param),
          arg: param,
          private: false,
          depth: choice.depth,
          snapshot: 'channel',
          // Quantities are base units on spot and futures alike (§3.2).
          amountMultiplier: 1,
          parse: depthFrames,
          sequence: weexBookSequence,
        };
      },
      trades: (market): WsValueChannel<Trade> =>
        valueChannel(socketOf(market.spot, 'public'), `${market.id}@trade`, (message) => {
          // A `tradeSnapshot` repeats recent history on subscribe; the stream yields new trades only.
          if ((message as { e?: unknown }).e === 'tradeSnapshot') return [];
          return items(message).map((row) => parseWsTrade(parseWire(wsTradeSchema, row), market.symbol));
        }),
      ohlcv: (market, timeframe): WsValueChannel<OHLCV> => {
        const interval = weexInterval(market, timeframe);
        return valueChannel(socketOf(market.spot, 'public'), `${market.id}@kline_${interval}_${KLINE_PRICE_TYPE}`, (message) =>
          items(message).map((row) => {
            const raw = parseWire(wsKlineSchema, row);
            return parseCandle([raw.t, raw.o, raw.h, raw.l, raw.c, raw.v]);
          }),
        );
      },
      orders: (market): WsValueChannel<Order> => {
        const endpoint = privateSocket(market, 'watchOrders');
        const spot = endpoint === 'spot-private';
        return valueChannel(endpoint, 'orders', (message) => {
          const out: Order[] = [];
          for (const row of items(message)) {
            const raw = parseWire(wsOrderSchema, row);
            const found = marketOf(raw.symbol, spot);
            if (found) out.push(parseWsOrder(raw, found.symbol, feeCurrencyOf(found, raw.orderSide === 'SELL' ? 'sell' : 'buy', raw.coin)));
          }
          return out;
        });
      },
      myTrades: (market): WsValueChannel<Trade> => {
        const endpoint = privateSocket(market, 'watchMyTrades');
        const spot = endpoint === 'spot-private';
        return valueChannel(endpoint, 'fill', (message) => {
          const out: Trade[] = [];
          for (const row of items(message)) {
            const raw = parseWire(wsFillSchema, row);
            const found = marketOf(raw.symbol, spot);
            if (found) out.push(parseWsFill(raw, found.symbol, feeCurrencyOf(found, raw.orderSide === 'SELL' ? 'sell' : 'buy', raw.coin)));
          }
          return out;
        });
      },
      balance: (type): WsValueChannel<Balances> => {
        checkWeexBalanceType(type);
        const channel = valueChannel(socketOf(true, 'private'), 'account', (message) => [
          parseWsSpotBalances(
            items(message).map((row) => parseWire(wsSpotAccountSchema, row)),
            eventTime(message),
          ),
        ]);
        // Pushes carry the coins that changed: the account is read over REST first.
        return { ...channel, restSnapshot: true };
      },
      positions: (): WsValueChannel<Position> => {
        const channel = valueChannel(socketOf(false, 'private'), 'positions', (message) => {
          const out: Position[] = [];
          for (const row of items(message)) {
            const raw = parseWire(wsPositionSchema, row);
            const found = marketOf(raw.symbol, false);
            if (found) out.push(parseWsPosition(raw, found.symbol));
          }
          return out;
        });
        // No position is pushed on subscribe: open ones are read over REST first.
        return { ...channel, restSnapshot: true };
      },
    },
  };
}
