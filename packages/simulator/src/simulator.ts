/**
 * `startSimulator()`: one engine (seeded markets and price process), three venues (one per
 * exchange, each with its own accounts and books), three front-ends on one loopback port.
 */
import type { AddressInfo } from 'node:net';
import { SimClock } from './clock.js';
import { type Fixed, fixed, formatFixed, parseFixed } from './decimal.js';
import { FundingSchedule, type FundingSettlement } from './engine/funding.js';
import { bucketOf, MarketData } from './engine/market-data.js';
import { type MarketSpec, marketBySymbol } from './engine/markets.js';
import { Transfers } from './engine/transfers.js';
import { TriggerBook } from './engine/triggers.js';
import { type ExchangeId, type Order, Venue, type VenueConfig } from './engine/venue.js';
import { type FaultController, type FaultRule, Faults } from './faults.js';
import { type Credentials, generateCredentials, KeyStore } from './keys.js';
import type { ExchangeStats, FrontEnd, FrontEndContext } from './protocols/common.js';
import { OkexV1FrontEnd } from './protocols/okex-v1/index.js';
import { OkxFrontEnd } from './protocols/okx/index.js';
import { WeexFrontEnd } from './protocols/weex/index.js';
import { Prng } from './random.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { createSimServer } from './server.js';

export type { Credentials, ExchangeId, FaultController, FaultRule };

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Seeds prices, liquidity, ids, keys and fault decisions. Default 1. */
  seed?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Enforce the documented rate limits (default true). */
  rateLimits?: boolean;
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

/**
 * Explicit engine calls, so tests drive the market instead of waiting for wall time or luck.
 * (issue-9 adds the deterministic market's own "move price" call; these are reconciled with it.)
 */
export interface SimulatorEngine {
  /**
   * Moves the mid of `symbol`'s asset (its spot pair and perpetual move together) to `price` on
   * every venue and holds it there: books re-cross, a trade prints, triggers watching the price fire.
   */
  movePrice(symbol: string, price: number | string): void;
  /** Lets the seeded price path run again for `symbol`'s asset. */
  releasePrice(symbol: string): void;
  /** Sets the rate the next funding settlement of a perpetual charges, on every venue that lists it. */
  setFundingRate(symbol: string, rate: number | string): void;
  /** Settles the current funding period now (one perpetual or all, every venue); the regular 8 h schedule goes on. */
  settleFunding(symbol?: string): SimulatedFundingSettlement[];
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
  readonly faults: FaultController;
  readonly clock: SimulatorClock;
  readonly engine: SimulatorEngine;
  stats(exchange: ExchangeId): SimulatorStats;
  orders(exchange: ExchangeId): SimulatedOrder[];
  close(): Promise<void>;
}

export const EXCHANGES: readonly ExchangeId[] = ['okx', 'weex', 'okex-v1'];
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
  const clock = new SimClock();
  const data = new MarketData(seed);
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

  const server = createSimServer({ frontEnds, faults, clock, stats });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    seed,
    credentials: credentials as unknown as SimulatorCredentials,
    readOnlyCredentials: readOnly as unknown as SimulatorCredentials,
    ipRestrictedCredentials: restricted as unknown as SimulatorCredentials,
    faults,
    clock: {
      now: () => clock.now(),
      setSkewMs: (ms: number) => clock.setSkewMs(ms),
      get skewMs() {
        return clock.skewMs;
      },
    },
    engine: {
      movePrice(symbol, price) {
        const market = marketArgument(symbol);
        const target = decimalArgument('price', price, false);
        const now = clock.now();
        data.holdPrice(market.asset, target, bucketOf(now));
        for (const venue of venues.values()) venue.reprice(now);
      },
      releasePrice(symbol) {
        const market = marketArgument(symbol);
        const now = clock.now();
        data.holdPrice(market.asset, undefined, bucketOf(now));
        for (const venue of venues.values()) venue.reprice(now);
      },
      setFundingRate(symbol, rate) {
        marketArgument(symbol);
        const value = decimalArgument('rate', rate, true);
        for (const funding of fundingByVenue.values()) if (funding.has(symbol)) funding.setRate(symbol, value);
      },
      settleFunding(symbol) {
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
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
