import { validate } from '@exchange-adapters/core';
import { buildPayloads } from './lib/payloads.mjs';

const payloads = buildPayloads();
const body = payloads.okx.books.get(400);
const okx = await import('@exchange-adapters/okx');
const { OkxExchange } = okx;
const reply = (url) => {
  const { pathname, searchParams } = new URL(url);
  if (pathname === '/api/v5/public/instruments') return payloads.okx.instruments[searchParams.get('instType')];
  return body;
};
const ex = new OkxExchange({
  baseUrl: 'http://stub.invalid',
  transport: { send: async (r) => ({ status: 200, headers: {}, body: reply(r.url) }) },
  rateLimit: false,
});
await ex.loadMarkets();
const market = ex.market('BTC/USDT');
const schemas = await import('../../packages/okx/dist/index.js');
const booksSchema = schemas.booksSchema ?? null;
const N = 3000;
function t(name, f) {
  for (let i = 0; i < 200; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) f();
  const us = ((performance.now() - t0) * 1000) / N;
  console.log(name.padEnd(28), us.toFixed(1), 'µs');
  return us;
}
async function ta(name, f) {
  for (let i = 0; i < 200; i++) await f();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await f();
  const us = ((performance.now() - t0) * 1000) / N;
  console.log(name.padEnd(28), us.toFixed(1), 'µs');
  return us;
}
for (let r = 0; r < 2; r++) {
  const p = t('JSON.parse', () => JSON.parse(body));
  if (booksSchema) t('parse+check', () => validate(booksSchema, JSON.parse(body)));
  await ta('fetchOrderBook', () => ex.fetchOrderBook('BTC/USDT', 400));
}
console.log(
  Object.keys(schemas)
    .filter((k) => /chema/.test(k))
    .slice(0, 5),
);
