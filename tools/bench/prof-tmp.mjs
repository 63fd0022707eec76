import { buildPayloads } from './lib/payloads.mjs';

const payloads = buildPayloads();
const body = payloads.okx.books.get(400);
const tick = payloads.okx.ticker('BTC-USDT');
const reply = (url) => {
  const { pathname, searchParams } = new URL(url);
  if (pathname === '/api/v5/public/instruments') return payloads.okx.instruments[searchParams.get('instType')];
  if (pathname === '/api/v5/market/books') return body;
  if (pathname === '/api/v5/market/ticker') return tick;
  if (pathname === '/api/v5/account/balance') return payloads.okx.balance;
  if (pathname === '/api/v5/public/time') return JSON.stringify({ code: '0', msg: '', data: [{ ts: String(Date.now()) }] });
  throw new Error(url);
};
const { OkxExchange } = await import('@exchange-adapters/okx');
const stub = { send: async (request) => ({ status: 200, headers: {}, body: reply(request.url) }) };
const ex = new OkxExchange({
  baseUrl: 'http://stub.invalid',
  transport: stub,
  rateLimit: false,
  apiKey: 'k',
  secret: 's',
  passphrase: 'p',
});
await ex.loadMarkets();
const what = process.argv[2];
const N = Number(process.argv[3] ?? 2000);
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  if (what === 'book') await ex.fetchOrderBook('BTC/USDT', 400);
  else if (what === 'ticker') await ex.fetchTicker('BTC/USDT');
  else if (what === 'balance') await ex.fetchBalance();
  else JSON.parse(body);
}
console.log(what, (((performance.now() - t0) * 1000) / N).toFixed(1), 'µs/call');
