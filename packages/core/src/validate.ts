/** Zod helpers shared by adapters' schemas: wire numbers arrive as strings or numbers. */
import { z } from 'zod';

/** `a.b[2].c: expected string, received number` */
export function formatZodIssue(issue: z.ZodIssue): string {
  const path = issue.path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)),
    '',
  );
  return `${path || '(root)'}: ${issue.message}`;
}

/** A decimal that may come as a JSON number or a string ("0.01", "" for "not applicable"). */
export const numeric = z.union([z.string(), z.number()]);
/** An id that may arrive as a number (WEEX) or string; always a string after parsing. */
export const idString = z.union([z.string(), z.number()]).transform((value) => String(value));

/**
 * An object schema that keeps fields it does not name: exchanges add fields, and `info` on every
 * unified object must carry the payload whole.
 */
export function looseObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).passthrough();
}
