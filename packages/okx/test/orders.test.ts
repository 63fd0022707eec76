import type { OrderRequest } from '@exchange-adapters/core';
import nock from 'nock';
import { BASE_URL, capture, fixture, mockAccountConfig, mockInstruments, newExchange, ok, recordRequests, useNock } from './helpers.js';

useNock();

const ack = (clOrdId: string, ordId = '900', sCode = '0', sMsg = '', subCode?: string) => ({
  ordId: sCode === '0' ? ordId : '',
  clOrdId,
  tag: '',
  ts: '1758827099512',
  sCode,
  sMsg,
  ...(subCode ? { subCode } : {}),
});
const bodyOf = (request: { body: string } | undefined) => JSON.parse(request?.body ?? 'null');

async function readyExchange(options: Parameters<typeof newExchange>[0] = {}) {
  mockInstruments();
  const exchange = newExchange(options);
  await exchange.loadMarkets();
  return exchange;
}

describe('createOrder: base units on the wire', () => {
  it('sends a linear order of 0.05 BTC as 5 contracts of 0.01 BTC (recorded ack)', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const captured = capture(nock(BASE_URL).post('/api/v5/trade/order').reply(200, fixture('place-order-attached-sl').response));
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.05,
      price: '50000.5',
      clientOrderId: 'abc123',
    });
    expect(bodyOf(captured[0])).toEqual({
      instId: 'BTC-USDT-SWAP',
      tdMode: 'cross',
      clOrdId: 'abc123',
      side: 'buy',
      ordType: 'limit',
      px: '50000.5',
      sz: '5',
    });
    expect(order).toMatchObject({
      id: '2896576259728695296',
      symbol: 'BTC/USDT:USDT',
      status: 'open',
      amount: 0.05,
      remaining: 0.05,
      filled: 0,
      price: 50000.5,
      timestamp: 1758827099512,
      timeInForce: 'GTC',
    });
    await exchange.close();
  });

  it('reads the account config once and never lets float noise reach the wire', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .times(2)
        .reply(200, ok([ack('x1')])),
    );
    await exchange.createOrder({ symbol: 'BTC/USDT:USDT', type: 'market', side: 'sell', amount: 0.1 + 0.2, clientOrderId: 'x1' });
    await exchange.createOrder({ symbol: 'ETH/USDT:USDT', type: 'market', side: 'buy', amount: '0.123' });
    expect(bodyOf(captured[0])).toMatchObject({ sz: '30', ordType: 'market' });
    expect(bodyOf(captured[0]).px).toBeUndefined();
    expect(bodyOf(captured[1])).toMatchObject({ instId: 'ETH-USDT-SWAP', sz: '1.23' });
    expect(bodyOf(captured[1]).clOrdId).toMatch(/^[A-Za-z0-9]{1,32}$/);
    await exchange.close();
  });

  it('refuses an amount that is not a whole number of lots, naming the nearest valid amounts, without a request', async () => {
    const exchange = await readyExchange();
    const sent = recordRequests(exchange);
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT:USDT', type: 'limit', side: 'buy', amount: 0.00015, price: 50000 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect((error as Error).message).toContain('0.0001 or 0.0002');
    await expect(exchange.createOrder({ symbol: 'ETH/USDT:USDT', type: 'market', side: 'buy', amount: 0.0015 })).rejects.toThrow(
      /0\.001 or 0\.002/,
    );
    await expect(
      exchange.createOrder({ symbol: 'BTC/USD', type: 'limit', side: 'buy', amount: 0.000001, price: 50000 }),
    ).rejects.toMatchObject({ kind: 'InvalidOrder' });
    await expect(
      exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 1, price: 50000, clientOrderId: 'has-dash' }),
    ).rejects.toMatchObject({ kind: 'InvalidOrder' });
    expect(sent).toEqual([]);
    await exchange.close();
  });

  it('keeps inverse amounts in contracts', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([ack('inv1')])),
    );
    await exchange.createOrder({ symbol: 'BTC/USD:BTC', type: 'market', side: 'sell', amount: 3, clientOrderId: 'inv1' });
    expect(bodyOf(captured[0])).toMatchObject({ instId: 'BTC-USD-SWAP', tdMode: 'cross', sz: '3', ordType: 'market' });
    await exchange.close();
  });

  it('sizes a spot market buy in base currency with tdMode cash, without reading the account config', async () => {
    const exchange = await readyExchange();
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([ack('s1')])),
    );
    await exchange.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: '0.001', clientOrderId: 's1' });
    expect(bodyOf(captured[0])).toEqual({
      instId: 'BTC-USDT',
      tdMode: 'cash',
      clOrdId: 's1',
      side: 'buy',
      ordType: 'market',
      sz: '0.001',
      tgtCcy: 'base_ccy',
    });
    await exchange.close();
  });

  it.each([
    ['PO', 'post_only'],
    ['IOC', 'ioc'],
    ['FOK', 'fok'],
    ['GTC', 'limit'],
  ] as const)('sends time in force %s as ordType %s', async (timeInForce, ordType) => {
    const exchange = await readyExchange();
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([ack('t1')])),
    );
    await exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'sell',
      amount: 1,
      price: 60000,
      timeInForce,
      clientOrderId: 't1',
    });
    expect(bodyOf(captured[0]).ordType).toBe(ordType);
    await exchange.close();
  });

  it('sends posSide instead of reduceOnly in long/short mode', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('long_short_mode');
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .times(4)
        .reply(200, ok([ack('h1')])),
    );
    const order = (side: 'buy' | 'sell', reduceOnly: boolean): OrderRequest => ({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side,
      amount: 0.01,
      price: 50000,
      reduceOnly,
    });
    await exchange.createOrder(order('buy', false));
    await exchange.createOrder(order('sell', false));
    await exchange.createOrder(order('sell', true));
    await exchange.createOrder(order('buy', true));
    expect(captured.map((request) => [bodyOf(request).posSide, bodyOf(request).reduceOnly])).toEqual([
      ['long', undefined],
      ['short', undefined],
      ['long', undefined],
      ['short', undefined],
    ]);
    await exchange.close();
  });

  it('sends reduceOnly in net mode, and takes the margin mode and extra fields from params', async () => {
    const exchange = await readyExchange({ marginMode: 'isolated' });
    mockAccountConfig('net_mode');
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .times(2)
        .reply(200, ok([ack('n1')])),
    );
    await exchange.createOrder({ symbol: 'BTC/USDT:USDT', type: 'limit', side: 'sell', amount: 0.01, price: 50000, reduceOnly: true });
    await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'sell',
      amount: 0.01,
      price: 50000,
      params: { marginMode: 'cross', stpMode: 'cancel_both' },
    });
    expect(bodyOf(captured[0])).toMatchObject({ tdMode: 'isolated', reduceOnly: true });
    expect(bodyOf(captured[0]).posSide).toBeUndefined();
    expect(bodyOf(captured[1])).toMatchObject({ tdMode: 'cross', stpMode: 'cancel_both' });
    expect(bodyOf(captured[1]).marginMode).toBeUndefined();
    await exchange.close();
  });

  it('maps a rejected order (code 1, sCode 51008, subCode 1001) to InsufficientMargin, not placed', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    nock(BASE_URL)
      .post('/api/v5/trade/order')
      .reply(200, {
        code: '1',
        msg: 'All operations failed',
        data: [ack('m1', '', '51008', 'Order failed. Insufficient USDT margin in account', '1001')],
      });
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT:USDT', type: 'limit', side: 'buy', amount: 1, price: 50000, clientOrderId: 'm1' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'InsufficientMargin', exchangeCode: '51008', orderState: 'not-placed', clientOrderId: 'm1' });
    await exchange.close();
  });

  it('looks the order up by clOrdId after 50004 instead of resending (recorded order)', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const posts = capture(
      nock(BASE_URL).post('/api/v5/trade/order').reply(400, { code: '50004', msg: 'Endpoint request timeout', data: [] }),
    );
    const lookup = nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', clOrdId: 'lost1' })
      .reply(200, fixture('orders-pending-swap').response);
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.001,
      price: 103500,
      clientOrderId: 'lost1',
    });
    expect(lookup.isDone()).toBe(true);
    expect(posts).toHaveLength(1);
    expect(order).toMatchObject({ id: '1234567890123456789', status: 'open', amount: 0.001 });
    await exchange.close();
  });

  it('resends with the same clOrdId when the order is not found after 51149 (51603 on look-up)', async () => {
    const exchange = await readyExchange({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    mockAccountConfig('net_mode');
    const posts = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(500, { code: '51149', msg: 'Order timed out', data: [] })
        .post('/api/v5/trade/order')
        .reply(200, ok([ack('again1', '777')])),
    );
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', clOrdId: 'again1' })
      .reply(200, { code: '51603', msg: 'Order does not exist', data: [] });
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.01,
      price: 50000,
      clientOrderId: 'again1',
    });
    expect(order.id).toBe('777');
    expect(posts.map((request) => bodyOf(request).clOrdId)).toEqual(['again1', 'again1']);
    await exchange.close();
  });
});

describe('createOrders', () => {
  it('chunks 45 orders into batches of 20, 20 and 5 and keeps per-item errors', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const requests: OrderRequest[] = Array.from({ length: 45 }, (_, i) => ({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.01,
      price: 50000 + i,
      clientOrderId: `o${i}`,
    }));
    const reply = (from: number, to: number) => {
      const items = requests.slice(from, to).map((request, i) => ack(String(request.clientOrderId), String(1000 + from + i)));
      if (from === 0) items[3] = ack('o3', '', '51121', 'Order quantity must be a multiple of the lot size');
      return { code: from === 0 ? '2' : '0', msg: '', data: items };
    };
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/batch-orders')
        .reply(200, reply(0, 20))
        .post('/api/v5/trade/batch-orders')
        .reply(200, reply(20, 40))
        .post('/api/v5/trade/batch-orders')
        .reply(200, reply(40, 45)),
    );
    const orders = await exchange.createOrders(requests);
    expect(captured.map((request) => bodyOf(request).length)).toEqual([20, 20, 5]);
    expect(bodyOf(captured[2])[4]).toMatchObject({ instId: 'BTC-USDT-SWAP', sz: '1', px: '50044', clOrdId: 'o44' });
    expect(orders).toHaveLength(45);
    expect(orders[3]?.error).toMatchObject({ kind: 'InvalidOrder', exchangeCode: '51121', orderState: 'not-placed', clientOrderId: 'o3' });
    expect(orders[3]?.status).toBe('rejected');
    expect(orders.filter((order) => order.error)).toHaveLength(1);
    expect(orders[44]).toMatchObject({ id: '1044', clientOrderId: 'o44', amount: 0.01, status: 'open' });
    await exchange.close();
  });

  it('groups a chunk by instrument, sending a lone order through the single endpoint, results in request order', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const batch = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/batch-orders')
        .reply(200, { code: '2', msg: '', data: [ack('a1', '11'), ack('a3', '', '51008', 'Insufficient margin', '1003')] }),
    );
    const single = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([ack('a2', '12')])),
    );
    const orders = await exchange.createOrders([
      { symbol: 'BTC/USDT:USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50000, clientOrderId: 'a1' },
      { symbol: 'ETH/USDT:USDT', type: 'limit', side: 'buy', amount: 0.1, price: 3000, clientOrderId: 'a2' },
      { symbol: 'BTC/USDT:USDT', type: 'limit', side: 'sell', amount: 0.02, price: 60000, clientOrderId: 'a3' },
    ]);
    expect(bodyOf(batch[0]).map((item: { clOrdId: string; sz: string }) => [item.clOrdId, item.sz])).toEqual([
      ['a1', '1'],
      ['a3', '2'],
    ]);
    expect(bodyOf(single[0])).toMatchObject({ clOrdId: 'a2', instId: 'ETH-USDT-SWAP', sz: '1' });
    expect(orders.map((order) => [order.clientOrderId, order.id, order.error?.kind])).toEqual([
      ['a1', '11', undefined],
      ['a2', '12', undefined],
      ['a3', '', 'InsufficientMargin'],
    ]);
    await exchange.close();
  });
});

describe('cancelling', () => {
  const pending = () => fixture('orders-pending-swap').response;
  const canceledOrder = () => {
    const reply = pending();
    reply.data[0].state = 'canceled';
    return reply;
  };
  const cancelAck = ok([{ ordId: '1234567890123456789', clOrdId: 'client-order-1', ts: '1758827100000', sCode: '0', sMsg: '' }]);

  it('cancelOrder sends one request and returns the order as the ack describes it, nothing guessed', async () => {
    const exchange = await readyExchange();
    const sent = recordRequests(exchange);
    const captured = capture(nock(BASE_URL).post('/api/v5/trade/cancel-order').reply(200, cancelAck));
    const order = await exchange.cancelOrder('1234567890123456789', 'BTC/USDT:USDT');
    expect(bodyOf(captured[0])).toEqual({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' });
    expect(sent.map((request) => request.path)).toEqual(['/api/v5/trade/cancel-order']);
    expect(order).toEqual({
      id: '1234567890123456789',
      clientOrderId: 'client-order-1',
      symbol: 'BTC/USDT:USDT',
      status: 'canceled',
      lastUpdateTimestamp: 1758827100000,
      info: expect.objectContaining({ sCode: '0' }),
    });
    // The ack does not say the side, the size or what filled before the cancel: those stay absent.
    for (const field of ['side', 'type', 'amount', 'filled', 'remaining', 'average', 'price'] as const)
      expect(order[field]).toBeUndefined();
    await exchange.close();
  });

  it('cancelOrder with fetchFinalState reads the order back for its fill state', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL).post('/api/v5/trade/cancel-order').reply(200, cancelAck);
    nock(BASE_URL).get('/api/v5/trade/order').query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' }).reply(200, canceledOrder());
    const order = await exchange.cancelOrder('1234567890123456789', 'BTC/USDT:USDT', { fetchFinalState: true });
    expect(order).toMatchObject({ id: '1234567890123456789', status: 'canceled', side: 'buy', amount: 0.001, filled: 0, remaining: 0.001 });
    await exchange.close();
  });

  it('a failing read after an accepted cancel leaves the ack and a warning, never an error', async () => {
    const exchange = await readyExchange();
    const warnings: string[] = [];
    exchange.on('warning', (event) => warnings.push(event.code));
    nock(BASE_URL).post('/api/v5/trade/cancel-order').reply(200, cancelAck);
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' })
      .reply(500, fixture('error-http-500').response);
    const order = await exchange.cancelOrder('1234567890123456789', 'BTC/USDT:USDT', { fetchFinalState: true });
    expect(order).toMatchObject({ id: '1234567890123456789', status: 'canceled', clientOrderId: 'client-order-1' });
    expect(order.filled).toBeUndefined();
    expect(warnings).toEqual(['follow-up-read-failed']);
    await exchange.close();
  });

  it('cancelOrder of a finished order is OrderNotFound (51400), with no read after it', async () => {
    const exchange = await readyExchange();
    const sent = recordRequests(exchange);
    nock(BASE_URL)
      .post('/api/v5/trade/cancel-order')
      .reply(200, {
        code: '1',
        msg: 'Operation failed.',
        data: [
          {
            ordId: '5',
            clOrdId: '',
            sCode: '51400',
            sMsg: 'Cancellation failed as the order has been filled, canceled or does not exist.',
          },
        ],
      });
    await expect(exchange.cancelOrder('5', 'BTC/USDT:USDT')).rejects.toMatchObject({ kind: 'OrderNotFound', exchangeCode: '51400' });
    expect(sent).toHaveLength(1);
    await exchange.close();
  });

  it('a cancel whose reply was lost and whose retry meets "already canceled" (51401) reads the order and resolves', async () => {
    const exchange = await readyExchange({ retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    nock(BASE_URL).post('/api/v5/trade/cancel-order').replyWithError('socket hang up');
    nock(BASE_URL)
      .post('/api/v5/trade/cancel-order')
      .reply(200, {
        code: '1',
        msg: '',
        data: [{ ordId: '1234567890123456789', clOrdId: '', sCode: '51401', sMsg: 'Order has been canceled.' }],
      });
    nock(BASE_URL).get('/api/v5/trade/order').query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' }).reply(200, canceledOrder());
    const order = await exchange.cancelOrder('1234567890123456789', 'BTC/USDT:USDT');
    expect(order).toMatchObject({ id: '1234567890123456789', status: 'canceled', side: 'buy' });
    expect(order.error).toBeUndefined();
    await exchange.close();
  });

  it('cancelOrders sends one batch for the ids and attaches per-item errors without reading anything', async () => {
    const exchange = await readyExchange();
    const sent = recordRequests(exchange);
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/cancel-batch-orders')
        .reply(200, {
          code: '2',
          msg: '',
          data: [
            { ordId: '1234567890123456789', clOrdId: '', sCode: '0', sMsg: '' },
            { ordId: '42', clOrdId: '', sCode: '51400', sMsg: 'does not exist' },
          ],
        }),
    );
    const [first, second] = await exchange.cancelOrders(['1234567890123456789', '42'], 'BTC/USDT:USDT');
    expect(bodyOf(captured[0])).toEqual([
      { instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' },
      { instId: 'BTC-USDT-SWAP', ordId: '42' },
    ]);
    expect(sent).toHaveLength(1);
    expect(first).toMatchObject({ id: '1234567890123456789', status: 'canceled' });
    expect(first?.error).toBeUndefined();
    expect(second).toMatchObject({ id: '42', symbol: 'BTC/USDT:USDT', error: { kind: 'OrderNotFound', exchangeCode: '51400' } });
    expect(second?.status).toBeUndefined();
    await exchange.close();
  });

  it('cancelAllOrders reads the open orders once and keeps what a cancel cannot change (recorded pending orders)', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL)
      .get('/api/v5/trade/orders-pending')
      .query({ instType: 'SWAP', instId: 'BTC-USDT-SWAP', limit: '100' })
      .reply(200, pending());
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/cancel-order')
        .reply(200, ok([{ ordId: '1234567890123456789', clOrdId: 'client-order-1', sCode: '0', sMsg: '' }])),
    );
    const orders = await exchange.cancelAllOrders('BTC/USDT:USDT');
    expect(bodyOf(captured[0])).toEqual({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      id: '1234567890123456789',
      clientOrderId: 'client-order-1',
      status: 'canceled',
      side: 'buy',
      amount: 0.001,
    });
    // How much filled before the cancel landed is not something the earlier list can tell.
    expect(orders[0]?.filled).toBeUndefined();
    await exchange.close();
  });
});

describe('order queries', () => {
  it('fetchOrder normalizes the recorded order: contracts → base, strings → numbers', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' })
      .reply(200, fixture('orders-pending-swap').response);
    const order = await exchange.fetchOrder('1234567890123456789', 'BTC/USDT:USDT');
    expect(order).toEqual({
      id: '1234567890123456789',
      clientOrderId: 'client-order-1',
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      status: 'open',
      price: 103500,
      average: undefined,
      amount: 0.001,
      filled: 0,
      remaining: 0.001,
      cost: 0,
      timestamp: 1746947317000,
      lastUpdateTimestamp: 1746947317000,
      timeInForce: 'GTC',
      reduceOnly: false,
      fee: { currency: 'USDT', cost: 0, rate: undefined },
      info: fixture('orders-pending-swap').response.data[0],
    });
    await exchange.close();
  });

  it('fetchOpenOrders follows the ordId cursor across pages', async () => {
    const exchange = await readyExchange();
    const row = fixture('orders-pending-swap').response.data[0];
    const page = Array.from({ length: 100 }, (_, i) => ({ ...row, ordId: String(5000 - i), cTime: String(1746947317000 - i) }));
    nock(BASE_URL).get('/api/v5/trade/orders-pending').query({ limit: '100' }).reply(200, ok(page));
    nock(BASE_URL)
      .get('/api/v5/trade/orders-pending')
      .query({ limit: '100', after: '4901' })
      .reply(
        200,
        ok([
          {
            ...row,
            ordId: '4900',
            cTime: '1746947000000',
            instId: 'BTC-USD-241227',
            instType: 'FUTURES',
            sz: '3',
            accFillSz: '1',
            avgPx: '60000',
          },
        ]),
      );
    const orders = await exchange.fetchOpenOrders();
    expect(orders).toHaveLength(101);
    expect(orders[0]).toMatchObject({
      id: '4900',
      symbol: 'BTC/USD:BTC-241227',
      amount: 3,
      filled: 1,
      remaining: 2,
      average: 60000,
      cost: 100,
    });
    expect(orders[100]?.id).toBe('5000');
    await exchange.close();
  });

  it('fetchClosedOrders reads the recorded swap history: market buy of 1 LTC, fee positive when paid', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL)
      .get('/api/v5/trade/orders-history')
      .query({ instType: 'SWAP', instId: 'LTC-USDT-SWAP', limit: '1' })
      .reply(200, fixture('orders-history-swap').response);
    const [order] = await exchange.fetchClosedOrders('LTC/USDT:USDT', undefined, 1);
    expect(order).toMatchObject({
      id: '672515387010932736',
      clientOrderId: 'e847386590ce4dBC2f7dbb9924c2b77c',
      symbol: 'LTC/USDT:USDT',
      type: 'market',
      side: 'buy',
      status: 'closed',
      amount: 1,
      filled: 1,
      remaining: 0,
      average: 68.24,
      cost: 68.24,
      timestamp: 1706612162995,
      lastUpdateTimestamp: 1706612162996,
      reduceOnly: false,
      fee: { currency: 'USDT', cost: 0.00003412 },
    });
    expect(order?.price).toBeUndefined();
    await exchange.close();
  });

  it('fetchClosedOrders reads the 3-month archive for an older since', async () => {
    const now = Date.UTC(2024, 1, 20);
    const exchange = await readyExchange({ now: () => now });
    const since = now - 30 * 86_400_000;
    nock(BASE_URL)
      .get('/api/v5/trade/orders-history-archive')
      .query({ instType: 'SWAP', instId: 'LTC-USDT-SWAP', begin: String(since), limit: '100' })
      .reply(200, fixture('orders-history-swap').response);
    const orders = await exchange.fetchClosedOrders('LTC/USDT:USDT', since);
    expect(orders.map((order) => order.id)).toEqual(['672515387010932736']);
    await exchange.close();
  });

  it('fetchMyTrades normalizes fills: base units, maker/taker, fee paid as a positive cost', async () => {
    const exchange = await readyExchange();
    const fill = (overrides: Record<string, string>) => ({
      instType: 'SWAP',
      instId: 'BTC-USDT-SWAP',
      tradeId: '100',
      ordId: '672515387010932736',
      clOrdId: 'c1',
      billId: '9001',
      tag: '',
      fillPx: '50000',
      fillSz: '2',
      side: 'buy',
      posSide: 'net',
      execType: 'M',
      fee: '-0.005',
      feeCcy: 'USDT',
      feeRate: '-0.0002',
      fillTime: '1706612162995',
      ts: '1706612162999',
      ...overrides,
    });
    nock(BASE_URL)
      .get('/api/v5/trade/fills')
      .query({ limit: '100' })
      .reply(
        200,
        ok([fill({ tradeId: '101', billId: '9002', execType: 'T', fillTime: '1706612163000', side: 'sell', fee: '0.001' }), fill({})]),
      );
    const trades = await exchange.fetchMyTrades();
    expect(
      trades.map((trade) => [trade.id, trade.side, trade.amount, trade.cost, trade.takerOrMaker, trade.fee?.cost, trade.fee?.rate]),
    ).toEqual([
      ['100', 'buy', 0.02, 1000, 'maker', 0.005, 0.0002],
      ['101', 'sell', 0.02, 1000, 'taker', -0.001, 0.0002],
    ]);
    expect(trades[0]).toMatchObject({
      symbol: 'BTC/USDT:USDT',
      orderId: '672515387010932736',
      clientOrderId: 'c1',
      timestamp: 1706612162995,
    });
    await exchange.close();
  });
});
