/**
 * OKX v5 request signing (protocols/okx-v5.md §2): base64(HMAC-SHA256(secret, prehash)), where the
 * prehash is timestamp + METHOD + path-with-query + body, with the exact bytes that go on the wire.
 * Pure functions; vectors A–F of the protocol note are pinned in test/signer.test.ts.
 */
import { createHmac } from 'node:crypto';
import type { SignInput, SignOutput } from '@exchange-adapters/core/adapter';

/** ISO-8601 UTC with exactly three millisecond digits: `2020-12-08T09:08:57.715Z`. */
export function okxTimestamp(timestampMs: number): string {
  return new Date(timestampMs).toISOString();
}

/** timestamp + METHOD + requestPath (with `?query`) + body (`""` for GET, never `"{}"`). */
export function okxPrehash(timestamp: string, method: string, requestPath: string, body = ''): string {
  return `${timestamp}${method.toUpperCase()}${requestPath}${body}`;
}

/**
 * The `OK-ACCESS-SIGN` value: the secret is used as typed (not hex-decoded) and the raw digest is
 * base64-encoded; base64 of the hex digest is the classic cause of 50113.
 */
export function okxSign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

/** What an OKX REST signature is computed over. */
export interface OkxRestSignInput {
  /** The API secret. */
  secret: string;
  /** ISO timestamp as sent in `OK-ACCESS-TIMESTAMP`. */
  timestamp: string;
  /** HTTP method, upper case. */
  method: string;
  /** Path plus `?query` exactly as sent. */
  requestPath: string;
  /** Body text exactly as sent; empty when none. */
  body?: string;
}

/** The OKX REST signature: base64 HMAC-SHA256 of timestamp + method + requestPath + body. */
export function okxRestSignature(input: OkxRestSignInput): string {
  return okxSign(input.secret, okxPrehash(input.timestamp, input.method, input.requestPath, input.body ?? ''));
}

/** Signature of the WebSocket `login` op: timestamp in Unix seconds + `GET/users/self/verify` (§2.2). */
export function okxWsLoginSign(secret: string, timestampSeconds: string | number): string {
  return okxSign(secret, `${timestampSeconds}GET/users/self/verify`);
}

/** The OKX WebSocket `login` frame. */
export interface OkxWsLoginMessage {
  /** Always `login`. */
  op: 'login';
  /** Key, passphrase, Unix-seconds timestamp and signature. */
  args: [{ apiKey: string; passphrase: string; timestamp: string; sign: string }];
}

/** The whole login message for the private and business WebSocket endpoints. */
export function okxWsLoginMessage(
  credentials: { apiKey: string; secret: string; passphrase: string },
  timestampSeconds: string | number,
): OkxWsLoginMessage {
  const timestamp = String(timestampSeconds);
  return {
    op: 'login',
    args: [
      { apiKey: credentials.apiKey, passphrase: credentials.passphrase, timestamp, sign: okxWsLoginSign(credentials.secret, timestamp) },
    ],
  };
}

/** The pipeline's signer: the four `OK-ACCESS-*` headers over what will be sent. */
export function signOkxRequest(input: SignInput): SignOutput {
  const { apiKey = '', secret = '', passphrase = '' } = input.credentials;
  const timestamp = okxTimestamp(input.timestampMs);
  const requestPath = input.queryString ? `${input.path}?${input.queryString}` : input.path;
  return {
    headers: {
      'OK-ACCESS-KEY': apiKey,
      'OK-ACCESS-SIGN': okxRestSignature({ secret, timestamp, method: input.method, requestPath, body: input.bodyText }),
      'OK-ACCESS-TIMESTAMP': timestamp,
      'OK-ACCESS-PASSPHRASE': passphrase,
    },
  };
}
