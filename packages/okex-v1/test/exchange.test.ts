import { inspect } from 'node:util';
import { type ExchangeError, isExchangeError } from '@exchange-adapters/core';
import { BUCKETS, ENDPOINTS } from '../src/endpoints.js';
import { OkexV1Exchange, type OkexV1Options } from '../src/index.js';
import { fixture } from './fixtures.js';
import { API_KEY, exchangeOn, SECRET, type SentForm, Venue } from './support.js';

const venue = new Venue();
const exchange = (options: OkexV1Options = {}) => exchangeOn(venue, options);
const expectPost = (name: string, reply: unknown, sent?: SentForm[]) => venue.post(name, reply, sent);
const lost = { drop: true };

beforeAll(() => venue.start());
afterEach(() => {
  const clean = venue.isDone();
  const leftover = venue.unexpected.join('; ');
  venue.reset();
  expect(leftover).toBe('');
  expect(clean).toBe(true);
});
afterAll(() => venue.close());

async function caught(promise: Promise<unknown>): Promise<ExchangeError> {
  try {
    await promise;
  } catch (error) {
    if (isExchangeError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('markets', () => {
  const btcTicker = () => fixture('futures-future_ticker');
  const nextWeek = {
    date: '1411627632',
    ticker: { last: 410, buy: 409, sell: 411, high: 420, low: 400, vol: 10, contract_id: 20141003013, unit_amount: 100 },
  };

  it('loads the spot table without a single request: futures wait until a futures symbol is used', async () => {
    const ex = exchange({ futuresCoins: undefined });
    const sent: string[] = [];
    ex.on('request', (event) => sent.push(event.path));
    const markets = await ex.loadMarkets();
    expect(Object.keys(markets)).toEqual(expect.arrayContaining(['BTC/USDT', 'ETH/USDT', 'LTC/BTC']));
    expect(Object.values(markets).every((market) => market.spot)).toBe(true);
    expect(markets['BTC/USDT']?.precision).toEqual({ price: 0.1, amount: 0.0001 });
    venue.get('ticker', { symbol: 'btc_usdt' }, fixture('spot-ticker'));
    await ex.fetchTicker('BTC/USDT');
    expect(sent).toEqual(['/api/v1/ticker.do?symbol=btc_usdt']);
  });

  it('discovers futures when a futures symbol is first used: dated inverse contracts, an empty ticker ends a coin', async () => {
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, btcTicker());
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'next_week' }, nextWeek);
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'quarter' }, { result: false, error_code: 20021 });
    venue.get('future_ticker', { symbol: 'ltc_usd', contract_type: 'this_week' }, { date: '1411627632', ticker: {} });
    const ex = exchange({ futuresCoins: ['btc', 'LTC'] });
    await ex.loadMarkets();
    expect(() => ex.market('BTC/USD:BTC-140926')).toThrow(/discovered on first use/);
    venue.get('future_depth', { symbol: 'btc_usd', contract_type: 'next_week' }, fixture('futures-future_depth'));
    await ex.fetchOrderBook('BTC/USD:BTC-141003');
    const markets = ex.markets ?? {};
    expect(markets['BTC/USD:BTC-140926']).toMatchObject({ id: '20140926012', contractSize: 100, inverse: true, amountUnit: 'contracts' });
    expect(markets['BTC/USD:BTC-141003']).toMatchObject({ id: '20141003013', info: { contractType: 'next_week' } });
    expect(Object.keys(markets).filter((symbol) => symbol.includes(':'))).toHaveLength(2);
    expect(venue.isDone()).toBe(true);
  });

  it("discovers futures with loadMarkets when asked (futuresDiscovery: 'eager'); 20028 means no contract", async () => {
    const asked: SentForm[] = [];
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, btcTicker(), undefined, asked);
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'next_week' }, { result: false, error_code: 20028 }, undefined, asked);
    venue.get('future_ticker', { symbol: 'eth_usd', contract_type: 'this_week' }, { result: false, error_code: 20028 }, undefined, asked);
    const ex = exchange({ futuresCoins: ['btc', 'eth'], futuresDiscovery: 'eager' });
    const markets = await ex.loadMarkets();
    expect(Object.keys(markets).filter((symbol) => symbol.includes(':'))).toEqual(['BTC/USD:BTC-140926']);
    // After "no such contract" the other contract types of a coin are not asked for.
    expect(asked).toHaveLength(3);
  });

  it.each([
    ['HTTP 404 with an HTML page', { status: 404, text: '<html><body>404 Not Found</body></html>' }, undefined, 'BadRequest'],
    ['an HTML page with HTTP 200', { status: 200, text: '<html>maintenance</html>' }, undefined, 'BadResponse'],
    ['error 20049', undefined, { result: false, error_code: 20049 }, 'RateLimited'],
  ] as const)('a discovery failing with %s leaves futures out with one warning and spot untouched', async (_case, raw, reply, kind) => {
    venue.get('future_ticker', undefined, reply ?? {}, raw);
    const ex = exchange({ futuresCoins: ['btc'] });
    const warnings: Array<{ code: string; error?: ExchangeError }> = [];
    ex.on('warning', (event) => warnings.push(event));
    await ex.loadMarkets();
    const error = await caught(ex.fetchTicker('BTC/USD:BTC-140926'));
    expect(error.kind).toBe('InvalidSymbol');
    expect(error.hint).toMatch(/Futures are not available: discovery failed for btc/);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'futures-unavailable', error: { kind } });
    // Within the retry pause another futures call sends nothing and warns no more.
    expect((await caught(ex.fetchOrderBook('BTC/USD:BTC-140926'))).kind).toBe('InvalidSymbol');
    expect(warnings).toHaveLength(1);
    venue.get('ticker', { symbol: 'btc_usdt' }, fixture('spot-ticker'));
    await expect(ex.fetchTicker('BTC/USDT')).resolves.toMatchObject({ symbol: 'BTC/USDT' });
  });

  it('takes spot pairs and minimum sizes from options', async () => {
    const ex = exchange({ spotMarkets: ['btc_usd'], minOrderSizes: { BTC: 0.5 } });
    const markets = await ex.loadMarkets();
    expect(Object.keys(markets)).toEqual(['BTC/USD']);
    expect(markets['BTC/USD']?.limits.amount.min).toBe(0.5);
  });

  it('refuses demo mode: v1 has none', () => {
    expect(() => new OkexV1Exchange({ demo: true })).toThrow(/no demo/);
  });
});

describe('public market data (unsigned GETs)', () => {
  it('fetchTicker reads ticker.do by pair id', async () => {
    venue.get('ticker', { symbol: 'ltc_btc' }, fixture('spot-ticker'));
    const ticker = await exchange().fetchTicker('LTC/BTC');
    expect(ticker).toMatchObject({ symbol: 'LTC/BTC', last: 33.15, bid: 33.15, ask: 33.16, timestamp: 1410431279000 });
  });

  it('fetchOrderBook returns asks ascending and passes the size', async () => {
    venue.get('depth', { symbol: 'ltc_btc', size: '5' }, fixture('spot-depth'));
    const book = await exchange().fetchOrderBook('LTC/BTC', 5);
    expect(book.asks.map(([price]) => price)).toEqual([787.27, 788.43, 788.99, 789.68, 792]);
    expect(book.bids[0]).toEqual([787.1, 0.35]);
  });

  it('fetchOrderBook rejects a size outside 1–200 before sending', async () => {
    const error = await caught(exchange().fetchOrderBook('LTC/BTC', 500));
    expect(error.kind).toBe('BadRequest');
  });

  it('fetchTrades filters by time locally (v1 since is a trade id) and keeps the latest limit', async () => {
    venue.get('trades', { symbol: 'ltc_btc' }, fixture('spot-trades'));
    const trades = await exchange().fetchTrades('LTC/BTC', 1367130137000, 2);
    expect(trades.map((trade) => trade.id)).toEqual(['230434', '230435']);
  });

  it('fetchOHLCV maps the timeframe to the v1 period', async () => {
    venue.get('kline', { symbol: 'ltc_btc', type: '1hour', size: '2', since: '1417449600000' }, fixture('spot-kline'));
    const candles = await exchange().fetchOHLCV('LTC/BTC', '1h', 1417449600000, 2);
    expect(candles[1]).toEqual([1417536000000, 2370.16, 2380, 2352, 2367.37, 17259.83]);
    const error = await caught(exchange().fetchOHLCV('LTC/BTC', '8h'));
    expect(error.kind).toBe('BadRequest');
  });

  it('fetchTickers reads tickers.do once and keeps the known pairs asked for', async () => {
    venue.get('tickers', undefined, {
      date: '1410431279',
      tickers: [
        { symbol: 'btc_usdt', buy: '1', sell: '2', last: '1.5', vol: '3' },
        { symbol: 'eth_usdt', buy: '4', sell: '5', last: '4.5' },
        { symbol: 'zzz_usdt', buy: '1', sell: '1', last: '1' },
      ],
    });
    const tickers = await exchange().fetchTickers(['ETH/USDT']);
    expect(Object.keys(tickers)).toEqual(['ETH/USDT']);
    expect(tickers['ETH/USDT']).toMatchObject({ bid: 4, ask: 5, last: 4.5 });
  });

  it('reads a bare {error_code:1007} from a public GET as InvalidSymbol', async () => {
    venue.get('ticker', undefined, { error_code: 1007 });
    const error = await caught(exchange().fetchTicker('BTC/USDT'));
    expect(error).toMatchObject({ kind: 'InvalidSymbol', exchangeCode: '1007', httpStatus: 200 });
  });
});

describe('transport failures', () => {
  it('maps HTTP 403 with an HTML page to RateLimited (IP shielded)', async () => {
    venue.get('ticker', undefined, undefined, { status: 403, text: '<html><body>Forbidden</body></html>' });
    const error = await caught(exchange().fetchTicker('BTC/USDT'));
    expect(error.kind).toBe('RateLimited');
    expect(error.message).toMatch(/IP shielded/);
  });

  it('maps an HTML page with HTTP 200 to BadResponse', async () => {
    venue.get('ticker', undefined, undefined, { text: '<!DOCTYPE html><html>maintenance</html>' });
    expect((await caught(exchange().fetchTicker('BTC/USDT'))).kind).toBe('BadResponse');
  });

  it('maps a Cloudflare 525 page to ExchangeUnavailable', async () => {
    venue.get('ticker', undefined, undefined, { status: 525, text: '<html>SSL handshake failed</html>' });
    expect((await caught(exchange().fetchTicker('BTC/USDT'))).kind).toBe('ExchangeUnavailable');
  });

  it('reports a payload of the wrong shape as BadResponse naming the field', async () => {
    venue.get('ticker', undefined, { date: '1', ticker: { buy: '1', last: '1' } });
    const error = await caught(exchange().fetchTicker('BTC/USDT'));
    expect(error.kind).toBe('BadResponse');
    expect(error.message).toMatch(/ticker\.sell/);
  });
});

describe('private calls (signed form POSTs)', () => {
  it('fetchBalance posts a signed form to userinfo.do and adds free and freezed', async () => {
    const sent = expectPost('userinfo', {
      result: true,
      info: { funds: { free: { btc: '0.5', usdt: '100' }, freezed: { btc: '0.25', usdt: '0' } } },
    });
    const balances = await exchange().fetchBalance();
    expect(sent[0]?.params).toEqual({ api_key: API_KEY });
    expect(balances.assets.BTC).toEqual({ free: 0.5, used: 0.25, total: 0.75 });
  });

  it('fetchBalance({type:"swap"}) reads the futures account', async () => {
    expectPost('future_userinfo', fixture('futures-future_userinfo'));
    const balances = await exchange().fetchBalance({ type: 'swap' });
    expect(balances.assets.LTC).toEqual({ total: 2, used: 2.22, free: -0.22 });
  });

  it('fetchWalletBalance reads wallet_info.do, whose frozen map is holds', async () => {
    expectPost('wallet_info', { result: true, info: { funds: { free: { eth: '1' }, holds: { eth: '2' } } } });
    expect((await exchange().fetchWalletBalance()).assets.ETH).toEqual({ free: 1, used: 2, total: 3 });
  });

  it('needs apiKey and secret: AuthMissing before anything is sent', async () => {
    const error = await caught(new OkexV1Exchange({ apiKey: API_KEY, futuresCoins: [], retry: false }).fetchBalance());
    expect(error.kind).toBe('AuthMissing');
    expect(error.message).toMatch(/secret/);
  });

  it('maps 10007 to AuthInvalid with the signing recipe, and never shows the secret or key', async () => {
    expectPost('userinfo', { result: false, error_code: 10007 });
    const ex = exchange();
    const error = await caught(ex.fetchBalance());
    expect(error).toMatchObject({ kind: 'AuthInvalid', exchangeCode: '10007' });
    expect(error.hint).toMatch(/sorted by name/);
    const everything = `${error.message} ${JSON.stringify(error)} ${inspect(ex)} ${inspect(error)}`;
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(API_KEY);
  });

  it('redacts api_key and sign in request events', async () => {
    expectPost('userinfo', fixture('spot-userinfo'));
    const ex = exchange();
    const bodies: string[] = [];
    ex.on('request', (event) => bodies.push(event.body ?? ''));
    await ex.fetchBalance();
    expect(bodies[0]).toBe('api_key=[redacted]&sign=[redacted]');
  });

  it('request() signs an endpoint the unified API does not cover as a form', async () => {
    const sent = expectPost('future_userinfo_4fix', fixture('futures-future_userinfo_4fix'));
    const reply = await exchange().request<{ result: boolean }>({ method: 'POST', path: '/api/v1/future_userinfo_4fix.do', signed: true });
    expect(reply.result).toBe(true);
    expect(sent[0]?.params).toEqual({ api_key: API_KEY });
  });

  it('request() signs an unknown path as a form too', async () => {
    const sent = expectPost('order_fee', { result: true });
    await exchange().request({ method: 'POST', path: '/api/v1/order_fee.do', body: { symbol: 'btc_usdt', order_id: '1' }, signed: true });
    expect(sent[0]?.raw).toMatch(/^api_key=.*&order_id=1&symbol=btc_usdt&sign=[0-9A-F]{32}$/);
  });
});

describe('spot orders', () => {
  it('places a limit buy through trade.do with exact decimal strings', async () => {
    const sent = expectPost('trade', fixture('spot-trade'));
    const order = await exchange().createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.1 + 0.2, price: '25000.5' });
    expect(sent[0]?.params).toEqual({ api_key: API_KEY, symbol: 'btc_usdt', type: 'buy', price: '25000.5', amount: '0.3' });
    expect(sent[0]?.raw.startsWith(`amount=0.3&api_key=${API_KEY}&price=25000.5&symbol=btc_usdt&type=buy&sign=`)).toBe(true);
    expect(order).toMatchObject({
      id: '123456',
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      status: 'open',
      price: 25000.5,
      amount: 0.3,
      filled: 0,
    });
    expect(order.clientOrderId).toMatch(/^[A-Za-z0-9]{1,28}$/);
  });

  it('a market sell sends the amount only', async () => {
    const sent = expectPost('trade', { result: true, order_id: 5 });
    await exchange().createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'sell', amount: '0.05' });
    expect(sent[0]?.params).toEqual({ api_key: API_KEY, symbol: 'btc_usdt', type: 'sell_market', amount: '0.05' });
  });

  it('a market buy spends price × amount of quote, sent as price without amount (V5 shape)', async () => {
    const sent = expectPost('trade', { result: true, order_id: 6 });
    await exchange().createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: '0.02', price: '5000' });
    expect(sent[0]?.params).toEqual({ api_key: API_KEY, symbol: 'btc_usdt', type: 'buy_market', price: '100' });
  });

  it('a market buy takes params.cost as the quote to spend, down to the price tick (0.1 on BTC/USDT)', async () => {
    const sent = expectPost('trade', { result: true, order_id: 7 });
    await exchange().createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: '0.02', params: { cost: '123.45' } });
    expect(sent[0]?.params).toMatchObject({ type: 'buy_market', price: '123.4' });
    expect(sent[0]?.params.cost).toBeUndefined();
  });

  it('refuses a market buy without price or params.cost, sending nothing', async () => {
    const error = await caught(exchange().createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: '0.02' }));
    expect(error).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect(error.hint).toMatch(/params\.cost/);
  });

  it('refuses a time in force v1 does not have, and amounts below the coin minimum', async () => {
    expect(
      await caught(
        exchange().createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '1', timeInForce: 'IOC' }),
      ),
    ).toMatchObject({
      kind: 'NotSupported',
      orderState: 'not-placed',
      hint: expect.stringContaining('has.orderFeatures.spot.timeInForce'),
    });
    const small = await caught(exchange().createOrder({ symbol: 'LTC/BTC', type: 'limit', side: 'buy', amount: '0.05', price: '0.01' }));
    expect(small.kind).toBe('InvalidOrder');
    expect(small.message).toMatch(/minimum of 0\.1/);
  });

  it('maps a rejected order (10010) to InsufficientFunds, not placed', async () => {
    expectPost('trade', { result: false, error_code: 10010 });
    const error = await caught(exchange().createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '1', price: '1' }));
    expect(error).toMatchObject({ kind: 'InsufficientFunds', exchangeCode: '10010', orderState: 'not-placed' });
  });

  it('fetchOrder reads order_info.do and echoes the client id of an order this instance placed', async () => {
    const ex = exchange();
    expectPost('trade', { result: true, order_id: 10000591 });
    const placed = await ex.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'sell',
      amount: '0.1',
      price: '500',
      clientOrderId: 'myOrder1',
    });
    const sent = expectPost('order_info', fixture('spot-order_info'));
    const order = await ex.fetchOrder('10000591', 'BTC/USDT');
    expect(sent[0]?.params).toMatchObject({ symbol: 'btc_usdt', order_id: '10000591' });
    expect(order).toMatchObject({ id: '10000591', clientOrderId: 'myOrder1', status: 'open', price: 500, amount: 0.1 });
    expect(placed.clientOrderId).toBe('myOrder1');
  });

  it('fetchOrder: an empty orders list is OrderNotFound', async () => {
    expectPost('order_info', { result: true, orders: [] });
    expect((await caught(exchange().fetchOrder('97073835', 'BTC/USDT'))).kind).toBe('OrderNotFound');
    expect((await caught(exchange().fetchOrder('-1', 'BTC/USDT'))).kind).toBe('BadRequest');
  });

  it('fetchOpenOrders uses order_id -1 and needs a symbol', async () => {
    const sent = expectPost('order_info', fixture('spot-order_info'));
    const orders = await exchange({ spotMarkets: ['btc_usd'] }).fetchOpenOrders('BTC/USD');
    expect(sent[0]?.params).toMatchObject({ symbol: 'btc_usd', order_id: '-1' });
    expect(orders.map((order) => order.id)).toEqual(['10000591', '10000724']);
    expect((await caught(exchange().fetchOpenOrders())).kind).toBe('BadRequest');
  });

  it('fetchClosedOrders reads order_history.do (status 1, pages of 200)', async () => {
    const sent = expectPost('order_history', fixture('spot-order_history'));
    const orders = await exchange({ spotMarkets: ['btc_usd'] }).fetchClosedOrders('BTC/USD');
    expect(sent[0]?.params).toMatchObject({ symbol: 'btc_usd', status: '1', current_page: '1', page_length: '200' });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'closed', timestamp: 1405562100000 });
  });

  it('fetchOrdersByIds asks orders_info.do for at most 50 ids per call', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => String(1000 + i));
    const sent: SentForm[] = [];
    const reply = (form: SentForm) => ({
      result: true,
      orders: String(form.params.order_id)
        .split(',')
        .map((id) => ({ order_id: Number(id), status: 0, type: 'buy', price: 1, amount: 1, deal_amount: 0, avg_price: 0, create_date: 1 })),
    });
    expectPost('orders_info', reply, sent);
    expectPost('orders_info', reply, sent);
    const orders = await exchange().fetchOrdersByIds(ids, 'BTC/USDT');
    expect(sent.map((form) => String(form.params.order_id).split(',').length)).toEqual([50, 1]);
    expect(sent[0]?.params.type).toBe('0');
    expect(orders.map((order) => order.id)).toEqual(ids);
  });
});

describe('batches and chunking', () => {
  const limit = (i: number) => ({
    symbol: 'BTC/USDT',
    type: 'limit' as const,
    side: i % 2 ? ('sell' as const) : ('buy' as const),
    amount: '0.01',
    price: String(100 + i),
  });

  it('createOrders sends batch_trade.do with at most 5 orders and keeps per-item error codes', async () => {
    const sent: SentForm[] = [];
    expectPost(
      'batch_trade',
      {
        result: true,
        order_info: [
          { order_id: 41724206 },
          { error_code: 10011, order_id: -1 },
          { error_code: 10014, order_id: -1 },
          { order_id: 41724207 },
          { order_id: 41724208 },
        ],
      },
      sent,
    );
    expectPost('batch_trade', { result: true, order_info: [{ order_id: 41724209 }, { order_id: 41724210 }] }, sent);
    const orders = await exchange().createOrders(Array.from({ length: 7 }, (_, i) => limit(i)));
    expect(sent).toHaveLength(2);
    expect(sent[0]?.params.orders_data).toBe(
      "[{price:100,amount:0.01,type:'buy'},{price:101,amount:0.01,type:'sell'},{price:102,amount:0.01,type:'buy'},{price:103,amount:0.01,type:'sell'},{price:104,amount:0.01,type:'buy'}]",
    );
    expect(sent[0]?.params.symbol).toBe('btc_usdt');
    expect(sent[1]?.params.orders_data).toBe("[{price:105,amount:0.01,type:'sell'},{price:106,amount:0.01,type:'buy'}]");
    expect(orders.map((order) => order.id)).toEqual(['41724206', '', '', '41724207', '41724208', '41724209', '41724210']);
    expect(orders[1]?.error).toMatchObject({ kind: 'InvalidOrder', exchangeCode: '10011', orderState: 'not-placed' });
    expect(orders[2]?.error).toMatchObject({ kind: 'InvalidOrder', exchangeCode: '10014' });
    expect(orders[1]).toMatchObject({ status: 'rejected', price: 101, side: 'sell' });
    expect(orders[0]?.error).toBeUndefined();
  });

  it('createOrders groups by pair and sends market orders on their own', async () => {
    const batches = expectPost('batch_trade', { result: true, order_info: [{ order_id: 1 }, { order_id: 2 }] });
    const singles = expectPost('trade', { result: true, order_id: 3 });
    expectPost('trade', { result: true, order_id: 4 }, singles);
    const orders = await exchange().createOrders([
      limit(0),
      { symbol: 'ETH/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '10' },
      { symbol: 'BTC/USDT', type: 'market', side: 'sell', amount: '0.01' },
      limit(1),
    ]);
    expect(batches).toHaveLength(1);
    expect(singles.map((form) => form.params.symbol)).toEqual(['eth_usdt', 'btc_usdt']);
    expect(orders.map((order) => [order.symbol, order.id])).toEqual([
      ['BTC/USDT', '1'],
      ['ETH/USDT', '3'],
      ['BTC/USDT', '4'],
      ['BTC/USDT', '2'],
    ]);
  });

  it('a whole batch rejected (10007) fails every item, not placed', async () => {
    expectPost('batch_trade', { result: false, error_code: 10007 });
    const orders = await exchange().createOrders([limit(0), limit(1)]);
    expect(orders.map((order) => [order.error?.kind, order.error?.orderState])).toEqual([
      ['AuthInvalid', 'not-placed'],
      ['AuthInvalid', 'not-placed'],
    ]);
  });

  it('cancelOrders sends at most 3 ids per cancel_order.do call, maps success/error per id, and reads nothing', async () => {
    const cancels: SentForm[] = [];
    expectPost('cancel_order', { success: '1,2', error: '3' }, cancels);
    expectPost('cancel_order', { success: '4,5,6', error: '' }, cancels);
    expectPost('cancel_order', { result: true, order_id: '7' }, cancels);
    const results = await exchange().cancelOrders(['1', '2', '3', '4', '5', '6', '7'], 'BTC/USDT');
    expect(cancels.map((form) => form.params.order_id)).toEqual(['1,2,3', '4,5,6', '7']);
    expect(results.map((order) => [order.id, order.symbol, order.status, order.error?.kind])).toEqual([
      ['1', 'BTC/USDT', 'canceled', undefined],
      ['2', 'BTC/USDT', 'canceled', undefined],
      ['3', 'BTC/USDT', undefined, 'InvalidOrder'],
      ['4', 'BTC/USDT', 'canceled', undefined],
      ['5', 'BTC/USDT', 'canceled', undefined],
      ['6', 'BTC/USDT', 'canceled', undefined],
      ['7', 'BTC/USDT', 'canceled', undefined],
    ]);
    expect(results[0]?.filled).toBeUndefined();
  });

  it('cancelOrders with fetchFinalState reads the states back, 50 ids per orders_info.do call', async () => {
    expectPost('cancel_order', { success: '1,2', error: '' });
    const lookups = expectPost('orders_info', {
      result: true,
      orders: [1, 2].map((id) => ({
        order_id: id,
        status: -1,
        type: 'buy',
        price: 10,
        amount: 1,
        deal_amount: 0.5,
        avg_price: 10,
        create_date: 5,
      })),
    });
    const results = await exchange().cancelOrders(['1', '2'], 'BTC/USDT', { fetchFinalState: true });
    expect(lookups[0]?.params.order_id).toBe('1,2');
    expect(results.map((order) => [order.id, order.status, order.filled])).toEqual([
      ['1', 'canceled', 0.5],
      ['2', 'canceled', 0.5],
    ]);
  });

  it('cancelOrders attaches an order-level error of a one-id call to that id and goes on', async () => {
    expectPost('cancel_order', { success: '1,2,3' });
    expectPost('cancel_order', { result: false, error_code: 10009 });
    const results = await exchange().cancelOrders(['1', '2', '3', '4'], 'BTC/USDT');
    expect(results.map((order) => order.error?.kind)).toEqual([undefined, undefined, undefined, 'OrderNotFound']);
    expect(results[3]).toMatchObject({ id: '4', symbol: 'BTC/USDT' });
    expect(results[3]?.status).toBeUndefined();
  });

  it('cancelOrders refuses a non-numeric id before sending anything', async () => {
    expect((await caught(exchange().cancelOrders(['1', '2', '3', 'abc'], 'BTC/USDT'))).kind).toBe('BadRequest');
  });

  it('cancelOrders stops on an error that is not about an order', async () => {
    expectPost('cancel_order', { result: false, error_code: 10007 });
    expect((await caught(exchange().cancelOrders(['1', '2'], 'BTC/USDT'))).kind).toBe('AuthInvalid');
  });

  it('cancelOrder cancels one id with one call: "cancel in process" is reported as canceled', async () => {
    const cancel = expectPost('cancel_order', { result: true, order_id: '97073835' });
    const order = await exchange().cancelOrder('97073835', 'BTC/USDT');
    expect(cancel[0]?.params).toMatchObject({ symbol: 'btc_usdt', order_id: '97073835' });
    expect(order).toEqual({ id: '97073835', symbol: 'BTC/USDT', status: 'canceled', info: { result: true, order_id: '97073835' } });
  });

  it('cancelOrder with fetchFinalState reads the order back (order_info.do status 3: cancel in process)', async () => {
    expectPost('cancel_order', { result: true, order_id: '97073835' });
    expectPost('order_info', {
      result: true,
      orders: [{ order_id: 97073835, status: 3, type: 'buy', price: 10, amount: 1, deal_amount: 0.25, avg_price: 10, create_date: 5 }],
    });
    const order = await exchange().cancelOrder('97073835', 'BTC/USDT', { fetchFinalState: true });
    expect(order).toMatchObject({ id: '97073835', status: 'canceled', filled: 0.25, remaining: 0.75 });
  });

  it('a cancel whose reply was lost, retried into 10050 (already cancelled), reads the order and resolves', async () => {
    const ex = exchange({ retry: { baseDelayMs: 1, maxDelayMs: 1 } });
    venue.post('cancel_order', undefined, [], lost);
    expectPost('cancel_order', { result: false, error_code: 10050 });
    expectPost('order_info', {
      result: true,
      orders: [{ order_id: 55, status: -1, type: 'sell', price: 10, amount: 1, deal_amount: 0, avg_price: 0, create_date: 5 }],
    });
    const order = await ex.cancelOrder('55', 'BTC/USDT');
    expect(order).toMatchObject({ id: '55', status: 'canceled', side: 'sell' });
    expect(order.error).toBeUndefined();
  });

  it('cancelOrder of a filled order maps 1051 to InvalidOrder', async () => {
    expectPost('cancel_order', { result: false, error_code: 1051 });
    expect(await caught(exchange().cancelOrder('1', 'BTC/USDT'))).toMatchObject({ kind: 'InvalidOrder', exchangeCode: '1051' });
  });
});

describe('lost create replies: never placed twice without client ids', () => {
  const request = { symbol: 'BTC/USDT', type: 'limit' as const, side: 'buy' as const, amount: '0.01', price: '30000' };
  const wireOrder = (id: number, createDate: number, price = 30000, amount = 0.01) => ({
    order_id: id,
    status: 0,
    type: 'buy',
    price,
    amount,
    deal_amount: 0,
    avg_price: 0,
    create_date: createDate,
  });

  const lostTrade = (sent: SentForm[]) => venue.post('trade', undefined, sent, lost);

  it('finds the order among open orders, created after the send, and does not resend', async () => {
    const now = 1_700_000_000_000;
    const ex = exchange({ now: () => now });
    const trades = lostTrade([]);
    venue.get('ticker', { symbol: 'btc_usdt' }, { date: String(now / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    const lookups = expectPost('order_info', {
      result: true,
      orders: [wireOrder(900, now - 60_000), wireOrder(901, now + 300, 30001), wireOrder(902, now + 400)],
    });
    expectPost('order_history', { result: true, orders: [], total: 0 });
    const order = await ex.createOrder({ ...request, clientOrderId: 'lostOne' });
    expect(order).toMatchObject({ id: '902', clientOrderId: 'lostOne', status: 'open', price: 30000 });
    expect(lookups[0]?.params.order_id).toBe('-1');
    expect(venue.isDone()).toBe(true);
    expect(trades).toHaveLength(1);
  });

  it('resends when the order is not found, and returns the second attempt', async () => {
    const now = 1_700_000_000_000;
    const ex = exchange({ now: () => now, retry: { maxAttempts: 2 } });
    venue.post('trade', undefined, [], lost);
    venue.get('ticker', undefined, { date: String(now / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    expectPost('order_info', { result: true, orders: [] });
    expectPost('order_history', { result: true, orders: [] });
    const second = expectPost('trade', { result: true, order_id: 77 });
    const order = await ex.createOrder(request);
    expect(order.id).toBe('77');
    expect(second[0]?.params).toMatchObject({ type: 'buy', price: '30000', amount: '0.01' });
  });

  it('never claims an order already handed out, and corrects for the exchange clock', async () => {
    // The local clock runs 20 s ahead of the exchange: without correction the new order looks too old.
    const local = 1_700_000_020_000;
    const server = 1_700_000_000_000;
    const ex = exchange({ now: () => local });
    expectPost('trade', { result: true, order_id: 500 });
    const first = await ex.createOrder(request);
    venue.post('trade', undefined, [], lost);
    venue.get('ticker', undefined, { date: String(server / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    expectPost('order_info', { result: true, orders: [wireOrder(500, server - 100), wireOrder(501, server + 50)] });
    expectPost('order_history', { result: true, orders: [] });
    const second = await ex.createOrder(request);
    expect(first.id).toBe('500');
    expect(second.id).toBe('501');
  });

  it('finds the order although the local clock was stepped back 45 s between the send and the lookup', async () => {
    const server = 1_700_000_000_000;
    let local = server;
    const ex = exchange({ now: () => local });
    ex.on('request', (event) => {
      if (event.path.includes('trade.do')) local -= 45_000;
    });
    lostTrade([]);
    venue.get('ticker', undefined, { date: String(server / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    expectPost('order_info', { result: true, orders: [wireOrder(910, server + 200)] });
    expectPost('order_history', { result: true, orders: [] });
    const order = await ex.createOrder(request);
    expect(order).toMatchObject({ id: '910', status: 'open' });
  });

  it('measures the time since the send on the monotonic clock: a clock stepped 45 s ahead does not widen the window', async () => {
    const server = 1_700_000_000_000;
    let local = server;
    const ex = exchange({ now: () => local });
    ex.on('request', (event) => {
      if (event.path.includes('trade.do')) local += 45_000;
    });
    lostTrade([]);
    venue.get('ticker', undefined, { date: String(server / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    // The same order placed 20 s before this one: outside the window, unless the window trusted the wall clock.
    expectPost('order_info', { result: true, orders: [wireOrder(930, server - 20_000), wireOrder(931, server + 100)] });
    expectPost('order_history', { result: true, orders: [] });
    const order = await ex.createOrder(request);
    expect(order.id).toBe('931');
  });

  it('carries an earlier server time forward on the monotonic clock when no ticker can be read at the lookup', async () => {
    const now = 1_700_000_000_000;
    const ex = exchange({ now: () => now });
    venue.get('ticker', { symbol: 'btc_usdt' }, { date: String(now / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    await ex.fetchTicker('BTC/USDT');
    lostTrade([]);
    venue.get('ticker', undefined, {}, { status: 502, text: '<html>502 Bad Gateway</html>' });
    expectPost('order_info', { result: true, orders: [wireOrder(940, now - 60_000), wireOrder(941, now + 100)] });
    expectPost('order_history', { result: true, orders: [] });
    expect((await ex.createOrder(request)).id).toBe('941');
  });

  it('never claims one of several matching orders: the outcome is unknown and the error lists them', async () => {
    const now = 1_700_000_000_000;
    const ex = exchange({ now: () => now });
    lostTrade([]);
    venue.get('ticker', undefined, { date: String(now / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    // Another program with the same key placed the same order a moment before this one.
    expectPost('order_info', { result: true, orders: [wireOrder(920, now - 800), wireOrder(921, now + 150)] });
    expectPost('order_history', { result: true, orders: [] });
    const error = await caught(ex.createOrder({ ...request, clientOrderId: 'twin1' }));
    expect(error).toMatchObject({ kind: 'NetworkError', orderState: 'unknown', clientOrderId: 'twin1' });
    expect(error.candidateOrders?.map((order) => [order.id, order.price, order.amount])).toEqual([
      ['920', 30000, 0.01],
      ['921', 30000, 0.01],
    ]);
    expect(error.hint).toMatch(/920, 921/);
    expect(error.toJSON()).toMatchObject({ candidateOrders: [{ id: '920' }, { id: '921' }] });
  });

  it('reports orderState unknown with the client id when the lookup fails too', async () => {
    const ex = exchange();
    venue.post('trade', undefined, [], lost);
    venue.get('ticker', undefined, { date: '1', ticker: { buy: '1', sell: '1', last: '1' } });
    expectPost('order_info', { result: false, error_code: 10002 });
    const error = await caught(ex.createOrder({ ...request, clientOrderId: 'lost2' }));
    expect(error).toMatchObject({ kind: 'NetworkError', orderState: 'unknown', clientOrderId: 'lost2' });
  });

  it('looks up a market buy by the quote it spent', async () => {
    const now = 1_700_000_000_000;
    const ex = exchange({ now: () => now });
    const sent: SentForm[] = [];
    lostTrade(sent);
    venue.get('ticker', undefined, { date: String(now / 1000), ticker: { buy: '1', sell: '1', last: '1' } });
    expectPost('order_info', { result: true, orders: [] });
    expectPost('order_history', {
      result: true,
      orders: [
        { order_id: 10, status: 2, type: 'buy_market', price: 50, amount: 0, deal_amount: 0.001, avg_price: 50000, create_date: now + 10 },
        { order_id: 11, status: 2, type: 'buy_market', price: 300, amount: 0, deal_amount: 0.012, avg_price: 25000, create_date: now + 20 },
      ],
    });
    const order = await ex.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: '0.012', price: '25000' });
    expect(sent[0]?.params).toMatchObject({ type: 'buy_market', price: '300' });
    expect(order).toMatchObject({ id: '11', type: 'market', side: 'buy', status: 'closed', filled: 0.012, cost: 300 });
  });
});

describe('futures', () => {
  const ticker = fixture<{ date: string; ticker: Record<string, number> }>('futures-future_ticker');
  function withFutures() {
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'next_week' }, { result: false, error_code: 20028 });
    return exchange({ futuresCoins: ['btc'], now: () => Date.UTC(2014, 8, 24) });
  }
  const symbol = 'BTC/USD:BTC-140926';

  it('fetchTicker and fetchOrderBook address the contract by pair and contract_type', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    venue.get('future_depth', { symbol: 'btc_usd', contract_type: 'this_week', size: '5' }, fixture('futures-future_depth'));
    expect(await ex.fetchTicker(symbol)).toMatchObject({ symbol, last: 409.2, quoteVolume: 5516800 });
    expect((await ex.fetchOrderBook(symbol, 5)).asks[0]).toEqual([411.3, 16]);
  });

  it('fetchTicker notices that contract_type now names another contract', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    venue.get('future_ticker', undefined, { ...ticker, ticker: { ...ticker.ticker, contract_id: 20141003012 } });
    const error = await caught(ex.fetchTicker(symbol));
    expect(error.kind).toBe('InvalidSymbol');
    expect(error.hint).toMatch(/loadMarkets\(true\)/);
  });

  it.each([
    ['buy', false, '1'],
    ['sell', false, '2'],
    ['sell', true, '3'],
    ['buy', true, '4'],
  ] as const)('createOrder %s reduceOnly=%s sends type %s in contracts (V7 shape)', async (side, reduceOnly, type) => {
    const ex = withFutures();
    const sent = expectPost('future_trade', fixture('futures-future_trade'));
    const order = await ex.createOrder({ symbol, type: 'limit', side, amount: 1, price: 450, reduceOnly, params: { leverage: 10 } });
    expect(sent[0]?.params).toEqual({
      api_key: API_KEY,
      symbol: 'btc_usd',
      contract_type: 'this_week',
      price: '450',
      amount: '1',
      type,
      match_price: '0',
      lever_rate: '10',
    });
    expect(order).toMatchObject({ id: '986', symbol, side, reduceOnly, amount: 1 });
  });

  it('a futures market order takes the best price (match_price=1) with the last price standing in', async () => {
    const ex = withFutures();
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    const sent = expectPost('future_trade', { result: true, order_id: 987 });
    await ex.createOrder({ symbol, type: 'market', side: 'sell', amount: 2 });
    expect(sent[0]?.params).toMatchObject({ match_price: '1', price: '409.2', amount: '2', type: '2' });
  });

  it('refuses fractional contracts before sending', async () => {
    const ex = withFutures();
    expect((await caught(ex.createOrder({ symbol, type: 'limit', side: 'buy', amount: 1.5, price: 450 }))).kind).toBe('InvalidOrder');
  });

  it('maps 20012 to InsufficientMargin', async () => {
    const ex = withFutures();
    expectPost('future_trade', { result: false, error_code: 20012 });
    expect((await caught(ex.createOrder({ symbol, type: 'limit', side: 'buy', amount: 1, price: 450 }))).kind).toBe('InsufficientMargin');
  });

  it('cancelOrder uses future_cancel.do, one call', async () => {
    const ex = withFutures();
    const cancels = expectPost('future_cancel', fixture('futures-future_cancel'));
    const order = await ex.cancelOrder('986', symbol);
    expect(cancels[0]?.params).toMatchObject({ symbol: 'btc_usd', contract_type: 'this_week', order_id: '986' });
    expect(order).toMatchObject({ id: '986', symbol, status: 'canceled' });
  });

  it('cancelOrders reads futures failures with their codes (id:code)', async () => {
    const ex = withFutures();
    const cancels = expectPost('future_cancel', fixture('futures-future_cancel-batch'));
    const results = await ex.cancelOrders(['161251', '161256'], symbol);
    expect(cancels[0]?.params.order_id).toBe('161251,161256');
    expect(results[0]?.error).toMatchObject({ kind: 'OrderNotFound', exchangeCode: '20015' });
    expect(results[1]).toMatchObject({ id: '161256', status: 'canceled' });
    expect(results[1]?.error).toBeUndefined();
  });

  it('fetchOrder reads future_order_info.do with string status and type', async () => {
    const ex = withFutures();
    expectPost('future_order_info', fixture('futures-future_order_info'));
    expect(await ex.fetchOrder('106837', symbol)).toMatchObject({ id: '106837', status: 'open', side: 'buy', amount: 111, filled: 1 });
  });

  it('fetchPositions reads future_position.do and values the position at the last price', async () => {
    const ex = withFutures();
    const sent = expectPost('future_position', fixture('futures-future_position'));
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    const positions = await ex.fetchPositions();
    expect(sent[0]?.params).toEqual({ api_key: API_KEY, symbol: 'btc_usd', contract_type: 'this_week' });
    expect(positions).toHaveLength(1);
    expect(positions[0]).toMatchObject({
      symbol: 'BTC/USD:BTC-141219',
      side: 'long',
      contracts: 1,
      entryPrice: 422.78,
      markPrice: 409.2,
      leverage: 10,
      liquidationPrice: 0.07,
    });
    expect(positions[0]?.unrealizedPnl).toBeCloseTo(100 * (1 / 422.78 - 1 / 409.2), 12);
  });

  it('fetchPositions refuses spot symbols', async () => {
    const ex = exchange({ futuresCoins: ['btc'] });
    expect((await caught(ex.fetchPositions(['BTC/USDT']))).kind).toBe('BadRequest');
  });
});

describe('rate limits (protocols/okex-v1.md §6.1)', () => {
  it('declares per-endpoint limits: 20 / 2 s, userinfo 6 / 2 s, and 3000 / 5 min per IP on every call', () => {
    expect(BUCKETS.userinfo).toEqual({ limit: 6, windowMs: 2000, scope: 'account' });
    expect(BUCKETS.wallet_info).toEqual({ limit: 6, windowMs: 2000, scope: 'account' });
    for (const name of ['trade', 'batch_trade', 'cancel_order', 'order_info', 'orders_info'] as const)
      expect(BUCKETS[name]).toEqual({ limit: 20, windowMs: 2000, scope: 'account' });
    for (const name of ['ticker', 'depth', 'trades', 'kline'] as const)
      expect(BUCKETS[name]).toEqual({ limit: 20, windowMs: 2000, scope: 'ip' });
    expect(BUCKETS.future_userinfo.limit).toBe(5);
    expect(BUCKETS.future_trades_history).toEqual({ limit: 1, windowMs: 30_000, scope: 'account' });
    expect(BUCKETS.ip).toEqual({ limit: 3000, windowMs: 300_000, scope: 'ip' });
    for (const endpoint of Object.values(ENDPOINTS)) expect(endpoint.rateLimits[0]).toEqual({ bucket: 'ip' });
    expect(ENDPOINTS.userinfo.rateLimits).toContainEqual({ bucket: 'userinfo' });
    expect(
      Object.values(ENDPOINTS)
        .filter((endpoint) => endpoint.auth === 'private')
        .every((endpoint) => endpoint.method === 'POST' && endpoint.bodyEncoding === 'form'),
    ).toBe(true);
    expect(
      Object.values(ENDPOINTS)
        .filter((endpoint) => endpoint.auth === 'public')
        .every((endpoint) => endpoint.method === 'GET'),
    ).toBe(true);
  });

  it('holds the seventh userinfo call within 2 s instead of sending it', async () => {
    const ex = exchange({ rateLimit: true });
    const waits: Array<{ buckets: string[]; waitMs: number }> = [];
    ex.on('rateLimit', (event) => waits.push({ buckets: event.buckets, waitMs: event.waitMs }));
    for (let i = 0; i < 7; i++) expectPost('userinfo', fixture('spot-userinfo'));
    const sentAt: number[] = [];
    ex.on('request', () => sentAt.push(Date.now()));
    const started = Date.now();
    for (let i = 0; i < 7; i++) await ex.fetchBalance();
    expect(waits).toHaveLength(1);
    expect(waits[0]?.buckets).toContain('userinfo');
    // The 7th went out once the 1st had left its 2 s window (a lower bound: a busy machine only adds to it).
    expect((sentAt[6] as number) - started).toBeGreaterThanOrEqual(2_000 - 5);
  });
});

describe('futures delivery day', () => {
  const ticker = fixture<{ date: string; ticker: Record<string, number> }>('futures-future_ticker');
  const symbol = 'BTC/USD:BTC-140926';

  it('re-checks the contract before an order on its delivery day and refuses a rolled-over one', async () => {
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'next_week' }, { result: false, error_code: 20028 });
    const ex = exchange({ futuresCoins: ['btc'], now: () => Date.UTC(2014, 8, 26, 10) });
    await ex.loadMarkets();
    venue.get(
      'future_ticker',
      { symbol: 'btc_usd', contract_type: 'this_week' },
      { ...ticker, ticker: { ...ticker.ticker, contract_id: 20141003012 } },
    );
    const error = await caught(ex.createOrder({ symbol, type: 'limit', side: 'buy', amount: 1, price: 450 }));
    expect(error.kind).toBe('InvalidSymbol');
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    const sent = expectPost('future_trade', { result: true, order_id: 1 });
    await ex.createOrder({ symbol, type: 'limit', side: 'buy', amount: 1, price: 450 });
    expect(sent).toHaveLength(1);
  });
});
