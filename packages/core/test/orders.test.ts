import type { RequestEvent } from '../src/index.js';
import { isExchangeError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

describe('createOrder idempotency', () => {
  let venue: FakeVenue;
  let orders: Map<string, { ordId: string; clOrdId: string; sz: string }>;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    orders = installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  const place = (body: string) => {
    const { clOrdId, sz } = JSON.parse(body) as { clOrdId: string; sz: string };
    const order = { ordId: String(orders.size + 1), clOrdId, sz };
    orders.set(clOrdId, order);
    return order;
  };

  it('always sends a client order id, generated in the grammar when the caller gives none', async () => {
    venue.route('POST /order', (request) => ({ body: { code: '0', msg: '', data: [place(request.body)] } }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const order = await exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50_000 });
    const sent = JSON.parse(venue.hits('POST /order')[0]?.body ?? '{}') as { clOrdId: string };
    expect(sent.clOrdId).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(order.clientOrderId).toBe(sent.clOrdId);
    await exchange.close();
  });

  it.each([
    // executed, then the connection dies before the reply
    ['finds an order whose reply was lost by its client id and does not send it twice', 'lost1', { drop: true }],
    [
      'looks the order up when the reply to it cannot be read, instead of calling it not placed',
      'drift1',
      { body: { code: '0', msg: '', data: [{ orderId: 'renamed-field' }] } },
    ],
  ] as const)('%s', async (_behaviour, clientOrderId, reply) => {
    venue.route('POST /order', (request) => {
      place(request.body);
      return reply;
    });
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.01',
      price: '50000',
      clientOrderId,
    });
    expect(order).toMatchObject({ id: '1', clientOrderId });
    expect(venue.hits('POST /order')).toHaveLength(1);
    expect(venue.hits('GET /order')).toHaveLength(1);
    expect(orders.size).toBe(1);
    await exchange.close();
  });

  it('resends with the same client id when the lookup proves the order never arrived', async () => {
    let sends = 0;
    venue.route('POST /order', (request) =>
      ++sends === 1 ? { drop: true } : { body: { code: '0', msg: '', data: [place(request.body)] } },
    );
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'sell',
      amount: '0.01',
      price: '70000',
      clientOrderId: 'retry1',
    });
    const sent = venue.hits('POST /order').map((r) => (JSON.parse(r.body) as { clOrdId: string }).clOrdId);
    expect(sent).toEqual(['retry1', 'retry1']);
    expect(order.clientOrderId).toBe('retry1');
    expect(orders.size).toBe(1);
    await exchange.close();
  });

  it("says orderState 'unknown' with the client id when the lookup fails too", async () => {
    venue.route('POST /order', (request) => {
      place(request.body);
      return { drop: true };
    });
    venue.route('GET /order', () => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, retry: { baseDelayMs: 1, maxAttempts: 2 } });
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '50000', clientOrderId: 'limbo7' })
      .catch((e: unknown) => e);
    expect(isExchangeError(error, 'NetworkError')).toBe(true);
    expect(error).toMatchObject({ orderState: 'unknown', clientOrderId: 'limbo7' });
    expect((error as Error).message).toContain('limbo7');
    expect(venue.hits('POST /order')).toHaveLength(1);
    await exchange.close();
  });

  it('treats an exchange "outcome unknown" code like a lost reply', async () => {
    venue.route('POST /order', (request) => {
      place(request.body);
      return { status: 500, body: { code: 'BUSY', msg: 'Timeout, result unknown', data: [] } };
    });
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.02',
      price: '50000',
      clientOrderId: 'busy1',
    });
    expect(order.id).toBe('1');
    expect(venue.hits('POST /order')).toHaveLength(1);
    await exchange.close();
  });
});

describe('local order checks', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
    venue.route('POST /order', (request) => ({ body: { code: '0', msg: '', data: [{ ordId: '9', ...JSON.parse(request.body) }] } }));
  });
  afterEach(() => venue.close());

  it('formats float inputs exactly: 0.1 + 0.2 reaches the wire as 0.3', async () => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    await exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.1 + 0.2, price: 60_000.1 + 0.2 });
    const sent = JSON.parse(venue.hits('POST /order')[0]?.body ?? '{}') as { sz: string; px: string };
    expect(sent.sz).toBe('0.3');
    expect(sent.px).toBe('60000.3');
    await exchange.close();
  });

  it.each([
    ['below the minimum', '0.0005', /below the BTC\/USDT minimum of 0.001/],
    ['off the step', '0.01234', /not a multiple of the BTC\/USDT step 0.0001.*Use 0.0123 or 0.0124 BTC/],
    ['above the maximum', '150', /above the BTC\/USDT maximum of 100/],
    ['negative', '-1', /amount must be positive/],
  ])('refuses an amount %s with InvalidOrder and sends nothing', async (_label, amount, message) => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount, price: '50000' })
      .catch((e: unknown) => e);
    expect(isExchangeError(error, 'InvalidOrder')).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as { orderState?: string }).orderState).toBe('not-placed');
    expect(venue.requests).toHaveLength(0);
    await exchange.close();
  });

  it('refuses a price off the tick, a client id outside the grammar and an unknown symbol before sending', async () => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const requests: RequestEvent[] = [];
    exchange.on('request', (event) => requests.push(event));
    const offTick = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '50000.05' })
      .catch((e: unknown) => e);
    expect(isExchangeError(offTick, 'InvalidOrder')).toBe(true);
    expect((offTick as { hint: string }).hint).toMatch(/50000 or 50000\.1/);
    const badId = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '50000', clientOrderId: 'has-hyphen' })
      .catch((e: unknown) => e);
    expect(isExchangeError(badId, 'InvalidOrder')).toBe(true);
    const unknown = await exchange
      .createOrder({ symbol: 'BTC/EUR', type: 'limit', side: 'buy', amount: '0.01', price: '50000' })
      .catch((e: unknown) => e);
    expect(isExchangeError(unknown, 'InvalidSymbol')).toBe(true);
    expect((unknown as { hint: string }).hint).toContain('BTC/USDT');
    // A type error too; checked at run time for JavaScript callers.
    // @ts-expect-error a limit order needs a price
    const noPrice = await exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01' }).catch((e: unknown) => e);
    expect(isExchangeError(noPrice, 'BadRequest')).toBe(true);
    expect(requests).toHaveLength(0);
    expect(venue.requests).toHaveLength(0);
    await exchange.close();
  });
});
