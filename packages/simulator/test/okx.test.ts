import { type Simulator, startSimulator } from '../src/index.js';
import { alignToBucketStart, fixture, okx } from './helpers.js';

const keysOf = (value: object): string[] => Object.keys(value).sort();

describe('OKX v5 public endpoints', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 1 });
  });
  afterAll(() => sim.close());

  it('answers public/time with the simulator clock as a ms string', async () => {
    const before = sim.clock.now();
    const reply = await okx(sim, 'GET', '/api/v5/public/time');
    expect(reply.status).toBe(200);
    expect(reply.body.code).toBe('0');
    expect(reply.body.msg).toBe('');
    const ts = reply.body.data[0].ts;
    expect(typeof ts).toBe('string');
    expect(Number(ts)).toBeGreaterThanOrEqual(before);
    expect(Number(ts)).toBeLessThanOrEqual(sim.clock.now());
  });

  it('lists SPOT instruments with the recorded field set and the seeded precisions', async () => {
    const recorded = (fixture('okx', 'instruments-spot').response as { data: Record<string, unknown>[] }).data[0] as Record<
      string,
      unknown
    >;
    const reply = await okx(sim, 'GET', '/api/v5/public/instruments', { query: { instType: 'SPOT' } });
    expect(reply.body.code).toBe('0');
    const ids = reply.body.data.map((item: { instId: string }) => item.instId);
    expect(ids).toEqual(['BTC-USDT', 'ETH-USDT']);
    const btc = reply.body.data[0];
    for (const [key, value] of Object.entries(recorded)) {
      expect(btc).toHaveProperty(key);
      expect(typeof btc[key]).toBe(typeof value);
    }
    expect(btc).toMatchObject({ baseCcy: 'BTC', quoteCcy: 'USDT', tickSz: '0.1', lotSz: '0.0001', minSz: '0.0001', state: 'live' });
    expect(reply.body.data[1]).toMatchObject({ tickSz: '0.01', lotSz: '0.001', minSz: '0.001' });
  });

  it('lists SWAP contracts with ctVal and whole-contract lots, and FUTURES as empty', async () => {
    const recorded = (fixture('okx', 'instruments-swap').response as { data: Record<string, unknown>[] }).data[2] as Record<
      string,
      unknown
    >;
    const swaps = await okx(sim, 'GET', '/api/v5/public/instruments', { query: { instType: 'SWAP' } });
    const btc = swaps.body.data.find((item: { instId: string }) => item.instId === 'BTC-USDT-SWAP');
    expect(keysOf(btc)).toEqual(keysOf(recorded));
    expect(btc).toMatchObject({
      ctVal: '0.01',
      ctValCcy: 'BTC',
      ctType: 'linear',
      lotSz: '1',
      minSz: '1',
      settleCcy: 'USDT',
      tickSz: '0.1',
    });
    const eth = swaps.body.data.find((item: { instId: string }) => item.instId === 'ETH-USDT-SWAP');
    expect(eth).toMatchObject({ ctVal: '0.1', lotSz: '1', tickSz: '0.01' });
    const futures = await okx(sim, 'GET', '/api/v5/public/instruments', { query: { instType: 'FUTURES' } });
    expect(futures.body).toEqual({ code: '0', msg: '', data: [] });
  });

  it('answers a missing instType with 50014 and HTTP 400, an unknown one with 51000', async () => {
    const missing = await okx(sim, 'GET', '/api/v5/public/instruments');
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ code: '50014', data: [] });
    const wrong = await okx(sim, 'GET', '/api/v5/public/instruments', { query: { instType: 'STOCK' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('51000');
  });

  it('answers ticker with the recorded field set, all strings, bid below ask', async () => {
    const recorded = (fixture('okx', 'ticker-docs-zh').response as { data: Record<string, unknown>[] }).data[0] as object;
    const reply = await okx(sim, 'GET', '/api/v5/market/ticker', { query: { instId: 'BTC-USDT' } });
    const ticker = reply.body.data[0];
    expect(keysOf(ticker)).toEqual(keysOf(recorded));
    for (const value of Object.values(ticker)) expect(typeof value).toBe('string');
    expect(Number(ticker.bidPx)).toBeLessThan(Number(ticker.askPx));
    expect(Number(ticker.last)).toBeGreaterThan(40_000);
    expect(Number(ticker.last)).toBeLessThan(80_000);
    const unknown = await okx(sim, 'GET', '/api/v5/market/ticker', { query: { instId: 'DOGE-USDT' } });
    expect(unknown.status).toBe(200);
    expect(unknown.body.code).toBe('51001');
  });

  it('answers tickers for SWAP with contract sizes', async () => {
    const reply = await okx(sim, 'GET', '/api/v5/market/tickers', { query: { instType: 'SWAP' } });
    expect(reply.body.data.map((item: { instId: string }) => item.instId)).toEqual(['BTC-USDT-SWAP', 'ETH-USDT-SWAP']);
    for (const item of reply.body.data) expect(Number.isInteger(Number(item.askSz))).toBe(true);
  });

  it('serves books as [px, sz, "0", count] tuples, asks ascending, bids descending, with an integer seqId', async () => {
    const reply = await okx(sim, 'GET', '/api/v5/market/books', { query: { instId: 'ETH-USDT', sz: 25 } });
    const book = reply.body.data[0];
    expect(book.asks).toHaveLength(25);
    expect(book.bids).toHaveLength(25);
    expect(Number.isInteger(book.seqId)).toBe(true);
    for (const level of [...book.asks, ...book.bids]) {
      expect(level).toHaveLength(4);
      expect(level[2]).toBe('0');
      for (const part of level) expect(typeof part).toBe('string');
    }
    const asks = book.asks.map((level: string[]) => Number(level[0]));
    const bids = book.bids.map((level: string[]) => Number(level[0]));
    expect([...asks].sort((a, b) => a - b)).toEqual(asks);
    expect([...bids].sort((a, b) => b - a)).toEqual(bids);
    expect(bids[0]).toBeLessThan(asks[0]);
    const defaultDepth = await okx(sim, 'GET', '/api/v5/market/books', { query: { instId: 'ETH-USDT' } });
    expect(defaultDepth.body.data[0].asks).toHaveLength(1);
  });

  it('serves trades newest first with the recorded fields and candles newest first', async () => {
    const recorded = (fixture('okx', 'trades-nautilus').response as { data: object[] }).data[0] as object;
    const trades = await okx(sim, 'GET', '/api/v5/market/trades', { query: { instId: 'BTC-USDT', limit: 5 } });
    expect(trades.body.data).toHaveLength(5);
    expect(keysOf(trades.body.data[0])).toEqual(keysOf(recorded));
    const times = trades.body.data.map((trade: { ts: string }) => Number(trade.ts));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const candles = await okx(sim, 'GET', '/api/v5/market/candles', { query: { instId: 'BTC-USDT', bar: '1H', limit: 3 } });
    const rows = candles.body.data as string[][];
    expect(rows).toHaveLength(3);
    expect(Number(rows[0]?.[0]) - Number(rows[1]?.[0])).toBe(3_600_000);
    expect(rows[0]?.[8]).toBe('0');
    expect(rows[1]?.[8]).toBe('1');
    for (const row of rows) {
      expect(row).toHaveLength(9);
      const [, open, high, low, close] = row.map(Number) as number[];
      expect(high).toBeGreaterThanOrEqual(Math.max(open as number, close as number));
      expect(low).toBeLessThanOrEqual(Math.min(open as number, close as number));
    }
    const bad = await okx(sim, 'GET', '/api/v5/market/candles', { query: { instId: 'BTC-USDT', bar: '7m' } });
    expect(bad.body.code).toBe('51000');
  });

  it('answers an unknown path with the gateway 404 shape and other methods with 50115', async () => {
    const reply = await okx(sim, 'GET', '/api/v5/market/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual(fixture('okx', 'error-http-404').response);
    const put = await okx(sim, 'PUT', '/api/v5/public/time');
    expect(put.status).toBe(405);
    expect(put.body.code).toBe('50115');
  });
});

describe('OKX v5 authentication', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 2 });
  });
  afterAll(() => sim.close());

  it('accepts a correctly signed request, and the demo-trading key with the demo header', async () => {
    const plain = await okx(sim, 'GET', '/api/v5/account/balance', { query: { ccy: 'USDT' } });
    expect(plain.status).toBe(200);
    expect(plain.body.data[0].details[0]).toMatchObject({ ccy: 'USDT', cashBal: '100000', availBal: '100000', frozenBal: '0' });
    const demo = await okx(sim, 'GET', '/api/v5/account/balance', {
      credentials: sim.demoCredentials.okx,
      headers: { 'x-simulated-trading': '1' },
    });
    expect(demo.status).toBe(200);
    expect(demo.body.data[0].details.map((detail: { ccy: string }) => detail.ccy).sort()).toEqual(['BTC', 'ETH', 'USDT']);
  });

  it('rejects a bad signature with 50113 and HTTP 401 in the observed {msg, code} shape', async () => {
    const reply = await okx(sim, 'GET', '/api/v5/account/balance', { sign: 'HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=' });
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ msg: 'Invalid Sign', code: '50113' });
  });

  it('rejects a signature over a re-serialized body (sign the bytes you send)', async () => {
    const body = { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '1000', sz: '0.001' };
    const timestamp = new Date(sim.clock.now()).toISOString();
    const { okxSignature } = await import('./helpers.js');
    const spaced = JSON.stringify(body, null, 1);
    const sign = okxSignature(sim.credentials.okx.secret, `${timestamp}POST/api/v5/trade/order${JSON.stringify(body)}`);
    const response = await fetch(`${sim.url}/api/v5/trade/order`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'OK-ACCESS-KEY': sim.credentials.okx.apiKey,
        'OK-ACCESS-PASSPHRASE': sim.credentials.okx.passphrase,
        'OK-ACCESS-TIMESTAMP': timestamp,
        'OK-ACCESS-SIGN': sign,
      },
      body: spaced,
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { code: unknown }).code).toBe('50113');
  });

  it('maps missing, unknown and mismatched credentials to their codes', async () => {
    const missing = await fetch(`${sim.url}/api/v5/account/balance`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { code: unknown }).code).toBe('50103');
    const unknown = await okx(sim, 'GET', '/api/v5/account/balance', {
      credentials: { ...sim.credentials.okx, apiKey: '00000000-0000-0000-0000-000000000000' },
    });
    expect(unknown.body).toEqual({ msg: 'Invalid OK-ACCESS-KEY', code: '50111' });
    const passphrase = await okx(sim, 'GET', '/api/v5/account/balance', { credentials: { ...sim.credentials.okx, passphrase: 'wrong' } });
    expect(passphrase.body.code).toBe('50105');
  });

  it('enforces the 30 s window against its own clock: 50102 with HTTP 401, also when the simulator is skewed', async () => {
    const stale = await okx(sim, 'GET', '/api/v5/account/balance', { timestampMs: sim.clock.now() - 31_000 });
    expect(stale.status).toBe(401);
    expect(stale.body).toEqual({ msg: 'Timestamp request expired', code: '50102' });
    const withinWindow = await okx(sim, 'GET', '/api/v5/account/balance', { timestampMs: sim.clock.now() - 25_000 });
    expect(withinWindow.status).toBe(200);

    sim.clock.setSkewMs(45_000);
    try {
      const behind = await okx(sim, 'GET', '/api/v5/account/balance', { timestampMs: Date.now() });
      expect(behind.body.code).toBe('50102');
      const time = await okx(sim, 'GET', '/api/v5/public/time');
      expect(Number(time.body.data[0].ts) - Date.now()).toBeGreaterThan(44_000);
      const synced = await okx(sim, 'GET', '/api/v5/account/balance', { timestampMs: Number(time.body.data[0].ts) });
      expect(synced.status).toBe(200);
    } finally {
      sim.clock.setSkewMs(0);
    }
  });

  it('refuses orders from a read-only key with 50120 while letting it read', async () => {
    const credentials = sim.readOnlyCredentials.okx;
    const read = await okx(sim, 'GET', '/api/v5/account/config', { credentials });
    expect(read.body.data[0]).toMatchObject({ perm: 'read_only', posMode: 'net_mode' });
    const order = await okx(sim, 'POST', '/api/v5/trade/order', {
      credentials,
      body: { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '1000', sz: '0.001' },
    });
    expect(order.status).toBe(200);
    expect(order.body.code).toBe('50120');
    expect(sim.stats('okx').ordersPlaced).toBe(0);
  });

  it('refuses a key whitelisted to another IP with 50110', async () => {
    const reply = await okx(sim, 'GET', '/api/v5/account/balance', { credentials: sim.ipRestrictedCredentials.okx });
    expect(reply.status).toBe(401);
    expect(reply.body.code).toBe('50110');
  });

  it('rejects a POST without JSON content type (50006) and with broken JSON (50002)', async () => {
    const timestamp = new Date(sim.clock.now()).toISOString();
    const { okxSignature } = await import('./helpers.js');
    const body = '{"instId":';
    const headers = {
      'content-type': 'application/json',
      'OK-ACCESS-KEY': sim.credentials.okx.apiKey,
      'OK-ACCESS-PASSPHRASE': sim.credentials.okx.passphrase,
      'OK-ACCESS-TIMESTAMP': timestamp,
      'OK-ACCESS-SIGN': okxSignature(sim.credentials.okx.secret, `${timestamp}POST/api/v5/trade/order${body}`),
    };
    const broken = await fetch(`${sim.url}/api/v5/trade/order`, { method: 'POST', headers, body });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { code: unknown }).code).toBe('50002');
    const text = await fetch(`${sim.url}/api/v5/trade/order`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/plain' },
      body,
    });
    expect(((await text.json()) as { code: unknown }).code).toBe('50006');
  });
});

describe('OKX v5 trading against the engine', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 3 });
  });
  afterAll(() => sim.close());
  beforeEach(() => alignToBucketStart(sim));

  const usdt = async (): Promise<Record<string, string>> =>
    (await okx(sim, 'GET', '/api/v5/account/balance', { query: { ccy: 'USDT' } })).body.data[0].details[0];
  const detail = async (ccy: string): Promise<Record<string, string>> =>
    (await okx(sim, 'GET', '/api/v5/account/balance', { query: { ccy } })).body.data[0].details[0];
  const topOfBook = async (instId: string): Promise<{ ask: string[]; bid: string[] }> => {
    const book = (await okx(sim, 'GET', '/api/v5/market/books', { query: { instId, sz: 1 } })).body.data[0];
    return { ask: book.asks[0], bid: book.bids[0] };
  };
  const place = (body: Record<string, unknown>) => okx(sim, 'POST', '/api/v5/trade/order', { body });
  const getOrder = async (ordId: string, instId = 'BTC-USDT') =>
    (await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId, ordId } })).body.data[0];

  it('rests a limit order 20 % below mid, freezes its cost, and lists it as pending', async () => {
    const { bid } = await topOfBook('BTC-USDT');
    const px = String(Math.floor(Number(bid[0]) * 0.8 * 10) / 10);
    const before = await usdt();
    const ack = await place({ instId: 'BTC-USDT', tdMode: 'cash', clOrdId: 'rest1', side: 'buy', ordType: 'limit', px, sz: '0.01' });
    expect(ack.body.code).toBe('0');
    expect(ack.body.data[0]).toMatchObject({ clOrdId: 'rest1', sCode: '0', sMsg: 'Order placed', tag: '' });
    expect(typeof ack.body.inTime).toBe('string');
    const ordId = ack.body.data[0].ordId;
    expect(ordId).toMatch(/^\d{18}$/);

    const order = await getOrder(ordId);
    const recorded = (fixture('okx', 'orders-history-swap').response as { data: object[] }).data[0] as object;
    for (const key of Object.keys(recorded)) expect(order).toHaveProperty(key);
    expect(order).toMatchObject({ state: 'live', px, sz: '0.01', accFillSz: '0', side: 'buy', ordType: 'limit', clOrdId: 'rest1' });
    const byClientId = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT', clOrdId: 'rest1' } });
    expect(byClientId.body.data[0].ordId).toBe(ordId);

    const after = await usdt();
    const cost = Number(px) * 0.01;
    expect(Number(after.frozenBal) - Number(before.frozenBal)).toBeCloseTo(cost, 6);
    expect(Number(before.availBal) - Number(after.availBal)).toBeCloseTo(cost, 6);
    const pending = await okx(sim, 'GET', '/api/v5/trade/orders-pending', { query: { instId: 'BTC-USDT' } });
    expect(pending.body.data.map((item: { ordId: string }) => item.ordId)).toContain(ordId);

    const cancel = await okx(sim, 'POST', '/api/v5/trade/cancel-order', { body: { instId: 'BTC-USDT', ordId } });
    expect(cancel.body.data[0]).toMatchObject({ ordId, clOrdId: 'rest1', sCode: '0' });
    expect((await getOrder(ordId)).state).toBe('canceled');
    expect(Number((await usdt()).frozenBal)).toBeCloseTo(Number(before.frozenBal), 6);
    const again = await okx(sim, 'POST', '/api/v5/trade/cancel-order', { body: { instId: 'BTC-USDT', ordId } });
    expect(again.body.code).toBe('1');
    expect(again.body.data[0].sCode).toBe('51401');
  });

  it('fills a crossing buy at the ask as taker, charging 0.1 % in the received BTC', async () => {
    const { ask } = await topOfBook('BTC-USDT');
    const [px, size] = ask as [string, string];
    const sz = Math.min(Number(size), 0.01).toFixed(4);
    const btcBefore = await detail('BTC');
    const usdtBefore = await usdt();
    const ack = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px, sz });
    const order = await getOrder(ack.body.data[0].ordId);
    expect(order).toMatchObject({ state: 'filled', accFillSz: String(Number(sz)), avgPx: px, feeCcy: 'BTC' });
    expect(Number(order.fee)).toBeCloseTo(-Number(sz) * 0.001, 12);
    const btcAfter = await detail('BTC');
    const usdtAfter = await usdt();
    expect(Number(btcAfter.cashBal) - Number(btcBefore.cashBal)).toBeCloseTo(Number(sz) * 0.999, 10);
    expect(Number(usdtBefore.cashBal) - Number(usdtAfter.cashBal)).toBeCloseTo(Number(px) * Number(sz), 6);

    const fills = await okx(sim, 'GET', '/api/v5/trade/fills', { query: { ordId: order.ordId } });
    expect(fills.body.data).toHaveLength(1);
    expect(fills.body.data[0]).toMatchObject({ execType: 'T', fillPx: px, feeCcy: 'BTC', feeRate: '-0.001', side: 'buy' });
  });

  it('partially fills an IOC larger than the best level and cancels the rest', async () => {
    const { ask } = await topOfBook('BTC-USDT');
    const [px, size] = ask as [string, string];
    const sz = (Number(size) + 0.5).toFixed(4);
    const ack = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'ioc', px, sz });
    const order = await getOrder(ack.body.data[0].ordId);
    expect(order.state).toBe('canceled');
    expect(Number(order.accFillSz)).toBeCloseTo(Number(size), 10);
    expect(order.cancelSource).toBe('14');
    const book = await topOfBook('BTC-USDT');
    expect(Number(book.ask[0])).toBeGreaterThan(Number(px));
  });

  it('matches a user order resting inside the spread: maker pays 0.08 %, taker 0.1 %', async () => {
    const { ask, bid } = await topOfBook('BTC-USDT');
    const px = String(Number((Number(ask[0]) - 0.1).toFixed(1)));
    expect(Number(px)).toBeGreaterThan(Number(bid[0]));
    const maker = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'sell', ordType: 'post_only', px, sz: '0.02' });
    expect((await getOrder(maker.body.data[0].ordId)).state).toBe('live');
    expect((await topOfBook('BTC-USDT')).ask[0]).toBe(px);
    const taker = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: ask[0], sz: '0.02' });
    const makerOrder = await getOrder(maker.body.data[0].ordId);
    const takerOrder = await getOrder(taker.body.data[0].ordId);
    expect(makerOrder).toMatchObject({ state: 'filled', avgPx: px, feeCcy: 'USDT' });
    expect(Number(makerOrder.fee)).toBeCloseTo(-Number(px) * 0.02 * 0.0008, 8);
    expect(takerOrder).toMatchObject({ state: 'filled', avgPx: px });
    const fills = await okx(sim, 'GET', '/api/v5/trade/fills', { query: { ordId: makerOrder.ordId } });
    expect(fills.body.data[0].execType).toBe('M');
    expect(fills.body.data[0].tradeId).toBe(takerOrder.tradeId);
  });

  it('cancels a post-only order that would take liquidity', async () => {
    const { ask } = await topOfBook('ETH-USDT');
    const ack = await place({ instId: 'ETH-USDT', tdMode: 'cash', side: 'buy', ordType: 'post_only', px: ask[0], sz: '0.1' });
    const order = await getOrder(ack.body.data[0].ordId, 'ETH-USDT');
    expect(order).toMatchObject({ state: 'canceled', accFillSz: '0', cancelSource: '31' });
  });

  it('buys with a quote-currency size by default for spot market orders', async () => {
    const ack = await place({ instId: 'ETH-USDT', tdMode: 'cash', side: 'buy', ordType: 'market', sz: '100' });
    const order = await getOrder(ack.body.data[0].ordId, 'ETH-USDT');
    expect(order).toMatchObject({ state: 'filled', sz: '100', ordType: 'market' });
    const filled = Number(order.accFillSz);
    expect(filled * Number(order.avgPx)).toBeLessThanOrEqual(100);
    expect(filled * Number(order.avgPx)).toBeGreaterThan(100 - Number(order.avgPx) * 0.001 - 1e-9);
  });

  it('rejects an unaffordable order with 51008 and subCode 1000, per item', async () => {
    const { ask } = await topOfBook('BTC-USDT');
    const reply = await place({
      instId: 'BTC-USDT',
      tdMode: 'cash',
      clOrdId: 'tooBig',
      side: 'buy',
      ordType: 'limit',
      px: ask[0],
      sz: '50',
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ code: '1', msg: 'All operations failed' });
    expect(reply.body.data[0]).toMatchObject({ clOrdId: 'tooBig', ordId: '', sCode: '51008', subCode: '1000' });
    expect(reply.body.data[0].sMsg).toContain('Insufficient USDT balance');
  });

  it('rejects a clOrdId already used by a pending order with 51016 and counts the duplicate', async () => {
    const body = { instId: 'ETH-USDT', tdMode: 'cash', clOrdId: 'dup1', side: 'buy', ordType: 'limit', px: '100', sz: '0.01' };
    const first = await place(body);
    expect(first.body.data[0].sCode).toBe('0');
    const before = sim.stats('okx');
    const second = await place(body);
    expect(second.body.data[0].sCode).toBe('51016');
    expect(sim.stats('okx').duplicateClientOrderIds).toBe(before.duplicateClientOrderIds + 1);
    expect(sim.stats('okx').ordersPlaced).toBe(before.ordersPlaced);
    await okx(sim, 'POST', '/api/v5/trade/cancel-order', { body: { instId: 'ETH-USDT', clOrdId: 'dup1' } });
  });

  it('answers a query for an absent order with 51603, and validates lot size and tick size', async () => {
    const absent = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT', ordId: '123456789012345678' } });
    expect(absent.body).toMatchObject({ code: '51603', data: [] });
    const lot = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '1000', sz: '0.00015' });
    expect(lot.body.data[0].sCode).toBe('51121');
    const tick = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '1000.05', sz: '0.001' });
    expect(tick.status).toBe(400);
    expect(tick.body.code).toBe('51000');
    const noPx = await place({ instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', sz: '0.001' });
    expect(noPx.body.code).toBe('50014');
  });

  it('places batches in order with per-item codes (code 2 on partial success)', async () => {
    const reply = await okx(sim, 'POST', '/api/v5/trade/batch-orders', {
      body: [
        { instId: 'BTC-USDT', tdMode: 'cash', clOrdId: 'b1', side: 'buy', ordType: 'limit', px: '1000', sz: '0.001' },
        { instId: 'XRP-USDT', tdMode: 'cash', clOrdId: 'b2', side: 'buy', ordType: 'limit', px: '1', sz: '1' },
      ],
    });
    expect(reply.body.code).toBe('2');
    expect(reply.body.data.map((item: { sCode: string }) => item.sCode)).toEqual(['0', '51001']);
    const cancel = await okx(sim, 'POST', '/api/v5/trade/cancel-batch-orders', {
      body: [
        { instId: 'BTC-USDT', clOrdId: 'b1' },
        { instId: 'BTC-USDT', ordId: '1' },
      ],
    });
    expect(cancel.body.code).toBe('2');
    expect(cancel.body.data.map((item: { sCode: string }) => item.sCode)).toEqual(['0', '51400']);
    const history = await okx(sim, 'GET', '/api/v5/trade/orders-history', { query: { instType: 'SPOT', state: 'canceled' } });
    expect(history.body.data.map((item: { clOrdId: string }) => item.clOrdId)).toContain('b1');
    const noType = await okx(sim, 'GET', '/api/v5/trade/orders-history');
    expect(noType.body.code).toBe('50014');
  });

  it('opens a swap position in contracts with the set leverage and holds margin', async () => {
    const lever = await okx(sim, 'POST', '/api/v5/account/set-leverage', {
      body: { instId: 'BTC-USDT-SWAP', lever: '5', mgnMode: 'cross' },
    });
    expect(lever.body.data[0]).toMatchObject({ instId: 'BTC-USDT-SWAP', lever: '5', mgnMode: 'cross' });
    const tooHigh = await okx(sim, 'POST', '/api/v5/account/set-leverage', {
      body: { instId: 'BTC-USDT-SWAP', lever: '150', mgnMode: 'cross' },
    });
    expect(tooHigh.body.code).toBe('59102');
    const fraction = await place({ instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'buy', ordType: 'market', sz: '1.5' });
    expect(fraction.body.data[0].sCode).toBe('51121');

    const before = await usdt();
    const ack = await place({ instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'buy', ordType: 'market', sz: '2' });
    const order = await getOrder(ack.body.data[0].ordId, 'BTC-USDT-SWAP');
    expect(order).toMatchObject({ state: 'filled', accFillSz: '2', lever: '5', posSide: 'net', feeCcy: 'USDT' });
    const positions = await okx(sim, 'GET', '/api/v5/account/positions', { query: { instType: 'SWAP' } });
    expect(positions.body.data).toHaveLength(1);
    const position = positions.body.data[0];
    expect(position).toMatchObject({ instId: 'BTC-USDT-SWAP', pos: '2', lever: '5', mgnMode: 'cross', posSide: 'net', avgPx: order.avgPx });
    const notional = Number(order.avgPx) * 0.02;
    expect(Number(position.imr)).toBeCloseTo(notional / 5, 6);
    const after = await usdt();
    expect(Number(before.cashBal) - Number(after.cashBal)).toBeCloseTo(notional * 0.001, 6);
    expect(Number(after.frozenBal)).toBeCloseTo(notional / 5, 6);

    const reduce = await place({ instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'sell', ordType: 'market', sz: '3', reduceOnly: true });
    const closed = await getOrder(reduce.body.data[0].ordId, 'BTC-USDT-SWAP');
    expect(closed.accFillSz).toBe('2');
    expect(closed.reduceOnly).toBe('true');
    const none = await okx(sim, 'GET', '/api/v5/account/positions');
    expect(none.body.data).toEqual([]);
    const noPosition = await place({
      instId: 'BTC-USDT-SWAP',
      tdMode: 'cross',
      side: 'sell',
      ordType: 'market',
      sz: '1',
      reduceOnly: true,
    });
    expect(noPosition.body.data[0].sCode).toBe('51169');
  });

  it('rejects a swap order beyond the margin with 51008 subCode 1001', async () => {
    const { ask } = await topOfBook('BTC-USDT-SWAP');
    const reply = await place({ instId: 'BTC-USDT-SWAP', tdMode: 'cross', side: 'buy', ordType: 'limit', px: ask[0], sz: '100000' });
    expect(reply.body.data[0]).toMatchObject({ sCode: '51008', subCode: '1001' });
  });

  it('fills a resting order as maker when the synthetic market moves through it', async () => {
    const { ask } = await topOfBook('ETH-USDT');
    const px = String(Number((Number(ask[0]) + 0.5).toFixed(2)));
    const ack = await place({ instId: 'ETH-USDT', tdMode: 'cash', side: 'sell', ordType: 'limit', px, sz: '0.1' });
    const ordId = ack.body.data[0].ordId;
    expect((await getOrder(ordId, 'ETH-USDT')).state).toBe('live');
    // The market is moved through the order's price: the synthetic bids now stand above it.
    sim.market.move('ETH/USDT', (Number(px) + 5).toFixed(2));
    const order = await getOrder(ordId, 'ETH-USDT');
    expect(order.state).toBe('filled');
    expect(order.avgPx).toBe(px);
    const fills = await okx(sim, 'GET', '/api/v5/trade/fills', { query: { ordId } });
    expect(fills.body.data[0]).toMatchObject({ execType: 'M', fillPx: px, feeRate: '-0.0008', feeCcy: 'USDT' });
    expect(Number(fills.body.data[0].ts)).toBeGreaterThanOrEqual(Number(order.cTime));
    expect(sim.orders('okx').find((item) => item.id === ordId)).toMatchObject({ status: 'filled', filled: '0.1', price: px });
  });

  it('switches to long/short mode, then requires posSide and keeps each leg positive', async () => {
    const busy = await okx(sim, 'POST', '/api/v5/account/set-position-mode', { body: { posMode: 'long_short_mode' } });
    expect(busy.body.data).toEqual([{ posMode: 'long_short_mode' }]);
    expect((await okx(sim, 'GET', '/api/v5/account/config')).body.data[0].posMode).toBe('long_short_mode');
    const noSide = await place({ instId: 'ETH-USDT-SWAP', tdMode: 'cross', side: 'sell', ordType: 'market', sz: '1' });
    expect(noSide.status).toBe(400);
    expect(noSide.body.code).toBe('51000');
    const short = await place({ instId: 'ETH-USDT-SWAP', tdMode: 'cross', side: 'sell', posSide: 'short', ordType: 'market', sz: '3' });
    expect(short.body.data[0].sCode).toBe('0');
    const legs = await okx(sim, 'GET', '/api/v5/account/positions', { query: { instId: 'ETH-USDT-SWAP' } });
    expect(legs.body.data).toHaveLength(1);
    expect(legs.body.data[0]).toMatchObject({ posSide: 'short', pos: '3', availPos: '3' });
    const locked = await okx(sim, 'POST', '/api/v5/account/set-position-mode', { body: { posMode: 'net_mode' } });
    expect(locked.body.code).toBe('59000');
    const close = await place({ instId: 'ETH-USDT-SWAP', tdMode: 'cross', side: 'buy', posSide: 'short', ordType: 'market', sz: '5' });
    expect((await getOrder(close.body.data[0].ordId, 'ETH-USDT-SWAP')).accFillSz).toBe('3');
    expect((await okx(sim, 'GET', '/api/v5/account/positions')).body.data).toEqual([]);
    const back = await okx(sim, 'POST', '/api/v5/account/set-position-mode', { body: { posMode: 'net_mode' } });
    expect(back.body.code).toBe('0');
  });
});
