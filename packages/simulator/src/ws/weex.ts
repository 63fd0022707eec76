/**
 * WEEX V3 WebSocket front-end (protocols/weex.md §2.2, §6), fed by the engine through VenueFeed.
 * Spot sockets at `/v3/ws/public|private` as WEEX serves them; WEEX's futures sockets use the same
 * paths on another host, which one port cannot copy, so the simulator serves them at
 * `/capi/v3/ws/public|private` (`sim.exchangeOptions('weex').wsUrl` names all four).
 *
 * - Private upgrades are checked as WEEX does: `ACCESS-KEY`, `ACCESS-PASSPHRASE`, a 13-digit
 *   `ACCESS-TIMESTAMP` within 30 s and `ACCESS-SIGN` = base64(HMAC-SHA256(secret, timestamp +
 *   "/v3/ws/private")); a refusal is HTTP 401 with a V3 `{code, msg}` body. A User-Agent is required.
 * - `SUBSCRIBE`/`UNSUBSCRIBE` are all-or-nothing per request, acked `{"result":true,"id"}` or
 *   refused `{"result":false,"id","msg"}`; at most 100 channels per connection and 240 requests per
 *   connection per hour.
 * - The server pings (`{"event":"ping"}` public, `{"type":"ping"}` private) and closes a connection
 *   after 5 unanswered pings.
 * - Books: `depthSnapshot` on subscribe, then `depth` deltas whose `U`/`u` follow one update id per
 *   symbol; depth15 deltas span every id since the last one that touched the top 15.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket } from 'ws';
import type { SimClock } from '../clock.js';
import { div, type Fixed, formatFixed, mul, ZERO } from '../decimal.js';
import { type BarSpec, barAfter, barStart } from '../engine/bars.js';
import type { MarketSpec } from '../engine/markets.js';
import type { BookLevel, BookView, Fill, Order, Position, PublicTrade, Venue } from '../engine/venue.js';
import type { JsonValue } from '../json.js';
import type { KeyStore } from '../keys.js';
import * as format from '../protocols/weex/format.js';
import { FUTURES_INTERVALS, SPOT_INTERVALS } from '../protocols/weex/index.js';
import { hashUuid } from '../random.js';
import { BookFeed } from './book-feed.js';
import type { WsFaults } from './faults.js';
import type { PublishedBook, UpgradeDecision, WsFrontEnd } from './server.js';
import { WsSession } from './session.js';
import { VenueFeed } from './venue-feed.js';

export interface WeexWsContext {
  venue: Venue;
  keys: KeyStore;
  clock: SimClock;
  faults: WsFaults;
  /** How often the server pings each connection (30 s in WEEX's captures). */
  pingIntervalMs: number;
  tickMs: number;
  onBook: (book: PublishedBook) => void;
  wantsBooks: () => boolean;
}

type Kind = 'spot-public' | 'spot-private' | 'contract-public' | 'contract-private';

const PATHS: Readonly<Record<string, Kind>> = {
  '/v3/ws/public': 'spot-public',
  '/v3/ws/private': 'spot-private',
  '/capi/v3/ws/public': 'contract-public',
  '/capi/v3/ws/private': 'contract-private',
};

const SIGN_PATH = '/v3/ws/private';
const TIMESTAMP_WINDOW_MS = 30_000;
const MAX_CHANNELS = 100;
const MAX_REQUESTS_PER_HOUR = 240;
const UNANSWERED_PINGS = 5;
const DEPTHS = [15, 200] as const;
const PRICE_TYPES = new Set(['LAST_PRICE', 'MARK_PRICE']);

interface Subscription {
  param: string;
  /** Push label for faults: `depth15`, `ticker`, `orders`… */
  channel: string;
  market?: MarketSpec;
  depth?: (typeof DEPTHS)[number];
  bar?: BarSpec;
  interval?: string;
  priceType?: string;
}

interface WeexSession {
  ws: WsSession;
  kind: Kind;
  accountId?: string;
  subs: Map<string, Subscription>;
  /** Spot coins as this connection last saw them, so `account` pushes carry what changed. */
  coins: Map<string, string>;
  requestTimes: number[];
  unansweredPings: number;
}

/** One symbol's published books: one update id per change of the 200-level book, the last id each depth pushed. */
interface SymbolBooks {
  updateId: number;
  feeds: Record<(typeof DEPTHS)[number], BookFeed>;
  lastPushed: Record<(typeof DEPTHS)[number], number>;
}

class Refusal {
  constructor(readonly msg: string) {}
}

function sign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function fmt(value: Fixed): string {
  return formatFixed(value, 12);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class WeexWsFrontEnd implements WsFrontEnd {
  readonly id = 'weex' as const;
  readonly #ctx: WeexWsContext;
  readonly #sessions = new Set<WeexSession>();
  readonly #books = new Map<string, SymbolBooks>();
  readonly #versions = new Map<string, number>();
  readonly #feed: VenueFeed;
  readonly #pinger: NodeJS.Timeout;

  constructor(ctx: WeexWsContext) {
    this.#ctx = ctx;
    this.#feed = new VenueFeed(ctx.venue, ctx.clock, ctx.tickMs, {
      listening: () => this.#sessions.size > 0 || ctx.wantsBooks(),
      watchesMarket: () => ctx.wantsBooks() || this.#any((sub) => sub.market !== undefined),
      watchesTrades: (market) => this.#any((sub) => sub.channel === 'trade' && sub.market === market),
      books: (markets, now) => {
        for (const market of markets) this.#publishBooks(market, now);
      },
      tickers: (markets, now) => {
        for (const market of markets) this.#pushTicker(market, now);
      },
      candles: (markets, now) => {
        for (const market of markets) this.#pushCandles(market, now);
      },
      trade: (market, trade, now) => this.#pushTrade(market, trade, now),
      order: (order, fill, now) => this.#pushOrder(order, fill, now),
      position: (accountId, position, now) => this.#pushPosition(accountId, position, now),
      accounts: (accountIds, now) => {
        for (const accountId of accountIds) this.#pushAccount(accountId, now);
      },
    });
    this.#pinger = setInterval(() => this.#ping(), ctx.pingIntervalMs);
    this.#pinger.unref();
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

  publishedBook(symbol: string): PublishedBook | undefined {
    const market = this.#ctx.venue.market(symbol);
    const books = this.#books.get(symbol);
    if (!market || !books) return undefined;
    return this.#published(market, books);
  }

  /** WEEX requires a User-Agent, and private sockets are signed on the upgrade (§2.2). */
  checkUpgrade(endpoint: string, request: IncomingMessage, ip: string): UpgradeDecision {
    const refuse = (status: string, code: number, msg: string): UpgradeDecision => ({
      refuse: status,
      body: JSON.stringify({ code, msg }),
    });
    if (!headerOf(request, 'user-agent')) return refuse('403 Forbidden', -1190, 'Forbidden access: a User-Agent header is required');
    if (!endpoint.endsWith('private')) return {};
    const apiKey = headerOf(request, 'ACCESS-KEY');
    const signature = headerOf(request, 'ACCESS-SIGN');
    const timestamp = headerOf(request, 'ACCESS-TIMESTAMP');
    const passphrase = headerOf(request, 'ACCESS-PASSPHRASE');
    if (!apiKey) return refuse('401 Unauthorized', -1040, 'ACCESS_KEY header is required');
    if (!signature) return refuse('401 Unauthorized', -1041, 'ACCESS_SIGN header is required');
    if (!timestamp) return refuse('401 Unauthorized', -1042, 'ACCESS_TIMESTAMP header is required');
    if (!/^\d{13}$/.test(timestamp)) return refuse('401 Unauthorized', -1043, 'Invalid ACCESS_TIMESTAMP');
    if (Math.abs(this.#ctx.clock.now() - Number(timestamp)) > TIMESTAMP_WINDOW_MS) {
      return refuse('401 Unauthorized', -1046, 'Request timestamp expired');
    }
    const key = this.#ctx.keys.find('weex', apiKey);
    if (!key) return refuse('401 Unauthorized', -1044, 'Invalid ACCESS_KEY');
    if (!passphrase || key.passphrase !== passphrase) return refuse('401 Unauthorized', -1049, 'API key or passphrase is incorrect');
    if (!sameText(sign(key.secret, `${timestamp}${SIGN_PATH}`), signature))
      return refuse('401 Unauthorized', -1047, 'API authentication failed');
    if (key.ipWhitelist && !key.ipWhitelist.includes(ip)) return refuse('403 Forbidden', -1056, 'Invalid IP address');
    return { accountId: key.accountId };
  }

  accept(socket: WebSocket, endpoint: string, _ip: string, accountId?: string): void {
    const session: WeexSession = {
      kind: endpoint as Kind,
      accountId,
      subs: new Map(),
      coins: new Map(),
      requestTimes: [],
      unansweredPings: 0,
      ws: new WsSession(socket, {
        exchange: 'weex',
        endpoint,
        faults: this.#ctx.faults,
        // WEEX closes for unanswered pings, not for silence.
        idleCloseMs: 0,
        idleClose: { code: 1000, reason: 'idle' },
        onClose: () => this.#sessions.delete(session),
      }),
    };
    this.#sessions.add(session);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) {
        session.ws.reply(JSON.stringify({ result: false, id: null, msg: 'INVALID_ARGUMENT: binary frames are not supported' }));
        return;
      }
      this.#onText(session, data.toString());
    });
  }

  close(): void {
    this.#feed.close();
    clearInterval(this.#pinger);
    for (const session of this.#sessions) session.ws.drop();
    this.#sessions.clear();
  }

  // ── requests ─────────────────────────────────────────────────────────────────────────────────

  #ping(): void {
    const time = String(this.#ctx.clock.now());
    for (const session of this.#sessions) {
      if (session.ws.closed) continue;
      if (session.unansweredPings >= UNANSWERED_PINGS) {
        session.ws.close(1000, 'ping timeout');
        continue;
      }
      session.unansweredPings++;
      const isPrivate = session.kind.endsWith('private');
      session.ws.reply(JSON.stringify(isPrivate ? { type: 'ping', time } : { event: 'ping', time }));
    }
  }

  #onText(session: WeexSession, text: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(text);
    } catch {
      frame = undefined;
    }
    if (!isObject(frame)) {
      session.ws.reply(JSON.stringify({ result: false, id: null, msg: `INVALID_ARGUMENT: invalid request: ${text.slice(0, 100)}` }));
      return;
    }
    // V3 clients answer pings with method PONG; the V2 form {"event":"pong"} is accepted too.
    if (frame.method === 'PONG' || frame.event === 'pong') {
      session.unansweredPings = 0;
      return;
    }
    const id = typeof frame.id === 'string' || typeof frame.id === 'number' ? frame.id : null;
    try {
      if (frame.method === 'SUBSCRIBE') this.#subscribe(session, id, frame.params);
      else if (frame.method === 'UNSUBSCRIBE') this.#unsubscribe(session, id, frame.params);
      else throw new Refusal(`INVALID_ARGUMENT: unknown method ${JSON.stringify(frame.method)}`);
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      session.ws.reply(JSON.stringify({ result: false, id, msg: error.msg }));
    }
  }

  #countRequest(session: WeexSession): void {
    const now = Date.now();
    session.requestTimes = session.requestTimes.filter((time) => time > now - 3_600_000);
    if (session.requestTimes.length >= MAX_REQUESTS_PER_HOUR) {
      throw new Refusal(`Too many requests: at most ${MAX_REQUESTS_PER_HOUR} subscribe/unsubscribe requests per connection per hour`);
    }
    session.requestTimes.push(now);
  }

  #subscribe(session: WeexSession, id: string | number | null, params: unknown): void {
    if (!Array.isArray(params) || params.length === 0) throw new Refusal('INVALID_ARGUMENT: params must be a non-empty array');
    this.#countRequest(session);
    // All or nothing: one bad param refuses the request.
    const subscriptions = params.map((param) => this.#resolve(session, param));
    const added = new Set(subscriptions.map((sub) => sub.param).filter((param) => !session.subs.has(param))).size;
    if (session.subs.size + added > MAX_CHANNELS) {
      throw new Refusal(`INVALID_ARGUMENT: subscription limit exceeded: at most ${MAX_CHANNELS} channels per connection`);
    }
    const now = this.#ctx.clock.now();
    for (const sub of subscriptions) {
      // Deltas pending for earlier subscribers go out first, so the snapshot is what the next delta follows.
      if (sub.depth !== undefined && sub.market) this.#publishBooks(sub.market, now, true);
      session.subs.set(sub.param, sub);
    }
    session.ws.reply(JSON.stringify({ result: true, id }));
    for (const sub of subscriptions) this.#initialPush(session, sub, now);
  }

  #unsubscribe(session: WeexSession, id: string | number | null, params: unknown): void {
    if (!Array.isArray(params) || params.length === 0) throw new Refusal('INVALID_ARGUMENT: params must be a non-empty array');
    this.#countRequest(session);
    for (const param of params) if (typeof param === 'string') session.subs.delete(param);
    session.ws.reply(JSON.stringify({ result: true, id }));
  }

  #resolve(session: WeexSession, raw: unknown): Subscription {
    if (typeof raw !== 'string' || raw === '') throw new Refusal(`INVALID_ARGUMENT: invalid param : ${JSON.stringify(raw)}`);
    const spot = session.kind.startsWith('spot');
    if (session.kind.endsWith('private')) {
      const channels = spot ? ['orders', 'fill', 'account'] : ['orders', 'fill', 'account', 'positions'];
      if (!channels.includes(raw)) throw new Refusal(`INVALID_ARGUMENT: invalid channel : ${raw}`);
      return { param: raw, channel: raw };
    }
    const at = raw.indexOf('@');
    const symbol = at > 0 ? raw.slice(0, at) : '';
    const topic = at > 0 ? raw.slice(at + 1) : '';
    const market = format.marketBySymbol(this.#ctx.venue, symbol, spot ? 'spot' : 'swap');
    if (!market) throw new Refusal(`INVALID_ARGUMENT: invalid symbol : ${symbol || raw}`);
    if (topic === 'ticker' || topic === 'trade') return { param: raw, channel: topic, market };
    if (topic === 'depth15' || topic === 'depth200') return { param: raw, channel: topic, market, depth: topic === 'depth15' ? 15 : 200 };
    const kline = /^kline_([0-9a-zA-Z]+)_([A-Z_]+)$/.exec(topic);
    if (kline) {
      const interval = kline[1] as string;
      const priceType = kline[2] as string;
      const bar = SPOT_INTERVALS[interval];
      const allowed = spot ? bar !== undefined : FUTURES_INTERVALS.includes(interval);
      if (!bar || !allowed || !PRICE_TYPES.has(priceType) || (spot && priceType !== 'LAST_PRICE')) {
        throw new Refusal(`INVALID_ARGUMENT: invalid kline channel : ${topic}`);
      }
      return { param: raw, channel: 'kline', market, bar, interval, priceType };
    }
    throw new Refusal(`INVALID_ARGUMENT: invalid channel : ${topic}`);
  }

  /** A new subscriber gets the book snapshot, the ticker and the current candle at once; `account` pushes changes from now on. */
  #initialPush(session: WeexSession, sub: Subscription, now: number): void {
    const market = sub.market;
    if (sub.channel === 'account' && session.kind === 'spot-private' && session.accountId) {
      for (const [coin, text] of this.#spotCoins(session.accountId, now)) session.coins.set(coin, text);
      return;
    }
    if (!market) return;
    if (sub.depth !== undefined) {
      const books = this.#symbolBooks(market);
      session.ws.push(this.#depthText(market, sub.depth, books, now), sub.channel);
    } else if (sub.channel === 'ticker') {
      session.ws.push(this.#tickerText(market, now), 'ticker');
    } else if (sub.channel === 'kline') {
      session.ws.push(this.#candleText(sub, now, true), 'kline');
    }
  }

  // ── books ────────────────────────────────────────────────────────────────────────────────────

  #symbolBooks(market: MarketSpec): SymbolBooks {
    let books = this.#books.get(market.symbol);
    if (!books) {
      // Update ids start somewhere arbitrary, as WEEX's do; one id per change of the symbol's book.
      const start = 1_000_000 + market.index * 7_919;
      books = { updateId: start, feeds: { 15: new BookFeed(0), 200: new BookFeed(0) }, lastPushed: { 15: start, 200: start } };
      this.#books.set(market.symbol, books);
    }
    return books;
  }

  /**
   * Brings both depths up to the engine's book, pushing each depth's change to its subscribers;
   * `always` even with nobody watching (a new subscriber's snapshot must be current).
   */
  #publishBooks(market: MarketSpec, now: number, always = false): void {
    const watchers = this.#subscribers((sub) => sub.market === market && sub.depth !== undefined);
    if (watchers.length === 0 && !always && !this.#ctx.wantsBooks()) return;
    const books = this.#symbolBooks(market);
    const view = this.#ctx.venue.book(market.symbol, 200, now);
    if (!view) return;
    const full = books.feeds[200].update(view);
    if (!full) return;
    books.updateId++;
    if (this.#ctx.wantsBooks()) this.#ctx.onBook(this.#published(market, books));
    for (const depth of DEPTHS) {
      const change = depth === 200 ? full : books.feeds[depth].update(topOf(view, depth));
      if (!change) continue;
      const first = books.lastPushed[depth] + 1;
      books.lastPushed[depth] = books.updateId;
      const audience = watchers.filter(([, sub]) => sub.depth === depth);
      if (audience.length === 0) continue;
      const text = JSON.stringify({
        e: 'depth',
        E: now,
        s: format.symbolOf(market),
        U: first,
        u: books.updateId,
        l: depth,
        d: 'CHANGED',
        b: change.bids.map(format.level),
        a: change.asks.map(format.level),
      });
      for (const [session] of audience) session.ws.push(text, `depth${depth}`);
    }
  }

  /** The snapshot a new subscriber gets: the state the next delta of its depth follows. */
  #depthText(market: MarketSpec, depth: (typeof DEPTHS)[number], books: SymbolBooks, now: number): string {
    const snapshot = books.feeds[depth].snapshot(depth);
    return JSON.stringify({
      e: 'depthSnapshot',
      E: now,
      s: format.symbolOf(market),
      u: books.updateId,
      l: depth,
      d: 'SNAPSHOT',
      b: snapshot.bids.map(format.level),
      a: snapshot.asks.map(format.level),
    });
  }

  #published(market: MarketSpec, books: SymbolBooks): PublishedBook {
    const book = books.feeds[200].snapshot();
    const level = (item: BookLevel) => format.level(item) as [string, string];
    return { exchange: 'weex', symbol: market.symbol, sequence: books.updateId, bids: book.bids.map(level), asks: book.asks.map(level) };
  }

  // ── market data ──────────────────────────────────────────────────────────────────────────────

  #tickerText(market: MarketSpec, now: number): string {
    const view = this.#ctx.venue.ticker(market.symbol, now);
    if (!view) throw new Error(`no ticker for ${market.symbol}`);
    const delta = view.last - view.open24h;
    const item: Record<string, JsonValue> = {
      p: fmt(delta),
      P: view.open24h > 0n ? formatFixed(div(delta, view.open24h), 6) : '0',
      w: view.volume24h > 0n ? fmt(div(view.quoteVolume24h, view.volume24h)) : fmt(view.last),
      c: fmt(view.last),
      o: fmt(view.open24h),
      h: fmt(view.high24h),
      l: fmt(view.low24h),
      v: fmt(view.volume24h),
      q: fmt(view.quoteVolume24h),
      O: now - 86_400_000,
      C: now,
      n: view.tradeCount24h,
    };
    if (market.type === 'swap') Object.assign(item, { m: fmt(view.markPrice), i: fmt(view.markPrice) });
    return JSON.stringify({ e: 'ticker', E: now, s: format.symbolOf(market), d: [item] });
  }

  #pushTicker(market: MarketSpec, now: number): void {
    const watched = this.#subscribers((sub) => sub.channel === 'ticker' && sub.market === market);
    if (watched.length === 0) return;
    const text = this.#tickerText(market, now);
    for (const [session] of watched) session.ws.push(text, 'ticker');
  }

  #pushTrade(market: MarketSpec, trade: PublicTrade, now: number): void {
    const watched = this.#subscribers((sub) => sub.channel === 'trade' && sub.market === market);
    if (watched.length === 0) return;
    const text = JSON.stringify({
      e: 'trade',
      E: now,
      s: format.symbolOf(market),
      d: [
        {
          T: trade.time,
          t: hashUuid(market.index, trade.tradeId),
          p: fmt(trade.price),
          q: fmt(trade.amount),
          v: fmt(mul(trade.price, trade.amount)),
          m: trade.takerSide === 'sell',
        },
      ],
    });
    for (const [session] of watched) session.ws.push(text, 'trade');
  }

  #candleText(sub: Subscription, now: number, snapshot: boolean): string {
    const market = sub.market as MarketSpec;
    const bar = sub.bar as BarSpec;
    const openTime = barStart(bar, now);
    const durationMs = barAfter(bar, openTime) - openTime;
    const candle = this.#ctx.venue.marketData.candle(market, openTime, durationMs, now);
    const half = (value: Fixed) => fmt(value / 2n);
    return JSON.stringify({
      e: snapshot ? 'klineSnapshot' : 'kline',
      E: now,
      s: format.symbolOf(market),
      p: sub.priceType,
      d: [
        {
          t: openTime,
          T: openTime + durationMs - 1,
          s: format.symbolOf(market),
          i: sub.interval,
          o: fmt(candle.open),
          c: fmt(candle.close),
          h: fmt(candle.high),
          l: fmt(candle.low),
          v: fmt(candle.volume),
          n: candle.tradeCount,
          q: fmt(candle.quoteVolume),
          V: half(candle.volume),
          Q: half(candle.quoteVolume),
        },
      ],
    });
  }

  #pushCandles(market: MarketSpec, now: number): void {
    for (const [session, sub] of this.#subscribers((candidate) => candidate.channel === 'kline' && candidate.market === market)) {
      session.ws.push(this.#candleText(sub, now, false), 'kline');
    }
  }

  // ── private pushes ───────────────────────────────────────────────────────────────────────────

  #privateAudience(accountId: string, spot: boolean, channel: string): WeexSession[] {
    const kind: Kind = spot ? 'spot-private' : 'contract-private';
    return this.#subscribers((sub, session) => sub.channel === channel && session.kind === kind && session.accountId === accountId).map(
      ([session]) => session,
    );
  }

  #envelope(accountId: string, event: string, msgEvent: string, items: JsonValue[], now: number): string {
    const version = (this.#versions.get(accountId) ?? 0) + 1;
    this.#versions.set(accountId, version);
    return JSON.stringify({ e: event, E: now, v: version, msgEvent, d: items });
  }

  #pushOrder(order: Order, fill: Fill | undefined, now: number): void {
    const spot = order.market.type === 'spot';
    const orders = this.#privateAudience(order.accountId, spot, 'orders');
    if (orders.length > 0) {
      const text = this.#envelope(order.accountId, 'orders', 'OrderUpdate', [wsOrder(order)], now);
      for (const session of orders) session.ws.push(text, 'orders');
    }
    if (!fill) return;
    const fills = this.#privateAudience(order.accountId, spot, 'fill');
    if (fills.length === 0) return;
    const text = this.#envelope(order.accountId, 'fill', 'OrderUpdate', [wsFill(order, fill)], now);
    for (const session of fills) session.ws.push(text, 'fill');
  }

  #pushPosition(accountId: string, position: Position, now: number): void {
    const audience = this.#privateAudience(accountId, false, 'positions');
    if (audience.length === 0) return;
    const text = this.#envelope(accountId, 'positions', 'OrderUpdate', [wsPosition(position)], now);
    for (const session of audience) session.ws.push(text, 'positions');
  }

  /** The spot coins of an account as `account` push items, by coin. */
  #spotCoins(accountId: string, now: number): Map<string, string> {
    const coins = new Map<string, string>();
    for (const view of this.#ctx.venue.balances(accountId, 'spot', now)) {
      coins.set(
        view.currency,
        JSON.stringify({ coin: view.currency, equity: fmt(view.total), available: fmt(view.available), frozen: fmt(view.frozen) }),
      );
    }
    return coins;
  }

  /** Spot: the coins whose balances changed since this connection's last push; futures: the margin coin's account. */
  #pushAccount(accountId: string, now: number): void {
    const venue = this.#ctx.venue;
    const spotAudience = this.#privateAudience(accountId, true, 'account');
    if (spotAudience.length > 0) {
      const coins = this.#spotCoins(accountId, now);
      for (const session of spotAudience) {
        const changed: JsonValue[] = [];
        for (const [coin, text] of coins) {
          if (session.coins.get(coin) === text) continue;
          session.coins.set(coin, text);
          changed.push(JSON.parse(text) as JsonValue);
        }
        if (changed.length > 0) session.ws.push(this.#envelope(accountId, 'account', 'OrderUpdate', changed, now), 'account');
      }
    }
    const futuresAudience = this.#privateAudience(accountId, false, 'account');
    if (futuresAudience.length === 0) return;
    const items: JsonValue[] = venue.balances(accountId, 'futures', now).map((view) => ({
      coin: view.currency,
      marginMode: 'CROSSED',
      crossSymbol: '',
      isolatedPositionId: '0',
      amount: fmt(view.total),
      liquidating: false,
      legacyAmount: fmt(view.total),
      updatedTime: String(now),
    }));
    const text = this.#envelope(accountId, 'account', 'OrderUpdate', items, now);
    for (const session of futuresAudience) session.ws.push(text, 'account');
  }

  #subscribers(match: (sub: Subscription, session: WeexSession) => boolean): Array<[WeexSession, Subscription]> {
    const out: Array<[WeexSession, Subscription]> = [];
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

/** The WS order status: as REST, except that a new futures order reads PENDING (§6). */
function wsStatus(order: Order): string {
  const status = format.status(order);
  return status === 'NEW' && order.market.type === 'swap' ? 'PENDING' : status;
}

/** An `orders` push item as it stood after this event (fields of the captures, §6). */
function wsOrder(order: Order): Record<string, JsonValue> {
  const { market } = order;
  const spot = market.type === 'spot';
  const item: Record<string, JsonValue> = {
    id: order.id,
    symbol: format.symbolOf(market),
    ...(spot ? { baseCoin: market.base, quoteCoin: market.quote } : { coin: market.settle as string }),
    orderSide: order.side === 'buy' ? 'BUY' : 'SELL',
    price: order.price !== undefined ? fmt(order.price) : '0',
    size: fmt(order.amount),
    ...(spot ? { value: order.quoteAmount !== undefined ? fmt(order.quoteAmount) : '0' } : {}),
    clientOrderId: order.clientOrderId,
    type: order.type === 'limit' ? 'LIMIT' : 'MARKET',
    timeInForce: format.timeInForce(order),
    reduceOnly: order.reduceOnly,
    triggerPrice: '0',
    orderSource: 'API',
    status: wsStatus(order),
    cancelReason: order.cancelReason === 'user' ? 'USER_CANCEL' : 'UNKNOWN_ORDER_CANCEL_REASON',
    latestFillPrice: order.lastFill ? fmt(order.lastFill.price) : '0',
    cumFillSize: fmt(order.filled),
    cumFillValue: fmt(order.cost),
    cumFillFee: fmt(order.fee),
    createdTime: String(order.createdAt),
    updatedTime: String(order.updatedAt),
  };
  if (!spot) {
    Object.assign(item, {
      marginMode: order.marginMode === 'isolated' ? 'ISOLATED' : 'CROSSED',
      separatedMode: 'COMBINED',
      positionSide: order.posSide === 'short' ? 'SHORT' : 'LONG',
      leverage: String(order.leverage),
      cumRealizePnl: fmt(order.realizedPnl),
    });
  }
  return item;
}

function wsFill(order: Order, fill: Fill): Record<string, JsonValue> {
  const { market } = order;
  const spot = market.type === 'spot';
  return {
    id: fill.id,
    ...(spot ? {} : { coin: market.settle as string }),
    symbol: format.symbolOf(market),
    ...(spot ? { baseCoin: market.base, quoteCoin: market.quote } : {}),
    orderId: fill.orderId,
    ...(spot
      ? {}
      : {
          marginMode: order.marginMode === 'isolated' ? 'ISOLATED' : 'CROSSED',
          separatedMode: 'COMBINED',
          separatedOpenOrderId: '0',
          positionSide: fill.posSide === 'short' ? 'SHORT' : 'LONG',
        }),
    orderSide: fill.side === 'buy' ? 'BUY' : 'SELL',
    fillSize: fmt(fill.amount),
    fillValue: fmt(mul(fill.price, fill.amount)),
    fillFee: fmt(fill.fee),
    ...(spot ? {} : { liquidateFee: '0', realizePnl: fmt(fill.realizedPnl) }),
    direction: fill.liquidity === 'maker' ? 'MAKER' : 'TAKER',
    createdTime: String(fill.time),
    updatedTime: String(fill.time),
  };
}

/** A `positions` push item; a closed position has size 0 (§6, fields of the capture). */
function wsPosition(position: Position): Record<string, JsonValue> {
  const size = position.size < 0n ? -position.size : position.size;
  const openValue = mul(size, position.entryPrice);
  return {
    id: position.id,
    coin: position.market.settle as string,
    symbol: format.symbolOf(position.market),
    side: position.posSide === 'short' || position.size < 0n ? 'SHORT' : 'LONG',
    marginMode: position.marginMode === 'isolated' ? 'ISOLATED' : 'CROSSED',
    separatedMode: 'COMBINED',
    separatedOpenOrderId: '0',
    leverage: String(position.leverage),
    size: fmt(size),
    openValue: fmt(size === ZERO ? ZERO : openValue),
    openFee: fmt(position.fee),
    fundingFee: '0',
    isolatedMargin: '0',
    autoAppendIsolatedMargin: false,
    createdMatchSequenceId: String(position.lastTradeId),
    updatedMatchSequenceId: String(position.lastTradeId),
    createdTime: String(position.createdAt),
    updatedTime: String(position.updatedAt),
  };
}
