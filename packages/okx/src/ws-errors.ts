/**
 * OKX's WebSocket error codes (60xxx, 63999, 64xxx) and close codes (protocols/okx-v5.md §4.1), and
 * the classifier of error frames. REST replies never carry these codes, so they live apart from the
 * REST table (errors.ts) that every REST call carries: ws.ts uses them when a stream starts, and
 * error-table.ts lists them. Neither importer pulls in the other's code: ws.ts stays behind the
 * `/streams` subpath, and what the root entry reaches through error-table.ts is these tables alone.
 * Both tables are marked pure, so a bundled REST-only app, which calls neither, drops them.
 */
import type { ErrorKind } from '@exchange-adapters/core';
import { type ErrorSpec, ownValue } from '@exchange-adapters/core/adapter';
import { CHECK_CREDENTIALS, type OkxCodeRows, type OkxErrorEntry, okxCodeTable, okxErrorEntry } from './errors.js';

/**
 * The rows, inside a function: a bundler cannot prove a template that interpolates an imported
 * constant free of side effects, so a top-level array of them would stay in every bundle; behind a
 * call marked pure, the rows leave with the table.
 */
function rows(): OkxCodeRows {
  return [
    [
      ['60001', '60002', '60003', '60011'],
      { kind: 'AuthMissing', hint: 'Log in with apiKey, secret and passphrase before using private channels.' },
    ],
    [
      ['60004', '60005', '60007', '60009', '60024', '60032'],
      { kind: 'AuthInvalid', hint: `The WebSocket login was refused. ${CHECK_CREDENTIALS}` },
    ],
    ['60006', { kind: 'TimestampExpired', hint: 'The login timestamp is more than 30 s from OKX time; sync the clock.' }],
    [
      ['60008', '60012', '60013', '60017', '60019', '64000', '64001', '64002'],
      { kind: 'BadRequest', hint: 'The WebSocket request is malformed or sent to the wrong URL for this channel.' },
    ],
    [['60014', '60020', '60023'], { kind: 'RateLimited', hint: 'Too many WebSocket requests or subscriptions; slow down.' }],
    ['60018', { kind: 'InvalidSymbol', hint: 'The channel or instrument does not exist.' }],
    [['60029', '60030', '64003'], { kind: 'PermissionDenied', hint: 'This channel needs a higher VIP tier.' }],
    [
      ['60015', '60016', '63999', '64008'],
      { kind: 'ExchangeUnavailable', hint: 'The connection was closed by OKX; reconnect and resubscribe.' },
    ],
  ];
}

/**
 * The codes only OKX's WebSocket sends (60xxx, 63999, 64xxx), with their kind and hint. Error
 * frames can also carry REST codes (`OKX_ERROR_CODES`): `classifyOkxWsError` reads both.
 */
export const OKX_WS_ERROR_CODES: Readonly<Record<string, OkxErrorEntry>> = /* @__PURE__ */ okxCodeTable(/* @__PURE__ */ rows());

/** WebSocket close codes (ccxt's map) → kind, for the streams. */
export const OKX_WS_CLOSE_CODES: Readonly<Record<number, ErrorKind>> = /* @__PURE__ */ Object.freeze({
  4001: 'AuthInvalid',
  4002: 'BadRequest',
  4003: 'RateLimited',
  4004: 'ExchangeUnavailable',
  4005: 'ExchangeUnavailable',
  4006: 'ExchangeUnavailable',
  4007: 'AuthInvalid',
  4008: 'RateLimited',
});

/**
 * The error kind and hint of the code of an OKX WebSocket error frame: the WebSocket table first,
 * then the REST one, since OKX's WebSocket shares the REST code space (its order operations answer
 * with 5xxxx `sCode`s, fixture ws-order-op-failure).
 */
export function classifyOkxWsError(code: string, message: string | undefined): ErrorSpec {
  const entry = ownValue(OKX_WS_ERROR_CODES, code) ?? okxErrorEntry(code);
  if (entry) return { kind: entry.kind, exchangeCode: code, exchangeMessage: message, hint: entry.hint, retryable: entry.retryable };
  return {
    kind: 'ExchangeError',
    exchangeCode: code,
    exchangeMessage: message,
    hint: 'OKX refused the WebSocket request with a code this adapter does not know; the message says why.',
  };
}
