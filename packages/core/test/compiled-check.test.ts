/**
 * The compiled check of a schema must accept exactly what zod accepts, for every kind of schema it
 * compiles, and hand back the value zod would have returned. Schemas are generated from those kinds
 * (nested objects, unions, tuples, arrays with bounds, optional and nullable, the wire helpers),
 * and values near their shape: right, wrong in one place, or anything at all.
 */
import fc from 'fast-check';
import * as z from 'zod/v4/mini';
import { compiledCheck, idString, looseObject, numeric, type Schema, validate } from '../src/adapter.js';

/** A schema with an arbitrary that makes values of its shape (not always valid ones). */
interface Case {
  schema: Schema;
  value: fc.Arbitrary<unknown>;
  /**
   * The compiled check, if any, refuses only what zod refuses. Not so where zod changes a value
   * (idString given a number; a short tuple filled with undefined where its items accept it): the
   * check refuses those, and zod answers instead.
   */
  exact: boolean;
  /** How it was built, for a failure's report. */
  name: string;
}

/** A case as fast-check prints a counterexample: its name, not zod's internals. */
function named(c: Case): Case {
  return Object.assign(c, { [fc.toStringMethod]: () => c.name });
}

function acceptsUndefined(c: Case): boolean {
  return z.safeParse(c.schema, undefined).success;
}

const junk = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '', 'x', '1e400', '12.5'),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
const wireNumber = fc.oneof(fc.double(), fc.stringMatching(/^-?\d{1,6}(\.\d{1,4})?$/), fc.constantFrom('', ' 1', 'NaN', '1e5'));

const leaf: fc.Arbitrary<Case> = fc
  .constantFrom<Case>(
    { name: 'string', schema: z.string(), value: fc.oneof(fc.string({ maxLength: 4 }), junk), exact: true },
    { name: 'number', schema: z.number(), value: fc.oneof(fc.double(), junk), exact: true },
    { name: 'boolean', schema: z.boolean(), value: fc.oneof(fc.boolean(), junk), exact: true },
    { name: 'unknown', schema: z.unknown(), value: junk, exact: true },
    { name: 'literal', schema: z.literal('live'), value: fc.oneof(fc.constantFrom('live', 'Live', 'dead'), junk), exact: true },
    { name: 'enum', schema: z.enum(['buy', 'sell']), value: fc.oneof(fc.constantFrom('buy', 'sell', 'long'), junk), exact: true },
    { name: 'string|number', schema: z.union([z.string(), z.number()]), value: fc.oneof(wireNumber, junk), exact: true },
    { name: 'numeric', schema: numeric, value: fc.oneof(wireNumber, junk), exact: true },
    { name: 'idString', schema: idString, value: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), junk), exact: false },
  )
  .map(named);

const cases: fc.Arbitrary<Case> = fc.letrec<{ node: Case }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('node').map((inner) =>
      named({
        name: `optional(${inner.name})`,
        schema: z.optional(inner.schema),
        value: fc.oneof(inner.value, fc.constant(undefined)),
        exact: inner.exact,
      }),
    ),
    tie('node').map((inner) =>
      named({
        name: `nullable(${inner.name})`,
        schema: z.nullable(inner.schema),
        value: fc.oneof(inner.value, fc.constant(null)),
        exact: inner.exact,
      }),
    ),
    fc.tuple(tie('node'), fc.nat(2), fc.option(fc.nat(3), { nil: undefined })).map(([inner, min, extra]) => {
      const max = extra === undefined ? undefined : min + extra;
      const checks = [z.minLength(min), ...(max === undefined ? [] : [z.maxLength(max)])];
      return named({
        name: `array(${inner.name}, ${min}..${max ?? ''})`,
        schema: z.array(inner.schema).check(...checks),
        value: fc.oneof({ weight: 4, arbitrary: fc.array(inner.value, { maxLength: 5 }) }, { weight: 1, arbitrary: junk }),
        exact: inner.exact,
      });
    }),
    fc.tuple(tie('node'), tie('node'), fc.boolean()).map(([first, second, rest]) =>
      named({
        name: `tuple(${first.name}, ${second.name}${rest ? ', ...unknown' : ''})`,
        schema: rest ? z.tuple([first.schema, second.schema], z.unknown()) : z.tuple([first.schema, second.schema]),
        value: fc.oneof(
          { weight: 4, arbitrary: fc.tuple(first.value, second.value).chain((pair) => fc.constantFrom(pair, [...pair, 'x'], [pair[0]])) },
          { weight: 1, arbitrary: junk },
        ),
        exact: first.exact && second.exact && !acceptsUndefined(first) && !acceptsUndefined(second),
      }),
    ),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) =>
      named({
        name: `union(${a.name}, ${b.name})`,
        schema: z.union([a.schema, b.schema]),
        value: fc.oneof(a.value, b.value),
        exact: a.exact && b.exact,
      }),
    ),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) =>
      named({
        name: `looseObject({ a: ${a.name}, b: ${b.name} })`,
        schema: looseObject({ a: a.schema, b: b.schema }),
        value: fc.oneof(
          { weight: 4, arbitrary: fc.record({ a: a.value, b: b.value, extra: junk }, { requiredKeys: ['extra'] }) },
          { weight: 1, arbitrary: junk },
        ),
        exact: a.exact && b.exact,
      }),
    ),
  ),
})).node;

describe('the compiled check of a generated schema', () => {
  it('accepts only what zod accepts, and returns what zod returns', () => {
    let compiledCount = 0;
    fc.assert(
      fc.property(
        cases.chain((c) => fc.tuple(fc.constant(c), fc.array(c.value, { minLength: 1, maxLength: 8 }))),
        ([c, values]) => {
          const check = compiledCheck(c.schema);
          if (check) compiledCount++;
          for (const value of values) {
            const zod = z.safeParse(c.schema, value);
            if (check?.(value)) {
              expect({ value, zod: zod.success }).toEqual({ value, zod: true });
              expect(zod.success && zod.data).toEqual(value);
            } else if (check && c.exact) {
              // An exact check refuses only what zod refuses.
              expect({ value, zod: zod.success }).toEqual({ value, zod: false });
            }
            // validate() answers as zod does whichever way it went.
            const result = validate(c.schema, value);
            expect(result.success).toBe(zod.success);
            if (result.success && zod.success) expect(result.data).toEqual(zod.data);
          }
        },
      ),
      { numRuns: 2_000, seed: 42 },
    );
    // Most generated schemas are made of compiled kinds only: the property is about the check.
    expect(compiledCount).toBeGreaterThan(1_000);
  });

  it('does not compile what zod would change or refine', () => {
    expect(compiledCheck(z.object({ a: z.string() }))).toBeUndefined();
    expect(compiledCheck(z.strictObject({ a: z.string() }))).toBeUndefined();
    expect(compiledCheck(z.string().check(z.regex(/^\d+$/)))).toBeUndefined();
    expect(compiledCheck(z.array(z.string()).check(z.refine((rows) => rows.length % 2 === 0)))).toBeUndefined();
    expect(
      compiledCheck(
        z.pipe(
          z.string(),
          z.transform((text) => text.trim()),
        ),
      ),
    ).toBeUndefined();
    expect(compiledCheck(z.tuple([z.string(), z.optional(z.string())]))).toBeUndefined();
    expect(compiledCheck(z._default(z.string(), 'x'))).toBeUndefined();
  });
});
