import nock from 'nock';
import { BASE_URL, capture, fixture, mockAccountConfig, mockInstruments, newExchange, ok, useNock } from './helpers.js';

useNock();

describe('fetchBalance', () => {
  it('reads the recorded trading account: free = availBal, used = frozenBal, total = eq', async () => {
    nock(BASE_URL).get('/api/v5/account/balance').reply(200, fixture('balance-docs').response);
    const exchange = newExchange();
    const balances = await exchange.fetchBalance();
    expect(balances.timestamp).toBe(1705474164160);
    expect(balances.assets).toEqual({ USDT: { free: 4834.317093622894, used: 158.573, total: 4992.890093622894 } });
    await exchange.close();
  });

  it("answers type 'swap' from the same unified account and refuses other types", async () => {
    // The recorded WebSocket account push carries the same balance object as the REST reply.
    nock(BASE_URL)
      .get('/api/v5/account/balance')
      .reply(200, ok(fixture('ws-account').response.data));
    const exchange = newExchange();
    const balances = await exchange.fetchBalance({ type: 'swap' });
    expect(balances.assets.BTC).toEqual({ free: 0.0000000051, used: 0, total: 0.0000000051 });
    expect(balances.assets.ETH).toEqual({ free: 0.000000185, used: 0, total: 0.000000185 });
    await expect(exchange.fetchBalance({ type: 'margin' as 'spot' })).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});

describe('fetchPositions', () => {
  it('normalizes the recorded inverse cross and isolated positions (contracts stay contracts)', async () => {
    mockInstruments();
    const cross = fixture('position-inverse-cross').response;
    const isolated = fixture('position-inverse-isolated').response;
    nock(BASE_URL)
      .get('/api/v5/account/positions')
      .query({ instId: 'BTC-USD-SWAP' })
      .reply(200, ok([...cross.data, ...isolated.data]));
    const exchange = newExchange();
    const [first, second] = await exchange.fetchPositions(['BTC/USD:BTC']);
    expect(first).toMatchObject({
      symbol: 'BTC/USD:BTC',
      side: 'long',
      amount: 1,
      contracts: 1,
      entryPrice: 91957.1,
      markPrice: 92057.4,
      unrealizedPnl: 0.0000011848325084,
      leverage: 20,
      marginMode: 'cross',
      liquidationPrice: 89.11497615226264,
    });
    expect(second).toMatchObject({
      side: 'long',
      amount: 1,
      entryPrice: 92300,
      markPrice: 92376.7,
      leverage: 3,
      marginMode: 'isolated',
      liquidationPrice: 69536.6125000014,
    });
    await exchange.close();
  });

  it('reads a signed net-mode position of a linear swap in base units and skips flat ones', async () => {
    mockInstruments();
    const recorded = fixture('position-inverse-cross').response.data[0];
    nock(BASE_URL)
      .get('/api/v5/account/positions')
      .reply(
        200,
        ok([
          { ...recorded, instId: 'BTC-USDT-SWAP', posSide: 'net', pos: '-25', avgPx: '60000', liqPx: '' },
          { ...recorded, instId: 'ETH-USDT-SWAP', posSide: 'net', pos: '0' },
          { ...recorded, instType: 'OPTION', instId: 'BTC-USD-241217-92000-C', pos: '1' },
        ]),
      );
    const exchange = newExchange();
    const positions = await exchange.fetchPositions();
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({ symbol: 'BTC/USDT:USDT', side: 'short', contracts: 25, amount: 0.25, entryPrice: 60000 });
    expect(positions[0]?.liquidationPrice).toBeUndefined();
    await exchange.close();
  });
});

describe('setLeverage', () => {
  it('posts instId, lever and mgnMode (recorded docs reply)', async () => {
    mockInstruments();
    const captured = capture(nock(BASE_URL).post('/api/v5/account/set-leverage').reply(200, fixture('set-leverage').response));
    const exchange = newExchange();
    await exchange.setLeverage(5, 'BTC/USDT:USDT');
    expect(JSON.parse(captured[0]?.body ?? '')).toEqual({ instId: 'BTC-USDT-SWAP', lever: '5', mgnMode: 'cross' });
    await exchange.close();
  });

  it('sets both sides of an isolated leverage in long/short mode, and refuses spot', async () => {
    mockInstruments();
    mockAccountConfig('long_short_mode');
    const captured = capture(nock(BASE_URL).post('/api/v5/account/set-leverage').times(2).reply(200, fixture('set-leverage').response));
    const exchange = newExchange();
    await exchange.setLeverage(5, 'BTC/USDT:USDT', { marginMode: 'isolated' });
    expect(captured.map((request) => JSON.parse(request.body))).toEqual([
      { instId: 'BTC-USDT-SWAP', lever: '5', mgnMode: 'isolated', posSide: 'long' },
      { instId: 'BTC-USDT-SWAP', lever: '5', mgnMode: 'isolated', posSide: 'short' },
    ]);
    await expect(exchange.setLeverage(5, 'BTC/USDT')).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});
