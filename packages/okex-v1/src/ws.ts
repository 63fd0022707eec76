/**
 * OKEx v1 WebSocket tables and pure functions (protocols/okex-v1.md §6.2, §5.4; the 2017–2019
 * WebSocket docs): one socket (`/ws/v1`) for spot and futures, raw-DEFLATE binary frames,
 * `addChannel`/`removeChannel` acked per channel name, an MD5-signed login for the private
 * `ok_sub_spot_<pair>_order` / `_balance` pushes, `{'event':'ping'}` every 30 s, channel payloads →
 * unified types, and WS error codes (their own table: the numbers clash with REST).
 *
 * v1 books carry no sequence numbers. The incremental `_depth` channel's first push after a
 * subscribe is the full book; a push that deletes a level cannot be a full one, so one arriving
 * first is a gap, and a book that crosses after a push means one was lost. Both resubscribe. The
 * `_depth_<5|10|20>` channels push the whole top N every time, so a lost push heals itself.
 */
import { inflateRawSync } from 'node:zlib';
import {
  BadRequest,
  type Balances,
  type Credentials,
  type Market,
  type OHLCV,
  type Order,
  type Ticker,
  type Trade,
} from '@exchange-adapters/core';
import {
  type BookMessage,
  type ErrorSpec,
  parseWire,
  type WireBookLevel,
  type WsBookChannel,
  type WsInbound,
  type WsSpec,
  type WsSpecContext,
  type WsValueChannel,
  wireTimeframe,
} from '@exchange-adapters/core/adapter';
import type { OkexV1WsUrls } from './endpoints.js';
import { wsErrorSpecForCode } from './errors.js';
import { type FuturesMarketInfo, isFuturesMarketInfo } from './markets.js';
import {
  normalizeOHLCV,
  normalizeWsBalance,
  normalizeWsDeals,
  normalizeWsFuturesTicker,
  normalizeWsOrder,
  normalizeWsTicker,
} from './normalize.js';
import { wsBalanceSchema, wsDealSchema, wsDepthSchema, wsOrderSchema, wsTickerSchema } from './schemas.js';
import { sign } from './signer.js';
import { checkV1BalanceType, spotOnly, V1_WS_TIMEFRAMES } from './ws-rules.js';

/** What `createOkexV1WsSpec` needs: the socket URL and the exchange's market lookups. */
export interface OkexV1WsSpecOptions {
  /** The socket URL (`OkexV1WsUrls`). */
  urls: OkexV1WsUrls;
  /** Market lookups of the exchange instance. */
  context: WsSpecContext;
}

/** Full-book channels by depth; beyond 20 levels the incremental `_depth` (200 levels) serves. */
const PARTIAL_DEPTHS = [5, 10, 20] as const;
const INCREMENTAL_DEPTH = 200;
/** Every balance channel of the account shares one subscription. */
const BALANCE_KEY = 'balances:spot';

// ── frames ──────────────────────────────────────────────────────────────────────────────────────

/** A subscription argument: one channel name, or several that make one subscription (balances of every pair). */
type V1Arg = string | readonly string[];

function channelsOf(args: readonly unknown[]): string[] {
  return args.flatMap((arg) => (Array.isArray(arg) ? (arg as string[]) : [String(arg)]));
}

function eventFrame(event: 'addChannel' | 'removeChannel', args: readonly unknown[]): string {
  const requests = channelsOf(args).map((channel) => ({ event, channel }));
  // One request is an object; several go out as an array (batch register, §6.2).
  return JSON.stringify(requests.length === 1 ? requests[0] : requests);
}

/** The `addChannel` frame(s) for channel args. */
export function v1SubscribeFrame(args: readonly unknown[]): string {
  return eventFrame('addChannel', args);
}

/** The `removeChannel` frame(s) for channel args. */
export function v1UnsubscribeFrame(args: readonly unknown[]): string {
  return eventFrame('removeChannel', args);
}

/** `{"event":"login","parameters":{"api_key","sign"}}` with sign = MD5 over `api_key=…&secret_key=…` (§4, V2). Secret. */
export function v1LoginFrame(credentials: Readonly<Credentials>): string {
  const apiKey = credentials.apiKey ?? '';
  return JSON.stringify({ event: 'login', parameters: { api_key: apiKey, sign: sign({ api_key: apiKey }, credentials.secret ?? '') } });
}

/** Server frames are raw DEFLATE without a zlib header (§6.2). */
export function inflateV1Frame(data: Uint8Array): string {
  return inflateRawSync(data).toString('utf8');
}

/** The subscription key a channel's pushes and acks belong to. */
export function v1ChannelKey(channel: string): string {
  return /^ok_sub_spot_[a-z0-9]+_[a-z0-9]+_balance$/.test(channel) ? BALANCE_KEY : channel;
}

interface V1Item {
  channel?: unknown;
  data?: unknown;
  success?: unknown;
  errorcode?: unknown;
  event?: unknown;
}

function readItem(item: unknown): WsInbound {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return { type: 'ignore' };
  const { channel, data, success, errorcode, event } = item as V1Item;
  if (event === 'pong') return { type: 'pong' };
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  const refused = record?.result === false || record?.result === 'false' || success === false;
  const code = record?.error_code ?? errorcode;
  const message = typeof record?.error_msg === 'string' ? record.error_msg : undefined;
  if (channel === 'login') {
    return refused ? { type: 'error', code: String(code ?? '10005'), message } : { type: 'login' };
  }
  if (channel === 'addChannel' || channel === 'removeChannel') {
    const named = typeof record?.channel === 'string' ? v1ChannelKey(record.channel) : undefined;
    if (refused) return { type: 'error', code: String(code ?? '20116'), message, key: named };
    if (!named) return { type: 'ignore' };
    return channel === 'addChannel' ? { type: 'subscribed', key: named } : { type: 'unsubscribed', key: named };
  }
  if (typeof channel !== 'string') return { type: 'notice', message: item };
  // A refusal names the channel asked for: {"channel":"<asked>","data":{"result":false,"error_code":20116}}.
  if (refused || (code !== undefined && code !== '' && code !== null)) {
    // The balance subscription spans every pair of the market table: a pair this venue does not
    // list is skipped (and logged), the other pairs' balances still stream.
    if (v1ChannelKey(channel) === BALANCE_KEY) return { type: 'notice', message: item };
    return { type: 'error', code: String(code ?? ''), message, key: v1ChannelKey(channel) };
  }
  return { type: 'data', key: v1ChannelKey(channel), message: item };
}

/** Reads one (inflated) frame: an array of channel messages, or a bare `{"event":"pong"}`. */
export function parseV1Frame(text: string): WsInbound | WsInbound[] {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { type: 'notice', message: text.slice(0, 200) };
  }
  return Array.isArray(message) ? message.map(readItem) : readItem(message);
}

/** The error kind and hint of an OKEx v1 WebSocket `errorcode`. */
export function classifyV1WsError(code: string, message: string | undefined): ErrorSpec {
  return wsErrorSpecForCode(code, message);
}

// ── payload helpers ─────────────────────────────────────────────────────────────────────────────

function dataOf(message: unknown): unknown {
  return (message as { data?: unknown }).data;
}

function rowsOf(message: unknown): unknown[] {
  const data = dataOf(message);
  if (!Array.isArray(data)) throw new Error('push without a data array');
  return data;
}

/**
 * Book frames of a depth push. On the incremental channel a push that deletes a level (amount 0)
 * is certainly a change; any other push might be the full book, which only its position tells.
 */
function depthFrames(message: unknown, full: boolean): BookMessage[] {
  const data = parseWire(wsDepthSchema, dataOf(message));
  const deletes = (levels: readonly (readonly unknown[])[]) => levels.some((level) => Number(level[1]) === 0);
  return [
    {
      snapshot: full ? true : deletes(data.bids) || deletes(data.asks) ? false : undefined,
      // Futures levels are [price, contracts, coin, cumulative coin, cumulative contracts]: the first two are the book.
      bids: data.bids as WireBookLevel[],
      asks: data.asks as WireBookLevel[],
      timestamp: data.timestamp === undefined ? undefined : Number(data.timestamp),
    },
  ];
}

function futuresInfo(market: Market): FuturesMarketInfo {
  if (!isFuturesMarketInfo(market.info)) {
    throw new BadRequest({
      exchange: 'okex-v1',
      message: `${market.symbol} is not a v1 futures market`,
      hint: 'Use a futures symbol such as BTC/USD:BTC-190628 from exchange.markets.',
    });
  }
  return market.info;
}

/** `ok_sub_futureusd_<coin>` of a futures market: its coin and contract type name the channel. */
function futuresPrefix(market: Market): { prefix: string; contract: string } {
  const info = futuresInfo(market);
  return { prefix: `ok_sub_futureusd_${info.pair.split('_')[0]}`, contract: info.contractType };
}

// ── the spec ────────────────────────────────────────────────────────────────────────────────────

/**
 * The stream-engine spec of OKEx v1 (channels, frames, login, heartbeat); `OkexV1Exchange` builds it for
 * its `watch*` methods.
 */
export function createOkexV1WsSpec(options: OkexV1WsSpecOptions): WsSpec {
  const { urls, context } = options;

  const valueChannel = <T>(
    channel: string,
    parse: (message: unknown, receivedMs: number) => T[],
    isPrivate = false,
  ): WsValueChannel<T> => ({
    endpoint: 'ws',
    key: v1ChannelKey(channel),
    arg: channel satisfies V1Arg,
    private: isPrivate,
    parse,
  });

  const ordersChannel = (market: Market | undefined, method: string): WsValueChannel<Order> => {
    const spot = spotOnly(market, method);
    return valueChannel(
      `ok_sub_spot_${spot.id}_order`,
      (message) => {
        const wire = parseWire(wsOrderSchema, dataOf(message));
        // The push names its pair; a foreign pair on this channel is dropped rather than misfiled.
        return wire.symbol === spot.id ? [normalizeWsOrder(wire, spot.symbol)] : [];
      },
      true,
    );
  };

  return {
    id: 'okex-v1',
    name: 'OKEx',
    endpoints: { ws: urls.ws },
    limits: {
      // v1 documents no per-connection or rate limits for its socket; these keep a client polite.
      subscriptionsPerConnection: 100,
      connectionsPerSecond: 3,
      argsPerFrame: 20,
    },
    // §6.2: the client sends {'event':'ping'} every 30 s and reconnects when no pong comes back.
    heartbeat: { mode: 'interval', ping: JSON.stringify({ event: 'ping' }), intervalMs: 30_000, timeoutMs: 40_000 },
    credentials: ['apiKey', 'secret'],
    login: (credentials) => v1LoginFrame(credentials),
    subscribe: v1SubscribeFrame,
    unsubscribe: v1UnsubscribeFrame,
    parse: parseV1Frame,
    decodeBinary: inflateV1Frame,
    classifyError: classifyV1WsError,
    // Order pushes carry cumulative fills and no fill ids; v1 has no fills channel (§6.2).
    fillsFromOrders: true,
    channels: {
      ticker: (market): WsValueChannel<Ticker> => {
        if (market.spot) {
          return valueChannel(`ok_sub_spot_${market.id}_ticker`, (message, receivedMs) => [
            normalizeWsTicker(parseWire(wsTickerSchema, dataOf(message)), market.symbol, receivedMs),
          ]);
        }
        const { prefix, contract } = futuresPrefix(market);
        return valueChannel(`${prefix}_ticker_${contract}`, (message, receivedMs) => {
          const wire = parseWire(wsTickerSchema, dataOf(message));
          // `this_week` names another contract after a delivery: such pushes are not this market's.
          if (wire.contractId !== undefined && String(wire.contractId) !== market.id) return [];
          return [normalizeWsFuturesTicker(wire, market.symbol, market.contractSize ?? 0, receivedMs)];
        });
      },
      orderBook: (market, depth): WsBookChannel => {
        const partial = PARTIAL_DEPTHS.find((candidate) => depth <= candidate);
        let channel: string;
        if (market.spot) channel = `ok_sub_spot_${market.id}_depth${partial ? `_${partial}` : ''}`;
        else {
          const { prefix, contract } = futuresPrefix(market);
          channel = `${prefix}_depth_${contract}${partial ? `_${partial}` : ''}`;
        }
        return {
          endpoint: 'ws',
          key: channel,
          arg: channel,
          private: false,
          depth: partial ?? INCREMENTAL_DEPTH,
          snapshot: partial ? 'channel' : 'first-push',
          // Spot sizes are base units; futures sizes are contracts, the market's amount unit.
          amountMultiplier: 1,
          parse: (message) => depthFrames(message, partial !== undefined),
        };
      },
      trades: (market): WsValueChannel<Trade> => {
        const channel = market.spot
          ? `ok_sub_spot_${market.id}_deals`
          : `${futuresPrefix(market).prefix}_trade_${futuresPrefix(market).contract}`;
        return valueChannel(channel, (message, receivedMs) =>
          normalizeWsDeals(
            rowsOf(message).map((row) => parseWire(wsDealSchema, row)),
            market.symbol,
            receivedMs,
            market.spot ? undefined : market.contractSize,
          ),
        );
      },
      ohlcv: (market, timeframe): WsValueChannel<OHLCV> => {
        const period = wireTimeframe('okex-v1', V1_WS_TIMEFRAMES, timeframe);
        const channel = market.spot
          ? `ok_sub_spot_${market.id}_kline_${period}`
          : `${futuresPrefix(market).prefix}_kline_${futuresPrefix(market).contract}_${period}`;
        return valueChannel(channel, (message) => normalizeOHLCV(rowsOf(message) as Array<Array<string | number>>));
      },
      orders: (market) => ordersChannel(market, 'watchOrders'),
      balance: (type): WsValueChannel<Balances> => {
        checkV1BalanceType(type);
        const pairs = (context.markets?.() ?? []).filter((market) => market.spot).map((market) => market.id);
        const channels = pairs.map((pair) => `ok_sub_spot_${pair}_balance`);
        return {
          endpoint: 'ws',
          key: BALANCE_KEY,
          // One subscription over every pair's channel: each push carries that pair's two currencies.
          arg: channels,
          private: true,
          parse: (message) => [normalizeWsBalance(parseWire(wsBalanceSchema, dataOf(message)))],
          restSnapshot: true,
        };
      },
    },
  };
}
