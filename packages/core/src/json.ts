/**
 * JSON parsing that keeps integers longer than 15 digits exact. WEEX sends 18-digit order ids as
 * JSON numbers (> 2^53), which JSON.parse would round (protocols/weex.md §0). Such integers come
 * back as strings; every other number as a JS number. Payloads without a 16-digit run take the
 * plain JSON.parse fast path.
 */
import { parse } from 'lossless-json';

const MAX_SAFE_DIGITS = 15;
const LONG_DIGIT_RUN = /\d{16}/;
const INTEGER = /^-?\d+$/;

function parseNumber(text: string): number | string {
  if (INTEGER.test(text) && text.replace('-', '').length > MAX_SAFE_DIGITS) return text;
  return Number(text);
}

export function parseJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  return parse(text, null, parseNumber);
}
