import type { RateLimitStore } from '@exchange-adapters/core';
import nock from 'nock';
import { WeexExchange } from '../src/index.js';
import { loadFixture, responseText } from './fixtures.js';
import { CONTRACT, createExchange, mockMarkets, SPOT } from './mocks.js';

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

describe('markets', () => {
  it('loads spot and futures markets from their two hosts and keeps the market type with the shared id', async () => {
    mockMarkets();
    const exchange = createExchange();
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'DOGE/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT']);
    expect(markets['ETH/USDT']).toMatchObject({
      id: 'ETHUSDT',
      type: 'spot',
      precision: { price: 0.01, amount: 0.0001 },
      limits: { amount: { min: 0.001, max: 1000 } },
    });
    expect(markets['ETH/USDT:USDT']).toMatchObject({
      id: 'ETHUSDT',
      type: 'swap',
      settle: 'USDT',
      precision: { price: 0.01, amount: 0.001 },
      limits: { amount: { min: 0.001, max: 1200 } },
    });
    expect(exchange.amountToPrecision('ETH/USDT:USDT', '0.12345')).toBe('0.123');
    expect(exchange.priceToPrecision('DOGE/USDT:USDT', 0.123456)).toBe('0.12346');
    await exchange.close();
  });

  it('sends every call to baseUrl when given, spot and futures alike', async () => {
    const origin = 'http://127.0.0.1:9';
    mockMarkets(origin, origin);
    nock(origin).get('/capi/v3/market/depth').query({ symbol: 'ETHUSDT', limit: 15 }).reply(200, responseText('futures-orderbook-weexnet'));
    const exchange = createExchange({ baseUrl: `${origin}/` });
    const book = await exchange.fetchOrderBook('ETH/USDT:USDT');
    expect(book.bids[0]).toEqual([69350.1, 12.5]);
    expect(nock.isDone()).toBe(true);
    await exchange.close();
  });
});

describe('public data', () => {
  it('fetchTime reads the spot time fixture', async () => {
    nock(SPOT).get('/api/v3/time').reply(200, responseText('spot-time'));
    const exchange = createExchange();
    await expect(exchange.fetchTime()).resolves.toBe(1786304644759);
    await exchange.close();
  });

  it('fetchTicker reads the single object spot sends for one symbol', async () => {
    mockMarkets();
    nock(SPOT).get('/api/v3/market/ticker/24hr').query({ symbol: 'ETHUSDT' }).reply(200, {
      symbol: 'ETHUSDT',
      priceChange: '-73.0',
      priceChangePercent: '-0.036720',
      lastPrice: '1915.5',
      bidPrice: '1915.4',
      bidQty: '3.2',
      askPrice: '1915.6',
      askQty: '1.1',
      openPrice: '1988.5',
      highPrice: '1999',
      lowPrice: '1900',
      volume: '12000.5',
      quoteVolume: '23000000',
      openTime: 1786218244759,
      closeTime: 1786304644759,
      count: 5000,
    });
    const exchange = createExchange();
    const ticker = await exchange.fetchTicker('ETH/USDT');
    expect(ticker).toMatchObject({
      symbol: 'ETH/USDT',
      last: 1915.5,
      bid: 1915.4,
      bidSize: 3.2,
      ask: 1915.6,
      askSize: 1.1,
      open: 1988.5,
      high: 1999,
      low: 1900,
      baseVolume: 12000.5,
      quoteVolume: 23000000,
      timestamp: 1786304644759,
    });
    await exchange.close();
  });

  it('fetchTicker for a perpetual picks its item from the futures array and adds the book ticker', async () => {
    mockMarkets();
    nock(CONTRACT)
      .get('/capi/v3/market/ticker/24hr')
      .query({ symbol: 'ETHUSDT' })
      .reply(200, [
        {
          symbol: 'ETHUSDT',
          lastPrice: '1921.65',
          openPrice: '1950',
          highPrice: '1960',
          lowPrice: '1900',
          volume: '500000',
          quoteVolume: '960000000',
          closeTime: 1786304650000,
          markPrice: '1921.7',
          indexPrice: '1921.9',
        },
      ]);
    nock(CONTRACT).get('/capi/v3/market/ticker/bookTicker').query({ symbol: 'ETHUSDT' }).reply(200, responseText('futures-bookticker'));
    const exchange = createExchange();
    const ticker = await exchange.fetchTicker('ETH/USDT:USDT');
    expect(ticker).toMatchObject({ symbol: 'ETH/USDT:USDT', last: 1921.65, bid: 1921.65, bidSize: 47.064, ask: 1921.66, askSize: 47.309 });
    await exchange.close();
  });

  it('fetchTickers returns spot and swap tickers under their own symbols', async () => {
    mockMarkets();
    nock(SPOT)
      .get('/api/v3/market/ticker/24hr')
      .reply(200, [
        { symbol: 'ETHUSDT', lastPrice: '1915.5', closeTime: 1 },
        { symbol: 'NEWUSDT', lastPrice: '1', closeTime: 1 },
      ]);
    nock(CONTRACT)
      .get('/capi/v3/market/ticker/24hr')
      .reply(200, [{ symbol: 'ETHUSDT', lastPrice: '1921.65', closeTime: 2 }]);
    nock(CONTRACT).get('/capi/v3/market/ticker/bookTicker').reply(200, responseText('futures-bookticker'));
    const exchange = createExchange();
    const tickers = await exchange.fetchTickers(['ETH/USDT', 'ETH/USDT:USDT']);
    expect(Object.keys(tickers).sort()).toEqual(['ETH/USDT', 'ETH/USDT:USDT']);
    expect(tickers['ETH/USDT']?.last).toBe(1915.5);
    expect(tickers['ETH/USDT:USDT']).toMatchObject({ last: 1921.65, bid: 1921.65 });
    await exchange.close();
  });

  it('asks for 200 levels when more than 15 are wanted and cuts the book to the limit', async () => {
    mockMarkets();
    const levels = (from: number, step: number) => Array.from({ length: 200 }, (_, i) => [String(from + i * step), '1']);
    nock(SPOT)
      .get('/api/v3/market/depth')
      .query({ symbol: 'ETHUSDT', limit: 200 })
      .reply(200, { lastUpdateId: '123', bids: levels(1000, -0.01), asks: levels(1000.01, 0.01) });
    const exchange = createExchange();
    const book = await exchange.fetchOrderBook('ETH/USDT', 20);
    expect(book.bids).toHaveLength(20);
    expect(book.asks).toHaveLength(20);
    expect(book.bids[0]?.[0]).toBe(1000);
    expect(book.asks[0]?.[0]).toBe(1000.01);
    expect(book.sequence).toBe(123);
    await exchange.close();
  });

  it('fetchTrades reads the futures trades fixture', async () => {
    mockMarkets();
    nock(CONTRACT).get('/capi/v3/market/trades').query({ symbol: 'ETHUSDT', limit: 1 }).reply(200, responseText('futures-trades'));
    const exchange = createExchange();
    const [trade] = await exchange.fetchTrades('ETH/USDT:USDT', undefined, 1);
    expect(trade).toMatchObject({ symbol: 'ETH/USDT:USDT', side: 'buy', price: 2113.69, amount: 0.002, timestamp: 1775595127994 });
    await exchange.close();
  });

  it('fetchOHLCV reads the spot kline fixture', async () => {
    mockMarkets();
    nock(SPOT).get('/api/v3/market/klines').query({ symbol: 'BTCUSDT', interval: '1m' }).reply(200, responseText('spot-klines-weexnet'));
    const exchange = createExchange();
    await expect(exchange.fetchOHLCV('BTC/USDT')).resolves.toEqual([[1764505860000, 68940.1, 68955, 68938.5, 68952.4, 12.345]]);
    await exchange.close();
  });

  it('fetchOHLCV with since asks the futures history endpoint for a startTime/endTime pair', async () => {
    mockMarkets();
    const fixture = loadFixture('futures-klines');
    nock(CONTRACT)
      .get('/capi/v3/market/historyKlines')
      .query({
        symbol: 'ETHUSDT',
        interval: '1m',
        startTime: 1775590200000,
        endTime: 1775590200000 + 5 * 60_000,
        limit: 5,
        priceType: 'LAST',
      })
      .reply(200, fixture.response as object);
    const exchange = createExchange();
    await expect(exchange.fetchOHLCV('ETH/USDT:USDT', '1m', 1775590200000, 5)).resolves.toEqual([
      [1775590200000, 2095.73, 2095.73, 2093.59, 2093.77, 324.399],
    ]);
    await exchange.close();
  });

  it('refuses a timeframe the futures API does not offer, before sending', async () => {
    mockMarkets();
    const exchange = createExchange();
    await expect(exchange.fetchOHLCV('ETH/USDT:USDT', '2h')).rejects.toMatchObject({ kind: 'BadRequest' });
    await exchange.close();
  });
});

describe('rate limits', () => {
  it('charges endpoint weights against 500 per 10 s and the order caps per minute', async () => {
    const reservations: Array<{ key: string; cost: number; limit: number; windowMs: number }> = [];
    const store: RateLimitStore = {
      reserve(requested) {
        reservations.push(...requested);
        return 0;
      },
    };
    mockMarkets();
    nock(CONTRACT)
      .get('/capi/v3/market/ticker/24hr')
      .query(true)
      .reply(200, [{ symbol: 'ETHUSDT', lastPrice: '1' }]);
    nock(CONTRACT).get('/capi/v3/market/ticker/bookTicker').query(true).reply(200, []);
    nock(SPOT).post('/api/v3/order').reply(200, responseText('spot-place-order-weexnet'));
    const exchange = new WeexExchange({ apiKey: 'k', secret: 's', passphrase: 'p', clockSync: false, retry: false, rateLimit: { store } });
    await exchange.fetchTicker('ETH/USDT:USDT');
    await exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '68900' });
    const find = (bucket: string, cost: number) => reservations.find((r) => r.key.startsWith(`weex|${bucket}|`) && r.cost === cost);
    expect(find('contractPublic', 40)).toMatchObject({ limit: 500 });
    expect(find('contractPublic', 40)?.windowMs).toBeGreaterThanOrEqual(10_000);
    expect(find('spotPublic', 20)).toMatchObject({ limit: 500 });
    expect(find('spotPrivate', 5)).toMatchObject({ limit: 500 });
    expect(find('spotPlace', 1)).toMatchObject({ limit: 100 });
    expect(find('spotPlace', 1)?.windowMs).toBeGreaterThanOrEqual(60_000);
    await exchange.close();
  });
});
