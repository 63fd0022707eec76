/**
 * Test clients written from the protocol notes, independent of the simulator's own code: a test
 * that signs with the simulator's signer could not notice the simulator signing wrongly.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Credentials, Simulator } from '../src/index.js';

export const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');

export interface Fixture {
  source: string;
  request: unknown;
  response: unknown;
}

export function fixture(exchange: 'okx' | 'weex' | 'okex-v1', name: string): Fixture {
  return JSON.parse(readFileSync(path.join(FIXTURES, exchange, `${name}.json`), 'utf8')) as Fixture;
}

export interface Reply {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: replies are inspected field by field in tests
  body: any;
}

async function send(url: string, init: RequestInit): Promise<Reply> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, text, body };
}

export function queryString(query?: Record<string, string | number>): string {
  if (!query) return '';
  return new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
}

// ---- OKX v5: base64(HMAC-SHA256(secret, ts + METHOD + path?query + body)), ISO ms timestamp ----

export function okxSignature(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash).digest('base64');
}

export interface OkxOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  credentials?: Credentials;
  timestampMs?: number;
  /** Replace the computed signature. */
  sign?: string;
  headers?: Record<string, string>;
  signed?: boolean;
  /** Another origin of the simulator (an OKX site of `okxRegionUrls`); default `sim.url`. */
  origin?: string;
}

export function okx(sim: Simulator, method: 'GET' | 'POST' | 'PUT', path: string, options: OkxOptions = {}): Promise<Reply> {
  const qs = queryString(options.query);
  const requestPath = qs ? `${path}?${qs}` : path;
  const bodyText = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (bodyText) headers['content-type'] = 'application/json';
  if (options.signed !== false && (options.credentials || path.includes('/account/') || path.includes('/trade/'))) {
    const credentials = options.credentials ?? sim.credentials.okx;
    const timestamp = new Date(options.timestampMs ?? sim.clock.now()).toISOString();
    headers['OK-ACCESS-KEY'] = credentials.apiKey;
    headers['OK-ACCESS-PASSPHRASE'] = credentials.passphrase ?? '';
    headers['OK-ACCESS-TIMESTAMP'] = timestamp;
    headers['OK-ACCESS-SIGN'] = options.sign ?? okxSignature(credentials.secret, `${timestamp}${method}${requestPath}${bodyText}`);
  }
  return send(`${options.origin ?? sim.url}${requestPath}`, { method, headers, ...(bodyText ? { body: bodyText } : {}) });
}

// ---- WEEX V3: same HMAC, 13-digit ms timestamp, ACCESS-* headers ----

export interface WeexOptions {
  query?: Record<string, string | number>;
  body?: unknown;
  credentials?: Credentials;
  timestampMs?: number;
  sign?: string;
  signed?: boolean;
}

export function weex(sim: Simulator, method: 'GET' | 'POST' | 'DELETE', path: string, options: WeexOptions = {}): Promise<Reply> {
  const qs = queryString(options.query);
  const bodyText = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string> = {};
  if (bodyText) headers['content-type'] = 'application/json';
  if (options.signed ?? true) {
    const credentials = options.credentials ?? sim.credentials.weex;
    const timestamp = String(options.timestampMs ?? sim.clock.now());
    headers['ACCESS-KEY'] = credentials.apiKey;
    headers['ACCESS-PASSPHRASE'] = credentials.passphrase ?? '';
    headers['ACCESS-TIMESTAMP'] = timestamp;
    headers['ACCESS-SIGN'] =
      options.sign ?? okxSignature(credentials.secret, `${timestamp}${method}${path}${qs ? `?${qs}` : ''}${bodyText}`);
  }
  return send(`${sim.url}${path}${qs ? `?${qs}` : ''}`, { method, headers, ...(bodyText ? { body: bodyText } : {}) });
}

// ---- OKEx v1: MD5 over sorted raw params + &secret_key=, upper-case hex, form POST ----

export function v1Signature(params: Record<string, string>, secret: string): string {
  const text = Object.keys(params)
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
  return createHash('md5').update(`${text}&secret_key=${secret}`).digest('hex').toUpperCase();
}

export function v1Public(sim: Simulator, endpoint: string, query: Record<string, string | number> = {}): Promise<Reply> {
  const qs = queryString(query);
  return send(`${sim.url}/api/v1/${endpoint}${qs ? `?${qs}` : ''}`, { method: 'GET' });
}

export function v1Private(
  sim: Simulator,
  endpoint: string,
  params: Record<string, string>,
  options: { credentials?: Credentials; sign?: string } = {},
): Promise<Reply> {
  const credentials = options.credentials ?? sim.credentials['okex-v1'];
  const all = { ...params, api_key: credentials.apiKey };
  const sign = options.sign ?? v1Signature(all, credentials.secret);
  const body = new URLSearchParams({ ...all, sign }).toString();
  return send(`${sim.url}/api/v1/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Moves the simulator clock to just after a 5 s price bucket starts, so a test that reads the
 * book and then trades against it stays inside one bucket.
 */
export function alignToBucketStart(sim: Simulator): void {
  const { originMs, bucketMs } = sim.market;
  const real = Date.now();
  const target = originMs + (Math.floor((real + sim.clock.skewMs - originMs) / bucketMs) + 1) * bucketMs + 20;
  sim.clock.setSkewMs(target - real);
}
