/**
 * How an error message shows a value the caller passed. Short strings are quoted whole and long
 * ones only described: a credential pasted into the wrong argument is then either quoted whole,
 * so the redactor masks it, or not at all — never cut to a prefix the redactor cannot recognise.
 * Describing never calls user code (no toString, no getters), so it cannot throw.
 */
const MAX_QUOTED = 64;

/**
 * A short, safe description of any value for error messages (`the string "abc"`, `NaN`, `an object`),
 * never its full content.
 */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length <= MAX_QUOTED ? JSON.stringify(value) : `a string of ${value.length} characters`;
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return 'a bigint';
    case 'boolean':
      return String(value);
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      if (isArray(value)) return 'an array';
      return isPlainObject(value) ? 'an object' : `an instance of ${className(value as object)}`;
  }
}

/** `{}` or `Object.create(null)`: what JSON and object literals make, not class instances, arrays or boxed primitives. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    if (Array.isArray(value)) return false;
    const prototype: unknown = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
  } catch {
    // A revoked Proxy throws from both.
    return false;
  }
}

function className(value: object): string {
  try {
    const name: unknown = Object.getPrototypeOf(value)?.constructor?.name;
    return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,40}$/.test(name) ? name : 'a class';
  } catch {
    // A Proxy may throw from getPrototypeOf.
    return 'a class';
  }
}

function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}
