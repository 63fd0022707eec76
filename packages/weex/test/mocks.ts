/** Shared nock setup for the wire tests: markets on both hosts and an exchange without clock or limits. */
import { createHmac } from 'node:crypto';
import type { ExchangeOptions } from '@exchange-adapters/core';
import nock from 'nock';
import { WeexExchange } from '../src/index.js';
import { loadFixture } from './fixtures.js';

export const SPOT = 'https://api-spot.weex.com';
export const CONTRACT = 'https://api-contract.weex.com';
export const CREDENTIALS = { apiKey: 'test-api-key', secret: 'test-secret-value', passphrase: 'testphrase' };

/** The spot exchangeInfo fixture plus ETHUSDT with tick/step as in ccxt's live comment. */
export function spotExchangeInfo(): unknown {
  const info = loadFixture('spot-instruments-weexnet').response as { symbols: unknown[] };
  return {
    ...info,
    symbols: [
      ...info.symbols,
      {
        symbol: 'ETHUSDT',
        status: 'TRADING',
        baseAsset: 'ETH',
        quoteAsset: 'USDT',
        baseAssetPrecision: 5,
        quoteAssetPrecision: 2,
        tickSize: '0.01',
        stepSize: '0.0001',
        minTradeAmount: '0.001',
        maxTradeAmount: '1000',
        enableTrade: true,
      },
    ],
  };
}

/** The futures exchangeInfo fixture plus ETHUSDT and DOGEUSDT with string-typed fields (live style). */
export function contractExchangeInfo(): unknown {
  const info = loadFixture('futures-instruments-weexnet').response as { symbols: unknown[] };
  const symbol = (id: string, base: string, pricePrecision: string, quantityPrecision: string, min: string, max: string) => ({
    symbol: id,
    baseAsset: base,
    quoteAsset: 'USDT',
    marginAsset: 'USDT',
    pricePrecision,
    quantityPrecision,
    contractVal: '0.001',
    minLeverage: '1',
    maxLeverage: '125',
    minOrderSize: min,
    maxOrderSize: max,
  });
  return {
    ...info,
    symbols: [...info.symbols, symbol('ETHUSDT', 'ETH', '2', '3', '0.001', '1200'), symbol('DOGEUSDT', 'DOGE', '5', '0', '100', '5000000')],
  };
}

export function mockMarkets(spotOrigin = SPOT, contractOrigin = CONTRACT): void {
  nock(spotOrigin).get('/api/v3/exchangeInfo').reply(200, spotExchangeInfo());
  nock(contractOrigin).get('/capi/v3/market/exchangeInfo').reply(200, contractExchangeInfo());
}

export function createExchange(options: ExchangeOptions = {}): WeexExchange {
  return new WeexExchange({ ...CREDENTIALS, clockSync: false, rateLimit: false, retry: false, ...options });
}

/** What WEEX would compute for a request, to check the ACCESS-SIGN header a test captured. */
export function expectedSignature(timestamp: string, method: string, pathWithQuery: string, body = ''): string {
  return createHmac('sha256', CREDENTIALS.secret).update(`${timestamp}${method}${pathWithQuery}${body}`).digest('base64');
}

export interface Captured {
  headers: Record<string, string>;
  /** Parsed JSON body, or '' when there was none. */
  body: unknown;
  rawBody: string;
}

/** Records what reached the mock (nock 15 hands reply functions a fetch Request), then answers. */
export function capture(list: Captured[], reply: string | object, status = 200) {
  return async (request: Request): Promise<[number, string | object]> => {
    const rawBody = await request.text();
    list.push({ headers: Object.fromEntries(request.headers), body: rawBody ? JSON.parse(rawBody) : '', rawBody });
    return [status, reply];
  };
}

export function headerOf(request: Captured | undefined, name: string): string | undefined {
  return request?.headers[name.toLowerCase()];
}

/** The ACCESS-TIMESTAMP a captured request carried; fails the test when it is missing. */
export function timestampOf(request: Captured | undefined): string {
  const timestamp = headerOf(request, 'ACCESS-TIMESTAMP');
  if (timestamp === undefined) throw new Error('the request carried no ACCESS-TIMESTAMP');
  return timestamp;
}
