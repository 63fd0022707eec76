// Rate-limit utilisation on the project's simulator, which enforces each documented quota and
// runs in its own process. Every scenario keeps 16 calls in flight on one endpoint for several
// windows with the client's limiter on (the default). Long-run throughput as a fraction of the
// quota = window ÷ the median time the client took to send one window's allowance (the time from
// request i to request i + allowance, over all i): 1.00 means exactly the documented rate. The
// simulator counts every 429 it sends.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createExchange } from '@exchange-adapters/core';
import { median } from './measure.mjs';

/** One scenario per documented quota: the call, and how many of it fit in one window. */
const SCENARIOS = [
  { id: 'okx', quota: 'ticker 20 / 2 s per IP', perWindow: 20, windowMs: 2000, call: (ex) => ex.fetchTicker('BTC/USDT') },
  { id: 'okx', quota: 'books 40 / 2 s per IP', perWindow: 40, windowMs: 2000, call: (ex) => ex.fetchOrderBook('ETH/USDT', 5) },
  { id: 'okx', quota: 'balance 10 / 2 s per user', perWindow: 10, windowMs: 2000, call: (ex) => ex.fetchBalance() },
  {
    id: 'okx',
    quota: 'order 60 / 2 s per user + instrument',
    perWindow: 60,
    windowMs: 2000,
    setup: async (ex) => Math.round((await ex.fetchOrderBook('BTC/USDT', 1)).bids[0][0] * 0.5),
    call: (ex, i, low) =>
      ex.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.0001', price: String(low - (i % 500)) }),
  },
  { id: 'okex-v1', quota: 'v1 spot ticker 20 / 2 s per IP', perWindow: 20, windowMs: 2000, call: (ex) => ex.fetchTicker('BTC/USDT') },
  // WEEX counts weight per 10 s: the 24 h ticker weighs 2, the account 5 (of 500).
  {
    id: 'weex',
    quota: 'spot ticker 500 weight / 10 s per IP (cost 2)',
    perWindow: 250,
    windowMs: 10_000,
    call: (ex) => ex.fetchTicker('ETH/USDT'),
  },
  {
    id: 'weex',
    quota: 'spot account 500 weight / 10 s per UID (cost 5)',
    perWindow: 100,
    windowMs: 10_000,
    call: (ex) => ex.fetchBalance(),
  },
];

async function runScenario(sim, scenario, windows) {
  const venue =
    scenario.id === 'okex-v1' ? { spotMarkets: [{ id: 'btc_usdt', priceTick: 0.1, amountStep: 0.0001, minAmount: 0.0001 }] } : {};
  const exchange = await createExchange(scenario.id, { ...sim.credentials[scenario.id], baseUrl: sim.url, ...venue });
  await exchange.loadMarkets();
  const context = await scenario.setup?.(exchange);
  // Let the set-up calls leave the window before the run starts.
  await new Promise((resolve) => setTimeout(resolve, scenario.windowMs + 100));
  const sends = [];
  exchange.on('request', (event) => {
    if (event.endpoint !== 'serverTime') sends.push(performance.now());
  });
  const retries = {};
  exchange.on('retry', (event) => {
    retries[event.reason] = (retries[event.reason] ?? 0) + 1;
  });
  const deadline = performance.now() + scenario.windowMs * (windows + 1);
  let issued = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (performance.now() < deadline) {
        try {
          await scenario.call(exchange, issued++, context);
        } catch {
          failed++;
        }
      }
    }),
  );
  await exchange.close();
  const spans = [];
  for (let i = 0; i + scenario.perWindow < sends.length; i++) spans.push(sends[i + scenario.perWindow] - sends[i]);
  return { ...scenario, requests: sends.length, utilisation: scenario.windowMs / median(spans), failed, retries };
}

function startSimProcess() {
  const child = fork(fileURLToPath(new URL('./sim-process.mjs', import.meta.url)), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message) =>
    new Promise((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('message', (hello) =>
      resolve({
        ...hello,
        stats: async () => (await ask('stats')).stats,
        close: () =>
          new Promise((done) => {
            child.once('exit', done);
            child.send('close');
          }),
      }),
    );
  });
}

export async function rateLimitUtilisation({ windows }) {
  const sim = await startSimProcess();
  const before = await sim.stats();
  // The 10-second WEEX scenarios run beside the 2-second ones, which run one after another.
  const short = SCENARIOS.filter((s) => s.windowMs <= 2000);
  const long = SCENARIOS.filter((s) => s.windowMs > 2000);
  const runShort = async () => {
    const results = [];
    for (const scenario of short) results.push(await runScenario(sim, scenario, windows * 2));
    return results;
  };
  const [shortResults, longResults] = await Promise.all([runShort(), Promise.all(long.map((s) => runScenario(sim, s, windows)))]);
  const after = await sim.stats();
  await sim.close();
  const rejected = Object.fromEntries(Object.keys(after).map((id) => [id, after[id].rejectedRateLimit - before[id].rejectedRateLimit]));
  return { results: [...shortResults, ...longResults], rejected, total429: Object.values(rejected).reduce((a, b) => a + b, 0) };
}
