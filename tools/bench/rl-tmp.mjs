import { createExchange } from '@exchange-adapters/core';
import { startSimulator } from '@exchange-adapters/simulator';

const sim = await startSimulator({ port: 0, seed: 11 });
const ex = await createExchange('okx', { ...sim.credentials.okx, baseUrl: sim.url });
await ex.loadMarkets();
await new Promise((r) => setTimeout(r, 2100));
const sends = [];
ex.on('request', () => sends.push(performance.now()));
const waits = [];
ex.on('rateLimit', (e) => waits.push(Math.round(e.waitMs)));
const deadline = performance.now() + 8000;
await Promise.all(
  Array.from({ length: 16 }, async () => {
    while (performance.now() < deadline) await ex.fetchTicker('BTC/USDT');
  }),
);
const gaps = [];
for (let i = 0; i + 20 < sends.length; i++) gaps.push(sends[i + 20] - sends[i]);
gaps.sort((a, b) => a - b);
console.log(
  'n',
  sends.length,
  'median gap',
  gaps[gaps.length >> 1].toFixed(0),
  'min',
  gaps[0].toFixed(0),
  'max',
  gaps.at(-1).toFixed(0),
  '429',
  sim.stats('okx').rejectedRateLimit,
);
console.log('waits', waits.slice(0, 40).join(' '));
await ex.close();
await sim.close();
