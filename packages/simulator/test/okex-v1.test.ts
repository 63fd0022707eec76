import { type Simulator, startSimulator } from '../src/index.js';
import { alignToBucketStart, fixture, v1Private, v1Public, v1Signature } from './helpers.js';

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('OKEx v1 public endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 21 });
  });
  afterAll(() => sim.close());

  it('answers ticker.do with a seconds date string and string values', async () => {
    const reply = await v1Public(sim, 'ticker.do', { symbol: 'btc_usdt' });
    const recorded = fixture('okex-v1', 'spot-ticker').response as { ticker: object };
    expect(keysOf(reply.body)).toEqual(['date', 'ticker']);
    expect(keysOf(reply.body.ticker)).toEqual(keysOf(recorded.ticker));
    expect(reply.body.date).toMatch(/^\d{10}$/);
    for (const value of Object.values(reply.body.ticker)) expect(typeof value).toBe('string');
    expect(Number(reply.body.ticker.buy)).toBeLessThan(Number(reply.body.ticker.sell));
  });

  it('answers depth.do with numeric pairs, asks highest first as the real API did', async () => {
    const reply = await v1Public(sim, 'depth.do', { symbol: 'eth_usdt', size: 5 });
    expect(reply.body.asks).toHaveLength(5);
    const asks = reply.body.asks.map((level: number[]) => level[0]);
    const bids = reply.body.bids.map((level: number[]) => level[0]);
    expect(typeof asks[0]).toBe('number');
    expect([...asks].sort((a: number, b: number) => b - a)).toEqual(asks);
    expect([...bids].sort((a: number, b: number) => b - a)).toEqual(bids);
    expect(asks[asks.length - 1]).toBeGreaterThan(bids[0]);
    expect(reply.text).toMatch(/^\{"asks":\[\[\d+(\.\d+)?,\d+(\.\d+)?\]/);
  });

  it('answers trades.do after a tid and kline.do with numeric rows', async () => {
    const trades = await v1Public(sim, 'trades.do', { symbol: 'btc_usdt' });
    expect(keysOf(trades.body[0])).toEqual(keysOf((fixture('okex-v1', 'spot-trades').response as object[])[0] as object));
    const tids = trades.body.map((trade: { tid: string }) => Number(trade.tid));
    expect([...tids].sort((a, b) => a - b)).toEqual(tids);
    const since = trades.body[trades.body.length - 3].tid;
    const after = await v1Public(sim, 'trades.do', { symbol: 'btc_usdt', since });
    // Trades made between the two calls may follow; the two known ones must come first, and nothing at or before `since`.
    const afterTids = after.body.map((trade: { tid: string }) => trade.tid);
    expect(afterTids.slice(0, 2)).toEqual(trades.body.slice(-2).map((trade: { tid: string }) => trade.tid));
    expect(afterTids.every((tid: string) => Number(tid) > Number(since))).toBe(true);

    const klines = await v1Public(sim, 'kline.do', { symbol: 'btc_usdt', type: '1hour', size: 4 });
    expect(klines.body).toHaveLength(4);
    for (const row of klines.body) {
      expect(row).toHaveLength(6);
      for (const value of row) expect(typeof value).toBe('number');
    }
    expect(klines.body[1][0] - klines.body[0][0]).toBe(3_600_000);
    const badType = await v1Public(sim, 'kline.do', { symbol: 'btc_usdt', type: '7min' });
    expect(badType.body).toEqual({ error_code: 1025 });
  });

  it('answers unknown pairs with a bare error_code 1007 and every futures ticker with 20028', async () => {
    const unknown = await v1Public(sim, 'depth.do', { symbol: 'btc_usd' });
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ error_code: 1007 });
    for (const symbol of ['btc_usd', 'eth_usd', 'btc_usdt']) {
      const reply = await v1Public(sim, 'future_ticker.do', { symbol, contract_type: 'this_week' });
      expect(reply.status).toBe(200);
      expect(reply.text).toBe('{"result":false,"error_code":20028}');
    }
  });

  it('answers an unknown endpoint with an HTML 404 page', async () => {
    const reply = await v1Public(sim, 'nothing.do');
    expect(reply.status).toBe(404);
    expect(reply.body).toBeUndefined();
    expect(reply.text).toContain('404 Not Found');
  });
});

describe('OKEx v1 signed endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 22 });
  });
  afterAll(() => sim.close());
  beforeEach(() => alignToBucketStart(sim));

  it('returns the spot funds keyed by lowercase currency', async () => {
    const reply = await v1Private(sim, 'userinfo.do', {});
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      info: { funds: { free: { usdt: '100000', btc: '2', eth: '20' }, freezed: { usdt: '0', btc: '0', eth: '0' } } },
      result: true,
    });
  });

  it('rejects a bad signature with 10007, an unknown key with 10006, all at HTTP 200', async () => {
    const badSign = await v1Private(sim, 'userinfo.do', {}, { sign: 'E866BBB88E0E685D3F4BBC2723E2CAF9' });
    expect(badSign.status).toBe(200);
    expect(badSign.body).toEqual({ result: false, error_code: 10007 });
    const lowerCase = await v1Private(
      sim,
      'userinfo.do',
      {},
      { sign: v1Signature({ api_key: sim.credentials['okex-v1'].apiKey }, sim.credentials['okex-v1'].secret).toLowerCase() },
    );
    expect(lowerCase.body.error_code).toBe(10007);
    const unknown = await v1Private(
      sim,
      'userinfo.do',
      {},
      { credentials: { apiKey: 'c821db84-6fbd-11e4-a9e3-c86000d26d7c', secret: 'secretKey' } },
    );
    expect(unknown.body).toEqual({ result: false, error_code: 10006 });
  });

  it('verifies signatures over raw (not percent-encoded) values such as comma lists', async () => {
    const reply = await v1Private(sim, 'cancel_order.do', { symbol: 'btc_usdt', order_id: '1,2' });
    expect(reply.body).toEqual({ success: '', error: '1,2' });
  });

  it('refuses trading from a read-only key with 10017 and a foreign IP with 10004', async () => {
    const params = { symbol: 'btc_usdt', type: 'buy', price: '1000', amount: '0.01' };
    const readOnly = await v1Private(sim, 'trade.do', params, { credentials: sim.readOnlyCredentials['okex-v1'] });
    expect(readOnly.body).toEqual({ result: false, error_code: 10017 });
    const foreign = await v1Private(sim, 'trade.do', params, { credentials: sim.ipRestrictedCredentials['okex-v1'] });
    expect(foreign.body).toEqual({ result: false, error_code: 10004 });
  });

  it('places, queries and cancels a resting limit order with numeric ids', async () => {
    const placed = await v1Private(sim, 'trade.do', { symbol: 'btc_usdt', type: 'buy', price: '30000', amount: '0.01' });
    expect(placed.text).toMatch(/^\{"result":true,"order_id":\d+\}$/);
    const orderId = String(placed.body.order_id);
    const funds = await v1Private(sim, 'userinfo.do', {});
    expect(funds.body.info.funds.freezed.usdt).toBe('300');
    const info = await v1Private(sim, 'order_info.do', { symbol: 'btc_usdt', order_id: orderId });
    expect(keysOf(info.body.orders[0])).toEqual(
      keysOf((fixture('okex-v1', 'spot-order_info').response as { orders: object[] }).orders[0] as object),
    );
    expect(info.body.orders[0]).toMatchObject({ amount: 0.01, deal_amount: 0, price: 30000, status: 0, symbol: 'btc_usdt', type: 'buy' });
    const open = await v1Private(sim, 'order_info.do', { symbol: 'btc_usdt', order_id: '-1' });
    expect(open.body.orders.map((order: { order_id: number }) => String(order.order_id))).toEqual([orderId]);

    const cancel = await v1Private(sim, 'cancel_order.do', { symbol: 'btc_usdt', order_id: orderId });
    expect(cancel.body).toEqual({ result: true, order_id: orderId });
    const again = await v1Private(sim, 'cancel_order.do', { symbol: 'btc_usdt', order_id: orderId });
    expect(again.body).toEqual({ result: false, error_code: 10050 });
    const unknown = await v1Private(sim, 'order_info.do', { symbol: 'btc_usdt', order_id: '12345' });
    expect(unknown.body).toEqual({ result: true, orders: [] });
    const history = await v1Private(sim, 'order_history.do', { symbol: 'btc_usdt', status: '1', current_page: '1', page_length: '200' });
    expect(history.body).toMatchObject({ result: true, total: 1, current_page: 1, page_length: 200 });
    expect(history.body.orders[0].status).toBe(-1);
  });

  it('fills a crossing buy and a market buy by quote amount, with fees in BTC', async () => {
    const depth = await v1Public(sim, 'depth.do', { symbol: 'btc_usdt', size: 1 });
    const [price, size] = depth.body.asks[0] as [number, number];
    const amount = Math.min(size, 0.01);
    const placed = await v1Private(sim, 'trade.do', { symbol: 'btc_usdt', type: 'buy', price: String(price), amount: String(amount) });
    const info = await v1Private(sim, 'orders_info.do', { symbol: 'btc_usdt', type: '1', order_id: String(placed.body.order_id) });
    expect(info.body.orders[0]).toMatchObject({ status: 2, deal_amount: amount, avg_price: price });
    const funds = await v1Private(sim, 'userinfo.do', {});
    expect(Number(funds.body.info.funds.free.btc)).toBeCloseTo(2 + amount * 0.999, 10);

    const market = await v1Private(sim, 'trade.do', { symbol: 'eth_usdt', type: 'buy_market', price: '50' });
    const order = (await v1Private(sim, 'order_info.do', { symbol: 'eth_usdt', order_id: String(market.body.order_id) })).body.orders[0];
    expect(order).toMatchObject({ type: 'buy_market', price: 50, status: 2 });
    expect(order.deal_amount * order.avg_price).toBeLessThanOrEqual(50);
  });

  it('rejects orders with v1 codes: insufficient funds, price range, minimum, bad type', async () => {
    const poor = await v1Private(sim, 'trade.do', { symbol: 'btc_usdt', type: 'buy', price: '60000', amount: '100' });
    expect(poor.body).toEqual({ result: false, error_code: 10010 });
    const range = await v1Private(sim, 'trade.do', { symbol: 'btc_usdt', type: 'buy', price: '2000000', amount: '0.01' });
    expect(range.body.error_code).toBe(10014);
    const tiny = await v1Private(sim, 'trade.do', { symbol: 'eth_usdt', type: 'sell', price: '3000', amount: '0' });
    expect(tiny.body.error_code).toBe(1027);
    const type = await v1Private(sim, 'trade.do', { symbol: 'btc_usdt', type: 'short', price: '1000', amount: '0.01' });
    expect(type.body.error_code).toBe(10101);
  });

  it('places a batch from a JS-style orders_data literal, with per-order errors', async () => {
    const reply = await v1Private(sim, 'batch_trade.do', {
      symbol: 'eth_usdt',
      type: 'buy',
      orders_data: "[{price:1000,amount:0.1},{price:1000,amount:100000},{price:5000,amount:0.1,type:'sell'}]",
    });
    expect(reply.body.result).toBe(true);
    expect(reply.body.order_info[0].order_id).toBeGreaterThan(0);
    expect(reply.body.order_info[1]).toEqual({ error_code: 10010, order_id: -1 });
    expect(reply.body.order_info[2].order_id).toBeGreaterThan(0);
    const ids = [reply.body.order_info[0].order_id, reply.body.order_info[2].order_id].join(',');
    const cancel = await v1Private(sim, 'cancel_order.do', { symbol: 'eth_usdt', order_id: ids });
    expect(cancel.body).toEqual({ success: ids, error: '' });
  });
});
