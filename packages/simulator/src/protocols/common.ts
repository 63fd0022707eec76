/** What every front-end receives and returns. */
import type { IncomingHttpHeaders } from 'node:http';
import { type Fixed, parseFixed } from '../decimal.js';
import type { FundingSchedule } from '../engine/funding.js';
import type { Transfers } from '../engine/transfers.js';
import type { TriggerBook } from '../engine/triggers.js';
import type { Venue } from '../engine/venue.js';
import { type JsonValue, toJson } from '../json.js';
import type { KeyStore, OkxSite } from '../keys.js';
import type { Prng } from '../random.js';
import type { LimitCheck, SlidingWindowLimiter } from '../rate-limit.js';

export interface SimRequest {
  method: string;
  path: string;
  /** Query string exactly as sent, without `?`; '' when absent. */
  rawQuery: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  ip: string;
  /** Simulator time for this request (clock skew and fault skew applied). */
  nowMs: number;
  /** Real arrival time, for rate limiting. */
  arrivedAtMs: number;
  /** The OKX site whose origin the request came in on (`startSimulator({ okxRegions: true })`). */
  site: OkxSite;
}

export interface SimReply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface ExchangeStats {
  requests: number;
  rejectedRateLimit: number;
  droppedReplies: number;
}

export interface FrontEndContext {
  venue: Venue;
  /** Stop / conditional orders and TP/SL of the venue. */
  triggers: TriggerBook;
  funding: FundingSchedule;
  transfers: Transfers;
  keys: KeyStore;
  limiter: SlidingWindowLimiter;
  stats: ExchangeStats;
}

export interface FrontEnd {
  readonly id: Venue['id'];
  handles(path: string): boolean;
  handle(request: SimRequest): SimReply;
  /** The exchange's answer to a rate-limit breach (also used for injected 429 storms). */
  rateLimitReply(): SimReply;
  /** The exchange's 5xx or busy answer for an injected error. */
  unavailableReply(prng: Prng): SimReply;
}

export function json(status: number, value: JsonValue): SimReply {
  return { status, body: toJson(value), contentType: 'application/json' };
}

/** Admits the request against its rate limits, counting a rejection. */
export function admit(context: FrontEndContext, checks: readonly LimitCheck[], request: SimRequest): boolean {
  if (checks.length === 0 || context.limiter.tryConsume(checks, request.arrivedAtMs)) return true;
  context.stats.rejectedRateLimit++;
  return false;
}

export function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** A positive decimal parameter ("0.01"); undefined when malformed, zero or negative. */
export function positiveDecimal(text: string | undefined): Fixed | undefined {
  if (text === undefined) return undefined;
  const value = parseFixed(text.trim() === text ? text : '');
  return value !== undefined && value > 0n ? value : undefined;
}

/** Integer query parameter within bounds, or the default; undefined when malformed. */
export function intParam(text: string | null, fallback: number, min: number, max: number): number | undefined {
  if (text === null || text === '') return fallback;
  if (!/^\d+$/.test(text)) return undefined;
  const value = Number(text);
  return value < min || value > max ? undefined : value;
}

export function timeParam(text: string | null): number | undefined {
  if (text === null || text === '' || !/^\d{1,16}$/.test(text)) return undefined;
  return Number(text);
}
