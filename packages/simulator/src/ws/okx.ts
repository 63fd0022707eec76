/**
 * OKX v5 WebSocket front-end (protocols/okx-v5.md §2.2, §6): `/ws/v5/public`, `/ws/v5/private` and
 * `/ws/v5/business` on the REST port, fed by the engine. Every book change goes out as a `books`
 * delta with real `prevSeqId`/`seqId` (and as `books5`/`bbo-tbt` snapshots), every trade, order
 * update (one push per fill), balance and position change is pushed; login is checked like OKX
 * (30 s window, error codes 600xx), `ping` is answered with `pong`, and a connection without traffic
 * for 30 s (configurable) is closed with 4004.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import type { SimClock } from '../clock.js';
import { formatFixed, ZERO } from '../decimal.js';
import { type BarSpec, barAfter, barStart } from '../engine/bars.js';
import type { MarketSpec } from '../engine/markets.js';
import type { Fill, Order, Position, PositionView, PublicTrade, Venue, VenueEvent } from '../engine/venue.js';
import type { JsonValue } from '../json.js';
import type { KeyStore } from '../keys.js';
import { accountPayload } from '../protocols/okx/account.js';
import * as format from '../protocols/okx/format.js';
import { BARS } from '../protocols/okx/index.js';
import type { Prng } from '../random.js';
import { BookFeed } from './book-feed.js';
import type { WsFaults } from './faults.js';
import type { PublishedBook, WsFrontEnd } from './server.js';
import { WsSession } from './session.js';

export interface OkxWsContext {
  venue: Venue;
  keys: KeyStore;
  clock: SimClock;
  faults: WsFaults;
  prng: Prng;
  idleCloseMs: number;
  /** How often the market is re-read for time-driven changes while someone watches market data. */
  tickMs: number;
  onBook: (book: PublishedBook) => void;
  wantsBooks: () => boolean;
}

const PATHS: Readonly<Record<string, string>> = {
  '/ws/v5/public': 'public',
  '/ws/v5/private': 'private',
  '/ws/v5/business': 'business',
};

const PUBLIC_CHANNELS = new Set(['tickers', 'books', 'books5', 'bbo-tbt', 'trades']);
const PRIVATE_CHANNELS = new Set(['orders', 'account', 'positions']);
const BOOK_CHANNELS = ['books', 'books5', 'bbo-tbt'] as const;
const ORDER_INST_TYPES = new Set(['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION', 'ANY']);
const POSITION_INST_TYPES = new Set(['MARGIN', 'SWAP', 'FUTURES', 'OPTION', 'ANY']);
const LOGIN_WINDOW_S = 30;
const BOOK_DEPTH = 400;
const MAX_TRADE_BUCKETS = 20;

interface Subscription {
  key: string;
  channel: string;
  /** The argument as the client sent it, echoed in acks and pushes. */
  arg: Record<string, string>;
  market?: MarketSpec;
  bar?: BarSpec;
  instType?: string;
}

interface OkxSession {
  ws: WsSession;
  endpoint: string;
  connId: string;
  ip: string;
  accountId?: string;
  uid?: string;
  subs: Map<string, Subscription>;
}

class Refusal {
  constructor(
    readonly code: string,
    readonly msg: string,
  ) {}
}

function keyOf(arg: Record<string, string>): string {
  return `${arg.channel}:${arg.instId ?? arg.instType ?? arg.ccy ?? ''}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export class OkxWsFrontEnd implements WsFrontEnd {
  readonly id = 'okx' as const;
  readonly #ctx: OkxWsContext;
  readonly #sessions = new Set<OkxSession>();
  readonly #feeds = new Map<string, BookFeed>();
  readonly #tradeBuckets = new Map<string, number>();
  #events: VenueEvent[] = [];
  #scheduled = false;
  readonly #tick: NodeJS.Timeout;
  readonly #unsubscribe: () => void;

  constructor(ctx: OkxWsContext) {
    this.#ctx = ctx;
    this.#unsubscribe = ctx.venue.onEvents((events) => this.#queue(events));
    // Time moves the synthetic market: re-read it while anyone watches market data.
    this.#tick = setInterval(() => {
      if (this.#watchesMarket()) ctx.venue.sync(ctx.clock.now());
    }, ctx.tickMs);
    this.#tick.unref();
  }

  endpointOf(path: string): string | undefined {
    return PATHS[path];
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

  /** The book as last pushed, in wire units (contracts for swaps), best first. */
  publishedBook(symbol: string): PublishedBook | undefined {
    const market = this.#ctx.venue.market(symbol);
    const feed = this.#feeds.get(symbol);
    if (!market || !feed) return undefined;
    return this.#published(market, feed);
  }

  accept(socket: WebSocket, endpoint: string, ip: string): void {
    const session: OkxSession = {
      endpoint,
      ip,
      connId: this.#ctx.prng.hex(8),
      subs: new Map(),
      ws: new WsSession(socket, {
        exchange: 'okx',
        endpoint,
        faults: this.#ctx.faults,
        idleCloseMs: this.#ctx.idleCloseMs,
        idleClose: { code: 4004, reason: 'No data received in 30s.' },
        onClose: () => this.#sessions.delete(session),
      }),
    };
    this.#sessions.add(session);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      session.ws.touch();
      if (isBinary) this.#error(session, undefined, '60012', 'Illegal request: binary frame');
      else this.#onText(session, data.toString());
    });
  }

  close(): void {
    this.#unsubscribe();
    clearInterval(this.#tick);
    for (const session of this.#sessions) session.ws.drop();
    this.#sessions.clear();
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────────

  #onText(session: OkxSession, text: string): void {
    if (text === 'ping') {
      session.ws.reply('pong');
      return;
    }
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    if (!isObject(frame)) {
      this.#error(session, undefined, '60012', `Illegal request: ${text.slice(0, 200)}`);
      return;
    }
    const id = typeof frame.id === 'string' && /^[A-Za-z0-9]{1,32}$/.test(frame.id) ? frame.id : undefined;
    try {
      if (frame.op === 'login') this.#login(session, frame.args);
      else if (frame.op === 'subscribe') this.#subscribe(session, id, frame.args);
      else if (frame.op === 'unsubscribe') this.#unsubscribeArgs(session, id, frame.args);
      else this.#error(session, id, '60012', `Invalid request: ${text.slice(0, 200)}`);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      this.#error(session, id, error.code, error.msg);
    }
  }

  #error(session: OkxSession, id: string | undefined, code: string, msg: string): void {
    session.ws.reply(JSON.stringify({ ...(id ? { id } : {}), event: 'error', code, msg, connId: session.connId }));
  }

  #login(session: OkxSession, args: unknown): void {
    const arg = Array.isArray(args) ? args[0] : undefined;
    if (!isObject(arg)) throw new Refusal('60012', 'Invalid request: login needs args');
    const text = (name: string) => (typeof arg[name] === 'string' ? (arg[name] as string) : '');
    const apiKey = text('apiKey');
    const signature = text('sign');
    const passphrase = text('passphrase');
    const timestamp = text('timestamp');
    if (!apiKey) throw new Refusal('60001', '"OK-ACCESS-KEY" can not be empty');
    if (!signature) throw new Refusal('60002', '"OK-ACCESS-SIGN" can not be empty');
    if (!passphrase) throw new Refusal('60003', '"OK-ACCESS-PASSPHRASE" can not be empty');
    const seconds = /^\d{1,12}(\.\d{1,6})?$/.test(timestamp) ? Number(timestamp) : Number.NaN;
    if (!Number.isFinite(seconds)) throw new Refusal('60004', 'Invalid OK-ACCESS-TIMESTAMP');
    if (Math.abs(this.#ctx.clock.now() / 1000 - seconds) > LOGIN_WINDOW_S) throw new Refusal('60006', 'Timestamp request expired');
    const key = this.#ctx.keys.find('okx', apiKey);
    if (!key) throw new Refusal('60005', 'Invalid OK-ACCESS-KEY');
    if (key.passphrase !== passphrase) throw new Refusal('60024', 'Wrong passphrase');
    if (!sameText(sign(key.secret, `${timestamp}GET/users/self/verify`), signature)) throw new Refusal('60009', 'Login failed.');
    if (key.ipWhitelist && !key.ipWhitelist.includes(session.ip)) throw new Refusal('60009', 'Login failed.');
    session.accountId = key.accountId;
    session.uid = this.#ctx.venue.account(key.accountId).uid;
    session.ws.reply(JSON.stringify({ event: 'login', code: '0', msg: '', connId: session.connId }));
  }

  #subscribe(session: OkxSession, id: string | undefined, args: unknown): void {
    if (!Array.isArray(args) || args.length === 0) throw new Refusal('60012', 'Invalid request: args must be a non-empty array');
    // All or nothing: a request with one bad argument subscribes none of them.
    const subscriptions = args.map((arg) => this.#resolve(session, arg));
    for (const subscription of subscriptions) {
      // Deltas pending for earlier subscribers go out first (not to this one), so the snapshot is
      // exactly the state the next delta follows.
      if (subscription.market && (BOOK_CHANNELS as readonly string[]).includes(subscription.channel)) {
        this.#publishBook(subscription.market, this.#ctx.clock.now(), true);
      }
      session.subs.set(subscription.key, subscription);
      session.ws.reply(JSON.stringify({ ...(id ? { id } : {}), event: 'subscribe', arg: subscription.arg, connId: session.connId }));
      this.#initialPush(session, subscription);
    }
  }

  #unsubscribeArgs(session: OkxSession, id: string | undefined, args: unknown): void {
    if (!Array.isArray(args) || args.length === 0) throw new Refusal('60012', 'Invalid request: args must be a non-empty array');
    for (const arg of args) {
      if (!isObject(arg) || typeof arg.channel !== 'string') throw new Refusal('60012', 'Invalid request: bad argument');
      const echo = Object.fromEntries(Object.entries(arg).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
      session.subs.delete(keyOf(echo));
      session.ws.reply(JSON.stringify({ ...(id ? { id } : {}), event: 'unsubscribe', arg: echo, connId: session.connId }));
    }
  }

  #resolve(session: OkxSession, raw: unknown): Subscription {
    if (!isObject(raw) || typeof raw.channel !== 'string') throw new Refusal('60012', `Invalid request: ${JSON.stringify(raw)}`);
    const arg = Object.fromEntries(Object.entries(raw).filter(([, value]) => typeof value === 'string')) as Record<string, string>;
    const channel = raw.channel;
    const wrongUrl = () =>
      new Refusal(
        '60018',
        `Wrong URL or channel:${channel},instId:${arg.instId ?? ''} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`,
      );
    const subscription: Subscription = { key: keyOf(arg), channel, arg };
    if (PUBLIC_CHANNELS.has(channel) || channel.startsWith('candle')) {
      const isCandle = channel.startsWith('candle');
      if (session.endpoint !== (isCandle ? 'business' : 'public')) throw wrongUrl();
      if (isCandle) {
        subscription.bar = BARS[channel.slice('candle'.length)];
        if (!subscription.bar) throw wrongUrl();
      }
      subscription.market = arg.instId ? format.marketByInstId(this.#ctx.venue, arg.instId) : undefined;
      if (!subscription.market) throw wrongUrl();
      return subscription;
    }
    if (!PRIVATE_CHANNELS.has(channel) || session.endpoint !== 'private') throw wrongUrl();
    if (!session.accountId) throw new Refusal('60011', 'Please log in.');
    if (channel === 'orders' || channel === 'positions') {
      const allowed = channel === 'orders' ? ORDER_INST_TYPES : POSITION_INST_TYPES;
      if (!arg.instType || !allowed.has(arg.instType)) throw new Refusal('60012', `Invalid request: instType of ${channel}`);
      subscription.instType = arg.instType;
      if (arg.instId) {
        subscription.market = format.marketByInstId(this.#ctx.venue, arg.instId);
        if (!subscription.market) throw wrongUrl();
      }
    }
    return subscription;
  }

  /** What a new subscriber gets at once: the book snapshot, the current ticker, candle, balances, positions. */
  #initialPush(session: OkxSession, subscription: Subscription): void {
    const now = this.#ctx.clock.now();
    const { market, arg } = subscription;
    switch (subscription.channel) {
      case 'books':
      case 'books5':
      case 'bbo-tbt': {
        const spec = market as MarketSpec;
        const feed = this.#feed(spec.symbol);
        const depth = subscription.channel === 'books' ? BOOK_DEPTH : subscription.channel === 'books5' ? 5 : 1;
        session.ws.push(this.#bookText(subscription.channel, spec, feed, depth, now, true), subscription.channel);
        return;
      }
      case 'tickers':
        session.ws.push(this.#tickerText(market as MarketSpec, now), 'tickers');
        return;
      case 'account':
        session.ws.push(this.#accountText(session, arg.ccy, now), 'account');
        return;
      case 'positions': {
        const views = this.#ctx.venue
          .positions(session.accountId as string, now)
          .filter((view) => this.#positionMatches(subscription, view.market));
        session.ws.push(this.#positionsText(session, subscription, views, now), 'positions');
        return;
      }
      default:
        if (subscription.bar) session.ws.push(this.#candleText(subscription, now), subscription.channel);
    }
  }

  // ── engine events → pushes ───────────────────────────────────────────────────────────────────

  #queue(events: readonly VenueEvent[]): void {
    if (this.#sessions.size === 0 && !this.#ctx.wantsBooks()) return;
    this.#events.push(...events);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the operation that caused them has returned: reading the venue here cannot re-enter it.
    queueMicrotask(() => {
      this.#scheduled = false;
      const batch = this.#events;
      this.#events = [];
      this.#process(batch);
    });
  }

  #process(events: readonly VenueEvent[]): void {
    const venue = this.#ctx.venue;
    const now = this.#ctx.clock.now();
    const books = new Set<string>();
    const tickers = new Set<string>();
    const candles = new Set<string>();
    const accounts = new Set<string>();
    let market = false;
    for (const event of events) {
      switch (event.type) {
        case 'book':
          books.add(event.symbol);
          break;
        case 'market':
          market = true;
          break;
        case 'trade':
          tickers.add(event.symbol);
          candles.add(event.symbol);
          this.#pushTrade(venue.market(event.symbol) as MarketSpec, event.trade);
          break;
        case 'order':
          this.#pushOrder(event.order, event.fill, now);
          break;
        case 'position':
          this.#pushPosition(event.accountId, event.position, now);
          break;
        case 'account':
          accounts.add(event.accountId);
          break;
      }
    }
    if (market) {
      for (const spec of venue.markets) {
        books.add(spec.symbol);
        candles.add(spec.symbol);
        this.#pushSyntheticTrades(spec, now);
      }
    }
    for (const symbol of books) {
      tickers.add(symbol);
      this.#publishBook(venue.market(symbol) as MarketSpec, now);
    }
    for (const symbol of tickers) this.#pushTicker(venue.market(symbol) as MarketSpec, now);
    for (const symbol of candles) this.#pushCandles(venue.market(symbol) as MarketSpec, now);
    for (const accountId of accounts) this.#pushAccount(accountId, now);
  }

  /** Brings the feed up to the engine's book and pushes the change; `always` even with nobody watching (a new subscriber's snapshot). */
  #publishBook(market: MarketSpec, now: number, always = false): void {
    const watched = this.#subscribers((sub) => sub.market === market && (BOOK_CHANNELS as readonly string[]).includes(sub.channel));
    if (watched.length === 0 && !always && !this.#ctx.wantsBooks()) return;
    const feed = this.#feed(market.symbol);
    const view = this.#ctx.venue.book(market.symbol, BOOK_DEPTH, now);
    const change = view && feed.update(view);
    if (!change) return;
    if (this.#ctx.wantsBooks()) this.#ctx.onBook(this.#published(market, feed));
    const texts = new Map<string, string>();
    for (const [session, sub] of watched) {
      let text = texts.get(sub.channel);
      if (text === undefined) {
        text =
          sub.channel === 'books'
            ? JSON.stringify({
                arg: { channel: 'books', instId: format.instIdOf(market) },
                action: 'update',
                data: [
                  {
                    asks: change.asks.map((level) => format.bookLevel(market, level)),
                    bids: change.bids.map((level) => format.bookLevel(market, level)),
                    ts: String(now),
                    checksum: 0,
                    prevSeqId: change.prevSequence,
                    seqId: change.sequence,
                  },
                ],
              })
            : this.#bookText(sub.channel, market, feed, sub.channel === 'books5' ? 5 : 1, now, false);
        texts.set(sub.channel, text);
      }
      session.ws.push(text, sub.channel);
    }
  }

  #bookText(channel: string, market: MarketSpec, feed: BookFeed, depth: number, now: number, snapshot: boolean): string {
    const book = feed.snapshot(depth);
    const instId = format.instIdOf(market);
    const levels = {
      asks: book.asks.map((level) => format.bookLevel(market, level)),
      bids: book.bids.map((level) => format.bookLevel(market, level)),
    };
    if (channel === 'books') {
      return JSON.stringify({
        arg: { channel, instId },
        action: snapshot ? 'snapshot' : 'update',
        data: [{ ...levels, ts: String(now), checksum: 0, prevSeqId: -1, seqId: book.sequence }],
      });
    }
    const data: Record<string, JsonValue> = { ...levels, ts: String(now), seqId: book.sequence };
    if (channel === 'books5') data.instId = instId;
    return JSON.stringify({ arg: { channel, instId }, data: [data] });
  }

  #published(market: MarketSpec, feed: BookFeed): PublishedBook {
    const book = feed.snapshot();
    const level = (entry: { price: bigint; size: bigint }): [string, string] => {
      const [price, size] = format.bookLevel(market, { price: entry.price, size: entry.size, orderCount: 0 }) as [string, string];
      return [price, size];
    };
    return { exchange: 'okx', symbol: market.symbol, sequence: book.sequence, bids: book.bids.map(level), asks: book.asks.map(level) };
  }

  #feed(symbol: string): BookFeed {
    let feed = this.#feeds.get(symbol);
    if (!feed) {
      // Sequence numbers start somewhere arbitrary, as OKX's do.
      feed = new BookFeed(1_000_000 + this.#ctx.prng.int(1_000_000_000));
      this.#feeds.set(symbol, feed);
    }
    return feed;
  }

  #tickerText(market: MarketSpec, now: number): string {
    const venue = this.#ctx.venue;
    const view = venue.ticker(market.symbol, now);
    if (!view) throw new Error(`no ticker for ${market.symbol}`);
    const sodUtc0 = venue.priceAt(market, Math.floor(now / 86_400_000) * 86_400_000);
    const sodUtc8 = venue.priceAt(market, Math.floor((now + 28_800_000) / 86_400_000) * 86_400_000 - 28_800_000);
    return JSON.stringify({ arg: { channel: 'tickers', instId: format.instIdOf(market) }, data: [format.ticker(view, sodUtc0, sodUtc8)] });
  }

  #pushTicker(market: MarketSpec, now: number): void {
    const watched = this.#subscribers((sub) => sub.channel === 'tickers' && sub.market === market);
    if (watched.length === 0) return;
    const text = this.#tickerText(market, now);
    for (const [session] of watched) session.ws.push(text, 'tickers');
  }

  #pushTrade(market: MarketSpec, trade: PublicTrade): void {
    const watched = this.#subscribers((sub) => sub.channel === 'trades' && sub.market === market);
    if (watched.length === 0) return;
    const text = JSON.stringify({
      arg: { channel: 'trades', instId: format.instIdOf(market) },
      data: [{ ...format.trade(market, trade), count: '1' }],
    });
    for (const [session] of watched) session.ws.push(text, 'trades');
  }

  /** The synthetic crowd's trades of the buckets completed since the last push. */
  #pushSyntheticTrades(market: MarketSpec, now: number): void {
    const current = this.#ctx.venue.bucket;
    const last = this.#tradeBuckets.get(market.symbol) ?? current - 1;
    this.#tradeBuckets.set(market.symbol, current - 1);
    if (this.#subscribers((sub) => sub.channel === 'trades' && sub.market === market).length === 0) return;
    for (let bucket = Math.max(last + 1, current - MAX_TRADE_BUCKETS); bucket < current; bucket++) {
      for (const trade of this.#ctx.venue.marketData.tradesInBucket(market, bucket, now)) this.#pushTrade(market, trade);
    }
  }

  #candleText(sub: Subscription, now: number): string {
    const market = sub.market as MarketSpec;
    const bar = sub.bar as BarSpec;
    const openTime = barStart(bar, now);
    const candle = this.#ctx.venue.marketData.candle(market, openTime, barAfter(bar, openTime) - openTime, now);
    return JSON.stringify({ arg: sub.arg, data: [format.candle(market, candle)] });
  }

  #pushCandles(market: MarketSpec, now: number): void {
    for (const [session, sub] of this.#subscribers((candidate) => candidate.bar !== undefined && candidate.market === market)) {
      session.ws.push(this.#candleText(sub, now), sub.channel);
    }
  }

  #pushOrder(order: Order, fill: Fill | undefined, now: number): void {
    const watched = this.#subscribers(
      (sub, session) => sub.channel === 'orders' && session.accountId === order.accountId && this.#orderMatches(sub, order.market),
    );
    if (watched.length === 0) return;
    const payload = wsOrder(order, fill, now);
    for (const [session, sub] of watched) {
      session.ws.push(JSON.stringify({ arg: { ...sub.arg, uid: session.uid as string }, data: [payload] }), 'orders');
    }
  }

  #orderMatches(sub: Subscription, market: MarketSpec): boolean {
    if (sub.market && sub.market !== market) return false;
    return sub.instType === 'ANY' || sub.instType === format.instTypeOf(market);
  }

  #positionMatches(sub: Subscription, market: MarketSpec): boolean {
    return this.#orderMatches(sub, market);
  }

  #pushPosition(accountId: string, position: Position, now: number): void {
    const watched = this.#subscribers(
      (sub, session) => sub.channel === 'positions' && session.accountId === accountId && this.#positionMatches(sub, position.market),
    );
    if (watched.length === 0) return;
    const venue = this.#ctx.venue;
    const view: PositionView =
      position.size === 0n
        ? { ...position, markPrice: venue.markPrice(position.market), unrealizedPnl: ZERO, margin: ZERO, notional: ZERO }
        : (venue.positions(accountId, now).find((candidate) => candidate.id === position.id) ?? {
            ...position,
            markPrice: venue.markPrice(position.market),
            unrealizedPnl: ZERO,
            margin: ZERO,
            notional: ZERO,
          });
    for (const [session, sub] of watched) session.ws.push(this.#positionsText(session, sub, [view], now), 'positions');
  }

  #positionsText(session: OkxSession, sub: Subscription, views: readonly PositionView[], now: number): string {
    return JSON.stringify({
      arg: { ...sub.arg, uid: session.uid as string },
      data: views.map((view) => format.position(view, view.markPrice, now)),
    });
  }

  #accountText(session: OkxSession, ccy: string | undefined, now: number): string {
    const wanted = ccy ? ccy.split(',') : undefined;
    return JSON.stringify({
      arg: { channel: 'account', ...(ccy ? { ccy } : {}), uid: session.uid as string },
      data: [accountPayload(this.#ctx.venue, session.accountId as string, now, wanted)],
    });
  }

  #pushAccount(accountId: string, now: number): void {
    for (const [session, sub] of this.#subscribers(
      (candidate, owner) => candidate.channel === 'account' && owner.accountId === accountId,
    )) {
      session.ws.push(this.#accountText(session, sub.arg.ccy, now), 'account');
    }
  }

  #subscribers(match: (sub: Subscription, session: OkxSession) => boolean): Array<[OkxSession, Subscription]> {
    const out: Array<[OkxSession, Subscription]> = [];
    for (const session of this.#sessions) {
      if (session.ws.closed) continue;
      for (const sub of session.subs.values()) if (match(sub, session)) out.push([session, sub]);
    }
    return out;
  }

  #watchesMarket(): boolean {
    if (this.#ctx.wantsBooks()) return true;
    for (const session of this.#sessions) {
      for (const sub of session.subs.values()) if (sub.market && sub.channel !== 'orders' && sub.channel !== 'positions') return true;
    }
    return false;
  }
}

/** The `orders` push: the order as it stood after this event, with this event's fill (if it is one). */
function wsOrder(order: Order, fill: Fill | undefined, now: number): Record<string, JsonValue> {
  const { market } = order;
  const payload = format.order(order);
  if (fill) {
    Object.assign(payload, {
      fillPx: format.px(market, fill.price),
      fillSz: format.wireSize(market, fill.amount),
      fillTime: String(fill.time),
      tradeId: String(fill.tradeId),
      execType: fill.liquidity === 'maker' ? 'M' : 'T',
      fillFee: formatFixed(-fill.fee, 12),
      fillFeeCcy: fill.feeCurrency,
      fillPnl: formatFixed(fill.realizedPnl, 12),
    });
  } else {
    Object.assign(payload, {
      fillPx: '',
      fillSz: '0',
      fillTime: '',
      tradeId: '',
      execType: '',
      fillFee: '0',
      fillFeeCcy: '',
      fillPnl: '0',
    });
  }
  return { ...payload, code: '0', msg: '', amendResult: '', reqId: '', pTime: String(now) };
}
