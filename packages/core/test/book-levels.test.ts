/**
 * `bookLevels` and `readBookLevels`: the compiled check of a book side validates and reads each
 * price and size in one pass and hands the levels to the normalizer. It must accept exactly what
 * the schema accepts, and what the normalizer gets must be exactly what reading the same levels
 * without the check gives (validateResponses: false), so the fused pass changes no result.
 */
import Big from 'big.js';
import fc from 'fast-check';
import type * as zc from 'zod/v4/core';
import * as z from 'zod/v4/mini';
import {
  bookLevels,
  compiledCheck,
  formatZodIssue,
  looseObject,
  multiplyDecimals,
  numeric,
  readBookLevels,
  readDecimal,
  validate,
  type WireLevel,
} from '../src/adapter.js';

const check = compiledCheck(bookLevels);

/** What reading one side means, written out per level from readDecimal and multiplyDecimals. */
function expectedSide(levels: readonly WireLevel[], sizeMultiplier?: string | number): Array<[number, number]> {
  const side: Array<[number, number]> = [];
  for (const [price, size] of levels) {
    const p = readDecimal(price);
    const s =
      sizeMultiplier === undefined
        ? readDecimal(size)
        : readDecimal(size) === undefined
          ? undefined
          : multiplyDecimals(size, sizeMultiplier);
    if (p !== undefined && s !== undefined) side.push([p, s]);
  }
  return side;
}

/** Prices and sizes as exchanges send them, plain and unusual. */
const goodValue = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^-?\d{1,7}(\.\d{1,9})?$/) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('', '0', '-0', '+5', '.5', '5.', ' 7', '1e-7', '2E3', '0.000000000000000000000001', '9007199254740993'),
  },
  { weight: 1, arbitrary: fc.double({ min: -1e98, max: 1e98, noNaN: true }) },
  { weight: 1, arbitrary: fc.integer() },
);
/** … and as they should never arrive. */
const badValue = fc.oneof(
  fc.constantFrom(
    '1e400',
    '-1e400',
    '1e100',
    'NaN',
    'Infinity',
    '.',
    '-',
    '+',
    '0x10',
    '1,5',
    '1.2.3',
    '9'.repeat(129),
    null,
    true,
    {},
    [],
  ),
  fc.double({ min: 1e100, max: Number.MAX_VALUE, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.anything(),
);
const goodLevel = fc
  .tuple(goodValue, goodValue, fc.array(fc.anything(), { maxLength: 2 }))
  .map(([price, size, rest]) => [price, size, ...rest]);
const anyLevel = fc.oneof(
  { weight: 4, arbitrary: goodLevel },
  { weight: 1, arbitrary: fc.array(fc.oneof(goodValue, badValue), { maxLength: 4 }) },
  { weight: 1, arbitrary: badValue },
);
const side = fc.oneof({ weight: 8, arbitrary: fc.array(anyLevel, { maxLength: 8 }) }, { weight: 1, arbitrary: fc.anything() });

describe('bookLevels, the wire schema of a book side', () => {
  it('compiles to the fused check', () => {
    expect(check).toBeDefined();
  });

  it('accepts exactly what zod accepts', () => {
    fc.assert(
      fc.property(side, (value) => {
        expect({ value, compiled: check?.(value) }).toEqual({ value, compiled: bookLevels.safeParse(value).success });
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('declares price and size only: what follows them is kept unread', () => {
    const levels = [['65000.1', '0.5', 'deprecated', { orders: 3 }]];
    expect(check?.(levels)).toBe(true);
    expect(bookLevels.safeParse(levels).success).toBe(true);
    expect(check?.([['65000.1']])).toBe(false);
    expect(check?.([['65000.1', '1e400', '0', '3']])).toBe(false);
  });
});

/**
 * The exact path the fused reader replaces: big.js reads the text exactly, then one rounding to a
 * double (a wire number first to 15 significant digits, as the schema reads it). No fast reader in
 * between, so a disagreement is the fused scan's own.
 */
function exact(value: string | number, sizeMultiplier?: string): number | undefined {
  try {
    const text = typeof value === 'number' ? String(Number(value.toPrecision(15))) : value.trim().replace(/^\+/, '');
    if (!/^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
    const decimal = new Big(text);
    return Number((sizeMultiplier === undefined ? decimal : decimal.times(sizeMultiplier)).toFixed());
  } catch {
    return undefined;
  }
}

/** Plain decimals of every length the scan distinguishes: around 2^53 in digits, up to 24 places. */
const plainText = fc
  .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,20}$/), fc.option(fc.stringMatching(/^\d{0,24}$/), { nil: undefined }))
  .filter(([, whole, fraction]) => whole.length + (fraction?.length ?? 0) > 0)
  .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === undefined ? '' : `.${fraction}`}`);

describe('the fused reader against the exact decimal path', () => {
  it('reads every plain decimal, short or past what a double holds, to big.js’s number', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plainText, plainText), { minLength: 1, maxLength: 16 }), (pairs) => {
        const levels: WireLevel[] = pairs.map(([price, size]) => [price, size, '0', '3']);
        expect(check?.(levels)).toBe(true);
        const read = readBookLevels(levels);
        const expected = pairs
          .map(([price, size]) => [exact(price), exact(size)])
          .filter((level): level is [number, number] => level[0] !== undefined && level[1] !== undefined);
        expect(read).toEqual(expected);
        // toEqual treats 0 and -0 alike; the exact path writes no negative zero, nor may the scan.
        for (const [price, size] of read) expect([Object.is(price, -0), Object.is(size, -0)]).toEqual([false, false]);
      }),
      { numRuns: 2000, seed: 34 },
    );
  });

  it('multiplies sizes by a contract value to big.js’s product', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(plainText, plainText), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('0.01', '0.1', '10', '0.0001', '100'),
        (pairs, multiplier) => {
          const levels: WireLevel[] = pairs.map(([price, size]) => [price, size]);
          expect(check?.(levels)).toBe(true);
          const expected = pairs
            .map(([price, size]) => [exact(price), exact(size, multiplier)])
            .filter((level): level is [number, number] => level[0] !== undefined && level[1] !== undefined);
          expect(readBookLevels(levels, multiplier)).toEqual(expected);
        },
      ),
      { numRuns: 1000, seed: 55 },
    );
  });

  it('reads recorded-shape levels at the 2^53 edge exactly', () => {
    const levels: WireLevel[] = [
      ['9007199254740991', '900719925474099.1'],
      ['9007199254740993', '90071992547409.93'],
      ['-0.000000000000000000000001', '12345678901234567890.5'],
      ['-0', '0.0'],
    ];
    expect(check?.(levels)).toBe(true);
    expect(readBookLevels(levels)).toEqual(levels.map(([price, size]) => [exact(price as string), exact(size as string)]));
  });
});

describe('readBookLevels', () => {
  it('reads what the check accepted to the same numbers as reading without it, finite only', () => {
    fc.assert(
      fc.property(fc.array(goodLevel, { maxLength: 12 }), fc.constantFrom(undefined, '0.01', '100', 0.1), (levels, multiplier) => {
        expect(check?.(levels)).toBe(true);
        const wire = levels as unknown as WireLevel[];
        const fused = readBookLevels(wire, multiplier);
        const unchecked = readBookLevels(structuredClone(wire), multiplier);
        expect(fused).toEqual(unchecked);
        expect(fused).toEqual(expectedSide(wire, multiplier));
        for (const [price, size] of fused) expect([Number.isFinite(price), Number.isFinite(size)]).toEqual([true, true]);
      }),
      { numRuns: 3000, seed: 21 },
    );
  });

  it('reads exponents, padded and signed text through the exact path, to readDecimal’s numbers', () => {
    const levels: WireLevel[] = [
      ['1e-7', ' 5 '],
      ['+5', 2.5],
      ['0.000000000000000000000001', '9007199254740993'],
      [65000.12345678901, '3'],
    ];
    expect(check?.(levels)).toBe(true);
    expect(readBookLevels(levels)).toEqual([
      [1e-7, 5],
      [5, 2.5],
      [1e-24, 9007199254740992],
      [65000.123456789, 3],
    ]);
  });

  it('leaves out levels whose price or size is "" (not applicable)', () => {
    const levels: WireLevel[] = [
      ['1', ''],
      ['', '2'],
      ['3', '4'],
    ];
    expect(check?.(levels)).toBe(true);
    expect(readBookLevels(levels)).toEqual([[3, 4]]);
  });

  it('multiplies sizes exactly from the wire text, not from the number read', () => {
    const levels: WireLevel[] = [
      ['41006.8', '0.1'],
      ['41007', '3'],
    ];
    expect(check?.(levels)).toBe(true);
    // 0.1 × 0.01 in doubles is 0.0010000000000000002.
    expect(readBookLevels(levels, '0.01')).toEqual([
      [41006.8, 0.001],
      [41007, 0.03],
    ]);
  });

  it('hands the levels over once: a second read of the same array builds new levels', () => {
    const levels: WireLevel[] = [['1', '2']];
    expect(check?.(levels)).toBe(true);
    const first = readBookLevels(levels);
    first[0]?.splice(0, 2, 9, 9);
    expect(readBookLevels(levels)).toEqual([[1, 2]]);
  });
});

describe('drift in a book reply', () => {
  const reply = looseObject({ code: z.string(), data: z.array(looseObject({ asks: bookLevels, bids: bookLevels, ts: numeric })) });
  const book = () => ({
    code: '0',
    data: [
      {
        asks: [
          ['65000.2', '1.5', '0', '3'],
          ['65000.3', '0.25', '0', '1'],
        ],
        bids: [['64999.9', '2', '0', '4']],
        ts: '1700000000000',
      },
    ],
  });
  const issueOf = (body: unknown) => {
    const result = validate(reply, body);
    return result.success ? undefined : formatZodIssue(result.error.issues[0] as zc.$ZodIssue);
  };

  it.each([
    ['1e400', 'data[0].asks[1][1]: expected a decimal number, but it is not a finite number'],
    ['NaN', 'data[0].asks[1][1]: expected a decimal number, but it is not a decimal number'],
    ['9'.repeat(1_000_000), 'data[0].asks[1][1]: expected a decimal number, but it is longer than 128 characters'],
    [Number.POSITIVE_INFINITY, 'data[0].asks[1][1]: expected a decimal number, but it is not a finite number'],
    [true, 'data[0].asks[1][1]: expected a decimal number, but it is boolean'],
  ])('names the field of a size %#', (size, issue) => {
    const body = book();
    (body.data[0]?.asks[1] as unknown[])[1] = size;
    expect(issueOf(body)).toBe(issue);
  });

  it('names a level that lost its size, and a level that is not an array', () => {
    const short = book();
    short.data[0]?.bids.push(['64999.8']);
    expect(issueOf(short)).toBe('data[0].bids[1][1]: expected a decimal number, but it is missing');
    const flat = book();
    (flat.data[0] as { asks: unknown[] }).asks[0] = '65000.2';
    expect(issueOf(flat)).toMatch(/^data\[0\]\.asks\[0\]: expected array, received string$/);
  });

  it('accepts the recorded shape and keeps the body as it came', () => {
    const body = book();
    const result = validate(reply, body);
    expect(result.success && result.data).toBe(body);
  });
});
