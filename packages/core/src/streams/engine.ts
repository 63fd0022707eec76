/**
 * The stream engine of one exchange instance: `watch*` calls become Streams; channels with the same
 * key share one wire subscription (ref-counted); subscriptions share sockets per endpoint kind up
 * to the exchange's per-connection limit; new connections wait for the exchange's connection rate.
 * The adapter supplies only its WsSpec (tables and pure functions, see contract.ts).
 */
import { type ErrorKind, type ExchangeError, type ExchangeErrorDetails, isExchangeError, reviseError } from '../errors.js';
import type { Balances, Exchange, Market, OHLCV, Order, OrderBook, Position, Ticker, Trade } from '../types.js';
import { BookKeeper, type BookReader } from './book-keeper.js';
import { Connection, type SubscriptionListener } from './connection.js';
import type { WsBookChannel, WsChannel, WsSpec, WsValueChannel } from './contract.js';
import {
  BalanceLedger,
  type Ledger,
  MyTradesLedger,
  OrderFillsLedger,
  OrdersLedger,
  PositionsLedger,
  PrivateHandler,
  ValueHandler,
} from './handlers.js';
import { reconnectDelay, type StreamSettings } from './settings.js';
import { loadWebSocket, openWebSocket, type SocketFactory } from './socket.js';
import { Stream, type StreamSink } from './stream.js';

/** What the engine needs from the exchange that owns it. */
export interface StreamHost {
  readonly id: string;
  readonly spec: WsSpec;
  readonly settings: StreamSettings;
  /** The exchange itself: markets, and REST reads for snapshots and catch-up. */
  readonly exchange: Exchange;
  marketsLoaded(): boolean;
  /** The login frame (credentials + skew-corrected clock). Secret. */
  loginFrame(): Promise<string>;
  /** The spec's upgrade headers for an endpoint kind (credentials + skew-corrected clock). Secret. */
  upgradeHeaders(endpoint: string): Promise<{ headers: Readonly<Record<string, string>>; authenticated: boolean } | undefined>;
  /** Throws AuthMissing/AuthInvalid when the credentials cannot log in. */
  checkCredentials(): void;
  error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError;
  log(level: 'debug' | 'info' | 'warn', message: string, details?: Record<string, unknown>): void;
  /** The exchange's clock (skew-corrected), ms. */
  exchangeNow(): number;
  /** Learns the clock offset again (after a login refused for its timestamp). */
  resyncClock(): Promise<void>;
  openSocket?: SocketFactory;
}

/** Fans one value subscription out to every stream reading it. */
class Fanout implements SubscriptionListener {
  readonly handlers = new Set<SubscriptionListener>();
  #status: 'connecting' | 'reconnecting' | 'subscribed' = 'connecting';

  constructor(readonly onFatal: () => void) {}

  add(handler: SubscriptionListener): void {
    this.handlers.add(handler);
    handler.status(this.#status);
  }

  message(message: unknown): void {
    for (const handler of this.handlers) handler.message(message);
  }

  status(status: 'connecting' | 'reconnecting' | 'subscribed'): void {
    this.#status = status;
    for (const handler of this.handlers) handler.status(status);
  }

  resumed(downSinceMs: number): void {
    for (const handler of this.handlers) handler.resumed(downSinceMs);
  }

  error(error: ExchangeError, fatal: boolean): void {
    if (fatal) this.onFatal();
    for (const handler of [...this.handlers]) handler.error(error, fatal);
  }
}

interface Registered {
  channel: WsChannel;
  connection: Connection;
  listener: Fanout | BookKeeper;
}

const MAX_BOOK_DEPTH = 5_000;

export class StreamEngine {
  readonly #host: StreamHost;
  readonly #registry = new Map<string, Registered>();
  readonly #pools = new Map<string, Connection[]>();
  readonly #streams = new Set<Stream<unknown>>();
  #connectTimes: number[] = [];
  #closed = false;
  /** Connections waiting for a slot under the exchange's connection limits; close() wakes them. */
  readonly #admissionWaits = new Map<NodeJS.Timeout, () => void>();

  constructor(host: StreamHost) {
    this.#host = host;
    // The WebSocket client loads now, on the first watch* call, not when core is imported.
    if (!host.openSocket) loadWebSocket().catch(() => undefined);
  }

  // ── the watch methods ─────────────────────────────────────────────────────────────────────────

  watchTicker(symbol: string): Stream<Ticker> {
    const builder = this.#channels('ticker', 'watchTicker');
    this.#checkSymbol(symbol);
    return this.#open<Ticker>('watchTicker', symbol, 'conflate', async (sink) => {
      const market = await this.#market(symbol);
      const channel = builder(market);
      return this.#joinValues(channel, new ValueHandler(channel, sink, (t) => t.symbol === market.symbol, this.#bad, this.#now));
    });
  }

  watchOrderBook(symbol: string, options: { depth?: number } = {}): Stream<OrderBook> {
    const builder = this.#channels('orderBook', 'watchOrderBook');
    this.#checkSymbol(symbol);
    const depth = options?.depth;
    if (depth !== undefined && (!Number.isInteger(depth) || depth <= 0 || depth > MAX_BOOK_DEPTH)) {
      throw this.#host.error('BadRequest', {
        message: `depth must be an integer from 1 to ${MAX_BOOK_DEPTH}, got ${String(depth)}`,
        hint: 'Pass { depth: 400 } for a full book, { depth: 5 } or { depth: 1 } for the top.',
      });
    }
    return this.#open<OrderBook>('watchOrderBook', symbol, 'conflate', async (sink) => {
      const market = await this.#market(symbol);
      const channel = builder(market, depth ?? Number.POSITIVE_INFINITY);
      return this.#joinBook(channel, market, { depth: Math.min(depth ?? channel.depth, channel.depth), sink });
    });
  }

  watchTrades(symbol: string): Stream<Trade> {
    const builder = this.#channels('trades', 'watchTrades');
    this.#checkSymbol(symbol);
    return this.#open<Trade>('watchTrades', symbol, 'queue', async (sink) => {
      const market = await this.#market(symbol);
      const channel = builder(market);
      return this.#joinValues(channel, new ValueHandler(channel, sink, (t) => t.symbol === market.symbol, this.#bad, this.#now));
    });
  }

  watchOHLCV(symbol: string, timeframe: string): Stream<OHLCV> {
    const builder = this.#channels('ohlcv', 'watchOHLCV');
    this.#checkSymbol(symbol);
    if (typeof timeframe !== 'string' || timeframe === '') {
      throw this.#host.error('BadRequest', {
        message: 'timeframe must be a string such as 1m',
        hint: "Pass a timeframe: '1m', '1h', '1d'.",
      });
    }
    if (this.#host.marketsLoaded()) builder(this.#host.exchange.market(symbol), timeframe);
    return this.#open<OHLCV>('watchOHLCV', `${symbol} ${timeframe}`, 'queue', async (sink) => {
      const market = await this.#market(symbol);
      const channel = builder(market, timeframe);
      return this.#joinValues(channel, new ValueHandler(channel, sink, () => true, this.#bad, this.#now));
    });
  }

  watchOrders(symbol?: string): Stream<Order> {
    const builder = this.#channels('orders', 'watchOrders');
    this.#checkPrivate(symbol);
    this.#precheck(builder, symbol);
    return this.#private<Order, Order>('watchOrders', symbol ?? 'all', async () => {
      const market = symbol === undefined ? undefined : await this.#market(symbol);
      return { channel: builder(market), ledger: new OrdersLedger(this.#host.exchange, market?.symbol) };
    });
  }

  watchMyTrades(symbol?: string): Stream<Trade> {
    const { spec } = this.#host;
    // Without a fills channel, fills may be derived from order updates (WsSpec.fillsFromOrders).
    if (!spec.channels.myTrades && spec.fillsFromOrders && spec.channels.orders) {
      const builder = this.#channels('orders', 'watchMyTrades');
      this.#checkPrivate(symbol);
      this.#precheck(builder, symbol);
      return this.#private<Order, Trade>('watchMyTrades', symbol ?? 'all', async () => {
        const market = symbol === undefined ? undefined : await this.#market(symbol);
        return { channel: builder(market), ledger: new OrderFillsLedger(this.#host.exchange, market?.symbol, this.#now) };
      });
    }
    const builder = this.#channels('myTrades', 'watchMyTrades');
    this.#checkPrivate(symbol);
    this.#precheck(builder, symbol);
    return this.#private<Trade, Trade>('watchMyTrades', symbol ?? 'all', async () => {
      const market = symbol === undefined ? undefined : await this.#market(symbol);
      return { channel: builder(market), ledger: new MyTradesLedger(this.#host.exchange, market?.symbol) };
    });
  }

  watchBalance(query: { type?: string } = {}): Stream<Balances> {
    const builder = this.#channels('balance', 'watchBalance');
    const type = query?.type ?? 'spot';
    if (type !== 'spot' && type !== 'swap') {
      throw this.#host.error('BadRequest', {
        message: `balance streams are 'spot' or 'swap', got ${JSON.stringify(type)}`,
        hint: "Pass { type: 'spot' } or { type: 'swap' }; funding accounts are read with fetchBalance.",
      });
    }
    this.#checkPrivate(undefined);
    // Called now so a refusal (NotSupported) comes before anything is sent; again once markets are
    // loaded, for exchanges whose balance channels are per market.
    builder(type);
    return this.#private<Balances, Balances>('watchBalance', type, async () => {
      await this.#host.exchange.loadMarkets();
      const channel = builder(type);
      return { channel, ledger: new BalanceLedger(this.#host.exchange, type, channel.restSnapshot === true) };
    });
  }

  watchPositions(symbols?: string[]): Stream<Position> {
    const builder = this.#channels('positions', 'watchPositions');
    if (symbols !== undefined) {
      if (!Array.isArray(symbols)) {
        throw this.#host.error('BadRequest', { message: 'symbols must be an array of symbols', hint: "Pass ['BTC/USDT:USDT']." });
      }
      for (const symbol of symbols) this.#checkSymbol(symbol);
    }
    this.#checkPrivate(undefined);
    const channel = builder();
    return this.#private<Position, Position>('watchPositions', symbols?.join(',') ?? 'all', async () => {
      const known =
        symbols === undefined ? undefined : await Promise.all(symbols.map(async (symbol) => (await this.#market(symbol)).symbol));
      return { channel, ledger: new PositionsLedger(this.#host.exchange, known, channel.restSnapshot === true) };
    });
  }

  /** Closes every stream and socket (exchange.close()). */
  async close(): Promise<void> {
    this.#closed = true;
    // A connection waiting for its slot would hold the process open for up to a window (WEEX: 5 min).
    for (const [timer, wake] of this.#admissionWaits) {
      clearTimeout(timer);
      wake();
    }
    this.#admissionWaits.clear();
    await Promise.all([...this.#streams].map((stream) => stream.close()));
    for (const pool of this.#pools.values()) for (const connection of pool) connection.shutdown();
    this.#pools.clear();
    this.#registry.clear();
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  #open<T>(method: string, label: string, delivery: 'conflate' | 'queue', attach: (sink: StreamSink<T>) => Promise<() => void>): Stream<T> {
    if (this.#closed) throw this.#host.error('BadRequest', { message: `${method} after close()`, hint: 'Create a new exchange instance.' });
    const stream: Stream<T> = new Stream<T>(
      { name: `${this.#host.id} ${method} ${label}`, exchange: this.#host.id, delivery, maxBuffered: this.#host.settings.maxBuffered },
      (sink) => {
        let detach: (() => void) | undefined;
        let stopped = false;
        this.#streams.add(stream as Stream<unknown>);
        sink.status('connecting');
        attach(sink).then(
          (undo) => {
            if (stopped || sink.closed) undo();
            else detach = undo;
          },
          (error: unknown) => sink.fail(this.#asError(error)),
        );
        return () => {
          stopped = true;
          this.#streams.delete(stream as Stream<unknown>);
          detach?.();
        };
      },
    );
    return stream;
  }

  #private<In, Out>(
    method: string,
    label: string,
    setup: () => Promise<{ channel: WsValueChannel<In>; ledger: Ledger<In, Out> }>,
  ): Stream<Out> {
    return this.#open<Out>(method, label, 'queue', async (sink) => {
      const { channel, ledger } = await setup();
      const handler = new PrivateHandler<In, Out>({
        channel,
        sink,
        ledger,
        badResponse: this.#bad,
        toExchangeTime: (localMs) => localMs + (this.#host.exchangeNow() - Date.now()),
        maxHeld: this.#host.settings.maxBuffered,
        catchUpFailed: (cause) =>
          isExchangeError(cause)
            ? reviseError(cause, {
                hint: `${cause.hint} Updates made while the socket was down could not be read: re-read them over REST (fetchOpenOrders, fetchMyTrades, fetchBalance), then watch again.`,
              })
            : this.#host.error('NetworkError', {
                message: `catching up after a reconnect failed: ${String(cause)}`,
                hint: 'Updates made while the socket was down could not be read: re-read them over REST, then watch again.',
              }),
      });
      return this.#joinValues(channel, handler);
    });
  }

  /** Lets the spec refuse arguments its exchange cannot stream now, before anything is sent. */
  #precheck(builder: (market: Market | undefined) => WsChannel, symbol: string | undefined): void {
    if (symbol === undefined) builder(undefined);
    else if (this.#host.marketsLoaded()) builder(this.#host.exchange.market(symbol));
  }

  #joinValues(channel: WsChannel, handler: SubscriptionListener): () => void {
    let registered = this.#registry.get(channel.key);
    if (registered && !(registered.listener instanceof Fanout)) throw new RangeError(`${channel.key} is a book subscription`);
    if (!registered) {
      const fanout = new Fanout(() => this.#forget(channel.key));
      registered = { channel, connection: this.#connectionFor(channel), listener: fanout };
      this.#registry.set(channel.key, registered);
      fanout.add(handler);
      registered.connection.add(channel, fanout);
    } else {
      (registered.listener as Fanout).add(handler);
    }
    const entry = registered;
    return () => {
      const fanout = entry.listener as Fanout;
      fanout.handlers.delete(handler);
      if (fanout.handlers.size === 0) this.#leave(entry);
    };
  }

  #joinBook(channel: WsBookChannel, market: Market, reader: BookReader): () => void {
    let registered = this.#registry.get(channel.key);
    if (registered && !(registered.listener instanceof BookKeeper)) throw new RangeError(`${channel.key} is not a book subscription`);
    if (!registered) {
      const connection = this.#connectionFor(channel);
      const keeper = new BookKeeper({
        channel,
        symbol: market.symbol,
        resubscribe: () => connection.resubscribe(channel.key),
        fetchSnapshot: (depth) => this.#host.exchange.fetchOrderBook(market.symbol, depth),
        badResponse: this.#bad,
        retryDelayMs: () => reconnectDelay(1, this.#host.settings) + 100,
      });
      registered = { channel, connection, listener: keeper };
      this.#registry.set(channel.key, registered);
      keeper.addReader(reader);
      const key = channel.key;
      connection.add(channel, {
        message: (message) => keeper.message(message),
        status: (status) => keeper.status(status),
        resumed: () => keeper.resumed(),
        error: (error, fatal) => {
          if (fatal) this.#forget(key);
          keeper.error(error, fatal);
        },
      });
    } else {
      (registered.listener as BookKeeper).addReader(reader);
    }
    const entry = registered;
    return () => {
      const keeper = entry.listener as BookKeeper;
      keeper.readers.delete(reader);
      if (keeper.readers.size === 0) {
        keeper.close();
        this.#leave(entry);
      }
    };
  }

  #leave(entry: Registered): void {
    if (this.#registry.get(entry.channel.key) === entry) this.#registry.delete(entry.channel.key);
    entry.connection.remove(entry.channel.key);
  }

  #forget(key: string): void {
    this.#registry.delete(key);
  }

  #connectionFor(channel: WsChannel): Connection {
    const url = this.#host.spec.endpoints[channel.endpoint];
    if (!url)
      throw this.#host.error('NotSupported', {
        message: `no WebSocket endpoint ${channel.endpoint}`,
        hint: 'This adapter does not stream it.',
      });
    let pool = this.#pools.get(channel.endpoint);
    if (!pool) {
      pool = [];
      this.#pools.set(channel.endpoint, pool);
    }
    const existing = pool.find((connection) => connection.hasRoom());
    if (existing) return existing;
    const connection = new Connection({
      spec: this.#host.spec,
      endpoint: channel.endpoint,
      url,
      settings: this.#host.settings,
      openSocket: this.#host.openSocket ?? openWebSocket,
      loginFrame: () => this.#host.loginFrame(),
      upgradeHeaders: (endpoint) => this.#host.upgradeHeaders(endpoint),
      error: (kind, details) => this.#host.error(kind, details),
      log: (level, message, details) => this.#host.log(level, message, details),
      admitConnection: () => this.#admitConnection(),
      resyncClock: () => this.#host.resyncClock(),
      now: Date.now,
      onIdle: (idle) => {
        const list = this.#pools.get(idle.endpoint);
        const index = list?.indexOf(idle) ?? -1;
        if (list && index >= 0) list.splice(index, 1);
      },
    });
    pool.push(connection);
    return connection;
  }

  /** Waits until opening one more connection stays under the exchange's connection limits. */
  async #admitConnection(): Promise<void> {
    const { limits } = this.#host.spec;
    const perSecond = Math.max(1, limits.connectionsPerSecond);
    const window = limits.connectionsPerWindow;
    const horizonMs = Math.max(1_000, window?.windowMs ?? 0);
    for (;;) {
      if (this.#closed) return;
      const now = Date.now();
      this.#connectTimes = this.#connectTimes.filter((time) => time > now - horizonMs);
      const lastSecond = this.#connectTimes.filter((time) => time > now - 1_000);
      const inWindow = window ? this.#connectTimes.filter((time) => time > now - window.windowMs) : [];
      const secondFull = lastSecond.length >= perSecond;
      const windowFull = window !== undefined && inWindow.length >= Math.max(1, window.limit);
      if (!secondFull && !windowFull) {
        this.#connectTimes.push(now);
        return;
      }
      const secondFreeAt = secondFull ? (lastSecond[lastSecond.length - perSecond] as number) + 1_000 : now;
      const windowFreeAt = windowFull && window ? (inWindow[inWindow.length - Math.max(1, window.limit)] as number) + window.windowMs : now;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(
          () => {
            this.#admissionWaits.delete(timer);
            resolve();
          },
          Math.max(1, Math.max(secondFreeAt, windowFreeAt) - now),
        );
        this.#admissionWaits.set(timer, resolve);
      });
    }
  }

  #channels<K extends keyof WsSpec['channels']>(kind: K, method: string): NonNullable<WsSpec['channels'][K]> {
    const builder = this.#host.spec.channels[kind];
    if (!builder) {
      throw this.#host.error('NotSupported', {
        message: `${method} is not supported by ${this.#host.id}`,
        hint: `Check exchange.has.${method} before calling.`,
      });
    }
    return builder.bind(this.#host.spec.channels) as NonNullable<WsSpec['channels'][K]>;
  }

  #checkSymbol(symbol: unknown): void {
    if (typeof symbol !== 'string' || symbol.trim() === '') {
      throw this.#host.error('BadRequest', {
        message: `symbol must be a non-empty string, got ${JSON.stringify(symbol)}`,
        hint: 'Pass a unified symbol such as BTC/USDT or BTC/USDT:USDT.',
      });
    }
    // With markets at hand an unknown symbol fails now, before anything is sent.
    if (this.#host.marketsLoaded()) this.#host.exchange.market(symbol);
  }

  #checkPrivate(symbol: string | undefined): void {
    if (symbol !== undefined) this.#checkSymbol(symbol);
    this.#host.checkCredentials();
  }

  async #market(symbol: string): Promise<Market> {
    await this.#host.exchange.loadMarkets();
    return this.#host.exchange.market(symbol);
  }

  readonly #now = (): number => this.#host.exchangeNow();

  readonly #bad = (message: string): ExchangeError =>
    this.#host.error('BadResponse', {
      message,
      hint: `${this.#host.spec.name} sent a frame this adapter could not use; the stream resynchronizes where it can.`,
    });

  #asError(error: unknown): ExchangeError {
    if (isExchangeError(error)) return error;
    return this.#host.error('ExchangeError', { message: error instanceof Error ? error.message : String(error) });
  }
}

export type { Stream };
