import { median, offsetOfSample, ServerClock } from '../src/adapter.js';
import type { ClockSyncEvent, RetryEvent } from '../src/index.js';
import { isExchangeError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

describe('offset estimation', () => {
  it('corrects each sample by half its round trip', () => {
    expect(offsetOfSample({ serverTimeMs: 10_150, sentAtMs: 10_000, receivedAtMs: 10_100 })).toBe(100);
  });

  it('keeps the median so one slow sample cannot skew the offset', async () => {
    const samples = [
      { serverTimeMs: 1_050, sentAtMs: 1_000, receivedAtMs: 1_000 },
      { serverTimeMs: 2_050, sentAtMs: 2_000, receivedAtMs: 2_000 },
      { serverTimeMs: 9_000, sentAtMs: 3_000, receivedAtMs: 3_000 },
    ];
    const clock = new ServerClock({
      now: () => 0,
      sample: async () => samples.shift() ?? { serverTimeMs: 0, sentAtMs: 0, receivedAtMs: 0 },
      refreshIntervalMs: 0,
    });
    const result = await clock.sync();
    expect(result.serverTimeOffsetMs).toBe(50);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('skew-corrected signing', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('learns the offset before the first signed call, so a clock 45 s ahead never fails', async () => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, now: () => Date.now() + 45_000 });
    await expect(exchange.fetchPrivateBalance()).resolves.toMatchObject({ code: '0' });
    expect(venue.hits('GET /time').length).toBeGreaterThanOrEqual(1);
    expect(venue.hits('GET /balance')).toHaveLength(1);
    await exchange.close();
  });

  it('corrects a +45 s jump after one TimestampExpired, re-syncs and the call succeeds', async () => {
    let skewMs = 0;
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, now: () => Date.now() + skewMs });
    const syncs: ClockSyncEvent[] = [];
    const retries: RetryEvent[] = [];
    exchange.on('clockSync', (event) => syncs.push(event));
    exchange.on('retry', (event) => retries.push(event));
    await exchange.fetchPrivateBalance();
    skewMs = 45_000; // the local clock jumps after the first sync (suspend, manual change)

    await expect(exchange.fetchPrivateBalance()).resolves.toMatchObject({ code: '0' });

    const balanceCalls = venue.hits('GET /balance');
    expect(balanceCalls).toHaveLength(3); // first call, the expired one, its single retry
    expect(retries.map((r) => r.reason)).toEqual(['timestamp']);
    const resync = syncs.find((s) => s.reason === 'timestamp-expired');
    expect(resync?.serverTimeOffsetMs).toBeLessThan(-40_000);
    expect(resync?.serverTimeOffsetMs).toBeGreaterThan(-50_000);
    await exchange.close();
  });

  it('with clock sync off, surfaces TimestampExpired with the measured skew in its hint', async () => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, clockSync: false, now: () => Date.now() + 45_000 });
    const error = await exchange.fetchPrivateBalance().catch((e: unknown) => e);
    expect(isExchangeError(error, 'TimestampExpired')).toBe(true);
    if (!isExchangeError(error)) throw error;
    expect(error.hint).toMatch(/Local clock is 4[4-6] s ahead of TestEx \(limit 30 s\)\. Clock sync is off/);
    expect(error.exchangeCode).toBe('TS');
    expect(error.httpStatus).toBe(401);
    expect(venue.hits('GET /balance')).toHaveLength(1);
    await exchange.close();
  });

  it('retries a TimestampExpired only once, then reports the skew it measured', async () => {
    venue.route('GET /balance', () => ({ status: 401, body: { code: 'TS', msg: 'Timestamp request expired', data: [] } }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const error = await exchange.fetchPrivateBalance().catch((e: unknown) => e);
    expect(isExchangeError(error, 'TimestampExpired')).toBe(true);
    expect(venue.hits('GET /balance')).toHaveLength(2);
    expect((error as Error).message).toMatch(/a re-sync did not help/);
    await exchange.close();
  });
});
