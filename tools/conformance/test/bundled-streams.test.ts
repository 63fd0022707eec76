/**
 * Streams in a bundled app (README "Streams", optional weight). The stream engine is loaded by
 * package name when the first stream starts, which a bundler does not follow; a bundled app that
 * streams imports `@exchange-adapters/core/streams` once and carries the engine itself. Both apps
 * below are bundled into one file with esbuild and run by node from a directory with no
 * node_modules anywhere above it, so nothing can be loaded from outside the bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import { build } from 'esbuild';

const packages = path.resolve(__dirname, '../../../packages');
const alias = {
  // Longer keys first: esbuild would otherwise read a subpath as a path inside core's index.ts.
  '@exchange-adapters/core/adapter': path.join(packages, 'core/src/adapter.ts'),
  '@exchange-adapters/core/streams': path.join(packages, 'core/src/stream-engine.ts'),
  '@exchange-adapters/core': path.join(packages, 'core/src/index.ts'),
  '@exchange-adapters/okx': path.join(packages, 'okx/src/index.ts'),
};

/** The app: one ticker over the simulator's WebSocket; `ws` is bundled and passed as the socket factory. */
const app = (withEngine: boolean) => `
${withEngine ? "import '@exchange-adapters/core/streams';" : ''}
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
let dir: string;
const bundles: Record<'withEngine' | 'withoutEngine', string> = { withEngine: '', withoutEngine: '' };

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  dir = mkdtempSync(path.join(os.tmpdir(), 'ea-bundled-streams-'));
  for (const name of Object.keys(bundles) as Array<keyof typeof bundles>) {
    const entry = path.join(dir, `${name}-app.mjs`);
    writeFileSync(entry, app(name === 'withEngine'));
    bundles[name] = path.join(dir, `${name}.mjs`);
    await build({
      entryPoints: [entry],
      outfile: bundles[name],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      alias,
      // Dependencies resolve from the workspace at build time only; the bundle runs from `dir`.
      nodePaths: [path.join(packages, 'core/node_modules'), path.join(packages, 'okx/node_modules')],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
  }
}, 60_000);

afterAll(async () => {
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runBundle(file: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [file],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', SIM_URL: sim.url, SIM_WS_URL: sim.wsUrl }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
      },
    );
  });
}

it('streams from a bundle that imports @exchange-adapters/core/streams, with nothing installed beside it', async () => {
  const result = await runBundle(bundles.withEngine);
  expect(result.last).toEqual(expect.any(Number));
  expect(result.last as number).toBeGreaterThan(0);
});

it('without that import, the stream fails with NotSupported naming the import, and nothing is sent', async () => {
  const result = await runBundle(bundles.withoutEngine);
  expect(result.kind).toBe('NotSupported');
  expect(result.message).toContain('@exchange-adapters/core/streams');
  expect(result.hint).toContain("import '@exchange-adapters/core/streams';");
  // The engine is asked for before anything else: no request, no socket.
  expect(result.requests).toEqual([]);
});
