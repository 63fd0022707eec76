import { EventEmitter } from 'eventemitter3';
import { Pipeline } from '../src/adapter.js';
import { type ExchangeEvents, isExchangeError, NetworkError, type Order, type WarningEvent } from '../src/index.js';
import { FakeVenue, type VenueReply } from './support/fake-venue.js';
import { CREDENTIALS, TestExchange, testSpec } from './support/test-exchange.js';

interface VenueOrder {
  ordId: string;
  side: 'buy' | 'sell';
  sz: string;
  fillSz: string;
  state: 'live' | 'canceled' | 'filled';
}

describe('the write rule: a cancel the exchange accepted never turns into an error', () => {
  let venue: FakeVenue;
  let orders: Map<string, VenueOrder>;
  /** How the venue answers the n-th cancel request (1-based) after carrying it out; default: normally. */
  let cancelReplies: Array<'drop' | 'unavailable' | 'normal'>;
  let readFails: boolean;

  const cancelRequests = () => venue.hits('POST /cancel').length;
  const orderReads = () => venue.hits('GET /order').length;

  beforeEach(async () => {
    venue = await new FakeVenue().start();
    orders = new Map(
      ['1', '2', '3', '4', '5'].map((ordId) => [ordId, { ordId, side: 'buy' as const, sz: '0.01', fillSz: '0', state: 'live' as const }]),
    );
    cancelReplies = [];
    readFails = false;
    venue
      .route('GET /time', () => ({ body: { code: '0', msg: '', data: [{ ts: String(Date.now()) }] } }))
      .route('GET /order', (request): VenueReply => {
        if (readFails) return { status: 503, body: { code: 'BUSY', msg: 'busy', data: [] } };
        const order = orders.get(request.query.get('ordId') ?? '');
        return { body: { code: '0', msg: '', data: order ? [order] : [] } };
      })
      .route('POST /cancel', (request): VenueReply => {
        const { ordIds } = JSON.parse(request.body) as { ordIds: string[] };
        const data = ordIds.map((ordId) => {
          const order = orders.get(ordId);
          if (order?.state !== 'live') return { ordId, sCode: 'GONE' };
          order.state = 'canceled';
          return { ordId, sCode: '0' };
        });
        const how = cancelReplies[cancelRequests() - 1] ?? 'normal';
        if (how === 'drop') return { drop: true };
        if (how === 'unavailable') return { status: 503, body: 'Service Unavailable' };
        // A one-id refusal comes as the whole reply's error, as OKX's single cancel does.
        if (ordIds.length === 1 && data[0]?.sCode !== '0') return { body: { code: 'NOORDER', msg: 'Order does not exist', data: [] } };
        return { body: { code: '0', msg: '', data } };
      });
  });
  afterEach(() => venue.close());

  const exchange = (maxAttempts = 4) =>
    new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, clockSync: false, retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts } });

  it('cancelOrder spends one request and returns what the ack says: id, symbol, canceled, nothing guessed', async () => {
    const ex = exchange();
    const order = await ex.cancelOrder('1', 'BTC/USDT');
    expect(order).toEqual({ id: '1', symbol: 'BTC/USDT', status: 'canceled', info: { ordId: '1', sCode: '0' } });
    expect([cancelRequests(), orderReads()]).toEqual([1, 0]);
    await ex.close();
  });

  it('a lost reply, then "not found" on the retry: the order is read and the cancel resolves', async () => {
    cancelReplies = ['drop'];
    const ex = exchange();
    const order = await ex.cancelOrder('1', 'BTC/USDT');
    expect(order).toMatchObject({ id: '1', status: 'canceled', side: 'buy', filled: 0 });
    expect([cancelRequests(), orderReads()]).toEqual([2, 1]);
    await ex.close();
  });

  it('replies lost on every attempt: the order is read, and the cancel resolves because it went through', async () => {
    cancelReplies = ['drop', 'drop'];
    const ex = exchange(2);
    await expect(ex.cancelOrder('1', 'BTC/USDT')).resolves.toMatchObject({ id: '1', status: 'canceled' });
    await ex.close();
  });

  it('a 5xx after the cancel was carried out counts as a lost reply', async () => {
    cancelReplies = ['unavailable'];
    const ex = exchange();
    await expect(ex.cancelOrder('1', 'BTC/USDT')).resolves.toMatchObject({ id: '1', status: 'canceled' });
    expect(orderReads()).toBe(1);
    await ex.close();
  });

  it('a lost reply, and the order turns out filled: the refusal stands, with the order attached to it', async () => {
    cancelReplies = ['drop'];
    // The lost request found the order filled in the meantime; so does the retry.
    (orders.get('2') as VenueOrder).state = 'filled';
    (orders.get('2') as VenueOrder).fillSz = '0.01';
    const ex = exchange();
    const [canceled, filled] = await ex.cancelOrders(['1', '2'], 'BTC/USDT');
    expect(canceled).toMatchObject({ id: '1', status: 'canceled' });
    expect(canceled?.error).toBeUndefined();
    expect(filled).toMatchObject({ id: '2', status: 'closed', filled: 0.01 });
    expect(isExchangeError(filled?.error, 'OrderNotFound')).toBe(true);
    await ex.close();
  });

  it('"not found" without a lost reply is the refusal it is: thrown, and nothing is read', async () => {
    (orders.get('1') as VenueOrder).state = 'canceled';
    const ex = exchange();
    await expect(ex.cancelOrder('1', 'BTC/USDT')).rejects.toMatchObject({ kind: 'OrderNotFound' });
    expect(orderReads()).toBe(0);
    await ex.close();
  });

  it('fetchFinalState reads the order back; when that read fails the ack stands, with one warning', async () => {
    const ex = exchange(1);
    const warnings: WarningEvent[] = [];
    ex.on('warning', (event) => warnings.push(event));
    await expect(ex.cancelOrder('1', 'BTC/USDT', { fetchFinalState: true })).resolves.toMatchObject({ status: 'canceled', filled: 0 });
    expect(warnings).toEqual([]);
    readFails = true;
    const ack = await ex.cancelOrder('2', 'BTC/USDT', { fetchFinalState: true });
    expect(ack).toEqual({ id: '2', symbol: 'BTC/USDT', status: 'canceled', info: { ordId: '2', sCode: '0' } });
    expect(warnings).toMatchObject([{ exchange: 'testex', code: 'follow-up-read-failed', error: { kind: 'ExchangeUnavailable' } }]);
    await ex.close();
  });

  it('cancelOrders sends one request per batch and keeps one result per id, in order', async () => {
    (orders.get('4') as VenueOrder).state = 'filled';
    const ex = exchange();
    const results = await ex.cancelOrders(['1', '2', '3', '4', '5'], 'BTC/USDT');
    expect(cancelRequests()).toBe(3);
    expect(results.map((order) => [order.id, order.status, order.error?.kind])).toEqual([
      ['1', 'canceled', undefined],
      ['2', 'canceled', undefined],
      ['3', 'canceled', undefined],
      ['4', undefined, 'OrderNotFound'],
      ['5', 'canceled', undefined],
    ]);
    expect(orderReads()).toBe(0);
    await ex.close();
  });

  it('refuses an empty id before anything is sent', async () => {
    const ex = exchange();
    await expect(ex.cancelOrder('', 'BTC/USDT')).rejects.toMatchObject({ kind: 'BadRequest' });
    await expect(ex.cancelOrders([], 'BTC/USDT')).rejects.toMatchObject({ kind: 'BadRequest' });
    expect(venue.requests).toEqual([]);
    await ex.close();
  });
});

describe('placeOrder: a lookup that cannot tell several orders apart', () => {
  it('keeps the lookup’s unknown outcome and its candidates, with the client id, instead of wrapping them', async () => {
    const pipeline = new Pipeline({ spec: testSpec(), options: { retry: { maxAttempts: 3 } }, events: new EventEmitter<ExchangeEvents>() });
    const candidates = [{ id: 'a' }, { id: 'b' }] as Order[];
    const lost = new NetworkError({ exchange: 'testex', message: 'socket hang up', orderState: 'unknown' });
    let lookups = 0;
    const error = await pipeline
      .placeOrder(
        'cid1',
        () => Promise.reject(lost),
        () => {
          lookups++;
          return Promise.reject(
            new NetworkError({ exchange: 'testex', message: '2 orders match', orderState: 'unknown', candidateOrders: candidates }),
          );
        },
      )
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'NetworkError', orderState: 'unknown', clientOrderId: 'cid1', candidateOrders: candidates });
    expect((error as Error).message).toContain('2 orders match');
    expect(lookups).toBe(1);
  });
});
