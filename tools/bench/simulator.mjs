#!/usr/bin/env node
// Simulator figures, rerunnable (build first: pnpm build):
//   1. startSimulator() time, median of N starts;
//   2. orders/s the simulator sustains through the OKX adapter (limit orders resting far from the
//      market, 8 in flight, rate limits off on both sides), against a baseline of public
//      GET /api/v5/public/time round trips measured in the same run with the same concurrency;
//   3. the fault run: orders with 20 % of replies dropped after execution — orders placed,
//      duplicates, unresolved calls — for each adapter.
// Usage: node tools/bench/simulator.mjs [--orders 2000] [--fault-orders 200] [--starts 10]
import { parseArgs } from 'node:util';
import { createExchange } from '@exchange-adapters/core';
import { startSimulator } from '@exchange-adapters/simulator';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '2000' },
    'fault-orders': { type: 'string', default: '200' },
    starts: { type: 'string', default: '10' },
  },
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function inFlight(count, concurrency, task) {
  let next = 0;
  const results = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i).then(
          (value) => ({ ok: true, value }),
          (error) => ({ ok: false, error }),
        );
      }
    }),
  );
  return results;
}

// 1. start time
const starts = [];
for (let i = 0; i < Number(values.starts); i++) {
  const t0 = performance.now();
  const sim = await startSimulator({ port: 0, seed: i + 1 });
  starts.push(performance.now() - t0);
  await sim.close();
}
console.log(`startSimulator: median ${median(starts).toFixed(1)} ms over ${starts.length} starts`);

// 2. throughput
{
  const sim = await startSimulator({ port: 0, seed: 1, rateLimits: false });
  const unlimited = await createExchange('okx', { ...sim.credentials.okx, baseUrl: sim.url, rateLimit: false });
  await unlimited.loadMarkets();
  const low = Math.round((await unlimited.fetchOrderBook('BTC/USDT', 1)).bids[0][0] * 0.5);
  const n = Number(values.orders);
  let t0 = performance.now();
  await inFlight(n, 8, () => unlimited.fetchTime());
  const timePerSecond = n / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const placed = await inFlight(n, 8, (i) =>
    unlimited.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.0001', price: String(low - (i % 1000)) }),
  );
  const ordersPerSecond = n / ((performance.now() - t0) / 1000);
  const failed = placed.filter((r) => !r.ok).length;
  console.log(
    `throughput (8 in flight, limits off): ${ordersPerSecond.toFixed(0)} signed orders/s vs ${timePerSecond.toFixed(0)} public time requests/s baseline (×${(ordersPerSecond / timePerSecond).toFixed(2)}); ${failed} of ${n} orders failed`,
  );
  await unlimited.close();
  await sim.close();
}

// 3. fault run
for (const id of ['okx', 'weex', 'okex-v1']) {
  const sim = await startSimulator({ port: 0, seed: 3 });
  // Default options on every exchange: the market's own minimum is the order size.
  const exchange = await createExchange(id, { ...sim.credentials[id], baseUrl: sim.url });
  await exchange.loadMarkets();
  const amount = exchange.amountToPrecision('BTC/USDT', exchange.market('BTC/USDT').limits.amount.min);
  const top = Math.round((await exchange.fetchOrderBook('BTC/USDT', 1)).bids[0][0] * 0.7);
  sim.faults.set({ exchange: id, dropReplyProbability: 0.2 });
  const n = Number(values['fault-orders']);
  const t0 = performance.now();
  const results = await inFlight(n, 10, (i) =>
    exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount, price: String(top - i) }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const stats = sim.stats(id);
  const unresolved = results.filter((r) => !r.ok);
  console.log(
    `fault run ${id}: ${n} orders, ${stats.droppedReplies} replies dropped → ${stats.ordersPlaced} placed, ${stats.duplicateClientOrderIds} duplicate client ids, ${unresolved.length} unresolved (${seconds.toFixed(1)} s, paced by the documented limits)`,
  );
  for (const r of unresolved.slice(0, 3)) console.log(`  ${String(r.error)}`);
  await exchange.close();
  await sim.close();
}
