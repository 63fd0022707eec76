/**
 * OKX v5 WebSocket tables and pure functions (protocols/okx-v5.md §2.2, §6): endpoints per socket
 * kind, frames, the login (vector F), the `ping`/`pong` heartbeat, the channel table, payload →
 * unified types (the REST normalizers, so linear books and fills are in base units the same way),
 * the `seqId`/`prevSeqId` rule and the legacy CRC-32 checksum; error and close codes are ws-errors.ts.
 */
import type { Balances, Credentials, Market, MarketType, OHLCV, Order, Position, Ticker, Trade } from '@exchange-adapters/core';
import {
  type BookMessage,
  parseWire,
  type SequenceVerdict,
  type WireLevelText,
  type WsBookChannel,
  type WsInbound,
  type WsSpec,
  type WsSpecContext,
  type WsValueChannel,
  wireTimeframe,
} from '@exchange-adapters/core/adapter';
import type { OkxEnvironment, OkxWsUrls } from './endpoints.js';
import { environmentMismatchHint } from './errors.js';
import {
  normalizeBalance,
  normalizeCandles,
  normalizeFill,
  normalizeOrder,
  normalizePosition,
  normalizeTicker,
  normalizeTrade,
} from './normalize.js';
import {
  balanceSchema,
  candleSchema,
  type OkxFill,
  type OkxPosition,
  orderSchema,
  positionSchema,
  tickerSchema,
  tradeSchema,
} from './schemas.js';
import { okxWsLoginMessage } from './signer.js';
import { classifyOkxWsError, OKX_WS_CLOSE_CODES } from './ws-errors.js';

/** What `createOkxWsSpec` needs: socket URLs, timeframe names and the exchange's market lookups. */
export interface OkxWsSpecOptions {
  /** The public, private and business socket URLs. */
  urls: OkxWsUrls;
  /** Unified timeframe → OKX bar (`1h` → `1H`); candle channels are `candle` + bar. */
  timeframes: Readonly<Record<string, string>>;
  /** Market lookups of the exchange instance. */
  context: WsSpecContext;
  /**
   * The environment the instance trades in: a login refused with 50101 (a key of another
   * environment) then names it and the others, as REST does. Without it the hint is the table's.
   */
  environment?: OkxEnvironment;
}

/** Book channels by depth: `bbo-tbt` (1 level, every 10 ms), `books5` (5, every 100 ms), `books` (400, deltas). */
export const OKX_BOOK_CHANNELS = [
  { channel: 'bbo-tbt', depth: 1 },
  { channel: 'books5', depth: 5 },
  { channel: 'books', depth: 400 },
] as const;

/** Levels per side the legacy checksum covers (§6.5). */
const CHECKSUM_DEPTH = 25;

const WIRE_TO_MARKET_TYPE: Partial<Record<string, MarketType>> = { SPOT: 'spot', MARGIN: 'spot', SWAP: 'swap', FUTURES: 'future' };

const CLOSE_HINTS: Record<number, string> = {
  4001: 'OKX closed the connection: login failed. Check apiKey, secret and passphrase and the environment (demo, region).',
  4002: 'OKX closed the connection after an invalid request.',
  4003: 'OKX closed the connection: too many subscriptions on it.',
  4004: 'OKX closed the connection after 30 s without data; it reconnects by itself.',
  4005: "OKX closed the connection: the client did not read fast enough and OKX's buffer filled.",
  4006: 'OKX closed the connection abnormally; it reconnects by itself.',
  4007: 'OKX closed the connection: the API key changed (deleted or its permissions edited).',
  4008: 'OKX closed the connection: too many channels subscribed.',
};

// ── frames ──────────────────────────────────────────────────────────────────────────────────────

interface OkxArg {
  channel?: unknown;
  instId?: unknown;
  instType?: unknown;
  ccy?: unknown;
}

/** The key of a subscription argument, identical for the subscribe arg, its ack and its pushes. */
export function okxChannelKey(arg: OkxArg): string {
  const scope = arg.instId ?? arg.instType ?? arg.ccy ?? '';
  return `${String(arg.channel)}:${String(scope)}`;
}

/** Reads one text frame: `pong`, acks, login replies, error frames, notices and pushes. */
export function parseOkxFrame(text: string): WsInbound {
  if (text === 'pong') return { type: 'pong' };
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { type: 'notice', message: text.slice(0, 200) };
  }
  if (typeof message !== 'object' || message === null) return { type: 'ignore' };
  const frame = message as { event?: unknown; arg?: unknown; data?: unknown; code?: unknown; msg?: unknown; id?: unknown };
  // `arg` names the subscription; anything but an object (null included) names none.
  const arg = typeof frame.arg === 'object' && frame.arg !== null ? (frame.arg as OkxArg) : undefined;
  if (arg !== undefined && frame.data !== undefined && frame.event === undefined) {
    return { type: 'data', key: okxChannelKey(arg), message };
  }
  const code = frame.code === undefined ? undefined : String(frame.code);
  const text_ = typeof frame.msg === 'string' ? frame.msg : undefined;
  const requestId = typeof frame.id === 'string' ? frame.id : undefined;
  switch (frame.event) {
    case 'subscribe':
      return arg ? { type: 'subscribed', key: okxChannelKey(arg) } : { type: 'ignore' };
    case 'unsubscribe':
      return arg ? { type: 'unsubscribed', key: okxChannelKey(arg) } : { type: 'ignore' };
    case 'login':
      return code === undefined || code === '0' ? { type: 'login' } : { type: 'error', code, message: text_, requestId };
    case 'error':
      return { type: 'error', code: code ?? '', message: text_, requestId };
    case 'channel-conn-count':
    case 'channel-conn-count-error':
    case 'notice':
      return { type: 'notice', message };
    default:
      return { type: 'ignore' };
  }
}

export function okxSubscribeFrame(args: readonly unknown[], id: string): string {
  return JSON.stringify({ id, op: 'subscribe', args });
}

export function okxUnsubscribeFrame(args: readonly unknown[], id: string): string {
  return JSON.stringify({ id, op: 'unsubscribe', args });
}

/** The login frame, timestamp in Unix seconds (§2.2; vector F). Secret. */
export function okxLoginFrame(credentials: Readonly<Credentials>, timestampMs: number): string {
  const { apiKey = '', secret = '', passphrase = '' } = credentials;
  return JSON.stringify(okxWsLoginMessage({ apiKey, secret, passphrase }, Math.floor(timestampMs / 1000)));
}

// ── books ───────────────────────────────────────────────────────────────────────────────────────

/**
 * `books` sequencing (§6.4): a frame applies when its `prevSeqId` is the last `seqId` — which also
 * covers the no-change heartbeat (seqId = prevSeqId) and the post-maintenance reset (seqId <
 * prevSeqId). A frame at or behind the last one is a duplicate; anything else is a gap. Full
 * snapshots (books5, bbo-tbt, a repeated `books` snapshot) apply unless they are older.
 */
export function okxBookSequence(last: number | undefined, frame: BookMessage): SequenceVerdict {
  if (frame.snapshot) return last !== undefined && frame.sequence !== undefined && frame.sequence < last ? 'skip' : 'apply';
  if (last === undefined || frame.prevSequence === undefined || frame.sequence === undefined) return 'gap';
  if (frame.prevSequence === last) return 'apply';
  if (frame.sequence <= last && frame.prevSequence < frame.sequence) return 'skip';
  return 'gap';
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (IEEE) of a string's UTF-8 bytes, as a signed 32-bit integer. */
export function crc32Signed(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = (CRC_TABLE[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ -1) | 0;
}

/**
 * The legacy book checksum (§6.5): the first 25 levels interleaved `bid:size:ask:size:…` with the
 * exact wire strings, CRC-32 signed. Deprecated by OKX in 2026 (always 0 = absent), kept for
 * recordings made before.
 */
export function okxBookChecksum(bids: readonly WireLevelText[], asks: readonly WireLevelText[]): number {
  const parts: string[] = [];
  const count = Math.max(bids.length, asks.length);
  for (let i = 0; i < count; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid) parts.push(bid[0], bid[1]);
    if (ask) parts.push(ask[0], ask[1]);
  }
  return crc32Signed(parts.join(':'));
}

interface OkxBookData {
  bids?: unknown;
  asks?: unknown;
  ts?: unknown;
  seqId?: unknown;
  prevSeqId?: unknown;
  checksum?: unknown;
}

function bookFrames(message: unknown, fullSnapshots: boolean): BookMessage[] {
  const { data, action } = message as { data?: unknown; action?: unknown };
  if (!Array.isArray(data)) throw new Error('book push without a data array');
  const frames: BookMessage[] = [];
  for (const item of data as OkxBookData[]) {
    if (!Array.isArray(item?.bids) || !Array.isArray(item.asks)) throw new Error('book push without bids/asks arrays');
    const checksum = item.checksum === undefined ? undefined : Number(item.checksum);
    frames.push({
      snapshot: fullSnapshots || action === 'snapshot',
      bids: item.bids,
      asks: item.asks,
      sequence: item.seqId === undefined ? undefined : Number(item.seqId),
      prevSequence: item.prevSeqId === undefined ? undefined : Number(item.prevSeqId),
      timestamp: item.ts === undefined ? undefined : Number(item.ts),
      checksum: checksum === undefined || Number.isNaN(checksum) ? undefined : checksum,
    });
  }
  return frames;
}

/** Wire size → unified amount: contracts × contract value for linear contracts (base units), as REST. */
export function okxAmountMultiplier(market: Market): number {
  return market.contract && market.amountUnit === 'base' && market.contractSize ? market.contractSize : 1;
}

// ── private payloads ───────────────────────────────────────────────────────────────────────────

function rows(message: unknown): unknown[] {
  const data = (message as { data?: unknown }).data;
  if (!Array.isArray(data)) throw new Error('push without a data array');
  return data;
}

/** The fill an `orders` push carries (fillSz > 0), shaped as a REST fill so it normalizes the same way. */
export function fillOfOrderPush(raw: Record<string, unknown>): OkxFill | undefined {
  const fillSz = Number(raw.fillSz);
  const tradeId = raw.tradeId;
  if (!(fillSz > 0) || (typeof tradeId !== 'string' && typeof tradeId !== 'number') || String(tradeId) === '') return undefined;
  const fillTime = raw.fillTime === '' ? undefined : (raw.fillTime as string | undefined);
  return {
    instType: raw.instType,
    instId: String(raw.instId),
    tradeId: String(tradeId),
    ordId: String(raw.ordId),
    clOrdId: typeof raw.clOrdId === 'string' ? raw.clOrdId : undefined,
    billId: '',
    fillPx: raw.fillPx as string,
    fillSz: raw.fillSz as string,
    side: raw.side as 'buy' | 'sell',
    execType: typeof raw.execType === 'string' ? raw.execType : undefined,
    fee: (raw.fillFee as string | undefined) || undefined,
    feeCcy: (raw.fillFeeCcy as string | undefined) || undefined,
    fillTime,
    ts: fillTime ?? (raw.uTime as string),
  } as OkxFill;
}

/** A position OKX reports flat (`pos` "0"): reported with amount 0 so watchers see it close. */
function flatPosition(raw: OkxPosition, market: Market): Position {
  return {
    symbol: market.symbol,
    side: raw.posSide === 'short' ? 'short' : 'long',
    amount: 0,
    contracts: 0,
    entryPrice: Number(raw.avgPx) || 0,
    markPrice: raw.markPx === undefined || raw.markPx === '' ? undefined : Number(raw.markPx),
    unrealizedPnl: 0,
    leverage: Number(raw.lever) || 1,
    marginMode: raw.mgnMode === 'isolated' ? 'isolated' : 'cross',
    info: raw,
  };
}

// ── the spec ────────────────────────────────────────────────────────────────────────────────────

/**
 * The stream-engine spec of OKX (channels, frames, login, heartbeat, book checksum); `OkxExchange` builds
 * it for its `watch*` methods.
 */
export function createOkxWsSpec(options: OkxWsSpecOptions): WsSpec {
  const { urls, timeframes, context, environment } = options;
  const marketOf = (row: { instId?: unknown; instType?: unknown }): Market | undefined =>
    context.marketById(String(row.instId), WIRE_TO_MARKET_TYPE[String(row.instType)]);

  const ordersArg = { channel: 'orders', instType: 'ANY' };

  const orders: WsValueChannel<Order> = {
    endpoint: 'private',
    key: okxChannelKey(ordersArg),
    arg: ordersArg,
    private: true,
    parse: (message) => {
      const out: Order[] = [];
      for (const row of rows(message)) {
        const raw = parseWire(orderSchema, row);
        const market = marketOf(raw);
        if (market) out.push(normalizeOrder(raw, market));
      }
      return out;
    },
  };

  const myTrades: WsValueChannel<Trade> = {
    ...orders,
    parse: (message) => {
      const out: Trade[] = [];
      for (const row of rows(message)) {
        const raw = parseWire(orderSchema, row) as Record<string, unknown>;
        const fill = fillOfOrderPush(raw);
        const market = fill && marketOf(raw as { instId?: unknown; instType?: unknown });
        if (fill && market) out.push(normalizeFill(fill, market));
      }
      return out;
    },
  } as WsValueChannel<Trade>;

  return {
    id: 'okx',
    name: 'OKX',
    endpoints: { public: urls.public, private: urls.private, business: urls.business },
    limits: {
      // §6.2: many deep books go over several connections, fewer than 30 channels each.
      subscriptionsPerConnection: 30,
      // §6.1: 3 new connections per second per IP; 480 subscribe/unsubscribe/login per hour per connection.
      connectionsPerSecond: 3,
      requestsPerHour: 480,
      argsPerFrame: 20,
    },
    // §6.1: text `ping` after less than 30 s of silence, `pong` back; no pong → reconnect.
    heartbeat: { mode: 'idle', ping: 'ping', idleMs: 25_000, timeoutMs: 10_000 },
    credentials: ['apiKey', 'secret', 'passphrase'],
    login: okxLoginFrame,
    subscribe: okxSubscribeFrame,
    unsubscribe: okxUnsubscribeFrame,
    parse: parseOkxFrame,
    classifyError: (code, message) => {
      const spec = classifyOkxWsError(code, message);
      return code === '50101' && environment ? { ...spec, hint: environmentMismatchHint(environment, urls.private) } : spec;
    },
    closeCodes: Object.fromEntries(
      Object.entries(OKX_WS_CLOSE_CODES).map(([code, kind]) => [Number(code), { kind, hint: CLOSE_HINTS[Number(code)] ?? '' }]),
    ),
    channels: {
      ticker: (market): WsValueChannel<Ticker> => {
        const arg = { channel: 'tickers', instId: market.id };
        return {
          endpoint: 'public',
          key: okxChannelKey(arg),
          arg,
          private: false,
          parse: (message) => rows(message).map((row) => normalizeTicker(parseWire(tickerSchema, row), market)),
        };
      },
      orderBook: (market, depth): WsBookChannel => {
        const choice = OKX_BOOK_CHANNELS.find((candidate) => depth <= candidate.depth) ?? OKX_BOOK_CHANNELS[2];
        const arg = { channel: choice.channel, instId: market.id };
        const fullSnapshots = choice.channel !== 'books';
        return {
          endpoint: 'public',
          key: okxChannelKey(arg),
          arg,
          private: false,
          depth: choice.depth,
          snapshot: 'channel',
          amountMultiplier: okxAmountMultiplier(market),
          parse: (message) => bookFrames(message, fullSnapshots),
          sequence: okxBookSequence,
          checksum: fullSnapshots ? undefined : okxBookChecksum,
          checksumDepth: CHECKSUM_DEPTH,
        };
      },
      trades: (market): WsValueChannel<Trade> => {
        const arg = { channel: 'trades', instId: market.id };
        return {
          endpoint: 'public',
          key: okxChannelKey(arg),
          arg,
          private: false,
          parse: (message) => rows(message).map((row) => normalizeTrade(parseWire(tradeSchema, row), market)),
        };
      },
      ohlcv: (market, timeframe): WsValueChannel<OHLCV> => {
        const arg = { channel: `candle${wireTimeframe('okx', timeframes, timeframe)}`, instId: market.id };
        return {
          // Candles live on the business socket (§6.2).
          endpoint: 'business',
          key: okxChannelKey(arg),
          arg,
          private: false,
          parse: (message) => rows(message).flatMap((row) => normalizeCandles([parseWire(candleSchema, row)], market)),
        };
      },
      orders: () => orders,
      myTrades: () => myTrades,
      balance: (): WsValueChannel<Balances> => {
        const arg = { channel: 'account' };
        return {
          endpoint: 'private',
          key: okxChannelKey(arg),
          arg,
          private: true,
          parse: (message) => rows(message).map((row) => normalizeBalance(parseWire(balanceSchema, row))),
        };
      },
      positions: (): WsValueChannel<Position> => {
        const arg = { channel: 'positions', instType: 'ANY' };
        return {
          endpoint: 'private',
          key: okxChannelKey(arg),
          arg,
          private: true,
          parse: (message) => {
            const out: Position[] = [];
            for (const row of rows(message)) {
              const raw = parseWire(positionSchema, row);
              const market = marketOf(raw);
              if (market) out.push(normalizePosition(raw, market) ?? flatPosition(raw, market));
            }
            return out;
          },
        };
      },
    },
  };
}
