/**
 * Wire decimals → JS numbers on the read path, without an arbitrary-precision object per value.
 * The results are exactly those of the exact path (`new Decimal(x).toNumber()`):
 * a plain decimal string is read as its digits over a power of ten, correctly rounded from the same
 * exact value, and products
 * are computed on scaled integers while they stay below 2^53. Anything unusual (an exponent in a
 * product, hex-looking text, more digits than a double holds) takes the exact path, so no input
 * reads differently. What goes on the wire is still formatted from exact decimals (precision.ts).
 */
import { Decimal } from './decimal.js';

/** What a wire field may hold where a number is meant. */
export type WireDecimal = string | number | null | undefined;

/** The exact decimal of a wire value; a number is read to 15 significant digits when `wireNumber`, else as written. */
function exactOf(value: string | number, wireNumber: boolean): Decimal | undefined {
  try {
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) return undefined;
      return new Decimal(wireNumber ? Number(value.toPrecision(15)) : value);
    }
    return new Decimal(value.trim());
  } catch {
    // Not decimal text (Decimal's grammar: an optional sign, digits with a point, an exponent).
    return undefined;
  }
}

const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * A plain decimal ("65000.1", "-0.00012", "+5", ".5") whose digits form an integer below 2^53, or
 * NaN for anything else. That integer and a power of ten up to 10^22 are exact doubles, so the one
 * division is correctly rounded: the same double `Number(text)` gives, for a third of its cost.
 * Two loops, digits before and after the point, so the hot one tests one range per character: a
 * 400-level book has 1 600 of these.
 */
export function plainDecimal(text: string): number {
  const length = text.length;
  const sign = text.charCodeAt(0);
  let i = sign === 45 /* - */ || sign === 43 /* + */ ? 1 : 0;
  const start = i;
  let mantissa = 0;
  for (; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    mantissa = mantissa * 10 + digit;
  }
  let places = 0;
  if (i < length) {
    if (text.charCodeAt(i) !== 46 /* . */) return Number.NaN;
    places = length - i - 1;
    // A lone "." or "-." has no digit.
    if (i === start && places === 0) return Number.NaN;
    for (i++; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      mantissa = mantissa * 10 + digit;
    }
  } else if (i === start) {
    return Number.NaN; // "", "-", "+"
  }
  // Past 2^53 the accumulated digits may have been rounded (and stay past it).
  if (mantissa > 9007199254740991 || places > 22) return Number.NaN;
  // The exact path writes no negative zero: "-0" reads as 0.
  if (mantissa === 0) return 0;
  const value = places > 0 ? mantissa / (POWERS_OF_TEN[places] as number) : mantissa;
  return sign === 45 ? -value : value;
}

/**
 * A wire decimal as a number; undefined for absent values, "" ("not applicable") and text that is
 * not a decimal. Numbers are read to 15 significant digits, as the exact path always did.
 */
export function readDecimal(value: WireDecimal): number | undefined {
  if (typeof value === 'string') {
    if (value === '') return undefined;
    const number = plainDecimal(value);
    if (!Number.isNaN(number)) return number;
  } else if (typeof value === 'number') {
    // An integer below 10^15 has at most 15 digits: toPrecision(15) would give it back unchanged.
    if (Number.isInteger(value) && value < 1e15 && value > -1e15) return value === 0 ? 0 : value;
    return Number.isFinite(value) ? Number(value.toPrecision(15)) : undefined;
  } else {
    return undefined;
  }
  const exact = exactOf(value, true);
  return exact === undefined ? undefined : exact.toNumber();
}

/** `[integer digits as a number, decimal places]` of a plain decimal of at most 15 digits, else undefined. */
function scaled(value: string | number): [number, number] | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  let digits = 0;
  let places = -1;
  let integer = 0;
  let start = 0;
  const negative = text.charCodeAt(0) === 45;
  if (negative) start = 1;
  if (start >= text.length) return undefined;
  for (let i = start; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 46) {
      if (places >= 0) return undefined;
      places = 0;
    } else if (code >= 48 && code <= 57) {
      integer = integer * 10 + (code - 48);
      if (integer > 0) digits++;
      if (places >= 0) places++;
    } else {
      return undefined; // exponent, sign in the middle, spaces: the exact path decides
    }
  }
  if (digits > 15) return undefined;
  return [negative ? -integer : integer, Math.max(places, 0)];
}

/**
 * a × b exactly, as a number (a cost, a size in contracts × contract value); undefined when either
 * is not a decimal. Numbers are taken as written (`new Decimal(number)`), strings as decimals.
 */
export function multiplyDecimals(a: WireDecimal, b: WireDecimal): number | undefined {
  if (a === undefined || a === null || a === '' || b === undefined || b === null || b === '') return undefined;
  const left = scaled(a);
  const right = scaled(b);
  if (left && right) {
    const product = left[0] * right[0];
    if (product === 0) return 0;
    if (Number.isSafeInteger(product)) {
      const places = left[1] + right[1];
      return places === 0 ? product : Number(`${product}e-${places}`);
    }
  }
  const x = exactOf(a, false);
  const y = exactOf(b, false);
  return x === undefined || y === undefined ? undefined : x.times(y).toNumber();
}
