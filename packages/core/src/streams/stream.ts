/**
 * `Stream<T>` (DESIGN §7): an async iterable and an eventemitter3 emitter (`data`, `status`,
 * `error`) with `close()` and `latest`. Nothing is sent until the stream is iterated or a `data`
 * listener is attached; breaking out of a `for await` closes it.
 *
 * Two delivery policies, chosen by the engine per stream kind:
 * - `conflate` (books, tickers): the iterator always gets the newest value; a slow consumer never
 *   builds a backlog. Values are offered as thunks and built only when someone reads them, so an
 *   order book is materialized once per read, not once per exchange update.
 * - `queue` (trades, candles, orders, fills, balances, positions): every value in order, once.
 *   A consumer more than `maxBuffered` items behind gets a StreamOverflow error, never silent loss.
 */
import { EventEmitter } from 'eventemitter3';
import { type ExchangeError, StreamOverflow } from '../errors.js';
import { emitToListeners } from '../listeners.js';

/**
 * A stream's state: `connecting` (first connect and subscribe), `live` (data flows), `reconnecting`
 * (socket lost, backing off), `resyncing` (a sequence gap: a fresh snapshot is loaded), `closed` (ended;
 * no more data).
 */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'resyncing' | 'closed';

/** Events of a `Stream`. */
export interface StreamEvents<T> {
  /** Each value, as the iterator yields it. */
  data: (value: T) => void;
  /** Each change of `StreamStatus`. */
  status: (status: StreamStatus) => void;
  /** The error that ended the stream (`StreamOverflow`, a refused login, …), or a warning it survived. */
  error: (error: ExchangeError) => void;
}

/** What the engine feeds a stream with. */
export interface StreamSink<T> {
  /** Queue: appended in order. Conflate: replaces what is pending. */
  push(value: T): void;
  /** Conflate only: the newest value, built on demand from the current (consistent) state. */
  offer(build: () => T): void;
  /** Conflate only: drop a pending value, the state it would be built from is no longer consistent. */
  retract(): void;
  /** Reports a status change. */
  status(status: Exclude<StreamStatus, 'closed'>): void;
  /** A problem worth reporting; the stream goes on. */
  warn(error: ExchangeError): void;
  /** The stream cannot go on: the iterator throws `error` and the stream closes. */
  fail(error: ExchangeError): void;
  /** True once the stream closed: a producer stops. */
  readonly closed: boolean;
}

export interface StreamConfig {
  /** For inspection and messages: `okx watchOrderBook BTC/USDT`. */
  name: string;
  exchange: string;
  delivery: 'conflate' | 'queue';
  /** Queue only; default 10 000. */
  maxBuffered?: number;
}

/** Starts the feed; returns what undoes it. Called once, on first iteration or `data` listener. */
export type StreamStart<T> = (sink: StreamSink<T>) => () => Promise<void> | void;

export const DEFAULT_MAX_BUFFERED = 10_000;

interface Waiter<T> {
  resolve: (result: IteratorResult<T>) => void;
  reject: (error: unknown) => void;
}

const UNSET: unique symbol = Symbol('unset');

/**
 * What `watch*` returns: an async iterable of values and an emitter (`data`, `status`, `error`). Nothing
 * is sent until it is iterated or gets a `data` listener; leaving a `for await` loop or `close()` ends it,
 * and the last stream on a socket frees the socket.
 */
export class Stream<T> extends EventEmitter<StreamEvents<T>> implements AsyncIterable<T> {
  /** What is streamed, for messages (`okx books BTC/USDT`). */
  readonly name: string;
  readonly #config: Required<StreamConfig>;
  readonly #start: StreamStart<T>;
  #status: StreamStatus = 'connecting';
  #started = false;
  #closed = false;
  #teardown: (() => Promise<void> | void) | undefined;
  #closing: Promise<void> | undefined;
  #failure: ExchangeError | undefined;
  /** Whether an iterator exists: only then are values buffered for it. */
  #iterating = false;
  #queue: T[] = [];
  #head = 0;
  #pending: (() => T) | undefined;
  #latest: T | typeof UNSET = UNSET;
  #latestBuild: (() => T) | undefined;
  #waiters: Waiter<T>[] = [];
  #deliveryScheduled = false;

  constructor(config: StreamConfig, start: StreamStart<T>) {
    super();
    this.name = config.name;
    this.#config = { maxBuffered: DEFAULT_MAX_BUFFERED, ...config };
    this.#start = start;
  }

  /** The last value, or undefined before the first one. */
  get latest(): T | undefined {
    if (this.#latestBuild) {
      this.#latest = this.#latestBuild();
      this.#latestBuild = undefined;
    }
    return this.#latest === UNSET ? undefined : this.#latest;
  }

  /** The current status. */
  get status(): StreamStatus {
    return this.#status;
  }

  /** Items waiting for the iterator (queue delivery). */
  get buffered(): number {
    return this.#queue.length - this.#head;
  }

  override on<E extends EventEmitter.EventNames<StreamEvents<T>>>(
    event: E,
    listener: EventEmitter.EventListener<StreamEvents<T>, E>,
    context?: unknown,
  ): this {
    super.on(event, listener, context);
    if (event === 'data') this.#ensureStarted();
    return this;
  }

  /** As `on`. */
  override addListener<E extends EventEmitter.EventNames<StreamEvents<T>>>(
    event: E,
    listener: EventEmitter.EventListener<StreamEvents<T>, E>,
    context?: unknown,
  ): this {
    return this.on(event, listener, context);
  }

  override once<E extends EventEmitter.EventNames<StreamEvents<T>>>(
    event: E,
    listener: EventEmitter.EventListener<StreamEvents<T>, E>,
    context?: unknown,
  ): this {
    super.once(event, listener, context);
    if (event === 'data') this.#ensureStarted();
    return this;
  }

  /** Stops the feed; the last close of a subscription frees it, the last subscription frees the socket. */
  close(): Promise<void> {
    if (this.#closing) return this.#closing;
    this.#closed = true;
    this.#pending = undefined;
    this.#queue = [];
    this.#head = 0;
    const teardown = this.#teardown;
    this.#teardown = undefined;
    this.#closing = Promise.resolve()
      .then(() => teardown?.())
      .then(
        () => undefined,
        () => undefined,
      );
    this.#setStatus('closed');
    this.#settleWaiters();
    return this.#closing;
  }

  /** Iterates the values; leaving the loop (break, return, throw) closes the stream. */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#iterating) {
      throw new RangeError(`${this.name}: a stream has one reader; open another stream for a second consumer`);
    }
    this.#iterating = true;
    this.#ensureStarted();
    return {
      next: () => this.#next(),
      return: async () => {
        await this.close();
        return { done: true, value: undefined };
      },
      throw: async (error: unknown) => {
        await this.close();
        throw error;
      },
    };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Stream { ${this.name}, status: '${this.#status}' }`;
  }

  #ensureStarted(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    this.#teardown = this.#start(this.#sink());
  }

  #sink(): StreamSink<T> {
    const self = this;
    return {
      push: (value) => self.#push(value),
      offer: (build) => self.#offer(build),
      retract: () => {
        self.#pending = undefined;
      },
      status: (status) => self.#setStatus(status),
      warn: (error) => {
        if (!self.#closed) self.#emit('error', error);
      },
      fail: (error) => self.#fail(error),
      get closed() {
        return self.#closed;
      },
    };
  }

  #push(value: T): void {
    if (this.#closed) return;
    this.#latest = value;
    this.#latestBuild = undefined;
    if (this.#config.delivery === 'conflate') {
      this.#offer(() => value);
      return;
    }
    this.#emit('data', value);
    if (!this.#iterating) return;
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.resolve({ done: false, value });
      return;
    }
    if (this.buffered >= this.#config.maxBuffered) {
      this.#fail(
        new StreamOverflow({
          exchange: this.#config.exchange,
          message: `${this.name}: the consumer fell more than ${this.#config.maxBuffered} items behind`,
          hint: 'Read faster (do less per item or hand items to a worker), or raise streams.maxBuffered; re-read the state over REST before watching again.',
          retryable: false,
        }),
      );
      return;
    }
    this.#queue.push(value);
  }

  #offer(build: () => T): void {
    if (this.#closed) return;
    this.#latestBuild = build;
    if (this.listenerCount('data') > 0) {
      const value = build();
      this.#latest = value;
      this.#latestBuild = undefined;
      this.#emit('data', value);
      if (!this.#iterating) return;
      const waiter = this.#waiters.shift();
      if (waiter) waiter.resolve({ done: false, value });
      else this.#pending = () => value;
      return;
    }
    if (!this.#iterating) return;
    this.#pending = build;
    // A waiting reader is answered after the current turn: frames that arrived in one network read
    // are all applied first, and the book is built once for them, not once per frame.
    if (this.#waiters.length > 0 && !this.#deliveryScheduled) {
      this.#deliveryScheduled = true;
      queueMicrotask(() => this.#deliverPending());
    }
  }

  #deliverPending(): void {
    this.#deliveryScheduled = false;
    const build = this.#pending;
    if (!build || this.#closed) return;
    const waiter = this.#waiters.shift();
    if (!waiter) return;
    this.#pending = undefined;
    const value = build();
    this.#latest = value;
    if (this.#latestBuild === build) this.#latestBuild = undefined;
    waiter.resolve({ done: false, value });
  }

  #next(): Promise<IteratorResult<T>> {
    if (this.#failure) {
      const failure = this.#failure;
      this.#failure = undefined;
      return Promise.reject(failure);
    }
    if (this.#head < this.#queue.length) {
      const value = this.#queue[this.#head] as T;
      this.#queue[this.#head] = undefined as T;
      this.#head++;
      if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
        this.#queue = this.#queue.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ done: false, value });
    }
    if (this.#pending) {
      const build = this.#pending;
      this.#pending = undefined;
      const value = build();
      this.#latest = value;
      if (this.#latestBuild === build) this.#latestBuild = undefined;
      return Promise.resolve({ done: false, value });
    }
    if (this.#closed) return Promise.resolve({ done: true, value: undefined });
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** The program's listeners of `event`, called so that a throwing one cannot unwind through the engine (listeners.ts). */
  #emit<E extends EventEmitter.EventNames<StreamEvents<T>>>(event: E, ...args: EventEmitter.EventArgs<StreamEvents<T>, E>): void {
    emitToListeners<StreamEvents<T>, E>(this, event, ...args);
  }

  #setStatus(status: StreamStatus): void {
    if (this.#status === status || this.#status === 'closed') return;
    this.#status = status;
    this.#emit('status', status);
  }

  #fail(error: ExchangeError): void {
    if (this.#closed) return;
    this.#emit('error', error);
    const waiter = this.#waiters.shift();
    if (waiter) waiter.reject(error);
    else if (this.#iterating) this.#failure = error;
    void this.close();
  }

  #settleWaiters(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve({ done: true, value: undefined });
  }
}
