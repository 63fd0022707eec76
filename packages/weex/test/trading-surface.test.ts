/**
 * WEEX wire handling of the trading surface: conditional orders and TP/SL, funding, mark price,
 * leverage and modes, closing positions, fees; recorded payloads from shared/fixtures/weex, and
 * Weex.Net's documented shapes where no recording exists (conditional-order ack, funding history).
 */
import { isExchangeError } from '@exchange-adapters/core';
import nock from 'nock';
import { loadFixture, responseText } from './fixtures.js';
import { type Captured, CONTRACT, capture, createExchange, mockMarkets, SPOT } from './mocks.js';

beforeAll(() => {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
});
afterEach(() => nock.cleanAll());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

const recorded = (name: string) => loadFixture(name) as { request: { body: unknown }; response: unknown };

function mockLastTrade(symbol: string, price: string) {
  nock(CONTRACT)
    .get('/capi/v3/market/trades')
    .query({ symbol, limit: 1 })
    .reply(200, [{ id: 'a1b2', price, qty: '100', quoteQty: '1', time: 1775753432000, isBuyerMaker: false, isBestMatch: true }]);
}

describe('conditional orders', () => {
  it('sends a reduce-only sell stop as the recorded STOP_MARKET on the LONG side and reads the ack', async () => {
    mockMarkets();
    mockLastTrade('DOGEUSDT', '0.02');
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/algoOrder')
      .reply(capture(seen, { orderId: '737163324495496552', clientOrderId: 'stop-1', success: true, errorCode: '', errorMessage: '' }));
    const exchange = createExchange();
    const order = await exchange.createOrder({
      symbol: 'DOGE/USDT:USDT',
      type: 'market',
      side: 'sell',
      amount: 100,
      triggerPrice: '0.01',
      reduceOnly: true,
      clientOrderId: 'stop-1',
    });
    expect(seen[0]?.body).toEqual({
      symbol: 'DOGEUSDT',
      side: 'SELL',
      positionSide: 'LONG',
      type: 'STOP_MARKET',
      quantity: '100',
      triggerPrice: '0.01',
      clientAlgoId: 'stop-1',
    });
    expect(order).toMatchObject({
      id: '737163324495496552',
      clientOrderId: 'stop-1',
      status: 'open',
      triggerPrice: 0.01,
      amount: 100,
      side: 'sell',
    });
    await exchange.close();
  });

  it('maps direction and execution to the four V3 types: a buy that fires on a fall is TAKE_PROFIT, a limit drops _MARKET', async () => {
    mockMarkets();
    mockLastTrade('DOGEUSDT', '0.02');
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/algoOrder')
      .reply(capture(seen, { orderId: '1', clientOrderId: 'tp-1', success: true, errorCode: '', errorMessage: '' }));
    const exchange = createExchange();
    await exchange.createOrder({
      symbol: 'DOGE/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: 100,
      price: '0.0151',
      triggerPrice: '0.015',
      triggerDirection: 'below',
      takeProfit: { triggerPrice: '0.03' },
      stopLoss: { triggerPrice: '0.012' },
      clientOrderId: 'tp-1',
    });
    expect(seen[0]?.body).toMatchObject({
      side: 'BUY',
      positionSide: 'LONG',
      type: 'TAKE_PROFIT',
      price: '0.0151',
      triggerPrice: '0.015',
      presetTakeProfitPrice: '0.03',
      presetStopLossPrice: '0.012',
    });
    await exchange.close();
  });

  it('refuses triggers on spot and limit-priced legs before anything is sent', async () => {
    mockMarkets();
    const exchange = createExchange();
    const sent: string[] = [];
    exchange.on('request', (event) => sent.push(event.path));
    const spot = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: 0.01, triggerPrice: 1 })
      .catch((e: unknown) => e);
    expect(spot).toMatchObject({ kind: 'NotSupported', orderState: 'not-placed' });
    const leg = await exchange
      .createOrder({
        symbol: 'DOGE/USDT:USDT',
        type: 'limit',
        side: 'buy',
        amount: 100,
        price: '0.02',
        stopLoss: { triggerPrice: '0.01', price: '0.009' },
      })
      .catch((e: unknown) => e);
    expect(isExchangeError(leg, 'NotSupported')).toBe(true);
    expect(sent.filter((path) => !path.includes('exchangeInfo'))).toEqual([]);
    await exchange.close();
  });

  it('lists the recorded open conditional order with its values', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/openAlgoOrders').query({ symbol: 'DOGEUSDT' }).reply(200, responseText('futures-open-algo-orders'));
    const exchange = createExchange();
    expect(await exchange.fetchOpenOrders('DOGE/USDT:USDT', { trigger: true })).toEqual([
      {
        id: '737163324495496552',
        clientOrderId: 'f3c80a0c-0962-4d3d-abd8-0c7c7e1290d9',
        symbol: 'DOGE/USDT:USDT',
        type: 'market',
        side: 'sell',
        status: 'open',
        price: undefined,
        amount: 100,
        filled: 0,
        remaining: 100,
        timestamp: 1775753432392,
        lastUpdateTimestamp: 1775753432392,
        reduceOnly: true,
        triggerPrice: 0.01,
        stopLossPrice: undefined,
        takeProfitPrice: undefined,
        info: (recorded('futures-open-algo-orders').response as unknown[])[0],
      },
    ]);
    expect(await exchange.fetchOpenOrders('BTC/USDT', { trigger: true })).toEqual([]);
    await exchange.close();
  });

  it('cancels a conditional order with one DELETE, and maps a failed item to OrderNotFound', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(CONTRACT)
      .delete('/capi/v3/algoOrder')
      .query({ orderId: '712345678901234567' })
      .reply(capture(seen, { orderId: '712345678901234567', origClientOrderId: '', success: true, errorCode: '', errorMessage: '' }));
    const exchange = createExchange();
    expect(await exchange.cancelOrder('712345678901234567', 'DOGE/USDT:USDT', { trigger: true })).toMatchObject({
      id: '712345678901234567',
      status: 'canceled',
      symbol: 'DOGE/USDT:USDT',
    });
    expect(seen).toHaveLength(1);
    nock(CONTRACT)
      .delete('/capi/v3/algoOrder')
      .query({ orderId: '5' })
      .reply(200, { orderId: '5', origClientOrderId: '', success: false, errorCode: '-3200', errorMessage: 'FAILED_ORDER_NOT_FOUND' });
    await expect(exchange.cancelOrder('5', 'DOGE/USDT:USDT', { trigger: true })).rejects.toMatchObject({ kind: 'OrderNotFound' });
    await exchange.close();
  });

  it('sends TP/SL trigger prices on a futures order as in the recorded request, checked against the last price', async () => {
    mockMarkets();
    mockLastTrade('DOGEUSDT', '0.1');
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/order')
      .reply(capture(seen, responseText('futures-place-order-tpsl')));
    const exchange = createExchange();
    const body = recorded('futures-place-order-tpsl').request.body as Record<string, string>;
    const order = await exchange.createOrder({
      symbol: 'DOGE/USDT:USDT',
      type: 'market',
      side: 'buy',
      amount: 100,
      clientOrderId: body.newClientOrderId,
      stopLoss: { triggerPrice: body.slTriggerPrice as string },
      takeProfit: { triggerPrice: body.tpTriggerPrice as string },
    });
    expect(seen[0]?.body).toEqual(body);
    expect(order).toMatchObject({
      id: '737191855984215401',
      status: 'open',
      stopLossPrice: Number(body.slTriggerPrice),
      takeProfitPrice: Number(body.tpTriggerPrice),
    });
    mockLastTrade('DOGEUSDT', '0.3');
    const wrong = await exchange
      .createOrder({ symbol: 'DOGE/USDT:USDT', type: 'market', side: 'buy', amount: 100, takeProfit: { triggerPrice: '0.2' } })
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    await exchange.close();
  });
});

describe('funding and mark price', () => {
  it('reads the recorded premium index as the funding rate, with mark, index and the 8 h cycle', async () => {
    mockMarkets();
    nock(CONTRACT)
      .get('/capi/v3/market/premiumIndex')
      .query({ symbol: 'ETHUSDT' })
      .times(2)
      .reply(200, responseText('futures-funding-rate'));
    const exchange = createExchange();
    expect(await exchange.fetchFundingRate('ETH/USDT:USDT')).toMatchObject({
      symbol: 'ETH/USDT:USDT',
      fundingRate: 0.00001031,
      fundingTimestamp: 1775606400000,
      nextFundingRate: 0.0000546,
      markPrice: 2128.98,
      indexPrice: 2129.575,
      interval: 28_800_000,
      timestamp: 1775597392681,
    });
    expect(await exchange.fetchMarkPrice('ETH/USDT:USDT')).toMatchObject({
      markPrice: 2128.98,
      indexPrice: 2129.575,
      timestamp: 1775597392681,
    });
    await expect(exchange.fetchFundingRate('ETH/USDT')).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });

  it('reads funding history from startTime, oldest first', async () => {
    mockMarkets();
    nock(CONTRACT)
      .get('/capi/v3/market/fundingRate')
      .query({ symbol: 'BTCUSDT', startTime: 1764500000000, limit: 2 })
      .reply(200, [
        { symbol: 'BTCUSDT', fundingRate: '0.0001', fundingTime: 1764534400000, markPrice: '69300.0' },
        { symbol: 'BTCUSDT', fundingRate: '0.00025', fundingTime: 1764506000456, markPrice: '69250.0' },
      ]);
    const exchange = createExchange();
    const history = await exchange.fetchFundingRateHistory('BTC/USDT:USDT', 1764500000000, 2);
    expect(history.map((entry) => [entry.timestamp, entry.fundingRate])).toEqual([
      [1764506000456, 0.00025],
      [1764534400000, 0.0001],
    ]);
    await exchange.close();
  });

  it('puts the futures ticker’s mark and index on the ticker', async () => {
    mockMarkets();
    nock(CONTRACT)
      .get('/capi/v3/market/ticker/24hr')
      .query({ symbol: 'ETHUSDT' })
      .reply(200, [{ symbol: 'ETHUSDT', lastPrice: '1921.65', closeTime: 1786304650000, markPrice: '1921.7', indexPrice: '1921.9' }]);
    nock(CONTRACT).get('/capi/v3/market/ticker/bookTicker').query({ symbol: 'ETHUSDT' }).reply(200, responseText('futures-bookticker'));
    const exchange = createExchange();
    expect(await exchange.fetchTicker('ETH/USDT:USDT')).toMatchObject({ markPrice: 1921.7, indexPrice: 1921.9 });
    await exchange.close();
  });
});

describe('leverage and modes', () => {
  it('reads isolated long/short leverage from the recorded symbolConfig, cross from the Weex.Net one', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/symbolConfig').query({ symbol: 'ETHUSDT' }).reply(200, responseText('futures-symbol-config'));
    nock(CONTRACT)
      .get('/capi/v3/account/symbolConfig')
      .query({ symbol: 'BTCUSDT' })
      .reply(200, responseText('futures-symbol-config-weexnet'));
    const exchange = createExchange();
    expect(await exchange.fetchLeverage('ETH/USDT:USDT')).toMatchObject({
      symbol: 'ETH/USDT:USDT',
      marginMode: 'isolated',
      leverage: 14,
      longLeverage: 14,
      shortLeverage: 12,
    });
    expect(await exchange.fetchLeverage('BTC/USDT:USDT')).toMatchObject({ marginMode: 'cross', leverage: 20 });
    await exchange.close();
  });

  it('sets the margin mode with the recorded body; both recorded success envelopes are successes', async () => {
    mockMarkets();
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/account/marginType')
      .reply(capture(seen, responseText('futures-set-margin-mode')))
      .post('/capi/v3/account/marginType')
      .reply(200, responseText('futures-set-margin-mode-weexnet'));
    const exchange = createExchange();
    await exchange.setMarginMode('cross', 'DOGE/USDT:USDT');
    expect(seen[0]?.body).toEqual(recorded('futures-set-margin-mode').request.body);
    await expect(exchange.setMarginMode('isolated', 'DOGE/USDT:USDT')).resolves.toBeUndefined();
    await exchange.close();
  });

  it('sets the position mode per symbol keeping its margin type, and needs a symbol', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/symbolConfig').query({ symbol: 'ETHUSDT' }).reply(200, responseText('futures-symbol-config'));
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/account/marginType')
      .reply(capture(seen, { code: '200', msg: 'success', requestTime: '1775775560197' }));
    const exchange = createExchange();
    await exchange.setPositionMode(true, 'ETH/USDT:USDT');
    expect(seen[0]?.body).toEqual({ symbol: 'ETHUSDT', marginType: 'ISOLATED', separatedType: 'SEPARATED' });
    await expect(exchange.setPositionMode(false)).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});

describe('closePosition', () => {
  it('closes every side through closePositions (recorded reply) and reads the closing order', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/position/allPosition').reply(200, responseText('futures-positions-weexnet'));
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/closePositions')
      .reply(capture(seen, responseText('futures-close-position')));
    nock(CONTRACT).get('/capi/v3/order').query({ orderId: '737218018890744168' }).reply(200, {
      symbol: 'BTCUSDT',
      orderId: '737218018890744168',
      clientOrderId: '',
      origQty: '0.020000',
      executedQty: '0.020000',
      avgPrice: '86000.0',
      cumQuote: '1720',
      price: '0.0',
      side: 'SELL',
      positionSide: 'LONG',
      reduceOnly: true,
      status: 'FILLED',
      type: 'MARKET',
      time: '1775775560197',
    });
    const exchange = createExchange();
    const orders = await exchange.closePosition('BTC/USDT:USDT');
    expect(seen[0]?.body).toEqual({ symbol: 'BTCUSDT' });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: '737218018890744168', status: 'closed', side: 'sell', filled: 0.02, reduceOnly: true });
    await exchange.close();
  });

  it('closes one side with a reduce-only market order, and nothing when flat', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/position/allPosition').times(2).reply(200, responseText('futures-positions-weexnet'));
    mockLastTrade('BTCUSDT', '86000');
    const seen: Captured[] = [];
    nock(CONTRACT)
      .post('/capi/v3/order')
      .reply(capture(seen, responseText('futures-place-order-weexnet')));
    const exchange = createExchange();
    const orders = await exchange.closePosition('BTC/USDT:USDT', 'long');
    expect(seen[0]?.body).toMatchObject({ symbol: 'BTCUSDT', side: 'SELL', positionSide: 'LONG', type: 'MARKET', quantity: '0.02' });
    expect(orders).toHaveLength(1);
    expect(await exchange.closePosition('BTC/USDT:USDT', 'short')).toEqual([]);
    await exchange.close();
  });
});

describe('fees and transfers', () => {
  it('reads futures fees per symbol (recorded commissionRate) and spot fees from the spot account', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/account/commissionRate').query({ symbol: 'DOGEUSDT' }).reply(200, responseText('futures-trading-fee'));
    nock(SPOT).get('/api/v3/account/').reply(200, responseText('spot-balance-weexnet'));
    const exchange = createExchange();
    const fees = await exchange.fetchTradingFees(['DOGE/USDT:USDT', 'BTC/USDT']);
    expect(fees['DOGE/USDT:USDT']).toMatchObject({ symbol: 'DOGE/USDT:USDT', maker: 0.0002, taker: 0.0008 });
    expect(fees['BTC/USDT']).toMatchObject({ maker: 0.001, taker: 0.001 });
    await exchange.close();
  });

  it('has no documented transfer endpoint: transfer is NotSupported and says so, nothing sent', async () => {
    const exchange = createExchange();
    expect(exchange.has.transfer).toBe(false);
    const error = await exchange.transfer('USDT', 10, 'spot', 'swap').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'NotSupported' });
    expect((error as { hint: string }).hint).toMatch(/transferRecords/);
    await exchange.close();
  });
});
