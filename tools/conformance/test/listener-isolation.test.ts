/**
 * Program listeners that throw. The engine fans each frame out to every stream of a subscription
 * inside the socket's message handler; a throw from one program listener must not keep the frame
 * from the other streams (an order update lost for them). An exchange's `response` event comes
 * after an order's reply: a throw there must not turn the placed order into a failed call (a
 * program would send it again); nor a throw in the program's logger. None may be swallowed: each
 * surfaces on its own as an uncaught exception, as Node reports errors of code it calls back.
 *
 * An uncaught exception cannot be watched from inside jest (jest takes it as the test's failure),
 * so the program runs in a node process of its own: bundled from the sources with esbuild (no build
 * needed), against the simulator this test starts, with an `uncaughtException` handler that counts.
 */
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import { BundledApps } from './support/bundled-app.js';

const program = `
import '@exchange-adapters/okx/streams';
import { OkxExchange } from '@exchange-adapters/okx';
import { WebSocket } from 'ws';

const thrown = [];
process.on('uncaughtException', (error) => thrown.push(error.message));

let loggerCalls = 0;
const exchange = new OkxExchange({
  ...JSON.parse(process.env.EXCHANGE_OPTIONS),
  streams: { webSocket: async (url, options) => new WebSocket(url, { headers: options?.headers }) },
  // A logger with a bug: the clock sync before the first signed call logs at debug.
  logger: {
    debug() {
      loggerCalls++;
      throw new Error('a bug in the logger');
    },
  },
});
const live = (stream) =>
  new Promise((resolve) => (stream.status === 'live' ? resolve() : stream.on('status', (status) => status === 'live' && resolve())));

// Two streams of one subscription; the first one's listener has a bug.
const buggy = exchange.watchOrders('BTC/USDT');
const sound = exchange.watchOrders('BTC/USDT');
let buggyCalls = 0;
buggy.on('data', () => {
  buggyCalls++;
  throw new Error('a bug in the program listener');
});
const seen = new Set();
sound.on('data', (order) => seen.add(order.id));
// A logging listener with a bug, called after every order's reply.
let responseCalls = 0;
exchange.on('response', (event) => {
  if (event.method !== 'POST') return;
  responseCalls++;
  throw new Error('a bug in the response listener');
});
await Promise.all([live(buggy), live(sound)]);

const { last } = await exchange.fetchTicker('BTC/USDT');
const placed = [];
for (let i = 0; i < 3; i++) {
  const order = await exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: String(Math.floor(last / 2) + i) });
  placed.push(order.id);
}
const deadline = Date.now() + 10_000;
while (!placed.every((id) => seen.has(id)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
console.log(JSON.stringify({ placed, seen: [...seen], buggyCalls, responseCalls, loggerCalls, thrown, buggyLatest: buggy.latest?.id, buggyStatus: buggy.status }));
await exchange.close();
process.exit(0);
`;

let sim: Simulator;
let apps: BundledApps;
let bundle: string;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  apps = new BundledApps();
  bundle = await apps.bundle('listeners', program);
}, 60_000);

afterAll(async () => {
  await sim?.close();
  apps?.dispose();
});

it('places every order and delivers every update to the other stream, and reports each listener error as uncaught', async () => {
  const result = await apps.run(bundle, { EXCHANGE_OPTIONS: JSON.stringify(sim.exchangeOptions('okx')) });
  // Each createOrder resolved with its order, although a response listener threw after each reply.
  const placed = result.placed as string[];
  expect(placed).toHaveLength(3);
  expect(new Set(placed).size).toBe(3);
  expect(result.responseCalls).toBe(3);
  // The sound stream saw every order, although the buggy listener threw before it on each frame.
  expect(placed.filter((id) => !(result.seen as string[]).includes(id))).toEqual([]);
  // The buggy listener was called for them too, each throw reached the program, none was swallowed,
  // and its stream kept its own state.
  expect(result.buggyCalls).toBeGreaterThanOrEqual(3);
  const thrown = result.thrown as string[];
  expect(thrown.filter((message) => message === 'a bug in the program listener')).toHaveLength(result.buggyCalls as number);
  expect(thrown.filter((message) => message === 'a bug in the response listener')).toHaveLength(3);
  expect(result.loggerCalls).toBeGreaterThanOrEqual(1);
  expect(thrown.filter((message) => message === 'a bug in the logger')).toHaveLength(result.loggerCalls as number);
  expect(thrown).toHaveLength((result.buggyCalls as number) + 3 + (result.loggerCalls as number));
  expect(placed).toContain(result.buggyLatest);
  expect(result.buggyStatus).toBe('live');
});
