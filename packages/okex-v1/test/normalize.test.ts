import { isExchangeError } from '@exchange-adapters/core';
import { futuresMarket, futuresSymbol, spotMarkets } from '../src/markets.js';
import {
  futuresOrderStatus,
  inversePnl,
  normalizeBalances,
  normalizeFuturesBalances,
  normalizeFuturesOrder,
  normalizeFuturesTicker,
  normalizeOHLCV,
  normalizeOrderBook,
  normalizePositions,
  normalizeSpotOrder,
  normalizeTicker,
  normalizeTickers,
  normalizeTrades,
  ordersDataLiteral,
  parseCancelReply,
  spotOrderStatus,
} from '../src/normalize.js';
import {
  batchTradeSchema,
  cancelSchema,
  depthSchema,
  futurePositionSchema,
  futuresOrdersSchema,
  futureTickerSchema,
  futureUserinfoSchema,
  klineSchema,
  orderHistorySchema,
  orderIdSchema,
  spotOrdersSchema,
  tickerSchema,
  tradesSchema,
  userinfoSchema,
} from '../src/schemas.js';
import { fixture } from './fixtures.js';

describe('spot market data fixtures', () => {
  it('spot-ticker: string values, date in seconds, bid/ask from buy/sell', () => {
    const wire = tickerSchema.parse(fixture('spot-ticker'));
    const ticker = normalizeTicker(wire, 'LTC/BTC');
    expect(ticker).toMatchObject({
      symbol: 'LTC/BTC',
      timestamp: 1410431279000,
      last: 33.15,
      bid: 33.15,
      ask: 33.16,
      high: 34.15,
      low: 32.05,
      baseVolume: 10532696.39199642,
    });
    expect(ticker.bidSize).toBeUndefined();
    expect(ticker.info).toEqual(fixture('spot-ticker'));
  });

  it('spot-depth: asks arrive highest first and come back ascending; bids descending', () => {
    const book = normalizeOrderBook(depthSchema.parse(fixture('spot-depth')), 'LTC/BTC');
    expect(book.asks).toEqual([
      [787.27, 0.02],
      [788.43, 0.036],
      [788.99, 0.042],
      [789.68, 0.018],
      [792, 5],
    ]);
    expect(book.bids[0]).toEqual([787.1, 0.35]);
    expect(book.bids.at(-1)).toEqual([785.04, 5.04]);
    expect(book.bids).toHaveLength(7);
    expect(book.timestamp).toBeUndefined();
  });

  it('spot-trades: string ids and dates, number price and amount, exact cost', () => {
    const trades = normalizeTrades(tradesSchema.parse(fixture('spot-trades')), 'LTC/BTC');
    expect(trades).toHaveLength(3);
    expect(trades[0]).toMatchObject({
      id: '230433',
      symbol: 'LTC/BTC',
      timestamp: 1367130137000,
      side: 'sell',
      price: 787.71,
      amount: 0.003,
      cost: 2.36313,
    });
    expect(trades[2]).toMatchObject({ id: '230435', price: 787.5, amount: 0.091, cost: 71.6625 });
  });

  it('spot-kline: six-item candles, oldest first', () => {
    expect(normalizeOHLCV(klineSchema.parse(fixture('spot-kline')))).toEqual([
      [1417449600000, 2339.11, 2383.15, 2322, 2369.85, 83850.06],
      [1417536000000, 2370.16, 2380, 2352, 2367.37, 17259.83],
    ]);
  });

  it('reads numeric strings in candles and reorders newest-first replies', () => {
    expect(
      normalizeOHLCV([
        ['1417536000000', '2', '3', '1', '2.5', '10'],
        [1417449600000, 1, 2, 0.5, 1.5, 5],
      ]),
    ).toEqual([
      [1417449600000, 1, 2, 0.5, 1.5, 5],
      [1417536000000, 2, 3, 1, 2.5, 10],
    ]);
  });

  it('tickers.do maps known pairs and skips the rest', () => {
    const wire = {
      date: '1410431279',
      tickers: [
        { symbol: 'btc_usdt', buy: '100.1', sell: '100.2', last: '100.15', high: '101', low: '99', vol: '12.5' },
        { symbol: 'xyz_usdt', buy: '1', sell: '1', last: '1' },
      ],
    };
    const tickers = normalizeTickers(wire, (pair) => (pair === 'btc_usdt' ? 'BTC/USDT' : undefined));
    expect(Object.keys(tickers)).toEqual(['BTC/USDT']);
    expect(tickers['BTC/USDT']).toMatchObject({ timestamp: 1410431279000, bid: 100.1, ask: 100.2, last: 100.15, baseVolume: 12.5 });
  });
});

describe('spot account fixtures', () => {
  it('spot-userinfo: free + freezed, currencies upper-cased', () => {
    const balances = normalizeBalances(userinfoSchema.parse(fixture('spot-userinfo')));
    expect(Object.keys(balances.assets).sort()).toEqual(['BTC', 'ETH', 'LTC']);
    expect(balances.assets.BTC).toEqual({ free: 0, used: 0, total: 0 });
  });

  it('spot-wallet_info: the frozen map is named holds', () => {
    const balances = normalizeBalances(userinfoSchema.parse(fixture('spot-wallet_info')));
    expect(balances.assets.LTC).toEqual({ free: 0, used: 0, total: 0 });
    const funded = normalizeBalances({ info: { funds: { free: { btc: '0.1' }, holds: { btc: '0.2', usdt: '5' } } } });
    expect(funded.assets.BTC).toEqual({ free: 0.1, used: 0.2, total: 0.3 });
    expect(funded.assets.USDT).toEqual({ free: 0, used: 5, total: 5 });
  });

  it('adds free and frozen as decimals (0.1 + 0.2 = 0.3)', () => {
    const balances = normalizeBalances({ info: { funds: { free: { btc: '0.1' }, freezed: { btc: '0.2' } } } });
    expect(balances.assets.BTC?.total).toBe(0.3);
  });

  it('adds dust below 1e-18 and amounts above 1e21 as the reply carries them, without refusing them', () => {
    const balances = normalizeBalances(
      userinfoSchema.parse({
        result: true,
        info: {
          funds: {
            free: { shib: '0.00000000000000000003', pepe: '4200000000000000000000000' },
            freezed: { shib: '0.00000000000000000001' },
          },
        },
      }),
    );
    expect(balances.assets.SHIB).toEqual({ free: 3e-20, used: 1e-20, total: 4e-20 });
    expect(balances.assets.PEPE).toEqual({ free: 4.2e24, used: 0, total: 4.2e24 });
    // "" is "not applicable": 0 in free, used and the total alike.
    const blank = normalizeBalances(userinfoSchema.parse({ result: true, info: { funds: { free: { btc: '' }, freezed: { btc: '2' } } } }));
    expect(blank.assets.BTC).toEqual({ free: 0, used: 2, total: 2 });
  });

  it('spot-trade: the order id is a number on the wire', () => {
    expect(String(orderIdSchema.parse(fixture('spot-trade')).order_id)).toBe('123456');
  });

  it('spot-order_info: two open limit orders, with the echoed symbol resolved by the caller', () => {
    const wire = spotOrdersSchema.parse(fixture('spot-order_info'));
    const [first, second] = wire.orders.map((order) => normalizeSpotOrder(order, 'order_info', { symbol: 'BTC/USD' }));
    expect(first).toMatchObject({
      id: '10000591',
      clientOrderId: '',
      symbol: 'BTC/USD',
      type: 'limit',
      side: 'sell',
      status: 'open',
      price: 500,
      amount: 0.1,
      filled: 0,
      remaining: 0.1,
      cost: 0,
      timestamp: 1418008467000,
    });
    expect(first?.average).toBeUndefined();
    expect(second).toMatchObject({ id: '10000724', side: 'buy', price: 0.1, amount: 0.2, remaining: 0.2, timestamp: 1417417957000 });
  });

  it('spot-orders_info: a partial fill, open and cancelled; no create_date means timestamp 0', () => {
    const wire = spotOrdersSchema.parse(fixture('spot-orders_info'));
    const [open, canceled] = wire.orders.map((order) =>
      normalizeSpotOrder(order, 'orders_info', { symbol: 'BTC/USD', clientOrderId: 'mine' }),
    );
    expect(open).toMatchObject({
      id: '15088',
      clientOrderId: 'mine',
      status: 'open',
      price: 811,
      amount: 1.39901357,
      filled: 1,
      remaining: 0.39901357,
      average: 811,
      cost: 811,
      timestamp: 0,
    });
    expect(canceled).toMatchObject({ status: 'canceled', filled: 1, remaining: 0.39901357 });
  });

  it('spot-order_history: a filled order with zeros', () => {
    const wire = orderHistorySchema.parse(fixture('spot-order_history'));
    expect(wire.total).toBe(3);
    const [order] = wire.orders;
    if (!order) throw new Error('fixture has no order');
    expect(normalizeSpotOrder(order, 'order_history', { symbol: 'BTC/USD' })).toMatchObject({
      id: '0',
      status: 'closed',
      side: 'sell',
      amount: 0,
      filled: 0,
      timestamp: 1405562100000,
    });
  });

  it('market orders: buy_market price is quote spent, not a price; amount falls back to the filled quantity', () => {
    const order = normalizeSpotOrder(
      { order_id: 7, status: 2, type: 'buy_market', price: 100, amount: 0, deal_amount: 0.002, avg_price: 49_000, create_date: 1 },
      'order_history',
      { symbol: 'BTC/USDT' },
    );
    expect(order).toMatchObject({
      type: 'market',
      side: 'buy',
      status: 'closed',
      amount: 0.002,
      filled: 0.002,
      remaining: 0,
      average: 49_000,
      cost: 98,
      timeInForce: 'IOC',
    });
    expect(order.price).toBeUndefined();
  });

  it('spot-batch_trade: per-item error_code with order_id -1', () => {
    const wire = batchTradeSchema.parse(fixture('spot-batch_trade'));
    expect(wire.order_info.map((item) => [String(item.order_id), item.error_code])).toEqual([
      ['41724206', undefined],
      ['-1', 10011],
      ['-1', 10014],
    ]);
  });

  it('spot-cancel_order-batch: success and error lists per id', () => {
    const outcome = parseCancelReply(cancelSchema.parse(fixture('spot-cancel_order-batch')), ['123456', '123457', '123458']);
    expect([...outcome.canceled]).toEqual(['123456', '123457']);
    expect([...outcome.failed.entries()]).toEqual([
      ['123458', undefined],
      ['123459', undefined],
    ]);
  });
});

describe('order status codes: the docs disagree, both forms are mapped (§3.5)', () => {
  it.each([
    [-1, 'canceled', 'canceled', 'canceled'],
    [0, 'open', 'open', 'open'],
    [1, 'open', 'open', 'open'],
    [2, 'closed', 'closed', 'closed'],
    [3, 'canceled', 'canceled', 'canceled'],
    [4, 'rejected', 'canceled', 'canceled'],
    [5, 'open', 'open', 'open'],
  ])('spot %s → order_info %s, orders_info %s, order_history %s', (code, orderInfo, ordersInfo, history) => {
    expect(spotOrderStatus(code, 'order_info')).toBe(orderInfo);
    expect(spotOrderStatus(String(code), 'orders_info')).toBe(ordersInfo);
    expect(spotOrderStatus(code, 'order_history')).toBe(history);
  });

  it('futures: 4 cancel in process and 5 cancelling/cancelled are canceled; strings accepted', () => {
    expect(['-1', '0', '1', '2', '4', '5'].map(futuresOrderStatus)).toEqual(['canceled', 'open', 'open', 'closed', 'canceled', 'canceled']);
  });

  it('an unknown status is a BadResponse, never a guess', () => {
    let caught: unknown;
    try {
      spotOrderStatus(9, 'order_info');
    } catch (error) {
      caught = error;
    }
    expect(isExchangeError(caught, 'BadResponse')).toBe(true);
  });
});

describe('futures fixtures', () => {
  const ticker = futureTickerSchema.parse(fixture('futures-future_ticker'));
  const market = futuresMarket('btc', 'this_week', String(ticker.ticker.contract_id), Number(ticker.ticker.unit_amount), ticker);

  it('futures-future_ticker: contract_id 20140926012 gives BTC/USD:BTC-140926, an inverse contract of 100 USD', () => {
    expect(market).toMatchObject({
      id: '20140926012',
      symbol: 'BTC/USD:BTC-140926',
      base: 'BTC',
      quote: 'USD',
      settle: 'BTC',
      type: 'future',
      inverse: true,
      linear: false,
      contractSize: 100,
      amountUnit: 'contracts',
      expiry: Date.UTC(2014, 8, 26),
      precision: { amount: 1 },
      limits: { amount: { min: 1 } },
      info: { pair: 'btc_usd', contractType: 'this_week', contractId: '20140926012' },
    });
  });

  it('futures-future_ticker normalizes with number values and the quote volume in USD', () => {
    expect(normalizeFuturesTicker(ticker, 'BTC/USD:BTC-140926', 100)).toMatchObject({
      timestamp: 1411627632000,
      last: 409.2,
      bid: 408.23,
      ask: 409.18,
      high: 432,
      low: 405.71,
      quoteVolume: 5516800,
    });
  });

  it('builds unified futures symbols from contract ids and rejects ids without a date', () => {
    expect(futuresSymbol('ltc', '20190628013')).toBe('LTC/USD:LTC-190628');
    expect(futuresSymbol('btc', '12345')).toBeUndefined();
    expect(futuresMarket('btc', 'quarter', '20191345012', 100, {})).toBeUndefined();
  });

  it('futures-future_depth: sorted like spot, amounts in contracts', () => {
    const book = normalizeOrderBook(depthSchema.parse(fixture('futures-future_depth')), 'BTC/USD:BTC-140926');
    expect(book.asks[0]).toEqual([411.3, 16]);
    expect(book.asks.at(-1)).toEqual([411.8, 6]);
    expect(book.bids[0]).toEqual([410.65, 12]);
  });

  it('futures-future_trades: numbers, contracts as amount, cost in USD', () => {
    const trades = normalizeTrades(tradesSchema.parse(fixture('futures-future_trades')), 'LTC/USD:LTC-140926', 10);
    expect(trades[0]).toMatchObject({ id: '37', timestamp: 140807646000, side: 'buy', price: 7.076, amount: 11, cost: 110 });
    expect(trades[1]).toMatchObject({ id: '39', timestamp: 1408076464000, side: 'sell', amount: 100, cost: 1000 });
  });

  it('futures-future_kline: seven items, volume in contracts kept', () => {
    expect(normalizeOHLCV(klineSchema.parse(fixture('futures-future_kline')))).toEqual([
      [1440308700000, 233.37, 233.48, 233.37, 233.48, 52],
      [1440308760000, 233.38, 233.38, 233.27, 233.37, 186],
    ]);
  });

  it('futures-future_order_info: string status and type read as open long', () => {
    const wire = futuresOrdersSchema.parse(fixture('futures-future_order_info'));
    const [order] = wire.orders;
    if (!order) throw new Error('fixture has no order');
    expect(normalizeFuturesOrder(order, { symbol: 'LTC/USD:LTC-140815' })).toMatchObject({
      id: '106837',
      side: 'buy',
      reduceOnly: false,
      status: 'open',
      type: 'limit',
      price: 1111,
      amount: 111,
      filled: 1,
      remaining: 110,
      cost: 100,
      timestamp: 1408076414000,
    });
  });

  it('futures-future_orders_info: numeric status and type', () => {
    const wire = futuresOrdersSchema.parse(fixture('futures-future_orders_info'));
    const orders = wire.orders.map((order) => normalizeFuturesOrder(order, { symbol: 'BTC/USD:BTC-150213' }));
    expect(orders.map((order) => order.id)).toEqual(['200144', '200146', '200147']);
    expect(orders[2]).toMatchObject({ side: 'buy', status: 'open', amount: 1, price: 1, timestamp: 1424932917000 });
  });

  it('futures type codes: 3 closes a long (sell), 4 closes a short (buy)', () => {
    const base = { order_id: 1, status: 0, amount: 1, create_date: 1 };
    expect(normalizeFuturesOrder({ ...base, type: 2 }, { symbol: 'S' })).toMatchObject({ side: 'sell', reduceOnly: false });
    expect(normalizeFuturesOrder({ ...base, type: 3 }, { symbol: 'S' })).toMatchObject({ side: 'sell', reduceOnly: true });
    expect(normalizeFuturesOrder({ ...base, type: '4' }, { symbol: 'S', type: 'market' })).toMatchObject({
      side: 'buy',
      reduceOnly: true,
      type: 'market',
    });
  });

  it('futures-future_trade and future_cancel: numeric and string ids', () => {
    expect(String(orderIdSchema.parse(fixture('futures-future_trade')).order_id)).toBe('986');
    expect([...parseCancelReply(cancelSchema.parse(fixture('futures-future_cancel')), ['986']).canceled]).toEqual(['986']);
    expect([...parseCancelReply(cancelSchema.parse(fixture('futures-future_cancel-single-cn')), ['161277']).canceled]).toEqual(['161277']);
  });

  it('futures-future_cancel-batch: failures carry their error code after a colon', () => {
    const outcome = parseCancelReply(cancelSchema.parse(fixture('futures-future_cancel-batch')), ['161251', '161256']);
    expect([...outcome.canceled]).toEqual(['161256']);
    expect(outcome.failed.get('161251')).toBe('20015');
  });

  it('futures-future_position: a long of 1 contract with the liquidation price and computed PnL', () => {
    const wire = futurePositionSchema.parse(fixture('futures-future_position'));
    const positions = normalizePositions(wire, { symbolOf: (id) => futuresSymbol('btc', id) ?? '?', contractSize: 100, markPrice: 450 });
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({
      symbol: 'BTC/USD:BTC-141219',
      side: 'long',
      amount: 1,
      contracts: 1,
      entryPrice: 422.78,
      markPrice: 450,
      leverage: 10,
      marginMode: 'cross',
      liquidationPrice: 0.07,
    });
    // 1 × 100 × (1/422.78 − 1/450) BTC
    expect(positions[0]?.unrealizedPnl).toBeCloseTo(100 * (1 / 422.78 - 1 / 450), 12);
  });

  it('inverse PnL flips sign for shorts', () => {
    expect(inversePnl('short', 2, 100, 500, 400)).toBeCloseTo(-2 * 100 * (1 / 500 - 1 / 400), 12);
    expect(inversePnl('long', 2, 100, 500, 400)).toBeLessThan(0);
  });

  it('futures-future_userinfo: equity, margin in use, and the rest free', () => {
    const balances = normalizeFuturesBalances(futureUserinfoSchema.parse(fixture('futures-future_userinfo')));
    expect(balances.assets.BTC).toEqual({ total: 1, used: 0, free: 1 });
    expect(balances.assets.LTC).toEqual({ total: 2, used: 2.22, free: -0.22 });
  });
});

describe('market table', () => {
  it('ships spot pairs with the note’s per-coin minimum sizes', () => {
    const markets = spotMarkets();
    const btc = markets.find((market) => market.id === 'btc_usdt');
    const ltc = markets.find((market) => market.id === 'ltc_btc');
    expect(btc).toMatchObject({
      symbol: 'BTC/USDT',
      base: 'BTC',
      quote: 'USDT',
      type: 'spot',
      amountUnit: 'base',
      limits: { amount: { min: 0.01 } },
    });
    expect(ltc).toMatchObject({ symbol: 'LTC/BTC', limits: { amount: { min: 0.1 } } });
    expect(markets.map((market) => market.symbol)).toContain('ETH/USDT');
  });

  it('lets options replace pairs and override minimum sizes', () => {
    const markets = spotMarkets(['btc_usd', { id: 'eth_usdt', minAmount: 0.5, priceTick: 0.01 }], { btc: 0.001 });
    expect(markets.map((market) => [market.symbol, market.limits.amount.min, market.precision.price])).toEqual([
      ['BTC/USD', 0.001, 0.00000001],
      ['ETH/USDT', 0.5, 0.01],
    ]);
    expect(() => spotMarkets(['BTC-USDT'])).toThrow(/not a v1 pair/);
  });

  it('writes orders_data in the documented literal form', () => {
    expect(
      ordersDataLiteral([
        { price: '3', amount: '5', type: 'sell' },
        { price: '3', amount: '3', type: 'buy' },
      ]),
    ).toBe("[{price:3,amount:5,type:'sell'},{price:3,amount:3,type:'buy'}]");
  });
});
