/**
 * The exchange's clock as seen from here. Signed requests carry a timestamp the exchange checks
 * against its own clock (30 s window on OKX and WEEX), so the offset is learned from the server-time
 * endpoint: each sample is corrected by half its round trip, and the median of the samples is
 * kept, so one slow sample cannot skew it.
 */
import { type ExchangeError, reviseError } from './errors.js';

/**
 * Milliseconds from an arbitrary origin that never jumps: for elapsed times (timeouts, windows,
 * durations). The wall clock (`Date.now`, or an injected `now`) can be stepped by NTP or a user.
 */
export function monotonicNow(): number {
  return performance.now();
}

/** One reading of the exchange's clock. */
export interface ServerTimeSample {
  /** Server time reported, ms. */
  serverTimeMs: number;
  /** Local clock just before the request was written and just after the reply was read. */
  sentAtMs: number;
  /** Local time the reply arrived, ms. */
  receivedAtMs: number;
}

/** The outcome of one clock sync. */
export interface ClockSyncResult {
  /** Exchange clock minus local clock, ms. */
  serverTimeOffsetMs: number;
  /** Median round trip of the samples, ms. */
  roundTripMs: number;
  /** Samples taken. */
  samples: number;
}

export interface ServerClockOptions {
  now: () => number;
  sample: () => Promise<ServerTimeSample>;
  samples?: number;
  /** How often the offset is refreshed in the background; 0 disables. */
  refreshIntervalMs?: number;
  onSync?: (result: ClockSyncResult, reason: 'initial' | 'refresh' | 'timestamp-expired') => void;
  onRefreshError?: (error: unknown) => void;
  /**
   * True for a failed sample after which the others would fail too (the server did not answer
   * within the deadline): the sync stops there, so a call waits one deadline for the clock, not six.
   */
  isHopeless?: (error: unknown) => boolean;
}

/** The median of a non-empty list (mean of the middle two for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Offset (server − local) that one sample implies, the reply assumed to be stamped mid-flight. */
export function offsetOfSample(sample: ServerTimeSample): number {
  return sample.serverTimeMs - (sample.sentAtMs + (sample.receivedAtMs - sample.sentAtMs) / 2);
}

/**
 * The exchange's clock as seen from here: a learned offset (half round trip corrected, median of samples),
 * refreshed in the background, re-learned on `TimestampExpired`.
 */
export class ServerClock {
  #offsetMs = 0;
  #synced = false;
  #inflight: Promise<ClockSyncResult> | undefined;
  #timer: NodeJS.Timeout | undefined;
  readonly #options: Required<Omit<ServerClockOptions, 'onSync' | 'onRefreshError' | 'isHopeless'>> & ServerClockOptions;

  constructor(options: ServerClockOptions) {
    this.#options = { samples: 3, refreshIntervalMs: 5 * 60_000, ...options };
  }

  /** server − local, ms. 0 until the first sync. */
  get serverTimeOffsetMs(): number {
    return this.#offsetMs;
  }

  /** Whether an offset has been learned. */
  get synced(): boolean {
    return this.#synced;
  }

  /** The exchange's current time by our best estimate. */
  now(): number {
    return Math.round(this.#options.now() + this.#offsetMs);
  }

  /** Syncs once; concurrent callers share the same round of samples. */
  sync(reason: 'initial' | 'refresh' | 'timestamp-expired' = 'initial'): Promise<ClockSyncResult> {
    this.#inflight ??= this.#takeSamples(reason).finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Learns the offset unless it is known; concurrent callers share one sync. */
  async ensureSynced(): Promise<void> {
    if (this.#synced) return;
    await this.sync('initial');
  }

  /** One sample, not stored: how far the local clock is from the server's right now (local − server). */
  async measureLocalSkewMs(): Promise<number> {
    return -offsetOfSample(await this.#options.sample());
  }

  /** Stops the background refresh. */
  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #takeSamples(reason: 'initial' | 'refresh' | 'timestamp-expired'): Promise<ClockSyncResult> {
    const samples: ServerTimeSample[] = [];
    let lastError: unknown;
    // Sequential on purpose: parallel samples would queue behind each other and inflate round trips.
    // A lost sample is skipped; the sync fails only when every attempt failed.
    for (let attempt = 0; attempt < this.#options.samples * 2 && samples.length < this.#options.samples; attempt++) {
      try {
        samples.push(await this.#options.sample());
      } catch (error) {
        lastError = error;
        if (this.#options.isHopeless?.(error)) break;
      }
    }
    if (samples.length === 0) throw lastError;
    const result: ClockSyncResult = {
      serverTimeOffsetMs: Math.round(median(samples.map(offsetOfSample))),
      roundTripMs: median(samples.map((s) => s.receivedAtMs - s.sentAtMs)),
      samples: samples.length,
    };
    this.#offsetMs = result.serverTimeOffsetMs;
    this.#synced = true;
    this.#startRefresh();
    this.#options.onSync?.(result, reason);
    return result;
  }

  #startRefresh(): void {
    if (this.#timer || !this.#options.refreshIntervalMs) return;
    this.#timer = setInterval(() => {
      this.sync('refresh').catch((error: unknown) => this.#options.onRefreshError?.(error));
    }, this.#options.refreshIntervalMs);
    this.#timer.unref();
  }
}

/** What explaining a TimestampExpired needs of the pipeline: its clock and the exchange's window. */
export interface SkewSource {
  readonly clock: ServerClock;
  /** Whether signed calls use the learned clock (Pipeline.clockSyncEnabled). */
  readonly clockSyncEnabled: boolean;
  readonly spec: { readonly name: string; readonly timestampWindowMs?: number };
}

/** Adds the measured skew to a TimestampExpired the caller will see. */
export async function explainSkew(error: ExchangeError, pipeline: SkewSource): Promise<ExchangeError> {
  let skewMs: number | undefined;
  try {
    skewMs = pipeline.clockSyncEnabled ? -pipeline.clock.serverTimeOffsetMs : await pipeline.clock.measureLocalSkewMs();
  } catch {
    skewMs = undefined;
  }
  const windowS = Math.round((pipeline.spec.timestampWindowMs ?? 30_000) / 1000);
  const name = pipeline.spec.name;
  let hint: string;
  if (skewMs === undefined) {
    hint = `The request time was outside ${name}'s ${windowS} s window and the skew could not be measured. Sync the system clock with NTP${pipeline.clockSyncEnabled ? '' : ' or enable clockSync'}.`;
  } else {
    const seconds = Math.abs(skewMs / 1000).toFixed(Math.abs(skewMs) < 10_000 ? 1 : 0);
    const direction = skewMs >= 0 ? 'ahead of' : 'behind';
    hint = pipeline.clockSyncEnabled
      ? `Local clock is ${seconds} s ${direction} ${name} (limit ${windowS} s); a re-sync did not help, so the clock may be jumping. Sync the system clock with NTP.`
      : `Local clock is ${seconds} s ${direction} ${name} (limit ${windowS} s). Clock sync is off; enable it or sync the system clock with NTP.`;
  }
  return reviseError(error, { retryable: false, hint });
}
