/**
 * The library-backed transports are optional parts (src/optional-parts.ts): `transport: 'undici'`
 * or `'axios'` loads the transport's subpath (`@exchange-adapters/core/undici`, `/axios`) and its
 * library on the first request, not when the exchange is created, and a program that keeps the
 * default never loads either. A subpath that cannot be loaded is a NotSupported naming it, and
 * nothing is sent.
 */
import { loadOptionalPart, registerOptionalPart } from '../src/adapter.js';
import { FakeVenue } from './support/fake-venue.js';
import type { TestExchange } from './support/test-exchange.js';

let venue: FakeVenue;
beforeEach(async () => {
  venue = await new FakeVenue().start();
  venue.route('GET /ticker', () => ({ body: { code: '0', data: [{ last: '65000.5', ts: '1700000000000' }] } }));
});
const mocked = new Set<string>();
afterEach(() => {
  // doMock outlives isolateModules: each test's stand-ins end with it.
  for (const name of mocked) jest.dontMock(name);
  mocked.clear();
  jest.resetModules();
  return venue.close();
});

/** A TestExchange class from a fresh module registry in which `mocks` stand in for modules by name. */
function isolatedExchange(mocks: Record<string, () => unknown>): typeof TestExchange {
  let exchangeClass: typeof TestExchange | undefined;
  jest.isolateModules(() => {
    for (const [name, factory] of Object.entries(mocks)) {
      jest.doMock(name, factory);
      mocked.add(name);
    }
    exchangeClass = (require('./support/test-exchange.ts') as typeof import('./support/test-exchange.js')).TestExchange;
  });
  return exchangeClass as typeof TestExchange;
}

it.each(['undici', 'axios'] as const)("transport '%s' loads its subpath and library on the first request", async (name) => {
  const loads: string[] = [];
  const entry = `@exchange-adapters/core/${name}`;
  const Exchange = isolatedExchange({
    [entry]: () => {
      loads.push(entry);
      return jest.requireActual(entry);
    },
    [name]: () => {
      loads.push(name);
      return jest.requireActual(name);
    },
  });
  const exchange = new Exchange({ baseUrl: venue.url, transport: name });
  await new Promise((resolve) => setImmediate(resolve));
  expect(loads).toEqual([]);
  const ticker = await exchange.fetchTicker('BTC/USDT');
  expect(ticker.last).toBe(65000.5);
  expect(loads).toEqual([entry, name]);
  await exchange.close();
});

it('the default transport loads neither subpath nor library', async () => {
  const loads: string[] = [];
  const mocks: Record<string, () => unknown> = {};
  for (const name of ['@exchange-adapters/core/undici', '@exchange-adapters/core/axios', 'undici', 'axios']) {
    mocks[name] = () => {
      loads.push(name);
      return jest.requireActual(name);
    };
  }
  const exchange = new (isolatedExchange(mocks))({ baseUrl: venue.url });
  expect((await exchange.fetchTicker('BTC/USDT')).last).toBe(65000.5);
  expect(loads).toEqual([]);
  await exchange.close();
});

it('a transport whose subpath cannot be loaded fails with NotSupported naming the import, and sends nothing', async () => {
  const Exchange = isolatedExchange({
    '@exchange-adapters/core/undici': () => {
      throw new Error("Cannot find module '@exchange-adapters/core/undici'");
    },
  });
  const exchange = new Exchange({ baseUrl: venue.url, transport: 'undici' });
  const error = await exchange.fetchTicker('BTC/USDT').catch((caught: unknown) => caught);
  // The error comes from the isolated copy of core: its fields, not its class, are what is checked.
  const { kind, message, hint } = error as { kind?: string; message: string; hint?: string };
  expect(kind).toBe('NotSupported');
  expect(message).toContain("transport 'undici' could not be loaded (@exchange-adapters/core/undici)");
  expect(hint).toContain("import '@exchange-adapters/core/undici';");
  expect(venue.requests).toEqual([]);
  await exchange.close();
});

it('a registered part is used as registered: nothing is loaded by name', async () => {
  const entry = '@exchange-adapters/test/registered-part';
  const module = { marker: Symbol('registered') };
  registerOptionalPart(entry, module);
  const load = jest.fn(async () => ({ marker: Symbol('loaded') }));
  expect(await loadOptionalPart(entry, load)).toBe(module);
  expect(load).not.toHaveBeenCalled();
});

it('a failed load is tried again by the next caller', async () => {
  const entry = '@exchange-adapters/test/flaky-part';
  const module = { ok: true };
  const load = jest.fn().mockRejectedValueOnce(new Error('not installed yet')).mockResolvedValueOnce(module);
  await expect(loadOptionalPart(entry, load)).rejects.toThrow('not installed yet');
  expect(await loadOptionalPart(entry, load)).toBe(module);
  expect(load).toHaveBeenCalledTimes(2);
});
