/**
 * WEEX V3 request authentication (protocols/weex.md §2.1): base64 HMAC-SHA256 over
 * timestamp + METHOD + path + ("?" + query) + body, 13-digit ms timestamp within 30 s.
 * V3 errors are `{"code": <negative>, "msg"}`; the HTTP status is not documented, so it follows the
 * V1 table (400 for every auth and parameter error).
 */
import { createHmac } from 'node:crypto';
import type { ApiKeyRecord, KeyStore } from '../../keys.js';
import { header, json, type SimReply, type SimRequest, signatureMatches } from '../common.js';

export const TIMESTAMP_WINDOW_MS = 30_000;

export function weexSign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

export function weexError(code: number, msg: string, status = 400): SimReply {
  return json(status, { code, msg });
}

export function weexAuthenticate(request: SimRequest, keys: KeyStore): ApiKeyRecord | SimReply {
  const apiKey = header(request, 'ACCESS-KEY');
  const sign = header(request, 'ACCESS-SIGN');
  const timestamp = header(request, 'ACCESS-TIMESTAMP');
  const passphrase = header(request, 'ACCESS-PASSPHRASE');
  if (!apiKey) return weexError(-1040, 'ACCESS_KEY header is required');
  if (!sign) return weexError(-1041, 'ACCESS_SIGN header is required');
  if (!timestamp) return weexError(-1042, 'ACCESS_TIMESTAMP header is required');
  if (!/^\d{13}$/.test(timestamp)) return weexError(-1043, 'Invalid ACCESS_TIMESTAMP');
  if (Math.abs(request.nowMs - Number(timestamp)) > TIMESTAMP_WINDOW_MS) return weexError(-1046, 'Request timestamp expired');
  const key = keys.find('weex', apiKey);
  if (!key) return weexError(-1044, 'Invalid ACCESS_KEY');
  if (!passphrase || key.passphrase !== passphrase) return weexError(-1049, 'API key or passphrase is incorrect');
  const query = request.rawQuery ? `?${request.rawQuery}` : '';
  const expected = weexSign(key.secret, `${timestamp}${request.method}${request.path}${query}${request.bodyText}`);
  if (!signatureMatches(expected, sign)) return weexError(-1047, 'API authentication failed');
  if (key.ipWhitelist && !key.ipWhitelist.includes(request.ip)) return weexError(-1056, 'Invalid IP address');
  return key;
}
