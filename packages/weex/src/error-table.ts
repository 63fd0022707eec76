/**
 * WEEX's error table as a public, documented list (`weexErrorTable()`): what each code means, the
 * kind and hint of the error it becomes, and whether a retry can help. Kinds, hints and flags come
 * from `errorSpecFor` in errors.ts, so the table says what a thrown error says. Meanings are WEEX's
 * own names (V3) and messages (V1/V2), protocols/weex.md §4.3.
 */
import { type ErrorCodeInfo, errorCodeInfo } from '@exchange-adapters/core';
import { errorSpecFor, WEEX_ERROR_CODES } from './errors.js';

const CATCH_ALL = 'a catch-all: WEEX also reports some business failures under it, and then the message text decides the kind';

/** V1/V2 codes (Bitget-derived, positive: 400xx–43xxx, 429) that the seed guides quote; V3 sends negative codes. */
function legacyOf(code: string): string | undefined {
  return /^\d+$/.test(code) ? 'WEEX V1/V2' : undefined;
}

function row(code: string): ErrorCodeInfo {
  const entry = WEEX_ERROR_CODES[code];
  const spec = errorSpecFor(code, undefined);
  return errorCodeInfo('weex', {
    code,
    meaning: entry?.readMessage ? `${entry.name} (${CATCH_ALL})` : (entry?.name ?? code),
    kind: spec.kind,
    hint: spec.hint,
    retryable: spec.retryable,
    outcomeUnknown: spec.outcomeUnknown,
    legacy: legacyOf(code),
  });
}

let table: readonly ErrorCodeInfo[] | undefined;

/**
 * Every WEEX code the adapter maps — V3 (`-1046`), the V1/V2 family (`40008`) and item-level names
 * (`FAILED_ORDER_NOT_FOUND`) — with the kind, hint and retry flag of the error it becomes. Built on
 * first call, so importing the adapter costs nothing for it.
 */
export function weexErrorTable(): readonly ErrorCodeInfo[] {
  table ??= Object.freeze(Object.keys(WEEX_ERROR_CODES).map(row));
  return table;
}
