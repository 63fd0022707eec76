import nock from 'nock';
import { BASE_URL, fixture, mockInstruments, newExchange, ok, useNock } from './helpers.js';

useNock();

describe('fetchTime', () => {
  it('reads data[0].ts of /api/v5/public/time (recorded)', async () => {
    nock(BASE_URL).get('/api/v5/public/time').reply(200, fixture('time').response);
    const exchange = newExchange();
    await expect(exchange.fetchTime()).resolves.toBe(1712250348676);
    await exchange.close();
  });
});

describe('fetchTicker / fetchTickers', () => {
  it('normalizes the recorded inverse-swap ticker: sizes in contracts, base volume from volCcy24h', async () => {
    mockInstruments();
    nock(BASE_URL).get('/api/v5/market/ticker').query({ instId: 'BTC-USD-SWAP' }).reply(200, fixture('ticker-docs-zh').response);
    const exchange = newExchange();
    const ticker = await exchange.fetchTicker('BTC/USD:BTC');
    expect(ticker).toMatchObject({
      symbol: 'BTC/USD:BTC',
      timestamp: 1620289117764,
      last: 56956.1,
      bid: 56959,
      bidSize: 4552,
      ask: 56959.1,
      askSize: 10582,
      open: 55926,
      high: 57641.1,
      low: 54570.1,
      baseVolume: 81137.755,
      // 46 258 703 contracts × 100 USD face value
      quoteVolume: 4625870300,
    });
    expect((ticker.info as { sodUtc0: string }).sodUtc0).toBe('55926');
    await exchange.close();
  });

  it('converts linear-swap ticker sizes to base units and reads spot volumes as base/quote', async () => {
    mockInstruments();
    const recorded = fixture('ws-tickers').response.data[0];
    nock(BASE_URL)
      .get('/api/v5/market/tickers')
      .query({ instType: 'SWAP' })
      .reply(
        200,
        ok([{ ...recorded, instType: 'SWAP', instId: 'BTC-USDT-SWAP', askSz: '11', bidSz: '5', vol24h: '2222', volCcy24h: '22.22' }]),
      );
    nock(BASE_URL)
      .get('/api/v5/market/tickers')
      .query({ instType: 'SPOT' })
      .reply(200, ok([recorded, { ...recorded, instId: 'UNLISTED-USDT' }]));
    const exchange = newExchange();
    const tickers = await exchange.fetchTickers(['BTC/USDT:USDT', 'BTC/USDT']);
    expect(Object.keys(tickers).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT']);
    expect(tickers['BTC/USDT:USDT']).toMatchObject({ askSize: 0.11, bidSize: 0.05, baseVolume: 22.22, last: 9999.99 });
    expect(tickers['BTC/USDT']).toMatchObject({
      askSize: 11,
      bidSize: 5,
      baseVolume: 2222,
      quoteVolume: 2222,
      bid: 8888.88,
      timestamp: 1597026383085,
    });
    await exchange.close();
  });
});

describe('fetchOrderBook', () => {
  it('reads [px, sz, "0", n] levels of the recorded spot book with its seqId', async () => {
    mockInstruments();
    nock(BASE_URL).get('/api/v5/market/books').query({ instId: 'BTC-USDT', sz: '400' }).reply(200, fixture('books-docs-seqid').response);
    const exchange = newExchange();
    const book = await exchange.fetchOrderBook('BTC/USDT');
    expect(book).toMatchObject({
      symbol: 'BTC/USDT',
      timestamp: 1629966436396,
      sequence: 3235851742,
      asks: [[41006.8, 0.60038921]],
      bids: [[41006.3, 0.30178218]],
    });
    await exchange.close();
  });

  it('gives linear-swap book sizes in base units (contracts × ctVal)', async () => {
    mockInstruments();
    nock(BASE_URL)
      .get('/api/v5/market/books')
      .query({ instId: 'BTC-USDT-SWAP', sz: '2' })
      .reply(
        200,
        ok([
          {
            asks: [
              ['41006.8', '12', '0', '3'],
              ['41007', '1', '0', '1'],
            ],
            bids: [
              ['41006.3', '7', '0', '2'],
              ['41006', '250', '0', '9'],
            ],
            ts: '1629966436396',
            seqId: 7,
          },
        ]),
      );
    const exchange = newExchange();
    const book = await exchange.fetchOrderBook('BTC/USDT:USDT', 2);
    expect(book.asks).toEqual([
      [41006.8, 0.12],
      [41007, 0.01],
    ]);
    expect(book.bids).toEqual([
      [41006.3, 0.07],
      [41006, 2.5],
    ]);
    await exchange.close();
  });

  it.each([
    ['"1e400"', 'data[0].asks[0][1]: expected a decimal number, but it is not a finite number'],
    ['1e400', 'data[0].asks[0][1]: expected a decimal number, but it is not a finite number'],
    ['"NaN"', 'data[0].asks[0][1]: expected a decimal number, but it is not a decimal number'],
    [`"${'9'.repeat(1_000_000)}"`, 'data[0].asks[0][1]: expected a decimal number, but it is longer than 128 characters'],
  ])('refuses a recorded book whose size became %#, naming the field, as BadResponse', async (size, message) => {
    mockInstruments();
    const body = JSON.stringify(fixture('books-docs-seqid').response).replace('"0.60038921"', size);
    nock(BASE_URL).get('/api/v5/market/books').query(true).reply(200, body, { 'content-type': 'application/json' });
    const exchange = newExchange();
    const error = await exchange.fetchOrderBook('BTC/USDT').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'BadResponse' });
    expect((error as Error).message).toContain(message);
    await exchange.close();
  });

  it('reads the same book with validation off as with the fused check on', async () => {
    mockInstruments();
    mockInstruments();
    const recorded = fixture<{ data: Array<Record<string, unknown>> }>('books-docs-seqid').response;
    const levels = [
      ['41006.8', '12', '0', '3'],
      ['41007', '', '0', '0'],
      ['41007.5', '2E-3', '0', '1'],
      [41008, 1.25, '0', '1'],
    ];
    const body = ok([{ ...recorded.data[0], asks: levels, bids: levels.slice(0, 2) }]);
    nock(BASE_URL).get('/api/v5/market/books').query(true).times(4).reply(200, body);
    const [checked, unchecked] = [newExchange(), newExchange({ validateResponses: false })];
    const spot = [await checked.fetchOrderBook('BTC/USDT'), await unchecked.fetchOrderBook('BTC/USDT')];
    const swap = [await checked.fetchOrderBook('BTC/USDT:USDT'), await unchecked.fetchOrderBook('BTC/USDT:USDT')];
    expect(spot[0]?.asks).toEqual([
      [41006.8, 12],
      [41007.5, 0.002],
      [41008, 1.25],
    ]);
    expect(spot[1]).toEqual(spot[0]);
    // Linear swap: contracts × ctVal 0.01, from the wire text.
    expect(swap[0]?.asks).toEqual([
      [41006.8, 0.12],
      [41007.5, 0.00002],
      [41008, 0.0125],
    ]);
    expect(swap[1]).toEqual(swap[0]);
    await Promise.all([checked.close(), unchecked.close()]);
  });

  it('asks books-full for more than 400 levels and refuses a non-integer limit without a request', async () => {
    mockInstruments();
    const scope = nock(BASE_URL)
      .get('/api/v5/market/books-full')
      .query({ instId: 'BTC-USDT', sz: '1000' })
      .reply(200, fixture('books-docs-seqid').response);
    const exchange = newExchange();
    await exchange.fetchOrderBook('BTC/USDT', 1000);
    expect(scope.isDone()).toBe(true);
    await expect(exchange.fetchOrderBook('BTC/USDT', 2.5)).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});

describe('fetchTrades', () => {
  it('normalizes the recorded trades oldest first with exact cost', async () => {
    mockInstruments();
    nock(BASE_URL).get('/api/v5/market/trades').query({ instId: 'BTC-USDT', limit: '100' }).reply(200, fixture('trades-nautilus').response);
    const exchange = newExchange();
    const trades = await exchange.fetchTrades('BTC/USDT');
    expect(trades.map((trade) => [trade.id, trade.side, trade.price, trade.amount, trade.cost, trade.timestamp])).toEqual([
      ['734864332', 'buy', 102537.9, 0.0000125, 1.28172375, 1747087161666],
      ['734864333', 'sell', 102537.9, 0.00013669, 14.015905551, 1747087163557],
    ]);
    expect(trades[0]?.symbol).toBe('BTC/USDT');
    await exchange.close();
  });

  it('filters by since and converts linear contracts to base units', async () => {
    mockInstruments();
    nock(BASE_URL)
      .get('/api/v5/market/trades')
      .query({ instId: 'BTC-USDT-SWAP', limit: '2' })
      .reply(
        200,
        ok([
          { instId: 'BTC-USDT-SWAP', tradeId: '2', px: '50000', sz: '3', side: 'sell', ts: '2000' },
          { instId: 'BTC-USDT-SWAP', tradeId: '1', px: '50000', sz: '1', side: 'buy', ts: '1000' },
        ]),
      );
    const exchange = newExchange();
    const trades = await exchange.fetchTrades('BTC/USDT:USDT', 1500, 2);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ id: '2', amount: 0.03, cost: 1500, side: 'sell' });
    await exchange.close();
  });
});

describe('fetchOHLCV', () => {
  it('maps 1h to bar 1H and returns the recorded newest-first candles oldest first', async () => {
    mockInstruments();
    nock(BASE_URL)
      .get('/api/v5/market/candles')
      .query({ instId: 'BTC-USDT', bar: '1H', limit: '3' })
      .reply(200, fixture('candles').response);
    const exchange = newExchange();
    const candles = await exchange.fetchOHLCV('BTC/USDT', '1h', undefined, 3);
    expect(candles).toEqual([
      [1706630400000, 43377.1, 43500, 43220.9, 43495.9, 7137.30786672],
      [1706634000000, 43495.9, 43591.7, 43300, 43398.6, 4492.95408114],
      [1706637600000, 43398.6, 43493.9, 43279.9, 43373.9, 5070.79611732],
    ]);
    await exchange.close();
  });

  it('uses UTC-aligned bars for a day, base volume for contracts, and an after/before window for since', async () => {
    mockInstruments();
    const now = Date.UTC(2024, 0, 31);
    const since = now - 10 * 86_400_000;
    nock(BASE_URL)
      .get('/api/v5/market/candles')
      .query({ instId: 'BTC-USDT-SWAP', bar: '1Dutc', limit: '2', after: String(since + 2 * 86_400_000), before: String(since - 1) })
      .reply(
        200,
        ok([
          [String(since + 86_400_000), '2', '3', '1', '2.5', '400', '4', '10', '0'],
          [String(since), '1', '2', '0.5', '2', '100', '1', '1.5', '1'],
        ]),
      );
    const exchange = newExchange({ now: () => now });
    const candles = await exchange.fetchOHLCV('BTC/USDT:USDT', '1d', since, 2);
    expect(candles).toEqual([
      [since, 1, 2, 0.5, 2, 1],
      [since + 86_400_000, 2, 3, 1, 2.5, 4],
    ]);
    await exchange.close();
  });

  it('reads old ranges from history-candles and refuses an unknown timeframe', async () => {
    mockInstruments();
    const now = Date.UTC(2024, 0, 31);
    const since = now - 2000 * 60_000;
    const scope = nock(BASE_URL).get('/api/v5/market/history-candles').query(true).reply(200, ok([]));
    const exchange = newExchange({ now: () => now });
    await expect(exchange.fetchOHLCV('BTC/USDT', '1m', since)).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
    await expect(exchange.fetchOHLCV('BTC/USDT', '8h')).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});
