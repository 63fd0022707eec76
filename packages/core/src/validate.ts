/**
 * Zod helpers shared by adapters' schemas: wire numbers arrive as strings or numbers. Schemas are
 * written with `zod/v4/mini`, whose functions a bundler keeps only when used (zod 3's classes came
 * whole, 14 KB gzip of a bundled app); any zod 4 schema (`zod/v4` or the mini one) is accepted.
 */
import type * as zc from 'zod/v4/core';
import { multiplyDecimals, plainDecimal, readDecimal, type WireDecimal } from './numbers.js';
import { decimalProblem, WIRE_DECIMALS } from './precision.js';
import type { OrderBookLevel } from './types.js';
import * as z from './zod.js';

/** A schema as the pipeline and the helpers below take it: any zod 4 schema whose input is unknown. */
export type Schema<T = unknown> = zc.$ZodType<T, unknown>;

/** What a schema reads a value to (zod's `z.infer`). */
export type Infer<S extends zc.$ZodType> = zc.output<S>;

/** The result of `validate`: zod's own. */
export type ValidationResult<T> = { success: true; data: T } | { success: false; error: zc.$ZodError };

/** What a JSON value is, in an issue's words: `null`, `array`, `NaN` as well as `typeof`. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return typeof value;
}

/** A schema type in JSON's words: a tuple is an array on the wire. */
function wireType(type: string): string {
  return type === 'tuple' ? 'array' : type;
}

/** `1 item`, `7 items`. */
function items(count: number | bigint): string {
  return `${count} item${count === 1 ? '' : 's'}`;
}

/** A value as an issue quotes it: short, never a whole payload; an object or array by its kind. */
function quoted(value: unknown): string {
  if (typeof value === 'object' || typeof value === 'function') return kindOf(value);
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The words of one issue, in this library's voice and without zod's locale tables (which a bundle
 * would carry whole): `expected string, received number`. A union that failed on the type alone
 * names every type it accepts.
 */
export function issueMessage(issue: zc.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${wireType(issue.expected)}, received ${kindOf(issue.input)}`;
    case 'invalid_value':
      return `expected ${issue.values.map(quoted).join(' or ')}, received ${quoted(issue.input)}`;
    case 'too_small':
      return boundMessage('at least', issue.minimum, issue.origin, issue.input);
    case 'too_big':
      return boundMessage('at most', issue.maximum, issue.origin, issue.input);
    case 'invalid_union': {
      const expected = issue.errors.map((branch) =>
        branch.length === 1 && branch[0]?.code === 'invalid_type' && branch[0].path.length === 0 ? wireType(branch[0].expected) : undefined,
      );
      if (expected.every((type) => type !== undefined)) return `expected ${expected.join(' or ')}, received ${kindOf(issue.input)}`;
      return `matches none of the shapes accepted here (received ${kindOf(issue.input)})`;
    }
    default:
      return issue.message ?? `is not accepted (${issue.code})`;
  }
}

/**
 * The issue a union's refusal comes down to: the one from the option that got furthest into the
 * value (its first issue with the longest path), under the union's own path, so a ticker that came
 * as an object rather than an array of them reports `lastPrice: …`, not just "no option matched".
 * Unions whose options all refused the type alone keep their own words ("expected string or number").
 */
function deepestIssue(issue: zc.$ZodIssue): zc.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  let best: zc.$ZodIssue | undefined;
  for (const branch of issue.errors) {
    if (branch[0] === undefined) continue;
    const first = deepestIssue(branch[0]);
    if (first.path.length > 0 && (best === undefined || first.path.length > best.path.length)) best = first;
  }
  return best === undefined ? issue : { ...best, path: [...issue.path, ...best.path] };
}

/** `expected at least 2 items, received 1`: a length bound of an array, or a bound of a value. */
function boundMessage(bound: 'at least' | 'at most', limit: number | bigint, origin: string, input: unknown): string {
  if (origin !== 'array') return `expected ${bound} ${limit}, received ${quoted(input)}`;
  return `expected ${bound} ${items(limit)}, received ${Array.isArray(input) ? input.length : kindOf(input)}`;
}

/** `a.b[2].c: expected string, received number` */
export function formatZodIssue(union: zc.$ZodIssue): string {
  const issue = deepestIssue(union);
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
  return `${path || '(root)'}: ${issue.message}`;
}

/** The first issue of a failed parse, with its field path: what a BadResponse message quotes. */
export function formatZodError(error: zc.$ZodError): string {
  const issue = error.issues[0];
  return issue ? formatZodIssue(issue) : 'unknown issue';
}

/** zod's parse with this library's words for its issues (no global configuration touched). */
const PARSE: zc.ParseContext<zc.$ZodIssue> = { error: issueMessage };

/**
 * A decimal that may come as a JSON number or a string ("0.01", "" for "not applicable"), within
 * WIRE_DECIMALS: `"1e400"` (JSON.parse makes it Infinity), a megabyte of digits or `"NaN"` fail
 * validation as BadResponse naming the field, instead of becoming Infinity in a unified object or
 * a million-digit Decimal.
 */
export const numeric = z.custom<string | number>().check((payload) => {
  const value = payload.value;
  if (value === '') return;
  const problem =
    typeof value === 'string' || typeof value === 'number'
      ? decimalProblem(value, WIRE_DECIMALS)
      : `is ${value === undefined ? 'missing' : kindOf(value)}`;
  if (problem !== undefined) payload.issues.push({ code: 'custom', message: `expected a decimal number, but it ${problem}`, input: value });
});
/**
 * What `numeric` accepts, without zod and without a Decimal per value: plain decimals (the book levels,
 * prices and sizes of nearly every reply) are recognised by one scan of their characters; anything
 * else (an exponent, whitespace, a huge number) takes the exact check `numeric` runs.
 */
function isWireDecimal(value: unknown): boolean {
  // Below 1e99 a number stays below WIRE_DECIMALS' 1e100 even rounded to 15 digits.
  if (typeof value === 'number') return (value < 1e99 && value > -1e99) || decimalProblem(value, WIRE_DECIMALS) === undefined;
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
  // Without an exponent, at most 100 characters hold at most 100 whole digits: below 1e100, and
  // far from the smallest double. Longer plain text takes the exact check.
  if (i === length) return digits > 0 && (length <= 100 || decimalProblem(value, WIRE_DECIMALS) === undefined);
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
export const bookLevels = z.array(z.tuple([numeric, numeric], z.unknown()));

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
export const idString = z.pipe(
  z.union([z.string(), z.number()]),
  z.transform((value: string | number) => String(value)),
);

/**
 * An object schema that keeps fields it does not name: exchanges add fields, and `info` on every
 * unified object must carry the payload whole.
 */
export const looseObject = z.looseObject;

/**
 * A schema compiled into a plain structural check, for replies that are large and uniform (a
 * 400-level book, a thousand instruments, candles): zod stays the source of truth, but walking it
 * per value costs more than reading the body. The check accepts exactly what the schema accepts
 * for the schema kinds it knows (strings, numbers, booleans, enums, literals, unions, optional and
 * nullable, arrays with length bounds, tuples, loose objects, and `idString` for ids that are
 * already strings); a schema with anything else — a transform, a refinement, a string pattern — is
 * not compiled and zod runs as before. Whatever the check rejects goes through zod too, so drift
 * reports zod's own issue and field path.
 */
type Check = (value: unknown) => boolean;

const compiled = new WeakMap<Schema, Check | null>();

/** A schema's definition, as zod 4 keeps it. */
type Def = zc.$ZodTypeDef & Record<string, unknown>;
function defOf(schema: Schema): Def {
  return schema._zod.def as Def;
}

/** Checks (refinements, length bounds…) attached to a schema; none on a plain one. */
function checksOf(schema: Schema): readonly zc.$ZodCheck[] {
  return (defOf(schema).checks as zc.$ZodCheck[] | undefined) ?? [];
}

/** A string or number schema without checks or coercion: its output is its input. */
function plain(schema: Schema): boolean {
  return checksOf(schema).length === 0 && !defOf(schema).coerce;
}

/** A finite number, as zod 4's `number()` accepts. */
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);

/** `string | number` without checks: how exchanges send decimals. */
function isWireNumber(schema: Schema): boolean {
  const def = defOf(schema);
  if (def.type !== 'union' || checksOf(schema).length > 0) return false;
  const [first, second, ...rest] = def.options as Schema[];
  return (
    rest.length === 0 &&
    first !== undefined &&
    second !== undefined &&
    defOf(first).type === 'string' &&
    defOf(second).type === 'number' &&
    plain(first) &&
    plain(second)
  );
}

/** An array schema's length bounds, from its checks; undefined when it has a check of another kind. */
function lengthBounds(schema: Schema): { min: number; max: number } | undefined {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const check of checksOf(schema)) {
    const def = check._zod.def as zc.$ZodCheckDef & { minimum?: number; maximum?: number; length?: number };
    if (def.check === 'min_length') min = Math.max(min, def.minimum ?? 0);
    else if (def.check === 'max_length') max = Math.min(max, def.maximum ?? max);
    else if (def.check === 'length_equals') {
      min = Math.max(min, def.length ?? 0);
      max = Math.min(max, def.length ?? max);
    } else return undefined;
  }
  return { min, max };
}

/** Every element of an array passes `item`. */
function everyElement(v: unknown[], item: Check): boolean {
  for (let i = 0; i < v.length; i++) if (!item(v[i])) return false;
  return true;
}

/**
 * Checks that may refuse a value zod accepts (and would change): idString's refuses numeric ids,
 * which zod turns into strings; a tuple's refuses a short array, which zod fills with undefined
 * where the missing items accept it; and so does anything built from them. Refusing is safe where
 * the whole value then goes to zod, but not in a union, where the next option could accept the
 * value as it is while zod's answer is the changed one from the earlier option.
 */
const partialChecks = new WeakSet<Check>();

/** `check`, marked partial when any of the checks it is built from is. */
function builtFrom(check: Check, parts: readonly (Check | undefined)[]): Check {
  if (parts.some((part) => part !== undefined && partialChecks.has(part))) partialChecks.add(check);
  return check;
}

function compile(schema: Schema): Check | undefined {
  // An id that is already a string leaves idString's transform unchanged; a numeric id goes to zod.
  if (schema === idString) {
    const check: Check = (v) => typeof v === 'string';
    partialChecks.add(check);
    return check;
  }
  if (schema === numeric) return isWireDecimal;
  if (schema === bookLevels) return checkBookLevels;
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return plain(schema) ? (v) => typeof v === 'string' : undefined;
    case 'number':
      return plain(schema) ? isNumber : undefined;
    case 'boolean':
      return checksOf(schema).length === 0 ? (v) => typeof v === 'boolean' : undefined;
    case 'unknown':
    case 'any':
      return checksOf(schema).length === 0 ? () => true : undefined;
    case 'literal': {
      const values = new Set<unknown>(def.values as unknown[]);
      return checksOf(schema).length === 0 ? (v) => values.has(v) : undefined;
    }
    case 'enum': {
      const values = new Set<unknown>(Object.values(def.entries as Record<string, unknown>));
      return checksOf(schema).length === 0 ? (v) => values.has(v) : undefined;
    }
    case 'optional': {
      const inner = compile(def.innerType as Schema);
      return inner && builtFrom((v) => v === undefined || inner(v), [inner]);
    }
    case 'nullable': {
      const inner = compile(def.innerType as Schema);
      return inner && builtFrom((v) => v === null || inner(v), [inner]);
    }
    case 'union': {
      if (checksOf(schema).length > 0) return undefined;
      // The common wire number, string | number, as one test.
      if (isWireNumber(schema)) return (v) => typeof v === 'string' || isNumber(v);
      const options = (def.options as Schema[]).map(compile);
      if (options.some((option) => option === undefined)) return undefined;
      const checks = options as Check[];
      // zod takes the first option that accepts: every option but the last must answer exactly.
      if (checks.slice(0, -1).some((check) => partialChecks.has(check))) return undefined;
      return builtFrom((v) => checks.some((check) => check(v)), checks);
    }
    case 'array': {
      const element = def.element as Schema;
      const item = compile(element);
      const bounds = lengthBounds(schema);
      if (!item || !bounds) return undefined;
      const { min, max } = bounds;
      const fits = (v: unknown): v is unknown[] => Array.isArray(v) && v.length >= min && v.length <= max;
      // Book levels and candles: the element test written out, no call per value.
      if (isWireNumber(element)) {
        return (v) => {
          if (!fits(v)) return false;
          for (let i = 0; i < v.length; i++) {
            const value: unknown = v[i];
            if (typeof value !== 'string' && !isNumber(value)) return false;
          }
          return true;
        };
      }
      return builtFrom((v) => fits(v) && everyElement(v, item), [item]);
    }
    case 'tuple': {
      if (checksOf(schema).length > 0) return undefined;
      const items = (def.items as Schema[]).map(compile);
      const rest = def.rest ? compile(def.rest as Schema) : undefined;
      if (items.some((item) => item === undefined) || (def.rest && !rest)) return undefined;
      const checks = items as Check[];
      // Optional trailing items are zod's business: compile only tuples whose items are all required.
      if ((def.items as Schema[]).some((item) => item._zod.optin === 'optional')) return undefined;
      const check: Check = (v) => {
        if (!Array.isArray(v) || v.length < checks.length || (!rest && v.length > checks.length)) return false;
        for (let i = 0; i < checks.length; i++) if (!(checks[i] as Check)(v[i])) return false;
        for (let i = checks.length; i < v.length; i++) if (!(rest as Check)(v[i])) return false;
        return true;
      };
      const built = builtFrom(check, [...checks, rest]);
      if ((def.items as Schema[]).some((item) => z.safeParse(item, undefined).success)) partialChecks.add(built);
      return built;
    }
    case 'object': {
      // Only loose objects come out of zod equal to what went in.
      const catchall = def.catchall as Schema | undefined;
      if (!catchall || defOf(catchall).type !== 'unknown' || checksOf(schema).length > 0) return undefined;
      const shape = def.shape as Record<string, Schema>;
      const keys = Object.keys(shape);
      const checks: Check[] = [];
      for (const key of keys) {
        const check = compile(shape[key] as Schema);
        if (!check) return undefined;
        checks.push(check);
      }
      const check: Check = (v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
        const record = v as Record<string, unknown>;
        for (let i = 0; i < keys.length; i++) if (!(checks[i] as Check)(record[keys[i] as string])) return false;
        return true;
      };
      return builtFrom(check, checks);
    }
    default:
      return undefined;
  }
}

/** The compiled check of a schema (memoized), or undefined when zod must run. */
export function compiledCheck(schema: Schema): Check | undefined {
  let check = compiled.get(schema);
  if (check === undefined) {
    check = compile(schema) ?? null;
    compiled.set(schema, check);
  }
  return check ?? undefined;
}

/**
 * `schema.safeParse`, through the compiled check where the schema allows one: a value the check
 * accepts is returned as it is (zod would return an equal copy); anything else is parsed by zod,
 * whose issues then read in this library's words (`issueMessage`).
 */
export function validate<T>(schema: Schema<T>, value: unknown): ValidationResult<T> {
  const check = compiledCheck(schema);
  if (check?.(value)) return { success: true, data: value as T };
  return z.safeParse(schema, value, PARSE) as ValidationResult<T>;
}

/**
 * A value parsed by `schema`, or an Error whose message is the first issue with its field path
 * (`data[0].px: expected a decimal number…`): how stream handlers read a push row.
 */
export function parseWire<T>(schema: Schema<T>, value: unknown): T {
  const result = validate(schema, value);
  if (!result.success) throw new Error(formatZodError(result.error));
  return result.data;
}
