/**
 * The order checks read plain decimals without a Decimal (precision.ts: decimalProblem's plain-text
 * path, plainOrderValue). These hold them to the exact path they stand in for: the same
 * problem for every text, and for every amount or price either no answer (the exact path decides)
 * or the exact path's answer, never an acceptance where the exact path refuses.
 */
import Big from 'big.js';
import fc from 'fast-check';
import {
  CALLER_DECIMALS,
  checkOrderAmount,
  checkOrderPrice,
  decimalProblem,
  exactDecimalProblem,
  exactOrderAmount,
  exactOrderPrice,
  plainOrderValue,
  WIRE_DECIMALS,
} from '../src/precision.js';
import type { Market, Numeric } from '../src/types.js';

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** Plain decimal text as callers write it, leading and trailing zeros included, long runs too. */
const plainText = fc
  .tuple(digits(1, 24), fc.option(digits(1, 24), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));
/** Short plain decimals, where the fast path settles most cases: small whole parts, a few decimals. */
const shortText = fc
  .tuple(fc.stringMatching(/^0{0,2}[0-9]{1,6}$/), fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }))
  .map(([whole, fraction]) => (fraction === undefined ? whole : `${whole}.${fraction}`));
/** Text that is not plain: signs, spaces, exponents, stray points, junk. */
const otherText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc
    .tuple(fc.constantFrom('+', '-', ' ', '', '.'), plainText, fc.constantFrom('', 'e5', 'e-30', ' ', '.', 'x'))
    .map((parts) => parts.join('')),
);
const anyText = fc.oneof(plainText, shortText, otherText);
/** Numbers callers pass: decimals read as doubles, awkward doubles, non-finite ones. */
const numberValue = fc.oneof(
  shortText.map(Number),
  fc.double({ noNaN: false }),
  fc.constantFrom(0.1 + 0.2, 1e-7, 1e21, 1e-19, 5e-324, -1, Number.POSITIVE_INFINITY),
);
/** Steps as markets carry them (numbers): decimal ticks and lots, exponent-printed ones, zero, junk. */
const step = fc.oneof(
  fc.constantFrom(1, 0.1, 0.01, 0.001, 0.000001, 1e-7, 1e-8, 0.5, 2.5, 5, 10, 100, 0.0025, 0, -0.01, Number.NaN),
  shortText.map(Number),
);
/** Bounds: absent, decimals read as doubles, awkward doubles, non-finite ones. */
const bound = fc.option(
  fc.oneof(
    shortText.map(Number),
    fc.double({ noNaN: false }),
    fc.constantFrom(0.30000000000000004, 1e-18, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  ),
  { nil: undefined },
);

function market(amountStep: number, priceStep: number, min?: number, max?: number): Market {
  return {
    id: 'BTCUSDT',
    symbol: 'BTC/USDT',
    base: 'BTC',
    quote: 'USDT',
    type: 'spot',
    spot: true,
    active: true,
    amountUnit: 'base',
    precision: { amount: amountStep, price: priceStep },
    limits: { amount: { min, max }, price: { min, max }, cost: {} },
    info: undefined,
  } as unknown as Market;
}

/** What a check does: its result, or the error it throws (class and message). */
function outcome(check: () => string): { value: string } | { error: string } {
  try {
    return { value: check() };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

describe('decimalProblem without big.js on plain text', () => {
  it('names the same problem as the exact path, for caller and wire limits', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(decimalProblem(text)).toBe(exactDecimalProblem(text));
        expect(decimalProblem(text, WIRE_DECIMALS)).toBe(exactDecimalProblem(text, WIRE_DECIMALS));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps the edges: zero, the smallest and largest magnitudes, the longest text', () => {
    const edges = ['0', '000.000', '0.000000000000000001', '0.0000000000000000001', '99999999999999999999', '100000000000000000000'];
    edges.push('1'.padEnd(CALLER_DECIMALS.maxLength, '0'), '1'.padEnd(CALLER_DECIMALS.maxLength + 1, '0'), `0.${'0'.repeat(400)}1`);
    for (const text of edges) {
      expect(decimalProblem(text)).toBe(exactDecimalProblem(text));
      expect(decimalProblem(text, WIRE_DECIMALS)).toBe(exactDecimalProblem(text, WIRE_DECIMALS));
    }
    expect(decimalProblem('0.0000000000000000001')).toBe('is too small (below 1e-18)');
    expect(decimalProblem('100000000000000000000')).toBeUndefined();
    expect(decimalProblem('1000000000000000000000')).toBe('is too large (1e21 or more)');
  });
});

describe('order amounts and prices without big.js', () => {
  it('answers as the exact path whenever it answers, and otherwise leaves the exact path to decide', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, numberValue), step, step, bound, bound, (value, amountStep, priceStep, min, max) => {
        const m = market(amountStep, priceStep, min, max);
        const exactAmount = outcome(() => exactOrderAmount(m, value, 'test'));
        const exactPrice = outcome(() => exactOrderPrice(m, value, 'test'));
        const fastAmount = plainOrderValue(value, amountStep, m.limits.amount);
        const fastPrice = plainOrderValue(value, priceStep, m.limits.price);
        if (fastAmount !== undefined) expect({ value: fastAmount }).toEqual(exactAmount);
        if (fastPrice !== undefined) expect({ value: fastPrice }).toEqual(exactPrice);
        // And the public checks behave exactly as the exact path, refusals worded the same.
        expect(outcome(() => checkOrderAmount(m, value, 'test'))).toEqual(exactAmount);
        expect(outcome(() => checkOrderPrice(m, value, 'test'))).toEqual(exactPrice);
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees on whole multiples of the step, with bounds at, just below and just above the value', () => {
    // Values the shortcut accepts, so its acceptance itself is compared, bounds on the edge included.
    const steps = [1, 0.1, 0.01, 0.001, 0.000001, 1e-7, 1e-8, 0.5, 2.5, 0.0025, 5, 100];
    const onStep = fc
      .tuple(fc.constantFrom(...steps), fc.integer({ min: 1, max: 10 ** 9 }), fc.nat(3), fc.boolean())
      .map(([stepValue, units, zeros, asNumber]) => {
        const text = new Big(stepValue).times(units).toFixed();
        const padded = `${'0'.repeat(zeros)}${text}${text.includes('.') ? '0'.repeat(zeros) : ''}`;
        return { stepValue, value: asNumber ? Number(text) : padded, exact: Number(text) };
      });
    const edge = (exact: number) =>
      fc.option(fc.constantFrom(exact, exact * (1 + Number.EPSILON), exact * (1 - Number.EPSILON), exact / 2, exact * 2), {
        nil: undefined,
      });
    let answered = 0;
    fc.assert(
      fc.property(
        onStep.chain((sample) => fc.tuple(fc.constant(sample), edge(sample.exact), edge(sample.exact))),
        ([{ stepValue, value }, min, max]) => {
          const m = market(stepValue, stepValue, min, max);
          const fast = plainOrderValue(value, stepValue, m.limits.amount);
          const exact = outcome(() => exactOrderAmount(m, value, 'test'));
          if (fast !== undefined) {
            answered++;
            expect({ value: fast }).toEqual(exact);
          }
          expect(outcome(() => checkOrderAmount(m, value, 'test'))).toEqual(exact);
          expect(outcome(() => checkOrderPrice(m, value, 'test'))).toEqual(outcome(() => exactOrderPrice(m, value, 'test')));
        },
      ),
      { numRuns: 5000 },
    );
    // Many of these are the shortcut's to settle: the comparison above is not vacuous.
    expect(answered).toBeGreaterThan(1000);
  });

  it('settles the everyday cases itself', () => {
    // Not a speed assertion: that the shortcut is taken where it is meant to be.
    const cases: Array<[Numeric, number, string]> = [
      ['0.001', 0.000001, '0.001'],
      ['30000', 0.01, '30000'],
      ['30000.10', 0.01, '30000.1'],
      [0.1 + 0.2, 0.1, '0.3'],
      ['007.50', 0.5, '7.5'],
    ];
    for (const [value, stepValue, expected] of cases) {
      expect(plainOrderValue(value, stepValue, { min: 0.00001, max: 100000 })).toBe(expected);
    }
  });

  it('leaves every refusal to the exact path, with its words', () => {
    const m = market(0.001, 0.5, 0.01, 100);
    for (const value of ['0', '0.0015', '0.001', '1000', '1e-3', ' 1', '-1', Number.NaN]) {
      expect(plainOrderValue(value, 0.001, m.limits.amount)).toBeUndefined();
    }
    expect(() => checkOrderAmount(m, '0.0015', 'test')).toThrow('amount 0.0015 BTC is not a multiple of the BTC/USDT step 0.001');
    expect(() => checkOrderAmount(m, '1000', 'test')).toThrow('amount 1000 BTC is above the BTC/USDT maximum of 100');
    expect(() => checkOrderPrice(m, '10.25', 'test')).toThrow('price 10.25 is not a multiple of the BTC/USDT tick 0.5');
  });
});
