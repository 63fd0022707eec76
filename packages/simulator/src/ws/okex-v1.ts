/**
 * OKEx v1 WebSocket front-end (protocols/okex-v1.md §6.2, the 2017–2019 WebSocket docs) at `/ws/v1`,
 * fed by the engine through VenueFeed. Every frame the server sends is raw-DEFLATE compressed and
 * binary; client frames are JSON (single-quoted JSON as in the docs is accepted too).
 *
 * - `{'event':'addChannel','channel':…}` (or an array of them) → `addChannel` ack per channel, or
 *   `{"result":false,"error_msg":"param not match.","error_code":20116}` for an unknown channel;
 *   `removeChannel` likewise. Futures are not simulated on v1 (as in REST), so their channels refuse.
 * - `login` with `sign` = MD5 over `api_key=…&secret_key=…`; the private `ok_sub_spot_<pair>_order`
 *   and `_balance` channels need it (10002 otherwise).
 * - `{'event':'ping'}` → `{"event":"pong"}`; no idle close.
 * - `_depth`: the full book (200 levels) first, then only changed levels, amount 0 deleting one;
 *   `_depth_<5|10|20>`: the whole top N each time it changes. No sequence numbers, as on v1.
 */
import { deflateRawSync } from 'node:zlib';
import type { RawData, WebSocket } from 'ws';
import type { SimClock } from '../clock.js';
import { div, type Fixed, formatFixed, ZERO } from '../decimal.js';
import { type BarSpec, barAfter, barStart, DURATION, fixedBar } from '../engine/bars.js';
import type { MarketSpec } from '../engine/markets.js';
import type { BookLevel, BookView, Fill, Order, PublicTrade, Venue } from '../engine/venue.js';
import { type JsonValue, num, toJson } from '../json.js';
import type { KeyStore } from '../keys.js';
import { okexV1Sign } from '../protocols/okex-v1/index.js';
import { BookFeed } from './book-feed.js';
import type { WsFaults } from './faults.js';
import type { PublishedBook, WsFrontEnd } from './server.js';
import { WsSession } from './session.js';
import { VenueFeed } from './venue-feed.js';

export interface OkexV1WsContext {
  venue: Venue;
  keys: KeyStore;
  clock: SimClock;
  faults: WsFaults;
  tickMs: number;
  onBook: (book: PublishedBook) => void;
  wantsBooks: () => boolean;
}

const PATH = '/ws/v1';
/** One socket carries public channels and, after login, the private ones. */
const ENDPOINT = 'ws';
const FULL_DEPTH = 200;
const PARTIAL_DEPTHS = new Set([5, 10, 20]);
/** The deals channel stamps trades with the time of day in China (UTC+8). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** WebSocket kline periods (they differ from kline.do's: `day`, `week`). */
const KLINE_PERIODS: Readonly<Record<string, BarSpec>> = {
  '1min': fixedBar(DURATION.MINUTE),
  '3min': fixedBar(3 * DURATION.MINUTE),
  '5min': fixedBar(5 * DURATION.MINUTE),
  '15min': fixedBar(15 * DURATION.MINUTE),
  '30min': fixedBar(30 * DURATION.MINUTE),
  '1hour': fixedBar(DURATION.HOUR),
  '2hour': fixedBar(2 * DURATION.HOUR),
  '4hour': fixedBar(4 * DURATION.HOUR),
  '6hour': fixedBar(6 * DURATION.HOUR),
  '12hour': fixedBar(12 * DURATION.HOUR),
  day: fixedBar(DURATION.DAY),
  '3day': fixedBar(3 * DURATION.DAY),
  week: fixedBar(7 * DURATION.DAY),
};

type Topic = 'ticker' | 'depth' | 'deals' | 'kline' | 'order' | 'balance';

interface Subscription {
  channel: string;
  topic: Topic;
  market: MarketSpec;
  /** `_depth_<N>`: levels of each full push; undefined for the incremental `_depth`. */
  depth?: number;
  bar?: BarSpec;
}

interface V1Session {
  ws: WsSession;
  accountId?: string;
  subs: Map<string, Subscription>;
  /** Balance push per channel as last sent: pushes go out when the pair's balances moved. */
  balances: Map<string, string>;
}

function fmt(value: Fixed): string {
  return formatFixed(value, 12);
}

function pairOf(market: MarketSpec): string {
  return `${market.base}_${market.quote}`.toLowerCase();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `"16:34:07"`: the deals channel gives the time of day only. */
function chinaTimeOfDay(timeMs: number): string {
  return new Date(timeMs + CHINA_OFFSET_MS).toISOString().slice(11, 19);
}

export class OkexV1WsFrontEnd implements WsFrontEnd {
  readonly id = 'okex-v1' as const;
  readonly #ctx: OkexV1WsContext;
  readonly #sessions = new Set<V1Session>();
  /** The incremental book as last published, per symbol. */
  readonly #feeds = new Map<string, BookFeed>();
  /** The top N as last pushed, per symbol and N. */
  readonly #partials = new Map<string, BookFeed>();
  readonly #feed: VenueFeed;

  constructor(ctx: OkexV1WsContext) {
    this.#ctx = ctx;
    this.#feed = new VenueFeed(ctx.venue, ctx.clock, ctx.tickMs, {
      listening: () => this.#sessions.size > 0 || ctx.wantsBooks(),
      watchesMarket: () => ctx.wantsBooks() || this.#any((sub) => sub.topic !== 'order' && sub.topic !== 'balance'),
      watchesTrades: (market) => this.#any((sub) => sub.topic === 'deals' && sub.market === market),
      books: (markets, now) => {
        for (const market of markets) this.#publishBooks(market, now);
      },
      tickers: (markets, now) => {
        for (const market of markets) this.#pushTicker(market, now);
      },
      candles: (markets, now) => {
        for (const market of markets) this.#pushCandles(market, now);
      },
      trade: (market, trade) => this.#pushDeal(market, trade),
      order: (order, fill) => this.#pushOrder(order, fill),
      position: () => undefined,
      accounts: (accountIds, now) => {
        for (const accountId of accountIds) this.#pushBalances(accountId, now);
      },
    });
  }

  endpointOf(path: string): string | undefined {
    return path === PATH ? ENDPOINT : undefined;
  }

  sessions(): WsSession[] {
    return [...this.#sessions].map((session) => session.ws);
  }

  subscriptions(endpoint?: string): number {
    let count = 0;
    for (const session of this.#sessions) {
      if (!session.ws.closed && (endpoint === undefined || session.ws.endpoint === endpoint)) count += session.subs.size;
    }
    return count;
  }

  /** The incremental (200-level) book as last pushed; v1 books carry no sequence, the number is the simulator's. */
  publishedBook(symbol: string): PublishedBook | undefined {
    const market = this.#ctx.venue.market(symbol);
    const feed = this.#feeds.get(symbol);
    if (!market || !feed) return undefined;
    return this.#published(market, feed);
  }

  accept(socket: WebSocket, endpoint: string): void {
    const session: V1Session = {
      subs: new Map(),
      balances: new Map(),
      ws: new WsSession(socket, {
        exchange: 'okex-v1',
        endpoint,
        faults: this.#ctx.faults,
        idleCloseMs: 0,
        idleClose: { code: 1000, reason: 'idle' },
        onClose: () => this.#sessions.delete(session),
        // Every server frame is raw DEFLATE (no zlib header), sent as binary (§6.2).
        encode: (text) => deflateRawSync(Buffer.from(text, 'utf8')),
      }),
    };
    this.#sessions.add(session);
    socket.on('message', (data: RawData) => {
      session.ws.touch();
      this.#onText(session, data.toString());
    });
  }

  close(): void {
    this.#feed.close();
    for (const session of this.#sessions) session.ws.drop();
    this.#sessions.clear();
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────────

  #onText(session: V1Session, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      // The docs write frames with single quotes: {'event':'addChannel','channel':'…'}.
      try {
        frame = JSON.parse(text.replace(/'/g, '"'));
      } catch {
        frame = undefined;
      }
    }
    const requests = Array.isArray(frame) ? frame : [frame];
    for (const request of requests) {
      if (!isObject(request)) {
        this.#refuse(session, '', 20107);
        continue;
      }
      switch (request.event) {
        case 'ping':
          session.ws.reply(JSON.stringify({ event: 'pong' }));
          break;
        case 'login':
          this.#login(session, request.parameters);
          break;
        case 'addChannel':
          this.#addChannel(session, request.channel);
          break;
        case 'removeChannel':
          this.#removeChannel(session, request.channel);
          break;
        default:
          this.#refuse(session, typeof request.channel === 'string' ? request.channel : '', 20103);
      }
    }
  }

  #reply(session: V1Session, channel: string, data: JsonValue): void {
    session.ws.reply(toJson([{ binary: 0, channel, data }]));
  }

  #refuse(session: V1Session, channel: string, code: number, message = 'param not match.'): void {
    this.#reply(session, channel, { result: false, error_msg: message, error_code: code });
  }

  #login(session: V1Session, parameters: unknown): void {
    const params = isObject(parameters) ? parameters : {};
    const apiKey = typeof params.api_key === 'string' ? params.api_key : '';
    const signature = typeof params.sign === 'string' ? params.sign : '';
    const key = apiKey ? this.#ctx.keys.find('okex-v1', apiKey) : undefined;
    // WS 10005: api_key or sign invalid (§5.4).
    if (!key || !signature || okexV1Sign([['api_key', apiKey]], key.secret) !== signature) {
      this.#reply(session, 'login', { result: false, error_code: 10005 });
      return;
    }
    session.accountId = key.accountId;
    this.#reply(session, 'login', { result: true });
  }

  #addChannel(session: V1Session, channel: unknown): void {
    if (typeof channel !== 'string' || channel === '') {
      this.#refuse(session, '', 20116);
      return;
    }
    const sub = this.#resolve(channel);
    if (!sub) {
      this.#refuse(session, channel, 20116);
      return;
    }
    if ((sub.topic === 'order' || sub.topic === 'balance') && !session.accountId) {
      // WS 10002: authentication failure — private channels follow a login.
      this.#refuse(session, channel, 10002, 'login required');
      return;
    }
    const now = this.#ctx.clock.now();
    // Changes pending for earlier subscribers go out first, so the full push is what increments follow.
    if (sub.topic === 'depth') this.#publishBooks(sub.market, now, true);
    session.subs.set(channel, sub);
    this.#reply(session, 'addChannel', { result: true, channel });
    this.#initialPush(session, sub, now);
  }

  #removeChannel(session: V1Session, channel: unknown): void {
    if (typeof channel !== 'string' || !session.subs.has(channel)) {
      this.#refuse(session, typeof channel === 'string' ? channel : '', 20116);
      return;
    }
    session.subs.delete(channel);
    session.balances.delete(channel);
    this.#reply(session, 'removeChannel', { result: true, channel });
  }

  #resolve(channel: string): Subscription | undefined {
    const match = /^ok_sub_spot_([a-z0-9]+_[a-z0-9]+)_(ticker|depth|depth_\d+|deals|kline_[a-z0-9]+|order|balance)$/.exec(channel);
    if (!match) return undefined;
    const market = this.#ctx.venue.markets.find((candidate) => pairOf(candidate) === match[1]);
    if (!market) return undefined;
    const rest = match[2] as string;
    if (rest.startsWith('depth_')) {
      const depth = Number(rest.slice('depth_'.length));
      return PARTIAL_DEPTHS.has(depth) ? { channel, topic: 'depth', market, depth } : undefined;
    }
    if (rest.startsWith('kline_')) {
      const bar = KLINE_PERIODS[rest.slice('kline_'.length)];
      return bar ? { channel, topic: 'kline', market, bar } : undefined;
    }
    return { channel, topic: rest as Topic, market };
  }

  #initialPush(session: V1Session, sub: Subscription, now: number): void {
    switch (sub.topic) {
      case 'depth': {
        const feed = sub.depth === undefined ? this.#feeds.get(sub.market.symbol) : this.#partial(sub.market, sub.depth, now);
        if (!feed) return;
        const book = feed.snapshot(sub.depth ?? FULL_DEPTH);
        session.ws.push(this.#depthText(sub.channel, book.bids, book.asks, now), this.#label(sub));
        return;
      }
      case 'ticker':
        session.ws.push(this.#tickerText(sub, now), 'ticker');
        return;
      case 'kline':
        session.ws.push(this.#candleText(sub, now), 'kline');
        return;
      default:
        return;
    }
  }

  /** Push labels for faults: `depth` (incremental), `depth_20`, `ticker`… */
  #label(sub: Subscription): string {
    return sub.depth === undefined ? sub.topic : `depth_${sub.depth}`;
  }

  // ── books ────────────────────────────────────────────────────────────────────────────────────

  #publishBooks(market: MarketSpec, now: number, always = false): void {
    const watchers = this.#subscribers((sub) => sub.topic === 'depth' && sub.market === market);
    if (watchers.length === 0 && !always && !this.#ctx.wantsBooks()) return;
    let feed = this.#feeds.get(market.symbol);
    if (!feed) {
      feed = new BookFeed(0);
      this.#feeds.set(market.symbol, feed);
    }
    const view = this.#ctx.venue.book(market.symbol, FULL_DEPTH, now);
    if (!view) return;
    const change = feed.update(view);
    if (change && this.#ctx.wantsBooks()) this.#ctx.onBook(this.#published(market, feed));
    // Each `_depth_<N>` pushes its whole top N, when it moved.
    const partials = new Map<number, { bids: BookLevel[]; asks: BookLevel[] } | undefined>();
    for (const [session, sub] of watchers) {
      if (sub.depth === undefined) {
        if (change) session.ws.push(this.#depthText(sub.channel, change.bids, change.asks, now), 'depth');
        continue;
      }
      if (!partials.has(sub.depth)) {
        const partial = this.#partialFeed(market, sub.depth);
        partials.set(sub.depth, partial.update(topOf(view, sub.depth)) ? partial.snapshot(sub.depth) : undefined);
      }
      const book = partials.get(sub.depth);
      if (book) session.ws.push(this.#depthText(sub.channel, book.bids, book.asks, now), this.#label(sub));
    }
  }

  #partialFeed(market: MarketSpec, depth: number): BookFeed {
    const key = `${market.symbol}:${depth}`;
    let feed = this.#partials.get(key);
    if (!feed) {
      feed = new BookFeed(0);
      this.#partials.set(key, feed);
    }
    return feed;
  }

  /** A partial feed brought up to the engine's book, for a new subscriber's first push. */
  #partial(market: MarketSpec, depth: number, now: number): BookFeed {
    const feed = this.#partialFeed(market, depth);
    const view = this.#ctx.venue.book(market.symbol, depth, now);
    if (view) feed.update(view);
    return feed;
  }

  #depthText(channel: string, bids: readonly BookLevel[], asks: readonly BookLevel[], now: number): string {
    const level = (item: BookLevel) => [fmt(item.price), fmt(item.size)];
    // Asks highest first, as v1 sends them (§3.3).
    const sortedAsks = [...asks].sort((a, b) => (a.price === b.price ? 0 : a.price > b.price ? -1 : 1));
    return toJson([{ binary: 0, channel, data: { asks: sortedAsks.map(level), bids: bids.map(level), timestamp: now } }]);
  }

  #published(market: MarketSpec, feed: BookFeed): PublishedBook {
    const book = feed.snapshot();
    const level = (item: BookLevel): [string, string] => [fmt(item.price), fmt(item.size)];
    return { exchange: 'okex-v1', symbol: market.symbol, sequence: feed.sequence, bids: book.bids.map(level), asks: book.asks.map(level) };
  }

  // ── market data ──────────────────────────────────────────────────────────────────────────────

  #tickerText(sub: Subscription, now: number): string {
    const view = this.#ctx.venue.ticker(sub.market.symbol, now);
    if (!view) throw new Error(`no ticker for ${sub.market.symbol}`);
    return toJson([
      {
        binary: 0,
        channel: sub.channel,
        data: {
          high: fmt(view.high24h),
          vol: fmt(view.volume24h),
          last: fmt(view.last),
          low: fmt(view.low24h),
          buy: fmt(view.bid.price),
          change: fmt(view.last - view.open24h),
          sell: fmt(view.ask.price),
          dayLow: fmt(view.low24h),
          dayHigh: fmt(view.high24h),
          timestamp: now,
        },
      },
    ]);
  }

  #pushTicker(market: MarketSpec, now: number): void {
    for (const [session, sub] of this.#subscribers((candidate) => candidate.topic === 'ticker' && candidate.market === market)) {
      session.ws.push(this.#tickerText(sub, now), 'ticker');
    }
  }

  #pushDeal(market: MarketSpec, trade: PublicTrade): void {
    const watched = this.#subscribers((sub) => sub.topic === 'deals' && sub.market === market);
    if (watched.length === 0) return;
    const deal = [
      String(trade.tradeId),
      fmt(trade.price),
      fmt(trade.amount),
      chinaTimeOfDay(trade.time),
      trade.takerSide === 'buy' ? 'bid' : 'ask',
    ];
    for (const [session, sub] of watched) session.ws.push(toJson([{ binary: 0, channel: sub.channel, data: [deal] }]), 'deals');
  }

  #candleText(sub: Subscription, now: number): string {
    const bar = sub.bar as BarSpec;
    const openTime = barStart(bar, now);
    const candle = this.#ctx.venue.marketData.candle(sub.market, openTime, barAfter(bar, openTime) - openTime, now);
    const row = [String(openTime), fmt(candle.open), fmt(candle.high), fmt(candle.low), fmt(candle.close), fmt(candle.volume)];
    return toJson([{ binary: 0, channel: sub.channel, data: [row] }]);
  }

  #pushCandles(market: MarketSpec, now: number): void {
    for (const [session, sub] of this.#subscribers((candidate) => candidate.topic === 'kline' && candidate.market === market)) {
      session.ws.push(this.#candleText(sub, now), 'kline');
    }
  }

  // ── private pushes ───────────────────────────────────────────────────────────────────────────

  #pushOrder(order: Order, fill: Fill | undefined): void {
    const watched = this.#subscribers(
      (sub, session) => sub.topic === 'order' && sub.market === order.market && session.accountId === order.accountId,
    );
    if (watched.length === 0) return;
    for (const [session, sub] of watched) {
      session.ws.push(
        toJson([
          {
            base: order.market.base.toLowerCase(),
            binary: 0,
            channel: sub.channel,
            data: orderData(order, fill),
            product: 'spot',
            quote: order.market.quote.toLowerCase(),
            // The docs' example says "balance" on the order push and "order" on the balance push.
            type: 'balance',
          },
        ]),
        'order',
      );
    }
  }

  /** Each pair's balance channel carries its two currencies; a push goes out when they moved. */
  #pushBalances(accountId: string, now: number): void {
    const watched = this.#subscribers((sub, session) => sub.topic === 'balance' && session.accountId === accountId);
    if (watched.length === 0) return;
    const views = new Map(this.#ctx.venue.balances(accountId, 'spot', now).map((view) => [view.currency, view]));
    for (const [session, sub] of watched) {
      const free: Record<string, JsonValue> = {};
      const freezed: Record<string, JsonValue> = {};
      for (const currency of [sub.market.base, sub.market.quote]) {
        const view = views.get(currency);
        free[currency.toLowerCase()] = num(fmt(view?.available ?? ZERO));
        freezed[currency.toLowerCase()] = num(fmt(view?.frozen ?? ZERO));
      }
      const data = { info: { free, freezed } };
      const text = toJson(data);
      if (session.balances.get(sub.channel) === text) continue;
      session.balances.set(sub.channel, text);
      session.ws.push(
        toJson([
          {
            base: sub.market.base.toLowerCase(),
            binary: 0,
            channel: sub.channel,
            data,
            product: 'spot',
            quote: sub.market.quote.toLowerCase(),
            type: 'order',
          },
        ]),
        'balance',
      );
    }
  }

  #subscribers(match: (sub: Subscription, session: V1Session) => boolean): Array<[V1Session, Subscription]> {
    const out: Array<[V1Session, Subscription]> = [];
    for (const session of this.#sessions) {
      if (session.ws.closed) continue;
      for (const sub of session.subs.values()) if (match(sub, session)) out.push([session, sub]);
    }
    return out;
  }

  #any(match: (sub: Subscription) => boolean): boolean {
    for (const session of this.#sessions) for (const sub of session.subs.values()) if (match(sub)) return true;
    return false;
  }
}

function topOf(view: BookView, depth: number): BookView {
  return { ...view, bids: view.bids.slice(0, depth), asks: view.asks.slice(0, depth) };
}

/**
 * The `ok_sub_spot_<pair>_order` data (the docs' field list): cumulative `completedTradeAmount`,
 * `tradePrice` (filled value) and `averagePrice`, and this event's fill as `sigTradeAmount` /
 * `sigTradePrice`. Status −1 cancelled, 0 pending, 1 partially filled, 2 filled.
 */
function orderData(order: Order, fill: Fill | undefined): Record<string, JsonValue> {
  const type = order.tags.v1Type ?? order.side;
  const average = order.filled > 0n ? div(order.cost, order.filled) : ZERO;
  const status = order.status === 'live' ? 0 : order.status === 'partially_filled' ? 1 : order.status === 'filled' ? 2 : -1;
  const unitPrice = type === 'buy_market' ? (order.quoteAmount ?? ZERO) : (order.price ?? ZERO);
  return {
    symbol: pairOf(order.market),
    tradeAmount: fmt(order.amount),
    createdDate: String(order.createdAt),
    orderId: num(order.id),
    completedTradeAmount: fmt(order.filled),
    averagePrice: fmt(average),
    tradePrice: fmt(order.cost),
    tradeType: type,
    status,
    tradeUnitPrice: fmt(unitPrice),
    sigTradeAmount: fill ? fmt(fill.amount) : '0',
    sigTradePrice: fill ? fmt(fill.price) : '0',
    unTrade: fmt(type === 'buy_market' ? ZERO : order.amount - order.filled),
  };
}
