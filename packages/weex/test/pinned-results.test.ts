/**
 * The whole read path — parse (lossless where WEEX sends big ids), error mapping, validation,
 * normalization — on recorded payloads as their original text, pinned as full unified objects
 * (info included). A change to parsing, to the validation fast paths or to number conversion that
 * alters any field of any result fails here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpRequest, HttpResponse, Transport } from '@exchange-adapters/core';
import nock from 'nock';
import { WeexExchange } from '../src/index.js';
import { FIXTURE_DIR } from './fixtures.js';
import { CREDENTIALS, contractExchangeInfo, spotExchangeInfo } from './mocks.js';

/** The `response` value of a fixture exactly as recorded: 18-digit ids stay JSON numbers. */
function rawResponse(name: string): string {
  const text = readFileSync(path.join(FIXTURE_DIR, `${name}.json`), 'utf8');
  const key = text.indexOf('"response"');
  let start = text.indexOf(':', key) + 1;
  while (/\s/.test(text[start] ?? '')) start++;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  throw new Error(`no response in ${name}`);
}

function exchangeOn(routes: Record<string, string>): WeexExchange {
  const all: Record<string, string> = {
    'GET /api/v3/exchangeInfo': JSON.stringify(spotExchangeInfo()),
    'GET /capi/v3/market/exchangeInfo': JSON.stringify(contractExchangeInfo()),
    ...routes,
  };
  const transport: Transport = {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const body = all[`${request.method} ${new URL(request.url).pathname}`];
      if (body === undefined) return { status: 404, headers: {}, body: '{"code":-1100,"msg":"unknown path"}' };
      return { status: 200, headers: { 'content-type': 'application/json' }, body };
    },
  };
  return new WeexExchange({ ...CREDENTIALS, clockSync: false, retry: false, rateLimit: false, transport });
}

// mocks.js loads nock, which patches http on import: no network here, and the patch is removed
// after this file so the next file's nock instance is the only one intercepting.
beforeAll(() => nock.disableNetConnect());
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('WEEX unified results on recorded payloads', () => {
  it('normalizes the recorded markets', async () => {
    expect(await exchangeOn({}).loadMarkets()).toMatchSnapshot();
  });

  it('normalizes a book, trades, candles, a balance, positions, fills and orders', async () => {
    const exchange = exchangeOn({
      'GET /capi/v3/market/depth': rawResponse('futures-orderbook-weexnet'),
      'GET /capi/v3/market/trades': rawResponse('futures-trades'),
      'GET /api/v3/market/klines': rawResponse('spot-klines-weexnet'),
      'GET /api/v3/account/': rawResponse('spot-balance-weexnet'),
      'GET /capi/v3/account/position/allPosition': rawResponse('futures-positions-weexnet'),
      'GET /capi/v3/userTrades': rawResponse('futures-fills-weexnet'),
      'GET /api/v3/openOrders': rawResponse('spot-open-orders-weexnet'),
      'GET /capi/v3/order/history': rawResponse('futures-order-history-canceled'),
    });
    expect(await exchange.fetchOrderBook('BTC/USDT:USDT', 200)).toMatchSnapshot('book');
    expect(await exchange.fetchTrades('ETH/USDT:USDT')).toMatchSnapshot('trades');
    expect(await exchange.fetchOHLCV('BTC/USDT', '1m')).toMatchSnapshot('candles');
    expect(await exchange.fetchBalance()).toMatchSnapshot('balance');
    expect(await exchange.fetchPositions()).toMatchSnapshot('positions');
    expect(await exchange.fetchMyTrades('BTC/USDT:USDT')).toMatchSnapshot('fills');
    expect(await exchange.fetchOpenOrders('BTC/USDT')).toMatchSnapshot('open orders');
    expect(await exchange.fetchClosedOrders('DOGE/USDT:USDT')).toMatchSnapshot('closed orders');
  });

  it('keeps the 18-digit order id of a spot placement exact', async () => {
    const exchange = exchangeOn({ 'POST /api/v3/order': rawResponse('spot-place-order-weexnet') });
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.001',
      price: '60000',
      clientOrderId: 'my-spot-order-001',
    });
    expect(order.id).toBe('702345678901234567');
    expect({ ...order, timestamp: typeof order.timestamp }).toMatchSnapshot('spot order ack');
  });
});
