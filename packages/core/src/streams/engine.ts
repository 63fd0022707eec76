/**
 * The stream engine of one exchange instance, loaded on its first started stream (front.ts checks
 * the arguments and makes the Streams; load-engine.ts says how this file is loaded): channels with
 * the same key share one wire subscription (ref-counted); subscriptions share sockets per endpoint
 * kind up to the exchange's per-connection limit; new connections wait for the exchange's
 * connection rate. The adapter supplies only its WsSpec (tables and pure functions, see contract.ts).
 */
import { type ErrorKind, type ExchangeError, type ExchangeErrorDetails, isExchangeError, reviseError } from '../errors.js';
import type { Exchange, Market } from '../types.js';
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
import type { StreamSink } from './stream.js';

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

/** Which ledger a private stream reads through (handlers.ts). */
export type LedgerRequest =
  | { ledger: 'orders' | 'myTrades' | 'fillsFromOrders'; symbol: string | undefined }
  | { ledger: 'balance'; type: 'spot' | 'swap'; fromRest: boolean }
  | { ledger: 'positions'; symbols: readonly string[] | undefined; fromRest: boolean };

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

/** The sockets and subscriptions of one exchange instance; built by its StreamFront on the first started stream. */
export class StreamEngine {
  readonly #host: StreamHost;
  readonly #registry = new Map<string, Registered>();
  readonly #pools = new Map<string, Connection[]>();
  #connectTimes: number[] = [];
  #closed = false;
  /** Connections waiting for a slot under the exchange's connection limits; close() wakes them. */
  readonly #admissionWaits = new Map<NodeJS.Timeout, () => void>();

  constructor(host: StreamHost) {
    this.#host = host;
    // The WebSocket client loads now, with the engine (on the first started stream), not when core is imported.
    if (!host.openSocket) loadWebSocket().catch(() => undefined);
  }

  // ── what the front (front.ts) subscribes started streams with ──────────────────────────────────

  /** Tickers, trades, candles: the values of `channel` that `accept` keeps go to `sink`. */
  joinValues<T>(channel: WsValueChannel<T>, sink: StreamSink<T>, accept: (value: T) => boolean): () => void {
    return this.#joinValues(channel, new ValueHandler(channel, sink, accept, this.#bad, this.#now));
  }

  /** An order book of `market`, kept by one BookKeeper per channel and read at `reader.depth`. */
  joinBook(channel: WsBookChannel, market: Market, reader: BookReader): () => void {
    return this.#joinBook(channel, market, reader);
  }

  /** Orders, fills, balances, positions: each update once, in order, caught up after reconnects. */
  joinPrivate<In, Out>(channel: WsValueChannel<In>, sink: StreamSink<Out>, request: LedgerRequest): () => void {
    const ledger = this.#ledger(request) as unknown as Ledger<In, Out>;
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
  }

  /** Closes every socket (exchange.close(), after the front closed the streams). */
  async close(): Promise<void> {
    this.#closed = true;
    // A connection waiting for its slot would hold the process open for up to a window (WEEX: 5 min).
    for (const [timer, wake] of this.#admissionWaits) {
      clearTimeout(timer);
      wake();
    }
    this.#admissionWaits.clear();
    for (const pool of this.#pools.values()) for (const connection of pool) connection.shutdown();
    this.#pools.clear();
    this.#registry.clear();
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  #ledger(request: LedgerRequest): Ledger<unknown, unknown> {
    const rest = this.#host.exchange;
    switch (request.ledger) {
      case 'orders':
        return new OrdersLedger(rest, request.symbol) as Ledger<unknown, unknown>;
      case 'fillsFromOrders':
        return new OrderFillsLedger(rest, request.symbol, this.#now) as unknown as Ledger<unknown, unknown>;
      case 'myTrades':
        return new MyTradesLedger(rest, request.symbol) as Ledger<unknown, unknown>;
      case 'balance':
        return new BalanceLedger(rest, request.type, request.fromRest) as Ledger<unknown, unknown>;
      case 'positions':
        return new PositionsLedger(rest, request.symbols, request.fromRest) as Ledger<unknown, unknown>;
    }
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

  readonly #now = (): number => this.#host.exchangeNow();

  readonly #bad = (message: string): ExchangeError =>
    this.#host.error('BadResponse', {
      message,
      hint: `${this.#host.spec.name} sent a frame this adapter could not use; the stream resynchronizes where it can.`,
    });
}
