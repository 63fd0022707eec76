/**
 * Streaming is optional weight: a REST-only program never loads the stream engine or `ws`
 * (DESIGN §7). `watch*` checks its arguments and returns a Stream without loading either; the first
 * stream that starts loads both.
 */
import type { WsSpec } from '../src/adapter.js';
import { MINIMAL_WS_SPEC } from './support/minimal-ws-spec.js';

it('loads the engine and ws on the first started stream, not on import, REST calls or watch*', async () => {
  const loads: string[] = [];
  let exchange: import('./support/test-exchange.js').TestExchange | undefined;
  jest.isolateModules(() => {
    jest.doMock('ws', () => {
      loads.push('ws');
      return jest.requireActual('ws');
    });
    jest.doMock('@exchange-adapters/core/streams', () => {
      loads.push('engine');
      return jest.requireActual('@exchange-adapters/core/streams');
    });
    const { TestExchange } = require('./support/test-exchange.ts') as typeof import('./support/test-exchange.js');
    class Streaming extends TestExchange {
      override readonly has = { ...new TestExchange().has, watchTicker: true };
      protected override wsSpec(): WsSpec {
        return MINIMAL_WS_SPEC;
      }
    }
    exchange = new Streaming();
  });
  const instance = exchange as NonNullable<typeof exchange>;
  await instance.loadMarkets();
  await new Promise((resolve) => setImmediate(resolve));
  expect(loads).toEqual([]);
  const stream = instance.watchTicker('BTC/USDT');
  expect(stream.status).toBe('connecting');
  for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(loads).toEqual([]);
  stream.on('data', () => undefined);
  for (let turn = 0; turn < 10 && loads.length < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(loads).toEqual(['engine', 'ws']);
  await instance.close();
});
