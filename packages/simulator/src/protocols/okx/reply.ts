/** OKX v5 reply envelopes and the request shape the OKX routes share (protocols/okx-v5.md §4). */
import type { Account } from '../../engine/venue.js';
import type { JsonValue, WireValue } from '../../json.js';
import type { ApiKeyRecord } from '../../keys.js';
import type { LimitCheck } from '../../rate-limit.js';
import { json, type SimReply, type SimRequest } from '../common.js';

export interface Call {
  request: SimRequest;
  key?: ApiKeyRecord;
  account?: Account;
  body?: WireValue;
}

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  auth: boolean;
  /** Needs a key with trade permission (50120 otherwise). */
  trade?: boolean;
  limits: (call: Call) => LimitCheck[];
  handle: (call: Call) => SimReply;
}

const HTTP_400 = new Set(['50000', '50002', '50004', '50006', '50014', '50015', '50016', '50100', '51000', '51406', '51501']);

export const UNKNOWN_INSTRUMENT = "Instrument ID, Instrument ID code, or Spread ID doesn't exist.";

export function ok(data: JsonValue[]): SimReply {
  return json(200, { code: '0', msg: '', data });
}

export function fail(code: string, msg: string): SimReply {
  return json(HTTP_400.has(code) ? 400 : 200, { code, msg, data: [] });
}

export function empty(name: string): SimReply {
  return fail('50014', `Parameter ${name} can not be empty.`);
}

export function invalid(name: string): SimReply {
  return fail('51000', `Parameter ${name} error`);
}

/** A trade endpoint's reply: `code` "0", "1" (all failed) or "2" (some failed) over per-item `sCode`s. */
export function tradeReply(request: SimRequest, items: Record<string, JsonValue>[]): SimReply {
  const failed = items.filter((item) => item.sCode !== '0').length;
  const code = failed === 0 ? '0' : failed === items.length ? '1' : '2';
  const msg = code === '0' ? '' : code === '1' ? 'All operations failed' : 'Bulk operation partially succeeded.';
  const inTime = `${request.arrivedAtMs}000`;
  const outTime = `${Math.max(Date.now(), request.arrivedAtMs)}000`;
  return json(200, { code, data: items, inTime, msg, outTime });
}
