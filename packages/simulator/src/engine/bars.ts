/**
 * Candle intervals: fixed durations aligned in a time zone (OKX aligns 6H and longer bars to Hong
 * Kong time unless the bar has a `utc` suffix, protocols/okx-v5.md §3.1), weeks from Monday, and
 * calendar months.
 */

export interface BarSpec {
  /** Fixed bar length; 0 for calendar months. */
  durationMs: number;
  months: number;
  /** Offset of the aligning time zone from UTC. */
  zoneOffsetMs: number;
  weekly: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONDAY_EPOCH_OFFSET = 4 * DAY;

export function fixedBar(durationMs: number, zoneOffsetMs = 0): BarSpec {
  return { durationMs, months: 0, zoneOffsetMs, weekly: durationMs % (7 * DAY) === 0 };
}

export function monthBar(months: number, zoneOffsetMs = 0): BarSpec {
  return { durationMs: 0, months, zoneOffsetMs, weekly: false };
}

export const DURATION = { MINUTE, HOUR, DAY };

export function barStart(bar: BarSpec, timeMs: number): number {
  const local = timeMs + bar.zoneOffsetMs;
  if (bar.months > 0) {
    const date = new Date(local);
    const month = date.getUTCMonth() - (date.getUTCMonth() % bar.months);
    return Date.UTC(date.getUTCFullYear(), month, 1) - bar.zoneOffsetMs;
  }
  const anchor = bar.weekly ? MONDAY_EPOCH_OFFSET : 0;
  return Math.floor((local - anchor) / bar.durationMs) * bar.durationMs + anchor - bar.zoneOffsetMs;
}

export function barAfter(bar: BarSpec, startMs: number): number {
  if (bar.months > 0) {
    const date = new Date(startMs + bar.zoneOffsetMs);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + bar.months, 1) - bar.zoneOffsetMs;
  }
  return startMs + bar.durationMs;
}

export function barBefore(bar: BarSpec, startMs: number): number {
  if (bar.months > 0) {
    const date = new Date(startMs + bar.zoneOffsetMs);
    return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - bar.months, 1) - bar.zoneOffsetMs;
  }
  return startMs - bar.durationMs;
}

/**
 * Bar open times, newest first: at most `limit` bars whose open is before `endBefore` (exclusive)
 * and after `startAfter` (exclusive), never later than the bar containing `nowMs`.
 */
export function barOpenTimes(bar: BarSpec, nowMs: number, limit: number, endBefore?: number, startAfter?: number): number[] {
  let start = barStart(bar, nowMs);
  if (endBefore !== undefined && endBefore <= start) start = barStart(bar, endBefore - 1);
  const out: number[] = [];
  while (out.length < limit && (startAfter === undefined || start > startAfter) && start > 0) {
    out.push(start);
    start = barBefore(bar, start);
  }
  return out;
}
