import { isExchangeError } from '@exchange-adapters/core';
import nock from 'nock';
import { WeexExchange } from '../src/index.js';
import { loadFixture, responseText } from './fixtures.js';
import {
  type Captured,
  CONTRACT,
  CREDENTIALS,
  capture,
  createExchange,
  expectedSignature,
  headerOf,
  mockMarkets,
  SPOT,
  timestampOf,
} from './mocks.js';

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  // Unpatch http so the next test file's nock instance is the only one intercepting.
  nock.restore();
});

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createOrder', () => {
  it('places a spot limit order with a signed JSON body and reads the fixture reply', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(SPOT)
      .post('/api/v3/order')
      .reply(capture(seen, responseText('spot-place-order-weexnet')));
    const exchange = createExchange();
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.01,
      price: '68900',
      clientOrderId: 'my-spot-order-001',
    });
    expect(order).toMatchObject({
      id: '702345678901234567',
      clientOrderId: 'my-spot-order-001',
      symbol: 'BTC/USDT',
      status: 'open',
      type: 'limit',
      side: 'buy',
      amount: 0.01,
      price: 68900,
      timestamp: 1764506000456,
    });
    const [request] = seen;
    expect(request?.body).toEqual({
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.01',
      price: '68900',
      timeInForce: 'GTC',
      newClientOrderId: 'my-spot-order-001',
    });
    const timestamp = timestampOf(request);
    expect(timestamp).toMatch(/^\d{13}$/);
    expect(headerOf(request, 'ACCESS-KEY')).toBe(CREDENTIALS.apiKey);
    expect(headerOf(request, 'ACCESS-PASSPHRASE')).toBe(CREDENTIALS.passphrase);
    expect(headerOf(request, 'content-type')).toMatch(/application\/json/);
    expect(headerOf(request, 'ACCESS-SIGN')).toBe(expectedSignature(timestamp, 'POST', '/api/v3/order', request?.rawBody));
    await exchange.close();
  });

  it('places a futures order in base units with positionSide and a generated client id, reading the fixture reply', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/order')
      .reply(capture(seen, responseText('futures-place-order-weexnet')));
    const exchange = createExchange();
    const order = await exchange.createOrder({ symbol: 'ETH/USDT:USDT', type: 'market', side: 'buy', amount: '0.036' });
    expect(order).toMatchObject({
      id: '702345678901234567',
      clientOrderId: 'my-order-0001',
      symbol: 'ETH/USDT:USDT',
      type: 'market',
      amount: 0.036,
    });
    const body = seen[0]?.body as Record<string, string>;
    expect(body).toMatchObject({ symbol: 'ETHUSDT', side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.036' });
    expect(body.price).toBeUndefined();
    expect(body.newClientOrderId).toMatch(/^[A-Za-z0-9_-]{1,36}$/);
    await exchange.close();
  });

  it('closes a long with a reduce-only sell (positionSide LONG) and reads the TP/SL fixture reply', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/order')
      .reply(capture(seen, responseText('futures-place-order-tpsl')));
    const exchange = createExchange();
    const order = await exchange.createOrder({
      symbol: 'DOGE/USDT:USDT',
      type: 'limit',
      side: 'sell',
      amount: 100,
      price: '0.2',
      reduceOnly: true,
    });
    expect(order).toMatchObject({ id: '737191855984215401', clientOrderId: 'b-WEEX111125-a0c63bf17ecb4e5c959a5b', reduceOnly: true });
    expect(seen[0]?.body).toMatchObject({
      side: 'SELL',
      positionSide: 'LONG',
      quantity: '100',
      price: '0.2',
      timeInForce: 'GTC',
    });
    await exchange.close();
  });

  it('turns success: false at HTTP 200 into a typed error and says the order was not placed', async () => {
    mockMarkets();
    nock(CONTRACT).post('/capi/v3/order').reply(200, {
      orderId: '0',
      clientOrderId: 'c1',
      success: false,
      errorCode: '-1054',
      errorMessage: 'FAILED_PRECONDITION: available amount not enough',
    });
    const exchange = createExchange();
    const error = await rejection(
      exchange.createOrder({ symbol: 'ETH/USDT:USDT', type: 'limit', side: 'buy', amount: '1', price: '1900', clientOrderId: 'c1' }),
    );
    expect(isExchangeError(error, 'InsufficientFunds')).toBe(true);
    expect(error).toMatchObject({ exchangeCode: '-1054', orderState: 'not-placed', clientOrderId: 'c1', httpStatus: 200 });
    await exchange.close();
  });

  it('adds the market’s minimum and maximum to the hint of 43006', async () => {
    mockMarkets();
    nock(SPOT)
      .post('/api/v3/order')
      .reply(400, { code: '43006', msg: 'Order quantity is less than the minimum transaction quantity', requestTime: 1, data: null });
    const exchange = createExchange();
    const error = await rejection(exchange.createOrder({ symbol: 'ETH/USDT', type: 'limit', side: 'buy', amount: '0.001', price: '1900' }));
    expect(error).toMatchObject({ kind: 'InvalidOrder', exchangeCode: '43006', orderState: 'not-placed' });
    expect((error as Error).message).toContain('from 0.001 to 1000 ETH');
    await exchange.close();
  });

  it('refuses a 41-character client order id and an amount below the minimum without sending', async () => {
    mockMarkets();
    const order = nock(SPOT).post('/api/v3/order').reply(200, responseText('spot-place-order-weexnet'));
    const exchange = createExchange();
    const longId = await rejection(
      exchange.createOrder({
        symbol: 'ETH/USDT',
        type: 'limit',
        side: 'buy',
        amount: '0.01',
        price: '1900',
        clientOrderId: 'a'.repeat(41),
      }),
    );
    expect(longId).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect((longId as Error).message).toMatch(/36/);
    const badCharacters = await rejection(
      exchange.createOrder({ symbol: 'ETH/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '1900', clientOrderId: 'has space' }),
    );
    expect(badCharacters).toMatchObject({ kind: 'InvalidOrder' });
    const small = await rejection(
      exchange.createOrder({ symbol: 'ETH/USDT:USDT', type: 'limit', side: 'buy', amount: '0.0001', price: '1900' }),
    );
    expect(small).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect((small as Error).message).toContain('0.001');
    expect(order.isDone()).toBe(false);
    await exchange.close();
  });

  it('looks the order up by origClientOrderId when the reply is lost, and returns it', async () => {
    mockMarkets();
    nock(SPOT).post('/api/v3/order').replyWithError('socket hang up');
    nock(SPOT)
      .get('/api/v3/order')
      .query({ origClientOrderId: 'lost-reply-1' })
      .reply(
        200,
        '{"symbol":"ETHUSDT","orderId":736775987680772201,"clientOrderId":"lost-reply-1","price":"1900","origQty":"0.01","executedQty":"0","cummulativeQuoteQty":"0","status":"NEW","timeInForce":"GTC","type":"LIMIT","side":"BUY","time":1764506000456,"updateTime":1764506000456,"isWorking":true}',
      );
    const exchange = createExchange();
    const order = await exchange.createOrder({
      symbol: 'ETH/USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.01',
      price: '1900',
      clientOrderId: 'lost-reply-1',
    });
    expect(order).toMatchObject({ id: '736775987680772201', clientOrderId: 'lost-reply-1', status: 'open' });
    await exchange.close();
  });

  it('reports not-placed when the lookup after a lost reply finds no such order (-2200)', async () => {
    mockMarkets();
    nock(SPOT).post('/api/v3/order').replyWithError('socket hang up');
    nock(SPOT).get('/api/v3/order').query({ origClientOrderId: 'lost-reply-2' }).reply(400, { code: -2200, msg: 'SPOT_ORDER_NOT_EXIST' });
    const exchange = createExchange();
    const error = await rejection(
      exchange.createOrder({
        symbol: 'ETH/USDT',
        type: 'limit',
        side: 'buy',
        amount: '0.01',
        price: '1900',
        clientOrderId: 'lost-reply-2',
      }),
    );
    expect(error).toMatchObject({ kind: 'NetworkError', orderState: 'not-placed', clientOrderId: 'lost-reply-2' });
    expect(nock.isDone()).toBe(true);
    await exchange.close();
  });

  it('refuses post-only, which WEEX V3 does not offer, without sending', async () => {
    mockMarkets();
    const exchange = createExchange();
    await expect(
      exchange.createOrder({ symbol: 'ETH/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '1900', timeInForce: 'PO' }),
    ).rejects.toMatchObject({ kind: 'NotSupported', orderState: 'not-placed' });
    await exchange.close();
  });
});

describe('ids above 2^53', () => {
  it('keep every digit when WEEX sends them as JSON numbers', async () => {
    mockMarkets();
    nock(SPOT)
      .get('/api/v3/order')
      .query({ orderId: '736775987680772201' })
      .reply(
        200,
        '{"symbol":"ETHUSDT","orderId":736775987680772201,"clientOrderId":"x","price":"1900","origQty":"0.01","executedQty":"0.01","cummulativeQuoteQty":"19","status":"FILLED","timeInForce":"GTC","type":"LIMIT","side":"SELL","time":1764506000456,"updateTime":1764506000999}',
      );
    const exchange = createExchange();
    const order = await exchange.fetchOrder('736775987680772201', 'ETH/USDT');
    expect(order.id).toBe('736775987680772201');
    expect(order).toMatchObject({ status: 'closed', side: 'sell', filled: 0.01, average: 1900, lastUpdateTimestamp: 1764506000999 });
    await exchange.close();
  });
});

describe('cancels', () => {
  const canceledSpotOrder =
    '{"symbol":"BTCUSDT","orderId":702345678901234567,"clientOrderId":"my-spot-order-001","price":"68900","origQty":"0.01","executedQty":"0","cummulativeQuoteQty":"0","status":"CANCELED","timeInForce":"GTC","type":"LIMIT","side":"BUY","time":1764506000456,"updateTime":1764506100000}';

  it('cancelOrder on spot sends one request, the id in the query, and returns what the ack says', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(SPOT)
      .delete('/api/v3/order')
      .query({ orderId: '702345678901234567' })
      .reply(capture(seen, '{"orderId":702345678901234567,"status":"CANCELED"}'));
    const exchange = createExchange();
    const order = await exchange.cancelOrder('702345678901234567', 'BTC/USDT');
    expect(order).toEqual({ id: '702345678901234567', symbol: 'BTC/USDT', status: 'canceled', info: expect.anything() });
    expect(seen[0]?.body).toBe('');
    expect(nock.pendingMocks()).toEqual([]);
    await exchange.close();
  });

  it('cancelOrder with fetchFinalState reads the order back', async () => {
    mockMarkets();
    nock(SPOT)
      .delete('/api/v3/order')
      .query({ orderId: '702345678901234567' })
      .reply(200, '{"orderId":702345678901234567,"status":"CANCELED"}');
    nock(SPOT).get('/api/v3/order').query({ orderId: '702345678901234567' }).reply(200, canceledSpotOrder);
    const exchange = createExchange();
    const order = await exchange.cancelOrder('702345678901234567', 'BTC/USDT', { fetchFinalState: true });
    expect(order).toMatchObject({ id: '702345678901234567', status: 'canceled', side: 'buy', filled: 0, amount: 0.01 });
    await exchange.close();
  });

  it('cancelOrder turns a spot status FAILED into OrderNotFound', async () => {
    mockMarkets();
    nock(SPOT).delete('/api/v3/order').query(true).reply(200, { orderId: 121231, status: 'FAILED', errorMsg: 'FAILED_ORDER_NOT_FOUND' });
    const exchange = createExchange();
    await expect(exchange.cancelOrder('121231', 'ETH/USDT')).rejects.toMatchObject({
      kind: 'OrderNotFound',
      exchangeMessage: 'FAILED_ORDER_NOT_FOUND',
    });
    await exchange.close();
  });

  it('a cancel whose reply was lost and whose retry meets "order not found" reads the order and resolves', async () => {
    mockMarkets();
    nock(SPOT).delete('/api/v3/order').query(true).replyWithError('socket hang up');
    nock(SPOT)
      .delete('/api/v3/order')
      .query(true)
      .reply(200, '{"orderId":702345678901234567,"status":"CANCELED","errorMsg":"order not found"}');
    nock(SPOT).get('/api/v3/order').query({ orderId: '702345678901234567' }).reply(200, canceledSpotOrder);
    const exchange = createExchange({ retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    const order = await exchange.cancelOrder('702345678901234567', 'BTC/USDT');
    expect(order).toMatchObject({ id: '702345678901234567', status: 'canceled', clientOrderId: 'my-spot-order-001' });
    expect(order.error).toBeUndefined();
    await exchange.close();
  });

  it('a cancel whose reply was lost stays an error when the order turns out filled', async () => {
    mockMarkets();
    nock(SPOT).delete('/api/v3/order').query(true).replyWithError('socket hang up');
    nock(SPOT)
      .delete('/api/v3/order')
      .query(true)
      .reply(200, '{"orderId":702345678901234567,"status":"FILLED","errorMsg":"order not found"}');
    nock(SPOT)
      .get('/api/v3/order')
      .query({ orderId: '702345678901234567' })
      .reply(200, canceledSpotOrder.replace('"CANCELED"', '"FILLED"').replace('"executedQty":"0"', '"executedQty":"0.01"'));
    const exchange = createExchange({ retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    await expect(exchange.cancelOrder('702345678901234567', 'BTC/USDT')).rejects.toMatchObject({ kind: 'OrderNotFound' });
    await exchange.close();
  });

  it('cancelOrder on futures reads the cancel fixture: id and client id, nothing else', async () => {
    mockMarkets();
    nock(CONTRACT)
      .delete('/capi/v3/order')
      .query({ orderId: '702345678901234567' })
      .reply(200, responseText('futures-cancel-order-weexnet'));
    const exchange = createExchange();
    const order = await exchange.cancelOrder('702345678901234567', 'BTC/USDT:USDT');
    expect(order).toMatchObject({ id: '702345678901234567', clientOrderId: 'my-order-0001', symbol: 'BTC/USDT:USDT', status: 'canceled' });
    expect(order.side).toBeUndefined();
    expect(order.filled).toBeUndefined();
    await exchange.close();
  });

  it('cancelOrders sends one signed DELETE body and maps each item of the batch fixture', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(SPOT)
      .delete('/api/v3/order/batch')
      .reply(capture(seen, responseText('spot-batch-cancel-weexnet')));
    const exchange = createExchange();
    const [canceled, failed] = await exchange.cancelOrders(['702345678901234567', '702345678901234568'], 'BTC/USDT');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toEqual({ orderIds: ['702345678901234567', '702345678901234568'] });
    const timestamp = timestampOf(seen[0]);
    expect(headerOf(seen[0], 'ACCESS-SIGN')).toBe(
      expectedSignature(timestamp, 'DELETE', '/api/v3/order/batch', '{"orderIds":["702345678901234567","702345678901234568"]}'),
    );
    expect(seen[0]?.rawBody).toBe('{"orderIds":["702345678901234567","702345678901234568"]}');
    expect(canceled).toMatchObject({ id: '702345678901234567', symbol: 'BTC/USDT', status: 'canceled' });
    expect(canceled?.error).toBeUndefined();
    expect(failed).toMatchObject({ id: '702345678901234568', symbol: 'BTC/USDT' });
    expect(failed?.status).toBeUndefined();
    expect(isExchangeError(failed?.error, 'OrderNotFound')).toBe(true);
    expect(failed?.error?.exchangeMessage).toBe('order not found');
    await exchange.close();
  });

  it('cancelOrders splits 120 futures ids into batches of at most 50, and reads nothing', async () => {
    mockMarkets();
    const ids = Array.from({ length: 120 }, (_, i) => String(737000000000000000n + BigInt(i)));
    const batches: string[][] = [];
    nock(CONTRACT)
      .delete('/capi/v3/batchOrders')
      .times(3)
      .reply(async (request: Request) => {
        const list = ((await request.json()) as { orderIdList: string[] }).orderIdList;
        batches.push(list);
        return [
          200,
          { orderList: list.map((orderId) => ({ orderId, origClientOrderId: '', success: true, errorCode: '', errorMessage: '' })) },
        ];
      });
    const exchange = createExchange();
    const results = await exchange.cancelOrders(ids, 'ETH/USDT:USDT');
    expect(batches.map((batch) => batch.length)).toEqual([50, 50, 20]);
    expect(batches.flat()).toEqual(ids);
    expect(results).toHaveLength(120);
    expect(results.every((order) => order.status === 'canceled' && order.error === undefined)).toBe(true);
    expect(results[119]?.id).toBe(ids[119]);
    await exchange.close();
  });

  it('cancelAllOrders with a symbol is one request (futures and spot cancel-all fixtures)', async () => {
    mockMarkets();
    nock(CONTRACT).delete('/capi/v3/allOpenOrders').query({ symbol: 'DOGEUSDT' }).reply(200, responseText('futures-cancel-all'));
    nock(SPOT).delete('/api/v3/openOrders').query({ symbol: 'BTCUSDT' }).reply(200, responseText('spot-cancel-all-weexnet'));
    const exchange = createExchange();
    const [futures] = await exchange.cancelAllOrders('DOGE/USDT:USDT');
    expect(futures).toMatchObject({ id: '737191914192765288', symbol: 'DOGE/USDT:USDT', status: 'canceled' });
    const [spot] = await exchange.cancelAllOrders('BTC/USDT');
    expect(spot).toMatchObject({ id: '702345678901234567', symbol: 'BTC/USDT', status: 'canceled' });
    expect(nock.isDone()).toBe(true);
    await exchange.close();
  });

  it('cancelAllOrders without a symbol reads the open orders to find the markets, and keeps what they said', async () => {
    mockMarkets();
    nock(SPOT).get('/api/v3/openOrders').reply(200, responseText('spot-open-orders-weexnet'));
    nock(CONTRACT).get('/capi/v3/openOrders').reply(200, []);
    nock(SPOT).delete('/api/v3/openOrders').query({ symbol: 'BTCUSDT' }).reply(200, responseText('spot-cancel-all-weexnet'));
    const exchange = createExchange();
    const [spot, ...rest] = await exchange.cancelAllOrders();
    expect(rest).toEqual([]);
    expect(spot).toMatchObject({ id: '702345678901234567', symbol: 'BTC/USDT', status: 'canceled', price: 68900, side: 'buy' });
    expect(spot?.filled).toBeUndefined();
    expect(nock.isDone()).toBe(true);
    await exchange.close();
  });
});

describe('order and account reads', () => {
  it('fetchOpenOrders reads the spot fixture', async () => {
    mockMarkets();
    nock(SPOT).get('/api/v3/openOrders').query({ symbol: 'BTCUSDT' }).reply(200, responseText('spot-open-orders-weexnet'));
    const exchange = createExchange();
    const [order] = await exchange.fetchOpenOrders('BTC/USDT');
    expect(order).toMatchObject({ id: '702345678901234567', symbol: 'BTC/USDT', status: 'open', price: 68900 });
    await exchange.close();
  });

  it('fetchClosedOrders reads the canceled futures history fixture', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/order/history').query({ symbol: 'DOGEUSDT' }).reply(200, responseText('futures-order-history-canceled'));
    const exchange = createExchange();
    const [order] = await exchange.fetchClosedOrders('DOGE/USDT:USDT');
    expect(order).toMatchObject({ id: '737074389744353640', symbol: 'DOGE/USDT:USDT', status: 'canceled', reduceOnly: true });
    await exchange.close();
  });

  it('fetchMyTrades reads the futures fills fixture and needs a symbol', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/userTrades').query({ symbol: 'BTCUSDT', limit: 10 }).reply(200, responseText('futures-fills-weexnet'));
    const exchange = createExchange();
    const [trade] = await exchange.fetchMyTrades('BTC/USDT:USDT', undefined, 10);
    expect(trade).toMatchObject({
      id: '801234567890123456',
      orderId: '702345678901234567',
      symbol: 'BTC/USDT:USDT',
      fee: { currency: 'USDT', cost: 0.138 },
    });
    await expect(exchange.fetchMyTrades()).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });

  it('fetchBalance reads the spot account (trailing slash) and the futures account for type swap', async () => {
    const seen: Captured[] = [];
    nock(SPOT)
      .get('/api/v3/account/')
      .reply(capture(seen, responseText('spot-balance-weexnet')));
    nock(CONTRACT)
      .get('/capi/v3/account/balance')
      .reply(200, [{ asset: 'USDT', balance: '1500.5', availableBalance: '1200.25', frozen: '300.25', unrealizePnl: '-3.1' }]);
    const exchange = createExchange();
    const spot = await exchange.fetchBalance();
    expect(spot.assets.USDT).toEqual({ free: 1200, used: 0, total: 1200 });
    const timestamp = timestampOf(seen[0]);
    expect(headerOf(seen[0], 'ACCESS-SIGN')).toBe(expectedSignature(timestamp, 'GET', '/api/v3/account/'));
    const swap = await exchange.fetchBalance({ type: 'swap' });
    expect(swap.assets.USDT).toEqual({ free: 1200.25, used: 300.25, total: 1500.5 });
    await exchange.close();
  });

  it('fetchPositions reads the positions fixture', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/position/allPosition').reply(200, responseText('futures-positions-weexnet'));
    const exchange = createExchange();
    const positions = await exchange.fetchPositions(['BTC/USDT:USDT']);
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({
      symbol: 'BTC/USDT:USDT',
      side: 'long',
      amount: 0.02,
      entryPrice: 90053.35,
      leverage: 100,
      marginMode: 'cross',
    });
    await exchange.close();
  });
});

describe('setLeverage', () => {
  it('sends the recorded cross-leverage body when the mode is given', async () => {
    mockMarkets();
    const fixture = loadFixture('futures-set-leverage');
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/account/leverage')
      .reply(capture(seen, responseText('futures-set-leverage')));
    const exchange = createExchange();
    await exchange.setLeverage(11, 'DOGE/USDT:USDT', { marginMode: 'cross' });
    expect(seen[0]?.body).toEqual(fixture.request.body);
    await exchange.close();
  });

  it('reads the symbol config first and keeps the other isolated side', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/symbolConfig').query({ symbol: 'ETHUSDT' }).reply(200, responseText('futures-symbol-config'));
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/account/leverage')
      .reply(capture(seen, responseText('futures-set-leverage-weexnet')));
    const exchange = createExchange();
    await exchange.setLeverage(20, 'ETH/USDT:USDT', { side: 'long', marginMode: 'isolated' });
    expect(seen[0]?.body).toEqual({ symbol: 'ETHUSDT', marginType: 'ISOLATED', isolatedLongLeverage: 20, isolatedShortLeverage: 12 });
    await exchange.close();
  });

  it('uses the current mode from the Weex.Net symbol config fixture when none is given', async () => {
    mockMarkets();
    nock(CONTRACT)
      .get('/capi/v3/account/symbolConfig')
      .query({ symbol: 'BTCUSDT' })
      .reply(200, responseText('futures-symbol-config-weexnet'));
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/account/leverage')
      .reply(
        capture(seen, {
          symbol: 'BTCUSDT',
          marginType: 'CROSSED',
          crossLeverage: '25',
          isolatedLongLeverage: '0',
          isolatedShortLeverage: '0',
        }),
      );
    const exchange = createExchange();
    await exchange.setLeverage(25, 'BTC/USDT:USDT');
    expect(seen[0]?.body).toEqual({ symbol: 'BTCUSDT', marginType: 'CROSSED', crossLeverage: 25 });
    await expect(exchange.setLeverage(500, 'BTC/USDT:USDT', { marginMode: 'cross' })).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});

describe('errors through the pipeline', () => {
  it('re-syncs the clock on -1046 and retries once; a second -1046 is TimestampExpired with the skew', async () => {
    nock(SPOT)
      .get('/api/v3/time')
      .times(6)
      .reply(() => [200, { serverTime: Date.now() }]);
    nock(SPOT).get('/api/v3/account/').times(2).reply(400, { code: -1046, msg: 'Request timestamp expired' });
    const exchange = createExchange({ clockSync: true });
    const error = await rejection(exchange.fetchBalance());
    expect(error).toMatchObject({ kind: 'TimestampExpired', exchangeCode: '-1046', retryable: false });
    expect((error as Error).message).toMatch(/Local clock is .* WEEX/);
    expect(nock.isDone()).toBe(true);
    await exchange.close();
  });

  it('succeeds when the retry after a V1 40008 goes through', async () => {
    nock(SPOT)
      .get('/api/v3/time')
      .times(6)
      .reply(() => [200, { serverTime: Date.now() }]);
    nock(SPOT).get('/api/v3/account/').reply(400, { code: '40008', msg: 'Requested timestamp expired', requestTime: 1, data: null });
    nock(SPOT).get('/api/v3/account/').reply(200, responseText('spot-balance-weexnet'));
    const exchange = createExchange({ clockSync: true });
    const balances = await exchange.fetchBalance();
    expect(balances.assets.BTC?.free).toBe(0.004);
    await exchange.close();
  });

  it('maps 40018 to IpNotAllowed and -1049 to AuthInvalid', async () => {
    nock(SPOT).get('/api/v3/account/').reply(400, { code: '40018', msg: 'Illegal IP request', requestTime: 1, data: null });
    nock(CONTRACT).get('/capi/v3/account/balance').reply(401, { code: -1049, msg: 'API_KEY_OR_PASSPHRASE_INCORRECT' });
    const exchange = createExchange();
    await expect(exchange.fetchBalance()).rejects.toMatchObject({ kind: 'IpNotAllowed', exchangeCode: '40018', httpStatus: 400 });
    await expect(exchange.fetchBalance({ type: 'swap' })).rejects.toMatchObject({ kind: 'AuthInvalid', exchangeCode: '-1049' });
    await exchange.close();
  });

  it('turns an HTTP 429 without a body into RateLimited', async () => {
    nock(SPOT).get('/api/v3/time').reply(429, '');
    const exchange = createExchange();
    await expect(exchange.fetchTime()).rejects.toMatchObject({ kind: 'RateLimited', httpStatus: 429 });
    await exchange.close();
  });

  it('checks credentials before sending and keeps the secret out of errors', async () => {
    const exchange = new WeexExchange({ apiKey: 'k', secret: 'super-secret-value', clockSync: false });
    const error = await rejection(exchange.fetchBalance());
    expect(error).toMatchObject({ kind: 'AuthMissing' });
    expect((error as Error).message).toMatch(/passphrase/);
    expect(JSON.stringify(error)).not.toContain('super-secret-value');
    await exchange.close();
  });
});

describe('demo mode', () => {
  it('sends futures orders to /capi/v3/sim/order with the demo symbol', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/sim/order')
      .reply(capture(seen, responseText('futures-place-order-weexnet')));
    nock(CONTRACT)
      .get('/capi/v3/sim/balance')
      .reply(200, [{ asset: 'SUSDT', balance: '10000', availableBalance: '10000', frozen: '0' }]);
    const exchange = createExchange({ demo: true });
    const order = await exchange.createOrder({ symbol: 'BTC/USDT:USDT', type: 'limit', side: 'buy', amount: '0.001', price: '60000' });
    expect(order.id).toBe('702345678901234567');
    expect(seen[0]?.body).toMatchObject({ symbol: 'BTCSUSDT', positionSide: 'LONG' });
    const balances = await exchange.fetchBalance({ type: 'swap' });
    expect(balances.assets.SUSDT?.free).toBe(10000);
    await exchange.close();
  });

  it('answers spot account and order calls with NotSupported before sending', async () => {
    mockMarkets();
    const exchange = createExchange({ demo: true });
    await expect(exchange.fetchBalance()).rejects.toMatchObject({ kind: 'NotSupported' });
    await expect(
      exchange.createOrder({ symbol: 'ETH/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '1900' }),
    ).rejects.toMatchObject({ kind: 'NotSupported', orderState: 'not-placed' });
    await expect(exchange.setLeverage(5, 'ETH/USDT:USDT')).rejects.toMatchObject({ kind: 'NotSupported' });
    await exchange.close();
  });
});

describe('request()', () => {
  it('routes /capi paths to the futures host and signs them', async () => {
    const seen: Captured[] = [];
    nock(CONTRACT)
      .get('/capi/v3/account/commissionRate')
      .query({ symbol: 'DOGEUSDT' })
      .reply(capture(seen, responseText('futures-trading-fee')));
    const exchange = createExchange();
    const reply = await exchange.request<{ takerCommissionRate: string }>({
      method: 'GET',
      path: '/capi/v3/account/commissionRate',
      query: { symbol: 'DOGEUSDT' },
      signed: true,
    });
    expect(reply.takerCommissionRate).toBe('0.0008');
    const timestamp = timestampOf(seen[0]);
    expect(headerOf(seen[0], 'ACCESS-SIGN')).toBe(expectedSignature(timestamp, 'GET', '/capi/v3/account/commissionRate?symbol=DOGEUSDT'));
    await exchange.close();
  });

  it('sends other paths to the spot host without signing unless asked', async () => {
    const seen: Captured[] = [];
    nock(SPOT)
      .get('/api/v3/ping')
      .reply(capture(seen, responseText('spot-ping')));
    const exchange = createExchange();
    await expect(exchange.request({ method: 'GET', path: '/api/v3/ping' })).resolves.toEqual({});
    expect(headerOf(seen[0], 'ACCESS-SIGN')).toBeUndefined();
    await exchange.close();
  });
});
