/**
 * The part of the stream engine every exchange carries (DESIGN §7). `watch*` checks its arguments
 * and returns its `Stream` at once, synchronously, so bad input fails before anything is sent;
 * nothing else happens until the stream is iterated or gets a `data` listener. Only then is the
 * engine itself loaded (engine.ts: sockets, shared subscriptions, books, ledgers — most of the
 * streaming code, see load-engine.ts), so a program that never streams never loads it.
 */
import { describeValue } from '../describe.js';
import { type ExchangeError, isExchangeError } from '../errors.js';
import type { Balances, Market, OHLCV, Order, OrderBook, Position, Ticker, Trade } from '../types.js';
import type { WsChannel, WsSpec, WsValueChannel } from './contract.js';
import type { StreamEngine, StreamHost } from './engine.js';
import { loadStreamEngine, STREAM_ENGINE_ENTRY } from './load-engine.js';
import { Stream, type StreamSink } from './stream.js';

const MAX_BOOK_DEPTH = 5_000;

/** Subscribes a started stream to the engine; returns what unsubscribes it. */
type Attach<T> = (engine: StreamEngine, sink: StreamSink<T>) => Promise<() => void>;

export class StreamFront {
  readonly #host: StreamHost;
  readonly #streams = new Set<Stream<unknown>>();
  #engine: Promise<StreamEngine> | undefined;
  #closed = false;

  constructor(host: StreamHost) {
    this.#host = host;
  }

  // ── the watch methods ─────────────────────────────────────────────────────────────────────────

  watchTicker(symbol: string): Stream<Ticker> {
    return this.#symbolValues('watchTicker', this.#channels('ticker', 'watchTicker'), symbol, 'conflate');
  }

  watchOrderBook(symbol: string, options: { depth?: number } = {}): Stream<OrderBook> {
    const builder = this.#channels('orderBook', 'watchOrderBook');
    this.#checkSymbol(symbol);
    const depth = options?.depth;
    if (depth !== undefined && (!Number.isInteger(depth) || depth <= 0 || depth > MAX_BOOK_DEPTH)) {
      throw this.#host.error('BadRequest', {
        message: `depth must be an integer from 1 to ${MAX_BOOK_DEPTH}, got ${describeValue(depth)}`,
        hint: 'Pass { depth: 400 } for a full book, { depth: 5 } or { depth: 1 } for the top.',
      });
    }
    return this.#open<OrderBook>('watchOrderBook', symbol, 'conflate', async (engine, sink) => {
      const market = await this.#market(symbol);
      const channel = builder(market, depth ?? Number.POSITIVE_INFINITY);
      return engine.joinBook(channel, market, { depth: Math.min(depth ?? channel.depth, channel.depth), sink });
    });
  }

  watchTrades(symbol: string): Stream<Trade> {
    return this.#symbolValues('watchTrades', this.#channels('trades', 'watchTrades'), symbol, 'queue');
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
    return this.#open<OHLCV>('watchOHLCV', `${symbol} ${timeframe}`, 'queue', async (engine, sink) => {
      const market = await this.#market(symbol);
      return engine.joinValues(builder(market, timeframe), sink, () => true);
    });
  }

  watchOrders(symbol?: string): Stream<Order> {
    return this.#ordersOrFills<Order, Order>('watchOrders', this.#channels('orders', 'watchOrders'), symbol, 'orders');
  }

  watchMyTrades(symbol?: string): Stream<Trade> {
    const { spec } = this.#host;
    // Without a fills channel, fills may be derived from order updates (WsSpec.fillsFromOrders).
    if (!spec.channels.myTrades && spec.fillsFromOrders && spec.channels.orders) {
      return this.#ordersOrFills<Order, Trade>('watchMyTrades', this.#channels('orders', 'watchMyTrades'), symbol, 'fillsFromOrders');
    }
    return this.#ordersOrFills<Trade, Trade>('watchMyTrades', this.#channels('myTrades', 'watchMyTrades'), symbol, 'myTrades');
  }

  watchBalance(query: { type?: string } = {}): Stream<Balances> {
    const builder = this.#channels('balance', 'watchBalance');
    const type = query?.type ?? 'spot';
    if (type !== 'spot' && type !== 'swap') {
      throw this.#host.error('BadRequest', {
        message: `balance streams are 'spot' or 'swap', got ${describeValue(type)}`,
        hint: "Pass { type: 'spot' } or { type: 'swap' }; funding accounts are read with fetchBalance.",
      });
    }
    this.#checkPrivate(undefined);
    // Called now so a refusal (NotSupported) comes before anything is sent; again once markets are
    // loaded, for exchanges whose balance channels are per market.
    builder(type);
    return this.#open<Balances>('watchBalance', type, 'queue', async (engine, sink) => {
      await this.#host.exchange.loadMarkets();
      const channel = builder(type);
      return engine.joinPrivate(channel, sink, { ledger: 'balance', type, fromRest: channel.restSnapshot === true });
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
    return this.#open<Position>('watchPositions', symbols?.join(',') ?? 'all', 'queue', async (engine, sink) => {
      const known =
        symbols === undefined ? undefined : await Promise.all(symbols.map(async (symbol) => (await this.#market(symbol)).symbol));
      return engine.joinPrivate(channel, sink, { ledger: 'positions', symbols: known, fromRest: channel.restSnapshot === true });
    });
  }

  /** Closes every stream and socket (exchange.close()). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#streams].map((stream) => stream.close()));
    // An engine still loading is closed once it is there (it may have been asked to wait for a slot).
    await this.#engine?.then(
      (engine) => engine.close(),
      () => undefined,
    );
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  /** Tickers and trades of one symbol: checked now, the market's channel joined when the stream starts. */
  #symbolValues<T extends { symbol: string }>(
    method: string,
    builder: (market: Market) => WsValueChannel<T>,
    symbol: string,
    delivery: 'conflate' | 'queue',
  ): Stream<T> {
    this.#checkSymbol(symbol);
    return this.#open<T>(method, symbol, delivery, async (engine, sink) => {
      const market = await this.#market(symbol);
      return engine.joinValues(builder(market), sink, (value) => value.symbol === market.symbol);
    });
  }

  /** Orders, or fills (their own channel or derived from orders), of one symbol or all, through their ledger. */
  #ordersOrFills<In, Out>(
    method: string,
    builder: (market: Market | undefined) => WsValueChannel<In>,
    symbol: string | undefined,
    ledger: 'orders' | 'myTrades' | 'fillsFromOrders',
  ): Stream<Out> {
    this.#checkPrivate(symbol);
    this.#precheck(builder, symbol);
    return this.#open<Out>(method, symbol ?? 'all', 'queue', async (engine, sink) => {
      const market = symbol === undefined ? undefined : await this.#market(symbol);
      return engine.joinPrivate<In, Out>(builder(market), sink, { ledger, symbol: market?.symbol });
    });
  }

  #open<T>(method: string, label: string, delivery: 'conflate' | 'queue', attach: Attach<T>): Stream<T> {
    if (this.#closed) throw this.#host.error('BadRequest', { message: `${method} after close()`, hint: 'Create a new exchange instance.' });
    const stream: Stream<T> = new Stream<T>(
      { name: `${this.#host.id} ${method} ${label}`, exchange: this.#host.id, delivery, maxBuffered: this.#host.settings.maxBuffered },
      (sink) => {
        let detach: (() => void) | undefined;
        let stopped = false;
        this.#streams.add(stream as Stream<unknown>);
        sink.status('connecting');
        this.#engineNow()
          .then(async (engine) => {
            if (stopped || sink.closed) return;
            const undo = await attach(engine, sink);
            if (stopped || sink.closed) undo();
            else detach = undo;
          })
          .catch((error: unknown) => sink.fail(this.#asError(error)));
        return () => {
          stopped = true;
          this.#streams.delete(stream as Stream<unknown>);
          detach?.();
        };
      },
    );
    return stream;
  }

  /** The engine of this exchange, loaded and built on the first started stream. */
  #engineNow(): Promise<StreamEngine> {
    this.#engine ??= loadStreamEngine().then(
      ({ StreamEngine }) => new StreamEngine(this.#host),
      (cause: unknown) => {
        this.#engine = undefined; // the next stream tries again
        throw this.#host.error('NotSupported', {
          message: `the stream engine (${STREAM_ENGINE_ENTRY}) could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
          hint: `A bundled app that streams must bundle the engine: add \`import '${STREAM_ENGINE_ENTRY}';\` beside the exchange import. Otherwise reinstall @exchange-adapters/core.`,
          cause,
        });
      },
    );
    return this.#engine;
  }

  /** Lets the spec refuse arguments its exchange cannot stream now, before anything is sent. */
  #precheck(builder: (market: Market | undefined) => WsChannel, symbol: string | undefined): void {
    if (symbol === undefined) builder(undefined);
    else if (this.#host.marketsLoaded()) builder(this.#host.exchange.market(symbol));
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
        message: `symbol must be a non-empty string, got ${describeValue(symbol)}`,
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

  #asError(error: unknown): ExchangeError {
    if (isExchangeError(error)) return error;
    return this.#host.error('ExchangeError', { message: error instanceof Error ? error.message : String(error) });
  }
}
