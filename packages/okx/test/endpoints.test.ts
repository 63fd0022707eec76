import nock from 'nock';
import { withCost } from '../src/endpoints.js';
import { OKX_BUCKETS, OKX_ENDPOINTS } from '../src/index.js';
import { BASE_URL, capture, fixture, newExchange, recordRequests, useNock } from './helpers.js';

useNock();

describe('endpoint table', () => {
  it('carries the documented limits per 2 s: per IP for public, per user for private, per user + instrument for trading', () => {
    const limitOf = (name: keyof typeof OKX_ENDPOINTS) => {
      const bucket = OKX_BUCKETS[OKX_ENDPOINTS[name].rateLimits[0]?.bucket as keyof typeof OKX_BUCKETS];
      return [bucket.limit, bucket.windowMs, bucket.scope];
    };
    expect(limitOf('time')).toEqual([10, 2000, 'ip']);
    expect(limitOf('instruments')).toEqual([20, 2000, 'ip']);
    expect(limitOf('ticker')).toEqual([20, 2000, 'ip']);
    expect(limitOf('books')).toEqual([40, 2000, 'ip']);
    expect(limitOf('trades')).toEqual([100, 2000, 'ip']);
    expect(limitOf('candles')).toEqual([40, 2000, 'ip']);
    expect(limitOf('balance')).toEqual([10, 2000, 'account']);
    expect(limitOf('positions')).toEqual([10, 2000, 'account']);
    expect(limitOf('accountConfig')).toEqual([5, 2000, 'account']);
    expect(limitOf('ordersPending')).toEqual([60, 2000, 'account']);
    expect(limitOf('ordersHistory')).toEqual([40, 2000, 'account']);
    expect(limitOf('fillsHistory')).toEqual([10, 2000, 'account']);
    expect(limitOf('placeOrder')).toEqual([60, 2000, 'account+symbol']);
    expect(limitOf('cancelOrder')).toEqual([60, 2000, 'account+symbol']);
    expect(limitOf('order')).toEqual([60, 2000, 'account+symbol']);
    expect(limitOf('batchOrders')).toEqual([300, 2000, 'account+symbol']);
    expect(OKX_ENDPOINTS.placeOrder.intent).toBe('create');
    expect(OKX_ENDPOINTS.cancelOrder.intent).toBe('cancel');
  });

  it('charges a batch one unit per order', () => {
    expect(withCost(OKX_ENDPOINTS.batchOrders, 20).rateLimits).toEqual([
      { bucket: 'batchOrders', cost: 20 },
      { bucket: 'subAccountOrders', cost: 20 },
    ]);
  });

  it('holds the 11th server-time request of a 2 s window instead of sending it', async () => {
    nock(BASE_URL).get('/api/v5/public/time').times(11).reply(200, fixture('time').response);
    const exchange = newExchange();
    const waits: Array<{ bucket: string; waitMs: number }> = [];
    exchange.on('rateLimit', (event) => waits.push({ bucket: event.bucket, waitMs: event.waitMs }));
    const started = Date.now();
    await Promise.all(Array.from({ length: 11 }, () => exchange.fetchTime()));
    expect(waits).toHaveLength(1);
    expect(waits[0]?.bucket).toBe('time');
    expect(waits[0]?.waitMs).toBeGreaterThan(1900);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    await exchange.close();
  });
});

describe('request()', () => {
  it('signs a table endpoint it knows as private and returns the raw reply (recorded max-avail-size)', async () => {
    const captured = capture(
      nock(BASE_URL)
        .get('/api/v5/account/max-avail-size')
        .query({ instId: 'BTC-USDT', tdMode: 'cash' })
        .reply(200, fixture('max-avail-size').response),
    );
    const exchange = newExchange();
    const reply = await exchange.request<{ data: Array<{ availBuy: string; availSell: string }> }>({
      method: 'GET',
      path: '/api/v5/account/max-avail-size',
      query: { instId: 'BTC-USDT', tdMode: 'cash' },
    });
    expect(reply.data[0]).toEqual({ instId: 'BTC-USDT', availBuy: '100', availSell: '1' });
    expect(captured[0]?.header('ok-access-sign')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    await exchange.close();
  });

  it('sends an unknown path unsigned unless asked, and maps its errors like any other', async () => {
    const captured = capture(nock(BASE_URL).get('/api/v5/system/status').reply(200, fixture('status').response));
    nock(BASE_URL).get('/api/v5/public/unknown').reply(404, fixture('error-http-404').response);
    const exchange = newExchange();
    const sent = recordRequests(exchange);
    await expect(exchange.request({ method: 'GET', path: '/api/v5/system/status' })).resolves.toEqual({ code: '0', data: [], msg: '' });
    expect(captured[0]?.header('ok-access-sign')).toBeNull();
    await expect(exchange.request({ method: 'GET', path: '/api/v5/public/unknown' })).rejects.toMatchObject({
      kind: 'BadRequest',
      httpStatus: 404,
    });
    expect(sent.map((request) => request.path)).toEqual(['/api/v5/system/status', '/api/v5/public/unknown']);
    await exchange.close();
  });
});
