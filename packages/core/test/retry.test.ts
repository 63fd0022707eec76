import { backoffDelayMs, parseRetryAfterMs, RetryBudget } from '../src/adapter.js';
import type { RetryEvent } from '../src/index.js';
import { DEFAULT_RETRY_POLICY, isExchangeError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

const tooMany = { status: 429, body: { code: '429', msg: 'Too Many Requests', data: [] } };

describe('retries', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('retries a read after a 429 and returns the later success', async () => {
    let calls = 0;
    venue.route('GET /ticker', () => (++calls === 1 ? tooMany : { body: { code: '0', msg: '', data: [{ last: '61000', ts: '1' }] } }));
    const exchange = new TestExchange({ baseUrl: venue.url, retry: { baseDelayMs: 10 } });
    const retries: RetryEvent[] = [];
    exchange.on('retry', (event) => retries.push(event));
    await expect(exchange.fetchTicker('BTC/USDT')).resolves.toMatchObject({ last: 61_000 });
    expect(venue.hits('GET /ticker')).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.reason).toBe('rate-limited');
    await exchange.close();
  });

  it('does not resend an order after a 429: it reports RateLimited with orderState not-placed', async () => {
    venue.route('POST /order', () => tooMany);
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, retry: { baseDelayMs: 10 } });
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '50000' })
      .catch((e: unknown) => e);
    expect(isExchangeError(error, 'RateLimited')).toBe(true);
    expect((error as { orderState?: string }).orderState).toBe('not-placed');
    expect(venue.hits('POST /order')).toHaveLength(1);
    await exchange.close();
  });

  it('honours Retry-After when it asks for longer than the backoff', async () => {
    let calls = 0;
    venue.route('GET /ticker', () =>
      ++calls === 1 ? { ...tooMany, headers: { 'retry-after': '1' } } : { body: { code: '0', msg: '', data: [{ last: '1', ts: '1' }] } },
    );
    const exchange = new TestExchange({ baseUrl: venue.url, retry: { baseDelayMs: 10 } });
    const retries: RetryEvent[] = [];
    exchange.on('retry', (event) => retries.push(event));
    await exchange.fetchTicker('BTC/USDT');
    expect(retries[0]?.delayMs).toBeGreaterThanOrEqual(1000);
    expect(retries[0]?.error.retryAfterMs).toBe(1000);
    await exchange.close();
  });

  it('stops retrying when the retry budget is spent, so an outage does not multiply traffic', async () => {
    venue.route('GET /ticker', () => ({ status: 503, body: '<html><body>Service Unavailable</body></html>' }));
    const exchange = new TestExchange({
      baseUrl: venue.url,
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 4, budgetCapacity: 20, retryCost: 5, budgetRefillPerSecond: 0 },
    });
    for (let i = 0; i < 5; i++) {
      const error = await exchange.fetchTicker('BTC/USDT').catch((e: unknown) => e);
      expect(isExchangeError(error, 'ExchangeUnavailable')).toBe(true);
    }
    // 5 calls + at most 20/5 = 4 retries in all, instead of 5 × 4 sends.
    expect(venue.hits('GET /ticker')).toHaveLength(9);
    await exchange.close();
  });
});

describe('backoff arithmetic', () => {
  it('doubles per attempt with jitter inside [ceiling/2, ceiling] and respects the cap', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(400);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(1, policy, () => 0, 3000)).toBe(3000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfterMs('2', 0)).toBe(2000);
    expect(parseRetryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(parseRetryAfterMs('soon', 0)).toBeUndefined();
  });

  it('refills with time, so retries are available again within a second of an outage ending', () => {
    let now = 0;
    const budget = new RetryBudget({ ...DEFAULT_RETRY_POLICY, budgetCapacity: 100, retryCost: 5, budgetRefillPerSecond: 10 }, () => now);
    while (budget.tryAcquire(false) !== undefined);
    expect(budget.available).toBeLessThan(5);
    now += 500;
    expect(budget.tryAcquire(false)).toBe(5);
    now += 10_000;
    expect(budget.available).toBe(100);
    // A clock that steps back does not drain or freeze it.
    now -= 60_000;
    expect(budget.available).toBe(100);
  });

  it('refunds what retries took when the call finally succeeds', () => {
    const budget = new RetryBudget({ ...DEFAULT_RETRY_POLICY, budgetCapacity: 10, retryCost: 5 });
    expect(budget.tryAcquire(false)).toBe(5);
    expect(budget.tryAcquire(false)).toBe(5);
    expect(budget.tryAcquire(false)).toBeUndefined();
    budget.release(10);
    expect(budget.available).toBe(10);
  });
});
