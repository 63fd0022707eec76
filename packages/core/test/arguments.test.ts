/**
 * The argument checks on their own, with generated hostile values: every check either accepts a
 * value or throws one of our typed errors (never a TypeError, never a hang), and what it accepts
 * is what the method can use. fast-check prints the seed and the shrunk counterexample on failure.
 */
import fc from 'fast-check';
import {
  CALLER_DECIMALS,
  checkLimit,
  checkNumeric,
  checkOrderId,
  checkParams,
  checkRawRequest,
  checkSince,
  checkSymbol,
  checkTimeframe,
  decimalProblem,
  describeValue,
  MAX_TIMESTAMP_MS,
  ownValue,
  readOrderRequest,
  readRecord,
  toDecimal,
  WIRE_DECIMALS,
} from '../src/adapter.js';
import { isExchangeError, TIMEFRAME_MS } from '../src/index.js';

/** One seed, so every run checks the same cases; FC_SEED=<n> replays a reported seed, FC_SEED=random explores. */
fc.configureGlobal({ seed: process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED ?? 20261201) });

/** Values a careless or hostile caller passes: everything fast-check makes, plus the classics. */
const hostile = fc.oneof(
  fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    Number.MAX_VALUE,
    '1e-999999',
    '1e99999999999',
    'constructor',
    'toString',
    '__proto__',
    'hasOwnProperty',
    '',
    ' ',
    'NaN',
    'true',
    [],
    {},
    Symbol('x'),
    () => 1,
    'x'.repeat(1 << 20),
  ),
);

/** Runs `check`; returns 'ok', or the error kind; anything not ours fails the property. */
function outcome(check: () => unknown): string {
  try {
    check();
    return 'ok';
  } catch (error) {
    if (!isExchangeError(error)) throw error;
    return error.kind;
  }
}

describe('argument checks with generated hostile values', () => {
  it('accept or refuse with a typed error, and accept only what the method can use', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        if (outcome(() => checkSymbol(value, 'symbol', 'test')) === 'ok')
          expect(typeof value === 'string' && value.length <= 64).toBe(true);
        if (outcome(() => checkOrderId(value, 'id', 'test')) === 'ok') expect(value).toMatch(/^[A-Za-z0-9_.:-]{1,64}$/);
        if (outcome(() => checkSince(value, 'since', 'test')) === 'ok') {
          expect(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_TIMESTAMP_MS).toBe(true);
        }
        if (outcome(() => checkLimit(value, 'limit', 'test')) === 'ok')
          expect(Number.isInteger(value) && (value as number) >= 1).toBe(true);
        if (outcome(() => checkTimeframe(value, 'timeframe', 'test')) === 'ok') expect(Object.keys(TIMEFRAME_MS)).toContain(value);
        if (outcome(() => checkNumeric(value, 'amount', 'test')) === 'ok')
          expect(toDecimal(value as string, 'amount').e).toBeLessThanOrEqual(20);
        outcome(() => readRecord(value, 'options', 'test', ['a']));
        outcome(() => checkParams(value, 'params', 'test', { owned: ['sz'], encoding: 'form' }));
        outcome(() => checkRawRequest(value, 'test'));
        outcome(() => readOrderRequest('test', value));
        expect(typeof describeValue(value)).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('never lets a prototype key through a table lookup', () => {
    const table: Record<string, number> = { '1m': 1 };
    for (const key of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty']) expect(ownValue(table, key)).toBeUndefined();
    expect(ownValue(table, '1m')).toBe(1);
    expect(outcome(() => checkTimeframe('constructor', 'timeframe', 'test'))).toBe('BadRequest');
  });

  it('bounds decimal text before a Decimal is made of it, whatever the exponent or length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -999, max: 999 }),
        fc.oneof(fc.integer({ min: -30, max: 30 }), fc.integer({ min: -1e12, max: 1e12 })),
        fc.boolean(),
        (mantissa, exponent, asString) => {
          const value = asString ? `${mantissa}e${exponent}` : mantissa * 10 ** exponent;
          const kind = outcome(() => toDecimal(value, 'amount', 'test'));
          if (kind === 'ok') {
            const decimal = toDecimal(value, 'amount', 'test');
            expect(decimal.eq(0) || (decimal.e >= CALLER_DECIMALS.minExponent && decimal.e <= CALLER_DECIMALS.maxExponent)).toBe(true);
            expect(decimal.toFixed().length).toBeLessThan(64);
          } else {
            expect(kind).toBe('BadRequest');
          }
        },
      ),
      { numRuns: 1000 },
    );
    for (const text of ['1e-999999', '1e99999999999', '1e999999', `1${'0'.repeat(1 << 20)}`]) {
      expect(outcome(() => toDecimal(text, 'price', 'test'))).toBe('BadRequest');
    }
  });

  it('reads replies in a wider range than callers may write, but never Infinity', () => {
    expect(decimalProblem('1e-20', WIRE_DECIMALS)).toBeUndefined();
    expect(decimalProblem('1e-20')).toMatch(/too small/);
    expect(decimalProblem('1e400', WIRE_DECIMALS)).toMatch(/not a finite number/);
    expect(decimalProblem(Number.POSITIVE_INFINITY, WIRE_DECIMALS)).toMatch(/not a finite number/);
    expect(decimalProblem('9'.repeat(129), WIRE_DECIMALS)).toMatch(/longer than 128/);
  });

  it('quotes a short value whole and only describes a long one, so a pasted secret is never half-shown', () => {
    const secret = 'S'.repeat(80);
    expect(describeValue(secret)).toBe('a string of 80 characters');
    expect(describeValue('BTC/USDT')).toBe('"BTC/USDT"');
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    expect(describeValue(revoked.proxy)).toBe('an instance of a class');
    expect(outcome(() => readRecord(revoked.proxy, 'options', 'test', undefined))).toBe('BadRequest');
  });

  it('refuses params that would override the adapter’s own wire fields, in any letter case', () => {
    const rules = { owned: ['clOrdId', 'sz'], encoding: 'json' as const };
    expect(outcome(() => checkParams({ clOrdId: 'x' }, 'params', 'test', rules))).toBe('BadRequest');
    expect(outcome(() => checkParams({ SZ: '1' }, 'params', 'test', rules))).toBe('BadRequest');
    expect(outcome(() => checkParams('abc', 'params', 'test', rules))).toBe('BadRequest');
    expect(outcome(() => checkParams(['a'], 'params', 'test', rules))).toBe('BadRequest');
    expect(outcome(() => checkParams({ tag: { nested: [1, 'a'] } }, 'params', 'test', rules))).toBe('ok');
    expect(outcome(() => checkParams({ tag: { nested: [1, 'a'] } }, 'params', 'test', { ...rules, encoding: 'form' }))).toBe('BadRequest');
    expect(outcome(() => checkParams({ px: Number.NaN }, 'params', 'test', rules))).toBe('BadRequest');
    expect(outcome(() => checkParams({ px: 1n }, 'params', 'test', rules))).toBe('BadRequest');
    expect(checkParams({ tag: 'a', gone: null }, 'params', 'test', rules)).toEqual({ tag: 'a' });
  });
});
