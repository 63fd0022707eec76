/** A WebSocket spec with one ticker channel and nothing behind it: for tests that never get as far as a socket's frames. */
import type { WsSpec } from '../../src/adapter.js';

export const MINIMAL_WS_SPEC: WsSpec = {
  id: 'testex',
  name: 'TestEx',
  endpoints: { public: 'ws://127.0.0.1:9' },
  limits: { subscriptionsPerConnection: 10, connectionsPerSecond: 10, argsPerFrame: 1 },
  heartbeat: { mode: 'server-ping', timeoutMs: 1_000 },
  credentials: [],
  subscribe: () => '',
  unsubscribe: () => '',
  parse: () => ({ type: 'ignore' }),
  classifyError: () => ({ kind: 'ExchangeError' }),
  channels: { ticker: (market) => ({ endpoint: 'public', key: `ticker:${market.id}`, arg: {}, private: false, parse: () => [] }) },
};
