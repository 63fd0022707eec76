/**
 * OKEx v1's error table as a public, documented list (`okexV1ErrorTable()`): what each code means,
 * the kind and hint of the error it becomes, and whether a retry can help. Everything comes from
 * `errorSpecForCode` in errors.ts (protocols/okex-v1.md §5), so the table says what a thrown error says.
 */
import { type ErrorCodeInfo, errorCodeInfo } from '@exchange-adapters/core';
import { errorSpecForCode, REST_ERRORS } from './errors.js';

// What the code means on an order call: system errors there leave the order's fate unknown.
const CREATE = { intent: 'create' } as const;

function row(code: string): ErrorCodeInfo {
  const spec = errorSpecForCode(code, CREATE);
  return errorCodeInfo('okex-v1', {
    code,
    meaning: REST_ERRORS[Number(code)]?.meaning ?? code,
    kind: spec.kind,
    hint: spec.hint,
    retryable: spec.retryable,
    outcomeUnknown: spec.outcomeUnknown,
  });
}

let table: readonly ErrorCodeInfo[] | undefined;

/**
 * Every OKEx v1 REST code the adapter maps (spot 1002–1218 and 10000–10216, futures 20001–21026),
 * with the kind, hint and retry flag of the error it becomes. Built on first call, so importing the
 * adapter costs nothing for it.
 */
export function okexV1ErrorTable(): readonly ErrorCodeInfo[] {
  table ??= Object.freeze(Object.keys(REST_ERRORS).map(row));
  return table;
}
