/**
 * One exchange's venue: its matching engine and ledger. The three front-ends share the price
 * process but each has its own venue: its own books of user orders, accounts, ids and fills (an OKX
 * order never meets a WEEX order).
 *
 * This class is the facade the front-ends and engine features talk to; the work is done by its
 * parts: the order books (order-book.ts), matching and order entry (matching.ts), the ledger of
 * accounts, holds and positions (accounts.ts, positions.ts) and the change events (events.ts).
 * Every operation first replays the market up to its time (`sync()` replays every bucket since the
 * last request, so fills do not depend on how often clients poll) and delivers its change events
 * once it is complete.
 */
import { type Fixed, max as maxFixed, min as minFixed, ZERO } from '../decimal.js';
import { Account, Accounts } from './accounts.js';
import { VenueEvents } from './events.js';
import type { MarketData } from './market-data.js';
import { MARKETS, type MarketSpec } from './markets.js';
import { MatchingEngine } from './matching.js';
import {
  type AmendRequest,
  type AmendResult,
  type BalanceView,
  type BookLevel,
  type BookView,
  type CancelResult,
  type ExchangeId,
  isOpen,
  type MarginMode,
  type Order,
  type OrderRef,
  type PlaceRequest,
  type PlaceResult,
  type PositionSide,
  type PositionView,
  type PublicTrade,
  type TickerView,
  type VenueConfig,
  type VenueListener,
} from './model.js';

export type {
  AmendRejection,
  AmendRequest,
  AmendResult,
  Balance,
  BalanceView,
  BookLevel,
  BookView,
  CancelReason,
  CancelResult,
  ExchangeId,
  Fill,
  MarginMode,
  Order,
  OrderRef,
  OrderStatus,
  OrderType,
  PlaceRejection,
  PlaceRequest,
  PlaceResult,
  Position,
  PositionSide,
  PositionView,
  PublicTrade,
  Side,
  TickerView,
  TimeInForce,
  VenueConfig,
  VenueEvent,
  VenueListener,
} from './model.js';
export { Account, isOpen };

export class Venue {
  readonly id: ExchangeId;
  readonly markets: readonly MarketSpec[];
  readonly stats: { ordersPlaced: number; duplicateClientOrderIds: number };
  readonly #config: VenueConfig;
  readonly #data: MarketData;
  readonly #events = new VenueEvents();
  readonly #accounts: Accounts;
  readonly #matching: MatchingEngine;
  /** Engine features layered on the venue (triggers, funding), run after the market moved. */
  readonly #tickHooks: Array<(nowMs: number) => void> = [];
  #inTickHooks = false;

  constructor(config: VenueConfig, data: MarketData, nowMs: number) {
    this.id = config.id;
    this.#config = config;
    this.#data = data;
    this.markets = MARKETS.filter((market) => config.symbols.includes(market.symbol)).map((market) => {
      const minAmount = config.minAmounts?.[market.symbol];
      return minAmount === undefined ? market : { ...market, minAmount };
    });
    this.#accounts = new Accounts(config, this.#events, (market) => this.markPrice(market));
    this.#matching = new MatchingEngine(config, data, this.#accounts, this.#events, this.markets, nowMs);
    this.stats = this.#matching.stats;
  }

  get makerFee(): Fixed {
    return this.#config.makerFee;
  }

  get takerFee(): Fixed {
    return this.#config.takerFee;
  }

  /** The bucket market data is shown for: never goes back, even if the clock does. */
  get bucket(): number {
    return this.#matching.bucket;
  }

  market(symbol: string): MarketSpec | undefined {
    return this.#matching.book(symbol)?.market;
  }

  walletOf(market: MarketSpec): string {
    return this.#config.walletOf(market);
  }

  // ---- accounts ------------------------------------------------------------------------------

  createAccount(id: string, uid: string): Account {
    return this.#accounts.create(id, uid);
  }

  account(id: string): Account {
    return this.#accounts.get(id);
  }

  accounts(): Account[] {
    return this.#accounts.list();
  }

  /** Leverage for a symbol and margin mode; a leg (`long`/`short`) may have its own (WEEX isolated). */
  leverageOf(account: Account, market: MarketSpec, marginMode: MarginMode, posSide?: PositionSide): number {
    return this.#accounts.leverageOf(account, market, marginMode, posSide);
  }

  setLeverage(accountId: string, symbol: string, marginMode: MarginMode, leverage: number, nowMs: number, posSide?: PositionSide): void {
    this.sync(nowMs);
    this.#accounts.setLeverage(accountId, symbol, marginMode, leverage, nowMs, posSide);
    this.#events.flush();
  }

  positions(accountId: string, nowMs: number): PositionView[] {
    this.sync(nowMs);
    return this.#accounts.positions(accountId);
  }

  balances(accountId: string, wallet: string, nowMs: number): BalanceView[] {
    this.sync(nowMs);
    return this.#accounts.balances(accountId, wallet);
  }

  // ---- change events and engine features ----------------------------------------------------

  /** Hears every change, in batches delivered when an operation (place, cancel, sync…) completes. */
  onEvents(listener: VenueListener): () => void {
    return this.#events.listen(listener);
  }

  /**
   * For engine features outside the venue (funding, transfers) that changed an account's balances:
   * the change is pushed like the venue's own.
   */
  balancesChanged(accountIds: readonly string[]): void {
    for (const accountId of accountIds) this.#events.emit({ type: 'account', accountId });
    this.#events.flush();
  }

  /** Registers an engine feature that runs each time the market moves (sync, reprice). */
  onTick(hook: (nowMs: number) => void): void {
    this.#tickHooks.push(hook);
  }

  /** Registers an engine feature that runs when an order ends. */
  onOrderEnd(hook: (order: Order, nowMs: number) => void): void {
    this.#matching.onOrderEnd(hook);
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

  // ---- time ----------------------------------------------------------------------------------

  /**
   * After the mid was moved (`MarketData.move` or `holdPrice`): every book changed within the
   * bucket and is pushed like a new one, resting orders the new synthetic book crosses fill as
   * makers at once, a trade prints at the new mid (so the last price follows), and the tick hooks
   * (triggers) see it.
   */
  reprice(nowMs: number): void {
    this.#advance(nowMs);
    this.#events.emit({ type: 'market' });
    this.#matching.reprice(nowMs);
    this.#runTickHooks(nowMs);
    this.#events.flush();
  }

  /** Replays the synthetic market up to `nowMs`: resting orders it crosses fill as makers. */
  sync(nowMs: number): void {
    this.#advance(nowMs);
    this.#events.flush();
  }

  #advance(nowMs: number): void {
    if (this.#matching.advance(nowMs)) this.#runTickHooks(nowMs);
  }

  // ---- orders --------------------------------------------------------------------------------

  place(request: PlaceRequest, nowMs: number): PlaceResult {
    this.sync(nowMs);
    const result = this.#matching.place(request, nowMs);
    this.#events.flush();
    return result;
  }

  cancel(accountId: string, ref: OrderRef, symbol: string | undefined, nowMs: number): CancelResult {
    this.sync(nowMs);
    const result = this.#matching.cancel(accountId, ref, symbol, nowMs);
    this.#events.flush();
    return result;
  }

  /**
   * Amends an open limit order in place (new total amount and/or price). The reservation is redone
   * for what remains; a new price that crosses trades at once, like a new order would. Queue
   * priority is kept only as `amendKeepsPriority` says.
   */
  amend(accountId: string, ref: OrderRef, symbol: string | undefined, change: AmendRequest, nowMs: number): AmendResult {
    this.sync(nowMs);
    const result = this.#matching.amend(accountId, ref, symbol, change, nowMs);
    // A refused amendment leaves the order as it was; the hold it gave back and took again is
    // pushed with the venue's next change.
    if (result.ok) this.#events.flush();
    return result;
  }

  /** By id, or the latest order with the client id (OKX returns the latest match). */
  findOrder(accountId: string, ref: OrderRef): Order | undefined {
    return this.#matching.findOrder(accountId, ref);
  }

  /** Open orders, newest first. */
  openOrders(accountId: string, symbol?: string): Order[] {
    return this.account(accountId)
      .orders.filter((order) => isOpen(order) && (symbol === undefined || order.market.symbol === symbol))
      .reverse();
  }

  /** Every order of every account, oldest first. */
  allOrders(): Order[] {
    return this.#matching.allOrders();
  }

  // ---- public market data --------------------------------------------------------------------

  book(symbol: string, depth: number, nowMs: number): BookView | undefined {
    this.sync(nowMs);
    return this.#matching.book(symbol)?.view(depth, this.bucket);
  }

  /** Recent trades (synthetic crowd and users), newest first. */
  trades(symbol: string, limit: number, nowMs: number): PublicTrade[] {
    this.sync(nowMs);
    return this.#matching.book(symbol)?.recentTrades(limit, nowMs, this.bucket) ?? [];
  }

  ticker(symbol: string, nowMs: number): TickerView | undefined {
    const view = this.book(symbol, 1, nowMs);
    const market = this.market(symbol);
    if (!view || !market) return undefined;
    const [last] = this.trades(symbol, 1, nowMs);
    const day = this.#data.day(market, Math.max(nowMs, this.#data.bucketStart(this.bucket)));
    const mark = this.#data.midPrice(market, this.bucket);
    const empty: BookLevel = { price: mark, size: ZERO, orderCount: 0 };
    const lastPrice = last?.price ?? mark;
    return {
      market,
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
    return this.#data.midPrice(market, this.bucket);
  }

  /** The price of the latest public trade (synthetic or user), or the mid when none is known. */
  lastPrice(market: MarketSpec, nowMs: number): Fixed {
    return this.trades(market.symbol, 1, nowMs)[0]?.price ?? this.markPrice(market);
  }
}
