/**
 * Seeded randomness. Two flavours: a sequential PRNG (fault decisions, ids) and a stateless hash of
 * integers (market data), so a price or a book level depends only on seed and time bucket, never
 * on the order in which requests arrived.
 */

const TWO_POW_32 = 2 ** 32;

function mix32(state: number, value: number): number {
  let h = Math.imul(state ^ value, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of non-negative or negative safe integers. */
export function hash32(...parts: number[]): number {
  let state = 0x9e3779b9;
  for (const part of parts) {
    const low = (part % TWO_POW_32) >>> 0;
    const high = Math.floor(part / TWO_POW_32) >>> 0;
    state = mix32(mix32(state, low), high + 0x632be5ab);
  }
  return mix32(state, parts.length);
}

/** Uniform in [0, 1), a pure function of its parts. */
export function unitHash(...parts: number[]): number {
  return hash32(...parts) / TWO_POW_32;
}

/** Uniform in [-1, 1), a pure function of its parts. */
export function signedHash(...parts: number[]): number {
  return unitHash(...parts) * 2 - 1;
}

/** mulberry32: small, fast and good enough for simulation decisions. */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = hash32(seed, 0x5eed) >>> 0;
  }

  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_POW_32;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  hex(length: number, upper = false): string {
    let text = '';
    while (text.length < length) text += this.int(16).toString(16);
    return upper ? text.toUpperCase() : text;
  }

  /** A string of decimal digits, the first one non-zero. */
  digits(length: number): string {
    let text = String(1 + this.int(9));
    while (text.length < length) text += String(this.int(10));
    return text;
  }

  uuid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${(this.int(4) + 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** A UUID-shaped string derived from integers (WEEX trade ids). */
export function hashUuid(...parts: number[]): string {
  let hex = '';
  for (let i = 0; hex.length < 32; i++)
    hex += hash32(...parts, i)
      .toString(16)
      .padStart(8, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
