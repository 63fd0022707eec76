// In-process cost of a 400-level OKX order book with HTTP stubbed out: the whole read path after
// the socket (parse + error mapping + validation + normalization) against `JSON.parse` of the same
// body. ccxt's figure (its parse + parseOrderBook behind a stubbed `fetch`) is shown beside it, and
// the same measure for a 200-level WEEX depth (no goal of its own; levels as WEEX sends them).

import { cpuPerCall, cpuPerCallSync, interleave, median, pairedRatio } from './measure.mjs';
import { buildPayloads } from './payloads.mjs';

export async function bookInProcess({ rounds, calls }) {
  const payloads = buildPayloads();
  const body = payloads.okx.books.get(400);
  const bookUrl = /\/api\/v5\/market\/books\?/;
  const reply = (url) => {
    // The book first, without parsing the URL: the stub's own cost is no one's parse or normalize.
    if (bookUrl.test(url)) return body;
    const { pathname, searchParams } = new URL(url);
    if (pathname === '/api/v5/public/instruments') return payloads.okx.instruments[searchParams.get('instType')];
    if (pathname === '/api/v5/market/books') return body;
    if (pathname === '/api/v5/public/time') return JSON.stringify({ code: '0', msg: '', data: [{ ts: String(Date.now()) }] });
    throw new Error(`unexpected ${url}`);
  };

  const { OkxExchange } = await import('@exchange-adapters/okx');
  const stub = { send: async (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: reply(request.url) }) };
  const ours = new OkxExchange({ baseUrl: 'http://stub.invalid', transport: stub, rateLimit: false });
  await ours.loadMarkets();
  const check = await ours.fetchOrderBook('BTC/USDT', 400);
  if (check.bids.length !== 400 || check.asks.length !== 400) throw new Error('stubbed book lost levels');

  const { default: ccxt } = await import('ccxt');
  const theirs = new ccxt.okx({ enableRateLimit: false });
  theirs.options.fetchMarkets = { types: ['spot'] };
  theirs.fetch = async (url) => theirs.parseJson(reply(url));
  await theirs.loadMarkets();

  const weexBody = payloads.weex.books.get(200);
  const weexDepthUrl = /\/api\/v3\/market\/depth\?/;
  const weexReply = (url) => {
    if (weexDepthUrl.test(url)) return weexBody;
    const { pathname } = new URL(url);
    if (pathname === '/api/v3/exchangeInfo') return payloads.weex.spotInfo;
    if (pathname === '/capi/v3/market/exchangeInfo') return payloads.weex.contractInfo;
    if (pathname === '/api/v3/coins') return payloads.weex.coins;
    if (pathname === '/api/v3/time' || pathname === '/capi/v3/market/time') return JSON.stringify({ serverTime: Date.now() });
    throw new Error(`unexpected ${url}`);
  };
  const { WeexExchange } = await import('@exchange-adapters/weex');
  const weexStub = {
    send: async (request) => ({ status: 200, headers: { 'content-type': 'application/json' }, body: weexReply(request.url) }),
  };
  const weex = new WeexExchange({ baseUrl: 'http://stub.invalid', transport: weexStub, rateLimit: false });
  await weex.loadMarkets();
  const weexCheck = await weex.fetchOrderBook('BTC/USDT', 200);
  if (weexCheck.bids.length !== 200 || weexCheck.asks.length !== 200) throw new Error('stubbed WEEX depth lost levels');

  const contenders = ['ours', 'ccxt', 'JSON.parse', 'weex', 'weex JSON.parse'];
  // Warm-up: JIT before anything counts.
  for (let i = 0; i < 20; i++) {
    JSON.parse(body);
    await ours.fetchOrderBook('BTC/USDT', 400);
    await theirs.fetchOrderBook('BTC/USDT', 400);
    JSON.parse(weexBody);
    await weex.fetchOrderBook('BTC/USDT', 200);
  }
  const samples = await interleave(contenders, rounds, async (contender) => {
    if (contender === 'JSON.parse') return cpuPerCallSync(() => JSON.parse(body), calls);
    if (contender === 'weex JSON.parse') return cpuPerCallSync(() => JSON.parse(weexBody), calls);
    if (contender === 'weex') return (await cpuPerCall(() => weex.fetchOrderBook('BTC/USDT', 200), calls)).cpuUs;
    if (contender === 'ours') return (await cpuPerCall(() => ours.fetchOrderBook('BTC/USDT', 400), calls)).cpuUs;
    return (await cpuPerCall(() => theirs.fetchOrderBook('BTC/USDT', 400), calls)).cpuUs;
  });
  await ours.close();
  await weex.close();
  return {
    weexOverParse: pairedRatio(samples.get('weex'), samples.get('weex JSON.parse')),
    weexParseUs: median(samples.get('weex JSON.parse')),
    weexUs: median(samples.get('weex')),
    weexBodyBytes: Buffer.byteLength(weexBody),
    oursOverParse: pairedRatio(samples.get('ours'), samples.get('JSON.parse')),
    ccxtOverParse: pairedRatio(samples.get('ccxt'), samples.get('JSON.parse')),
    parseUs: median(samples.get('JSON.parse')),
    oursUs: median(samples.get('ours')),
    ccxtUs: median(samples.get('ccxt')),
    bodyBytes: Buffer.byteLength(body),
  };
}
