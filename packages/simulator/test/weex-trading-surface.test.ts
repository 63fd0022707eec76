/**
 * The WEEX V3 futures trading-surface routes over HTTP: conditional orders, TP/SL on orders,
 * closing positions, premium index and funding history, position combine type. Shapes follow the
 * recorded payloads in shared/fixtures/weex.
 */
import { type Simulator, startSimulator } from '../src/index.js';
import { fixture, weex } from './helpers.js';

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('WEEX V3 trading surface', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 12 });
    sim.market.hold('BTC/USDT', '60000');
  });
  afterAll(() => sim.close());

  it('places a STOP_MARKET conditional order and lists it with the recorded field set', async () => {
    const placed = await weex(sim, 'POST', '/capi/v3/algoOrder', {
      body: {
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'LONG',
        type: 'STOP_MARKET',
        quantity: '0.01',
        triggerPrice: '61000',
        clientAlgoId: 'algo-1',
        presetStopLossPrice: '59000',
      },
    });
    expect(placed.body).toMatchObject({ clientOrderId: 'algo-1', success: true, errorCode: '', errorMessage: '' });
    const algoId = placed.body.orderId;
    const open = await weex(sim, 'GET', '/capi/v3/openAlgoOrders', { query: { symbol: 'BTCUSDT' } });
    const recorded = (fixture('weex', 'futures-open-algo-orders').response as object[])[0] as object;
    const item = open.body.find((row: { algoId: string }) => row.algoId === algoId);
    expect(keysOf(item)).toEqual(keysOf(recorded));
    expect(item).toMatchObject({
      clientAlgoId: 'algo-1',
      algoType: 'CONDITIONAL',
      orderType: 'STOP_MARKET',
      side: 'BUY',
      positionSide: 'LONG',
      quantity: '0.01',
      algoStatus: 'UNTRIGGERED',
      triggerPrice: '61000.0',
      slTriggerPrice: '59000.0',
    });
  });

  it('fires the stop when the price rises through it, opening the long, and places its preset stop-loss', async () => {
    sim.market.hold('BTC/USDT', '61100');
    const open = await weex(sim, 'GET', '/capi/v3/openAlgoOrders', { query: { symbol: 'BTCUSDT' } });
    expect(open.body).toHaveLength(1);
    expect(open.body[0]).toMatchObject({ algoType: 'TPSL', side: 'SELL', positionSide: 'LONG', slTriggerPrice: '59000.0' });
    const all = await weex(sim, 'GET', '/capi/v3/allAlgoOrders', { query: { symbol: 'BTCUSDT' } });
    expect(all.body.orders.find((row: { clientAlgoId: string }) => row.clientAlgoId === 'algo-1')).toMatchObject({
      algoStatus: 'TRIGGERED',
    });
    const positions = await weex(sim, 'GET', '/capi/v3/account/position/allPosition');
    expect(positions.body[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'LONG', size: '0.01' });
  });

  it('closes the positions of a symbol with the recorded reply shape', async () => {
    const closed = await weex(sim, 'POST', '/capi/v3/closePositions', { body: { symbol: 'BTCUSDT' } });
    const recorded = (fixture('weex', 'futures-close-position').response as object[])[0] as object;
    expect(closed.body).toHaveLength(1);
    expect(keysOf(closed.body[0])).toEqual(keysOf(recorded));
    expect(closed.body[0]).toMatchObject({ success: true, errorMessage: '' });
    const order = await weex(sim, 'GET', '/capi/v3/order', { query: { orderId: closed.body[0].successOrderId } });
    expect(order.body).toMatchObject({ side: 'SELL', positionSide: 'LONG', status: 'FILLED', executedQty: '0.01' });
    const positions = await weex(sim, 'GET', '/capi/v3/account/position/allPosition');
    expect(positions.body).toEqual([]);
    const none = await weex(sim, 'POST', '/capi/v3/closePositions', { body: { symbol: 'BTCUSDT' } });
    expect(none.body).toEqual([]);
  });

  it('cancels a conditional order, and says so when it is gone', async () => {
    const placed = await weex(sim, 'POST', '/capi/v3/algoOrder', {
      body: {
        symbol: 'BTCUSDT',
        side: 'SELL',
        positionSide: 'SHORT',
        type: 'STOP',
        quantity: '0.01',
        triggerPrice: '55000',
        price: '54900',
      },
    });
    const canceled = await weex(sim, 'DELETE', '/capi/v3/algoOrder', { query: { orderId: placed.body.orderId } });
    expect(canceled.body).toMatchObject({ orderId: placed.body.orderId, success: true });
    const again = await weex(sim, 'DELETE', '/capi/v3/algoOrder', { query: { orderId: placed.body.orderId } });
    expect(again.body).toMatchObject({ success: false, errorCode: '-3200' });
  });

  it('attaches TP/SL trigger prices to a futures order; the take-profit closes the long', async () => {
    const placed = await weex(sim, 'POST', '/capi/v3/order', {
      body: {
        symbol: 'BTCUSDT',
        side: 'BUY',
        positionSide: 'LONG',
        type: 'MARKET',
        quantity: '0.02',
        newClientOrderId: 'tpsl-entry',
        tpTriggerPrice: '62000',
        slTriggerPrice: '60000',
      },
    });
    expect(placed.body.success).toBe(true);
    const open = await weex(sim, 'GET', '/capi/v3/openAlgoOrders', { query: { symbol: 'BTCUSDT' } });
    expect(open.body).toHaveLength(1);
    expect(open.body[0]).toMatchObject({ algoType: 'TPSL', quantity: '0.02', tpTriggerPrice: '62000.0', slTriggerPrice: '60000.0' });
    sim.market.hold('BTC/USDT', '62050');
    const positions = await weex(sim, 'GET', '/capi/v3/account/position/allPosition');
    expect(positions.body).toEqual([]);
  });

  it('publishes the premium index with the recorded field set and the settled funding history', async () => {
    sim.funding.setRate('BTC/USDT:USDT', '0.0001');
    const premium = await weex(sim, 'GET', '/capi/v3/market/premiumIndex', { query: { symbol: 'BTCUSDT' }, signed: false });
    const recorded = (fixture('weex', 'futures-funding-rate').response as object[])[0] as object;
    expect(keysOf(premium.body[0])).toEqual(keysOf(recorded));
    expect(premium.body[0]).toMatchObject({ symbol: 'BTCUSDT', markPrice: '62050', lastFundingRate: '0.00010000', collectCycle: '480' });
    const settled = sim.funding.settle('BTC/USDT:USDT').find((item) => item.exchange === 'weex');
    const history = await weex(sim, 'GET', '/capi/v3/market/fundingRate', { query: { symbol: 'BTCUSDT' }, signed: false });
    expect(history.body.at(-1)).toEqual({ symbol: 'BTCUSDT', fundingRate: '0.00010000', fundingTime: settled?.time, markPrice: '62050' });
  });

  it('stores the position combine type with the margin type and reports it in symbolConfig', async () => {
    const set = await weex(sim, 'POST', '/capi/v3/account/marginType', {
      body: { symbol: 'ETHUSDT', marginType: 'CROSSED', separatedType: 'SEPARATED' },
    });
    expect(set.body).toMatchObject({ code: '200', msg: 'success' });
    const config = await weex(sim, 'GET', '/capi/v3/account/symbolConfig', { query: { symbol: 'ETHUSDT' } });
    expect(config.body[0]).toMatchObject({ symbol: 'ETHUSDT', marginType: 'CROSSED', separatedType: 'SEPARATED' });
    const bad = await weex(sim, 'POST', '/capi/v3/account/marginType', {
      body: { symbol: 'ETHUSDT', marginType: 'CROSSED', separatedType: 'HEDGE' },
    });
    expect(bad.body.code).toBe(-1142);
  });
});
