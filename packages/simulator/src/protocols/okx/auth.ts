/**
 * OKX v5 request authentication (protocols/okx-v5.md §2.1): base64 HMAC-SHA256 over
 * timestamp + METHOD + requestPath(+?query) + body, ISO-8601 ms timestamp within 30 s of the
 * server clock. Failures answer HTTP 401 with `{"msg","code"}`, as observed.
 */
import { createHmac } from 'node:crypto';
import type { ApiKeyRecord, KeyStore } from '../../keys.js';
import { header, json, type SimReply, type SimRequest, signatureMatches } from '../common.js';

export const TIMESTAMP_WINDOW_MS = 30_000;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function okxSign(secret: string, prehash: string): string {
  return createHmac('sha256', secret).update(prehash, 'utf8').digest('base64');
}

function authError(code: string, msg: string): SimReply {
  return json(401, { msg, code });
}

export function okxAuthenticate(request: SimRequest, keys: KeyStore): ApiKeyRecord | SimReply {
  const apiKey = header(request, 'OK-ACCESS-KEY');
  const sign = header(request, 'OK-ACCESS-SIGN');
  const timestamp = header(request, 'OK-ACCESS-TIMESTAMP');
  const passphrase = header(request, 'OK-ACCESS-PASSPHRASE');
  if (!apiKey) return authError('50103', 'Request header "OK-ACCESS-KEY" cannot be empty.');
  if (!sign) return authError('50106', 'Request header "OK-ACCESS-SIGN" cannot be empty.');
  if (!timestamp) return authError('50107', 'Request header "OK-ACCESS-TIMESTAMP" cannot be empty.');
  if (!passphrase) return authError('50104', 'Request header "OK-ACCESS-PASSPHRASE" cannot be empty.');
  const timestampMs = ISO_MS.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (!Number.isFinite(timestampMs)) return authError('50112', 'Invalid OK-ACCESS-TIMESTAMP');
  if (Math.abs(request.nowMs - timestampMs) > TIMESTAMP_WINDOW_MS) return authError('50102', 'Timestamp request expired');
  const key = keys.find('okx', apiKey);
  if (!key) return authError('50111', 'Invalid OK-ACCESS-KEY');
  // A key belongs to one environment: live or demo (§1.2), on the site it was created on (§1.1).
  const demoRequest = header(request, 'x-simulated-trading') === '1';
  if ((key.demo === true) !== demoRequest || (key.site ?? 'global') !== request.site) {
    return authError('50101', 'APIKey does not match current environment.');
  }
  if (key.passphrase !== passphrase) return authError('50105', 'Request header "OK-ACCESS-PASSPHRASE" incorrect.');
  const requestPath = request.rawQuery ? `${request.path}?${request.rawQuery}` : request.path;
  const expected = okxSign(key.secret, `${timestamp}${request.method}${requestPath}${request.bodyText}`);
  if (!signatureMatches(expected, sign)) return authError('50113', 'Invalid Sign');
  if (key.ipWhitelist && !key.ipWhitelist.includes(request.ip)) {
    return authError('50110', `Your IP ${request.ip} is not included in your API key's IP whitelist.`);
  }
  return key;
}
