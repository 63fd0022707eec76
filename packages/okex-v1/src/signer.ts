/**
 * OKEx v1 request signing (protocols/okex-v1.md §4). Auth lives entirely in the form body: every
 * parameter except `sign` (api_key included), sorted by name in byte order, raw values joined with
 * `&`, then `&secret_key=<secret>` appended (not sorted in), MD5 as 32 upper-case hex. There is no
 * timestamp, nonce or passphrase, so clock skew cannot make a v1 request fail.
 */
import { createHash } from 'node:crypto';
import { BadRequest } from '@exchange-adapters/core';
import { formatDecimal, type SignInput, type SignOutput, toDecimal } from '@exchange-adapters/core/adapter';

/** Request parameters; values are strings or numbers (objects such as `orders_data` come serialized). */
export type Params = Readonly<Record<string, unknown>>;

/**
 * The exact text of a value, shared by the signed string and the body: the server hashes what it
 * received, so `1.0` and `1` must not differ between the two, and `1e-8` must never appear.
 * Undefined, null and empty values are dropped: v1 has no rule for them (§4 "Empty or absent values").
 */
export function paramText(name: string, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatDecimal(toDecimal(value, name, 'okex-v1'));
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new BadRequest({
    exchange: 'okex-v1',
    message: `parameter ${name} must be a string or a number, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    hint: `Serialize ${name} yourself; for orders_data use the documented literal form [{price:3,amount:5,type:'sell'}].`,
  });
}

/** Name/value pairs to sign, `sign` excluded, empty values dropped, sorted by name in byte order. */
export function sortedParams(params: Params): Array<[name: string, value: string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(params)) {
    if (name === 'sign') continue;
    const text = paramText(name, value);
    if (text !== undefined) pairs.push([name, text]);
  }
  // Byte order, as Java's Collections.sort / Python's sorted in the official demos: `_` < `a`.
  return pairs.sort(([a], [b]) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));
}

/** The string that is hashed: `a=1&b=2&secret_key=<secret>` with raw (not URL-encoded) values. */
export function signingString(params: Params, secret: string): string {
  const joined = sortedParams(params)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return `${joined}&secret_key=${secret}`;
}

/** The `sign` parameter: MD5 of the signing string, 32 upper-case hex characters. */
export function sign(params: Params, secret: string): string {
  return createHash('md5').update(signingString(params, secret), 'utf8').digest('hex').toUpperCase();
}

/**
 * The form body of a private call: the parameters plus `api_key`, URL-encoded in sorted order, with
 * `sign` last. The signed string uses the same values unencoded (XChange failed signing `%2C`).
 */
export function signedForm(params: Params, apiKey: string, secret: string): string {
  const all = { ...params, api_key: apiKey };
  const body = sortedParams(all).map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  body.push(`sign=${sign(all, secret)}`);
  return body.join('&');
}

/**
 * The pipeline's signer: query and body parameters become one signed form. Private v1 calls are
 * POSTs with everything in the body; a signed GET (only through `request()`) carries it in the query.
 */
export function signRequest(input: SignInput): SignOutput {
  const { apiKey = '', secret = '' } = input.credentials;
  if (input.body !== undefined && (typeof input.body !== 'object' || input.body === null || Array.isArray(input.body))) {
    throw new BadRequest({
      exchange: 'okex-v1',
      message: 'the body of a signed v1 call must be an object of parameters',
      hint: "Pass body: { symbol: 'btc_usdt', … }; it is sent as a signed form.",
    });
  }
  const params = { ...input.query, ...(input.body as Params | undefined) };
  const form = signedForm(params, apiKey, secret);
  if (input.method === 'GET') return { queryString: form };
  return { queryString: '', bodyText: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}
