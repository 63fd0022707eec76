/**
 * Decimal stands in for big.js, which the library used before it: every operation is held to
 * big.js's answer (with its defaults: 20 decimal places, half-up) on generated decimals, and a few
 * literal cases show the behaviour a reader can check by hand.
 */
import Big from 'big.js';
import fc from 'fast-check';
import { Decimal, type DecimalValue, type RoundingMode } from '../src/decimal.js';

fc.configureGlobal({ seed: process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED ?? 20261202) });

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));

/**
 * Decimal text as callers pass it: a sign, leading and trailing zeros, a point with digits on
 * either side or one only, and an exponent, so magnitudes run from 1e-324 to 1e99 (WIRE_DECIMALS)
 * and beyond a little.
 */
const decimalText = fc
  .record({
    sign: fc.constantFrom('', '', '-', '+'),
    whole: digits(0, 24),
    fraction: fc.option(digits(0, 24), { nil: undefined }),
    exponent: fc.option(
      fc
        .tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 330 }))
        .map(([e, sign, n]) => `${e}${sign}${n}`),
      { nil: undefined, freq: 3 },
    ),
  })
  .filter(({ whole, fraction }) => whole.length > 0 || (fraction?.length ?? 0) > 0)
  .map(({ sign, whole, fraction, exponent }) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}${exponent ?? ''}`);

/** Numbers callers pass: float noise, integers past 2^53, tiny and huge, both zeros. */
const decimalNumber = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e99, max: 1e99 }),
  fc.tuple(fc.integer({ min: -999999, max: 999999 }), fc.integer({ min: 0, max: 9 })).map(([units, places]) => units / 10 ** places),
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number),
  fc.constantFrom(0.1 + 0.2, 1.1 * 3, 2 ** 53 + 2, 1e21, 1e-7, 1.5e-7, 5e-324, 9.99e98, -0, 0),
);

/** Prices, sizes and steps as they are: short decimals, where rounding and halves land. */
const shortText = fc
  .tuple(fc.constantFrom('', '-'), digits(1, 6), fc.option(digits(1, 8), { nil: undefined }))
  .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`);

const value: fc.Arbitrary<string | number> = fc.oneof(decimalText, decimalNumber, shortText);

/** The same value for big.js, which refuses a leading "+". */
const bigOf = (input: DecimalValue): Big =>
  new Big(typeof input === 'string' ? input.replace(/^\+/, '') : input instanceof Decimal ? input.toFixed() : input);

const isZero = (input: string | number) => new Big(typeof input === 'string' ? input.replace(/^\+/, '') : input).eq(0);
const nonZero = value.filter((input) => !isZero(input));

const BIG_MODE: Record<RoundingMode, Big.RoundingMode> = { down: Big.roundDown, nearest: Big.roundHalfUp, up: Big.roundUp };

/** An operand as a Decimal, as text or as a number: the arithmetic takes each. */
const asOperand = (input: string | number, kind: number): DecimalValue => (kind === 0 ? new Decimal(input) : input);

describe('Decimal against big.js', () => {
  it('reads text and numbers to the same value: toFixed, e and Number(toPrecision(15))', () => {
    fc.assert(
      fc.property(value, (input) => {
        const ours = new Decimal(input);
        const reference = bigOf(input);
        expect(ours.toFixed()).toBe(reference.toFixed());
        expect(ours.e).toBe(reference.e);
        expect(Number(ours.toPrecision(15))).toBe(Number(reference.toPrecision(15)));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the number of its exact value: toNumber is Number(toFixed()), of sums and products too', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        const x = new Decimal(a);
        expect(x.toNumber()).toBe(Number(bigOf(a).toFixed()));
        expect(x.times(b).toNumber()).toBe(Number(bigOf(a).times(bigOf(b)).toFixed()));
        expect(x.plus(b).toNumber()).toBe(Number(bigOf(a).plus(bigOf(b)).toFixed()));
      }),
      { numRuns: 1200 },
    );
  });

  it('adds, subtracts and multiplies exactly', () => {
    fc.assert(
      fc.property(value, value, fc.integer({ min: 0, max: 1 }), (a, b, kind) => {
        const x = new Decimal(a);
        const y = asOperand(b, kind);
        expect(x.plus(y).toFixed()).toBe(bigOf(a).plus(bigOf(b)).toFixed());
        expect(x.minus(y).toFixed()).toBe(bigOf(a).minus(bigOf(b)).toFixed());
        const product = x.times(y);
        expect(product.toFixed()).toBe(bigOf(a).times(bigOf(b)).toFixed());
        expect(product.e).toBe(bigOf(a).times(bigOf(b)).e);
      }),
      { numRuns: 1200 },
    );
  });

  it('divides to 20 places, half-up, at every scale', () => {
    const divisor = fc.oneof(nonZero, fc.constantFrom('3', '7', '-3', '65000.1', '0.000123', '1e-30', '3e30', '2e21', '1.5e20', 0.1, 97.3));
    fc.assert(
      fc.property(value, divisor, fc.integer({ min: 0, max: 1 }), (a, b, kind) => {
        const quotient = new Decimal(a).div(asOperand(b, kind));
        const reference = bigOf(a).div(bigOf(b));
        expect(quotient.toFixed()).toBe(reference.toFixed());
        expect(Number(quotient.toPrecision(15))).toBe(Number(reference.toPrecision(15)));
      }),
      { numRuns: 1200 },
    );
  });

  it('takes inverse prices as OKEx v1 does: 1/entry − 1/mark', () => {
    fc.assert(
      fc.property(shortText, shortText, (entry, mark) => {
        fc.pre(new Big(entry).gt(0) && new Big(mark).gt(0));
        const ours = new Decimal(1).div(entry).minus(new Decimal(1).div(mark));
        expect(ours.toFixed()).toBe(new Big(1).div(entry).minus(new Big(1).div(mark)).toFixed());
      }),
      { numRuns: 600 },
    );
  });

  it('rounds in each mode, at halves and at any number of places', () => {
    const half = fc
      .tuple(fc.constantFrom('', '-'), digits(1, 5), digits(0, 6))
      .map(([sign, whole, fraction]) => ({ text: `${sign}${whole}.${fraction}5`, places: fraction.length }));
    const mode = fc.constantFrom<RoundingMode>('down', 'nearest', 'up');
    fc.assert(
      fc.property(half, mode, ({ text, places }, rounding) => {
        expect(new Decimal(text).round(places, rounding).toFixed()).toBe(new Big(text).round(places, BIG_MODE[rounding]).toFixed());
      }),
      { numRuns: 600 },
    );
    fc.assert(
      fc.property(value, fc.integer({ min: -5, max: 30 }), mode, (input, places, rounding) => {
        const ours = new Decimal(input).round(places, rounding);
        const reference = bigOf(input).round(places, BIG_MODE[rounding]);
        expect(ours.toFixed()).toBe(reference.toFixed());
        expect(ours.e).toBe(reference.e);
        expect(new Decimal(input).round().toFixed()).toBe(bigOf(input).round().toFixed());
      }),
      { numRuns: 1200 },
    );
  });

  it('takes the remainder with the sign of the dividend', () => {
    fc.assert(
      fc.property(value, nonZero, fc.integer({ min: 0, max: 1 }), (a, b, kind) => {
        expect(new Decimal(a).mod(asOperand(b, kind)).toFixed()).toBe(bigOf(a).mod(bigOf(b)).toFixed());
      }),
      { numRuns: 1200 },
    );
    fc.assert(
      fc.property(shortText, shortText, (a, b) => {
        fc.pre(!new Big(b).eq(0));
        expect(new Decimal(a).mod(b).toFixed()).toBe(new Big(a).mod(b).toFixed());
      }),
      { numRuns: 600 },
    );
  });

  it('compares as big.js does, zeros of either sign equal', () => {
    const near = fc.oneof(value, fc.constantFrom('0', '-0', '0.0', '-0e5', 0, -0, '1', '1.0', '1.00e0', '-1'));
    fc.assert(
      fc.property(near, near, fc.integer({ min: 0, max: 1 }), (a, b, kind) => {
        const x = new Decimal(a);
        const y = asOperand(b, kind);
        const reference = bigOf(a);
        expect(x.cmp(y)).toBe(reference.cmp(bigOf(b)));
        expect([x.eq(y), x.gt(y), x.gte(y), x.lt(y), x.lte(y)]).toEqual([
          reference.eq(bigOf(b)),
          reference.gt(bigOf(b)),
          reference.gte(bigOf(b)),
          reference.lt(bigOf(b)),
          reference.lte(bigOf(b)),
        ]);
      }),
      { numRuns: 1200 },
    );
  });

  it('gives the absolute value', () => {
    fc.assert(
      fc.property(value, (input) => {
        expect(new Decimal(input).abs().toFixed()).toBe(bigOf(input).abs().toFixed());
      }),
      { numRuns: 300 },
    );
  });
});

describe('Decimal by hand', () => {
  it('adds 0.1 and 0.2 to 0.3', () => {
    expect(new Decimal(0.1).plus(0.2).toFixed()).toBe('0.3');
    expect(new Decimal('0.1').plus('0.2').eq('0.3')).toBe(true);
  });

  it('divides to 20 decimal places, the last rounded half-up', () => {
    expect(new Decimal(1).div(3).toFixed()).toBe('0.33333333333333333333');
    expect(new Decimal(2).div(3).toFixed()).toBe('0.66666666666666666667');
    expect(new Decimal(-2).div(3).toFixed()).toBe('-0.66666666666666666667');
    expect(new Decimal(1).div('4e21').toFixed()).toBe('0');
    expect(new Decimal(1).div('2e20').toFixed()).toBe('0.00000000000000000001');
    expect(Number(new Decimal(1).div(7).toPrecision(15))).toBe(0.142857142857143);
  });

  it('rounds half away from zero, down toward zero and up away from zero', () => {
    expect(new Decimal('2.5').round(0, 'nearest').toFixed()).toBe('3');
    expect(new Decimal('-2.5').round(0, 'nearest').toFixed()).toBe('-3');
    expect(new Decimal('-2.5').round().toFixed()).toBe('-3');
    expect(new Decimal('-2.49').round(0, 'nearest').toFixed()).toBe('-2');
    expect(new Decimal('-2.9').round(0, 'down').toFixed()).toBe('-2');
    expect(new Decimal('-2.1').round(0, 'up').toFixed()).toBe('-3');
    expect(new Decimal('0.0123').round(2, 'up').toFixed()).toBe('0.02');
    expect(new Decimal('-0.4').round(0, 'nearest').toFixed()).toBe('0');
  });

  it('keeps the sign of the dividend in mod', () => {
    expect(new Decimal(-7).mod(3).toFixed()).toBe('-1');
    expect(new Decimal(7).mod(-3).toFixed()).toBe('1');
    expect(new Decimal('0.3').mod('0.1').eq(0)).toBe(true);
    expect(new Decimal('2').mod('5').toFixed()).toBe('2');
  });

  it('prints plain notation without trailing zeros, and never "-0"', () => {
    expect(new Decimal('1.500e3').toFixed()).toBe('1500');
    expect(new Decimal('+0012.3400').toFixed()).toBe('12.34');
    expect(new Decimal(1e-7).toFixed()).toBe('0.0000001');
    expect(new Decimal(1e21).toFixed()).toBe('1000000000000000000000');
    expect(new Decimal('-0').toFixed()).toBe('0');
    expect(new Decimal('-1').times(0).toFixed()).toBe('0');
    expect(`${new Decimal('.50')}`).toBe('0.5');
    expect(JSON.stringify({ price: new Decimal('65000.10') })).toBe('{"price":"65000.1"}');
  });

  it('reads integers past 2^53 exactly', () => {
    expect(new Decimal('9007199254740993').plus(1).toFixed()).toBe('9007199254740994');
    expect(new Decimal(2 ** 64).toFixed()).toBe('18446744073709552000');
  });

  it('gives the exponent of the leading digit, 0 for zero', () => {
    expect(new Decimal('0.001').e).toBe(-3);
    expect(new Decimal('999').e).toBe(2);
    expect(new Decimal('1e-18').e).toBe(-18);
    expect(new Decimal('0.000').e).toBe(0);
    expect(new Decimal('9.99').plus('0.01').e).toBe(1);
  });

  it('reads an absurd exponent to a number at once, without writing its digits out', () => {
    // toFixed() of 1e999999999 would be a gigabyte of zeros (a RangeError); the number is Infinity.
    expect(new Decimal('1e999999999').toNumber()).toBe(Number.POSITIVE_INFINITY);
    expect(new Decimal('-2.5e999999999').toNumber()).toBe(Number.NEGATIVE_INFINITY);
    expect(new Decimal('1e-999999999').toNumber()).toBe(0);
    expect(new Decimal('1e500').times('1e-499').toNumber()).toBe(10);
    expect(Object.is(new Decimal('-0').toNumber(), 0)).toBe(true);
  });

  it('is immutable', () => {
    const price = new Decimal('1.5');
    price.plus(1);
    price.times(2);
    price.round(0, 'up');
    expect(price.toFixed()).toBe('1.5');
  });

  it('refuses what is not a decimal, and division by zero', () => {
    for (const bad of ['', '.', '-', '1e', 'e5', '1.2.3', ' 1', '1 ', '0x10', 'abc', '--1', '1e+-2'])
      expect(() => new Decimal(bad)).toThrow(TypeError);
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) expect(() => new Decimal(bad)).toThrow(TypeError);
    expect(() => new Decimal(1).div(0)).toThrow(RangeError);
    expect(() => new Decimal(1).mod('-0')).toThrow(RangeError);
  });

  it('does not quote the refused text (it may be a secret passed by mistake)', () => {
    expect(() => new Decimal('sk-live-0123456789')).toThrow(/^Decimal: not a decimal number$/);
  });
});
