/**
 * The push engine the WEEX and OKEx v1 WebSocket front-ends share: it hears the venue's change
 * events, batches them until the operation that caused them has returned, and tells the front-end
 * what to push — books, tickers and candles per symbol, each public trade (the synthetic crowd's
 * too, bucket by bucket), each order update with its fill, position changes and accounts whose
 * balances moved. While anyone watches market data it re-reads the venue every `tickMs`, so time
 * moves the synthetic market. Protocol-neutral: each front-end formats what it is told.
 */
import type { SimClock } from '../clock.js';
import type { MarketSpec } from '../engine/markets.js';
import type { Fill, Order, Position, PublicTrade, Venue, VenueEvent } from '../engine/venue.js';

export interface VenueFeedHooks {
  /** Someone watches market data (books, tickers, trades, candles): time must move the market. */
  watchesMarket(): boolean;
  /** Someone listens at all (sessions open or book listeners): otherwise events are dropped. */
  listening(): boolean;
  /** Someone watches this market's public trades. */
  watchesTrades(market: MarketSpec): boolean;
  books(markets: readonly MarketSpec[], now: number): void;
  tickers(markets: readonly MarketSpec[], now: number): void;
  candles(markets: readonly MarketSpec[], now: number): void;
  trade(market: MarketSpec, trade: PublicTrade, now: number): void;
  order(order: Order, fill: Fill | undefined, now: number): void;
  position(accountId: string, position: Position, now: number): void;
  accounts(accountIds: readonly string[], now: number): void;
}

/** At most this many past buckets of synthetic trades are replayed after a pause. */
const MAX_TRADE_BUCKETS = 20;

export class VenueFeed {
  readonly #venue: Venue;
  readonly #clock: SimClock;
  readonly #hooks: VenueFeedHooks;
  readonly #tradeBuckets = new Map<string, number>();
  readonly #tick: NodeJS.Timeout;
  readonly #unsubscribe: () => void;
  #events: VenueEvent[] = [];
  #scheduled = false;

  constructor(venue: Venue, clock: SimClock, tickMs: number, hooks: VenueFeedHooks) {
    this.#venue = venue;
    this.#clock = clock;
    this.#hooks = hooks;
    this.#unsubscribe = venue.onEvents((events) => this.#queue(events));
    this.#tick = setInterval(() => {
      if (hooks.watchesMarket()) venue.sync(clock.now());
    }, tickMs);
    this.#tick.unref();
  }

  close(): void {
    this.#unsubscribe();
    clearInterval(this.#tick);
  }

  #queue(events: readonly VenueEvent[]): void {
    if (!this.#hooks.listening()) return;
    this.#events.push(...events);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // After the operation that caused them has returned: reading the venue here cannot re-enter it.
    queueMicrotask(() => {
      this.#scheduled = false;
      const batch = this.#events;
      this.#events = [];
      this.#process(batch);
    });
  }

  #process(events: readonly VenueEvent[]): void {
    const venue = this.#venue;
    const hooks = this.#hooks;
    const now = this.#clock.now();
    const books = new Set<string>();
    const tickers = new Set<string>();
    const candles = new Set<string>();
    const accounts = new Set<string>();
    let market = false;
    for (const event of events) {
      switch (event.type) {
        case 'book':
          books.add(event.symbol);
          break;
        case 'market':
          market = true;
          break;
        case 'trade':
          tickers.add(event.symbol);
          candles.add(event.symbol);
          hooks.trade(venue.market(event.symbol) as MarketSpec, event.trade, now);
          break;
        case 'order':
          hooks.order(event.order, event.fill, now);
          break;
        case 'position':
          hooks.position(event.accountId, event.position, now);
          break;
        case 'account':
          accounts.add(event.accountId);
          break;
      }
    }
    if (market) {
      for (const spec of venue.markets) {
        books.add(spec.symbol);
        candles.add(spec.symbol);
        this.#syntheticTrades(spec, now);
      }
    }
    for (const symbol of books) tickers.add(symbol);
    const specs = (symbols: Set<string>) => [...symbols].map((symbol) => venue.market(symbol) as MarketSpec);
    if (books.size > 0) hooks.books(specs(books), now);
    if (tickers.size > 0) hooks.tickers(specs(tickers), now);
    if (candles.size > 0) hooks.candles(specs(candles), now);
    if (accounts.size > 0) hooks.accounts([...accounts], now);
  }

  /** The synthetic crowd's trades of the buckets completed since the last push. */
  #syntheticTrades(market: MarketSpec, now: number): void {
    const current = this.#venue.bucket;
    const last = this.#tradeBuckets.get(market.symbol) ?? current - 1;
    this.#tradeBuckets.set(market.symbol, current - 1);
    if (!this.#hooks.watchesTrades(market)) return;
    for (let bucket = Math.max(last + 1, current - MAX_TRADE_BUCKETS); bucket < current; bucket++) {
      for (const trade of this.#venue.marketData.tradesInBucket(market, bucket, now)) this.#hooks.trade(market, trade, now);
    }
  }
}
