/**
 * JSON in and out, exactly. Replies must put big integers on the wire unquoted (WEEX sends 18-digit
 * ids as JSON numbers, protocols/weex.md §0) and prices as numbers where OKEx v1 does, so the
 * serializer writes `RawNumber` text verbatim. Request bodies are parsed losslessly, so a client
 * that sends `"sz": 0.30000000000000004` is seen doing exactly that.
 */
import { isLosslessNumber, parse } from 'lossless-json';

/** A JSON number written exactly as given (no float round trip). */
export class RawNumber {
  constructor(readonly text: string) {}
}

export function num(text: string | number | bigint): RawNumber {
  return new RawNumber(String(text));
}

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | RawNumber
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue | undefined };

export function toJson(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJson(item)).join(',')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, JsonValue | undefined>)) {
    if (item === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${toJson(item)}`);
  }
  return `{${parts.join(',')}}`;
}

/** A parsed request value: numbers keep their source text. */
export type WireValue = string | boolean | null | WireNumber | WireValue[] | { [key: string]: WireValue };

export class WireNumber {
  constructor(readonly text: string) {}
}

function convert(value: unknown): WireValue {
  if (isLosslessNumber(value)) return new WireNumber(value.value);
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const [key, item] of Object.entries(value)) out[key] = convert(item);
    return out;
  }
  return value as WireValue;
}

/** Parses request JSON; undefined when the text is not JSON. */
export function parseWireJson(text: string): WireValue | undefined {
  try {
    return convert(parse(text));
  } catch {
    return undefined;
  }
}

export function isWireObject(value: WireValue | undefined): value is { [key: string]: WireValue } {
  return value !== null && value !== undefined && typeof value === 'object' && !Array.isArray(value) && !(value instanceof WireNumber);
}

/** The text of a scalar parameter (string or number), undefined for anything else. */
export function wireText(value: WireValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof WireNumber) return value.text;
  if (typeof value === 'boolean') return String(value);
  return undefined;
}
