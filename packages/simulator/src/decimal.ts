/**
 * Exact decimal arithmetic on fixed-point bigints (value × 10^18). Balances, prices and sizes never
 * pass through binary floats, so the simulator cannot invent the `0.1 + 0.2` digits it must catch
 * in the clients it tests.
 */

export type Fixed = bigint;

export const DECIMALS = 18;
export const SCALE: Fixed = 10n ** 18n;
export const ZERO: Fixed = 0n;

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;

/** Parses a plain non-negative decimal ("0.01", "60000", "1.50"); no signs, exponents or spaces. */
export function parseFixed(text: string): Fixed | undefined {
  const match = DECIMAL_TEXT.exec(text);
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > DECIMALS) return undefined;
  return BigInt(match[1] as string) * SCALE + BigInt(fraction.padEnd(DECIMALS, '0'));
}

/** A constant known to be valid (configuration, tests). */
export function fixed(text: string): Fixed {
  const negative = text.startsWith('-');
  const value = parseFixed(negative ? text.slice(1) : text);
  if (value === undefined) throw new RangeError(`not a decimal: ${text}`);
  return negative ? -value : value;
}

export function fromInt(value: number | bigint): Fixed {
  return BigInt(value) * SCALE;
}

/** Rounds half away from zero to `decimals` places. */
export function roundTo(value: Fixed, decimals: number): Fixed {
  if (decimals >= DECIMALS) return value;
  const unit = 10n ** BigInt(DECIMALS - decimals);
  const half = unit / 2n;
  const magnitude = value < 0n ? -value : value;
  const rounded = ((magnitude + half) / unit) * unit;
  return value < 0n ? -rounded : rounded;
}

/** Shortest decimal text ("0.5", "60000", "-1.25"), rounded to `maxDecimals` places. */
export function formatFixed(value: Fixed, maxDecimals = DECIMALS): string {
  const rounded = roundTo(value, maxDecimals);
  const negative = rounded < 0n;
  const magnitude = negative ? -rounded : rounded;
  const whole = magnitude / SCALE;
  const fraction = (magnitude % SCALE).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  const text = fraction ? `${whole}.${fraction}` : `${whole}`;
  return negative && text !== '0' ? `-${text}` : text;
}

/** Decimal text with exactly `decimals` places ("0.10000"). */
export function formatFixedPadded(value: Fixed, decimals: number): string {
  const text = formatFixed(value, decimals);
  if (decimals === 0) return text;
  const [whole, fraction = ''] = text.split('.');
  return `${whole}.${fraction.padEnd(decimals, '0')}`;
}

export function mul(a: Fixed, b: Fixed): Fixed {
  return (a * b) / SCALE;
}

export function div(a: Fixed, b: Fixed): Fixed {
  if (b === 0n) throw new RangeError('division by zero');
  return (a * SCALE) / b;
}

export function min(a: Fixed, b: Fixed): Fixed {
  return a < b ? a : b;
}

export function max(a: Fixed, b: Fixed): Fixed {
  return a > b ? a : b;
}

export function abs(a: Fixed): Fixed {
  return a < 0n ? -a : a;
}

export function isMultipleOf(value: Fixed, step: Fixed): boolean {
  return step > 0n && value % step === 0n;
}

export function floorToStep(value: Fixed, step: Fixed): Fixed {
  return (value / step) * step;
}

/** Number of decimal places in a step such as 0.0001 → 4. */
export function decimalsOf(step: Fixed): number {
  const text = formatFixed(step);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** Float view, only for the price model and statistics, never for balances. */
export function toNumber(value: Fixed): number {
  return Number(formatFixed(value));
}
