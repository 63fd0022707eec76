/**
 * OKX's WebSocket tables are an optional part: importing the adapter, REST calls and `watch*` itself
 * load neither them (`@exchange-adapters/okx/streams`) nor the stream engine; the first started
 * stream loads both, and `watch*` arguments are still refused at the call, from the rules the class
 * carries (and the method's own argument checks).
 */
import type { OkxExchange } from '../src/index.js';

const turns = async (count: number) => {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
};

it('loads the tables and the engine on the first started stream, not on import or watch*', async () => {
  const loads: string[] = [];
  let Exchange: typeof OkxExchange | undefined;
  jest.isolateModules(() => {
    for (const name of ['@exchange-adapters/okx/streams', '@exchange-adapters/core/streams']) {
      jest.doMock(name, () => {
        loads.push(name);
        return jest.requireActual(name);
      });
    }
    Exchange = (require('../src/index.ts') as typeof import('../src/index.js')).OkxExchange;
  });
  // Nothing listens on port 9: whatever the stream sends next fails, after the loads this test is about.
  const exchange = new (Exchange as typeof OkxExchange)({ baseUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' });
  expect(exchange.has.watchOHLCV).toBe(true);
  expect(() => exchange.watchOHLCV('BTC/USDT', '7m')).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
  const stream = exchange.watchTicker('BTC/USDT');
  await turns(10);
  expect(loads).toEqual([]);
  stream.on('error', () => undefined);
  stream.on('data', () => undefined);
  for (let turn = 0; turn < 20 && loads.length < 2; turn++) await turns(1);
  expect(loads.sort()).toEqual(['@exchange-adapters/core/streams', '@exchange-adapters/okx/streams']);
  await exchange.close();
  jest.dontMock('@exchange-adapters/okx/streams');
  jest.dontMock('@exchange-adapters/core/streams');
});
