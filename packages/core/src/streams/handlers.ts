/**
 * What each stream does with its subscription's frames. Public values are parsed and pushed.
 * Private values go through a ledger that yields each order version, fill, balance and position
 * change once, in order; after a reconnect the ledger reads over REST what changed while the
 * socket was down, and frames arriving meanwhile wait their turn.
 */
import type { ExchangeError } from '../errors.js';
import type { Balances, Exchange, Order, Position, Trade } from '../types.js';
import type { SubscriptionListener } from './connection.js';
import type { WsValueChannel } from './contract.js';
import type { StreamSink } from './stream.js';

type BadResponse = (message: string) => ExchangeError;

/** Tickers, trades, candles: parse, filter, push. */
export class ValueHandler<T> implements SubscriptionListener {
  constructor(
    readonly channel: WsValueChannel<T>,
    readonly sink: StreamSink<T>,
    readonly accept: (value: T) => boolean,
    readonly badResponse: BadResponse,
  ) {}

  message(message: unknown): void {
    let values: T[];
    try {
      values = this.channel.parse(message);
    } catch (error) {
      this.sink.warn(this.badResponse(`unreadable ${this.channel.key} frame: ${error instanceof Error ? error.message : String(error)}`));
      return;
    }
    for (const value of values) if (this.accept(value)) this.sink.push(value);
  }

  status(status: 'connecting' | 'reconnecting' | 'subscribed'): void {
    this.sink.status(status === 'subscribed' ? 'live' : status);
  }

  resumed(): void {}

  error(error: ExchangeError, fatal: boolean): void {
    if (fatal) this.sink.fail(error);
    else this.sink.warn(error);
  }
}

/** Yields each private value once and knows how to catch up over REST. */
export interface Ledger<T> {
  /** The value to yield for this update, or undefined when it was yielded already (or is not wanted). */
  admit(value: T): T | undefined;
  /** What changed since `sinceMs` (exchange clock), oldest first; passed through `admit` by the caller. */
  catchUp(sinceMs: number): Promise<T[]>;
}

export interface PrivateHandlerDeps<T> {
  channel: WsValueChannel<T>;
  sink: StreamSink<T>;
  ledger: Ledger<T>;
  badResponse: BadResponse;
  /** Local time → exchange time (the skew-corrected clock). */
  toExchangeTime: (localMs: number) => number;
  maxHeld: number;
  catchUpFailed: (cause: unknown) => ExchangeError;
}

/** How far before the drop REST catch-up looks, for pushes lost just before the socket died. */
const CATCH_UP_SLACK_MS = 60_000;

export class PrivateHandler<T> implements SubscriptionListener {
  readonly #deps: PrivateHandlerDeps<T>;
  #held: unknown[] | undefined;
  #subscribedSinceMs: number | undefined;

  constructor(deps: PrivateHandlerDeps<T>) {
    this.#deps = deps;
  }

  message(message: unknown): void {
    if (this.#held) {
      if (this.#held.length >= this.#deps.maxHeld) {
        this.#deps.sink.fail(this.#deps.catchUpFailed(new Error('too many updates arrived while catching up')));
        return;
      }
      this.#held.push(message);
      return;
    }
    this.#deliverFrame(message);
  }

  status(status: 'connecting' | 'reconnecting' | 'subscribed'): void {
    if (status !== 'subscribed') {
      this.#deps.sink.status(status);
      return;
    }
    this.#subscribedSinceMs ??= this.#deps.toExchangeTime(Date.now());
    if (!this.#held) this.#deps.sink.status('live');
  }

  resumed(downSinceMs: number): void {
    const { sink, ledger } = this.#deps;
    this.#held = [];
    sink.status('resyncing');
    const downSince = this.#deps.toExchangeTime(downSinceMs);
    const since = Math.max(this.#subscribedSinceMs ?? downSince, downSince - CATCH_UP_SLACK_MS);
    ledger.catchUp(since).then(
      (values) => {
        if (sink.closed) return;
        for (const value of values) this.#deliver(value);
        const held = this.#held ?? [];
        this.#held = undefined;
        for (const frame of held) this.#deliverFrame(frame);
        sink.status('live');
      },
      (error: unknown) => {
        this.#held = undefined;
        sink.fail(this.#deps.catchUpFailed(error));
      },
    );
  }

  error(error: ExchangeError, fatal: boolean): void {
    if (fatal) this.#deps.sink.fail(error);
    else this.#deps.sink.warn(error);
  }

  #deliverFrame(message: unknown): void {
    let values: T[];
    try {
      values = this.#deps.channel.parse(message);
    } catch (error) {
      this.#deps.sink.fail(
        this.#deps.badResponse(`unreadable ${this.#deps.channel.key} frame: ${error instanceof Error ? error.message : String(error)}`),
      );
      return;
    }
    for (const value of values) this.#deliver(value);
  }

  #deliver(value: T): void {
    const admitted = this.#deps.ledger.admit(value);
    if (admitted !== undefined) this.#deps.sink.push(admitted);
  }
}

// ── ledgers ────────────────────────────────────────────────────────────────────────────────────

type Rest = Pick<Exchange, 'fetchOpenOrders' | 'fetchClosedOrders' | 'fetchMyTrades' | 'fetchBalance' | 'fetchPositions'>;

const MAX_REMEMBERED = 50_000;

/** Forgets the oldest entries of an insertion-ordered map past a bound. */
function bound<K, V>(map: Map<K, V>): void {
  if (map.size <= MAX_REMEMBERED) return;
  const excess = map.size - MAX_REMEMBERED;
  let removed = 0;
  for (const key of map.keys()) {
    if (removed++ >= excess) break;
    map.delete(key);
  }
}

interface OrderVersion {
  updated: number;
  filled: number;
  final: boolean;
}

function versionOf(order: Order): OrderVersion {
  return { updated: order.lastUpdateTimestamp ?? order.timestamp, filled: order.filled, final: order.status !== 'open' };
}

function isNewer(candidate: OrderVersion, known: OrderVersion): boolean {
  if (candidate.updated !== known.updated) return candidate.updated > known.updated;
  if (candidate.filled !== known.filled) return candidate.filled > known.filled;
  return candidate.final && !known.final;
}

export class OrdersLedger implements Ledger<Order> {
  readonly #seen = new Map<string, OrderVersion>();

  constructor(
    readonly rest: Rest,
    readonly symbol: string | undefined,
  ) {}

  admit(order: Order): Order | undefined {
    if (this.symbol !== undefined && order.symbol !== this.symbol) return undefined;
    const version = versionOf(order);
    const known = this.#seen.get(order.id);
    if (known && !isNewer(version, known)) return undefined;
    this.#seen.delete(order.id);
    this.#seen.set(order.id, version);
    bound(this.#seen);
    return order;
  }

  async catchUp(sinceMs: number): Promise<Order[]> {
    const [open, closed] = await Promise.all([this.rest.fetchOpenOrders(this.symbol), this.rest.fetchClosedOrders(this.symbol, sinceMs)]);
    const byId = new Map<string, Order>();
    for (const order of [...open, ...closed]) {
      const other = byId.get(order.id);
      if (!other || isNewer(versionOf(order), versionOf(other))) byId.set(order.id, order);
    }
    return [...byId.values()]
      .filter((order) => this.#seen.has(order.id) || versionOf(order).updated >= sinceMs)
      .sort((a, b) => versionOf(a).updated - versionOf(b).updated);
  }
}

export class MyTradesLedger implements Ledger<Trade> {
  readonly #seen = new Map<string, true>();

  constructor(
    readonly rest: Rest,
    readonly symbol: string | undefined,
  ) {}

  admit(trade: Trade): Trade | undefined {
    if (this.symbol !== undefined && trade.symbol !== this.symbol) return undefined;
    const key = `${trade.orderId ?? ''}:${trade.id}`;
    if (this.#seen.has(key)) return undefined;
    this.#seen.set(key, true);
    bound(this.#seen);
    return trade;
  }

  async catchUp(sinceMs: number): Promise<Trade[]> {
    const trades = await this.rest.fetchMyTrades(this.symbol, sinceMs);
    return trades.filter((trade) => trade.timestamp >= sinceMs).sort((a, b) => a.timestamp - b.timestamp);
  }
}

/** Balance pushes may carry only the currencies that changed; the stream yields the whole account each time. */
export class BalanceLedger implements Ledger<Balances> {
  #last: Balances | undefined;
  #lastText = '';

  constructor(
    readonly rest: Rest,
    readonly type: 'spot' | 'swap',
  ) {}

  admit(update: Balances): Balances | undefined {
    const merged: Balances = {
      info: update.info,
      timestamp: update.timestamp ?? this.#last?.timestamp,
      assets: { ...this.#last?.assets, ...update.assets },
    };
    const text = JSON.stringify(merged.assets);
    if (text === this.#lastText) return undefined;
    this.#last = merged;
    this.#lastText = text;
    return merged;
  }

  async catchUp(): Promise<Balances[]> {
    return [await this.rest.fetchBalance({ type: this.type })];
  }
}

function positionKey(position: Position): string {
  return `${position.symbol}:${position.side}:${position.marginMode}`;
}

function positionSignature(position: Position): string {
  return [
    position.amount,
    position.entryPrice,
    position.leverage,
    position.unrealizedPnl,
    position.markPrice,
    position.liquidationPrice,
  ].join('|');
}

export class PositionsLedger implements Ledger<Position> {
  readonly #last = new Map<string, { position: Position; signature: string }>();

  constructor(
    readonly rest: Rest,
    readonly symbols: readonly string[] | undefined,
  ) {}

  admit(position: Position): Position | undefined {
    if (this.symbols && !this.symbols.includes(position.symbol)) return undefined;
    const key = positionKey(position);
    const signature = positionSignature(position);
    if (this.#last.get(key)?.signature === signature) return undefined;
    if (position.amount === 0) this.#last.delete(key);
    else this.#last.set(key, { position, signature });
    return position;
  }

  async catchUp(): Promise<Position[]> {
    const current = await this.rest.fetchPositions(this.symbols ? [...this.symbols] : undefined);
    const open = new Set(current.map(positionKey));
    // Positions known open that REST no longer lists were closed while the socket was down.
    const closed: Position[] = [];
    for (const [key, { position }] of this.#last) {
      if (!open.has(key)) closed.push({ ...position, amount: 0, contracts: 0, unrealizedPnl: 0 });
    }
    return [...closed, ...current];
  }
}
