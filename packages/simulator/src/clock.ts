/** The simulator's clock: real time (or an injected source) plus a settable skew (a client 45 s behind ⇔ skew +45 s). */
export class SimClock {
  #skewMs = 0;

  /** `source` is the real clock by default; tests inject one they move by hand. */
  constructor(readonly source: () => number = Date.now) {}

  /** The source's time without skew: when requests arrive, for rate-limit windows. */
  real(): number {
    return this.source();
  }

  now(): number {
    return this.source() + this.#skewMs;
  }

  setSkewMs(skewMs: number): void {
    if (!Number.isFinite(skewMs)) throw new RangeError('skewMs must be a finite number');
    this.#skewMs = skewMs;
  }

  get skewMs(): number {
    return this.#skewMs;
  }
}
