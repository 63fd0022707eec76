/**
 * An exact decimal on native BigInt: what goes on the wire, the order checks, contract conversions
 * and the few exact sums and products of replies. It has only the operations the library uses,
 * under big.js's names, and gives big.js's results for them (test/decimal.test.ts compares the two
 * on generated values): sums, differences, products and remainders are exact; a quotient is rounded
 * half-up to 20 decimal places, as big.js divides by default, which OKEx v1's inverse PnL and
 * `baseToContracts` were defined with.
 */

/** How `round` and `roundToStep` round: toward zero, to the nearest (half away from zero), or away from zero. */
export type RoundingMode = 'down' | 'nearest' | 'up';

/** What the arithmetic and comparisons accept; a number is read as `String(number)` prints it. */
export type DecimalValue = Decimal | string | number;

/** big.js's grammar with an optional leading `+`: "12", "-0.5", ".5", "1.", "2.5E+3". */
const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/** Decimal places of a quotient (big.js's default DP, rounded half-up: its default RM). */
const QUOTIENT_PLACES = 20;

/** An immutable exact decimal: `units × 10^exponent`. */
export class Decimal {
  readonly #units: bigint;
  readonly #exponent: number;

  /** From decimal text or a number (as `String(number)` prints it), or `units × 10^exponent`. */
  constructor(value: DecimalValue | bigint, exponent = 0) {
    if (typeof value === 'bigint') {
      this.#units = value;
      this.#exponent = exponent;
    } else if (value instanceof Decimal) {
      this.#units = value.#units;
      this.#exponent = value.#exponent;
    } else {
      // The text is not quoted: callers check it first, and whatever slips through may be a secret.
      const parts = DECIMAL_TEXT.exec(String(value));
      if (!parts || !(parts[2] || parts[3])) throw new TypeError('Decimal: not a decimal number');
      const fraction = parts[3] ?? '';
      this.#units = BigInt(`${parts[1]}${parts[2]}${fraction}`);
      this.#exponent = Number(parts[4] ?? 0) - fraction.length;
    }
  }

  /** Decimal exponent of the leading digit (big.js `e`): 0.001 has -3, 999 has 2, zero has 0. */
  get e(): number {
    return this.#units === 0n ? 0 : digits(this.#units).length - 1 + this.#exponent;
  }

  /** this + other, exactly. */
  plus(other: DecimalValue): Decimal {
    const [a, b, exponent] = Decimal.#aligned(this, other);
    return new Decimal(a + b, exponent);
  }

  /** this − other, exactly. */
  minus(other: DecimalValue): Decimal {
    const [a, b, exponent] = Decimal.#aligned(this, other);
    return new Decimal(a - b, exponent);
  }

  /** this × other, exactly. */
  times(other: DecimalValue): Decimal {
    const y = decimalOf(other);
    return new Decimal(this.#units * y.#units, this.#exponent + y.#exponent);
  }

  /** The quotient rounded half-up to 20 decimal places (big.js's `div` with its defaults). */
  div(other: DecimalValue): Decimal {
    const y = decimalOf(other);
    if (y.#units === 0n) throw new RangeError('Decimal: division by zero');
    // quotient × 10^20 = (x.units / y.units) × 10^shift
    const shift = this.#exponent - y.#exponent + QUOTIENT_PLACES;
    const units =
      shift >= 0
        ? rounded(this.#units * 10n ** BigInt(shift), y.#units, 'nearest')
        : rounded(this.#units, y.#units * 10n ** BigInt(-shift), 'nearest');
    return new Decimal(units, -QUOTIENT_PLACES);
  }

  /** The remainder of a truncated division: the sign of this (big.js `mod`). */
  mod(other: DecimalValue): Decimal {
    const [a, b, exponent] = Decimal.#aligned(this, other);
    if (b === 0n) throw new RangeError('Decimal: division by zero');
    return new Decimal(a % b, exponent);
  }

  /** Rounded to `places` decimal places (big.js `round`; its default is 0 places, half-up). */
  round(places = 0, mode: RoundingMode = 'nearest'): Decimal {
    const dropped = -places - this.#exponent;
    return dropped <= 0 ? this : new Decimal(rounded(this.#units, 10n ** BigInt(dropped), mode), -places);
  }

  /** The value without its sign. */
  abs(): Decimal {
    return this.#units < 0n ? new Decimal(-this.#units, this.#exponent) : this;
  }

  /** -1, 0 or 1 as this is below, equal to or above `other`; zeros are equal whatever their sign. */
  cmp(other: DecimalValue): -1 | 0 | 1 {
    const [a, b] = Decimal.#aligned(this, other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Whether this equals `other` (1.50 equals 1.5). */
  eq(other: DecimalValue): boolean {
    return this.cmp(other) === 0;
  }

  /** Whether this is above `other`. */
  gt(other: DecimalValue): boolean {
    return this.cmp(other) > 0;
  }

  /** Whether this is `other` or above. */
  gte(other: DecimalValue): boolean {
    return this.cmp(other) >= 0;
  }

  /** Whether this is below `other`. */
  lt(other: DecimalValue): boolean {
    return this.cmp(other) < 0;
  }

  /** Whether this is `other` or below. */
  lte(other: DecimalValue): boolean {
    return this.cmp(other) <= 0;
  }

  /** Plain notation of the exact value, no exponent and no trailing zeros: "0.00000001", "25000", never "-0". */
  toFixed(): string {
    const units = this.#units;
    const exponent = this.#exponent;
    let text = digits(units);
    if (units === 0n) text = '0';
    else if (exponent >= 0) text += '0'.repeat(exponent);
    else {
      text = text.padStart(1 - exponent, '0');
      const point = text.length + exponent;
      text = `${text.slice(0, point)}.${text.slice(point)}`.replace(/\.?0+$/, '');
    }
    return units < 0n ? `-${text}` : text;
  }

  /**
   * Rounded half-up to `significant` digits, as text that `Number()` reads ("-123456789012345e-20"):
   * `Number(x.toPrecision(15))` is the number big.js gives, not its notation.
   */
  toPrecision(significant: number): string {
    const dropped = digits(this.#units).length - significant;
    if (dropped <= 0) return `${this.#units}e${this.#exponent}`;
    return `${rounded(this.#units, 10n ** BigInt(dropped), 'nearest')}e${this.#exponent + dropped}`;
  }

  /**
   * The nearest number (what `Number(x.toFixed())` gives, without writing out the digits): the
   * exact value as `units e exponent` text, which JavaScript reads correctly rounded, so a reply's
   * `1e999999999` is Infinity at once rather than a gigabyte of zeros. Zero is 0, never -0.
   */
  toNumber(): number {
    return this.#units === 0n ? 0 : Number(`${this.#units}e${this.#exponent}`);
  }

  /** `toFixed()`, so that a decimal in a template reads as its value. */
  toString(): string {
    return this.toFixed();
  }

  /** `toFixed()`, so that a decimal in JSON is its exact value as a string. */
  toJSON(): string {
    return this.toFixed();
  }

  /** Both units at the smaller of the two exponents, and that exponent. */
  static #aligned(x: Decimal, other: DecimalValue): [bigint, bigint, number] {
    const y = decimalOf(other);
    const exponent = Math.min(x.#exponent, y.#exponent);
    return [x.#units * 10n ** BigInt(x.#exponent - exponent), y.#units * 10n ** BigInt(y.#exponent - exponent), exponent];
  }
}

function decimalOf(value: DecimalValue): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

/** The digits of |units|. */
function digits(units: bigint): string {
  return (units < 0n ? -units : units).toString();
}

/** numerator ÷ divisor as an integer, rounded by `mode`. */
function rounded(numerator: bigint, divisor: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / divisor;
  const remainder = numerator % divisor;
  if (remainder === 0n || mode === 'down') return quotient;
  const twice = 2n * (remainder < 0n ? -remainder : remainder);
  if (mode === 'nearest' && twice < (divisor < 0n ? -divisor : divisor)) return quotient;
  // Away from zero: the exact quotient's sign is that of the remainder over the divisor.
  return remainder < 0n === divisor < 0n ? quotient + 1n : quotient - 1n;
}
