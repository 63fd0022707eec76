/**
 * The front of the stream engine (streams/front.ts): `watch*` returns its Stream at once, the engine
 * is loaded when a stream starts, and whatever closes while the engine is still on its way leaves
 * nothing behind — no socket opened, no subscription made.
 */
import type { WsSpec } from '../src/adapter.js';
import type { ExchangeCapabilities, StreamSocketFactory as SocketFactory } from '../src/index.js';
import { MINIMAL_WS_SPEC } from './support/minimal-ws-spec.js';
import { TestExchange } from './support/test-exchange.js';

class Streaming extends TestExchange {
  override readonly has: Readonly<ExchangeCapabilities> = { ...new TestExchange().has, watchTicker: true };
  protected override wsSpec(): WsSpec {
    return MINIMAL_WS_SPEC;
  }
}

/** Lets every pending promise job and the next macrotask run, a few times over. */
async function settle(turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}

function countingSockets(): { opened: string[]; factory: SocketFactory } {
  const opened: string[] = [];
  // Never connects: the tests below must not get as far as a socket.
  const factory: SocketFactory = (url) => {
    opened.push(url);
    return new Promise(() => undefined);
  };
  return { opened, factory };
}

it('returns a connecting Stream without loading or sending anything until the stream starts', async () => {
  const { opened, factory } = countingSockets();
  const exchange = new Streaming({ streams: { webSocket: factory } });
  await exchange.loadMarkets();
  const stream = exchange.watchTicker('BTC/USDT');
  await settle();
  expect(stream.status).toBe('connecting');
  expect(opened).toEqual([]);
  stream.on('data', () => undefined);
  await settle();
  expect(opened).toEqual(['ws://127.0.0.1:9']);
  await exchange.close();
  expect(stream.status).toBe('closed');
});

it('a stream closed before the engine arrives never subscribes', async () => {
  const { opened, factory } = countingSockets();
  const exchange = new Streaming({ streams: { webSocket: factory } });
  await exchange.loadMarkets();
  const stream = exchange.watchTicker('BTC/USDT');
  stream.on('data', () => undefined); // starts it: the engine is asked for now
  await stream.close(); // … and the stream is gone before it arrives
  await settle();
  expect(opened).toEqual([]);
  expect(stream.status).toBe('closed');
  await exchange.close();
});

it('exchange.close() while the engine loads ends the stream, and no socket opens afterwards', async () => {
  const { opened, factory } = countingSockets();
  const exchange = new Streaming({ streams: { webSocket: factory } });
  await exchange.loadMarkets();
  const stream = exchange.watchTicker('BTC/USDT');
  const statuses: string[] = [];
  stream.on('status', (status) => statuses.push(status));
  stream.on('data', () => undefined);
  await exchange.close();
  await settle();
  expect(opened).toEqual([]);
  expect(stream.status).toBe('closed');
  expect(statuses.at(-1)).toBe('closed');
  expect(() => exchange.watchTicker('BTC/USDT')).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
});
