import { type Simulator, startSimulator } from '../src/index.js';
import { alignToBucketStart, fixture, okxSignature, weex } from './helpers.js';

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('WEEX V3 public endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11 });
  });
  afterAll(() => sim.close());

  it('answers spot and futures server time as a number', async () => {
    const spot = await weex(sim, 'GET', '/api/v3/time', { signed: false });
    const futures = await weex(sim, 'GET', '/capi/v3/market/time', { signed: false });
    expect(keysOf(spot.body)).toEqual(keysOf(fixture('weex', 'spot-time').response as object));
    expect(typeof spot.body.serverTime).toBe('number');
    expect(Math.abs(futures.body.serverTime - sim.clock.now())).toBeLessThan(1_000);
  });

  it('describes spot symbols with tick and step sizes and futures symbols with precisions', async () => {
    const spot = await weex(sim, 'GET', '/api/v3/exchangeInfo', { signed: false });
    const recordedSpot = (fixture('weex', 'spot-instruments-weexnet').response as { symbols: object[] }).symbols[0] as object;
    const btc = spot.body.symbols.find((item: { symbol: string }) => item.symbol === 'BTCUSDT');
    for (const key of Object.keys(recordedSpot)) expect(btc).toHaveProperty(key);
    expect(btc).toMatchObject({
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      tickSize: '0.1',
      stepSize: '0.0001',
      minTradeAmount: '0.0001',
      enableTrade: true,
    });

    const futures = await weex(sim, 'GET', '/capi/v3/market/exchangeInfo', { signed: false });
    const recordedFutures = (fixture('weex', 'futures-instruments-weexnet').response as { symbols: object[] }).symbols[0] as object;
    const perp = futures.body.symbols.find((item: { symbol: string }) => item.symbol === 'ETHUSDT');
    expect(keysOf(perp)).toEqual(keysOf(recordedFutures));
    expect(perp).toMatchObject({ pricePrecision: '2', quantityPrecision: '3', minOrderSize: '0.001', marginAsset: 'USDT' });
  });

  it('answers the spot 24 h ticker as an object for one symbol and an array otherwise; futures always as an array', async () => {
    const one = await weex(sim, 'GET', '/api/v3/market/ticker/24hr', { signed: false, query: { symbol: 'ETHUSDT' } });
    expect(Array.isArray(one.body)).toBe(false);
    expect(one.body.symbol).toBe('ETHUSDT');
    expect(Number(one.body.bidPrice)).toBeLessThan(Number(one.body.askPrice));
    const all = await weex(sim, 'GET', '/api/v3/market/ticker/24hr', { signed: false });
    expect(all.body.map((item: { symbol: string }) => item.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    const futures = await weex(sim, 'GET', '/capi/v3/market/ticker/24hr', { signed: false, query: { symbol: 'BTCUSDT' } });
    expect(Array.isArray(futures.body)).toBe(true);
    expect(futures.body[0]).toHaveProperty('markPrice');
    expect(futures.body[0]).not.toHaveProperty('bidPrice');
    const unknown = await weex(sim, 'GET', '/api/v3/market/ticker/24hr', { signed: false, query: { symbol: 'NOPEUSDT' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe(-1121);
  });

  it('serves 15 or 200 depth levels as string pairs', async () => {
    const depth = await weex(sim, 'GET', '/api/v3/market/depth', { signed: false, query: { symbol: 'BTCUSDT' } });
    expect(keysOf(depth.body)).toEqual(keysOf(fixture('weex', 'futures-orderbook-weexnet').response as object));
    expect(depth.body.bids).toHaveLength(15);
    expect(depth.body.asks[0]).toEqual([expect.any(String), expect.any(String)]);
    expect(Number(depth.body.bids[0][0])).toBeLessThan(Number(depth.body.asks[0][0]));
    const deep = await weex(sim, 'GET', '/capi/v3/market/depth', { signed: false, query: { symbol: 'BTCUSDT', limit: 200 } });
    expect(deep.body.asks).toHaveLength(200);
  });

  it('serves trades with UUID ids and klines as 11-element rows, oldest first', async () => {
    const trades = await weex(sim, 'GET', '/capi/v3/market/trades', { signed: false, query: { symbol: 'ETHUSDT', limit: 3 } });
    expect(keysOf(trades.body[0])).toEqual(keysOf((fixture('weex', 'futures-trades').response as object[])[0] as object));
    expect(trades.body[0].id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(typeof trades.body[0].time).toBe('string');

    const spot = await weex(sim, 'GET', '/api/v3/market/klines', { signed: false, query: { symbol: 'BTCUSDT', interval: '1m', limit: 3 } });
    expect(spot.body).toHaveLength(3);
    const [first, second] = spot.body as unknown[][];
    expect(first).toHaveLength(11);
    expect((second?.[0] as number) - (first?.[0] as number)).toBe(60_000);
    expect(first?.[6]).toBe((first?.[0] as number) + 59_999);
    const futures = await weex(sim, 'GET', '/capi/v3/market/klines', {
      signed: false,
      query: { symbol: 'BTCUSDT', interval: '1m', limit: 1 },
    });
    expect(futures.body[0][6]).toBe(futures.body[0][0] + 60_000);
    const bad = await weex(sim, 'GET', '/capi/v3/market/klines', { signed: false, query: { symbol: 'BTCUSDT', interval: '2h' } });
    expect(bad.body.code).toBe(-1142);
  });

  it('answers unknown paths with 404 and a wrong method with -1150', async () => {
    const missing = await weex(sim, 'GET', '/api/v3/market/nothing', { signed: false });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, error: 'Not Found', path: '/api/v3/market/nothing' });
    const post = await weex(sim, 'POST', '/api/v3/order/batch', { body: { orderIds: ['1'] } });
    expect(post.status).toBe(405);
    expect(post.body).toEqual(fixture('weex', 'error-method-not-supported').response);
  });
});

describe('WEEX V3 authentication', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 12 });
  });
  afterAll(() => sim.close());

  it('accepts a signed balance request (trailing-slash path) and reports the seeded spot balances', async () => {
    const reply = await weex(sim, 'GET', '/api/v3/account/');
    expect(reply.status).toBe(200);
    const recorded = fixture('weex', 'spot-balance-weexnet').response as object;
    for (const key of Object.keys(recorded)) expect(reply.body).toHaveProperty(key);
    const balances = Object.fromEntries(reply.body.balances.map((item: { asset: string; free: string }) => [item.asset, item.free]));
    expect(balances).toEqual({ USDT: '100000', BTC: '2', ETH: '20' });
    const futures = await weex(sim, 'GET', '/capi/v3/account/balance');
    expect(futures.body).toEqual([{ asset: 'USDT', balance: '100000', availableBalance: '100000', frozen: '0', unrealizePnl: '0' }]);
  });

  it('maps bad signature, unknown key, stale timestamp and missing headers to V3 codes', async () => {
    const badSign = await weex(sim, 'GET', '/api/v3/account/', { sign: 'DnJySlQ6WLpMtTZ6EXnaHgXRdWcnMv1HELcfsIOvhGs=' });
    expect(badSign.status).toBe(400);
    expect(badSign.body.code).toBe(-1047);
    const unknown = await weex(sim, 'GET', '/api/v3/account/', { credentials: { ...sim.credentials.weex, apiKey: 'weex_nobody' } });
    expect(unknown.body.code).toBe(-1044);
    const stale = await weex(sim, 'GET', '/api/v3/account/', { timestampMs: sim.clock.now() - 40_000 });
    expect(stale.body).toEqual({ code: -1046, msg: 'Request timestamp expired' });
    const none = await fetch(`${sim.url}/capi/v3/account/balance`);
    expect(none.status).toBe(400);
    expect(((await none.json()) as { code: unknown }).code).toBe(-1040);
  });

  it('signs the query string and the DELETE body as sent', async () => {
    const timestamp = String(sim.clock.now());
    const body = '{"orderIds":["730000000000000001"]}';
    const sign = okxSignature(sim.credentials.weex.secret, `${timestamp}DELETE/api/v3/order/batch${body}`);
    const response = await fetch(`${sim.url}/api/v3/order/batch`, {
      method: 'DELETE',
      headers: {
        'content-type': 'application/json',
        'ACCESS-KEY': sim.credentials.weex.apiKey,
        'ACCESS-PASSPHRASE': sim.credentials.weex.passphrase,
        'ACCESS-TIMESTAMP': timestamp,
        'ACCESS-SIGN': sign,
      },
      body,
    });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toBe('{"orderList":[{"orderId":730000000000000001,"status":"FAILED","errorMsg":"FAILED_ORDER_NOT_FOUND"}]}');
  });

  it('refuses orders from a read-only key with -1052 and from a foreign IP with -1056', async () => {
    const body = { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '1000', timeInForce: 'GTC' };
    const readOnly = await weex(sim, 'POST', '/api/v3/order', { credentials: sim.readOnlyCredentials.weex, body });
    expect(readOnly.body.code).toBe(-1052);
    const balance = await weex(sim, 'GET', '/api/v3/account/', { credentials: sim.readOnlyCredentials.weex });
    expect(balance.body.canTrade).toBe(false);
    const foreign = await weex(sim, 'POST', '/api/v3/order', { credentials: sim.ipRestrictedCredentials.weex, body });
    expect(foreign.body.code).toBe(-1056);
    expect(sim.stats('weex').ordersPlaced).toBe(0);
  });
});

describe('WEEX V3 trading against the engine', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 13 });
  });
  afterAll(() => sim.close());
  beforeEach(() => alignToBucketStart(sim));

  const top = async (path: string, symbol: string): Promise<{ ask: string[]; bid: string[] }> => {
    const book = (await weex(sim, 'GET', path, { signed: false, query: { symbol } })).body;
    return { ask: book.asks[0], bid: book.bids[0] };
  };
  const spotBalance = async (asset: string): Promise<{ free: string; locked: string }> =>
    (await weex(sim, 'GET', '/api/v3/account/')).body.balances.find((item: { asset: string }) => item.asset === asset);

  it('rests a spot order, returns its 18-digit id as an unquoted JSON number, and cancels it', async () => {
    const { bid } = await top('/api/v3/market/depth', 'BTCUSDT');
    const price = String(Math.floor(Number(bid[0]) * 0.8 * 10) / 10);
    const before = await spotBalance('USDT');
    const placed = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price, timeInForce: 'GTC', newClientOrderId: 'spot-rest_1' },
    });
    expect(placed.status).toBe(200);
    expect(placed.text).toMatch(/"orderId":7\d{17},/);
    const orderId = /"orderId":(\d+)/.exec(placed.text)?.[1] as string;
    expect(BigInt(orderId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    expect(keysOf(placed.body)).toEqual(keysOf(fixture('weex', 'spot-place-order-weexnet').response as object));

    const after = await spotBalance('USDT');
    expect(Number(after.locked) - Number(before.locked)).toBeCloseTo(Number(price) * 0.01, 6);
    const query = await weex(sim, 'GET', '/api/v3/order', { query: { origClientOrderId: 'spot-rest_1' } });
    expect(query.text).toContain(`"orderId":${orderId},`);
    expect(query.body).toMatchObject({ status: 'NEW', origQty: '0.01', executedQty: '0', price, isWorking: true, timeInForce: 'GTC' });
    const open = await weex(sim, 'GET', '/api/v3/openOrders', { query: { symbol: 'BTCUSDT' } });
    expect(open.text).toContain(`"orderId":${orderId},`);
    expect(keysOf(open.body[0])).toEqual(keysOf((fixture('weex', 'spot-open-orders-weexnet').response as object[])[0] as object));

    const cancel = await weex(sim, 'DELETE', '/api/v3/order', { query: { orderId } });
    expect(cancel.text).toBe(`{"orderId":${orderId},"status":"CANCELED"}`);
    const missing = await weex(sim, 'GET', '/api/v3/order', { query: { orderId: '730000000000999999' } });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe(-2200);
    const neither = await weex(sim, 'DELETE', '/api/v3/order');
    expect(neither.body).toEqual({ code: -1140, msg: 'Either orderId or origClientOrderId must be sent.' });
  });

  it('fills a crossing spot buy, charging the fee in BTC, and reports it in myTrades', async () => {
    const { ask } = await top('/api/v3/market/depth', 'BTCUSDT');
    const quantity = Math.min(Number(ask[1]), 0.01).toFixed(4);
    const btcBefore = await spotBalance('BTC');
    const placed = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity, price: ask[0], timeInForce: 'GTC', newClientOrderId: 'cross-1' },
    });
    const orderId = /"orderId":(\d+)/.exec(placed.text)?.[1] as string;
    const order = await weex(sim, 'GET', '/api/v3/order', { query: { orderId } });
    expect(order.body).toMatchObject({ status: 'FILLED', executedQty: String(Number(quantity)), isWorking: false });
    const btcAfter = await spotBalance('BTC');
    expect(Number(btcAfter.free) - Number(btcBefore.free)).toBeCloseTo(Number(quantity) * 0.999, 10);
    const trades = await weex(sim, 'GET', '/api/v3/myTrades', { query: { symbol: 'BTCUSDT', orderId } });
    expect(trades.body).toHaveLength(1);
    expect(trades.body[0]).toMatchObject({ price: ask[0], qty: String(Number(quantity)), isBuyer: true });
    expect(Number(trades.body[0].commission)).toBeCloseTo(Number(quantity) * 0.001, 12);
    expect(trades.text).toMatch(/"id":7\d{17},"orderId":7\d{17}/);
  });

  it('expires the unfilled rest of an IOC order after a partial fill', async () => {
    const { ask } = await top('/api/v3/market/depth', 'ETHUSDT');
    const quantity = (Number(ask[1]) + 1).toFixed(3);
    const placed = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'ETHUSDT', side: 'BUY', type: 'LIMIT', quantity, price: ask[0], timeInForce: 'IOC' },
    });
    const orderId = /"orderId":(\d+)/.exec(placed.text)?.[1] as string;
    const order = await weex(sim, 'GET', '/api/v3/order', { query: { orderId } });
    expect(order.body.status).toBe('EXPIRED');
    expect(Number(order.body.executedQty)).toBeCloseTo(Number(ask[1]), 10);
  });

  it('rejects unaffordable, imprecise and malformed spot orders', async () => {
    const { ask } = await top('/api/v3/market/depth', 'BTCUSDT');
    const poor = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '100', price: ask[0], timeInForce: 'GTC' },
    });
    expect(poor.status).toBe(400);
    expect(poor.body.code).toBe(-1054);
    expect(poor.body.msg).toContain('not enough');
    const precise = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.00011', price: '1000', timeInForce: 'GTC' },
    });
    expect(precise.body.code).toBe(-1160);
    const side = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'HOLD', type: 'LIMIT', quantity: '1', price: '1' },
    });
    expect(side.body.code).toBe(-1117);
    const clientId = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: '1000', newClientOrderId: 'has space' },
    });
    expect(clientId.body.code).toBe(-1180);
  });

  it('cancels a batch by DELETE with a JSON body, reporting failures per item', async () => {
    const ids: string[] = [];
    for (const price of ['1000', '1001']) {
      const placed = await weex(sim, 'POST', '/api/v3/order', {
        body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price },
      });
      ids.push(/"orderId":(\d+)/.exec(placed.text)?.[1] as string);
    }
    const reply = await weex(sim, 'DELETE', '/api/v3/order/batch', { body: { orderIds: [...ids, '730000000000999999'] } });
    expect(reply.body.orderList.map((item: { status: string }) => item.status)).toEqual(['CANCELED', 'CANCELED', 'FAILED']);
    expect(reply.text).toContain(`{"orderId":${ids[0]},"status":"CANCELED"}`);
  });

  it('opens and closes a futures long with positionSide, in base units', async () => {
    const leverage = await weex(sim, 'POST', '/capi/v3/account/leverage', {
      body: { symbol: 'BTCUSDT', marginType: 'CROSSED', crossLeverage: 10 },
    });
    expect(leverage.body).toEqual({
      symbol: 'BTCUSDT',
      marginType: 'CROSSED',
      crossLeverage: '10',
      isolatedLongLeverage: '0',
      isolatedShortLeverage: '0',
    });
    const tooHigh = await weex(sim, 'POST', '/capi/v3/account/leverage', {
      body: { symbol: 'BTCUSDT', marginType: 'CROSSED', crossLeverage: '500' },
    });
    expect(tooHigh.body.code).toBe(-3313);

    const open = await weex(sim, 'POST', '/capi/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', positionSide: 'LONG', type: 'MARKET', quantity: '0.05', newClientOrderId: 'long-1' },
    });
    expect(keysOf(open.body)).toEqual(keysOf(fixture('weex', 'futures-place-order-weexnet').response as object));
    expect(open.body).toMatchObject({ clientOrderId: 'long-1', success: true, errorCode: '', errorMessage: '' });
    expect(typeof open.body.orderId).toBe('string');
    const order = await weex(sim, 'GET', '/capi/v3/order', { query: { orderId: open.body.orderId } });
    expect(order.body).toMatchObject({ status: 'FILLED', executedQty: '0.05', positionSide: 'LONG', side: 'BUY', reduceOnly: false });

    const positions = await weex(sim, 'GET', '/capi/v3/account/position/allPosition');
    expect(positions.body).toHaveLength(1);
    expect(keysOf(positions.body[0])).toEqual(keysOf((fixture('weex', 'futures-positions-weexnet').response as object[])[0] as object));
    expect(positions.body[0]).toMatchObject({ symbol: 'BTCUSDT', side: 'LONG', size: '0.05', leverage: '10', marginType: 'CROSSED' });
    expect(positions.text).toMatch(/"id":7\d{17},/);
    const balance = (await weex(sim, 'GET', '/capi/v3/account/balance')).body[0];
    const notional = Number(order.body.cumQuote);
    expect(100_000 - Number(balance.balance)).toBeCloseTo(notional * 0.001, 6);
    expect(Number(balance.balance) - Number(balance.availableBalance)).toBeCloseTo(notional / 10, 6);

    const close = await weex(sim, 'POST', '/capi/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'SELL', positionSide: 'LONG', type: 'MARKET', quantity: '0.05' },
    });
    expect(close.body.success).toBe(true);
    const closed = await weex(sim, 'GET', '/capi/v3/order', { query: { orderId: close.body.orderId } });
    expect(closed.body.reduceOnly).toBe(true);
    expect((await weex(sim, 'GET', '/capi/v3/account/position/allPosition')).body).toEqual([]);
    const fills = await weex(sim, 'GET', '/capi/v3/userTrades', { query: { symbol: 'BTCUSDT' } });
    expect(fills.body[0]).toMatchObject({ side: 'SELL', positionSide: 'LONG', commissionAsset: 'USDT', maker: false });
    const bought = fills.body
      .filter((fill: { side: string }) => fill.side === 'BUY')
      .reduce((sum: number, fill: { qty: string }) => sum + Number(fill.qty), 0);
    expect(bought).toBeCloseTo(0.05, 10);

    const nothing = await weex(sim, 'POST', '/capi/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'SELL', positionSide: 'LONG', type: 'MARKET', quantity: '0.05' },
    });
    expect(nothing.status).toBe(200);
    expect(nothing.body).toMatchObject({ success: false, errorCode: '-1054' });
  });

  it('answers a futures order beyond the margin with success:false at HTTP 200', async () => {
    const { ask } = await top('/capi/v3/market/depth', 'ETHUSDT');
    const reply = await weex(sim, 'POST', '/capi/v3/order', {
      body: { symbol: 'ETHUSDT', side: 'BUY', positionSide: 'LONG', type: 'LIMIT', quantity: '5000', price: ask[0], timeInForce: 'GTC' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.success).toBe(false);
    expect(reply.body.errorMessage).toContain('not enough');
  });
});
