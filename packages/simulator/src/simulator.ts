/**
 * `startSimulator()`: one engine (seeded markets and price process), three venues (one per
 * exchange, each with its own accounts and books), three front-ends on one loopback port.
 */
import type { AddressInfo } from 'node:net';
import { SimClock } from './clock.js';
import { type Fixed, fixed, formatFixed, parseFixed } from './decimal.js';
import { FundingSchedule, type FundingSettlement } from './engine/funding.js';
import { BUCKET_MS, MarketData } from './engine/market-data.js';
import { type MarketSpec, marketBySymbol } from './engine/markets.js';
import { Transfers } from './engine/transfers.js';
import { TriggerBook } from './engine/triggers.js';
import { type ExchangeId, type Order, Venue, type VenueConfig } from './engine/venue.js';
import { type FaultController, type FaultRule, Faults } from './faults.js';
import { type Credentials, generateCredentials, KeyStore, type OkxSite } from './keys.js';
import type { ExchangeStats, FrontEnd, FrontEndContext } from './protocols/common.js';
import { OkexV1FrontEnd } from './protocols/okex-v1/index.js';
import { OkxFrontEnd } from './protocols/okx/index.js';
import { WeexFrontEnd } from './protocols/weex/index.js';
import { Prng } from './random.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { createSimServer } from './server.js';
import { type WsFaultController, type WsFaultKind, type WsFaultRule, WsFaults } from './ws/faults.js';
import { OkexV1WsFrontEnd } from './ws/okex-v1.js';
import { OkxWsFrontEnd } from './ws/okx.js';
import { attachWebSockets, type PublishedBook, type WsFrontEnd } from './ws/server.js';
import { WeexWsFrontEnd } from './ws/weex.js';

export type { Credentials, ExchangeId, FaultController, FaultRule, OkxSite, PublishedBook, WsFaultController, WsFaultKind, WsFaultRule };

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Seeds prices, liquidity, ids, keys and fault decisions. Default 1. */
  seed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Enforce the documented rate limits (default true). */
  rateLimits?: boolean;
  /**
   * Also serve OKX's EEA and US sites, each on a port of its own (`okxRegionUrls`), so that a key
   * used on the wrong site gets 50101 as on OKX. Default false.
   */
  okxRegions?: boolean;
  /** A WebSocket connection without traffic either way is closed after this long (OKX: 30 000 ms, the default). */
  wsIdleCloseMs?: number;
  /** How often time-driven market changes are checked for while someone watches market data; default 100 ms. */
  wsTickMs?: number;
  /**
   * The simulator's time source, ms since epoch; default `Date.now`. Timestamps on the wire,
   * signature windows and rate-limit windows all follow it, so a test can hold time still and move
   * it by hand instead of racing the wall clock.
   */
  now?: () => number;
  /** How often the WEEX WebSocket server pings each connection (30 s apart in WEEX's captures, the default). */
  weexPingIntervalMs?: number;
  /** Hears every HTTP request once it is answered (or its reply dropped): a request log. */
  onRequest?: (entry: SimulatorRequestLog) => void;
}

/**
 * One HTTP request, as `exchange-sim --verbose` prints it. The path has no query string and no
 * headers or bodies are included, so nothing a client signs or sends as a secret can appear.
 */
export interface SimulatorRequestLog {
  method: string;
  path: string;
  /** The protocol that served the path; absent when none does (404). */
  exchange?: ExchangeId;
  /** The HTTP status answered; absent when the reply was dropped (`dropReplyProbability`) or the client went away. */
  status?: number;
  /** From the request's arrival to the end of the reply, wall-clock ms. */
  durationMs: number;
}

/** Everything an adapter needs to talk to this simulator: `new OkxExchange(sim.exchangeOptions('okx'))`. */
export interface SimulatorExchangeOptions {
  apiKey: string;
  secret: string;
  passphrase?: string;
  baseUrl: string;
  /**
   * The origin (OKX, OKEx v1), or a URL per socket kind where one origin cannot tell them apart
   * (WEEX: `spot-public`, `spot-private`, `contract-public`, `contract-private`).
   */
  wsUrl: string | Readonly<Record<string, string>>;
}

export interface SocketFilter {
  exchange?: ExchangeId;
  /** Socket kind: OKX `public`, `private`, `business`; WEEX `spot-public`, `spot-private`, `contract-public`, `contract-private`; OKEx v1 `ws`. */
  endpoint?: string;
}

/** The WebSocket side: faults, scripted disruptions, and what was pushed. */
export interface SimulatorStreams {
  readonly faults: WsFaultController;
  /** Open WebSocket connections. */
  connections(filter?: SocketFilter): number;
  /** Channels subscribed on open connections: a subscribe has arrived once this counts it. */
  subscriptions(filter?: SocketFilter): number;
  /** Cuts matching connections now (no close frame); returns how many. */
  drop(filter?: SocketFilter): number;
  /** Matching connections stop sending anything (data, acks, pongs) until they close; returns how many. */
  silence(filter?: SocketFilter): number;
  /** The order book as last pushed (sequence and levels in wire units), or undefined before the first push. */
  book(exchange: ExchangeId, symbol: string): PublishedBook | undefined;
  /** Hears every book publication (also while nobody is subscribed); returns the unsubscribe. */
  onBook(listener: (book: PublishedBook) => void): () => void;
}

/** A second account that rests orders on the books: moves the market for tests and demos. */
export interface SimulatorLiquidity {
  /** A resting limit order; returns its id. */
  place(order: { symbol: string; side: 'buy' | 'sell'; price: number | string; amount: number | string }): string;
  cancel(id: string): boolean;
}

export interface SimulatorCredentials {
  okx: Required<Credentials>;
  weex: Required<Credentials>;
  'okex-v1': Credentials;
}

export interface SimulatorStats {
  /** Orders the engine accepted. */
  ordersPlaced: number;
  /** Placements whose client order id an earlier accepted order of the account already used. */
  duplicateClientOrderIds: number;
  requests: number;
  /** Requests answered with the exchange's rate-limit reply (real limits and injected storms). */
  rejectedRateLimit: number;
  droppedReplies: number;
}

export interface SimulatedOrder {
  id: string;
  clientOrderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  type: 'limit' | 'market';
  timeInForce: 'GTC' | 'IOC' | 'FOK' | 'PO';
  status: 'live' | 'partially_filled' | 'filled' | 'canceled';
  cancelReason?: string;
  /** Decimal strings, base units (amount/filled), quote units (cost). */
  price?: string;
  amount: string;
  quoteAmount?: string;
  filled: string;
  cost: string;
  fee: string;
  feeCurrency: string;
  reduceOnly: boolean;
  accountId: string;
  createdAt: number;
  updatedAt: number;
}

export interface SimulatorClock {
  /** Simulator time, ms. */
  now(): number;
  /** Simulator clock = real clock + skew (a client 45 s behind ⇔ skew +45 s). */
  setSkewMs(ms: number): void;
  readonly skewMs: number;
}

/** One market as a venue lists it: the rules orders are checked against (decimal strings, base units). */
export interface SimulatedMarket {
  symbol: string;
  type: 'spot' | 'swap';
  /** Price tick. */
  tick: string;
  /** Amount step. */
  step: string;
  minAmount: string;
  maxAmount: string;
}

/**
 * The synthetic market behind every venue. Its prices depend on the seed and on the time elapsed
 * since the simulator started, not on the wall clock: two simulators with the same seed show the
 * same book at the same age. Timestamps on the wire stay real time, so signed requests are judged
 * against a real clock.
 */
export interface SimulatorMarket {
  /** Simulator time when it started, ms: bucket 0 of the price path. */
  readonly originMs: number;
  /** The synthetic book is redrawn every this many ms. */
  readonly bucketMs: number;
  /** The synthetic mid of `symbol` now, as a decimal string. */
  mid(symbol: string): string;
  /**
   * Moves the synthetic mid of `symbol` — and of every market of the same asset (spot and
   * perpetual share one path) — to `price` now, on every venue; the walk goes on from there.
   * Resting orders the new book crosses fill as makers at once. For tests: cross a resting order
   * deterministically instead of waiting for the random walk.
   */
  move(symbol: string, price: number | string): void;
  /**
   * Holds the mid of `symbol`'s asset at `price` (every venue, spot and perpetual together) until
   * `release`: books re-cross, a trade prints at the price, triggers watching it fire. For tests
   * of triggers and funding, where the price must not wander.
   */
  hold(symbol: string, price: number | string): void;
  /** Lets the seeded price path run again for `symbol`'s asset. */
  release(symbol: string): void;
}

/** One funding settlement, as the engine made it. */
export interface SimulatedFundingSettlement {
  exchange: ExchangeId;
  symbol: string;
  /** Decimal strings. */
  rate: string;
  markPrice: string;
  time: number;
  payments: Array<{ accountId: string; amount: string }>;
}

/** Funding of the perpetuals, driven by tests instead of the 8 h schedule (which goes on). */
export interface SimulatorFunding {
  /** Sets the rate the next funding settlement of a perpetual charges, on every venue that lists it. */
  setRate(symbol: string, rate: number | string): void;
  /** Settles the current funding period now (one perpetual or all, every venue). */
  settle(symbol?: string): SimulatedFundingSettlement[];
}

export interface Simulator {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly seed: number;
  /** Trade + read keys. */
  readonly credentials: SimulatorCredentials;
  /** Read-only keys of the same accounts. */
  readonly readOnlyCredentials: SimulatorCredentials;
  /** Trade keys whitelisted to 10.0.0.1 only. */
  readonly ipRestrictedCredentials: SimulatorCredentials;
  /** OKX demo-trading key: accepted only with `x-simulated-trading: 1`; live keys only without (else 50101). */
  readonly demoCredentials: { okx: Required<Credentials> };
  /** OKX trade keys created on the EEA and US sites: accepted only on `okxRegionUrls.eea` / `.us` (else 50101). */
  readonly okxRegionCredentials: Record<Exclude<OkxSite, 'global'>, Required<Credentials>>;
  /** With `okxRegions: true`: the origin of each OKX site (`global` is `url`). */
  readonly okxRegionUrls?: Readonly<Record<OkxSite, string>>;
  readonly faults: FaultController;
  readonly clock: SimulatorClock;
  /** `ws://host:port`: every WebSocket endpoint is served on the REST port. */
  readonly wsUrl: string;
  /** Credentials, baseUrl and wsUrl for an adapter (DESIGN §5). */
  exchangeOptions(exchange: ExchangeId): SimulatorExchangeOptions;
  readonly streams: SimulatorStreams;
  liquidity(exchange: ExchangeId): SimulatorLiquidity;
  readonly market: SimulatorMarket;
  /** The markets a venue lists, with the rules it checks orders against. */
  markets(exchange: ExchangeId): SimulatedMarket[];
  readonly funding: SimulatorFunding;
  stats(exchange: ExchangeId): SimulatorStats;
  orders(exchange: ExchangeId): SimulatedOrder[];
  close(): Promise<void>;
}

export const EXCHANGES: readonly ExchangeId[] = ['okx', 'weex', 'okex-v1'];

/**
 * WEEX's spot and futures sockets share paths on two hosts; on one port the simulator serves the
 * futures ones under `/capi` (as WEEX's futures REST lives under `/capi/v3`), so the adapter gets a URL per kind.
 */
function weexWsUrls(origin: string): Readonly<Record<string, string>> {
  return Object.freeze({
    'spot-public': `${origin}/v3/ws/public`,
    'spot-private': `${origin}/v3/ws/private`,
    'contract-public': `${origin}/capi/v3/ws/public`,
    'contract-private': `${origin}/capi/v3/ws/private`,
  });
}
export const RESTRICTED_IP = '10.0.0.1';

const MAKER_FEE = fixed('0.0008');
const TAKER_FEE = fixed('0.001');
const SPOT_BALANCES = { USDT: '100000', BTC: '2', ETH: '20' };
/** OKX's funding account, separate from the trading account until a transfer moves funds. */
const FUNDING_BALANCES = { USDT: '50000', BTC: '1' };
/** Wallets a venue moves funds between (v1 has one). */
const TRANSFER_WALLETS: Record<ExchangeId, readonly string[]> = {
  okx: ['funding', 'trading'],
  weex: ['spot', 'futures'],
  'okex-v1': ['spot'],
};

function decimalArgument(name: string, value: number | string, allowNegative: boolean): Fixed {
  const text = typeof value === 'number' ? String(value) : value;
  const negative = allowNegative && text.startsWith('-');
  const parsed = typeof value === 'number' && !Number.isFinite(value) ? undefined : parseFixed(negative ? text.slice(1) : text);
  if (parsed === undefined || (!allowNegative && parsed <= 0n))
    throw new RangeError(`${name} must be a ${allowNegative ? '' : 'positive '}decimal, got ${String(value)}`);
  return negative ? -parsed : parsed;
}

function marketArgument(symbol: string): MarketSpec {
  const market = marketBySymbol(symbol);
  if (!market) throw new RangeError(`unknown symbol ${symbol}`);
  return market;
}

function venueConfig(exchange: ExchangeId, seed: number): VenueConfig {
  const offset = BigInt(Math.abs(Math.trunc(seed)) % 1000);
  const common = { makerFee: MAKER_FEE, takerFee: TAKER_FEE };
  switch (exchange) {
    case 'okx':
      return {
        ...common,
        id: exchange,
        symbols: ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT'],
        walletOf: () => 'trading',
        initialBalances: { trading: SPOT_BALANCES, funding: FUNDING_BALANCES },
        defaultLeverage: 10,
        orderIdBase: 700_000_000_000_000_000n + offset * 1_000_000_000_000n,
        uniqueLiveClientOrderIds: true,
        amendKeepsPriority: 'size-decrease',
      };
    case 'weex':
      return {
        ...common,
        id: exchange,
        symbols: ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT'],
        walletOf: (market: MarketSpec) => (market.type === 'spot' ? 'spot' : 'futures'),
        initialBalances: { spot: SPOT_BALANCES, futures: { USDT: '100000' } },
        defaultLeverage: 20,
        orderIdBase: 730_000_000_000_000_000n + offset * 1_000_000_000_000n,
        uniqueLiveClientOrderIds: true,
      };
    case 'okex-v1':
      return {
        ...common,
        id: exchange,
        symbols: ['BTC/USDT', 'ETH/USDT'],
        walletOf: () => 'spot',
        initialBalances: { spot: SPOT_BALANCES },
        defaultLeverage: 1,
        orderIdBase: 90_000_000n + offset * 100_000n,
        uniqueLiveClientOrderIds: false,
        // v1 minimums are per coin (protocols/okex-v1.md §3.2: 0.01 BTC); the adapter ships the same.
        minAmounts: { 'BTC/USDT': fixed('0.01'), 'ETH/USDT': fixed('0.01') },
      };
  }
}

function orderView(order: Order): SimulatedOrder {
  return {
    id: order.id,
    clientOrderId: order.clientOrderId,
    symbol: order.market.symbol,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    status: order.status,
    ...(order.cancelReason ? { cancelReason: order.cancelReason } : {}),
    ...(order.price !== undefined ? { price: formatFixed(order.price) } : {}),
    amount: formatFixed(order.amount),
    ...(order.quoteAmount !== undefined ? { quoteAmount: formatFixed(order.quoteAmount) } : {}),
    filled: formatFixed(order.filled),
    cost: formatFixed(order.cost),
    fee: formatFixed(order.fee),
    feeCurrency: order.feeCurrency,
    reduceOnly: order.reduceOnly,
    accountId: order.accountId,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
  };
}

function settlementView(exchange: ExchangeId, item: FundingSettlement): SimulatedFundingSettlement {
  return {
    exchange,
    symbol: item.symbol,
    rate: formatFixed(item.rate),
    markPrice: formatFixed(item.markPrice),
    time: item.time,
    payments: item.payments.map((payment) => ({ accountId: payment.accountId, amount: formatFixed(payment.amount) })),
  };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 1;
  const host = options.host ?? '127.0.0.1';
  if (!Number.isInteger(seed)) throw new RangeError('seed must be an integer');
  const clock = new SimClock(options.now);
  const data = new MarketData(seed, clock.now());
  const keys = new KeyStore();
  const limiter = new SlidingWindowLimiter(options.rateLimits ?? true);
  const faults = new Faults(seed);
  const prng = new Prng(seed);
  const venues = new Map<ExchangeId, Venue>();
  const fundingByVenue = new Map<ExchangeId, FundingSchedule>();
  const stats = new Map<ExchangeId, ExchangeStats>();
  const credentials = {} as Record<ExchangeId, Credentials>;
  const readOnly = {} as Record<ExchangeId, Credentials>;
  const restricted = {} as Record<ExchangeId, Credentials>;
  const frontEnds: FrontEnd[] = [];

  for (const exchange of EXCHANGES) {
    const config = venueConfig(exchange, seed);
    const venue = new Venue(config, data, clock.now());
    const triggers = new TriggerBook(venue, config.orderIdBase + 900_000_000n);
    const funding = new FundingSchedule(venue, seed, clock.now());
    const transfers = new Transfers(venue, TRANSFER_WALLETS[exchange], config.orderIdBase + 950_000_000n);
    fundingByVenue.set(exchange, funding);
    const accountId = `${exchange}-main`;
    const uid = prng.digits(exchange === 'weex' ? 10 : 18);
    venue.createAccount(accountId, uid);
    venues.set(exchange, venue);
    stats.set(exchange, { requests: 0, rejectedRateLimit: 0, droppedReplies: 0 });
    credentials[exchange] = generateCredentials(exchange, prng);
    readOnly[exchange] = generateCredentials(exchange, prng);
    restricted[exchange] = generateCredentials(exchange, prng);
    keys.add({ ...credentials[exchange], exchange, accountId, permission: 'trade' });
    keys.add({ ...readOnly[exchange], exchange, accountId, permission: 'read' });
    keys.add({ ...restricted[exchange], exchange, accountId, permission: 'trade', ipWhitelist: [RESTRICTED_IP] });
    const context: FrontEndContext = { venue, triggers, funding, transfers, keys, limiter, stats: stats.get(exchange) as ExchangeStats };
    frontEnds.push(
      exchange === 'okx' ? new OkxFrontEnd(context) : exchange === 'weex' ? new WeexFrontEnd(context) : new OkexV1FrontEnd(context),
    );
  }

  // Environment-bound OKX keys come from their own stream, so the keys above stay what they were.
  const environmentPrng = new Prng(seed ^ 0x0e4e);
  const demo = generateCredentials('okx', environmentPrng) as Required<Credentials>;
  const eea = generateCredentials('okx', environmentPrng) as Required<Credentials>;
  const us = generateCredentials('okx', environmentPrng) as Required<Credentials>;
  const okxAccount = 'okx-main';
  keys.add({ ...demo, exchange: 'okx', accountId: okxAccount, permission: 'trade', demo: true });
  keys.add({ ...eea, exchange: 'okx', accountId: okxAccount, permission: 'trade', site: 'eea' });
  keys.add({ ...us, exchange: 'okx', accountId: okxAccount, permission: 'trade', site: 'us' });

  const listen = async (site: OkxSite, port: number) => {
    const listener = createSimServer({ site, frontEnds, faults, clock, stats, onRequest: options.onRequest });
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, host, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    return listener;
  };
  const server = await listen('global', options.port ?? 0);
  const regional = options.okxRegions ? { eea: await listen('eea', 0), us: await listen('us', 0) } : undefined;
  const servers = [server, ...(regional ? [regional.eea, regional.us] : [])];
  const wsFaults = new WsFaults(seed);
  const bookListeners = new Set<(book: PublishedBook) => void>();
  const onBook = (book: PublishedBook) => {
    for (const listener of bookListeners) listener(book);
  };
  const wantsBooks = () => bookListeners.size > 0;
  const tickMs = options.wsTickMs ?? 100;
  const wsFrontEnds: WsFrontEnd[] = [
    new OkxWsFrontEnd({
      venue: venues.get('okx') as Venue,
      keys,
      clock,
      faults: wsFaults,
      prng: new Prng(seed ^ 0x0c5),
      idleCloseMs: options.wsIdleCloseMs ?? 30_000,
      tickMs,
      onBook,
      wantsBooks,
    }),
    new WeexWsFrontEnd({
      venue: venues.get('weex') as Venue,
      keys,
      clock,
      faults: wsFaults,
      pingIntervalMs: options.weexPingIntervalMs ?? 30_000,
      tickMs,
      onBook,
      wantsBooks,
    }),
    new OkexV1WsFrontEnd({ venue: venues.get('okex-v1') as Venue, keys, clock, faults: wsFaults, tickMs, onBook, wantsBooks }),
  ];
  const webSockets = attachWebSockets(server, wsFrontEnds, wsFaults);
  const sessionsOf = (filter: SocketFilter = {}) =>
    wsFrontEnds
      .filter((frontEnd) => filter.exchange === undefined || frontEnd.id === filter.exchange)
      .flatMap((frontEnd) => frontEnd.sessions())
      .filter((session) => !session.closed && (filter.endpoint === undefined || session.endpoint === filter.endpoint));
  const makers = new Map<ExchangeId, string>();
  const makerOf = (exchange: ExchangeId): { venue: Venue; accountId: string } => {
    const venue = venues.get(exchange);
    if (!venue) throw new RangeError(`unknown exchange ${String(exchange)}`);
    let accountId = makers.get(exchange);
    if (!accountId) {
      accountId = `${exchange}-liquidity`;
      const account = venue.createAccount(accountId, prng.digits(exchange === 'weex' ? 10 : 18));
      for (const balances of account.wallets.values()) for (const balance of balances.values()) balance.total = fixed('1000000000');
      makers.set(exchange, accountId);
    }
    return { venue, accountId };
  };
  const port = (server.address() as AddressInfo).port;
  /** A symbol's engine market and a venue that lists it. */
  const marketOf = (symbol: string): { market: MarketSpec; venue: Venue } => {
    for (const venue of venues.values()) {
      const market = venue.market(symbol);
      if (market) return { market, venue };
    }
    throw new RangeError(`no simulated market ${JSON.stringify(symbol)}`);
  };
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const urlOf = (listener: typeof server) => `http://${urlHost}:${(listener.address() as AddressInfo).port}`;
  const url = urlOf(server);
  const wsUrl = `ws://${urlHost}:${port}`;
  let closed: Promise<void> | undefined;

  /** A price for `market`, on its tick. */
  const onTick = (market: MarketSpec, symbol: string, price: number | string): Fixed => {
    const target = parseFixed(String(price));
    if (target === undefined || target <= 0n || target % market.tick !== 0n) {
      throw new RangeError(`price must be a positive multiple of the ${symbol} tick ${formatFixed(market.tick)}, got ${price}`);
    }
    return target;
  };
  /** Venues never go back in time: a price change applies from the latest bucket any of them shows. */
  const currentBucket = (now: number): number => {
    for (const venue of venues.values()) venue.sync(now);
    return Math.max(...[...venues.values()].map((venue) => venue.bucket));
  };

  return {
    url,
    wsUrl,
    host,
    port,
    seed,
    credentials: credentials as unknown as SimulatorCredentials,
    readOnlyCredentials: readOnly as unknown as SimulatorCredentials,
    ipRestrictedCredentials: restricted as unknown as SimulatorCredentials,
    demoCredentials: { okx: demo },
    okxRegionCredentials: { eea, us },
    ...(regional ? { okxRegionUrls: Object.freeze({ global: url, eea: urlOf(regional.eea), us: urlOf(regional.us) }) } : {}),
    faults,
    exchangeOptions(exchange) {
      const keys = credentials[exchange];
      if (!keys) throw new RangeError(`unknown exchange ${String(exchange)}`);
      return {
        ...keys,
        baseUrl: url,
        wsUrl: exchange === 'weex' ? weexWsUrls(wsUrl) : wsUrl,
      };
    },
    streams: {
      faults: wsFaults,
      connections: (filter) => sessionsOf(filter).length,
      subscriptions: (filter = {}) =>
        wsFrontEnds
          .filter((frontEnd) => filter.exchange === undefined || frontEnd.id === filter.exchange)
          .reduce((sum, frontEnd) => sum + frontEnd.subscriptions(filter.endpoint), 0),
      drop(filter) {
        const sessions = sessionsOf(filter);
        for (const session of sessions) session.drop();
        return sessions.length;
      },
      silence(filter) {
        const sessions = sessionsOf(filter);
        for (const session of sessions) session.silence();
        return sessions.length;
      },
      book: (exchange, symbol) => wsFrontEnds.find((frontEnd) => frontEnd.id === exchange)?.publishedBook(symbol),
      onBook(listener) {
        bookListeners.add(listener);
        return () => bookListeners.delete(listener);
      },
    },
    liquidity(exchange) {
      return {
        place(order) {
          const { venue, accountId } = makerOf(exchange);
          const market = venue.market(order.symbol);
          if (!market) throw new RangeError(`${order.symbol} is not a market on ${exchange}`);
          const result = venue.place(
            {
              accountId,
              symbol: order.symbol,
              side: order.side,
              type: 'limit',
              timeInForce: 'GTC',
              price: fixed(String(order.price)),
              amount: fixed(String(order.amount)),
              clientOrderId: '',
              marginMode: market.type === 'spot' ? 'cash' : 'cross',
              posSide: 'net',
            },
            clock.now(),
          );
          if (!result.ok) throw new RangeError(`the liquidity order was refused: ${result.reason}`);
          return result.order.id;
        },
        cancel(id) {
          const { venue, accountId } = makerOf(exchange);
          return venue.cancel(accountId, { id }, undefined, clock.now()).ok;
        },
      };
    },
    clock: {
      now: () => clock.now(),
      setSkewMs: (ms: number) => clock.setSkewMs(ms),
      get skewMs() {
        return clock.skewMs;
      },
    },
    market: {
      originMs: data.originMs,
      bucketMs: BUCKET_MS,
      mid(symbol) {
        const { market, venue } = marketOf(symbol);
        venue.sync(clock.now());
        return formatFixed(venue.markPrice(market));
      },
      move(symbol, price) {
        const { market } = marketOf(symbol);
        const target = onTick(market, symbol, price);
        const now = clock.now();
        data.move(market, currentBucket(now), target);
        for (const venue of venues.values()) venue.reprice(now);
      },
      hold(symbol, price) {
        const { market } = marketOf(symbol);
        const target = onTick(market, symbol, price);
        const now = clock.now();
        data.holdPrice(market.asset, target, currentBucket(now));
        for (const venue of venues.values()) venue.reprice(now);
      },
      release(symbol) {
        const { market } = marketOf(symbol);
        const now = clock.now();
        data.holdPrice(market.asset, undefined, currentBucket(now));
        for (const venue of venues.values()) venue.reprice(now);
      },
    },
    funding: {
      setRate(symbol, rate) {
        marketArgument(symbol);
        const value = decimalArgument('rate', rate, true);
        for (const funding of fundingByVenue.values()) if (funding.has(symbol)) funding.setRate(symbol, value);
      },
      settle(symbol) {
        if (symbol !== undefined) marketArgument(symbol);
        const now = clock.now();
        const settled: SimulatedFundingSettlement[] = [];
        for (const [exchange, funding] of fundingByVenue) {
          if (symbol !== undefined && !funding.has(symbol)) continue;
          for (const item of funding.settleNow(now, symbol)) settled.push(settlementView(exchange, item));
        }
        return settled;
      },
    },
    markets(exchange) {
      const venue = venues.get(exchange);
      if (!venue) throw new RangeError(`unknown exchange ${String(exchange)}`);
      return venue.markets.map((market) => ({
        symbol: market.symbol,
        type: market.type,
        tick: formatFixed(market.tick),
        step: formatFixed(market.step),
        minAmount: formatFixed(market.minAmount),
        maxAmount: formatFixed(market.maxAmount),
      }));
    },
    stats(exchange) {
      const venue = venues.get(exchange);
      const counters = stats.get(exchange);
      if (!venue || !counters) throw new RangeError(`unknown exchange ${String(exchange)}`);
      return { ...venue.stats, ...counters };
    },
    orders(exchange) {
      const venue = venues.get(exchange);
      if (!venue) throw new RangeError(`unknown exchange ${String(exchange)}`);
      return venue.allOrders().map(orderView);
    },
    close() {
      if (!closed) {
        webSockets.close();
        closed = Promise.all(
          servers.map(
            (listener) =>
              new Promise<void>((resolve, reject) => {
                listener.close((error) => (error ? reject(error) : resolve()));
                listener.closeAllConnections();
              }),
          ),
        ).then(() => undefined);
      }
      return closed;
    },
  };
}
