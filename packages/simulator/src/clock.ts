/** The simulator's clock: real time plus a settable skew (a client 45 s behind ⇔ skew +45 s). */
export class SimClock {
  #skewMs = 0;

  now(): number {
    return Date.now() + this.#skewMs;
  }

  setSkewMs(skewMs: number): void {
    if (!Number.isFinite(skewMs)) throw new RangeError('skewMs must be a finite number');
    this.#skewMs = skewMs;
  }

  get skewMs(): number {
    return this.#skewMs;
  }
}
