/**
 * `timeoutMs` is a deadline for the whole request — connect, send and the full body — not an idle
 * timer: a reply trickling one byte every 500 ms fails at the deadline with NetworkError, the
 * socket is released, and an order whose reply trickled is looked up, never resent blindly.
 */

import { sendWithDeadline } from '../src/adapter.js';
import { type HttpRequest, type HttpResponse, isExchangeError, type Transport } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

/** 60 bytes at one per 500 ms: half a minute, unless the client gives up at its deadline. */
const TRICKLE = { body: { code: '0', msg: '', data: [{ last: '60000.1', ts: '1700000000000' }] }, trickleMs: 500 };

describe('the request deadline', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('fails a read whose reply trickles, at the deadline, and closes the connection', async () => {
    venue.route('GET /ticker', () => TRICKLE);
    const exchange = new TestExchange({ baseUrl: venue.url, timeoutMs: 1000, retry: false });
    const closed = new Promise<void>((resolve) => venue.onConnectionClosed(resolve));
    const error = await exchange.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(isExchangeError(error, 'NetworkError')).toBe(true);
    expect((error as Error).message).toContain('no complete reply within 1000 ms');
    // The socket is gone long before the 30 s the reply would take: the client hung up.
    await closed;
    expect(venue.completedReplies).toBe(0);
    await exchange.close();
  });

  it('holds even for a transport that ignores the abort signal', async () => {
    let signal: AbortSignal | undefined;
    const silent: Transport = {
      send: (request: HttpRequest) => {
        signal = request.signal;
        return new Promise<HttpResponse>(() => {});
      },
    };
    const error = await sendWithDeadline(silent, { method: 'GET', url: 'http://127.0.0.1:9/x', headers: {}, timeoutMs: 50 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'EDEADLINE', timedOut: true, mayHaveReachedServer: true });
    expect(signal?.aborted).toBe(true);
  });

  it('gives up the clock sync at the first sample that misses its deadline, instead of waiting one deadline per sample', async () => {
    venue.route('GET /time', () => ({ body: { code: '0', msg: '', data: [{ ts: String(Date.now()) }] }, trickleMs: 500 }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, timeoutMs: 1000 });
    // Signed with the local clock after the failed sync; the venue accepts it (no skew here).
    await expect(exchange.fetchPrivateBalance()).resolves.toBeDefined();
    expect(venue.hits('GET /time')).toHaveLength(1);
    await exchange.close();
  });

  it('looks an order up when its reply trickled past the deadline, and returns it without a second send', async () => {
    const orders = installHappyRoutes(venue);
    venue.route('POST /order', (request) => {
      const { clOrdId, sz } = JSON.parse(request.body) as { clOrdId: string; sz: string };
      const placed = { ordId: '42', clOrdId, sz };
      orders.set(clOrdId, placed);
      return { body: { code: '0', msg: '', data: [placed] }, trickleMs: 500 };
    });
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, timeoutMs: 1000, clockSync: false });
    const order = await exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50_000 });
    expect(order.id).toBe('42');
    expect(venue.hits('POST /order')).toHaveLength(1);
    expect(venue.hits('GET /order')).toHaveLength(1);
    await exchange.close();
  });

  it('says the order state is unknown when the reply trickled and the lookup fails too', async () => {
    venue.route('POST /order', () => ({ body: { code: '0', msg: '', data: [] }, trickleMs: 500 }));
    venue.route('GET /order', () => ({ status: 503, body: '<html>busy</html>' }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, timeoutMs: 1000, clockSync: false, retry: false });
    const error = await exchange
      .createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50_000, clientOrderId: 'abc123' })
      .catch((e: unknown) => e);
    expect(isExchangeError(error, 'NetworkError')).toBe(true);
    expect(error).toMatchObject({ orderState: 'unknown', clientOrderId: 'abc123' });
    expect(venue.hits('POST /order')).toHaveLength(1);
    await exchange.close();
  });
});
