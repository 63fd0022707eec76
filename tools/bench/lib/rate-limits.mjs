// Rate-limit utilisation on the project's simulator, which enforces each documented quota: every
// scenario keeps 16 calls in flight on one endpoint for a few windows, with the client's limiter
// on (the default). Long-run throughput = requests after the first window's allowance, over the
// time they took, as a fraction of the documented rate; the simulator counts any 429 it sends.
// The scenarios run at the same time (their buckets are distinct), which also loads the event loop
// the way a busy bot would.
import { createExchange } from '@exchange-adapters/core';
import { startSimulator } from '@exchange-adapters/simulator';

/** One scenario per documented quota: the call, the quota (requests of this call per window). */
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
    call: (ex, i, low) => ex.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.0001', price: String(low - (i % 500)) }),
  },
  // WEEX counts weight per 10 s: the 24 h ticker weighs 2, depth 5, the account 5 (of 500).
  { id: 'weex', quota: 'spot ticker 500 weight / 10 s per IP (cost 2)', perWindow: 250, windowMs: 10_000, call: (ex) => ex.fetchTicker('ETH/USDT') },
  { id: 'weex', quota: 'spot account 500 weight / 10 s per UID (cost 5)', perWindow: 100, windowMs: 10_000, call: (ex) => ex.fetchBalance() },
  { id: 'okex-v1', quota: 'v1 spot ticker 20 / 2 s per IP', perWindow: 20, windowMs: 2000, call: (ex) => ex.fetchTicker('BTC/USDT') },
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
  let retries = 0;
  exchange.on('retry', () => retries++);
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
  const spanMs = sends.at(-1) - sends[0];
  const utilisation = (sends.length - scenario.perWindow) / ((spanMs / scenario.windowMs) * scenario.perWindow);
  return { ...scenario, requests: sends.length, utilisation, failed, retries };
}

export async function rateLimitUtilisation({ windows }) {
  const sim = await startSimulator({ port: 0, seed: 11 });
  const rejectedBefore = Object.fromEntries(['okx', 'weex', 'okex-v1'].map((id) => [id, sim.stats(id).rejectedRateLimit]));
  const results = await Promise.all(SCENARIOS.map((scenario) => runScenario(sim, scenario, windows)));
  const rejected = Object.fromEntries(
    ['okx', 'weex', 'okex-v1'].map((id) => [id, sim.stats(id).rejectedRateLimit - rejectedBefore[id]]),
  );
  await sim.close();
  return { results, rejected, total429: Object.values(rejected).reduce((a, b) => a + b, 0) };
}
