/**
 * The public shape of an adapter's error table: one row per exchange code, with the kind, hint and
 * retry flag the thrown error carries. Adapters build their rows from the same classifier that
 * turns replies into errors, so a table can never say something the errors do not.
 */
import { createError, type ErrorKind } from './errors.js';

/** One exchange error code, explained (`okxErrorTable()`, `weexErrorTable()`, `okexV1ErrorTable()`). */
export interface ErrorCodeInfo {
  /** Exchange id: `okx`, `weex`, `okex-v1`. */
  exchange: string;
  /** The code as the exchange sends it (`50102`, `-1046`, `40008`, `10007`). */
  code: string;
  /** The taxonomy kind the thrown error has. */
  kind: ErrorKind;
  /** What the exchange means by the code, in a few words. */
  meaning: string;
  /** What to do: the thrown error's `hint`. */
  hint: string;
  /** Whether trying again can help: the thrown error's `retryable`. */
  retryable: boolean;
  /** On an order call the exchange does not say whether it went through: look it up before resending. */
  outcomeUnknown: boolean;
  /** Set for codes of an older API generation that guides still quote (`OKEx v3`, `WEEX V1/V2`). */
  legacy?: string;
}

/** What an adapter knows about a code; `hint` and `retryable` as its classifier gives them. */
export interface ErrorCodeFacts {
  /** The code as the exchange sends it. */
  code: string;
  /** What the exchange means by it, in a few words. */
  meaning: string;
  /** The taxonomy kind it maps to. */
  kind: ErrorKind;
  /** What to do. */
  hint?: string;
  /** Whether trying again can help; default: the kind's. */
  retryable?: boolean;
  /** On an order call, the exchange does not say whether it went through. */
  outcomeUnknown?: boolean;
  /** The older API generation the code belongs to, when it is one. */
  legacy?: string;
}

/**
 * A table row from an adapter's facts. The error is built the way the pipeline builds it, so the
 * kind's default `retryable` and hint handling apply exactly as they do to a thrown error.
 */
export function errorCodeInfo(exchange: string, facts: ErrorCodeFacts): ErrorCodeInfo {
  const error = createError(facts.kind, { exchange, hint: facts.hint, retryable: facts.retryable });
  const row: ErrorCodeInfo = {
    exchange,
    code: facts.code,
    kind: error.kind,
    meaning: facts.meaning,
    hint: error.hint,
    retryable: error.retryable,
    outcomeUnknown: facts.outcomeUnknown === true,
  };
  if (facts.legacy !== undefined) row.legacy = facts.legacy;
  return Object.freeze(row);
}
