import { isExchangeError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { installHappyRoutes, TestExchange } from './support/test-exchange.js';

describe('reading replies', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('turns a drifted payload into BadResponse naming the field path', async () => {
    venue.route('GET /ticker', () => ({ body: { code: '0', msg: '', data: [{ lastPrice: '60000', ts: '1' }] } }));
    const exchange = new TestExchange({ baseUrl: venue.url, retry: false });
    const error = await exchange.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(isExchangeError(error, 'BadResponse')).toBe(true);
    expect((error as Error).message).toContain('data[0].last');
    await exchange.close();
  });

  it('accepts the drifted payload when validation is turned off', async () => {
    venue.route('GET /ticker', () => ({ body: { code: '0', msg: '', data: [{ last: 60000, ts: '1' }] } }));
    const exchange = new TestExchange({ baseUrl: venue.url, validateResponses: false });
    await expect(exchange.fetchTicker('BTC/USDT')).resolves.toMatchObject({ last: 60000 });
    await exchange.close();
  });

  it.each([
    [502, 'ExchangeUnavailable'],
    [200, 'BadResponse'],
    [403, 'IpNotAllowed'],
    [404, 'BadRequest'],
  ] as const)('maps an HTML page with HTTP %i to %s', async (status, kind) => {
    venue.route('GET /ticker', () => ({
      status,
      body: '<!DOCTYPE html><html><head><title>Error</title></head><body><h1>Something went wrong</h1></body></html>',
    }));
    const exchange = new TestExchange({ baseUrl: venue.url, retry: false });
    const error = await exchange.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(isExchangeError(error, kind)).toBe(true);
    expect((error as { httpStatus: number }).httpStatus).toBe(status);
    expect((error as Error).message).toContain('Something went wrong');
    await exchange.close();
  });

  it('maps a 429 without a body to RateLimited', async () => {
    venue.route('GET /ticker', () => ({ status: 429, body: '' }));
    const exchange = new TestExchange({ baseUrl: venue.url, retry: false });
    const error = await exchange.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(isExchangeError(error, 'RateLimited')).toBe(true);
    await exchange.close();
  });

  it('reports a refused connection as NetworkError naming the host', async () => {
    const closed = await new FakeVenue().start();
    const url = closed.url;
    await closed.close();
    const exchange = new TestExchange({ baseUrl: url, retry: false });
    const error = await exchange.fetchTicker('BTC/USDT').catch((e: unknown) => e);
    expect(isExchangeError(error, 'NetworkError')).toBe(true);
    expect((error as { hint: string }).hint).toContain(url);
    await exchange.close();
  });
});
