/** The request shape and reply helpers the WEEX V3 routes share (protocols/weex.md §4). */
import type { Account } from '../../engine/venue.js';
import type { JsonValue, WireValue } from '../../json.js';
import type { ApiKeyRecord } from '../../keys.js';
import { json, type SimReply, type SimRequest } from '../common.js';
import { weexError } from './auth.js';

export type Host = 'spot' | 'futures';
export type Method = 'GET' | 'POST' | 'DELETE';

export interface Call {
  request: SimRequest;
  host: Host;
  key?: ApiKeyRecord;
  account?: Account;
  body?: { [key: string]: WireValue };
}

export interface Route {
  method: Method;
  path: string;
  auth: boolean;
  trade?: boolean;
  weight: number;
  handle: (call: Call) => SimReply;
}

export function ok(value: JsonValue): SimReply {
  return json(200, value);
}

export const missing = (name: string): SimReply =>
  weexError(-1141, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
export const badParam = (name: string): SimReply => weexError(-1142, `Parameter '${name}' is invalid.`);
export const badSymbol = (): SimReply => weexError(-1121, 'Invalid symbol.');
