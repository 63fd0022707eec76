/**
 * WEEX request signing (protocols/weex.md §2), the same in V1, V2 and V3:
 *   ACCESS-SIGN = base64(HMAC-SHA256(secret, timestamp + METHOD + path + ["?" + query] + body))
 * with a 13-digit millisecond timestamp. Header names use hyphens; the underscore spelling only
 * appears in WEEX's error messages.
 */
import { createHmac } from 'node:crypto';
import type { Credentials } from '@exchange-adapters/core';
import type { SignInput, SignOutput } from '@exchange-adapters/core/adapter';

/** What a WEEX signature is computed over. */
export interface PrehashParts {
  /** Milliseconds since the epoch as sent in ACCESS-TIMESTAMP. */
  timestamp: string;
  /** HTTP method. */
  method: string;
  /** With the version prefix and any trailing slash: `/api/v3/account/`. */
  path: string;
  /** Exactly as sent, without `?`; empty or absent when there is none. */
  queryString?: string;
  /** Exactly as sent; empty or absent when there is none. */
  body?: string;
}

/** The WEEX prehash string: timestamp + METHOD + path + `?query` + body. */
export function prehash(parts: PrehashParts): string {
  const query = parts.queryString ? `?${parts.queryString}` : '';
  return `${parts.timestamp}${parts.method.toUpperCase()}${parts.path}${query}${parts.body ?? ''}`;
}

/** base64, not hex. */
export function signPrehash(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message, 'utf8').digest('base64');
}

/** The `Signer` of the adapter spec: adds the four ACCESS-* headers. */
export function signRequest(input: SignInput): SignOutput {
  const timestamp = String(Math.round(input.timestampMs));
  const { apiKey = '', secret = '', passphrase = '' } = input.credentials;
  const signature = signPrehash(
    secret,
    prehash({ timestamp, method: input.method, path: input.path, queryString: input.queryString, body: input.bodyText }),
  );
  return {
    headers: {
      'ACCESS-KEY': apiKey,
      'ACCESS-SIGN': signature,
      'ACCESS-TIMESTAMP': timestamp,
      // Sent in plain text, not hashed (§2.1).
      'ACCESS-PASSPHRASE': passphrase,
    },
  };
}

/**
 * Headers for the private WebSocket upgrade: no login frame, the signature covers
 * timestamp + path only (§2.2).
 */
export function webSocketAuthHeaders(
  credentials: Readonly<Credentials>,
  timestampMs: number,
  path = '/v3/ws/private',
): Record<string, string> {
  const timestamp = String(Math.round(timestampMs));
  return {
    'ACCESS-KEY': credentials.apiKey ?? '',
    'ACCESS-PASSPHRASE': credentials.passphrase ?? '',
    'ACCESS-TIMESTAMP': timestamp,
    'ACCESS-SIGN': signPrehash(credentials.secret ?? '', `${timestamp}${path}`),
  };
}
