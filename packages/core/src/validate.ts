/** Zod helpers shared by adapters' schemas: wire numbers arrive as strings or numbers. */
import { z } from 'zod';
import { decimalProblem, WIRE_DECIMALS } from './precision.js';

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
/** An id that may arrive as a number (WEEX) or string; always a string after parsing. */
export const idString = z.union([z.string(), z.number()]).transform((value) => String(value));

/**
 * An object schema that keeps fields it does not name: exchanges add fields, and `info` on every
 * unified object must carry the payload whole.
 */
export function looseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).passthrough();
}
