/**
 * Streams in a bundled app (README "Streams", optional weight). The stream engine and OKX's
 * WebSocket tables are loaded by package name when the first stream starts, which a bundler does
 * not follow; a bundled app that streams imports `@exchange-adapters/okx/streams` once and carries
 * both itself. Both apps
 * below are bundled into one file with esbuild and run by node from a directory with no
 * node_modules anywhere above it, so nothing can be loaded from outside the bundle.
 */
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import { BundledApps } from './support/bundled-app.js';

/** The app: one ticker over the simulator's WebSocket; `ws` is bundled and passed as the socket factory. */
const app = (withEngine: boolean) => `
${withEngine ? "import '@exchange-adapters/okx/streams';" : ''}
import { OkxExchange } from '@exchange-adapters/okx';
import { WebSocket } from 'ws';

const exchange = new OkxExchange({
  baseUrl: process.env.SIM_URL,
  wsUrl: process.env.SIM_WS_URL,
  streams: { webSocket: async (url, options) => new WebSocket(url, { headers: options?.headers }) },
});
const requests = [];
exchange.on('request', (event) => requests.push(event.path));
try {
  for await (const ticker of exchange.watchTicker('BTC/USDT')) {
    console.log(JSON.stringify({ last: ticker.last }));
    break;
  }
} catch (error) {
  console.log(JSON.stringify({ kind: error.kind, message: error.message, hint: error.hint, requests }));
} finally {
  await exchange.close();
}
`;

let sim: Simulator;
let apps: BundledApps;
const bundles: Record<'withEngine' | 'withoutEngine', string> = { withEngine: '', withoutEngine: '' };

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  apps = new BundledApps();
  for (const name of Object.keys(bundles) as Array<keyof typeof bundles>)
    bundles[name] = await apps.bundle(name, app(name === 'withEngine'));
}, 60_000);

afterAll(async () => {
  await sim?.close();
  apps?.dispose();
});

const runBundle = (file: string) => apps.run(file, { SIM_URL: sim.url, SIM_WS_URL: sim.wsUrl });

it('streams from a bundle that imports @exchange-adapters/okx/streams, with nothing installed beside it', async () => {
  const result = await runBundle(bundles.withEngine);
  expect(result.last).toEqual(expect.any(Number));
  expect(result.last as number).toBeGreaterThan(0);
});

it('without that import, the stream fails with NotSupported naming the import, and nothing is sent', async () => {
  const result = await runBundle(bundles.withoutEngine);
  expect(result.kind).toBe('NotSupported');
  expect(result.message).toMatch(
    /the (stream engine \(@exchange-adapters\/core\/streams\)|okx stream tables \(@exchange-adapters\/okx\/streams\)) could not be loaded/,
  );
  expect(result.hint).toContain("import '@exchange-adapters/okx/streams';");
  // The engine and tables are asked for before anything else: no request, no socket.
  expect(result.requests).toEqual([]);
});
