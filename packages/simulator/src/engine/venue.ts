/**
 * One exchange's matching engine and ledger. The three front-ends share the price process but each
 * has its own venue: its own books of user orders, accounts, ids and fills (an OKX order never
 * meets a WEEX order).
 *
 * Liquidity is the synthetic book around the seeded mid plus the users' resting orders, matched in
 * price-time priority (synthetic levels count as older than any user order at the same price).
 * What a user takes from a synthetic level stays taken until the next time bucket. Resting user
 * orders fill as makers when the synthetic market moves through them; `sync()` replays every bucket
 * since the last request, so fills do not depend on how often clients poll.
 */
import { abs, div, type Fixed, fixed, floorToStep, fromInt, max as maxFixed, min as minFixed, mul, ZERO } from '../decimal.js';
import { BOOK_LEVELS, type MarketData, type SyntheticLevel, userTradeId } from './market-data.js';
import { MARKETS, type MarketSpec } from './markets.js';
import type { AttachedLegs } from './triggers.js';

export type ExchangeId = 'okx' | 'weex' | 'okex-v1';
export type Side = 'buy' | 'sell';
export type OrderType = 'limit' | 'market';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'PO';
export type OrderStatus = 'live' | 'partially_filled' | 'filled' | 'canceled';
/** Why an order ended without filling completely. */
export type CancelReason = 'user' | 'ioc' | 'fok' | 'post_only' | 'market' | 'reduce_only';
export type MarginMode = 'cash' | 'cross' | 'isolated';
/** `net`: one signed position; `long`/`short`: hedge-style legs (WEEX positionSide). */
export type PositionSide = 'net' | 'long' | 'short';

export interface Fill {
  /** Ledger id of this fill (OKX billId). */
  id: string;
  tradeId: number;
  orderId: string;
  clientOrderId: string;
  symbol: string;
  side: Side;
  price: Fixed;
  amount: Fixed;
  /** Positive = charged. */
  fee: Fixed;
  feeCurrency: string;
  feeRate: Fixed;
  liquidity: 'maker' | 'taker';
  time: number;
  realizedPnl: Fixed;
  posSide: PositionSide;
}

export interface Order {
  id: string;
  /** Arrival order, for time priority. */
  sequence: number;
  accountId: string;
  clientOrderId: string;
  market: MarketSpec;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  price?: Fixed;
  /** Base units. For a market buy sized in quote currency: what was bought, once done. */
  amount: Fixed;
  /** Set for market buys sized in quote currency (OKX spot default). */
  quoteAmount?: Fixed;
  filled: Fixed;
  /** Quote value filled. */
  cost: Fixed;
  fee: Fixed;
  feeCurrency: string;
  status: OrderStatus;
  cancelReason?: CancelReason;
  reduceOnly: boolean;
  marginMode: MarginMode;
  posSide: PositionSide;
  leverage: number;
  createdAt: number;
  updatedAt: number;
  wallet: string;
  /** Amount held for this order and in which currency. */
  frozen: Fixed;
  frozenCurrency: string;
  lastFill?: Fill;
  fillCount: number;
  realizedPnl: Fixed;
  /** Front-end fields echoed back as sent (OKX tag, tgtCcy, …). */
  tags: Record<string, string>;
  /** Take-profit / stop-loss legs to place once the order has filled. */
  attached?: AttachedLegs;
  /** The trigger order whose firing placed this order. */
  triggerOrderId?: string;
}

export interface Balance {
  total: Fixed;
  frozen: Fixed;
}

export interface Position {
  id: string;
  market: MarketSpec;
  marginMode: MarginMode;
  posSide: PositionSide;
  /** Base units, negative = short. */
  size: Fixed;
  entryPrice: Fixed;
  leverage: number;
  realizedPnl: Fixed;
  fee: Fixed;
  createdAt: number;
  updatedAt: number;
  lastTradeId: number;
}

export interface PositionView extends Position {
  markPrice: Fixed;
  unrealizedPnl: Fixed;
  /** Initial margin, settle currency. */
  margin: Fixed;
  notional: Fixed;
}

export interface BalanceView {
  currency: string;
  total: Fixed;
  /** Held by open orders. */
  frozen: Fixed;
  /** Held as position margin. */
  positionMargin: Fixed;
  unrealizedPnl: Fixed;
  available: Fixed;
}

export interface BookLevel {
  price: Fixed;
  size: Fixed;
  orderCount: number;
}

export interface BookView {
  bids: BookLevel[];
  asks: BookLevel[];
  sequence: number;
  bucket: number;
}

export interface PublicTrade {
  tradeId: number;
  price: Fixed;
  amount: Fixed;
  takerSide: Side;
  time: number;
}

export interface TickerView {
  market: MarketSpec;
  last: Fixed;
  lastSize: Fixed;
  bid: BookLevel;
  ask: BookLevel;
  open24h: Fixed;
  high24h: Fixed;
  low24h: Fixed;
  volume24h: Fixed;
  quoteVolume24h: Fixed;
  tradeCount24h: number;
  markPrice: Fixed;
  time: number;
}

export interface PlaceRequest {
  accountId: string;
  symbol: string;
  side: Side;
  type: OrderType;
  timeInForce: TimeInForce;
  /** Base units; omit only with quoteAmount. */
  amount?: Fixed;
  quoteAmount?: Fixed;
  price?: Fixed;
  clientOrderId: string;
  reduceOnly?: boolean;
  marginMode: MarginMode;
  posSide: PositionSide;
  tags?: Record<string, string>;
  attached?: AttachedLegs;
  triggerOrderId?: string;
}

export type PlaceRejection =
  | 'unknown-symbol'
  | 'insufficient-balance'
  | 'insufficient-margin'
  | 'duplicate-client-order-id'
  | 'reduce-only-no-position';

export type PlaceResult = { ok: true; order: Order } | { ok: false; reason: PlaceRejection };

export interface OrderRef {
  id?: string;
  clientOrderId?: string;
}

export type CancelResult = { ok: true; order: Order } | { ok: false; reason: 'not-found' | 'filled' | 'canceled'; order?: Order };

/**
 * What changed in the venue, for the WebSocket push engine. Orders and positions are copies as they
 * stood right after the change, so every fill of an order can be pushed in turn.
 */
export type VenueEvent =
  /** Resting orders or the synthetic liquidity of a book changed. */
  | { type: 'book'; symbol: string }
  /** The synthetic market moved on (every book, ticker and candle may have changed). */
  | { type: 'market' }
  | { type: 'trade'; symbol: string; trade: PublicTrade }
  /** `fill` is set when the change is that fill. */
  | { type: 'order'; order: Order; fill?: Fill }
  | { type: 'position'; accountId: string; position: Position }
  /** Balances of an account changed. */
  | { type: 'account'; accountId: string };

export type VenueListener = (events: readonly VenueEvent[]) => void;

export interface AmendRequest {
  /** New total amount, base units (filled part included). */
  amount?: Fixed;
  price?: Fixed;
}

export type AmendRejection =
  | 'not-found'
  | 'filled'
  | 'canceled'
  | 'not-amendable'
  | 'size-not-above-filled'
  | 'post-only-would-take'
  | 'insufficient-balance'
  | 'insufficient-margin';

export type AmendResult = { ok: true; order: Order } | { ok: false; reason: AmendRejection; order?: Order };

export interface VenueConfig {
  id: ExchangeId;
  symbols: readonly string[];
  /** Which wallet of an account a market trades from (OKX: one trading account; WEEX: spot/futures). */
  walletOf: (market: MarketSpec) => string;
  initialBalances: Record<string, Record<string, string>>;
  defaultLeverage: number;
  makerFee: Fixed;
  takerFee: Fixed;
  /** First order id; ids then count up. */
  orderIdBase: bigint;
  /** Reject a client order id that a live order of the account already uses (OKX 51016). */
  uniqueLiveClientOrderIds: boolean;
  /** Smallest order per symbol where this venue differs from the engine's market (OKEx v1's per-coin minimums). */
  minAmounts?: Readonly<Record<string, Fixed>>;
  /**
   * Queue priority after an amendment: `size-decrease` keeps it when only the amount shrinks at the
   * same price (what the exchanges that amend in place document); `never` always re-queues.
   */
  amendKeepsPriority?: 'size-decrease' | 'never';
}

export class Account {
  readonly wallets = new Map<string, Map<string, Balance>>();
  readonly positions = new Map<string, Position>();
  readonly leverage = new Map<string, number>();
  readonly orders: Order[] = [];
  readonly fills: Fill[] = [];
  readonly ordersByClientId = new Map<string, Order[]>();

  constructor(
    readonly id: string,
    readonly uid: string,
  ) {}

  balance(wallet: string, currency: string): Balance {
    let balances = this.wallets.get(wallet);
    if (!balances) {
      balances = new Map();
      this.wallets.set(wallet, balances);
    }
    let balance = balances.get(currency);
    if (!balance) {
      balance = { total: ZERO, frozen: ZERO };
      balances.set(currency, balance);
    }
    return balance;
  }
}

interface MarketBook {
  market: MarketSpec;
  bids: Order[];
  asks: Order[];
  consumedBucket: number;
  /** Synthetic size taken in consumedBucket, keyed `ask:3`. */
  consumed: Map<string, Fixed>;
  sequence: number;
  sequenceBucket: number;
  trades: PublicTrade[];
  tradeBucket: number;
  tradeCounter: number;
}

interface Liquidity {
  price: Fixed;
  size: Fixed;
  synthetic?: SyntheticLevel;
  order?: Order;
}

const MAX_CATCH_UP_BUCKETS = 20_000;
const MAX_PUBLIC_TRADES = 1_000;

export class Venue {
  readonly id: ExchangeId;
  readonly markets: readonly MarketSpec[];
  readonly stats = { ordersPlaced: 0, duplicateClientOrderIds: 0 };
  readonly #config: VenueConfig;
  readonly #data: MarketData;
  readonly #books = new Map<string, MarketBook>();
  readonly #accounts = new Map<string, Account>();
  readonly #ordersById = new Map<string, Order>();
  #bucket: number;
  /** Engine features layered on the venue (triggers, funding), run after the market moved. */
  readonly #tickHooks: Array<(nowMs: number) => void> = [];
  /** Run when an order ends (filled or canceled), e.g. to place its attached TP/SL. */
  readonly #orderEndHooks: Array<(order: Order, nowMs: number) => void> = [];
  #inTickHooks = false;
  #orderSequence = 0;
  #fillSequence = 0;
  #positionSequence = 0;
  readonly #listeners = new Set<VenueListener>();
  #events: VenueEvent[] = [];

  constructor(config: VenueConfig, data: MarketData, nowMs: number) {
    this.id = config.id;
    this.#config = config;
    this.#data = data;
    this.#bucket = data.bucketOf(nowMs);
    this.markets = MARKETS.filter((market) => config.symbols.includes(market.symbol)).map((market) => {
      const minAmount = config.minAmounts?.[market.symbol];
      return minAmount === undefined ? market : { ...market, minAmount };
    });
    for (const market of this.markets) {
      this.#books.set(market.symbol, {
        market,
        bids: [],
        asks: [],
        consumedBucket: -1,
        consumed: new Map(),
        sequence: 1,
        sequenceBucket: this.#bucket,
        trades: [],
        tradeBucket: -1,
        tradeCounter: 0,
      });
    }
  }

  get makerFee(): Fixed {
    return this.#config.makerFee;
  }

  get takerFee(): Fixed {
    return this.#config.takerFee;
  }

  /** The bucket market data is shown for: never goes back, even if the clock does. */
  get bucket(): number {
    return this.#bucket;
  }

  market(symbol: string): MarketSpec | undefined {
    return this.#books.get(symbol)?.market;
  }

  walletOf(market: MarketSpec): string {
    return this.#config.walletOf(market);
  }

  createAccount(id: string, uid: string): Account {
    const account = new Account(id, uid);
    for (const [wallet, balances] of Object.entries(this.#config.initialBalances)) {
      for (const [currency, amount] of Object.entries(balances)) account.balance(wallet, currency).total = fixed(amount);
    }
    this.#accounts.set(id, account);
    return account;
  }

  account(id: string): Account {
    const account = this.#accounts.get(id);
    if (!account) throw new Error(`no account ${id} on ${this.id}`);
    return account;
  }

  accounts(): Account[] {
    return [...this.#accounts.values()];
  }

  /** Leverage for a symbol and margin mode; a leg (`long`/`short`) may have its own (WEEX isolated). */
  leverageOf(account: Account, market: MarketSpec, marginMode: MarginMode, posSide?: PositionSide): number {
    return (
      (posSide ? account.leverage.get(`${market.symbol}:${marginMode}:${posSide}`) : undefined) ??
      account.leverage.get(`${market.symbol}:${marginMode}`) ??
      this.#config.defaultLeverage
    );
  }

  setLeverage(accountId: string, symbol: string, marginMode: MarginMode, leverage: number, nowMs: number, posSide?: PositionSide): void {
    this.sync(nowMs);
    const account = this.account(accountId);
    account.leverage.set(posSide ? `${symbol}:${marginMode}:${posSide}` : `${symbol}:${marginMode}`, leverage);
    for (const position of account.positions.values()) {
      if (position.market.symbol === symbol && position.marginMode === marginMode && (!posSide || position.posSide === posSide)) {
        position.leverage = leverage;
        position.updatedAt = nowMs;
        this.#emit({ type: 'position', accountId, position: { ...position } });
        this.#emit({ type: 'account', accountId });
      }
    }
    this.#flushEvents();
  }

  // ---- change events -------------------------------------------------------------------------

  /** Hears every change, in batches delivered when an operation (place, cancel, sync…) completes. */
  onEvents(listener: VenueListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * For engine features outside the venue (funding, transfers) that changed an account's balances:
   * the change is pushed like the venue's own.
   */
  balancesChanged(accountIds: readonly string[]): void {
    for (const accountId of accountIds) this.#emit({ type: 'account', accountId });
    this.#flushEvents();
  }

  #emit(event: VenueEvent): void {
    if (this.#listeners.size > 0) this.#events.push(event);
  }

  /** Delivers what an operation changed, once it is complete and the venue consistent. */
  #flushEvents(): void {
    if (this.#events.length === 0) return;
    const events = this.#events;
    this.#events = [];
    for (const listener of this.#listeners) listener(events);
  }

  /** Registers an engine feature that runs each time the market moves (sync, reprice). */
  onTick(hook: (nowMs: number) => void): void {
    this.#tickHooks.push(hook);
  }

  /** Registers an engine feature that runs when an order ends. */
  onOrderEnd(hook: (order: Order, nowMs: number) => void): void {
    this.#orderEndHooks.push(hook);
  }

  #runTickHooks(nowMs: number): void {
    if (this.#inTickHooks) return;
    this.#inTickHooks = true;
    try {
      for (const hook of this.#tickHooks) hook(nowMs);
    } finally {
      this.#inTickHooks = false;
    }
  }

  /**
   * After the mid was moved (`MarketData.move` or `holdPrice`): every book changed within the
   * bucket and is pushed like a new one, resting orders the new synthetic book crosses fill as
   * makers at once, a trade prints at the new mid (so the last price follows), and the tick hooks
   * (triggers) see it.
   */
  reprice(nowMs: number): void {
    this.#advance(nowMs);
    this.#emit({ type: 'market' });
    for (const book of this.#books.values()) {
      book.sequence++;
      if (book.bids.length > 0 || book.asks.length > 0) this.#crossSynthetic(book, this.#bucket, nowMs);
      const mid = this.#data.midPrice(book.market, this.#bucket);
      const previous = book.trades.at(-1)?.price;
      // The print must be the latest trade even when the clock was moved back (a removed skew
      // leaves trades stamped ahead of now): triggers watching the last price read it.
      const newest = book.trades.reduce((latest, trade) => Math.max(latest, trade.time), Number.NEGATIVE_INFINITY);
      this.#recordPublicTrade(book, {
        tradeId: this.#nextPublicTradeId(book, this.#bucket),
        price: mid,
        amount: book.market.bookLot,
        takerSide: previous !== undefined && mid < previous ? 'sell' : 'buy',
        time: newest >= nowMs ? newest + 1 : nowMs,
      });
    }
    this.#runTickHooks(nowMs);
    this.#flushEvents();
  }

  // ---- time ----------------------------------------------------------------------------------

  /** Replays the synthetic market up to `nowMs`: resting orders it crosses fill as makers. */
  sync(nowMs: number): void {
    this.#advance(nowMs);
    this.#flushEvents();
  }

  #advance(nowMs: number): void {
    const bucket = this.#data.bucketOf(nowMs);
    if (bucket <= this.#bucket) return;
    this.#emit({ type: 'market' });
    const from = Math.max(this.#bucket + 1, bucket - MAX_CATCH_UP_BUCKETS);
    for (const book of this.#books.values()) {
      if (book.bids.length === 0 && book.asks.length === 0) continue;
      for (let b = from; b <= bucket; b++) {
        if (book.bids.length === 0 && book.asks.length === 0) break;
        this.#crossSynthetic(book, b, this.#data.bucketStart(b));
      }
    }
    this.#bucket = bucket;
    this.#runTickHooks(nowMs);
  }

  #crossSynthetic(book: MarketBook, bucket: number, time: number): void {
    const { market } = book;
    const bestAsk = this.#data.level(market, bucket, 'ask', 0).price;
    const bestBid = this.#data.level(market, bucket, 'bid', 0).price;
    for (const order of [...book.bids]) {
      if ((order.price as Fixed) < bestAsk) break;
      this.#fillAgainstSynthetic(book, order, bucket, 'ask', time);
    }
    for (const order of [...book.asks]) {
      if ((order.price as Fixed) > bestBid) break;
      this.#fillAgainstSynthetic(book, order, bucket, 'bid', time);
    }
  }

  #fillAgainstSynthetic(book: MarketBook, order: Order, bucket: number, side: 'ask' | 'bid', time: number): void {
    const limit = order.price as Fixed;
    for (let level = 0; level < BOOK_LEVELS && isOpen(order); level++) {
      const synthetic = this.#data.level(book.market, bucket, side, level);
      if (side === 'ask' ? synthetic.price > limit : synthetic.price < limit) break;
      const available = synthetic.size - this.#consumed(book, bucket, side, level);
      if (available <= 0n) continue;
      let quantity = minFixed(available, order.amount - order.filled);
      const cap = this.#reduceCap(order);
      if (cap !== undefined) {
        if (cap <= 0n) {
          this.#finish(order, 'reduce_only', time);
          return;
        }
        quantity = minFixed(quantity, cap);
      }
      this.#consume(book, bucket, side, level, quantity);
      const tradeId = this.#nextPublicTradeId(book, bucket);
      this.#applyFill(order, limit, quantity, 'maker', time, tradeId);
      this.#recordPublicTrade(book, { tradeId, price: limit, amount: quantity, takerSide: order.side === 'buy' ? 'sell' : 'buy', time });
    }
  }

  #consumed(book: MarketBook, bucket: number, side: 'ask' | 'bid', level: number): Fixed {
    if (book.consumedBucket !== bucket) return ZERO;
    return book.consumed.get(`${side}:${level}`) ?? ZERO;
  }

  #consume(book: MarketBook, bucket: number, side: 'ask' | 'bid', level: number, quantity: Fixed): void {
    if (book.consumedBucket !== bucket) {
      book.consumed.clear();
      book.consumedBucket = bucket;
    }
    const key = `${side}:${level}`;
    book.consumed.set(key, (book.consumed.get(key) ?? ZERO) + quantity);
    book.sequence++;
    this.#emit({ type: 'book', symbol: book.market.symbol });
  }

  // ---- orders --------------------------------------------------------------------------------

  place(request: PlaceRequest, nowMs: number): PlaceResult {
    this.sync(nowMs);
    const result = this.#place(request, nowMs);
    this.#flushEvents();
    return result;
  }

  #place(request: PlaceRequest, nowMs: number): PlaceResult {
    const book = this.#books.get(request.symbol);
    if (!book) return { ok: false, reason: 'unknown-symbol' };
    const { market } = book;
    const account = this.account(request.accountId);
    const clientOrderId = request.clientOrderId;
    if (clientOrderId) {
      const earlier = account.ordersByClientId.get(clientOrderId);
      if (earlier) {
        this.stats.duplicateClientOrderIds++;
        if (this.#config.uniqueLiveClientOrderIds && earlier.some(isOpen)) return { ok: false, reason: 'duplicate-client-order-id' };
      }
    }
    const marginMode: MarginMode = market.type === 'spot' ? 'cash' : request.marginMode;
    const wallet = this.#config.walletOf(market);
    const order: Order = {
      id: '',
      sequence: 0,
      accountId: account.id,
      clientOrderId,
      market,
      side: request.side,
      type: request.type,
      timeInForce: request.type === 'market' ? 'IOC' : request.timeInForce,
      ...(request.price !== undefined && request.type === 'limit' ? { price: request.price } : {}),
      amount: request.amount ?? ZERO,
      ...(request.quoteAmount !== undefined && request.amount === undefined ? { quoteAmount: request.quoteAmount } : {}),
      filled: ZERO,
      cost: ZERO,
      fee: ZERO,
      feeCurrency: market.type === 'spot' ? (request.side === 'buy' ? market.base : market.quote) : (market.settle as string),
      status: 'live',
      reduceOnly: market.type === 'swap' && request.reduceOnly === true,
      marginMode,
      posSide: market.type === 'spot' ? 'net' : request.posSide,
      leverage: market.type === 'spot' ? 1 : this.leverageOf(account, market, marginMode, request.posSide),
      createdAt: nowMs,
      updatedAt: nowMs,
      wallet,
      frozen: ZERO,
      frozenCurrency: '',
      fillCount: 0,
      realizedPnl: ZERO,
      tags: { ...request.tags },
      ...(request.attached ? { attached: request.attached } : {}),
      ...(request.triggerOrderId ? { triggerOrderId: request.triggerOrderId } : {}),
    };
    const cap = this.#reduceCap(order);
    if (cap !== undefined && cap <= 0n) return { ok: false, reason: 'reduce-only-no-position' };
    const rejection = this.#reserve(account, order, book);
    if (rejection) return { ok: false, reason: rejection };

    order.id = (this.#config.orderIdBase + BigInt(++this.#orderSequence)).toString();
    order.sequence = this.#orderSequence;
    account.orders.push(order);
    this.#ordersById.set(order.id, order);
    if (clientOrderId) {
      const list = account.ordersByClientId.get(clientOrderId) ?? [];
      list.push(order);
      account.ordersByClientId.set(clientOrderId, list);
    }
    this.stats.ordersPlaced++;
    this.#emit({ type: 'order', order: { ...order } });

    if (order.timeInForce === 'PO' && this.#wouldTake(book, order)) {
      this.#finish(order, 'post_only', nowMs);
      return { ok: true, order };
    }
    if (order.timeInForce === 'FOK' && this.#walk(book, order, nowMs, true).quantity < order.amount) {
      this.#finish(order, 'fok', nowMs);
      return { ok: true, order };
    }
    this.#walk(book, order, nowMs, false);
    if (order.quoteAmount !== undefined) {
      order.amount = order.filled;
      this.#finish(order, order.filled > 0n ? undefined : 'market', nowMs);
    } else if (isOpen(order)) {
      if (order.type === 'limit' && (order.timeInForce === 'GTC' || order.timeInForce === 'PO')) this.#rest(book, order);
      else this.#finish(order, order.type === 'market' ? 'market' : order.timeInForce === 'FOK' ? 'fok' : 'ioc', nowMs);
    }
    return { ok: true, order };
  }

  cancel(accountId: string, ref: OrderRef, symbol: string | undefined, nowMs: number): CancelResult {
    this.sync(nowMs);
    const order = this.findOrder(accountId, ref);
    if (!order || (symbol !== undefined && order.market.symbol !== symbol)) return { ok: false, reason: 'not-found' };
    if (order.status === 'filled') return { ok: false, reason: 'filled', order };
    if (order.status === 'canceled') return { ok: false, reason: 'canceled', order };
    this.#finish(order, 'user', nowMs);
    this.#flushEvents();
    return { ok: true, order };
  }

  /**
   * Amends an open limit order in place (new total amount and/or price). The reservation is redone
   * for what remains; a new price that crosses trades at once, like a new order would. Queue
   * priority is kept only as `amendKeepsPriority` says.
   */
  amend(accountId: string, ref: OrderRef, symbol: string | undefined, change: AmendRequest, nowMs: number): AmendResult {
    this.sync(nowMs);
    const order = this.findOrder(accountId, ref);
    if (!order || (symbol !== undefined && order.market.symbol !== symbol)) return { ok: false, reason: 'not-found' };
    if (order.status === 'filled') return { ok: false, reason: 'filled', order };
    if (order.status === 'canceled') return { ok: false, reason: 'canceled', order };
    if (order.type !== 'limit' || order.quoteAmount !== undefined || order.price === undefined) {
      return { ok: false, reason: 'not-amendable', order };
    }
    const book = this.#books.get(order.market.symbol) as MarketBook;
    const account = this.account(accountId);
    const before = { amount: order.amount, price: order.price, frozen: order.frozen, currency: order.frozenCurrency };
    const amount = change.amount ?? order.amount;
    const price = change.price ?? order.price;
    if (amount <= order.filled) return { ok: false, reason: 'size-not-above-filled', order };
    if (order.timeInForce === 'PO' && this.#wouldTake(book, { ...order, price }))
      return { ok: false, reason: 'post-only-would-take', order };

    this.#release(order, order.frozen);
    // Reserve for what remains to fill, at the new price.
    const remaining: Order = { ...order, amount: amount - order.filled, price, frozen: ZERO };
    const rejection = this.#reserve(account, remaining, book);
    if (rejection) {
      this.#freeze(account, order, before.currency, before.frozen);
      return { ok: false, reason: rejection === 'insufficient-margin' ? 'insufficient-margin' : 'insufficient-balance', order };
    }
    order.frozen = remaining.frozen;
    order.frozenCurrency = remaining.frozenCurrency;
    order.amount = amount;
    order.price = price;
    order.updatedAt = nowMs;
    const keepsPriority = this.#config.amendKeepsPriority === 'size-decrease' && price === before.price && amount <= before.amount;
    if (!keepsPriority) {
      this.#unrest(order);
      order.sequence = ++this.#orderSequence;
      if (this.#wouldTake(book, order)) this.#walk(book, order, nowMs, false);
      if (isOpen(order)) this.#rest(book, order);
    } else {
      book.sequence++;
    }
    // Pushed like any other change of an order and of its book (WebSocket push engine).
    this.#emit({ type: 'order', order: { ...order } });
    this.#emit({ type: 'book', symbol: book.market.symbol });
    this.#emit({ type: 'account', accountId });
    this.#flushEvents();
    return { ok: true, order };
  }

  /** By id, or the latest order with the client id (OKX returns the latest match). */
  findOrder(accountId: string, ref: OrderRef): Order | undefined {
    if (ref.id !== undefined) {
      const order = this.#ordersById.get(ref.id);
      return order && order.accountId === accountId ? order : undefined;
    }
    if (ref.clientOrderId !== undefined) {
      const list = this.account(accountId).ordersByClientId.get(ref.clientOrderId);
      return list?.[list.length - 1];
    }
    return undefined;
  }

  /** Open orders, newest first. */
  openOrders(accountId: string, symbol?: string): Order[] {
    return this.account(accountId)
      .orders.filter((order) => isOpen(order) && (symbol === undefined || order.market.symbol === symbol))
      .reverse();
  }

  /** Every order of every account, oldest first. */
  allOrders(): Order[] {
    return [...this.#ordersById.values()];
  }

  #reserve(account: Account, order: Order, book: MarketBook): PlaceRejection | undefined {
    const { market } = order;
    if (market.type === 'spot') {
      let need: Fixed;
      let currency: string;
      if (order.side === 'buy') {
        currency = market.quote;
        if (order.quoteAmount !== undefined) need = order.quoteAmount;
        else if (order.type === 'limit') need = mul(order.price as Fixed, order.amount);
        else need = this.#walk(book, order, order.createdAt, true).cost;
      } else {
        currency = market.base;
        need = order.amount;
      }
      if (need > this.#available(account, order.wallet, currency)) return 'insufficient-balance';
      this.#freeze(account, order, currency, need);
      return undefined;
    }
    const settle = market.settle as string;
    const opening = this.#openingQuantity(account, order);
    let price = order.price;
    if (price === undefined) {
      const estimate = this.#walk(book, order, order.createdAt, true);
      price = estimate.quantity > 0n ? div(estimate.cost, estimate.quantity) : this.#data.midPrice(market, this.#bucket);
    }
    const need = div(mul(price, opening), fromInt(order.leverage));
    if (need > this.#available(account, order.wallet, settle)) return 'insufficient-margin';
    this.#freeze(account, order, settle, need);
    return undefined;
  }

  #freeze(account: Account, order: Order, currency: string, amount: Fixed): void {
    order.frozen = amount;
    order.frozenCurrency = currency;
    account.balance(order.wallet, currency).frozen += amount;
    this.#emit({ type: 'account', accountId: account.id });
  }

  #release(order: Order, amount: Fixed): void {
    const released = minFixed(amount, order.frozen);
    if (released <= 0n) return;
    order.frozen -= released;
    this.account(order.accountId).balance(order.wallet, order.frozenCurrency).frozen -= released;
    this.#emit({ type: 'account', accountId: order.accountId });
  }

  #available(account: Account, wallet: string, currency: string): Fixed {
    const balance = account.balance(wallet, currency);
    return balance.total - balance.frozen - this.#positionMargin(account, wallet, currency);
  }

  #positionMargin(account: Account, wallet: string, currency: string): Fixed {
    let margin = ZERO;
    for (const position of account.positions.values()) {
      if (position.market.settle === currency && this.#config.walletOf(position.market) === wallet) margin += positionMarginOf(position);
    }
    return margin;
  }

  #positionKey(order: Order): string {
    return `${order.market.symbol}:${order.marginMode}:${order.posSide}`;
  }

  /** What part of a derivative order adds exposure (and so needs margin). */
  #openingQuantity(account: Account, order: Order): Fixed {
    if (order.reduceOnly) return ZERO;
    if (order.posSide === 'long') return order.side === 'buy' ? order.amount : ZERO;
    if (order.posSide === 'short') return order.side === 'sell' ? order.amount : ZERO;
    const size = account.positions.get(this.#positionKey(order))?.size ?? ZERO;
    const delta = order.side === 'buy' ? order.amount : -order.amount;
    if (size === 0n || size > 0n === delta > 0n) return order.amount;
    return maxFixed(ZERO, abs(delta) - abs(size));
  }

  /** How much a closing order may still fill; undefined when it opens exposure. */
  #reduceCap(order: Order): Fixed | undefined {
    if (order.market.type !== 'swap') return undefined;
    const closingLeg = (order.posSide === 'long' && order.side === 'sell') || (order.posSide === 'short' && order.side === 'buy');
    if (!order.reduceOnly && !closingLeg) return undefined;
    const size = this.account(order.accountId).positions.get(this.#positionKey(order))?.size ?? ZERO;
    if (order.side === 'sell') return size > 0n ? size : ZERO;
    return size < 0n ? -size : ZERO;
  }

  #wouldTake(book: MarketBook, order: Order): boolean {
    const limit = order.price as Fixed;
    const best = this.#liquidity(book, order, 1)[0];
    if (!best) return false;
    return order.side === 'buy' ? best.price <= limit : best.price >= limit;
  }

  /** Opposite liquidity the order may take, best first (synthetic before users at equal price). */
  #liquidity(book: MarketBook, order: Order, enough = Number.POSITIVE_INFINITY): Liquidity[] {
    const buying = order.side === 'buy';
    const limit = order.type === 'limit' ? order.price : undefined;
    const crosses = (price: Fixed): boolean => limit === undefined || (buying ? price <= limit : price >= limit);
    const side = buying ? 'ask' : 'bid';
    const out: Liquidity[] = [];
    for (let level = 0; level < BOOK_LEVELS; level++) {
      const synthetic = this.#data.level(book.market, this.#bucket, side, level);
      if (!crosses(synthetic.price)) break;
      const size = synthetic.size - this.#consumed(book, this.#bucket, side, level);
      if (size > 0n) out.push({ price: synthetic.price, size, synthetic });
      if (out.length >= enough && enough === 1) break;
    }
    for (const resting of buying ? book.asks : book.bids) {
      if (!crosses(resting.price as Fixed)) break;
      out.push({ price: resting.price as Fixed, size: resting.amount - resting.filled, order: resting });
    }
    out.sort((a, b) => {
      if (a.price !== b.price) return buying ? (a.price < b.price ? -1 : 1) : a.price > b.price ? -1 : 1;
      if (a.synthetic && !b.synthetic) return -1;
      if (b.synthetic && !a.synthetic) return 1;
      return (a.order?.sequence ?? 0) - (b.order?.sequence ?? 0);
    });
    return out;
  }

  /** Takes liquidity for a new order; with `dryRun` only reports what it would get. */
  #walk(book: MarketBook, order: Order, time: number, dryRun: boolean): { quantity: Fixed; cost: Fixed } {
    let quantity = ZERO;
    let cost = ZERO;
    let quoteLeft = order.quoteAmount;
    const step = order.market.step;
    for (const liquidity of this.#liquidity(book, order)) {
      let take: Fixed;
      if (quoteLeft !== undefined) {
        take = minFixed(liquidity.size, floorToStep(div(quoteLeft, liquidity.price), step));
      } else {
        take = minFixed(liquidity.size, order.amount - order.filled - (dryRun ? quantity : ZERO));
      }
      if (!dryRun) {
        const cap = this.#reduceCap(order);
        if (cap !== undefined) take = minFixed(take, cap);
      }
      if (liquidity.order && !dryRun) {
        const makerCap = this.#reduceCap(liquidity.order);
        if (makerCap !== undefined) {
          if (makerCap <= 0n) {
            this.#finish(liquidity.order, 'reduce_only', time);
            continue;
          }
          take = minFixed(take, makerCap);
        }
      }
      if (take <= 0n) break;
      quantity += take;
      cost += mul(liquidity.price, take);
      if (quoteLeft !== undefined) quoteLeft -= mul(liquidity.price, take);
      if (!dryRun) {
        const tradeId = this.#nextPublicTradeId(book, this.#bucket);
        if (liquidity.synthetic) {
          this.#consume(book, this.#bucket, order.side === 'buy' ? 'ask' : 'bid', liquidity.synthetic.level, take);
        } else if (liquidity.order) {
          this.#applyFill(liquidity.order, liquidity.price, take, 'maker', time, tradeId);
        }
        this.#applyFill(order, liquidity.price, take, 'taker', time, tradeId);
        this.#recordPublicTrade(book, { tradeId, price: liquidity.price, amount: take, takerSide: order.side, time });
        if (quoteLeft === undefined && !isOpen(order)) break;
      } else if (quoteLeft === undefined && quantity >= order.amount) {
        break;
      }
    }
    return { quantity, cost };
  }

  #applyFill(order: Order, price: Fixed, quantity: Fixed, liquidity: 'maker' | 'taker', time: number, tradeId: number): void {
    const account = this.account(order.accountId);
    const { market } = order;
    const feeRate = liquidity === 'maker' ? this.#config.makerFee : this.#config.takerFee;
    const value = mul(price, quantity);
    if (order.quoteAmount !== undefined) this.#release(order, value);
    else {
      const remaining = order.amount - order.filled;
      this.#release(order, quantity >= remaining ? order.frozen : (order.frozen * quantity) / remaining);
    }
    let fee: Fixed;
    let realizedPnl = ZERO;
    if (market.type === 'spot') {
      const base = account.balance(order.wallet, market.base);
      const quote = account.balance(order.wallet, market.quote);
      if (order.side === 'buy') {
        fee = mul(quantity, feeRate);
        quote.total -= value;
        base.total += quantity - fee;
      } else {
        fee = mul(value, feeRate);
        base.total -= quantity;
        quote.total += value - fee;
      }
    } else {
      fee = mul(value, feeRate);
      realizedPnl = this.#applyPosition(account, order, price, quantity, fee, time, tradeId);
      account.balance(order.wallet, market.settle as string).total += realizedPnl - fee;
    }
    order.filled += quantity;
    order.cost += value;
    order.fee += fee;
    order.realizedPnl += realizedPnl;
    order.updatedAt = time;
    order.fillCount++;
    const fill: Fill = {
      id: (this.#config.orderIdBase + 800_000_000n + BigInt(++this.#fillSequence)).toString(),
      tradeId,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      symbol: market.symbol,
      side: order.side,
      price,
      amount: quantity,
      fee,
      feeCurrency: order.feeCurrency,
      feeRate,
      liquidity,
      time,
      realizedPnl,
      posSide: order.posSide,
    };
    order.lastFill = fill;
    account.fills.push(fill);
    this.#emit({ type: 'account', accountId: account.id });
    if (order.quoteAmount === undefined) {
      if (order.filled >= order.amount) {
        this.#finish(order, undefined, time, fill);
        return;
      }
      order.status = 'partially_filled';
    }
    this.#emit({ type: 'order', order: { ...order }, fill });
  }

  #applyPosition(account: Account, order: Order, price: Fixed, quantity: Fixed, fee: Fixed, time: number, tradeId: number): Fixed {
    const key = this.#positionKey(order);
    let position = account.positions.get(key);
    if (!position) {
      position = {
        id: (this.#config.orderIdBase + 500_000_000n + BigInt(++this.#positionSequence)).toString(),
        market: order.market,
        marginMode: order.marginMode,
        posSide: order.posSide,
        size: ZERO,
        entryPrice: ZERO,
        leverage: order.leverage,
        realizedPnl: ZERO,
        fee: ZERO,
        createdAt: time,
        updatedAt: time,
        lastTradeId: tradeId,
      };
      account.positions.set(key, position);
    }
    const delta = order.side === 'buy' ? quantity : -quantity;
    let realized = ZERO;
    if (position.size === 0n || position.size > 0n === delta > 0n) {
      const size = abs(position.size);
      position.entryPrice = div(mul(size, position.entryPrice) + mul(quantity, price), size + quantity);
      position.size += delta;
    } else {
      const closing = minFixed(quantity, abs(position.size));
      const perUnit = position.size > 0n ? price - position.entryPrice : position.entryPrice - price;
      realized = mul(closing, perUnit);
      const wasLong = position.size > 0n;
      position.size += delta;
      if (position.size !== 0n && position.size > 0n !== wasLong) position.entryPrice = price;
    }
    position.leverage = this.leverageOf(account, order.market, order.marginMode, order.posSide);
    position.realizedPnl += realized - fee;
    position.fee += fee;
    position.updatedAt = time;
    position.lastTradeId = tradeId;
    this.#emit({ type: 'position', accountId: account.id, position: { ...position } });
    if (position.size === 0n) account.positions.delete(key);
    return realized;
  }

  #rest(book: MarketBook, order: Order): void {
    const list = order.side === 'buy' ? book.bids : book.asks;
    const price = order.price as Fixed;
    let index = list.length;
    while (index > 0) {
      const ahead = list[index - 1] as Order;
      const aheadPrice = ahead.price as Fixed;
      const better = order.side === 'buy' ? aheadPrice >= price : aheadPrice <= price;
      if (better) break;
      index--;
    }
    list.splice(index, 0, order);
    book.sequence++;
    this.#emit({ type: 'book', symbol: book.market.symbol });
  }

  #unrest(order: Order): void {
    const book = this.#books.get(order.market.symbol) as MarketBook;
    const list = order.side === 'buy' ? book.bids : book.asks;
    const index = list.indexOf(order);
    if (index >= 0) {
      list.splice(index, 1);
      book.sequence++;
      this.#emit({ type: 'book', symbol: book.market.symbol });
    }
  }

  /** Ends an order: filled when nothing remains, otherwise canceled for `reason`. */
  #finish(order: Order, reason: CancelReason | undefined, time: number, fill?: Fill): void {
    this.#unrest(order);
    this.#release(order, order.frozen);
    const complete = order.quoteAmount !== undefined ? order.filled > 0n && reason === undefined : order.filled >= order.amount;
    order.status = complete ? 'filled' : 'canceled';
    if (!complete && reason) order.cancelReason = reason;
    order.updatedAt = time;
    this.#emit({ type: 'order', order: { ...order }, fill });
    for (const hook of this.#orderEndHooks) hook(order, time);
  }

  // ---- public market data --------------------------------------------------------------------

  book(symbol: string, depth: number, nowMs: number): BookView | undefined {
    this.sync(nowMs);
    const book = this.#books.get(symbol);
    if (!book) return undefined;
    if (book.sequenceBucket !== this.#bucket) {
      book.sequenceBucket = this.#bucket;
      book.sequence++;
    }
    return {
      bids: this.#sideLevels(book, 'bid', depth),
      asks: this.#sideLevels(book, 'ask', depth),
      sequence: book.sequence,
      bucket: this.#bucket,
    };
  }

  #sideLevels(book: MarketBook, side: 'bid' | 'ask', depth: number): BookLevel[] {
    const byPrice = new Map<Fixed, BookLevel>();
    // Levels emptied by takers this bucket are skipped, so `depth` counts levels that have size.
    for (let level = 0; level < BOOK_LEVELS && byPrice.size < depth; level++) {
      const synthetic = this.#data.level(book.market, this.#bucket, side, level);
      const size = synthetic.size - this.#consumed(book, this.#bucket, side, level);
      if (size > 0n) byPrice.set(synthetic.price, { price: synthetic.price, size, orderCount: synthetic.orderCount });
    }
    for (const order of side === 'bid' ? book.bids : book.asks) {
      const price = order.price as Fixed;
      const level = byPrice.get(price) ?? { price, size: ZERO, orderCount: 0 };
      level.size += order.amount - order.filled;
      level.orderCount++;
      byPrice.set(price, level);
    }
    const levels = [...byPrice.values()].sort((a, b) => (side === 'bid' ? cmp(b.price, a.price) : cmp(a.price, b.price)));
    return levels.slice(0, depth);
  }

  /** Recent trades (synthetic crowd and users), newest first. */
  trades(symbol: string, limit: number, nowMs: number): PublicTrade[] {
    this.sync(nowMs);
    const book = this.#books.get(symbol);
    if (!book) return [];
    const collected: PublicTrade[] = [];
    const horizon = Math.min(nowMs, this.#data.bucketStart(this.#bucket + 1) - 1);
    for (let bucket = this.#bucket; collected.length < limit && bucket > this.#bucket - limit - 1; bucket--) {
      collected.push(...this.#data.tradesInBucket(book.market, bucket, horizon));
    }
    const oldest = collected.reduce((least, trade) => Math.min(least, trade.time), Number.POSITIVE_INFINITY);
    // Fewer synthetic trades than asked for (e.g. the clock was moved back): every recorded trade
    // competes for the newest `limit`, not just the first one looked at.
    const synthetic = collected.length;
    for (const trade of book.trades) if (trade.time >= oldest || synthetic < limit) collected.push(trade);
    collected.sort((a, b) => b.time - a.time || b.tradeId - a.tradeId);
    return collected.slice(0, limit);
  }

  ticker(symbol: string, nowMs: number): TickerView | undefined {
    const view = this.book(symbol, 1, nowMs);
    const book = this.#books.get(symbol);
    if (!view || !book) return undefined;
    const [last] = this.trades(symbol, 1, nowMs);
    const day = this.#data.day(book.market, Math.max(nowMs, this.#data.bucketStart(this.#bucket)));
    const mark = this.#data.midPrice(book.market, this.#bucket);
    const empty: BookLevel = { price: mark, size: ZERO, orderCount: 0 };
    const lastPrice = last?.price ?? mark;
    return {
      market: book.market,
      last: lastPrice,
      lastSize: last?.amount ?? ZERO,
      bid: view.bids[0] ?? empty,
      ask: view.asks[0] ?? empty,
      open24h: day.open,
      high24h: maxFixed(day.high, lastPrice),
      low24h: minFixed(day.low, lastPrice),
      volume24h: day.volume,
      quoteVolume24h: day.quoteVolume,
      tradeCount24h: day.tradeCount,
      markPrice: mark,
      time: nowMs,
    };
  }

  /** The synthetic market's engine, for candles and other pure market data. */
  get marketData(): MarketData {
    return this.#data;
  }

  /** Mid price in the bucket containing `timeMs` (start-of-day prices, candles). */
  priceAt(market: MarketSpec, timeMs: number): Fixed {
    return this.#data.midPrice(market, this.#data.bucketOf(timeMs));
  }

  markPrice(market: MarketSpec): Fixed {
    return this.#data.midPrice(market, this.#bucket);
  }

  /** The price of the latest public trade (synthetic or user), or the mid when none is known. */
  lastPrice(market: MarketSpec, nowMs: number): Fixed {
    return this.trades(market.symbol, 1, nowMs)[0]?.price ?? this.markPrice(market);
  }

  #nextPublicTradeId(book: MarketBook, bucket: number): number {
    if (book.tradeBucket !== bucket) {
      book.tradeBucket = bucket;
      book.tradeCounter = 0;
    }
    return userTradeId(bucket, book.tradeCounter++);
  }

  #recordPublicTrade(book: MarketBook, trade: PublicTrade): void {
    this.#emit({ type: 'trade', symbol: book.market.symbol, trade });
    book.trades.push(trade);
    if (book.trades.length > MAX_PUBLIC_TRADES) book.trades.splice(0, book.trades.length - MAX_PUBLIC_TRADES);
  }

  // ---- account views -------------------------------------------------------------------------

  positions(accountId: string, nowMs: number): PositionView[] {
    this.sync(nowMs);
    return [...this.account(accountId).positions.values()].map((position) => this.#positionView(position));
  }

  #positionView(position: Position): PositionView {
    const markPrice = this.#data.midPrice(position.market, this.#bucket);
    return {
      ...position,
      markPrice,
      unrealizedPnl: mul(position.size, markPrice - position.entryPrice),
      margin: positionMarginOf(position),
      notional: mul(abs(position.size), markPrice),
    };
  }

  balances(accountId: string, wallet: string, nowMs: number): BalanceView[] {
    this.sync(nowMs);
    const account = this.account(accountId);
    const views: BalanceView[] = [];
    for (const [currency, balance] of account.wallets.get(wallet) ?? []) {
      let unrealizedPnl = ZERO;
      for (const position of account.positions.values()) {
        if (position.market.settle === currency && this.#config.walletOf(position.market) === wallet) {
          unrealizedPnl += this.#positionView(position).unrealizedPnl;
        }
      }
      const positionMargin = this.#positionMargin(account, wallet, currency);
      views.push({
        currency,
        total: balance.total,
        frozen: balance.frozen,
        positionMargin,
        unrealizedPnl,
        available: balance.total - balance.frozen - positionMargin,
      });
    }
    return views;
  }
}

export function isOpen(order: Order): boolean {
  return order.status === 'live' || order.status === 'partially_filled';
}

function positionMarginOf(position: Position): Fixed {
  return div(mul(abs(position.size), position.entryPrice), fromInt(position.leverage));
}

function cmp(a: Fixed, b: Fixed): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
