#!/usr/bin/env node
// What streams cost a program that does not use them, and what the first stream adds: a whole
// `node` process that imports core (and the OKX adapter), then with one watch* call (which loads
// nothing), then with that stream started (which loads the stream engine, OKX's WebSocket tables
// and `ws`), against bare
// node. Medians of N runs (default 15), the variants interleaved. Nothing leaves loopback: the
// started stream is pointed at 127.0.0.1:9 and the process exits once both modules are in.
// Usage: node tools/bench/stream-import-cost.mjs [--runs 15]   (build first: pnpm build)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const require = createRequire(import.meta.url);
const core = require.resolve('@exchange-adapters/core').replace(/\.cjs$/, '.js');
const coreAdapter = require.resolve('@exchange-adapters/core/adapter').replace(/\.cjs$/, '.js');
const coreStreams = require.resolve('@exchange-adapters/core/streams').replace(/\.cjs$/, '.js');
const okx = require.resolve('@exchange-adapters/okx').replace(/\.cjs$/, '.js');
const okxStreams = require.resolve('@exchange-adapters/okx/streams').replace(/\.cjs$/, '.js');
const ws = require.resolve('ws');

const LOOPBACK = "{ baseUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' }";
const probeClass = `
    const { BaseExchange } = await import(${JSON.stringify(coreAdapter)});
    class Probe extends BaseExchange {
      id = 'probe';
      has = { watchTicker: true };
      clientOrderIdGrammar = undefined;
      endpoints = {};
      constructor() { super({}, { id: 'probe', name: 'Probe', hosts: { default: 'http://127.0.0.1:9' }, buckets: {}, credentials: [], sign: () => ({}), classify: () => undefined }); }
      async fetchMarkets() { return []; }
      rawRateLimits() { return []; }
      wsSpec() { return { id: 'probe', name: 'Probe', endpoints: {}, limits: { subscriptionsPerConnection: 1, connectionsPerSecond: 1, argsPerFrame: 1 }, heartbeat: { mode: 'server-ping', timeoutMs: 1 }, credentials: [], channels: { ticker: () => ({}) }, subscribe: () => '', unsubscribe: () => '', parse: () => ({ type: 'ignore' }), classifyError: () => ({ kind: 'ExchangeError' }) }; }
    }`;

const VARIANTS = {
  'bare node': '',
  core: `await import(${JSON.stringify(core)});`,
  'core + watch*': `
    ${probeClass}
    new Probe().watchTicker('BTC/USDT');`,
  'core + stream': `
    ${probeClass}
    new Probe().watchTicker('BTC/USDT').on('data', () => {});
    await import(${JSON.stringify(coreStreams)}); // the loads the started stream began
    await import(${JSON.stringify(ws)});`,
  okx: `await import(${JSON.stringify(okx)});`,
  'okx + watch*': `
    const { OkxExchange } = await import(${JSON.stringify(okx)});
    new OkxExchange(${LOOPBACK}).watchTicker('BTC/USDT');`,
  'okx + stream': `
    const { OkxExchange } = await import(${JSON.stringify(okx)});
    new OkxExchange(${LOOPBACK}).watchTicker('BTC/USDT').on('data', () => {}).on('error', () => {});
    await import(${JSON.stringify(okxStreams)}); // the loads the started stream began (OKX's tables and the engine)
    await import(${JSON.stringify(ws)});`,
};

const probe = (body) => `
const { performance } = await import('node:perf_hooks');
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
${body}
const t1 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, rssDeltaMb: (process.memoryUsage().rss - rss0) / 1048576 }));
process.exit(0);`;

function run(body) {
  const started = process.hrtime.bigint();
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', probe(body)], { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { wallMs, ...JSON.parse(output) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const samples = Object.fromEntries(Object.keys(VARIANTS).map((name) => [name, []]));
for (let i = 0; i < runs; i++) for (const [name, body] of Object.entries(VARIANTS)) samples[name].push(run(body));

const bare = median(samples['bare node'].map((r) => r.wallMs));
console.log(`process wall time and in-process import time, median of ${runs} (node ${process.version})`);
for (const [name, list] of Object.entries(samples)) {
  const wall = median(list.map((r) => r.wallMs));
  const imported = median(list.map((r) => r.importMs));
  const rss = median(list.map((r) => r.rssDeltaMb));
  console.log(
    `${name.padEnd(14)} wall ${wall.toFixed(1).padStart(6)} ms (+${(wall - bare).toFixed(1).padStart(5)} over bare)   import ${imported.toFixed(1).padStart(5)} ms   +${rss.toFixed(1)} MB RSS`,
  );
}
