/** The WebSocket client is optional weight: a REST-only program never loads `ws` (DESIGN §7). */
import type { WsSpec } from '../src/adapter.js';

const MINIMAL_SPEC: WsSpec = {
  id: 'testex',
  name: 'TestEx',
  endpoints: { public: 'ws://127.0.0.1:9' },
  limits: { subscriptionsPerConnection: 10, connectionsPerSecond: 1, argsPerFrame: 1 },
  heartbeat: { mode: 'server-ping', timeoutMs: 1_000 },
  credentials: [],
  subscribe: () => '',
  unsubscribe: () => '',
  parse: () => ({ type: 'ignore' }),
  classifyError: () => ({ kind: 'ExchangeError' }),
  channels: { ticker: () => ({ endpoint: 'public', key: 'k', arg: {}, private: false, parse: () => [] }) },
};

it('loads ws on the first watch* call, not on import and not for REST calls', async () => {
  const loads: string[] = [];
  let exchange: import('./support/test-exchange.js').TestExchange | undefined;
  jest.isolateModules(() => {
    jest.doMock('ws', () => {
      loads.push('ws');
      return jest.requireActual('ws');
    });
    const { TestExchange } = require('./support/test-exchange.ts') as typeof import('./support/test-exchange.js');
    class Streaming extends TestExchange {
      override readonly has = { ...new TestExchange().has, watchTicker: true };
      protected override wsSpec(): WsSpec {
        return MINIMAL_SPEC;
      }
    }
    exchange = new Streaming();
  });
  const instance = exchange as NonNullable<typeof exchange>;
  await instance.loadMarkets();
  await new Promise((resolve) => setImmediate(resolve));
  expect(loads).toEqual([]);
  instance.watchTicker('BTC/USDT');
  for (let turn = 0; turn < 10 && loads.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(loads).toEqual(['ws']);
  await instance.close();
});
