/**
 * OKX wire handling of the trading surface: trigger (algo) orders and attached TP/SL, amendments,
 * funding, mark/index, leverage and modes, closing positions, fees and transfers. Recorded payloads
 * from shared/fixtures/okx where they exist; the rest follow the field lists of OKX's docs as
 * okx-api types them (FundingRateHistory, AccountLeverage, AccountFeeRate, FundTransferResult/State).
 */
import { isExchangeError } from '@exchange-adapters/core';
import nock from 'nock';
import { BASE_URL, capture, fixture, mockAccountConfig, mockInstruments, newExchange, ok, recordRequests, useNock } from './helpers.js';

useNock();

const bodyOf = (request: { body: string } | undefined) => JSON.parse(request?.body ?? 'null');

/** Rate limiting is the pipeline's business, tested elsewhere; here it would only add waits. */
const freshExchange = (options: Parameters<typeof newExchange>[0] = {}) => newExchange({ rateLimit: false, ...options });

async function readyExchange(options: Parameters<typeof newExchange>[0] = {}) {
  mockInstruments();
  const exchange = freshExchange(options);
  await exchange.loadMarkets();
  return exchange;
}

function mockLast(instId: string, last: string) {
  const ticker = fixture('ticker-docs-zh').response;
  ticker.data[0] = { ...ticker.data[0], instId, instType: instId.endsWith('SWAP') ? 'SWAP' : 'SPOT', last };
  nock(BASE_URL).get('/api/v5/market/ticker').query({ instId }).reply(200, ticker);
}

describe('trigger orders', () => {
  it('sends the recorded trigger + stop-loss body to order-algo and reads the recorded ack (algoId)', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    mockLast('BTC-USDT-SWAP', '100000');
    const recorded = fixture('place-algo-order');
    const posts = capture(nock(BASE_URL).post('/api/v5/trade/order-algo').reply(200, recorded.response));
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'market',
      side: 'buy',
      amount: 0.001,
      triggerPrice: 100444,
      stopLoss: { triggerPrice: 100333 },
      clientOrderId: '6b9ad766b55dBCDEd524d810f42296b8',
    });
    const sent = bodyOf(posts[0]);
    const recordedBody = JSON.parse((recorded.request as { body: string }).body);
    for (const field of ['instId', 'side', 'ordType', 'sz', 'tdMode', 'attachAlgoOrds', 'triggerPx', 'orderPx']) {
      expect(sent[field]).toEqual(recordedBody[field]);
    }
    expect(sent).toMatchObject({ algoClOrdId: '6b9ad766b55dBCDEd524d810f42296b8', triggerPxType: 'last' });
    expect(order).toMatchObject({
      id: '2896574163517353984',
      clientOrderId: '6b9ad766b55dBCDEd524d810f42296b8',
      symbol: 'BTC/USDT:USDT',
      type: 'market',
      side: 'buy',
      status: 'open',
      amount: 0.001,
      triggerPrice: 100444,
      stopLossPrice: 100333,
    });
    await exchange.close();
  });

  it('refuses a buy stop below the last price without sending it (only the ticker is read)', async () => {
    const exchange = await readyExchange();
    mockLast('BTC-USDT-SWAP', '100500');
    const sent = recordRequests(exchange);
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT:USDT', type: 'market', side: 'buy', amount: 0.01, triggerPrice: 100444 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect((error as Error).message).toMatch(/not above the last price 100500/);
    expect((error as { hint: string }).hint).toMatch(/triggerDirection: 'below'/);
    expect(sent.map((request) => request.path)).toEqual(['/api/v5/market/ticker?instId=BTC-USDT-SWAP']);
    await exchange.close();
  });

  it('watches the mark price when asked, and refuses index on spot before sending', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    nock(BASE_URL)
      .get('/api/v5/public/mark-price')
      .query({ instType: 'SWAP', instId: 'BTC-USDT-SWAP' })
      .reply(200, ok([{ instType: 'SWAP', instId: 'BTC-USDT-SWAP', markPx: '99000', ts: '1' }]));
    const posts = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order-algo')
        .reply(200, ok([{ algoId: '5', algoClOrdId: 's1', sCode: '0', sMsg: '' }])),
    );
    await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'sell',
      amount: 0.02,
      price: '97900',
      triggerPrice: '98000',
      triggerPriceType: 'mark',
      reduceOnly: true,
      clientOrderId: 's1',
    });
    expect(bodyOf(posts[0])).toMatchObject({
      side: 'sell',
      sz: '2',
      triggerPx: '98000',
      orderPx: '97900',
      triggerPxType: 'mark',
      reduceOnly: true,
    });
    const spot = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: 0.01, triggerPrice: 1, triggerPriceType: 'index' })
      .catch((e: unknown) => e);
    expect(isExchangeError(spot, 'NotSupported')).toBe(true);
    await exchange.close();
  });

  it('attaches TP/SL to an order as attachAlgoOrds (recorded body), checked against the limit price', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const recorded = fixture('place-order-attached-sl');
    const posts = capture(nock(BASE_URL).post('/api/v5/trade/order').reply(200, recorded.response));
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 0.001,
      price: 101000,
      stopLoss: { triggerPrice: 100333 },
      clientOrderId: 'att1',
    });
    expect(bodyOf(posts[0]).attachAlgoOrds).toEqual(JSON.parse((recorded.request as { body: string }).body)[0].attachAlgoOrds);
    expect(order).toMatchObject({ id: '2896576259728695296', status: 'open', stopLossPrice: 100333 });
    expect(order.takeProfitPrice).toBeUndefined();
    const wrong = await exchange
      .createOrder({
        symbol: 'BTC/USDT:USDT',
        type: 'limit',
        side: 'buy',
        amount: 0.001,
        price: 100000,
        takeProfit: { triggerPrice: 99000 },
      })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect((wrong as Error).message).toMatch(/takeProfit.triggerPrice 99000 of a buy must be above the order price/);
    await exchange.close();
  });

  it('lists waiting triggers and position TP/SL (recorded orders-algo-pending), values checked', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL).get('/api/v5/trade/orders-algo-pending').query({ ordType: 'trigger', limit: 100 }).reply(200, ok([]));
    nock(BASE_URL)
      .get('/api/v5/trade/orders-algo-pending')
      .query({ ordType: 'conditional,oco', limit: 100 })
      .reply(200, fixture('orders-algo-pending').response);
    const orders = await exchange.fetchOpenOrders(undefined, { trigger: true });
    expect(orders).toEqual([
      {
        id: '2017146754403004416',
        clientOrderId: 'e847386590ce4dBC510e616e0438b78a',
        symbol: 'LTC/USDT:USDT',
        type: 'market',
        side: 'buy',
        status: 'open',
        price: undefined,
        amount: 1,
        filled: 0,
        remaining: 1,
        timestamp: 1732618057878,
        lastUpdateTimestamp: 1732618057878,
        reduceOnly: false,
        triggerPrice: undefined,
        stopLossPrice: 100,
        info: fixture('orders-algo-pending').response.data[0],
      },
    ]);
    await exchange.close();
  });

  it('cancels a trigger order with one cancel-algos request (recorded reply)', async () => {
    const exchange = await readyExchange();
    const sent = recordRequests(exchange);
    const posts = capture(nock(BASE_URL).post('/api/v5/trade/cancel-algos').reply(200, fixture('cancel-algos').response));
    const order = await exchange.cancelOrder('2903938004064555008', 'BTC/USDT:USDT', { trigger: true });
    expect(bodyOf(posts[0])).toEqual([{ instId: 'BTC-USDT-SWAP', algoId: '2903938004064555008' }]);
    expect(order).toMatchObject({ id: '2903938004064555008', clientOrderId: '1234abcd', status: 'canceled', symbol: 'BTC/USDT:USDT' });
    expect(sent).toHaveLength(1);
    nock(BASE_URL)
      .post('/api/v5/trade/cancel-algos')
      .reply(200, { code: '1', msg: '', data: [{ algoId: '9', sCode: '51400', sMsg: 'Cancellation failed' }] });
    await expect(exchange.cancelOrder('9', 'BTC/USDT:USDT', { trigger: true })).rejects.toMatchObject({
      kind: 'OrderNotFound',
      exchangeCode: '51400',
    });
    await exchange.close();
  });

  it('looks a trigger order up by algoClOrdId when the order-algo reply is lost, and does not resend', async () => {
    const exchange = await readyExchange({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    mockAccountConfig('net_mode');
    mockLast('BTC-USDT-SWAP', '100000');
    const posts = capture(nock(BASE_URL).post('/api/v5/trade/order-algo').reply(500, { code: '50004', msg: 'timeout', data: [] }));
    const pending = fixture('orders-algo-pending').response;
    pending.data[0] = {
      ...pending.data[0],
      instId: 'BTC-USDT-SWAP',
      ordType: 'trigger',
      triggerPx: '101000',
      algoClOrdId: 'lostalgo1',
      algoId: '42',
    };
    nock(BASE_URL).get('/api/v5/trade/order-algo').query({ algoClOrdId: 'lostalgo1' }).reply(200, pending);
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'market',
      side: 'buy',
      amount: 0.01,
      triggerPrice: 101000,
      clientOrderId: 'lostalgo1',
    });
    expect(posts).toHaveLength(1);
    expect(order).toMatchObject({ id: '42', clientOrderId: 'lostalgo1', triggerPrice: 101000, status: 'open' });
    await exchange.close();
  });
});

describe('editOrder', () => {
  const pendingOrder = (overrides: Record<string, string>) => {
    const reply = fixture('orders-pending-swap').response;
    reply.data = [{ ...reply.data[0], ...overrides }];
    return reply;
  };

  it('amends size (in contracts) and price with a reqId, then reads the order back', async () => {
    const exchange = await readyExchange();
    const posts = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/amend-order')
        .reply(200, ok([{ ordId: '1234567890123456789', clOrdId: 'c1', reqId: 'x', sCode: '0', sMsg: '' }])),
    );
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' })
      .reply(200, pendingOrder({ sz: '3', px: '103400.5' }));
    const order = await exchange.editOrder('1234567890123456789', 'BTC/USDT:USDT', { amount: '0.03', price: '103400.5' });
    const body = bodyOf(posts[0]);
    expect(body).toMatchObject({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789', newSz: '3', newPx: '103400.5', cxlOnFail: false });
    expect(body.reqId).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(order).toMatchObject({ id: '1234567890123456789', amount: 0.03, price: 103400.5 });
    await exchange.close();
  });

  it('refuses an amount off the lot or a price off the tick before sending, naming the nearest values', async () => {
    const exchange = await readyExchange();
    const sent = recordRequests(exchange);
    const lot = await exchange.editOrder('1', 'BTC/USDT:USDT', { amount: '0.00015' }).catch((e: unknown) => e);
    expect(lot).toMatchObject({ kind: 'InvalidOrder' });
    expect(lot).not.toHaveProperty('orderState');
    expect((lot as { hint: string }).hint).toMatch(/0\.0001 or 0\.0002 BTC.*The order was not amended; nothing was sent\./);
    const tick = await exchange.editOrder('1', 'BTC/USDT:USDT', { price: '100.05' }).catch((e: unknown) => e);
    expect(isExchangeError(tick, 'InvalidOrder')).toBe(true);
    await expect(exchange.editOrder('1', 'BTC/USDT:USDT', {})).rejects.toMatchObject({ kind: 'BadRequest' });
    expect(sent).toEqual([]);
    await exchange.close();
  });

  it('maps amend codes (51503 filled or gone) without order-placement words', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL)
      .post('/api/v5/trade/amend-order')
      .reply(200, { code: '1', msg: '', data: [{ ordId: '5', clOrdId: '', reqId: 'r', sCode: '51503', sMsg: 'order does not exist' }] });
    const error = await exchange.editOrder('5', 'BTC/USDT:USDT', { price: '100000' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'OrderNotFound', exchangeCode: '51503' });
    expect(error).not.toHaveProperty('orderState');
    expect((error as { hint: string }).hint).toMatch(/The order was not amended\./);
    await exchange.close();
  });

  it('after a lost amend reply reads the order: already amended → returned, nothing resent', async () => {
    const exchange = await readyExchange({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const posts = capture(nock(BASE_URL).post('/api/v5/trade/amend-order').reply(500, { code: '50004', msg: 'timeout', data: [] }));
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' })
      .reply(200, pendingOrder({ px: '104000' }));
    const order = await exchange.editOrder('1234567890123456789', 'BTC/USDT:USDT', { price: '104000' });
    expect(posts).toHaveLength(1);
    expect(order.price).toBe(104000);
    await exchange.close();
  });

  it('after a lost amend reply with the order unchanged, sends it again with the same reqId', async () => {
    const exchange = await readyExchange({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const posts = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/amend-order')
        .reply(500, { code: '50004', msg: 'timeout', data: [] })
        .post('/api/v5/trade/amend-order')
        .reply(200, ok([{ ordId: '1234567890123456789', clOrdId: '', reqId: 'r', sCode: '0', sMsg: '' }])),
    );
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' })
      .reply(200, pendingOrder({}))
      .get('/api/v5/trade/order')
      .query({ instId: 'BTC-USDT-SWAP', ordId: '1234567890123456789' })
      .reply(500, { code: '50001', msg: 'unavailable', data: [] });
    const order = await exchange.editOrder('1234567890123456789', 'BTC/USDT:USDT', { price: '104000' });
    expect(posts.map((request) => bodyOf(request).reqId)).toEqual([bodyOf(posts[0]).reqId, bodyOf(posts[0]).reqId]);
    // Accepted, but the read-back failed: what is known comes back instead of an error.
    expect(order).toMatchObject({ id: '1234567890123456789', price: 104000, status: 'open' });
    await exchange.close();
  });
});

describe('funding, mark and index', () => {
  it('reads the funding rate with its schedule', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL)
      .get('/api/v5/public/funding-rate')
      .query({ instId: 'BTC-USDT-SWAP' })
      .reply(
        200,
        ok([
          {
            instType: 'SWAP',
            instId: 'BTC-USDT-SWAP',
            fundingRate: '0.0001037',
            nextFundingRate: '',
            fundingTime: '1775606400000',
            nextFundingTime: '1775635200000',
            method: 'current_period',
            ts: '1775597392681',
          },
        ]),
      );
    expect(await exchange.fetchFundingRate('BTC/USDT:USDT')).toMatchObject({
      symbol: 'BTC/USDT:USDT',
      fundingRate: 0.0001037,
      fundingTimestamp: 1775606400000,
      nextFundingRate: undefined,
      nextFundingTimestamp: 1775635200000,
      interval: 28_800_000,
      timestamp: 1775597392681,
    });
    await expect(exchange.fetchFundingRate('BTC/USDT')).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });

  it('pages funding history back to `since` and returns it oldest first', async () => {
    const exchange = await readyExchange();
    const row = (time: number, rate: string) => ({
      instType: 'SWAP',
      instId: 'BTC-USDT-SWAP',
      fundingRate: rate,
      realizedRate: rate,
      fundingTime: String(time),
      method: 'current_period',
    });
    const page1 = Array.from({ length: 100 }, (_, i) => row(1_000_000_000 - i * 8, '0.0001'));
    nock(BASE_URL).get('/api/v5/public/funding-rate-history').query({ instId: 'BTC-USDT-SWAP', limit: 100 }).reply(200, ok(page1));
    nock(BASE_URL)
      .get('/api/v5/public/funding-rate-history')
      .query({ instId: 'BTC-USDT-SWAP', limit: 100, after: String(1_000_000_000 - 99 * 8) })
      .reply(200, ok([row(999_999_200, '-0.0002'), row(999_999_192, '0.0003')]));
    const history = await exchange.fetchFundingRateHistory('BTC/USDT:USDT', 999_999_200, 3);
    expect(history.map((entry) => [entry.timestamp, entry.fundingRate])).toEqual([
      [999_999_200, -0.0002],
      [999_999_208, 0.0001],
      [999_999_216, 0.0001],
    ]);
    await exchange.close();
  });

  it('reads the mark and index of a contract, the index of a spot pair', async () => {
    const exchange = await readyExchange();
    nock(BASE_URL)
      .get('/api/v5/public/mark-price')
      .query({ instType: 'SWAP', instId: 'ETH-USDT-SWAP' })
      .reply(200, ok([{ instType: 'SWAP', instId: 'ETH-USDT-SWAP', markPx: '2128.98', ts: '1775597392681' }]));
    const index = (instId: string, idxPx: string) =>
      ok([{ instId, idxPx, high24h: '1', low24h: '1', open24h: '1', sodUtc0: '1', sodUtc8: '1', ts: '1775597392000' }]);
    nock(BASE_URL).get('/api/v5/market/index-tickers').query({ instId: 'ETH-USDT' }).reply(200, index('ETH-USDT', '2129.575'));
    nock(BASE_URL).get('/api/v5/market/index-tickers').query({ instId: 'BTC-USDT' }).reply(200, index('BTC-USDT', '103001.2'));
    expect(await exchange.fetchMarkPrice('ETH/USDT:USDT')).toMatchObject({
      markPrice: 2128.98,
      indexPrice: 2129.575,
      timestamp: 1775597392681,
    });
    expect(await exchange.fetchMarkPrice('BTC/USDT')).toMatchObject({
      markPrice: undefined,
      indexPrice: 103001.2,
      timestamp: 1775597392000,
    });
    await exchange.close();
  });
});

describe('leverage and modes', () => {
  it('reads leverage-info in the margin mode in use; hedge-mode isolated has a long and a short value', async () => {
    const exchange = await readyExchange({ marginMode: 'isolated' });
    nock(BASE_URL)
      .get('/api/v5/account/leverage-info')
      .query({ instId: 'BTC-USDT-SWAP', mgnMode: 'isolated' })
      .reply(
        200,
        ok([
          { instId: 'BTC-USDT-SWAP', mgnMode: 'isolated', posSide: 'long', lever: '14' },
          { instId: 'BTC-USDT-SWAP', mgnMode: 'isolated', posSide: 'short', lever: '12' },
        ]),
      );
    expect(await exchange.fetchLeverage('BTC/USDT:USDT')).toMatchObject({
      symbol: 'BTC/USDT:USDT',
      marginMode: 'isolated',
      leverage: 14,
      longLeverage: 14,
      shortLeverage: 12,
    });
    await exchange.close();
  });

  it('setMarginMode keeps the leverage (recorded set-leverage reply) and later orders use that tdMode', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    nock(BASE_URL)
      .get('/api/v5/account/leverage-info')
      .query({ instId: 'BTC-USDT-SWAP', mgnMode: 'isolated' })
      .reply(200, ok([{ instId: 'BTC-USDT-SWAP', mgnMode: 'isolated', posSide: 'net', lever: '30' }]));
    const leverage = capture(nock(BASE_URL).post('/api/v5/account/set-leverage').reply(200, fixture('set-leverage').response));
    await exchange.setMarginMode('isolated', 'BTC/USDT:USDT');
    expect(bodyOf(leverage[0])).toEqual({ instId: 'BTC-USDT-SWAP', lever: '30', mgnMode: 'isolated' });
    const orders = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([{ ordId: '1', clOrdId: 'i1', sCode: '0', sMsg: '' }])),
    );
    await exchange.createOrder({ symbol: 'BTC/USDT:USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50000, clientOrderId: 'i1' });
    expect(bodyOf(orders[0]).tdMode).toBe('isolated');
    await expect(exchange.setMarginMode('portfolio' as 'cross', 'BTC/USDT:USDT')).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });

  it('sets the account position mode and sends posSide from then on without re-reading the config', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    const modes = capture(
      nock(BASE_URL)
        .post('/api/v5/account/set-position-mode')
        .reply(200, ok([{ posMode: 'long_short_mode' }])),
    );
    await exchange.setPositionMode(true);
    expect(bodyOf(modes[0])).toEqual({ posMode: 'long_short_mode' });
    const orders = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([{ ordId: '1', clOrdId: 'h1', sCode: '0', sMsg: '' }])),
    );
    await exchange.createOrder({ symbol: 'BTC/USDT:USDT', type: 'limit', side: 'sell', amount: 0.01, price: 50000, clientOrderId: 'h1' });
    expect(bodyOf(orders[0]).posSide).toBe('short');
    await exchange.close();
  });
});

describe('closePosition', () => {
  it('closes the recorded long with close-position and a client id, returning the closing order', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('long_short_mode');
    nock(BASE_URL)
      .get('/api/v5/account/positions')
      .query({ instId: 'BTC-USD-SWAP' })
      .reply(200, fixture('position-inverse-cross').response);
    const posts = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/close-position')
        .reply(200, ok([{ instId: 'BTC-USD-SWAP', posSide: 'long', clOrdId: 'x' }])),
    );
    const filled = fixture('orders-history-swap').response;
    nock(BASE_URL)
      .get('/api/v5/trade/order')
      .query((query) => query.instId === 'BTC-USD-SWAP' && typeof query.clOrdId === 'string')
      .reply(200, { ...filled, data: [{ ...filled.data[0], instId: 'BTC-USD-SWAP', side: 'sell' }] });
    const orders = await exchange.closePosition('BTC/USD:BTC');
    const body = bodyOf(posts[0]);
    expect(body).toMatchObject({ instId: 'BTC-USD-SWAP', mgnMode: 'cross', posSide: 'long' });
    expect(body.clOrdId).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ symbol: 'BTC/USD:BTC', side: 'sell' });
    await exchange.close();
  });

  it('closes nothing when the side asked for has no position, and treats 51023 as already closed', async () => {
    const exchange = await readyExchange();
    mockAccountConfig('net_mode');
    nock(BASE_URL)
      .get('/api/v5/account/positions')
      .query({ instId: 'BTC-USD-SWAP' })
      .times(2)
      .reply(200, fixture('position-inverse-cross').response);
    expect(await exchange.closePosition('BTC/USD:BTC', 'short')).toEqual([]);
    nock(BASE_URL).post('/api/v5/trade/close-position').reply(200, { code: '51023', msg: 'Position does not exist', data: [] });
    expect(await exchange.closePosition('BTC/USD:BTC')).toEqual([]);
    await exchange.close();
  });
});

describe('fees and funding account', () => {
  it('reads fee rates per instrument type, negated (OKX reports charged fees negative), U-margined from makerU', async () => {
    const exchange = await readyExchange();
    const row = (instType: string) => ({
      category: '1',
      delivery: '',
      exercise: '',
      instType,
      level: 'Lv1',
      maker: '-0.0008',
      makerU: instType === 'SPOT' ? '' : '-0.0002',
      makerUSDC: '',
      taker: '-0.001',
      takerU: instType === 'SPOT' ? '' : '-0.0005',
      takerUSDC: '',
      ts: '1',
    });
    nock(BASE_URL)
      .get('/api/v5/account/trade-fee')
      .query({ instType: 'SPOT' })
      .reply(200, ok([row('SPOT')]));
    nock(BASE_URL)
      .get('/api/v5/account/trade-fee')
      .query({ instType: 'SWAP' })
      .reply(200, ok([row('SWAP')]));
    const fees = await exchange.fetchTradingFees(['BTC/USDT', 'BTC/USDT:USDT', 'BTC/USD:BTC']);
    expect(fees['BTC/USDT']).toMatchObject({ maker: 0.0008, taker: 0.001 });
    expect(fees['BTC/USDT:USDT']).toMatchObject({ maker: 0.0002, taker: 0.0005 });
    expect(fees['BTC/USD:BTC']).toMatchObject({ maker: 0.0008, taker: 0.001 });
    await exchange.close();
  });

  it("reads the recorded funding account with { type: 'funding' }", async () => {
    const exchange = freshExchange();
    nock(BASE_URL).get('/api/v5/asset/balances').reply(200, fixture('balance-funding').response);
    expect((await exchange.fetchBalance({ type: 'funding' })).assets).toEqual({ TUSD: { free: 100, used: 0, total: 100 } });
    nock(BASE_URL).get('/api/v5/asset/balances').reply(200, fixture('balance-funding-empty').response);
    expect((await exchange.fetchBalance({ type: 'funding' })).assets).toEqual({});
    await exchange.close();
  });
});

describe('transfer', () => {
  const ack = { transId: '754147', ccy: 'USDT', clientId: 'tr1', from: '6', to: '18', amt: '1.5' };
  const state = { ...ack, instId: '', state: 'success', subAcct: '', toInstId: '', type: '0' };

  it('moves funding → trading with a clientId, confirming the state', async () => {
    const exchange = freshExchange();
    const posts = capture(
      nock(BASE_URL)
        .post('/api/v5/asset/transfer')
        .reply(200, ok([ack])),
    );
    nock(BASE_URL)
      .get('/api/v5/asset/transfer-state')
      .query({ transId: '754147' })
      .reply(200, ok([state]));
    const result = await exchange.transfer('usdt', '1.5', 'funding', 'trading', { clientTransferId: 'tr1' });
    expect(bodyOf(posts[0])).toEqual({ ccy: 'USDT', amt: '1.5', from: '6', to: '18', type: '0', clientId: 'tr1' });
    expect(result).toMatchObject({
      id: '754147',
      clientTransferId: 'tr1',
      currency: 'USDT',
      amount: 1.5,
      from: 'funding',
      to: 'trading',
      status: 'ok',
    });
    await exchange.close();
  });

  it('reports an accepted transfer as pending when its state cannot be read', async () => {
    const exchange = freshExchange();
    nock(BASE_URL)
      .post('/api/v5/asset/transfer')
      .reply(200, ok([ack]));
    nock(BASE_URL)
      .get('/api/v5/asset/transfer-state')
      .query({ transId: '754147' })
      .reply(503, { code: '50001', msg: 'unavailable', data: [] });
    expect(await exchange.transfer('USDT', 1.5, 'funding', 'trading', { clientTransferId: 'tr1' })).toMatchObject({
      id: '754147',
      status: 'pending',
    });
    await exchange.close();
  });

  it('looks the transfer up by clientId after a lost reply instead of moving funds twice', async () => {
    const exchange = freshExchange({ retry: { maxAttempts: 2, baseDelayMs: 1 } });
    const posts = capture(nock(BASE_URL).post('/api/v5/asset/transfer').reply(500, { code: '50001', msg: 'busy', data: [] }));
    nock(BASE_URL)
      .get('/api/v5/asset/transfer-state')
      .query({ clientId: 'tr1' })
      .reply(200, ok([state]));
    expect(await exchange.transfer('USDT', 1.5, 'funding', 'trading', { clientTransferId: 'tr1' })).toMatchObject({
      id: '754147',
      status: 'ok',
    });
    expect(posts).toHaveLength(1);
    await exchange.close();
  });

  it('refuses other account names, equal accounts, bad amounts and ids before sending; 58350 is InsufficientFunds', async () => {
    const exchange = freshExchange();
    const sent = recordRequests(exchange);
    await expect(exchange.transfer('USDT', 1, 'spot', 'trading')).rejects.toMatchObject({ kind: 'BadRequest' });
    await expect(exchange.transfer('USDT', 1, 'funding', 'funding')).rejects.toMatchObject({ kind: 'BadRequest' });
    await expect(exchange.transfer('USDT', 0, 'funding', 'trading')).rejects.toMatchObject({ kind: 'BadRequest' });
    await expect(exchange.transfer('USDT', 1, 'funding', 'trading', { clientTransferId: 'with-dash' })).rejects.toMatchObject({
      kind: 'BadRequest',
    });
    expect(sent).toEqual([]);
    nock(BASE_URL).post('/api/v5/asset/transfer').reply(200, { code: '58350', msg: 'Insufficient balance', data: [] });
    const error = await exchange.transfer('USDT', 1e9, 'funding', 'trading').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'InsufficientFunds', exchangeCode: '58350' });
    expect(error).not.toHaveProperty('orderState');
    await exchange.close();
  });
});
