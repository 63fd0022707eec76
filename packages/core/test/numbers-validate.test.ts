import Big from 'big.js';
import fc from 'fast-check';
import * as z from 'zod/v4/mini';
import {
  compiledCheck,
  formatZodError,
  idString,
  looseObject,
  multiplyDecimals,
  numeric,
  parseWire,
  readDecimal,
  validate,
} from '../src/adapter.js';

/** What the read path computed before: an exact decimal, then a number (a leading "+", which big.js refuses, read as the schema reads it). */
function viaBig(value: string | number): number | undefined {
  try {
    const text = typeof value === 'number' ? String(Number(value.toPrecision(15))) : value.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
    return Number(new Big(text.replace(/^\+/, '')).toFixed());
  } catch {
    return undefined;
  }
}

/** A deterministic stream of awkward decimals: long, short, signed, exponent, padded, junk. */
function* decimals(count: number): Generator<string> {
  let state = 7;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const fixed = [
    '0',
    '-0',
    '1.',
    '.5',
    '-.5',
    '.',
    '-',
    '+5',
    '+0.25',
    '+1e5',
    ' 5',
    '5 ',
    '1e5',
    '1E-7',
    '0x10',
    '0b1',
    'Infinity',
    'NaN',
    '1_000',
    '1.2.3',
    '9007199254740993',
    '900719925474099.3',
    '0.30000000000000004',
    '123456789012345678901234567890',
    '0.00000000000000000000001',
  ];
  yield* fixed;
  for (let i = 0; i < count; i++) {
    const digits = Math.floor(next() * 20) + 1;
    let text = '';
    for (let d = 0; d < digits; d++) text += Math.floor(next() * 10);
    const point = Math.floor(next() * (digits + 2));
    if (point <= digits) text = `${text.slice(0, point)}.${text.slice(point)}`;
    if (next() < 0.3) text = `-${text}`;
    yield text;
  }
}

describe('read-path numbers', () => {
  it('reads every decimal exactly as the big.js path did, and refuses what it refused', () => {
    const differing = [...decimals(20_000)].filter((text) => !Object.is(readDecimal(text), viaBig(text)));
    expect(differing).toEqual([]);
    for (const value of [0.1 + 0.2, 1e21, -5e-7, 65000.1]) expect(readDecimal(value)).toBe(viaBig(value));
    expect(readDecimal('')).toBeUndefined();
    expect([readDecimal('+5'), readDecimal('+.5'), readDecimal('+1e2'), readDecimal('+')]).toEqual([5, 0.5, 100, undefined]);
    expect(readDecimal(null)).toBeUndefined();
    expect(readDecimal(undefined)).toBeUndefined();
  });

  it('reads a reply value with an absurd exponent (validation off) as the number it is, not a RangeError', () => {
    expect(readDecimal('1e999999999')).toBe(Number.POSITIVE_INFINITY);
    expect(readDecimal('-1e-999999999')).toBe(-0);
    expect(multiplyDecimals('1e999999999', '2')).toBe(Number.POSITIVE_INFINITY);
  });

  it('multiplies exactly, as big.js did', () => {
    const sizes = [...decimals(3_000)].filter((text) => viaBig(text) !== undefined);
    const differing = sizes.filter((size, index) => {
      const factor = [0.01, 1, 10, 0.0001, 100, 1e-7, 0.1][index % 7] as number;
      return !Object.is(multiplyDecimals(size, factor), Number(new Big(size.trim().replace(/^\+/, '')).times(factor).toFixed()));
    });
    expect(differing).toEqual([]);
    expect(multiplyDecimals('0.1', '3')).toBe(0.3);
    expect(multiplyDecimals('', 2)).toBeUndefined();
    expect(multiplyDecimals('abc', 2)).toBeUndefined();
  });
});

describe('compiled validation', () => {
  const level = z.array(numeric).check(z.minLength(2));
  const book = looseObject({
    asks: z.array(level),
    bids: z.array(level),
    ts: numeric,
    seqId: z.optional(numeric),
    side: z.nullish(z.enum(['buy', 'sell'])),
  });
  const reply = looseObject({ code: z.union([z.string(), z.number()]), data: z.array(book) });

  it('accepts what zod accepts and returns the value itself', () => {
    const body = { code: '0', data: [{ asks: [['1', '2', '0', '3']], bids: [[1, 2]], ts: '5', extra: { kept: true } }] };
    expect(compiledCheck(reply)).toBeDefined();
    const result = validate(reply, body);
    expect(result).toEqual({ success: true, data: body });
    expect(result.success && result.data).toBe(body);
    expect(reply.parse(body)).toEqual(body);
  });

  it('reports drift with zod’s own issue and field path', () => {
    const body = {
      code: '0',
      data: [
        {
          asks: [['1', '2']],
          bids: [
            ['1', '2'],
            ['3', true],
          ],
          ts: '5',
        },
      ],
    };
    const result = validate(reply, body);
    expect(result.success).toBe(false);
    if (!result.success) expect(result.error.issues[0]).toMatchObject({ path: ['data', 0, 'bids', 1, 1] });
    const short = validate(reply, { code: '0', data: [{ asks: [['1']], bids: [], ts: 1 }] });
    expect(short.success || short.error.issues[0]?.path).toEqual(['data', 0, 'asks', 0]);
  });

  it('leaves schemas with transforms, refinements or stripped keys to zod', () => {
    expect(compiledCheck(z.object({ a: z.string() }))).toBeUndefined();
    expect(compiledCheck(looseObject({ id: z.pipe(z.union([z.string(), z.number()]), z.transform(String)) }))).toBeUndefined();
    expect(compiledCheck(z.string().check(z.minLength(1)))).toBeUndefined();
    const transformed = looseObject({ id: z.pipe(z.union([z.string(), z.number()]), z.transform(String)) });
    expect(validate(transformed, { id: 5 })).toEqual({ success: true, data: { id: '5' } });
  });

  it('passes string ids through the compiled check and numeric ids through idString', () => {
    const ack = looseObject({ ordId: z.optional(idString), sCode: idString });
    expect(compiledCheck(ack)).toBeDefined();
    const asStrings = { ordId: '702345678901234567', sCode: '0' };
    expect(validate(ack, asStrings)).toEqual({ success: true, data: asStrings });
    expect(validate(ack, { ordId: 12, sCode: 0 })).toEqual({ success: true, data: { ordId: '12', sCode: '0' } });
  });
});

describe('drift in our words (no zod locale in the bundle)', () => {
  const order = looseObject({
    code: z.union([z.string(), z.number()]),
    data: z
      .array(
        looseObject({
          ordId: idString,
          side: z.enum(['buy', 'sell']),
          state: z.literal('live'),
          levels: z.optional(z.array(z.tuple([numeric, numeric]))),
          tags: z.optional(z.array(z.string()).check(z.minLength(2))),
        }),
      )
      .check(z.minLength(1)),
  });
  const good = { ordId: '1', side: 'buy', state: 'live' };
  const issue = (body: unknown) => {
    const result = validate(order, body);
    return result.success ? 'accepted' : formatZodError(result.error);
  };

  it.each([
    [{ code: true, data: [good] }, 'code: expected string or number, received boolean'],
    [{ code: '0', data: 'x' }, 'data: expected array, received string'],
    [{ code: '0', data: [] }, 'data: expected at least 1 item, received 0'],
    [{ code: '0', data: [{ ...good, ordId: null }] }, 'data[0].ordId: expected string or number, received null'],
    [{ code: '0', data: [{ ...good, side: 'long' }] }, 'data[0].side: expected "buy" or "sell", received "long"'],
    [{ code: '0', data: [{ ...good, state: 'filled' }] }, 'data[0].state: expected "live", received "filled"'],
    [{ code: '0', data: [{ ...good, levels: [['1', {}]] }] }, 'data[0].levels[0][1]: expected a decimal number, but it is object'],
    [{ code: '0', data: [{ ...good, levels: [['1']] }] }, 'data[0].levels[0][1]: expected a decimal number, but it is missing'],
    [{ code: '0', data: [{ ...good, tags: ['a'] }] }, 'data[0].tags: expected at least 2 items, received 1'],
    [{ code: '0', data: [{ ...good, ordId: 5, extra: { kept: true } }] }, 'accepted'],
  ])('names the field and what was wrong %#', (body, expected) => {
    expect(issue(body)).toBe(expected);
  });

  it('names the field where a union of shapes failed, through the option that got furthest', () => {
    const tickers = z.union([z.array(looseObject({ last: numeric })), looseObject({ last: numeric })]);
    const wrapped = looseObject({ data: z.union([z.string(), tickers]) });
    const refused = validate(wrapped, { data: { last: 'NaN' } });
    expect(refused.success || formatZodError(refused.error)).toBe('data.last: expected a decimal number, but it is not a decimal number');
    const inArray = validate(tickers, [{ last: '1' }, { last: true }]);
    expect(inArray.success || formatZodError(inArray.error)).toBe('[1].last: expected a decimal number, but it is boolean');
  });

  it('reads a push row or throws the first issue with its path', () => {
    expect(parseWire(order, { code: 0, data: [good] })).toEqual({ code: 0, data: [good] });
    expect(() => parseWire(order, { code: 0, data: [{ ...good, side: 1 }] })).toThrow(
      new Error('data[0].side: expected "buy" or "sell", received 1'),
    );
  });
});

describe('the compiled check of numeric (a wire decimal)', () => {
  const fastCheck = compiledCheck(numeric);
  const agrees = (value: unknown) =>
    expect({ value, compiled: fastCheck?.(value) }).toEqual({ value, compiled: numeric.safeParse(value).success });

  it('compiles, so a 400-level book never reaches zod or big.js', () => {
    expect(fastCheck).toBeDefined();
  });

  it.each([
    '',
    '0',
    '-1.5',
    '+.5',
    '.',
    '5.',
    '+',
    '-',
    '1e400',
    '1e-400',
    '1e-3',
    ' 1',
    '1 ',
    '0x10',
    'NaN',
    'Infinity',
    '1,5',
    '--1',
    '9'.repeat(128),
    '9'.repeat(129),
    '9'.repeat(99),
    '9'.repeat(100),
    `-${'9'.repeat(100)}`,
    `1${'0'.repeat(100)}`,
    `${'0'.repeat(60)}${'9'.repeat(60)}`,
    `${'9'.repeat(100)}.5`,
    '1e99',
    '9.99e99',
    '1e100',
    // The largest doubles below 1e99 and 1e100 (written as text: as literals they read as rounded).
    Number.parseFloat('9.999999999999999e98'),
    Number.parseFloat('9.999999999999999e99'),
    1e99,
    1e100,
    -1e100,
    `0.${'0'.repeat(126)}`,
    1e308,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    Number.POSITIVE_INFINITY,
    Number.NaN,
    5e-324,
    0,
    null,
    true,
  ])('accepts exactly what the schema accepts: %p', (value) => agrees(value));

  it('refuses a googol or more, so a product of three wire values stays finite', () => {
    expect(fastCheck?.(`9${'9'.repeat(98)}`)).toBe(true);
    expect(fastCheck?.(`1${'0'.repeat(100)}`)).toBe(false);
    expect(fastCheck?.(-1e100)).toBe(false);
    const issue = validate(looseObject({ sz: numeric }), { sz: 1.7e308 });
    expect(issue.success || formatZodError(issue.error)).toBe('sz: expected a decimal number, but it is too large (1e100 or more)');
  });

  it('agrees with the schema on generated decimal-like strings', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ +\-.0-9eE]{0,12}$/), (text) => {
        agrees(text);
      }),
      { numRuns: 2000, seed: 7 },
    );
    // Around the bound: long plain numbers, with or without a sign, a point and leading zeros.
    fc.assert(
      fc.property(fc.stringMatching(/^[+-]?0{0,3}[1-9]\d{95,102}(\.\d{0,3})?$/), (text) => {
        agrees(text);
      }),
      { numRuns: 1000, seed: 7 },
    );
    fc.assert(
      fc.property(fc.double({ min: 1e97, max: 1e101, noNaN: true }), (value) => {
        agrees(value);
        agrees(-value);
      }),
      { numRuns: 1000, seed: 7 },
    );
  });
});
