/** Unified candle timeframes. Adapters map them onto their wire names in a table. */
import { describeValue } from './describe.js';
import { BadRequest } from './errors.js';

/** The unified candle timeframes and their length in ms (`1M` counts 30 days). */
export const TIMEFRAME_MS = {
  '1m': 60_000,
  '3m': 3 * 60_000,
  '5m': 5 * 60_000,
  '15m': 15 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '2h': 2 * 3_600_000,
  '4h': 4 * 3_600_000,
  '6h': 6 * 3_600_000,
  '8h': 8 * 3_600_000,
  '12h': 12 * 3_600_000,
  '1d': 86_400_000,
  '3d': 3 * 86_400_000,
  '1w': 7 * 86_400_000,
  '1M': 30 * 86_400_000,
} as const;

/** A timeframe some adapter offers; each exchange offers a subset (an unsupported one is BadRequest naming those it has). */
export type KnownTimeframe = keyof typeof TIMEFRAME_MS;

/**
 * A candle timeframe: `'1m'`, `'1h'`, `'1d'`… (`KnownTimeframe` completes them in an editor). Any
 * other string still type-checks, for an exchange's own name; it is checked at run time.
 */
export type Timeframe = KnownTimeframe | (string & {});

/** Own entries only: `'constructor'` is not a timeframe. */
function own<T>(table: Readonly<Partial<Record<string, T>>>, key: string): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The length of a unified timeframe in ms; `BadRequest` listing the valid ones for anything else. */
export function timeframeToMs(timeframe: string): number {
  const ms = own<number>(TIMEFRAME_MS, timeframe);
  if (ms === undefined)
    throw new BadRequest({
      exchange: 'core',
      message: `unknown timeframe ${describeValue(timeframe)}`,
      hint: `Use one of ${Object.keys(TIMEFRAME_MS).join(', ')}.`,
    });
  return ms;
}

/** The exchange's name for a unified timeframe, or BadRequest listing what it supports. */
export function wireTimeframe(exchange: string, table: Readonly<Partial<Record<string, string>>>, timeframe: string): string {
  const wire = own(table, timeframe);
  if (wire === undefined) {
    throw new BadRequest({
      exchange,
      message: `timeframe ${describeValue(timeframe)} is not offered by ${exchange}`,
      hint: `Use one of ${Object.keys(table).join(', ')}.`,
    });
  }
  return wire;
}
