/**
 * A minimal adapter built on BaseExchange the way real adapters are: an endpoint table, an HMAC
 * signer, an error classifier and zod schemas. It lets the core pipeline be tested end to end
 * against FakeVenue without depending on any real adapter package.
 */
import { createHmac } from 'node:crypto';
import * as z from 'zod/v4/mini';
import {
  type AdapterSpec,
  acceptedOrder,
  BaseExchange,
  type CancelItem,
  type ClientOrderIdGrammar,
  type EndpointDef,
  type ErrorSpec,
  NO_CAPABILITIES,
  type ParamsRules,
  type PreparedOrder,
  type RateCost,
  type WriteTrace,
} from '../../src/adapter.js';
import type { ExchangeCapabilities, ExchangeOptions, Market, Order, Ticker } from '../../src/index.js';

export const ENDPOINTS = {
  time: { method: 'GET', path: '/time', auth: 'public', rateLimits: [{ bucket: 'public' }], intent: 'read' },
  ticker: { method: 'GET', path: '/ticker', auth: 'public', rateLimits: [{ bucket: 'public' }], intent: 'read' },
  balance: { method: 'GET', path: '/balance', auth: 'private', rateLimits: [{ bucket: 'private' }], intent: 'read' },
  placeOrder: { method: 'POST', path: '/order', auth: 'private', rateLimits: [{ bucket: 'trade' }], intent: 'create' },
  getOrder: { method: 'GET', path: '/order', auth: 'private', rateLimits: [{ bucket: 'private' }], intent: 'read' },
  cancel: { method: 'POST', path: '/cancel', auth: 'private', rateLimits: [{ bucket: 'trade' }], intent: 'cancel' },
} as const satisfies Record<string, EndpointDef>;

const envelope = z.object({ code: z.string(), data: z.array(z.record(z.string(), z.unknown())) });
const tickerSchema = z.object({
  code: z.literal('0'),
  data: z.array(z.object({ last: z.string(), ts: z.string() })).check(z.minLength(1)),
});
const orderSchema = z.object({ code: z.literal('0'), data: z.array(z.object({ ordId: z.string(), clOrdId: z.string(), sz: z.string() })) });
const orderStateSchema = z.object({
  code: z.literal('0'),
  data: z.array(z.object({ ordId: z.string(), side: z.enum(['buy', 'sell']), sz: z.string(), fillSz: z.string(), state: z.string() })),
});
/** Per-id items, as batch cancels answer (`sCode` "0" = accepted). */
const cancelSchema = z.object({ code: z.string(), data: z.array(z.object({ ordId: z.string(), sCode: z.string() })) });

/** Codes this venue speaks, in the shape real adapters use. */
const ERROR_TABLE: Record<string, Omit<ErrorSpec, 'exchangeCode'>> = {
  TS: { kind: 'TimestampExpired', hint: 'request timestamp outside the window' },
  SIGN: { kind: 'AuthInvalid', hint: 'check secret' },
  BUSY: { kind: 'ExchangeUnavailable', outcomeUnknown: true },
  NOORDER: { kind: 'OrderNotFound' },
  FUNDS: { kind: 'InsufficientFunds' },
};

export function testSpec(): AdapterSpec {
  return {
    id: 'testex',
    name: 'TestEx',
    hosts: { default: 'http://127.0.0.1:9' },
    buckets: {
      public: { limit: 50, windowMs: 1000, scope: 'ip' },
      private: { limit: 50, windowMs: 1000, scope: 'account' },
      trade: { limit: 50, windowMs: 1000, scope: 'account+symbol' },
    },
    credentials: ['apiKey', 'secret', 'passphrase'],
    sign: ({ method, path, queryString, bodyText, timestampMs, credentials }) => {
      const prehash = `${timestampMs}${method}${path}${queryString ? `?${queryString}` : ''}${bodyText}`;
      return {
        headers: {
          'X-KEY': credentials.apiKey ?? '',
          'X-TS': String(timestampMs),
          'X-PASSPHRASE': credentials.passphrase ?? '',
          'X-SIGN': createHmac('sha256', credentials.secret ?? '')
            .update(prehash)
            .digest('base64'),
        },
      };
    },
    classify: (wire) => {
      const parsed = envelope.safeParse(wire.body);
      if (!parsed.success) return undefined;
      const { code } = parsed.data;
      if (code === '0') return undefined;
      const message = (wire.body as { msg?: string }).msg;
      return { exchangeCode: code, exchangeMessage: message, ...(ERROR_TABLE[code] ?? { kind: 'ExchangeError' }) };
    },
    serverTime: { endpoint: ENDPOINTS.time, parse: (body) => Number((body as { data: [{ ts: string }] }).data[0].ts) },
  };
}

export const TEST_MARKET: Market = {
  id: 'BTC-USDT',
  symbol: 'BTC/USDT',
  base: 'BTC',
  quote: 'USDT',
  type: 'spot',
  spot: true,
  contract: false,
  amountUnit: 'base',
  active: true,
  precision: { price: 0.1, amount: 0.0001 },
  limits: { amount: { min: 0.001, max: 100 }, price: {}, cost: {} },
  info: {},
};

export class TestExchange extends BaseExchange {
  readonly id = 'testex';
  readonly has: ExchangeCapabilities = {
    ...NO_CAPABILITIES,
    fetchMarkets: true,
    fetchTicker: true,
    fetchBalance: true,
    createOrder: true,
    createOrders: true,
    cancelOrder: true,
    cancelOrders: true,
    fetchOrder: true,
    spot: true,
    orderFeatures: {
      ...NO_CAPABILITIES.orderFeatures,
      spot: {
        ...NO_CAPABILITIES.orderFeatures.spot,
        timeInForce: ['GTC', 'IOC', 'FOK', 'PO'],
        postOnly: true,
        maxCreateBatch: 1,
        maxCancelBatch: 2,
      },
    },
  };
  protected readonly clientOrderIdGrammar: ClientOrderIdGrammar = {
    maxLength: 32,
    pattern: /^[A-Za-z0-9]{1,32}$/,
    description: '1–32 letters and digits',
  };
  protected readonly endpoints = ENDPOINTS;

  constructor(options: ExchangeOptions = {}) {
    super(options, testSpec());
  }

  async fetchMarkets(): Promise<Market[]> {
    return [TEST_MARKET];
  }

  protected override orderParamsRules(): Omit<ParamsRules, 'orderState'> {
    return { owned: ['instId', 'side', 'px', 'sz', 'clOrdId'], encoding: 'json' };
  }

  override async fetchTicker(symbol: string): Promise<Ticker> {
    const body = await this.call('ticker', { query: { instId: (await this.loadMarket(symbol)).id }, schema: tickerSchema });
    const [item] = body.data;
    return { symbol, timestamp: Number(item?.ts), last: Number(item?.last), info: item };
  }

  async fetchPrivateBalance(): Promise<unknown> {
    return this.call('balance');
  }

  protected override async submitOrder(order: PreparedOrder): Promise<Order> {
    const body = await this.call('placeOrder', {
      body: { instId: order.market.id, side: order.side, px: order.price, sz: order.amount, clOrdId: order.clientOrderId, ...order.params },
      schema: orderSchema,
      symbol: order.market.id,
    });
    return acceptedOrder(order, body.data[0]?.ordId ?? '', Date.now(), {});
  }

  protected override async findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined> {
    try {
      const body = await this.call('getOrder', { query: { clOrdId: order.clientOrderId }, schema: orderSchema });
      const found = body.data[0];
      return found ? acceptedOrder(order, found.ordId, Date.now(), {}) : undefined;
    } catch (error) {
      if ((error as { kind?: string }).kind === 'OrderNotFound') return undefined;
      throw error;
    }
  }

  protected rawRateLimits(auth: 'public' | 'private'): RateCost[] {
    return [{ bucket: auth }];
  }

  protected override async sendCancel(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    const body = await this.call('cancel', { body: { instId: market.id, ordIds: ids }, schema: cancelSchema, trace });
    return ids.map((id) => {
      const item = body.data.find((entry) => entry.ordId === id);
      if (item?.sCode === '0') return { id, info: item };
      return {
        id,
        error: this.error('OrderNotFound', { message: `order ${id} cannot be cancelled`, exchangeCode: item?.sCode }),
        info: item,
      };
    });
  }

  override async fetchOrder(id: string, symbol: string): Promise<Order> {
    const market = await this.loadMarket(symbol);
    const body = await this.call('getOrder', { query: { ordId: id }, schema: orderStateSchema });
    const raw = body.data[0];
    if (!raw) throw this.error('OrderNotFound', { message: `no order ${id}` });
    const amount = Number(raw.sz);
    const filled = Number(raw.fillSz);
    const status = raw.state === 'canceled' ? 'canceled' : raw.state === 'filled' ? 'closed' : 'open';
    return {
      id: raw.ordId,
      clientOrderId: '',
      symbol: market.symbol,
      type: 'limit',
      side: raw.side,
      status,
      amount,
      filled,
      remaining: amount - filled,
      timestamp: 0,
      info: raw,
    };
  }
}

export const CREDENTIALS = { apiKey: 'key-7f3a9c2e1b', secret: 'SECRET-d41d8cd98f00b204', passphrase: 'Pass-Phrase-42' };

/** Routes of a well-behaved venue: time, ticker, balance and an order book keyed by clOrdId. */
export function installHappyRoutes(venue: import('./fake-venue.js').FakeVenue, serverNow: () => number = Date.now) {
  const orders = new Map<string, { ordId: string; clOrdId: string; sz: string }>();
  venue
    .route('GET /time', () => ({ body: { code: '0', msg: '', data: [{ ts: String(serverNow()) }] } }))
    .route('GET /ticker', () => ({ body: { code: '0', msg: '', data: [{ last: '60000.1', ts: String(serverNow()) }] } }))
    .route('GET /balance', (request) => {
      const skew = Number(request.headers['x-ts']) - serverNow();
      if (Math.abs(skew) > 30_000) return { status: 401, body: { code: 'TS', msg: 'Timestamp request expired', data: [] } };
      return { body: { code: '0', msg: '', data: [{ ccy: 'USDT', availBal: '100' }] } };
    })
    .route('GET /order', (request) => {
      const found = orders.get(request.query.get('clOrdId') ?? '');
      return found ? { body: { code: '0', msg: '', data: [found] } } : { body: { code: 'NOORDER', msg: 'Order does not exist', data: [] } };
    });
  return orders;
}
