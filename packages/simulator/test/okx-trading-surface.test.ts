/**
 * The OKX v5 trading-surface routes over HTTP, signed by the test's own client: shapes follow the
 * recorded payloads (shared/fixtures/okx), behaviour the engine driven by explicit price moves.
 */
import { type Simulator, startSimulator } from '../src/index.js';
import { fixture, okx } from './helpers.js';

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('OKX v5 trading surface', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11 });
    sim.market.hold('BTC/USDT', '60000');
  });
  afterAll(() => sim.close());

  const order = (body: Record<string, unknown>) => okx(sim, 'POST', '/api/v5/trade/order', { body });

  it('amends a resting order in place, echoing reqId, and fills it when the new price crosses', async () => {
    const placed = await order({
      instId: 'BTC-USDT',
      tdMode: 'cash',
      side: 'buy',
      ordType: 'limit',
      px: '59000',
      sz: '0.01',
      clOrdId: 'am1',
    });
    const ordId = placed.body.data[0].ordId;
    const amended = await okx(sim, 'POST', '/api/v5/trade/amend-order', {
      body: { instId: 'BTC-USDT', ordId, newSz: '0.02', reqId: 'r1' },
    });
    expect(amended.body).toMatchObject({ code: '0', data: [{ ordId, clOrdId: 'am1', reqId: 'r1', sCode: '0' }] });
    let detail = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT', ordId } });
    expect(detail.body.data[0]).toMatchObject({ sz: '0.02', px: '59000', state: 'live' });
    await okx(sim, 'POST', '/api/v5/trade/amend-order', { body: { instId: 'BTC-USDT', clOrdId: 'am1', newPx: '60100' } });
    detail = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT', ordId } });
    expect(detail.body.data[0]).toMatchObject({ px: '60100', state: 'filled', accFillSz: '0.02' });
    expect(Number(detail.body.data[0].avgPx)).toBeLessThanOrEqual(60100);
  });

  it('answers the amend error codes of the protocol notes', async () => {
    const none = await okx(sim, 'POST', '/api/v5/trade/amend-order', { body: { instId: 'BTC-USDT', ordId: '1', newSz: '0.02' } });
    expect(none.body).toMatchObject({ code: '1', data: [{ sCode: '51503' }] });
    const nothing = await okx(sim, 'POST', '/api/v5/trade/amend-order', { body: { instId: 'BTC-USDT', ordId: '1' } });
    expect(nothing.body.data[0].sCode).toBe('51500');
    const placed = await order({ instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'buy', ordType: 'limit', px: '50000', sz: '1' });
    const ordId = placed.body.data[0].ordId;
    const lot = await okx(sim, 'POST', '/api/v5/trade/amend-order', { body: { instId: 'BTC-USDT-SWAP', ordId, newSz: '1.5' } });
    expect(lot.body.data[0].sCode).toBe('51121');
    await okx(sim, 'POST', '/api/v5/trade/cancel-order', { body: { instId: 'BTC-USDT-SWAP', ordId } });
    const canceled = await okx(sim, 'POST', '/api/v5/trade/amend-order', { body: { instId: 'BTC-USDT-SWAP', ordId, newSz: '2' } });
    expect(canceled.body.data[0].sCode).toBe('51509');
  });

  it('places a trigger order with the recorded ack shape and lists it as orders-algo-pending does', async () => {
    const placed = await okx(sim, 'POST', '/api/v5/trade/order-algo', {
      body: {
        instId: 'BTC-USDT-SWAP',
        tdMode: 'cross',
        side: 'buy',
        ordType: 'trigger',
        sz: '2',
        triggerPx: '61000',
        orderPx: '-1',
        algoClOrdId: 'trig1',
        attachAlgoOrds: [{ slTriggerPx: '59500', slOrdPx: '-1', slTriggerPxType: 'last' }],
      },
    });
    const recordedAck = (fixture('okx', 'place-algo-order').response as { data: object[] }).data[0] as object;
    expect(keysOf(placed.body.data[0])).toEqual(keysOf(recordedAck));
    expect(placed.body.data[0]).toMatchObject({ algoClOrdId: 'trig1', sCode: '0' });
    const algoId = placed.body.data[0].algoId;
    const pending = await okx(sim, 'GET', '/api/v5/trade/orders-algo-pending', { query: { ordType: 'trigger', instId: 'BTC-USDT-SWAP' } });
    const recorded = (fixture('okx', 'orders-algo-pending').response as { data: Record<string, unknown>[] }).data[0] as Record<
      string,
      unknown
    >;
    const item = pending.body.data.find((row: { algoId: string }) => row.algoId === algoId);
    for (const key of Object.keys(recorded)) expect(item).toHaveProperty(key);
    expect(item).toMatchObject({ ordType: 'trigger', triggerPx: '61000', ordPx: '-1', sz: '2', state: 'live', algoClOrdId: 'trig1' });
    expect(item.attachAlgoOrds[0]).toMatchObject({ slTriggerPx: '59500', slOrdPx: '-1' });
    const needsType = await okx(sim, 'GET', '/api/v5/trade/orders-algo-pending', {});
    expect(needsType.body.code).toBe('50014');
  });

  it('fires the trigger when the moved price crosses it: the algo turns effective, its order fills, the attached stop-loss waits', async () => {
    sim.market.hold('BTC/USDT', '61200');
    const detail = await okx(sim, 'GET', '/api/v5/trade/order-algo', { query: { algoClOrdId: 'trig1' } });
    expect(detail.body.data[0]).toMatchObject({ state: 'effective', actualSz: '2' });
    const ordId = detail.body.data[0].ordId;
    const filled = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT-SWAP', ordId } });
    expect(filled.body.data[0]).toMatchObject({ state: 'filled', accFillSz: '2', side: 'buy' });
    const positions = await okx(sim, 'GET', '/api/v5/account/positions', { query: { instId: 'BTC-USDT-SWAP' } });
    expect(positions.body.data[0]).toMatchObject({ pos: '2', posSide: 'net' });
    const tpsl = await okx(sim, 'GET', '/api/v5/trade/orders-algo-pending', { query: { ordType: 'conditional,oco' } });
    expect(tpsl.body.data).toHaveLength(1);
    expect(tpsl.body.data[0]).toMatchObject({ ordType: 'conditional', side: 'sell', slTriggerPx: '59500', sz: '2', reduceOnly: 'true' });
  });

  it('closes the position at market with the client id given, and says 51023 when there is none', async () => {
    const closed = await okx(sim, 'POST', '/api/v5/trade/close-position', {
      body: { instId: 'BTC-USDT-SWAP', mgnMode: 'cross', clOrdId: 'close1' },
    });
    expect(closed.body).toMatchObject({ code: '0', data: [{ instId: 'BTC-USDT-SWAP', posSide: 'net', clOrdId: 'close1' }] });
    const order = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT-SWAP', clOrdId: 'close1' } });
    expect(order.body.data[0]).toMatchObject({ state: 'filled', side: 'sell', sz: '2', reduceOnly: 'true' });
    const again = await okx(sim, 'POST', '/api/v5/trade/close-position', { body: { instId: 'BTC-USDT-SWAP', mgnMode: 'cross' } });
    expect(again.body.code).toBe('51023');
    // The stop-loss of the closed position is gone.
    sim.market.hold('BTC/USDT', '61201');
    const tpsl = await okx(sim, 'GET', '/api/v5/trade/orders-algo-pending', { query: { ordType: 'conditional,oco' } });
    expect(tpsl.body.data).toEqual([]);
  });

  it('cancels trigger orders by algoClOrdId with the recorded reply shape', async () => {
    await okx(sim, 'POST', '/api/v5/trade/order-algo', {
      body: {
        instId: 'BTC-USDT-SWAP',
        tdMode: 'cross',
        side: 'sell',
        ordType: 'trigger',
        sz: '1',
        triggerPx: '55000',
        orderPx: '-1',
        algoClOrdId: '1234abcd',
      },
    });
    const canceled = await okx(sim, 'POST', '/api/v5/trade/cancel-algos', { body: [{ instId: 'BTC-USDT-SWAP', algoClOrdId: '1234abcd' }] });
    const recorded = (fixture('okx', 'cancel-algos').response as { data: object[] }).data[0] as object;
    expect(keysOf(canceled.body.data[0])).toEqual(keysOf(recorded));
    expect(canceled.body.data[0]).toMatchObject({ algoClOrdId: '1234abcd', sCode: '0' });
    const twice = await okx(sim, 'POST', '/api/v5/trade/cancel-algos', { body: [{ instId: 'BTC-USDT-SWAP', algoClOrdId: '1234abcd' }] });
    expect(twice.body.data[0].sCode).toBe('51400');
  });

  it('attaches TP/SL to an order, refusing a take-profit below a buy’s limit price (51046)', async () => {
    const wrong = await order({
      instId: 'BTC-USDT-SWAP',
      tdMode: 'cross',
      side: 'buy',
      ordType: 'limit',
      px: '61000',
      sz: '1',
      attachAlgoOrds: [{ tpTriggerPx: '60000', tpOrdPx: '-1' }],
    });
    expect(wrong.body.data[0].sCode).toBe('51046');
    const right = await order({
      instId: 'BTC-USDT-SWAP',
      tdMode: 'cross',
      side: 'buy',
      ordType: 'limit',
      px: '50000',
      sz: '1',
      attachAlgoOrds: [{ attachAlgoClOrdId: 'att1', tpTriggerPx: '70000', tpOrdPx: '-1', slTriggerPx: '45000', slOrdPx: '-1' }],
    });
    const detail = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT-SWAP', ordId: right.body.data[0].ordId } });
    expect(detail.body.data[0]).toMatchObject({ tpTriggerPx: '70000', slTriggerPx: '45000', attachAlgoClOrdId: 'att1' });
    await okx(sim, 'POST', '/api/v5/trade/cancel-order', { body: { instId: 'BTC-USDT-SWAP', ordId: right.body.data[0].ordId } });
  });

  it('publishes funding rate, history after a settlement, mark and index prices', async () => {
    sim.funding.setRate('BTC/USDT:USDT', '0.00015');
    const rate = await okx(sim, 'GET', '/api/v5/public/funding-rate', { query: { instId: 'BTC-USDT-SWAP' } });
    expect(rate.body.data[0]).toMatchObject({ instId: 'BTC-USDT-SWAP', instType: 'SWAP', fundingRate: '0.00015' });
    const fundingTime = Number(rate.body.data[0].fundingTime);
    expect(fundingTime % (8 * 3_600_000)).toBe(0);
    expect(Number(rate.body.data[0].nextFundingTime) - fundingTime).toBe(8 * 3_600_000);
    const settled = sim.funding.settle('BTC/USDT:USDT').filter((item) => item.exchange === 'okx');
    expect(settled).toHaveLength(1);
    const history = await okx(sim, 'GET', '/api/v5/public/funding-rate-history', { query: { instId: 'BTC-USDT-SWAP' } });
    expect(history.body.data[0]).toMatchObject({ fundingRate: '0.00015', realizedRate: '0.00015', fundingTime: String(settled[0]?.time) });
    const mark = await okx(sim, 'GET', '/api/v5/public/mark-price', { query: { instType: 'SWAP', instId: 'BTC-USDT-SWAP' } });
    expect(mark.body.data[0]).toMatchObject({ instId: 'BTC-USDT-SWAP', markPx: '61201' });
    const index = await okx(sim, 'GET', '/api/v5/market/index-tickers', { query: { instId: 'BTC-USDT' } });
    expect(index.body.data[0]).toMatchObject({ instId: 'BTC-USDT', idxPx: '61201' });
    const spot = await okx(sim, 'GET', '/api/v5/public/funding-rate', { query: { instId: 'BTC-USDT' } });
    expect(spot.body.code).toBe('51001');
  });

  it('reports leverage per margin mode and the fee rates, negative when charged', async () => {
    await okx(sim, 'POST', '/api/v5/account/set-leverage', { body: { instId: 'BTC-USDT-SWAP', lever: '7', mgnMode: 'isolated' } });
    const leverage = await okx(sim, 'GET', '/api/v5/account/leverage-info', { query: { instId: 'BTC-USDT-SWAP', mgnMode: 'isolated' } });
    expect(leverage.body.data).toEqual([{ instId: 'BTC-USDT-SWAP', mgnMode: 'isolated', posSide: 'net', lever: '7' }]);
    const fee = await okx(sim, 'GET', '/api/v5/account/trade-fee', { query: { instType: 'SWAP' } });
    expect(fee.body.data[0]).toMatchObject({ instType: 'SWAP', maker: '-0.0008', taker: '-0.001', makerU: '-0.0008', takerU: '-0.001' });
  });

  it('moves funds from the funding account to the trading account, findable by clientId', async () => {
    const credentials = sim.credentials.okx;
    const before = await okx(sim, 'GET', '/api/v5/asset/balances', { query: { ccy: 'USDT' }, credentials });
    const recorded = (fixture('okx', 'balance-funding').response as { data: object[] }).data[0] as object;
    expect(keysOf(before.body.data[0])).toEqual(keysOf(recorded));
    expect(before.body.data[0]).toMatchObject({ ccy: 'USDT', bal: '50000', availBal: '50000' });
    const moved = await okx(sim, 'POST', '/api/v5/asset/transfer', {
      body: { ccy: 'USDT', amt: '1500.25', from: '6', to: '18', type: '0', clientId: 'tr1' },
      credentials,
    });
    expect(moved.body.data[0]).toMatchObject({ ccy: 'USDT', amt: '1500.25', from: '6', to: '18', clientId: 'tr1' });
    const state = await okx(sim, 'GET', '/api/v5/asset/transfer-state', { query: { clientId: 'tr1' }, credentials });
    expect(state.body.data[0]).toMatchObject({ state: 'success', transId: moved.body.data[0].transId, amt: '1500.25' });
    const after = await okx(sim, 'GET', '/api/v5/asset/balances', { query: { ccy: 'USDT' }, credentials });
    expect(after.body.data[0].bal).toBe('48499.75');
    const tooMuch = await okx(sim, 'POST', '/api/v5/asset/transfer', {
      body: { ccy: 'USDT', amt: '999999', from: '6', to: '18' },
      credentials,
    });
    expect(tooMuch.body.code).toBe('58350');
    const unknown = await okx(sim, 'GET', '/api/v5/asset/transfer-state', { query: { clientId: 'nope' }, credentials });
    expect(unknown.body).toMatchObject({ code: '0', data: [] });
  });
});
