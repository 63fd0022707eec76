/** Zod helpers shared by adapters' schemas: wire numbers arrive as strings or numbers. */
import { z } from 'zod';
import { multiplyDecimals, plainDecimal, readDecimal, type WireDecimal } from './numbers.js';
import { decimalProblem, WIRE_DECIMALS } from './precision.js';
import type { OrderBookLevel } from './types.js';

/** `a.b[2].c: expected string, received number` */
export function formatZodIssue(issue: z.ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
  return `${path || '(root)'}: ${issue.message}`;
}

/**
 * A decimal that may come as a JSON number or a string ("0.01", "" for "not applicable"), within
 * WIRE_DECIMALS: `"1e400"` (JSON.parse makes it Infinity), a megabyte of digits or `"NaN"` fail
 * validation as BadResponse naming the field, instead of becoming Infinity in a unified object or
 * spinning big.js.
 */
export const numeric = z.union([z.string(), z.number()]).superRefine((value, context) => {
  if (value === '') return;
  const problem = decimalProblem(value, WIRE_DECIMALS);
  if (problem !== undefined) context.addIssue({ code: z.ZodIssueCode.custom, message: `expected a decimal number, but it ${problem}` });
});
/**
 * What `numeric` accepts, without zod and without a Big per value: plain decimals (the book levels,
 * prices and sizes of nearly every reply) are recognised by one scan of their characters; anything
 * else (an exponent, whitespace, a huge number) takes the exact check `numeric` runs.
 */
function isWireDecimal(value: unknown): boolean {
  if (typeof value === 'number') return (value < 1e300 && value > -1e300) || decimalProblem(value, WIRE_DECIMALS) === undefined;
  if (typeof value !== 'string') return false;
  const length = value.length;
  if (length === 0) return true;
  if (length > WIRE_DECIMALS.maxLength) return false;
  let i = 0;
  let code = value.charCodeAt(0);
  if (code === 43 || code === 45) i++; // + or -
  let digits = 0;
  let dot = false;
  for (; i < length; i++) {
    code = value.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46 && !dot) dot = true;
    else break;
  }
  // At most 128 characters without an exponent: finite, and far from the smallest double.
  if (i === length) return digits > 0;
  return decimalProblem(value, WIRE_DECIMALS) === undefined;
}

/**
 * One side of an order book on the wire: levels `[price, size, …]`, price and size wire decimals.
 * What follows them is not read (OKX adds a deprecated "0" and an order count) and, like any field
 * a schema does not declare, stays in `info` unchecked. A schema like any other, so drift is
 * reported by zod with its field path (`data[0].asks[3][1]: expected a decimal number…`); but its
 * compiled check is one fused pass. Scanning a plain decimal's characters both validates it and
 * yields its number, so the check keeps the levels it read and `readBookLevels` hands them to the
 * normalizer: a 400-level book is scanned once, not once to validate and again to convert.
 */
export const bookLevels = z.array(z.tuple([numeric, numeric]).rest(z.unknown()));

/** A level as `bookLevels` declares it. */
export type WireLevel = readonly [price: WireDecimal, size: WireDecimal, ...rest: unknown[]];

/** The levels the compiled check of `bookLevels` read, by the array it checked; `blank` when some price or size was "". */
interface LevelsRead {
  levels: OrderBookLevel[];
  blank: boolean;
}
const levelsRead = new WeakMap<object, LevelsRead>();

/**
 * A wire decimal's number, as `readDecimal` reads it (NaN for "", "not applicable"), or undefined
 * when `numeric` refuses the value. A plain decimal is read by one scan; anything else (an
 * exponent, spaces, more digits than a double holds) takes the exact check and the exact read.
 */
function wireValue(value: unknown): number | undefined {
  if (typeof value === 'string' && value.length <= WIRE_DECIMALS.maxLength) {
    const number = plainDecimal(value);
    if (!Number.isNaN(number)) return number;
    if (value === '') return Number.NaN;
  }
  if (!isWireDecimal(value)) return undefined;
  return readDecimal(value as string | number) ?? Number.NaN;
}

/** The compiled check of `bookLevels`: accepts exactly what the schema accepts, and keeps the levels it read. */
function checkBookLevels(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  const count = value.length;
  const levels: OrderBookLevel[] = new Array(count);
  let blank = false;
  for (let i = 0; i < count; i++) {
    const level: unknown = value[i];
    if (!Array.isArray(level) || level.length < 2) return false;
    const price = wireValue(level[0]);
    const size = wireValue(level[1]);
    if (price === undefined || size === undefined) return false;
    if (Number.isNaN(price) || Number.isNaN(size)) blank = true;
    levels[i] = [price, size];
  }
  levelsRead.set(value, { levels, blank });
  return true;
}

/**
 * A book side as unified levels `[price, size]`, in wire order; a level whose price or size is ""
 * (not applicable) or unreadable is left out. `sizeMultiplier` turns wire sizes into base units
 * exactly (contracts × contract value). When the reply went through the compiled check of
 * `bookLevels`, the levels it read are taken over (once: a second call reads again); otherwise
 * (validation off) each value is read here, to the same numbers.
 */
export function readBookLevels(levels: readonly WireLevel[], sizeMultiplier?: WireDecimal): OrderBookLevel[] {
  const read = levelsRead.get(levels);
  const count = levels.length;
  if (read !== undefined) {
    levelsRead.delete(levels);
    if (read.levels.length === count) {
      if (sizeMultiplier === undefined && !read.blank) return read.levels;
      return keptLevels(read.levels, levels, sizeMultiplier);
    }
  }
  const side: OrderBookLevel[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const level = levels[i] as WireLevel;
    side[i] = [readDecimal(level[0]) ?? Number.NaN, readDecimal(level[1]) ?? Number.NaN];
  }
  return keptLevels(side, levels, sizeMultiplier);
}

/** The readable levels of `side` (NaN marks what was not), sizes multiplied from the wire text when asked. */
function keptLevels(side: OrderBookLevel[], levels: readonly WireLevel[], sizeMultiplier: WireDecimal | undefined): OrderBookLevel[] {
  let kept = 0;
  for (let i = 0; i < side.length; i++) {
    const level = side[i] as OrderBookLevel;
    if (Number.isNaN(level[0]) || Number.isNaN(level[1])) continue;
    if (sizeMultiplier !== undefined) {
      const size = multiplyDecimals((levels[i] as WireLevel)[1], sizeMultiplier);
      if (size === undefined) continue;
      level[1] = size;
    }
    side[kept++] = level;
  }
  side.length = kept;
  return side;
}

/** An id that may arrive as a number (WEEX) or string; always a string after parsing. */
export const idString = z.union([z.string(), z.number()]).transform((value) => String(value));

/**
 * An object schema that keeps fields it does not name: exchanges add fields, and `info` on every
 * unified object must carry the payload whole.
 */
export function looseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).passthrough();
}

/**
 * A schema compiled into a plain structural check, for replies that are large and uniform (a
 * 400-level book, a thousand instruments, candles): zod stays the source of truth, but walking it
 * per value costs more than reading the body. The check accepts exactly what the schema accepts
 * for the schema kinds it knows (strings, numbers, booleans, enums, literals, unions, optional and
 * nullable, arrays with length bounds, passthrough objects, and `idString` for ids that are already
 * strings); a schema with anything else — a transform, a refinement, a string pattern — is not
 * compiled and zod runs as before. Whatever the
 * check rejects goes through zod too, so drift reports zod's own issue and field path.
 */
type Check = (value: unknown) => boolean;

const compiled = new WeakMap<z.ZodTypeAny, Check | null>();

/** A string or number schema without checks or coercion: its output is its input. */
function plain(schema: z.ZodString | z.ZodNumber): boolean {
  return schema._def.checks.length === 0 && !schema._def.coerce;
}

/** `string | number` without checks: how exchanges send decimals. */
function isWireNumber(schema: z.ZodTypeAny): boolean {
  if (!(schema instanceof z.ZodUnion)) return false;
  const [first, second, ...rest] = schema._def.options as z.ZodTypeAny[];
  return rest.length === 0 && first instanceof z.ZodString && second instanceof z.ZodNumber && plain(first) && plain(second);
}

function compile(schema: z.ZodTypeAny): Check | undefined {
  // An id that is already a string leaves idString's transform unchanged; a numeric id goes to zod.
  if (schema === idString) return (v) => typeof v === 'string';
  if (schema === numeric) return isWireDecimal;
  if (schema === bookLevels) return checkBookLevels;
  if (schema instanceof z.ZodString) return plain(schema) ? (v) => typeof v === 'string' : undefined;
  if (schema instanceof z.ZodNumber) return plain(schema) ? (v) => typeof v === 'number' && !Number.isNaN(v) : undefined;
  if (schema instanceof z.ZodBoolean) return (v) => typeof v === 'boolean';
  if (schema instanceof z.ZodUnknown || schema instanceof z.ZodAny) return () => true;
  if (schema instanceof z.ZodLiteral) {
    const literal: unknown = schema._def.value;
    return (v) => v === literal;
  }
  if (schema instanceof z.ZodEnum) {
    const values = new Set<unknown>(schema._def.values as string[]);
    return (v) => values.has(v);
  }
  if (schema instanceof z.ZodOptional) {
    const inner = compile(schema._def.innerType);
    return inner && ((v) => v === undefined || inner(v));
  }
  if (schema instanceof z.ZodNullable) {
    const inner = compile(schema._def.innerType);
    return inner && ((v) => v === null || inner(v));
  }
  if (schema instanceof z.ZodUnion) {
    const options = (schema._def.options as z.ZodTypeAny[]).map(compile);
    if (options.some((option) => option === undefined)) return undefined;
    const checks = options as Check[];
    // The common wire number, string | number, as one test.
    if (isWireNumber(schema)) return (v) => typeof v === 'string' || (typeof v === 'number' && !Number.isNaN(v));
    return (v) => checks.some((check) => check(v));
  }
  if (schema instanceof z.ZodArray) {
    const item = compile(schema._def.type);
    if (!item) return undefined;
    const min = schema._def.minLength?.value ?? 0;
    const max = schema._def.maxLength?.value ?? Number.POSITIVE_INFINITY;
    const exact = schema._def.exactLength?.value;
    if (schema._def.type === numeric) {
      // Book levels and candles: the element test written out, no call per value for zod.
      return (v) => {
        if (!Array.isArray(v) || v.length < min || v.length > max || (exact !== undefined && v.length !== exact)) return false;
        for (let i = 0; i < v.length; i++) if (!isWireDecimal(v[i])) return false;
        return true;
      };
    }
    if (isWireNumber(schema._def.type)) {
      // Book levels and candles: the element test written out, no call per value.
      return (v) => {
        if (!Array.isArray(v) || v.length < min || v.length > max || (exact !== undefined && v.length !== exact)) return false;
        for (let i = 0; i < v.length; i++) {
          const element: unknown = v[i];
          if (typeof element !== 'string' && (typeof element !== 'number' || Number.isNaN(element))) return false;
        }
        return true;
      };
    }
    return (v) => {
      if (!Array.isArray(v) || v.length < min || v.length > max || (exact !== undefined && v.length !== exact)) return false;
      for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
      return true;
    };
  }
  if (schema instanceof z.ZodObject) {
    // Only passthrough objects come out of zod equal to what went in.
    if (schema._def.unknownKeys !== 'passthrough' || !(schema._def.catchall instanceof z.ZodNever)) return undefined;
    const shape = schema.shape as z.ZodRawShape;
    const keys = Object.keys(shape);
    const checks: Check[] = [];
    for (const key of keys) {
      const check = compile(shape[key] as z.ZodTypeAny);
      if (!check) return undefined;
      checks.push(check);
    }
    return (v) => {
      if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
      const record = v as Record<string, unknown>;
      for (let i = 0; i < keys.length; i++) if (!(checks[i] as Check)(record[keys[i] as string])) return false;
      return true;
    };
  }
  return undefined;
}

/** The compiled check of a schema (memoized), or undefined when zod must run. */
export function compiledCheck(schema: z.ZodTypeAny): Check | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

/**
 * `schema.safeParse`, through the compiled check where the schema allows one: a value the check
 * accepts is returned as it is (zod would return an equal copy); anything else is parsed by zod.
 */
export function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, value: unknown): z.SafeParseReturnType<unknown, T> {
  const check = compiledCheck(schema as z.ZodTypeAny);
  if (check?.(value)) return { success: true, data: value as T };
  return schema.safeParse(value);
}
