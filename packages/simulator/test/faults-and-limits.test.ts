import { type Simulator, startSimulator } from '../src/index.js';
import { okx, v1Private, v1Public, weex } from './helpers.js';

describe('documented rate limits', () => {
  let sim: Simulator;
  /** The simulator's time, moved by hand: windows open and close when the test says, not when the machine gets to it. */
  let now: number;
  beforeEach(async () => {
    now = Date.UTC(2026, 0, 5, 12);
    sim = await startSimulator({ port: 0, seed: 31, now: () => now });
  });
  afterEach(() => sim.close());

  it('OKX: the 11th public/time call within 2 s gets 50011 with HTTP 429, and the window then clears', async () => {
    const burst = await Promise.all(Array.from({ length: 11 }, () => okx(sim, 'GET', '/api/v5/public/time')));
    expect(burst.filter((reply) => reply.status === 200)).toHaveLength(10);
    const limited = burst.find((reply) => reply.status === 429);
    expect(limited?.body).toEqual({ msg: 'Too Many Requests', code: '50011' });
    expect(sim.stats('okx').rejectedRateLimit).toBe(1);
    const other = await okx(sim, 'GET', '/api/v5/market/ticker', { query: { instId: 'BTC-USDT' } });
    expect(other.status).toBe(200);
    now += 1_900;
    expect((await okx(sim, 'GET', '/api/v5/public/time')).status).toBe(200);
  });

  it('OKX: counts trading endpoints per instrument (60 cancels per 2 s on one instId)', async () => {
    const cancel = (instId: string) => okx(sim, 'POST', '/api/v5/trade/cancel-order', { body: { instId, ordId: '1' } });
    const replies = await Promise.all(Array.from({ length: 60 }, () => cancel('BTC-USDT')));
    expect(replies.every((reply) => reply.status === 200 && reply.body.data[0].sCode === '51400')).toBe(true);
    expect((await cancel('BTC-USDT')).status).toBe(429);
    expect((await cancel('ETH-USDT')).status).toBe(200);
  });

  it('OKX: never rejects a client pacing itself at the documented rate', async () => {
    // 20 per 2 s: one request every 100 ms, exactly — the simulator's window is a little shorter than documented.
    for (let i = 0; i < 30; i++) {
      const reply = await okx(sim, 'GET', '/api/v5/market/ticker', { query: { instId: 'ETH-USDT' } });
      expect(reply.status).toBe(200);
      now += 100;
    }
    expect(sim.stats('okx').rejectedRateLimit).toBe(0);
  });

  it('WEEX: 500 weight per 10 s per IP (exchangeInfo weighs 20) answers HTTP 429', async () => {
    for (let i = 0; i < 25; i++) expect((await weex(sim, 'GET', '/api/v3/exchangeInfo', { signed: false })).status).toBe(200);
    const limited = await weex(sim, 'GET', '/api/v3/exchangeInfo', { signed: false });
    expect(limited.status).toBe(429);
    expect(sim.stats('weex').rejectedRateLimit).toBe(1);
    const futures = await weex(sim, 'GET', '/capi/v3/market/exchangeInfo', { signed: false });
    expect(futures.status).toBe(200);
    const signed = await weex(sim, 'GET', '/api/v3/account/');
    expect(signed.status).toBe(200);
  });

  it('OKEx v1: the 7th userinfo.do within 2 s gets HTTP 403', async () => {
    const burst = await Promise.all(Array.from({ length: 7 }, () => v1Private(sim, 'userinfo.do', {})));
    expect(burst.filter((reply) => reply.status === 200)).toHaveLength(6);
    const limited = burst.find((reply) => reply.status === 403);
    expect(limited?.text).toContain('Too many requests');
    expect((await v1Public(sim, 'ticker.do', { symbol: 'btc_usdt' })).status).toBe(200);
  });
});

describe('fault injection', () => {
  let sim: Simulator;
  beforeEach(async () => {
    sim = await startSimulator({ port: 0, seed: 32 });
  });
  afterEach(() => sim.close());

  it('drops the reply after executing the order: the order exists, the client saw no answer', async () => {
    sim.faults.set({ exchange: 'okx', path: '/api/v5/trade/order', dropReplyProbability: 1 });
    const body = { instId: 'BTC-USDT', tdMode: 'cash', clOrdId: 'lost1', side: 'buy', ordType: 'limit', px: '1000', sz: '0.001' };
    await expect(okx(sim, 'POST', '/api/v5/trade/order', { body })).rejects.toThrow();
    expect(sim.stats('okx')).toMatchObject({ droppedReplies: 1, ordersPlaced: 1 });
    // GET /trade/order shares the path prefix, so the rule is removed before looking the order up.
    sim.faults.clear();
    const lookup = await okx(sim, 'GET', '/api/v5/trade/order', { query: { instId: 'BTC-USDT', clOrdId: 'lost1' } });
    expect(lookup.body.data[0]).toMatchObject({ clOrdId: 'lost1', state: 'live', px: '1000' });
    const retry = await okx(sim, 'POST', '/api/v5/trade/order', { body });
    expect(retry.body.data[0].sCode).toBe('51016');
    expect(sim.stats('okx').duplicateClientOrderIds).toBe(1);
    expect(sim.orders('okx')).toHaveLength(1);
  });

  it('answers 429 storms in each exchange\u2019s shape without executing', async () => {
    sim.faults.set({ rateLimitStormProbability: 1 });
    const okxReply = await okx(sim, 'POST', '/api/v5/trade/order', {
      body: { instId: 'BTC-USDT', tdMode: 'cash', side: 'buy', ordType: 'limit', px: '1000', sz: '0.001' },
    });
    expect(okxReply.status).toBe(429);
    expect(okxReply.body.code).toBe('50011');
    expect((await weex(sim, 'GET', '/api/v3/time', { signed: false })).status).toBe(429);
    expect((await v1Public(sim, 'ticker.do', { symbol: 'btc_usdt' })).status).toBe(403);
    expect(sim.stats('okx')).toMatchObject({ rejectedRateLimit: 1, ordersPlaced: 0 });
  });

  it('injects 5xx / busy replies only on the matching exchange and path', async () => {
    sim.faults.set({ exchange: 'okx', path: '/api/v5/market/', errorProbability: 1 });
    const codes = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const reply = await okx(sim, 'GET', '/api/v5/market/ticker', { query: { instId: 'BTC-USDT' } });
      expect([429, 500, 503]).toContain(reply.status);
      codes.add(String(reply.body.code));
    }
    expect([...codes].every((code) => ['50001', '50013', '500'].includes(code))).toBe(true);
    expect((await okx(sim, 'GET', '/api/v5/public/time')).status).toBe(200);
    expect((await weex(sim, 'GET', '/api/v3/market/ticker/24hr', { signed: false, query: { symbol: 'BTCUSDT' } })).status).toBe(200);
    sim.faults.set({ exchange: 'weex', errorProbability: 1 });
    const weexReply = await weex(sim, 'GET', '/api/v3/time', { signed: false });
    expect([500, 503]).toContain(weexReply.status);
    expect(weexReply.body.code).toBe(-1054);
  });

  it('answers a fixed HTTP status without executing: a venue without the futures endpoints', async () => {
    sim.faults.set({ exchange: 'okex-v1', path: '/api/v1/future_', replyStatus: 404 });
    const futures = await v1Public(sim, 'future_ticker.do', { symbol: 'btc_usd', contract_type: 'this_week' });
    expect(futures.status).toBe(404);
    expect(futures.text).toContain('<title>404 Not Found</title>');
    expect((await v1Public(sim, 'ticker.do', { symbol: 'btc_usdt' })).status).toBe(200);
    expect(() => sim.faults.set({ replyStatus: 42 })).toThrow(RangeError);
  });

  it('matches a rule by method: WEEX places, reads and cancels orders on one path', async () => {
    sim.faults.set({ exchange: 'weex', path: '/api/v3/order', method: 'POST', dropReplyProbability: 1 });
    const body = {
      symbol: 'BTCUSDT',
      side: 'BUY',
      type: 'LIMIT',
      quantity: '0.001',
      price: '1000',
      timeInForce: 'GTC',
      newClientOrderId: 'm1',
    };
    await expect(weex(sim, 'POST', '/api/v3/order', { body })).rejects.toThrow();
    const lookup = await weex(sim, 'GET', '/api/v3/order', { query: { origClientOrderId: 'm1' } });
    expect(lookup.body).toMatchObject({ clientOrderId: 'm1', status: 'NEW' });
    expect(sim.stats('weex')).toMatchObject({ droppedReplies: 1, ordersPlaced: 1 });
  });

  it('adds latency and per-rule clock skew', async () => {
    sim.faults.set({ exchange: 'weex', latencyMs: 250, clockSkewMs: 60_000 });
    const started = Date.now();
    const time = await weex(sim, 'GET', '/api/v3/time', { signed: false });
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(time.body.serverTime - Date.now()).toBeGreaterThan(59_000);
    const stale = await weex(sim, 'GET', '/api/v3/account/', { timestampMs: Date.now() });
    expect(stale.body.code).toBe(-1046);
    const okxTime = await okx(sim, 'GET', '/api/v5/public/time');
    expect(Math.abs(Number(okxTime.body.data[0].ts) - Date.now())).toBeLessThan(1_000);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => sim.faults.set({ errorProbability: 1.5 })).toThrow(RangeError);
  });
});

describe('the market API', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 33 });
  });
  afterAll(() => sim.close());

  it('moves a mid on every venue at once, and refuses a price off the tick', async () => {
    sim.market.move('BTC/USDT', '61234.5');
    expect(sim.market.mid('BTC/USDT')).toBe('61234.5');
    expect(sim.market.mid('BTC/USDT:USDT')).toBe('61234.5');
    const v1 = await v1Public(sim, 'ticker.do', { symbol: 'btc_usdt' });
    const okxBook = await okx(sim, 'GET', '/api/v5/market/books', { query: { instId: 'BTC-USDT', sz: 1 } });
    for (const [bid, ask] of [
      [Number(v1.body.ticker.buy), Number(v1.body.ticker.sell)],
      [Number(okxBook.body.data[0].bids[0][0]), Number(okxBook.body.data[0].asks[0][0])],
    ]) {
      expect(bid).toBeLessThan(61234.5);
      expect(ask).toBeGreaterThan(61234.5);
    }
    expect(() => sim.market.move('BTC/USDT', '61234.55')).toThrow(RangeError);
    expect(() => sim.market.move('DOGE/USDT', 1)).toThrow(RangeError);
  });

  it('lists each venue\u2019s order rules: OKEx v1 keeps its per-coin minimums', () => {
    expect(sim.markets('okex-v1')).toEqual([
      { symbol: 'BTC/USDT', type: 'spot', tick: '0.1', step: '0.0001', minAmount: '0.01', maxAmount: '1000' },
      { symbol: 'ETH/USDT', type: 'spot', tick: '0.01', step: '0.001', minAmount: '0.01', maxAmount: '10000' },
    ]);
    expect(sim.markets('okx').find((market) => market.symbol === 'BTC/USDT')).toMatchObject({ minAmount: '0.0001' });
  });
});

describe('determinism', () => {
  it('gives the same market and the same fault decisions for the same seed', async () => {
    const [a, b, c] = await Promise.all([
      startSimulator({ port: 0, seed: 7 }),
      startSimulator({ port: 0, seed: 7 }),
      startSimulator({ port: 0, seed: 8 }),
    ]);
    try {
      // The same age for each (an hour and 2.5 s, mid-bucket), though they started a few ms apart.
      const age = 3_600_000 + 2_500;
      for (const sim of [a, b, c]) sim.clock.setSkewMs(sim.market.originMs + age - Date.now());
      const book = async (sim: Simulator) =>
        (await okx(sim, 'GET', '/api/v5/market/books', { query: { instId: 'BTC-USDT', sz: 10 } })).body.data[0].asks;
      expect(await book(a)).toEqual(await book(b));
      expect(await book(a)).not.toEqual(await book(c));
      expect(a.credentials).toEqual(b.credentials);
      expect(a.credentials).not.toEqual(c.credentials);

      const outcomes = async (sim: Simulator): Promise<number[]> => {
        sim.faults.set({ exchange: 'okex-v1', errorProbability: 0.5 });
        const statuses: number[] = [];
        for (let i = 0; i < 16; i++) statuses.push((await v1Public(sim, 'ticker.do', { symbol: 'eth_usdt' })).status);
        return statuses;
      };
      const first = await outcomes(a);
      expect(await outcomes(b)).toEqual(first);
      expect(new Set(first).size).toBeGreaterThan(1);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
