/**
 * JSON parsing that keeps integers longer than 15 digits exact. WEEX sends 18-digit order ids as
 * JSON numbers (> 2^53), which JSON.parse would round (protocols/weex.md §0). Such integers come
 * back as strings; every other number as a JS number.
 *
 * Only replies an adapter declares (`EndpointDef.bigIntegers`) come here; the rest go straight to
 * JSON.parse. A body without a 16-digit run is plain JSON.parse; one with such a run has its long
 * integer tokens — outside strings only — quoted before JSON.parse, which costs one regular
 * expression pass instead of a JavaScript JSON parser.
 */

const MAX_SAFE_DIGITS = 15;
const LONG_DIGIT_RUN = /\d{16}/;
/** A string literal (skipped as a whole) or an integer token of 16+ digits not followed by a fraction or exponent. */
const STRING_OR_LONG_INTEGER = /"(?:[^"\\]|\\.)*"|-?\d{16,}(?![\d.eE])/g;

/** Characters that make a digit run part of a longer number (fraction, exponent) rather than an integer token. */
function continuesNumber(code: number): boolean {
  return code === 46 /* . */ || code === 101 /* e */ || code === 69 /* E */ || code === 43 /* + */ || (code >= 48 && code <= 57);
}

/**
 * Parses JSON keeping integers above 2^53 exact (as strings), for replies such as WEEX order ids sent as
 * JSON numbers.
 */
export function parseJson(text: string): unknown {
  if (!LONG_DIGIT_RUN.test(text)) return JSON.parse(text);
  const quoted = text.replace(STRING_OR_LONG_INTEGER, (token: string, offset: number) => {
    if (token.charCodeAt(0) === 34 /* " */ || continuesNumber(text.charCodeAt(offset - 1))) return token;
    return token.replace('-', '').length > MAX_SAFE_DIGITS ? `"${token}"` : token;
  });
  return JSON.parse(quoted);
}
