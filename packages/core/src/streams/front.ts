/**
 * The part of the stream engine every exchange carries (DESIGN §7). `watch*` checks its arguments
 * and returns its `Stream` at once, synchronously, so bad input fails before anything is sent;
 * nothing else happens until the stream is iterated or gets a `data` listener. Only then are the
 * engine (engine.ts: sockets, shared subscriptions, books, ledgers) and the exchange's spec (its
 * ws.ts: frames and codecs) loaded — most of the streaming code, see load-engine.ts — so a program
 * that never streams never loads them. Until then the exchange's rules (WsRules) answer: which
 * streams it offers, and which arguments it refuses.
 */
import { describeValue } from '../describe.js';
import { type ExchangeError, isExchangeError } from '../errors.js';
import type { Balances, Market, OHLCV, Order, OrderBook, Position, Ticker, Trade } from '../types.js';
import type { WsChannelCheck, WsChannels, WsRules, WsSpec, WsValueChannel } from './contract.js';
import type { StreamEngine, StreamHost } from './engine.js';
import { loadStreamEngine, STREAM_ENGINE_ENTRY } from './load-engine.js';
import { Stream, type StreamSink } from './stream.js';

const MAX_BOOK_DEPTH = 5_000;

const noCheck = (): void => undefined;

/**
 * The rules of a spec an adapter gives synchronously (no `wsRules()`): its builders are the checks,
 * since they refuse what they cannot build.
 */
export function wsRulesOf(spec: WsSpec): WsRules {
  const channels: Record<string, (...args: unknown[]) => void> = {};
  for (const [kind, build] of Object.entries(spec.channels) as [string, ((...args: unknown[]) => unknown) | undefined][]) {
    if (build) {
      channels[kind] = (...args) => {
        build.apply(spec.channels, args);
      };
    }
  }
  return { channels, fillsFromOrders: spec.fillsFromOrders };
}

/** What the front is given: the engine's host but the spec, which it loads; login hooks take the spec. */
export interface StreamFrontHost extends Omit<StreamHost, 'spec' | 'loginFrame' | 'upgradeHeaders'> {
  /** What the exchange streams and the arguments it refuses, known before anything loads. */
  readonly rules: WsRules;
  /** The exchange's spec, loaded with the engine when the first stream starts. */
  loadSpec(): Promise<WsSpec>;
  loginFrame(spec: WsSpec): Promise<string>;
  upgradeHeaders(spec: WsSpec, endpoint: string): ReturnType<StreamHost['upgradeHeaders']>;
}

/** Subscribes a started stream to the engine; `channels` are the loaded spec's builders. Returns what unsubscribes it. */
type Attach<T> = (engine: StreamEngine, sink: StreamSink<T>, channels: Required<WsChannels>) => Promise<() => void>;

export class StreamFront {
  readonly #host: StreamFrontHost;
  readonly #streams = new Set<Stream<unknown>>();
  #engine: Promise<{ engine: StreamEngine; channels: Required<WsChannels> }> | undefined;
  #closed = false;

  constructor(host: StreamFrontHost) {
    this.#host = host;
  }

  // ── the watch methods ─────────────────────────────────────────────────────────────────────────

  watchTicker(symbol: string): Stream<Ticker> {
    return this.#symbolValues<Ticker>('watchTicker', 'ticker', symbol, 'conflate');
  }

  watchOrderBook(symbol: string, options: { depth?: number } = {}): Stream<OrderBook> {
    const check = this.#rule('orderBook', 'watchOrderBook');
    this.#checkSymbol(symbol);
    const depth = options?.depth;
    if (depth !== undefined && (!Number.isInteger(depth) || depth <= 0 || depth > MAX_BOOK_DEPTH)) {
      throw this.#host.error('BadRequest', {
        message: `depth must be an integer from 1 to ${MAX_BOOK_DEPTH}, got ${describeValue(depth)}`,
        hint: 'Pass { depth: 400 } for a full book, { depth: 5 } or { depth: 1 } for the top.',
      });
    }
    if (this.#host.marketsLoaded()) check(this.#host.exchange.market(symbol), depth ?? Number.POSITIVE_INFINITY);
    return this.#open<OrderBook>('watchOrderBook', symbol, 'conflate', async (engine, sink, channels) => {
      const market = await this.#market(symbol);
      const channel = channels.orderBook(market, depth ?? Number.POSITIVE_INFINITY);
      return engine.joinBook(channel, market, { depth: Math.min(depth ?? channel.depth, channel.depth), sink });
    });
  }

  watchTrades(symbol: string): Stream<Trade> {
    return this.#symbolValues<Trade>('watchTrades', 'trades', symbol, 'queue');
  }

  watchOHLCV(symbol: string, timeframe: string): Stream<OHLCV> {
    const check = this.#rule('ohlcv', 'watchOHLCV');
    this.#checkSymbol(symbol);
    if (typeof timeframe !== 'string' || timeframe === '') {
      throw this.#host.error('BadRequest', {
        message: 'timeframe must be a string such as 1m',
        hint: "Pass a timeframe: '1m', '1h', '1d'.",
      });
    }
    if (this.#host.marketsLoaded()) check(this.#host.exchange.market(symbol), timeframe);
    return this.#open<OHLCV>('watchOHLCV', `${symbol} ${timeframe}`, 'queue', async (engine, sink, channels) => {
      const market = await this.#market(symbol);
      return engine.joinValues(channels.ohlcv(market, timeframe), sink, () => true);
    });
  }

  watchOrders(symbol?: string): Stream<Order> {
    return this.#ordersOrFills<Order, Order>('watchOrders', 'orders', symbol, 'orders');
  }

  watchMyTrades(symbol?: string): Stream<Trade> {
    const { rules } = this.#host;
    // Without a fills channel, fills may be derived from order updates (WsSpec.fillsFromOrders).
    if (!rules.channels.myTrades && rules.fillsFromOrders && rules.channels.orders) {
      return this.#ordersOrFills<Order, Trade>('watchMyTrades', 'orders', symbol, 'fillsFromOrders');
    }
    return this.#ordersOrFills<Trade, Trade>('watchMyTrades', 'myTrades', symbol, 'myTrades');
  }

  watchBalance(query: { type?: string } = {}): Stream<Balances> {
    const check = this.#rule('balance', 'watchBalance');
    const type = query?.type ?? 'spot';
    if (type !== 'spot' && type !== 'swap') {
      throw this.#host.error('BadRequest', {
        message: `balance streams are 'spot' or 'swap', got ${describeValue(type)}`,
        hint: "Pass { type: 'spot' } or { type: 'swap' }; funding accounts are read with fetchBalance.",
      });
    }
    this.#checkPrivate(undefined);
    // A refusal (NotSupported) comes now, before anything is sent; the channel is built once markets
    // are loaded, for exchanges whose balance channels are per market.
    check(type);
    return this.#open<Balances>('watchBalance', type, 'queue', async (engine, sink, channels) => {
      await this.#host.exchange.loadMarkets();
      const channel = channels.balance(type);
      return engine.joinPrivate(channel, sink, { ledger: 'balance', type, fromRest: channel.restSnapshot === true });
    });
  }

  watchPositions(symbols?: string[]): Stream<Position> {
    const check = this.#rule('positions', 'watchPositions');
    if (symbols !== undefined) {
      if (!Array.isArray(symbols)) {
        throw this.#host.error('BadRequest', { message: 'symbols must be an array of symbols', hint: "Pass ['BTC/USDT:USDT']." });
      }
      for (const symbol of symbols) this.#checkSymbol(symbol);
    }
    this.#checkPrivate(undefined);
    check();
    return this.#open<Position>('watchPositions', symbols?.join(',') ?? 'all', 'queue', async (engine, sink, channels) => {
      const known =
        symbols === undefined ? undefined : await Promise.all(symbols.map(async (symbol) => (await this.#market(symbol)).symbol));
      const channel = channels.positions();
      return engine.joinPrivate(channel, sink, { ledger: 'positions', symbols: known, fromRest: channel.restSnapshot === true });
    });
  }

  /** Closes every stream and socket (exchange.close()). */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#streams].map((stream) => stream.close()));
    // An engine still loading is closed once it is there (it may have been asked to wait for a slot).
    await this.#engine?.then(
      ({ engine }) => engine.close(),
      () => undefined,
    );
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  /** Tickers and trades of one symbol: checked now, the market's channel joined when the stream starts. */
  #symbolValues<T extends { symbol: string }>(
    method: string,
    kind: 'ticker' | 'trades',
    symbol: string,
    delivery: 'conflate' | 'queue',
  ): Stream<T> {
    const check = this.#rule(kind, method);
    this.#checkSymbol(symbol);
    if (this.#host.marketsLoaded()) check(this.#host.exchange.market(symbol));
    return this.#open<T>(method, symbol, delivery, async (engine, sink, channels) => {
      const market = await this.#market(symbol);
      return engine.joinValues(
        channels[kind](market) as WsValueChannel<unknown> as WsValueChannel<T>,
        sink,
        (value) => value.symbol === market.symbol,
      );
    });
  }

  /** Orders, or fills (their own channel or derived from orders), of one symbol or all, through their ledger. */
  #ordersOrFills<In, Out>(
    method: string,
    kind: 'orders' | 'myTrades',
    symbol: string | undefined,
    ledger: 'orders' | 'myTrades' | 'fillsFromOrders',
  ): Stream<Out> {
    const check = this.#rule(kind, method);
    this.#checkPrivate(symbol);
    // Lets the exchange refuse arguments it cannot stream now, before anything is sent.
    if (symbol === undefined) check(undefined);
    else if (this.#host.marketsLoaded()) check(this.#host.exchange.market(symbol));
    return this.#open<Out>(method, symbol ?? 'all', 'queue', async (engine, sink, channels) => {
      const market = symbol === undefined ? undefined : await this.#market(symbol);
      return engine.joinPrivate<In, Out>(channels[kind](market) as WsValueChannel<unknown> as WsValueChannel<In>, sink, {
        ledger,
        symbol: market?.symbol,
      });
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
          .then(async ({ engine, channels }) => {
            if (stopped || sink.closed) return;
            const undo = await attach(engine, sink, channels);
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

  /** The engine of this exchange and its spec's builders, loaded and built on the first started stream. */
  #engineNow(): Promise<{ engine: StreamEngine; channels: Required<WsChannels> }> {
    const host = this.#host;
    this.#engine ??= Promise.all([
      loadStreamEngine().catch((cause: unknown) => {
        throw this.#notLoaded(`the stream engine (${STREAM_ENGINE_ENTRY})`, cause);
      }),
      host.loadSpec().catch((cause: unknown) => {
        throw isExchangeError(cause) ? cause : this.#notLoaded(`the ${host.id} stream tables (${host.rules.entry})`, cause);
      }),
    ]).then(
      ([{ StreamEngine }, spec]) => {
        const channels = this.#builders(spec);
        const engine = new StreamEngine({
          ...host,
          spec,
          loginFrame: () => host.loginFrame(spec),
          upgradeHeaders: (endpoint) => host.upgradeHeaders(spec, endpoint),
        });
        return { engine, channels };
      },
      (error: unknown) => {
        this.#engine = undefined; // the next stream tries again
        throw error;
      },
    );
    return this.#engine;
  }

  #notLoaded(what: string, cause: unknown): ExchangeError {
    const entry = this.#host.rules.entry ?? STREAM_ENGINE_ENTRY;
    return this.#host.error('NotSupported', {
      message: `${what} could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`,
      hint: `A bundled app that streams must bundle them: add \`import '${entry}';\` beside the exchange import. Otherwise reinstall ${entry.slice(0, entry.lastIndexOf('/'))}.`,
      cause,
    });
  }

  /** The spec's builders; every stream the rules list must have one (a mismatch is the adapter's bug, said plainly). */
  #builders(spec: WsSpec): Required<WsChannels> {
    const missing = Object.keys(this.#host.rules.channels).filter((kind) => !spec.channels[kind as keyof WsChannels]);
    if (missing.length > 0) {
      throw this.#host.error('NotSupported', { message: `${this.#host.id}'s stream tables have no ${missing.join(', ')} channel` });
    }
    return spec.channels as Required<WsChannels>;
  }

  /** The argument check of a stream kind the exchange offers; NotSupported for one it does not. */
  #rule<K extends keyof WsChannels>(kind: K, method: string): WsChannelCheck<K> {
    const rule = this.#host.rules.channels[kind];
    if (!rule) {
      throw this.#host.error('NotSupported', {
        message: `${method} is not supported by ${this.#host.id}`,
        hint: `Check exchange.has.${method} before calling.`,
      });
    }
    return rule === true ? noCheck : rule;
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
