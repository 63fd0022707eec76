/**
 * Decimal arithmetic for what goes on the wire. Prices and sizes are computed on exact decimals
 * (decimal.ts), never with floats: 0.1 + 0.2 reaches the exchange as "0.3".
 */
import { Decimal, type RoundingMode } from './decimal.js';
import { describeValue } from './describe.js';
import { BadRequest, InvalidOrder } from './errors.js';
import type { Market, MinMax, Numeric } from './types.js';

/** Bounds a decimal must keep to be accepted. */
export interface DecimalLimits {
  /** Longest text accepted, sign, point and exponent included. */
  maxLength: number;
  /** Decimal exponent of the leading digit (`Decimal.e`): 1e-18 has -18, 999 has 2. */
  minExponent: number;
  /** Largest power of ten. */
  maxExponent: number;
}

/**
 * What a caller may pass as an amount, price or other decimal: zero, or a magnitude from 1e-18 to
 * below 1e21 (what JavaScript prints without an exponent), in at most 64 characters. No exchange
 * quotes a price or size outside it, and it is checked before a Decimal is made of the text:
 * `'1e-999999'` or `'1e99999999999'` would otherwise make a million-digit number or a megabyte string.
 */
export const CALLER_DECIMALS: Readonly<DecimalLimits> = Object.freeze({ maxLength: 64, minExponent: -18, maxExponent: 20 });

/**
 * What an exchange's reply may hold: in at most 128 characters, anything from the smallest double
 * (dust balances go below 1e-18) to below 1e100. No price, size, balance or volume comes near a
 * googol; the bound keeps a product of three wire values (price × size × contract value) finite, so
 * an absurd value is refused as BadResponse naming its field instead of turning a cost into Infinity.
 */
export const WIRE_DECIMALS: Readonly<DecimalLimits> = Object.freeze({ maxLength: 128, minExponent: -324, maxExponent: 99 });

const DECIMAL_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,4})?\s*$/i;

/**
 * Plain decimal text: digits, optionally a point and more digits; no sign, space or exponent. Most
 * amounts and prices are written so, and for them the checks below need no `Decimal`: the digits
 * themselves give the magnitude, and the order checks run on whole numbers of at most 15 digits,
 * which doubles hold exactly. Any other text, and any case these shortcuts do not settle, takes the
 * exact path; test/precision-fast-path.test.ts holds the two to the same answers.
 */
const PLAIN_DECIMAL = /^(\d+)(?:\.(\d+))?$/;
/** Digits a double holds exactly as a whole number (below 2^53), and any 15-digit decimal round-trips. */
const EXACT_DIGITS = 15;

/** Why `value` is not a decimal within `limits`, or undefined when it is one. */
export function decimalProblem(value: unknown, limits: Readonly<DecimalLimits> = CALLER_DECIMALS): string | undefined {
  // At most 300 characters: such text is below 1e300, so finite; the length check comes first as before.
  if (typeof value === 'string' && value.length <= limits.maxLength && value.length <= 300) {
    const plain = PLAIN_DECIMAL.exec(value);
    if (plain) return plainMagnitudeProblem(plain[1] as string, plain[2] ?? '', limits);
  }
  return exactDecimalProblem(value, limits);
}

/**
 * The decimal exponent of the leading digit of `whole.fraction` (`Decimal.e`), checked against
 * `limits`; zero passes. The same answer as `magnitudeProblem(new Decimal(text))`, read off the digits.
 */
function plainMagnitudeProblem(whole: string, fraction: string, limits: Readonly<DecimalLimits>): string | undefined {
  let exponent: number;
  const leading = firstNonZero(whole);
  if (leading >= 0) exponent = whole.length - 1 - leading;
  else {
    const first = firstNonZero(fraction);
    if (first < 0) return undefined;
    exponent = -(first + 1);
  }
  if (exponent > limits.maxExponent) return `is too large (1e${limits.maxExponent + 1} or more)`;
  if (exponent < limits.minExponent) return `is too small (below 1e${limits.minExponent})`;
  return undefined;
}

function firstNonZero(digits: string): number {
  for (let i = 0; i < digits.length; i++) if (digits.charCodeAt(i) !== 48 /* 0 */) return i;
  return -1;
}

/** `decimalProblem` by the exact path alone, for any input; exported for the test that compares the two. */
export function exactDecimalProblem(value: unknown, limits: Readonly<DecimalLimits> = CALLER_DECIMALS): string | undefined {
  if (typeof value === 'number') {
    // Rounding to 15 digits can overflow: 1.7976931348623157e308 becomes Infinity.
    const rounded = Number(value.toPrecision(15));
    if (!Number.isFinite(rounded)) return 'is not a finite number';
    return magnitudeProblem(new Decimal(rounded), limits);
  }
  if (typeof value !== 'string') return 'is not a number or a decimal string';
  if (value.length > limits.maxLength) return `is longer than ${limits.maxLength} characters`;
  if (!DECIMAL_TEXT.test(value)) return 'is not a decimal number';
  if (!Number.isFinite(Number(value))) return 'is not a finite number';
  return magnitudeProblem(new Decimal(value.trim()), limits);
}

function magnitudeProblem(decimal: Decimal, limits: Readonly<DecimalLimits>): string | undefined {
  if (decimal.eq(0)) return undefined;
  if (decimal.e > limits.maxExponent) return `is too large (1e${limits.maxExponent + 1} or more)`;
  if (decimal.e < limits.minExponent) return `is too small (below 1e${limits.minExponent})`;
  return undefined;
}

/**
 * A caller's number or string as an exact decimal. Numbers are read to 15 significant digits,
 * which strips binary noise (0.30000000000000004 → 0.3) and keeps every digit a float can hold.
 * Anything outside `limits` is BadRequest naming the field; the value is quoted only when short,
 * so a mistyped credential is never half-echoed. Adapters reading replies pass WIRE_DECIMALS.
 */
export function toDecimal(value: Numeric, field: string, exchange = 'core', limits: Readonly<DecimalLimits> = CALLER_DECIMALS): Decimal {
  const problem = decimalProblem(value, limits);
  if (problem !== undefined) {
    throw new BadRequest({
      exchange,
      message: `${field} must be a decimal number or string; ${describeValue(value)} ${problem}`,
      hint: `Pass ${field} as a finite number or a decimal string such as "0.01"${limits === CALLER_DECIMALS ? ', zero or from 1e-18 to below 1e21' : ''}.`,
    });
  }
  return new Decimal(typeof value === 'number' ? Number(value.toPrecision(15)) : value.trim());
}

/** Plain decimal notation without exponent or trailing zeros: "0.00000001", "25000". */
export function formatDecimal(value: Decimal): string {
  return value.toFixed();
}

export type { RoundingMode };

/** Rounds to a multiple of `step` (tick or lot); down truncates toward zero. */
export function roundToStep(value: Decimal, step: Numeric, mode: RoundingMode): Decimal {
  const stepDecimal = new Decimal(step);
  if (stepDecimal.lte(0)) return value;
  return value.div(stepDecimal).round(0, mode).times(stepDecimal);
}

/** Whether `value` is a whole number of `step`s, exactly (decimal arithmetic). */
export function isMultipleOf(value: Decimal, step: Numeric): boolean {
  const stepDecimal = new Decimal(step);
  return stepDecimal.lte(0) || value.mod(stepDecimal).eq(0);
}

/** An amount as the exchange accepts it: truncated to the market's step (ccxt semantics). */
export function amountToPrecision(market: Market, amount: Numeric, exchange = 'core'): string {
  return formatDecimal(roundToStep(toDecimal(amount, 'amount', exchange), market.precision.amount, 'down'));
}

/** A price as the exchange accepts it: rounded to the nearest tick. */
export function priceToPrecision(market: Market, price: Numeric, exchange = 'core'): string {
  return formatDecimal(roundToStep(toDecimal(price, 'price', exchange), market.precision.price, 'nearest'));
}

/**
 * The accepted order value as checkOrderAmount / checkOrderPrice return it, when `value` is a plain
 * positive decimal (or a number that prints as one) within CALLER_DECIMALS, a whole number of
 * `step`, and inside `bounds`, all decided exactly on whole numbers of at most 15 digits. Undefined
 * when any of that does not hold or cannot be settled so: the exact path then decides, and words
 * any refusal. Never a different answer from the exact path (test/precision-fast-path.test.ts).
 */
export function plainOrderValue(value: Numeric, step: number, bounds: Readonly<MinMax>): string | undefined {
  // A number is read as toDecimal reads it: to 15 significant digits, then printed as JS prints it.
  const text = typeof value === 'number' ? String(Number(value.toPrecision(15))) : value;
  if (typeof text !== 'string' || text.length > CALLER_DECIMALS.maxLength) return undefined;
  const plain = PLAIN_DECIMAL.exec(text);
  if (!plain) return undefined;
  const whole = stripLeadingZeros(plain[1] as string);
  const fraction = stripTrailingZeros(plain[2] ?? '');
  if (plainMagnitudeProblem(whole, fraction, CALLER_DECIMALS) !== undefined) return undefined;
  // Steps are numbers (Market.precision); Decimal reads one through String(step), so does this.
  const stepPlain = PLAIN_DECIMAL.exec(String(step));
  if (!stepPlain) return undefined;
  const stepWhole = stripLeadingZeros(stepPlain[1] as string);
  const stepFraction = stripTrailingZeros(stepPlain[2] ?? '');
  // Both as whole numbers at the finer of the two scales: value × 10^scale and step × 10^scale.
  const scale = Math.max(fraction.length, stepFraction.length);
  const scaled = stripLeadingZeros(whole + fraction.padEnd(scale, '0'));
  const scaledStep = stripLeadingZeros(stepWhole + stepFraction.padEnd(scale, '0'));
  if (scaled.length > EXACT_DIGITS || scaledStep.length > EXACT_DIGITS) return undefined;
  const units = Number(scaled);
  const stepUnits = Number(scaledStep);
  if (units === 0) return undefined;
  // A step of zero accepts any value, as isMultipleOf does.
  if (stepUnits !== 0 && units % stepUnits !== 0) return undefined;
  // At most 15 significant digits (scaled has no more): comparing the double is comparing the
  // decimal with the bound's decimal (String(bound), what Decimal reads), since two different
  // decimals of up to 15 digits never round to the same double.
  const number = Number(text);
  const { min, max } = bounds;
  // A bound that is not a finite number is the exact path's to judge (Decimal refuses it).
  if (min !== undefined && !(Number.isFinite(min) && number >= min)) return undefined;
  if (max !== undefined && !(Number.isFinite(max) && number <= max)) return undefined;
  return fraction ? `${whole || '0'}.${fraction}` : whole;
}

function stripLeadingZeros(digits: string): string {
  const first = firstNonZero(digits);
  return first < 0 ? '' : first === 0 ? digits : digits.slice(first);
}

function stripTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 0 && digits.charCodeAt(end - 1) === 48 /* 0 */) end--;
  return end === digits.length ? digits : digits.slice(0, end);
}

/**
 * Checks an order amount against step, minimum and maximum before anything is sent, and returns
 * it as an exact decimal string. The hint names the nearest valid amounts.
 */
export function checkOrderAmount(market: Market, amount: Numeric, exchange: string): string {
  return plainOrderValue(amount, market.precision.amount, market.limits.amount) ?? exactOrderAmount(market, amount, exchange);
}

/** checkOrderAmount by the exact path alone; exported for the test that compares the two. */
export function exactOrderAmount(market: Market, amount: Numeric, exchange: string): string {
  const value = toDecimal(amount, 'amount', exchange);
  const unit = market.amountUnit === 'contracts' ? 'contracts' : market.base;
  const step = market.precision.amount;
  if (value.lte(0)) {
    throw new InvalidOrder({
      exchange,
      message: `amount must be positive, got ${formatDecimal(value)}`,
      orderState: 'not-placed',
      hint: `Pass a positive amount in ${unit}.`,
    });
  }
  if (!isMultipleOf(value, step)) {
    const below = roundToStep(value, step, 'down');
    const above = roundToStep(value, step, 'up');
    throw new InvalidOrder({
      exchange,
      message: `amount ${formatDecimal(value)} ${unit} is not a multiple of the ${market.symbol} step ${formatDecimal(new Decimal(step))}`,
      orderState: 'not-placed',
      hint: `Use ${nearest(below, above)} ${unit}, or round with amountToPrecision('${market.symbol}', amount).`,
    });
  }
  const { min, max } = market.limits.amount;
  if (min !== undefined && value.lt(min)) {
    throw new InvalidOrder({
      exchange,
      message: `amount ${formatDecimal(value)} ${unit} is below the ${market.symbol} minimum of ${min}`,
      orderState: 'not-placed',
      hint: `The smallest order on ${market.symbol} is ${min} ${unit}.`,
    });
  }
  if (max !== undefined && value.gt(max)) {
    throw new InvalidOrder({
      exchange,
      message: `amount ${formatDecimal(value)} ${unit} is above the ${market.symbol} maximum of ${max}`,
      orderState: 'not-placed',
      hint: `Split the order: at most ${max} ${unit} per order on ${market.symbol}.`,
    });
  }
  return formatDecimal(value);
}

/** Checks a limit price against the tick and price limits, returning it as an exact decimal string. */
export function checkOrderPrice(market: Market, price: Numeric, exchange: string): string {
  return plainOrderValue(price, market.precision.price, market.limits.price) ?? exactOrderPrice(market, price, exchange);
}

/** checkOrderPrice by the exact path alone; exported for the test that compares the two. */
export function exactOrderPrice(market: Market, price: Numeric, exchange: string): string {
  const value = toDecimal(price, 'price', exchange);
  if (value.lte(0)) {
    throw new InvalidOrder({
      exchange,
      message: `price must be positive, got ${formatDecimal(value)}`,
      orderState: 'not-placed',
      hint: 'Pass a positive limit price.',
    });
  }
  const tick = market.precision.price;
  if (!isMultipleOf(value, tick)) {
    throw new InvalidOrder({
      exchange,
      message: `price ${formatDecimal(value)} is not a multiple of the ${market.symbol} tick ${formatDecimal(new Decimal(tick))}`,
      orderState: 'not-placed',
      hint: `Use ${formatDecimal(roundToStep(value, tick, 'down'))} or ${formatDecimal(roundToStep(value, tick, 'up'))}, or round with priceToPrecision('${market.symbol}', price).`,
    });
  }
  const { min, max } = market.limits.price;
  if ((min !== undefined && value.lt(min)) || (max !== undefined && value.gt(max))) {
    throw new InvalidOrder({
      exchange,
      message: `price ${formatDecimal(value)} is outside the ${market.symbol} range ${min ?? 0}–${max ?? '∞'}`,
      orderState: 'not-placed',
      hint: 'Quote a price inside the market’s price limits.',
    });
  }
  return formatDecimal(value);
}

/**
 * Unified amount → contracts for linear contracts (`sz = amount / contractSize`); the result must be
 * a whole multiple of `lotSize` contracts, or InvalidOrder names the nearest base amounts.
 */
export function baseToContracts(market: Market, amount: Numeric, lotSize: Numeric, exchange: string): string {
  const value = toDecimal(amount, 'amount', exchange);
  if (market.amountUnit === 'contracts' || !market.contractSize) return formatDecimal(value);
  const contractSize = new Decimal(market.contractSize);
  const contracts = value.div(contractSize);
  if (!isMultipleOf(contracts, lotSize)) {
    const lotInBase = contractSize.times(lotSize);
    throw new InvalidOrder({
      exchange,
      message: `amount ${formatDecimal(value)} ${market.base} is not a whole number of ${market.symbol} lots (${formatDecimal(lotInBase)} ${market.base} each)`,
      orderState: 'not-placed',
      hint: `Use ${nearest(roundToStep(value, lotInBase.toFixed(), 'down'), roundToStep(value, lotInBase.toFixed(), 'up'))} ${market.base}.`,
    });
  }
  return formatDecimal(contracts);
}

/** Contracts → unified amount (base units for linear contracts, unchanged for inverse and spot). */
export function contractsToBase(market: Market, contracts: Numeric): number {
  if (market.amountUnit === 'contracts' || !market.contractSize) return Number(contracts);
  return new Decimal(contracts).times(market.contractSize).toNumber();
}

/** Exact product as a number, for cost = price × amount without float error. */
export function multiply(a: Numeric, b: Numeric): number {
  return new Decimal(a).times(b).toNumber();
}

/** "0.01 or 0.02", or just "0.01" when rounding down would leave nothing. */
function nearest(below: Decimal, above: Decimal): string {
  return below.gt(0) ? `${formatDecimal(below)} or ${formatDecimal(above)}` : formatDecimal(above);
}
