/**
 * The validation layer in front of every public method, end to end over a loopback venue: a bad
 * value is a typed error and nothing reaches the venue; an order field the adapter does not
 * implement is refused, never dropped; params cannot take over the adapter's own wire fields.
 */
import { type Exchange, isExchangeError, type Market, type OrderFeature, type OrderRequest, type PreparedOrder } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

type Call = (exchange: Exchange) => Promise<unknown> | unknown;

async function failure(call: () => Promise<unknown> | unknown): Promise<{ kind: string; message: string; orderState?: string }> {
  try {
    await call();
  } catch (error) {
    if (!isExchangeError(error)) throw error;
    return { kind: error.kind, message: error.message, orderState: error.orderState };
  }
  throw new Error('expected the call to fail');
}

const order = (fields: Record<string, unknown>): OrderRequest =>
  ({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50_000, ...fields }) as unknown as OrderRequest;

describe('argument validation before anything is sent', () => {
  let venue: FakeVenue;
  let exchange: TestExchange;

  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
    venue.route('POST /order', (request) => ({
      body: { code: '0', msg: '', data: [{ ordId: '1', clOrdId: 'x', sz: '0.01', echo: request.body }] },
    }));
    exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, clockSync: false });
    await exchange.loadMarkets();
  });

  afterEach(async () => {
    await exchange.close();
    await venue.close();
  });

  it.each<[string, Call, string]>([
    ['a symbol passed as an array', (e) => e.fetchTicker(['BTC/USDT'] as unknown as string), 'BadRequest'],
    ['a symbol passed as a number', (e) => e.fetchTicker(42 as unknown as string), 'BadRequest'],
    ['a prototype key as a symbol', (e) => e.fetchTicker('constructor'), 'InvalidSymbol'],
    ['__proto__ as a symbol', (e) => e.fetchTicker('__proto__'), 'InvalidSymbol'],
    ['toString to market()', (e) => e.market('toString'), 'InvalidSymbol'],
    ['a megabyte symbol', (e) => e.fetchTicker('B'.repeat(1 << 20)), 'InvalidSymbol'],
    [
      'a ccxt-style trailing params argument',
      (e) => (e.fetchTicker as (...a: unknown[]) => unknown)('BTC/USDT', { instId: 'x' }),
      'BadRequest',
    ],
    ['a string reload flag', (e) => e.loadMarkets('yes' as unknown as boolean), 'BadRequest'],
    ['an unknown balance type', (e) => e.fetchBalance({ type: 'futures' as 'swap' }), 'BadRequest'],
    ['an unknown balance field', (e) => e.fetchBalance({ account: 'main' } as never), 'BadRequest'],
    ['a precision amount of 1e-999999', (e) => e.amountToPrecision('BTC/USDT', '1e-999999'), 'BadRequest'],
    ['a precision price of Infinity', (e) => e.priceToPrecision('BTC/USDT', Number.POSITIVE_INFINITY), 'BadRequest'],
    ['a raw request without a leading slash', (e) => e.request({ method: 'GET', path: 'api/v5' }), 'BadRequest'],
    ['a raw request with a query in its path', (e) => e.request({ method: 'GET', path: '/ticker?instId=x' }), 'BadRequest'],
    ['a raw request method PATCH', (e) => e.request({ method: 'PATCH' as 'GET', path: '/ticker' }), 'BadRequest'],
    ['a raw request query holding an object', (e) => e.request({ method: 'GET', path: '/ticker', query: { a: {} } }), 'BadRequest'],
    ['a raw request body holding a bigint', (e) => e.request({ method: 'POST', path: '/order', body: { a: 1n } }), 'BadRequest'],
    ['a raw request with an unknown field', (e) => e.request({ method: 'GET', path: '/ticker', headers: {} } as never), 'BadRequest'],
  ])('refuses %s with a typed error and sends nothing', async (_case, call, kind) => {
    expect((await failure(() => call(exchange))).kind).toBe(kind);
    expect(venue.requests).toHaveLength(0);
  });

  it('answers NotSupported for a method the exchange lacks, whatever its arguments', async () => {
    expect((await failure(() => exchange.fetchTrades(42 as unknown as string))).kind).toBe('NotSupported');
    expect(venue.requests).toHaveLength(0);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'a trigger price (a stop order must not become a market order)',
      { type: 'market', triggerPrice: 49_000 },
      'NotSupported',
      /triggerPrice/,
    ],
    ['an attached stop-loss', { stopLoss: { triggerPrice: 45_000 } }, 'NotSupported', /stopLoss/],
    ['a take-profit price', { takeProfitPrice: 70_000 }, 'NotSupported', /takeProfitPrice/],
    ['an unknown field', { icebergQty: 1 }, 'BadRequest', /icebergQty/],
    ['postOnly, which is timeInForce PO here', { postOnly: true }, 'BadRequest', /timeInForce: 'PO'/],
    ['reduceOnly as the string true', { reduceOnly: 'true' }, 'BadRequest', /reduceOnly/],
    ['params overriding the client order id', { params: { clOrdId: 'mine' } }, 'BadRequest', /params\.clOrdId/],
    ['params overriding the size', { params: { sz: '50' } }, 'BadRequest', /params\.sz/],
    ['params as a string', { params: 'abc' }, 'BadRequest', /params/],
    ['params as an array', { params: ['a'] }, 'BadRequest', /params/],
    ['params holding NaN', { params: { tag: Number.NaN } }, 'BadRequest', /params\.tag/],
    ['an amount of 1e-999999', { amount: '1e-999999' }, 'BadRequest', /amount/],
    ['an amount of 1e99999999999', { amount: '1e99999999999' }, 'BadRequest', /amount/],
    ['a megabyte price', { price: `1${'0'.repeat(1 << 20)}` }, 'BadRequest', /price/],
    ['a clientOrderId that is a number', { clientOrderId: 12345 }, 'BadRequest', /clientOrderId/],
    ['a type in capitals', { type: 'LIMIT' }, 'BadRequest', /type/],
  ])('refuses an order with %s, saying nothing was placed', async (_case, fields, kind, names) => {
    const refused = await failure(() => exchange.createOrder(order(fields)));
    expect(refused.kind).toBe(kind);
    expect(refused.message).toMatch(names);
    expect(refused.orderState).toBe('not-placed');
    expect(venue.hits('POST /order')).toHaveLength(0);
  });

  it('refuses a positional ccxt-style createOrder call', async () => {
    const create = exchange.createOrder as unknown as (...args: unknown[]) => Promise<unknown>;
    const refused = await failure(() => create('BTC/USDT', 'limit', 'buy', 0.01, 50_000));
    expect(refused).toMatchObject({ kind: 'BadRequest', orderState: 'not-placed' });
    expect(venue.requests).toHaveLength(0);
  });

  it('checks every order of createOrders before sending any', async () => {
    const refused = await failure(() => exchange.createOrders([order({}), order({ stopLossPrice: 40_000 })]));
    expect(refused.kind).toBe('NotSupported');
    expect(venue.hits('POST /order')).toHaveLength(0);
  });

  it('sends params that are the caller’s own fields, next to the adapter’s', async () => {
    await exchange.createOrder(order({ params: { tag: 'desk-1' } }));
    const [sent] = venue.hits('POST /order');
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({ tag: 'desk-1', instId: 'BTC-USDT', sz: '0.01' });
  });

  it('masks a credential pasted into an argument in the error it causes', async () => {
    const refused = await failure(() => exchange.fetchTicker(CREDENTIALS.secret));
    expect(refused.kind).toBe('InvalidSymbol');
    expect(refused.message).not.toContain(CREDENTIALS.secret);
    expect(refused.message).toContain('[redacted]');
  });
});

describe('order features an adapter implements', () => {
  /**
   * An adapter-specific feature (here: sizing in quote currency) is switched on per market and its
   * value reaches submitOrder; trigger fields follow `has.orderFeatures` instead.
   */
  class TriggerExchange extends TestExchange {
    readonly seen: PreparedOrder[] = [];
    protected override supportsOrderFeature(feature: OrderFeature, market: Market): boolean {
      return feature === 'cost' && market.spot;
    }
    protected override async submitOrder(prepared: PreparedOrder) {
      this.seen.push(prepared);
      return super.submitOrder(prepared);
    }
  }

  it('reach the adapter in PreparedOrder.features once the adapter says it supports them', async () => {
    const venue = await new FakeVenue().start();
    installHappyRoutes(venue);
    venue.route('POST /order', () => ({ body: { code: '0', msg: '', data: [{ ordId: '7', clOrdId: 'x', sz: '0.01' }] } }));
    const exchange = new TriggerExchange({ ...CREDENTIALS, baseUrl: venue.url, clockSync: false });
    await exchange.createOrder(order({ cost: '490' }));
    expect(exchange.seen[0]?.features).toEqual({ cost: '490' });
    expect((await failure(() => exchange.createOrder(order({ stopLoss: { triggerPrice: 1 } })))).kind).toBe('NotSupported');
    await exchange.close();
    await venue.close();
  });
});
