#!/usr/bin/env node
// What the argument checks cost per call: OKX fetchTicker and createOrder through the whole pipeline
// (sign, parse, zod, normalize) over an in-memory transport, called through the guarded public
// method and straight through the adapter's prototype method on the same instance, alternating in
// rounds so machine noise hits both; medians of the per-call times and their ratio. Also the
// argument check alone (checkMethodArguments) per call, and the order-field and params check per order.
// Usage: node tools/bench/validation.mjs [--rounds 15] [--calls 2000]   (build first: pnpm build)
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { checkMethodArguments, checkParams, METHOD_ARGUMENTS, readOrderRequest } from '@exchange-adapters/core/adapter';
import { OkxExchange } from '@exchange-adapters/okx';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '15' }, calls: { type: 'string', default: '2000' } } });
const rounds = Number(values.rounds);
const calls = Number(values.calls);

const instrument = (instType, instId, extra = {}) => ({
  instType,
  instId,
  baseCcy: 'BTC',
  quoteCcy: 'USDT',
  settleCcy: '',
  ctVal: '',
  ctMult: '',
  ctType: '',
  expTime: '',
  lever: '',
  tickSz: '0.1',
  lotSz: '0.00000001',
  minSz: '0.00001',
  maxLmtSz: '10000',
  maxMktSz: '1000',
  state: 'live',
  ...extra,
});
const ticker = {
  instType: 'SPOT',
  instId: 'BTC-USDT',
  last: '60000.1',
  lastSz: '0.1',
  askPx: '60000.2',
  askSz: '1.5',
  bidPx: '60000.1',
  bidSz: '2.5',
  open24h: '59000',
  high24h: '61000',
  low24h: '58000',
  volCcy24h: '100000000',
  vol24h: '1700',
  ts: '1700000000000',
};
const reply = (data) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ code: '0', msg: '', data }),
});

/** Answers by path, instantly: the cost measured is the client's own. */
const transport = {
  async send(request) {
    const { pathname, searchParams } = new URL(request.url);
    if (pathname === '/api/v5/public/instruments')
      return reply(searchParams.get('instType') === 'SPOT' ? [instrument('SPOT', 'BTC-USDT', { ctVal: undefined })] : []);
    if (pathname === '/api/v5/market/ticker') return reply([ticker]);
    if (pathname === '/api/v5/trade/order') {
      const { clOrdId } = JSON.parse(request.body);
      return reply([{ ordId: '1', clOrdId, sCode: '0', sMsg: '', ts: '1700000000000' }]);
    }
    return { status: 404, headers: {}, body: 'not found' };
  },
};

const exchange = new OkxExchange({
  apiKey: 'bench-key',
  secret: 'bench-secret',
  passphrase: 'bench-passphrase',
  baseUrl: 'http://127.0.0.1:9',
  transport,
  rateLimit: false,
  clockSync: false,
  retry: false,
});
await exchange.loadMarkets();
const order = { symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.001', price: '50000' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function perCallUs(call) {
  const started = performance.now();
  for (let i = 0; i < calls; i++) await call();
  return ((performance.now() - started) * 1000) / calls;
}

const cases = [
  ['fetchTicker', () => exchange.fetchTicker('BTC/USDT'), () => OkxExchange.prototype.fetchTicker.call(exchange, 'BTC/USDT')],
  ['createOrder', () => exchange.createOrder(order), () => OkxExchange.prototype.createOrder.call(exchange, order)],
];

for (const [name, guarded, unguarded] of cases) {
  for (let i = 0; i < 200; i++) await guarded(); // warm up both paths
  for (let i = 0; i < 200; i++) await unguarded();
  const withCheck = [];
  const without = [];
  for (let round = 0; round < rounds; round++) {
    withCheck.push(await perCallUs(guarded));
    without.push(await perCallUs(unguarded));
  }
  const a = median(withCheck);
  const b = median(without);
  console.log(`${name.padEnd(12)} guarded ${a.toFixed(1)} µs/call, unguarded ${b.toFixed(1)} µs/call, ratio ${(a / b).toFixed(3)}`);
}

const checks = [];
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  for (let i = 0; i < calls * 10; i++) {
    checkMethodArguments('okx', 'fetchOHLCV', METHOD_ARGUMENTS.fetchOHLCV, ['BTC/USDT', '1m', 1_700_000_000_000, 100]);
    checkMethodArguments('okx', 'createOrder', METHOD_ARGUMENTS.createOrder, [order]);
  }
  checks.push(((performance.now() - started) * 1000) / (calls * 20));
}
console.log(`argument check alone: ${median(checks).toFixed(2)} µs per call (fetchOHLCV and createOrder signatures)`);

const orderChecks = [];
const withParams = { ...order, params: { tag: 'desk-1' } };
for (let round = 0; round < rounds; round++) {
  const started = performance.now();
  for (let i = 0; i < calls * 10; i++) {
    const fields = readOrderRequest('okx', withParams);
    checkParams(fields.params, 'params', 'okx', { owned: ['instId', 'clOrdId', 'sz', 'px'], encoding: 'json' });
  }
  orderChecks.push(((performance.now() - started) * 1000) / (calls * 10));
}
console.log(`order fields and params check: ${median(orderChecks).toFixed(2)} µs per order`);
await exchange.close();
