import {
  parseCandle,
  parseContractBalances,
  parseContractMarket,
  parseContractOrder,
  parseContractUserTrade,
  parseOrderBook,
  parsePosition,
  parsePublicTrade,
  parseSpotBalances,
  parseSpotMarket,
  parseSpotMyTrade,
  parseSpotOrder,
  parseTicker,
} from '../src/normalize.js';
import {
  bookTickerReplySchema,
  contractBalancesSchema,
  contractExchangeInfoSchema,
  contractOrdersSchema,
  contractUserTradesSchema,
  klinesSchema,
  orderBookSchema,
  positionsSchema,
  publicTradesSchema,
  spotAccountSchema,
  spotExchangeInfoSchema,
  spotMyTradesSchema,
  spotOrdersSchema,
  tickerReplySchema,
} from '../src/schemas.js';
import { loadFixture } from './fixtures.js';

const response = (name: string) => loadFixture(name).response;

describe('markets', () => {
  it('normalizes the spot exchangeInfo fixture, falling back to asset precisions when tick/step are absent', () => {
    const info = spotExchangeInfoSchema.parse(response('spot-instruments-weexnet'));
    const [market] = info.symbols.map(parseSpotMarket);
    expect(market).toMatchObject({
      id: 'BTCUSDT',
      symbol: 'BTC/USDT',
      base: 'BTC',
      quote: 'USDT',
      type: 'spot',
      spot: true,
      contract: false,
      amountUnit: 'base',
      active: true,
      precision: { price: 1e-8, amount: 1e-8 },
      limits: { amount: { min: 0.0001, max: 1000 } },
    });
  });

  it('uses tickSize and stepSize when present and enableTrade for activity', () => {
    const market = parseSpotMarket({
      symbol: 'ETHUSDT',
      status: 'TRADING',
      baseAsset: 'ETH',
      quoteAsset: 'USDT',
      tickSize: '0.01',
      stepSize: '0.00001',
      minTradeAmount: '0.0001',
      maxTradeAmount: '500',
      enableTrade: false,
    });
    expect(market.precision).toEqual({ price: 0.01, amount: 0.00001 });
    expect(market.active).toBe(false);
  });

  it('normalizes the futures exchangeInfo fixture: tick/step from precisions, base-unit limits', () => {
    const info = contractExchangeInfoSchema.parse(response('futures-instruments-weexnet'));
    const [market] = info.symbols.map(parseContractMarket);
    expect(market).toMatchObject({
      id: 'BTCUSDT',
      symbol: 'BTC/USDT:USDT',
      settle: 'USDT',
      type: 'swap',
      contract: true,
      linear: true,
      inverse: false,
      contractSize: 0.000001,
      amountUnit: 'base',
      precision: { price: 0.1, amount: 0.000001 },
      limits: { amount: { min: 0.0001, max: 10000 }, leverage: { min: 1, max: 408 } },
    });
  });

  it('accepts the string-typed precisions of the live capture', () => {
    const [market] = contractExchangeInfoSchema
      .parse({
        symbols: [
          {
            symbol: 'ETHUSDT',
            baseAsset: 'ETH',
            quoteAsset: 'USDT',
            marginAsset: 'USDT',
            pricePrecision: '2',
            quantityPrecision: '3',
            contractVal: '0.001',
            minOrderSize: '0.001',
            maxOrderSize: '1200',
          },
        ],
      })
      .symbols.map(parseContractMarket);
    expect(market?.precision).toEqual({ price: 0.01, amount: 0.001 });
    expect(market?.limits.amount).toEqual({ min: 0.001, max: 1200 });
  });
});

describe('market data', () => {
  it('fills a futures ticker’s bid/ask from the bookTicker fixture', () => {
    const [book] = bookTickerReplySchema.parse(response('futures-bookticker')) as Array<{ symbol: string }>;
    const [ticker] = tickerReplySchema.parse([
      {
        symbol: 'ETHUSDT',
        lastPrice: '1921.65',
        openPrice: '1990.1',
        highPrice: '2001',
        lowPrice: '1900',
        volume: '1000',
        quoteVolume: '1950000',
        closeTime: 1786304650000,
        markPrice: '1921.7',
      },
    ]) as Array<{ symbol: string }>;
    const result = parseTicker(ticker as never, 'ETH/USDT:USDT', 0, book as never);
    expect(result).toMatchObject({
      symbol: 'ETH/USDT:USDT',
      last: 1921.65,
      bid: 1921.65,
      bidSize: 47.064,
      ask: 1921.66,
      askSize: 47.309,
      open: 1990.1,
      baseVolume: 1000,
      timestamp: 1786304650000,
    });
  });

  it('normalizes the futures order book fixture: sorted sides, numbers, sequence', () => {
    const book = parseOrderBook(orderBookSchema.parse(response('futures-orderbook-weexnet')), 'BTC/USDT:USDT');
    expect(book.bids).toEqual([
      [69350.1, 12.5],
      [69349.8, 1.2],
    ]);
    expect(book.asks).toEqual([
      [69351.0, 3.6],
      [69351.2, 0.8],
    ]);
    expect(book.sequence).toBe(1234567890123);
  });

  it('normalizes the futures trades fixture; isBuyerMaker false means the taker bought', () => {
    const [trade] = publicTradesSchema.parse(response('futures-trades')).map((raw) => parsePublicTrade(raw, 'ETH/USDT:USDT'));
    expect(trade).toMatchObject({
      id: 'c437b518-7dbb-4a57-8409-e91fdd18cfbf',
      timestamp: 1775595127994,
      side: 'buy',
      price: 2113.69,
      amount: 0.002,
      cost: 4.22738,
      takerOrMaker: 'taker',
    });
    const sold = parsePublicTrade({ id: 'x', price: '1', qty: '2', time: 1, isBuyerMaker: true }, 'A/B');
    expect(sold.side).toBe('sell');
    expect(sold.cost).toBe(2);
  });

  it('normalizes the spot and futures kline fixtures to [ts, o, h, l, c, volume]', () => {
    expect(klinesSchema.parse(response('spot-klines-weexnet')).map(parseCandle)).toEqual([
      [1764505860000, 68940.1, 68955.0, 68938.5, 68952.4, 12.345],
    ]);
    expect(klinesSchema.parse(response('futures-klines')).map(parseCandle)).toEqual([
      [1775590200000, 2095.73, 2095.73, 2093.59, 2093.77, 324.399],
    ]);
  });
});

describe('accounts', () => {
  it('normalizes the spot account fixture: free, used = locked, total', () => {
    const balances = parseSpotBalances(spotAccountSchema.parse(response('spot-balance-weexnet')));
    expect(balances.assets).toEqual({ BTC: { free: 0.004, used: 0, total: 0.004 }, USDT: { free: 1200, used: 0, total: 1200 } });
  });

  it('normalizes futures balances so free + used = total, exactly', () => {
    const balances = parseContractBalances(
      contractBalancesSchema.parse([{ asset: 'USDT', balance: '100.3', availableBalance: '80.1', frozen: '20.2', unrealizePnl: '0' }]),
    );
    expect(balances.assets.USDT).toEqual({ free: 80.1, used: 20.2, total: 100.3 });
  });
});

describe('amounts outside what a caller may send, as replies carry them', () => {
  it('adds dust below 1e-18 and amounts above 1e21 exactly, without refusing them', () => {
    const spot = parseSpotBalances(
      spotAccountSchema.parse({
        updateTime: 1700000000000,
        balances: [
          { asset: 'shib', free: '0.00000000000000000003', locked: '0.00000000000000000001' },
          { asset: 'pepe', free: '4200000000000000000000000', locked: '1' },
        ],
      }),
    );
    expect(spot.assets.SHIB).toEqual({ free: 3e-20, used: 1e-20, total: 4e-20 });
    expect(spot.assets.PEPE).toEqual({ free: 4.2e24, used: 1, total: 4.2e24 });
    const futures = parseContractBalances(
      contractBalancesSchema.parse([{ asset: 'USDT', balance: '0.00000000000000000005', availableBalance: '0.00000000000000000002' }]),
    );
    expect(futures.assets.USDT).toEqual({ free: 2e-20, used: 3e-20, total: 5e-20 });
  });
});

describe('orders and fills', () => {
  it('normalizes the spot open-orders fixture with the 18-digit id intact', () => {
    const [order] = spotOrdersSchema.parse(response('spot-open-orders-weexnet')).map((raw) => parseSpotOrder(raw, 'BTC/USDT'));
    expect(order).toMatchObject({
      id: '702345678901234567',
      clientOrderId: 'my-spot-order-001',
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      status: 'open',
      price: 68900,
      amount: 0.01,
      filled: 0,
      remaining: 0.01,
      cost: 0,
      timestamp: 1764506000456,
      timeInForce: 'GTC',
    });
    expect(order?.average).toBeUndefined();
  });

  it('computes a spot average price from quote and base filled', () => {
    const order = parseSpotOrder(
      {
        symbol: 'ETHUSDT',
        orderId: '1',
        origQty: '0.3',
        executedQty: '0.2',
        cummulativeQuoteQty: '400.2',
        status: 'PARTIALLY_FILLED',
        type: 'LIMIT',
        side: 'SELL',
        price: '2001',
      },
      'ETH/USDT',
    );
    expect(order).toMatchObject({ status: 'open', filled: 0.2, remaining: 0.1, average: 2001, side: 'sell' });
  });

  it('normalizes the canceled futures history fixture (TAKE_PROFIT_MARKET, price 0 → none)', () => {
    const [order] = contractOrdersSchema
      .parse(response('futures-order-history-canceled'))
      .map((raw) => parseContractOrder(raw, 'DOGE/USDT:USDT'));
    expect(order).toMatchObject({
      id: '737074389744353640',
      clientOrderId: '7bd80776-0c3f-4ed9-ab9c-a616d66fac5e',
      type: 'market',
      side: 'sell',
      status: 'canceled',
      amount: 100,
      filled: 0,
      remaining: 100,
      reduceOnly: true,
      timestamp: 1775732228695,
      timeInForce: 'IOC',
    });
    expect(order?.price).toBeUndefined();
    expect(order?.average).toBeUndefined();
  });

  it('normalizes the futures fills fixture with fee and maker flag', () => {
    const [trade] = contractUserTradesSchema
      .parse(response('futures-fills-weexnet'))
      .map((raw) => parseContractUserTrade(raw, 'BTC/USDT:USDT'));
    expect(trade).toMatchObject({
      id: '801234567890123456',
      orderId: '702345678901234567',
      side: 'buy',
      price: 69000,
      amount: 0.01,
      cost: 690,
      takerOrMaker: 'taker',
      fee: { currency: 'USDT', cost: 0.138 },
      timestamp: 1764506000456,
    });
  });

  it('charges spot fees in the received asset: base on buys, quote on sells', () => {
    const [buy, sell] = spotMyTradesSchema
      .parse([
        { symbol: 'ETHUSDT', id: 1, orderId: 2, price: '2000', qty: '0.1', quoteQty: '200', commission: '0.0001', time: 5, isBuyer: true },
        { symbol: 'ETHUSDT', id: 3, orderId: 4, price: '2000', qty: '0.1', commission: '0.2', time: 6, isBuyer: false },
      ])
      .map((raw) => parseSpotMyTrade(raw, 'ETH/USDT', { base: 'ETH', quote: 'USDT' }));
    expect(buy).toMatchObject({ id: '1', orderId: '2', side: 'buy', cost: 200, fee: { currency: 'ETH', cost: 0.0001 } });
    expect(sell).toMatchObject({ side: 'sell', cost: 200, fee: { currency: 'USDT', cost: 0.2 } });
  });
});

describe('positions', () => {
  it('normalizes the positions fixture: entry = openValue / size, cross margin', () => {
    const [position] = positionsSchema.parse(response('futures-positions-weexnet')).map((raw) => parsePosition(raw, 'BTC/USDT:USDT'));
    expect(position).toMatchObject({
      symbol: 'BTC/USDT:USDT',
      side: 'long',
      amount: 0.02,
      entryPrice: 90053.35,
      unrealizedPnl: -85.569,
      leverage: 100,
      marginMode: 'cross',
    });
    expect(position?.liquidationPrice).toBeUndefined();
    expect(position?.info).toMatchObject({ id: '689987235755328154' });
  });

  it('reads isolated short positions', () => {
    const [position] = positionsSchema
      .parse([
        {
          symbol: 'ETHUSDT',
          side: 'SHORT',
          marginType: 'ISOLATED',
          separatedMode: 'SEPARATED',
          leverage: '10',
          size: '0.036',
          openValue: '72.9',
          unrealizePnl: '1.5',
          liquidatePrice: '2400.5',
        },
      ])
      .map((raw) => parsePosition(raw, 'ETH/USDT:USDT'));
    expect(position).toMatchObject({ side: 'short', marginMode: 'isolated', amount: 0.036, entryPrice: 2025, liquidationPrice: 2400.5 });
  });
});
