/**
 * What each stream does with its subscription's frames. Public values are parsed and pushed.
 * Private values go through a ledger that yields each order version, fill, balance and position
 * change once, in order; after a reconnect the ledger reads over REST what changed while the
 * socket was down, and frames arriving meanwhile wait their turn.
 */
import type { ExchangeError } from '../errors.js';
import { toDecimal } from '../precision.js';
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
    /** The exchange's clock (skew-corrected), for `parse`. */
    readonly now: () => number,
  ) {}

  message(message: unknown): void {
    let values: T[];
    try {
      values = this.channel.parse(message, this.now());
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

/**
 * Yields each private value once and knows how to catch up over REST. `In` is what the channel's
 * frames carry, `Out` what the stream yields (the same, except for fills derived from orders).
 */
export interface Ledger<In, Out = In> {
  /** The value to yield for this update, or undefined when it was yielded already (or is not wanted). */
  admit(value: In): Out | undefined;
  /** What changed since `sinceMs` (exchange clock), oldest first; passed through `admit` by the caller. */
  catchUp(sinceMs: number): Promise<In[]>;
  /**
   * Read once when first subscribed, before any push is applied: the state pushes only amend
   * (balances that arrive as changes), or a baseline the ledger keeps without yielding (returns []).
   */
  initial?(): Promise<In[]>;
}

export interface PrivateHandlerDeps<In, Out> {
  channel: WsValueChannel<In>;
  sink: StreamSink<Out>;
  ledger: Ledger<In, Out>;
  badResponse: BadResponse;
  /** Local time → exchange time (the skew-corrected clock). */
  toExchangeTime: (localMs: number) => number;
  maxHeld: number;
  catchUpFailed: (cause: unknown) => ExchangeError;
}

/** How far before the drop REST catch-up looks, for pushes lost just before the socket died. */
const CATCH_UP_SLACK_MS = 60_000;

export class PrivateHandler<In, Out = In> implements SubscriptionListener {
  readonly #deps: PrivateHandlerDeps<In, Out>;
  #held: unknown[] | undefined;
  #subscribedSinceMs: number | undefined;

  constructor(deps: PrivateHandlerDeps<In, Out>) {
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
    if (this.#subscribedSinceMs === undefined) {
      this.#subscribedSinceMs = this.#deps.toExchangeTime(Date.now());
      const initial = this.#deps.ledger.initial;
      if (initial && !this.#held) {
        // Frames arriving while the state is read wait, and are applied over it.
        this.#readThenRelease(() => initial.call(this.#deps.ledger));
        return;
      }
    }
    if (!this.#held) this.#deps.sink.status('live');
  }

  resumed(downSinceMs: number): void {
    const { ledger } = this.#deps;
    this.#deps.sink.status('resyncing');
    const downSince = this.#deps.toExchangeTime(downSinceMs);
    const since = Math.max(this.#subscribedSinceMs ?? downSince, downSince - CATCH_UP_SLACK_MS);
    this.#readThenRelease(() => ledger.catchUp(since));
  }

  error(error: ExchangeError, fatal: boolean): void {
    if (fatal) this.#deps.sink.fail(error);
    else this.#deps.sink.warn(error);
  }

  /** Holds frames while `read` runs, delivers what it read, then the held frames, then goes live. */
  #readThenRelease(read: () => Promise<In[]>): void {
    const { sink } = this.#deps;
    this.#held = [];
    read().then(
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

  #deliverFrame(message: unknown): void {
    let values: In[];
    try {
      values = this.#deps.channel.parse(message, this.#deps.toExchangeTime(Date.now()));
    } catch (error) {
      this.#deps.sink.fail(
        this.#deps.badResponse(`unreadable ${this.#deps.channel.key} frame: ${error instanceof Error ? error.message : String(error)}`),
      );
      return;
    }
    for (const value of values) this.#deliver(value);
  }

  #deliver(value: In): void {
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
  readonly initial?: () => Promise<Balances[]>;

  /** `fromRest`: pushes carry only what changed, so the account is read over REST first. */
  constructor(
    readonly rest: Rest,
    readonly type: 'spot' | 'swap',
    fromRest = false,
  ) {
    if (fromRest) this.initial = () => this.catchUp();
  }

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
  readonly initial?: () => Promise<Position[]>;

  /** `fromRest`: the exchange pushes no initial state, so open positions are read over REST first. */
  constructor(
    readonly rest: Rest,
    readonly symbols: readonly string[] | undefined,
    fromRest = false,
  ) {
    if (fromRest) this.initial = () => this.catchUp();
  }

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

/** An order's cumulative filled cost: its own figure, or average × filled. */
function filledCost(order: Order): number | undefined {
  if (order.cost !== undefined) return order.cost;
  const price = order.average ?? order.price;
  return price === undefined ? undefined : toDecimal(price, 'price').times(order.filled).toNumber();
}

function minus(a: number, b: number): number {
  return toDecimal(a, 'value').minus(toDecimal(b, 'value')).toNumber();
}

interface FilledSoFar {
  filled: number;
  cost: number | undefined;
  fee: number | undefined;
}

/**
 * Own fills derived from order updates, for exchanges without a fills channel (WsSpec.fillsFromOrders):
 * each increase of an order's filled amount is one fill of the increase, priced at the increase of
 * its filled cost. Ids are `<orderId>:<filled>`, so a push and a REST read that reach the same
 * filled amount are the same fill; a fill is stamped with the order's update time, or when it was
 * seen where orders carry none. Updates that do not raise the filled amount (repeats, older
 * pushes after a catch-up) yield nothing. Orders already part-filled when the stream starts count
 * from where they stood then.
 */
export class OrderFillsLedger implements Ledger<Order, Trade> {
  readonly #known = new Map<string, FilledSoFar>();

  /** `now`: the exchange's clock, to stamp fills of orders that carry no update time (v1). */
  constructor(
    readonly rest: Rest,
    readonly symbol: string | undefined,
    readonly now: () => number,
  ) {}

  admit(order: Order): Trade | undefined {
    if (this.symbol !== undefined && order.symbol !== this.symbol) return undefined;
    const known = this.#known.get(order.id) ?? { filled: 0, cost: 0, fee: 0 };
    if (!(order.filled > known.filled)) return undefined;
    const now = this.#remember(order);
    const amount = minus(order.filled, known.filled);
    const cost = now.cost !== undefined && known.cost !== undefined ? minus(now.cost, known.cost) : undefined;
    const price = cost !== undefined ? Number((cost / amount).toPrecision(15)) : (order.average ?? order.price ?? 0);
    const fee =
      order.fee && now.fee !== undefined && known.fee !== undefined
        ? { currency: order.fee.currency, cost: minus(now.fee, known.fee) }
        : undefined;
    return {
      id: `${order.id}:${order.filled}`,
      symbol: order.symbol,
      timestamp: order.lastUpdateTimestamp ?? this.now(),
      side: order.side,
      price,
      amount,
      cost: cost ?? Number((price * amount).toPrecision(15)),
      orderId: order.id,
      ...(order.clientOrderId ? { clientOrderId: order.clientOrderId } : {}),
      ...(fee ? { fee } : {}),
      info: order.info,
    };
  }

  /** Where the open orders stand now: fills before the stream started are not the stream's. */
  async initial(): Promise<Order[]> {
    for (const order of await this.rest.fetchOpenOrders(this.symbol)) this.#remember(order);
    return [];
  }

  async catchUp(sinceMs: number): Promise<Order[]> {
    const [open, closed] = await Promise.all([this.rest.fetchOpenOrders(this.symbol), this.rest.fetchClosedOrders(this.symbol, sinceMs)]);
    return [...open, ...closed]
      .filter((order) => order.filled > (this.#known.get(order.id)?.filled ?? 0))
      .sort((a, b) => (a.lastUpdateTimestamp ?? a.timestamp) - (b.lastUpdateTimestamp ?? b.timestamp));
  }

  #remember(order: Order): FilledSoFar {
    const state = { filled: order.filled, cost: filledCost(order), fee: order.fee?.cost };
    this.#known.delete(order.id);
    this.#known.set(order.id, state);
    bound(this.#known);
    return state;
  }
}
