/** Shared test setup: recorded OKX payloads from shared/fixtures/okx and an exchange pointed at nock. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { OkxExchange, type OkxExchangeOptions } from '../src/index.js';

export const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/okx');
export const BASE_URL = 'https://okx.test';
/** The docs' example secret, as in the protocol note's vectors. */
export const SECRET = '22582BD0CFF14C41EDBF1AB98506286D';
export const CREDENTIALS = { apiKey: 'test-api-key-0001', secret: SECRET, passphrase: 'test-passphrase' };

/** Recorded JSON, read and edited freely by the tests. */
// biome-ignore lint/suspicious/noExplicitAny: fixtures are arbitrary recorded JSON that tests adjust in place
export type RecordedJson = any;

export interface Fixture<T = RecordedJson> {
  source: string;
  request: unknown;
  response: T;
}

export function fixture<T = RecordedJson>(name: string): Fixture<T> {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as Fixture<T>;
}

export function newExchange(options: OkxExchangeOptions = {}): OkxExchange {
  return new OkxExchange({ baseUrl: BASE_URL, ...CREDENTIALS, clockSync: false, retry: false, ...options });
}

/**
 * The recorded instruments lack BTC-USDT spot and LTC-USDT-SWAP, which the recorded books, trades,
 * candles and order-history payloads refer to; they are cloned from recorded siblings with the
 * identity fields changed (LTC-USDT-SWAP has ctVal 1 LTC on OKX).
 */
export function instrumentPayloads(withSiblings = true): Record<'SPOT' | 'SWAP' | 'FUTURES', RecordedJson> {
  const spot = fixture('instruments-spot').response;
  const swap = fixture('instruments-swap').response;
  const futures = fixture('instruments-futures').response;
  if (withSiblings) {
    const btcUsd = spot.data.find((item: RecordedJson) => item.instId === 'BTC-USD');
    spot.data.push({ ...btcUsd, instId: 'BTC-USDT', quoteCcy: 'USDT' });
    const ethSwap = swap.data.find((item: RecordedJson) => item.instId === 'ETH-USDT-SWAP');
    swap.data.push({
      ...ethSwap,
      instId: 'LTC-USDT-SWAP',
      instFamily: 'LTC-USDT',
      uly: 'LTC-USDT',
      ctVal: '1',
      ctValCcy: 'LTC',
      lotSz: '1',
      minSz: '1',
      instIdCode: 99999,
    });
  }
  return { SPOT: spot, SWAP: swap, FUTURES: futures };
}

export function mockInstruments(withSiblings = true): void {
  const payloads = instrumentPayloads(withSiblings);
  for (const instType of ['SPOT', 'SWAP', 'FUTURES'] as const) {
    nock(BASE_URL).get('/api/v5/public/instruments').query({ instType }).reply(200, payloads[instType]);
  }
}

export function mockAccountConfig(posMode: 'net_mode' | 'long_short_mode' = 'net_mode'): void {
  const config = fixture('account-config').response;
  config.data[0].posMode = posMode;
  nock(BASE_URL).get('/api/v5/account/config').reply(200, config);
}

/** Requests the exchange sent, as reported by its `request` events. */
export function recordRequests(
  exchange: OkxExchange,
): Array<{ method: string; path: string; body?: string; headers: Record<string, string> }> {
  const sent: Array<{ method: string; path: string; body?: string; headers: Record<string, string> }> = [];
  exchange.on('request', (event) => sent.push({ method: event.method, path: event.path, body: event.body, headers: event.headers }));
  return sent;
}

export function ok(data: unknown[], extra: Record<string, unknown> = {}) {
  return { code: '0', msg: '', data, ...extra };
}

export interface CapturedRequest {
  header(name: string): string | null;
  body: string;
}

/** What a nock scope received: headers and body of each request (reply functions are not used). */
export function capture(scope: nock.Scope): CapturedRequest[] {
  const captured: CapturedRequest[] = [];
  scope.on('request', (request: { headers: { get(name: string): string | null } }, _interceptor: unknown, body: string) => {
    captured.push({ header: (name) => request.headers.get(name), body });
  });
  return captured;
}

/**
 * nock for one test file: no real network, mocks cleared after each test, and the http patch
 * removed after the file — jest may run several files in one process, and a patch left behind
 * would answer the next file's requests with "no match".
 */
export function useNock(): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}
