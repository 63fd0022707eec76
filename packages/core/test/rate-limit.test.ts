import { isLocalRateLimit, MemoryRateLimitStore, originKey, RateLimiter } from '../src/adapter.js';
import type { RateLimitEvent, RateLimitStore } from '../src/index.js';
import { isExchangeError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { installHappyRoutes, TestExchange } from './support/test-exchange.js';

/** Largest total cost inside any window of `windowMs` among (time, cost) sends. */
function busiestWindow(sends: Array<{ at: number; cost: number }>, windowMs: number): number {
  let worst = 0;
  for (const start of sends) {
    const inWindow = sends.filter((s) => s.at >= start.at && s.at < start.at + windowMs).reduce((sum, s) => sum + s.cost, 0);
    worst = Math.max(worst, inWindow);
  }
  return worst;
}

describe('sliding-window store', () => {
  it('never hands out slots that put more than the limit in any window', () => {
    const store = new MemoryRateLimitStore();
    const sends: Array<{ at: number; cost: number }> = [];
    let now = 0;
    for (let i = 0; i < 300; i++) {
      now += i % 7 === 0 ? 37 : 3; // bursts with pauses
      const cost = 1 + (i % 3);
      sends.push({ at: now + store.reserve([{ key: 'k', cost, limit: 20, windowMs: 2000 }], now), cost });
    }
    expect(busiestWindow(sends, 2000)).toBeLessThanOrEqual(20);
    // …and still uses the budget: 600 cost at 20 per window is 30 windows; a bucket halved for safety would need 60.
    const span = (sends[sends.length - 1]?.at ?? 0) - (sends[0]?.at ?? 0);
    expect(span).toBeLessThan(36 * 2000);
  });

  it('keeps separate budgets per key', () => {
    const store = new MemoryRateLimitStore();
    const bucket = (key: string, cost: number) => [{ key, cost, limit: 5, windowMs: 1000 }];
    expect(store.reserve(bucket('a', 5), 0)).toBe(0);
    expect(store.reserve(bucket('b', 5), 0)).toBe(0);
    expect(store.reserve(bucket('a', 1), 0)).toBe(1000);
  });

  it('reserves all buckets of a request at one moment, so waiting on one never leaves a stale slot in another', () => {
    const store = new MemoryRateLimitStore();
    const request = [
      { key: 'weight', cost: 5, limit: 500, windowMs: 10_000 },
      { key: 'orders', cost: 1, limit: 100, windowMs: 60_000 },
    ];
    const sends: number[] = [];
    for (let i = 0; i < 200; i++) sends.push(store.reserve(request, i * 10) + i * 10);
    // Orders 101–200 wait for the per-minute cap; their weight is counted when they really go.
    const weights = sends.map((at) => ({ at, cost: 5 }));
    expect(busiestWindow(weights, 10_000)).toBeLessThanOrEqual(500);
    expect(
      busiestWindow(
        sends.map((at) => ({ at, cost: 1 })),
        60_000,
      ),
    ).toBeLessThanOrEqual(100);
  });
});

describe('rate limiter', () => {
  it('scopes account buckets by key and instrument buckets by symbol', async () => {
    const waits: number[] = [];
    const limiter = new RateLimiter({
      namespace: 'test',
      store: new MemoryRateLimitStore(),
      buckets: { trade: { limit: 1, windowMs: 1000, scope: 'account+symbol' } },
      windowMarginMs: () => 0,
      now: () => 0,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await limiter.acquire([{ bucket: 'trade' }], { ip: 'h', account: 'a', symbol: 'BTC-USDT' });
    await limiter.acquire([{ bucket: 'trade' }], { ip: 'h', account: 'a', symbol: 'ETH-USDT' });
    await limiter.acquire([{ bucket: 'trade' }], { ip: 'h', account: 'b', symbol: 'BTC-USDT' });
    expect(waits).toEqual([]);
    await limiter.acquire([{ bucket: 'trade' }], { ip: 'h', account: 'a', symbol: 'BTC-USDT' });
    expect(waits).toEqual([1000]);
  });

  it('waits rather than sends over the limit: the venue never sees more than the limit per window', async () => {
    const venue = await new FakeVenue().start();
    installHappyRoutes(venue);
    const exchange = new TestExchange({ baseUrl: venue.url });
    // Tighten the public bucket through the raw-request path: 3 per 400 ms.
    const limited = exchange as unknown as { pipeline: { spec: { buckets: Record<string, unknown> } } };
    (limited.pipeline.spec.buckets as Record<string, unknown>).public = { limit: 3, windowMs: 400, scope: 'ip' };
    const waits: RateLimitEvent[] = [];
    exchange.on('rateLimit', (event) => waits.push(event));
    const sentAt: number[] = [];
    exchange.on('request', () => sentAt.push(Date.now()));
    const started = Date.now();
    await Promise.all(Array.from({ length: 9 }, () => exchange.request({ method: 'GET', path: '/ticker' })));
    expect(venue.hits('GET /ticker')).toHaveLength(9);
    // 9 calls at 3 per 400 ms: the 4th send waits a window, the 7th two. Lower bounds only: a busy
    // machine can delay a send, never make one early (the window property itself is the store's test above).
    expect(sentAt).toHaveLength(9);
    expect((sentAt[3] as number) - started).toBeGreaterThanOrEqual(400 - 5);
    expect((sentAt[6] as number) - started).toBeGreaterThanOrEqual(800 - 5);
    expect(waits.length).toBeGreaterThan(0);
    expect(waits.every((w) => w.bucket === 'public')).toBe(true);
    await exchange.close();
    await venue.close();
  });

  const fakeLimiter = (limit: number) => {
    const clock = { now: 0, waits: [] as number[], onSleep: (): void => {} };
    const limiter = new RateLimiter({
      namespace: 'learn',
      store: new MemoryRateLimitStore(),
      buckets: { quote: { limit, windowMs: 2000, scope: 'ip' } },
      now: () => clock.now,
      sleep: async (ms) => {
        clock.waits.push(ms);
        clock.now += ms;
        clock.onSleep();
      },
    });
    const take = () => limiter.acquire([{ bucket: 'quote' }], { ip: 'h' });
    /** As the pipeline does: a slot, then the confirmation right before sending. */
    const send = async () => {
      const ticket = await take();
      await limiter.confirm(ticket);
      return ticket;
    };
    return { clock, limiter, take, send };
  };

  it('plans with a 10 % margin until replies are in, then counts each window from its reply', async () => {
    const unknown = fakeLimiter(2);
    for (let i = 0; i < 3; i++) await unknown.take();
    expect(unknown.clock.waits).toEqual([2200]);

    const replied = fakeLimiter(2);
    const first = await replied.send();
    replied.clock.now += 30;
    replied.limiter.settle(first); // the reply came 30 ms after the send
    await replied.send();
    await replied.send();
    // The third may go one window after the first one's reply: 30 + 2000, i.e. 2000 ms from now.
    expect(replied.clock.waits).toEqual([2000]);
    // A 5 s reply teaches a margin no larger than the conservative one.
    replied.limiter.settle({ grantedAtMs: replied.clock.now - 5000 });
    const before = replied.clock.now;
    await replied.take();
    expect(replied.clock.now - before).toBeLessThanOrEqual(2200);
  });

  it('moves a planned request to a window after a reply that came late, however late', async () => {
    const { clock, limiter, send } = fakeLimiter(1);
    const first = await send();
    // The first request's reply is stalled until 2500 ms (a busy event loop, a slow network).
    clock.onSleep = () => {
      if (clock.now >= 2500 && clock.now < 2600) limiter.settle(first);
    };
    await send();
    // Planned for 2200 (window + 10 % margin), held while the first was unanswered, then sent one
    // window after its reply: its arrival cannot fall within 2 s of the first one's.
    expect(clock.now).toBeGreaterThanOrEqual(2500 + 2000);
    expect(clock.now).toBeLessThan(2500 + 2000 + 50);
  });

  it('takes a shared store’s answers asynchronously (a round trip each) to the same slots, and never waits for settle', async () => {
    const memory = new MemoryRateLimitStore();
    const settled: string[] = [];
    /** The memory store behind promises, as a store in Redis answers; its settle fails. */
    const remote: RateLimitStore = {
      reserve: async (reservations, nowMs) => memory.reserve(reservations, nowMs),
      reserveTicket: async (reservations, nowMs, maxWaitMs) => memory.reserveTicket(reservations, nowMs, maxWaitMs),
      confirm: async (ticket, nowMs) => memory.confirm(ticket, nowMs),
      settle: async (ticket, endMs) => {
        memory.settle(ticket, endMs);
        settled.push(String(endMs));
        throw new Error('Redis went away');
      },
    };
    const clock = { now: 0 };
    const limiter = new RateLimiter({
      namespace: 'async',
      store: remote,
      buckets: { quote: { limit: 1, windowMs: 2000, scope: 'ip' } },
      windowMarginMs: () => 0,
      now: () => clock.now,
      sleep: async (ms) => {
        clock.now += ms;
      },
    });
    const first = await limiter.acquire([{ bucket: 'quote' }], { ip: 'h' });
    await limiter.confirm(first);
    clock.now = 700;
    limiter.settle(first);
    const second = await limiter.acquire([{ bucket: 'quote' }], { ip: 'h' });
    await limiter.confirm(second);
    // One window after the first one's reply, as with the memory store itself.
    expect(clock.now).toBe(2700);
    expect(settled).toEqual(['700']);
  });

  it('fails fast with RateLimited and retryAfterMs when the wait would pass maxWaitMs, reserving nothing', async () => {
    const store = new MemoryRateLimitStore();
    const sleeps: number[] = [];
    const limiter = new RateLimiter({
      namespace: 'fast',
      store,
      buckets: { order: { limit: 1, windowMs: 1000, scope: 'account' } },
      windowMarginMs: () => 0,
      maxWaitMs: 300,
      now: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    await limiter.acquire([{ bucket: 'order' }], { ip: 'h', account: 'a' });
    const refused = await limiter.acquire([{ bucket: 'order' }], { ip: 'h', account: 'a' }).catch((error: unknown) => error);
    expect(isExchangeError(refused, 'RateLimited')).toBe(true);
    expect(isLocalRateLimit(refused)).toBe(true);
    expect(refused).toMatchObject({ retryAfterMs: 1000, exchange: 'fast' });
    expect(sleeps).toEqual([]);
    // The refused call took no slot: the next caller's wait is still 1000, not 2000.
    expect(store.reserve([{ key: 'fast|order|acct:a', cost: 1, limit: 1, windowMs: 1000 }], 0)).toBe(1000);
  });

  it('maxWaitMs reaches the caller of a read as RateLimited at once, without retries or a send', async () => {
    const venue = await new FakeVenue().start();
    installHappyRoutes(venue);
    const exchange = new TestExchange({ baseUrl: venue.url, rateLimit: { maxWaitMs: 50 } });
    const limited = exchange as unknown as { pipeline: { spec: { buckets: Record<string, unknown> } } };
    (limited.pipeline.spec.buckets as Record<string, unknown>).public = { limit: 1, windowMs: 60_000, scope: 'ip' };
    const retries: unknown[] = [];
    exchange.on('retry', (event) => retries.push(event));
    await exchange.request({ method: 'GET', path: '/ticker' });
    const error = await exchange.request({ method: 'GET', path: '/ticker' }).catch((caught: unknown) => caught);
    expect(isExchangeError(error, 'RateLimited')).toBe(true);
    expect((error as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(50_000);
    expect(venue.hits('GET /ticker')).toHaveLength(1);
    expect(retries).toEqual([]);
    await exchange.close();
    await venue.close();
  });
});

describe('budgets keyed by the server, not by how its address is spelt', () => {
  it.each([
    ['http://127.0.0.1:8080', 'loopback:8080'],
    ['http://localhost:8080/', 'loopback:8080'],
    ['http://LOCALHOST:8080', 'loopback:8080'],
    ['http://[::1]:8080', 'loopback:8080'],
    ['http://127.1:8080', 'loopback:8080'],
    ['http://api.localhost:8080', 'loopback:8080'],
    ['http://[::ffff:127.0.0.1]:8080', 'loopback:8080'],
    ['http://localhost', 'loopback:80'],
    ['http://LOCALHOST:80', 'loopback:80'],
    ['https://WWW.OKX.COM', 'www.okx.com:443'],
    ['https://www.okx.com:443/', 'www.okx.com:443'],
    ['https://www.okx.com.', 'www.okx.com:443'],
    ['https://my.okx.com', 'my.okx.com:443'],
  ])('%s → %s', (url, key) => {
    expect(originKey(url)).toBe(key);
  });

  it('makes 127.0.0.1 and localhost share one budget', async () => {
    const venue = await new FakeVenue().start();
    installHappyRoutes(venue);
    const port = new URL(venue.url).port;
    const store = new MemoryRateLimitStore();
    const waits: RateLimitEvent[] = [];
    const byIp = new TestExchange({ baseUrl: `http://127.0.0.1:${port}`, rateLimit: { store, utilization: 0.1 } });
    const byName = new TestExchange({ baseUrl: `http://LOCALHOST:${port}`, rateLimit: { store, utilization: 0.1 } });
    byName.on('rateLimit', (event) => waits.push(event));
    // 5 requests fill the public bucket (50 × 0.1 per second) through one spelling; the other must wait.
    for (let i = 0; i < 5; i++) await byIp.fetchTicker('BTC/USDT');
    await byName.fetchTicker('BTC/USDT');
    expect(waits).toHaveLength(1);
    expect(waits[0]?.waitMs).toBeGreaterThan(0);
    await byIp.close();
    await byName.close();
    await venue.close();
  });
});
