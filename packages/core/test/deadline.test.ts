/**
 * `timeoutMs` is a deadline for the whole request — connect, send and the full body — not an idle
 * timer: a reply trickling one byte every 500 ms fails at the deadline with NetworkError, the
 * socket is released, and an order whose reply trickled is looked up, never resent blindly.
 */

import { NodeHttpTransport, sendWithDeadline } from '../src/adapter.js';
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

  it('holds for a subclass of the built-in transport whose own send ignores the deadline', async () => {
    // The built-in send bounds itself by timeoutMs and is trusted to; an override is not.
    class Stalling extends NodeHttpTransport {
      override send(): Promise<HttpResponse> {
        return new Promise<HttpResponse>(() => {});
      }
    }
    const transport = new Stalling();
    const error = await sendWithDeadline(transport, { method: 'GET', url: 'http://127.0.0.1:9/x', headers: {}, timeoutMs: 50 }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'EDEADLINE', timedOut: true, mayHaveReachedServer: true });
    transport.close();
  });

  it('gives up the clock sync at the first sample that misses its deadline, instead of waiting one deadline per sample', async () => {
    venue.route('GET /time', () => ({ body: { code: '0', msg: '', data: [{ ts: String(Date.now()) }] }, trickleMs: 500 }));
    // 4 s, not 1: the trickled /time reply takes 20 s either way, and the signed call after it must
    // finish within the same deadline however busy the machine is.
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, timeoutMs: 4000 });
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
    // 4 s, not 1: the trickled reply takes 40 s either way, and the lookup after it must finish within
    // the same deadline however busy the machine is.
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, timeoutMs: 4000, clockSync: false });
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

/**
 * Deadlines share one timer per timeout (deadline.ts): requests sent together expire together,
 * each at its own deadline, whatever the others do; the timer keeps the process alive only while a
 * request is in flight; the AbortSignal is made only for a transport that reads it.
 */
describe('deadlines of many requests', () => {
  const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
  const request = (timeoutMs: number) => ({ method: 'GET' as const, url: 'http://127.0.0.1:9/x', headers: {}, timeoutMs });

  /** A transport whose replies the test releases, and which never reads the signal unless asked. */
  function heldTransport(readSignal: boolean) {
    const held: Array<{ signal: AbortSignal | undefined; reply: () => void }> = [];
    const transport: Transport = {
      send: (sent: HttpRequest) =>
        new Promise<HttpResponse>((resolve) => {
          held.push({ signal: readSignal ? sent.signal : undefined, reply: () => resolve({ status: 200, headers: {}, body: '{}' }) });
        }),
    };
    return { transport, held };
  }

  it('expires only the requests still waiting, each with its own error, and keeps the others’ replies', async () => {
    const { transport, held } = heldTransport(true);
    const outcomes = [40, 40, 40, 60].map((timeoutMs) =>
      sendWithDeadline(transport, request(timeoutMs)).then(
        (response) => response.status,
        (error: { code: string }) => error.code,
      ),
    );
    held[1]?.reply();
    expect(await Promise.all(outcomes)).toEqual(['EDEADLINE', 200, 'EDEADLINE', 'EDEADLINE']);
    expect(held.map((entry) => entry.signal?.aborted)).toEqual([true, false, true, true]);
  });

  it('expires a later request at its own deadline when the one the timer was set for has replied', async () => {
    const { transport, held } = heldTransport(true);
    const early = sendWithDeadline(transport, request(40));
    await new Promise((resolve) => setTimeout(resolve, 15));
    const startedMs = performance.now();
    const late = sendWithDeadline(transport, request(40)).catch((error: { code: string }) => error.code);
    held[0]?.reply();
    await expect(early).resolves.toMatchObject({ status: 200 });
    expect(await late).toBe('EDEADLINE');
    // A lower bound only: it did not fail at the deadline of the request sent before it.
    expect(performance.now() - startedMs).toBeGreaterThanOrEqual(39);
  });

  it('keeps the process alive while a request is in flight, and not after', async () => {
    const before = timers();
    const { transport, held } = heldTransport(false);
    const first = sendWithDeadline(transport, request(30_000));
    const second = sendWithDeadline(transport, request(30_000));
    expect(timers()).toBe(before + 1);
    held[0]?.reply();
    await first;
    expect(timers()).toBe(before + 1);
    held[1]?.reply();
    await second;
    expect(timers()).toBe(before);
    // The next request takes the same timer back.
    const third = sendWithDeadline(transport, request(30_000));
    expect(timers()).toBe(before + 1);
    held[2]?.reply();
    await third;
    expect(timers()).toBe(before);
  });

  it('gives a transport that reads the signal late one already aborted', async () => {
    let late: HttpRequest | undefined;
    const transport: Transport = {
      send: (sent) => {
        late = sent;
        return new Promise<HttpResponse>(() => {});
      },
    };
    await expect(sendWithDeadline(transport, request(20))).rejects.toMatchObject({ code: 'EDEADLINE' });
    expect(late?.signal?.aborted).toBe(true);
  });

  it('passes on a transport’s own failure, thrown or rejected', async () => {
    const thrown: Transport = {
      send: () => {
        throw new Error('no socket');
      },
    };
    await expect(sendWithDeadline(thrown, request(1000))).rejects.toThrow('no socket');
    const rejected: Transport = { send: () => Promise.reject(new Error('reset')) };
    await expect(sendWithDeadline(rejected, request(1000))).rejects.toThrow('reset');
  });
});
