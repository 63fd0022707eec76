import nock from 'nock';
import { BASE_URL, fixture, mockInstruments, newExchange, useNock } from './helpers.js';

useNock();

describe('markets from /api/v5/public/instruments (recorded SPOT, SWAP and FUTURES payloads)', () => {
  it('loads spot, linear and inverse perpetuals and dated futures under unified symbols', async () => {
    mockInstruments(false);
    const exchange = newExchange();
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(
      [
        'BTC/USD',
        'ETH/USD',
        'SOL/USD',
        'XRP/USD',
        'USDT/USD',
        'BTC/USD:BTC',
        'ETH/USDT:USDT',
        'BTC/USDT:USDT',
        'BTC/USD:BTC-241220',
        'BTC/USD:BTC-241227',
        'BTC/USD:BTC-250131',
        'BTC/USD:BTC-250228',
        'BTC/USD:BTC-250328',
        'BTC/USD:BTC-250627',
      ].sort(),
    );
    await exchange.close();
  });

  it('reads tick, lot, minimum and state of a spot market', async () => {
    mockInstruments(false);
    const exchange = newExchange();
    const markets = await exchange.loadMarkets();
    const btc = markets['BTC/USD'];
    expect(btc).toMatchObject({
      id: 'BTC-USD',
      base: 'BTC',
      quote: 'USD',
      type: 'spot',
      spot: true,
      contract: false,
      amountUnit: 'base',
      active: true,
      precision: { price: 0.1, amount: 0.00000001 },
      limits: { amount: { min: 0.00001, max: 9999999999 } },
    });
    expect(btc?.settle).toBeUndefined();
    expect(markets['XRP/USD']?.limits.amount.min).toBe(1);
    expect(markets['XRP/USD']?.precision.price).toBe(0.0001);
    await exchange.close();
  });

  it('expresses a linear swap in base units: lot = lotSz × ctVal, min = minSz × ctVal', async () => {
    mockInstruments(false);
    const exchange = newExchange();
    const markets = await exchange.loadMarkets();
    expect(markets['BTC/USDT:USDT']).toMatchObject({
      id: 'BTC-USDT-SWAP',
      base: 'BTC',
      quote: 'USDT',
      settle: 'USDT',
      type: 'swap',
      contract: true,
      linear: true,
      inverse: false,
      contractSize: 0.01,
      amountUnit: 'base',
      precision: { price: 0.1, amount: 0.0001 },
      limits: { amount: { min: 0.0001, max: 1000000 }, leverage: { min: 1, max: 100 } },
    });
    expect(markets['ETH/USDT:USDT']).toMatchObject({
      contractSize: 0.1,
      precision: { price: 0.01, amount: 0.001 },
      limits: { amount: { min: 0.001 } },
    });
    await exchange.close();
  });

  it('keeps inverse contracts in contracts, with the face value as contract size', async () => {
    mockInstruments(false);
    const exchange = newExchange();
    const markets = await exchange.loadMarkets();
    expect(markets['BTC/USD:BTC']).toMatchObject({
      id: 'BTC-USD-SWAP',
      settle: 'BTC',
      linear: false,
      inverse: true,
      contractSize: 100,
      amountUnit: 'contracts',
      precision: { price: 0.1, amount: 1 },
      limits: { amount: { min: 1, max: 100000000 } },
    });
    await exchange.close();
  });

  it('names dated futures by settle currency and yymmdd expiry', async () => {
    mockInstruments(false);
    const exchange = newExchange();
    const markets = await exchange.loadMarkets();
    const future = markets['BTC/USD:BTC-241227'];
    expect(future).toMatchObject({
      id: 'BTC-USD-241227',
      type: 'future',
      inverse: true,
      contractSize: 100,
      expiry: 1735286400000,
      amountUnit: 'contracts',
    });
    expect(Object.values(markets).filter((market) => market.type === 'future')).toHaveLength(6);
    await exchange.close();
  });

  it('leaves options out and marks non-live instruments inactive', async () => {
    const spot = fixture('instruments-spot').response;
    spot.data[1].state = 'suspend';
    nock(BASE_URL).get('/api/v5/public/instruments').query({ instType: 'SPOT' }).reply(200, spot);
    nock(BASE_URL).get('/api/v5/public/instruments').query({ instType: 'SWAP' }).reply(200, fixture('instruments-option').response);
    nock(BASE_URL).get('/api/v5/public/instruments').query({ instType: 'FUTURES' }).reply(200, { code: '0', msg: '', data: [] });
    const exchange = newExchange();
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets)).toHaveLength(5);
    expect(markets['ETH/USD']?.active).toBe(false);
    expect(markets['BTC/USD']?.active).toBe(true);
    await exchange.close();
  });
});
