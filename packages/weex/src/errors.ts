/**
 * WEEX error codes → taxonomy kinds and hints (protocols/weex.md §4). Two families reach users:
 * V3 (`{"code": -1046, "msg": …}`) and the Bitget-derived V1/V2 (`{"code": "40008", "msg": …}`),
 * which share the signing scheme. Some business failures hide behind generic codes (-1054
 * "SYSTEM_ERROR" with "… amount not enough"), so those are read by their message as well.
 */
import type { ErrorKind } from '@exchange-adapters/core';
import { type EndpointDef, type ErrorSpec, ownValue, type WireResponse } from '@exchange-adapters/core/adapter';

/** What one WEEX error code means. */
export interface WeexErrorEntry {
  /** WEEX's name (V3) or message (V1/V2) for the code. */
  name: string;
  /** The error kind it maps to. */
  kind: ErrorKind;
  /** What to do. */
  hint?: string;
  /** The exchange cannot say whether the request took effect: an order is looked up before any resend. */
  outcomeUnknown?: boolean;
  /** A catch-all code that also carries business failures: the message decides when it is specific. */
  readMessage?: boolean;
}

const CLIENT_ID_HINT = 'Use a clientOrderId of at most 36 characters of letters, digits, _ and -, or omit it and one is generated.';
const CONTENT_TYPE_HINT = 'WEEX wants Content-Type: application/json on requests with a body; a proxy may have rewritten it.';
const SECOND_FACTOR_HINT = 'Bind a phone number or Google Authenticator to the WEEX account before using the API.';
const API_PAIR_HINT =
  'The key lacks Spot or Futures trading permission, or this pair is not tradable via the API (some new listings are not); check the key in WEEX API management.';

/** WEEX error codes (V3, and the V1/V2 codes guides still quote) and what they mean. */
export const WEEX_ERROR_CODES: Readonly<Record<string, WeexErrorEntry>> = {
  // ── V3 ──
  '-1000': { name: 'UNKNOWN_ERROR', kind: 'ExchangeError', outcomeUnknown: true, readMessage: true },
  '-1040': { name: 'ACCESS_KEY_EMPTY', kind: 'AuthMissing' },
  '-1041': { name: 'ACCESS_SIGN_EMPTY', kind: 'AuthMissing' },
  '-1042': { name: 'ACCESS_TIMESTAMP_EMPTY', kind: 'AuthMissing' },
  '-1043': { name: 'INVALID_ACCESS_TIMESTAMP', kind: 'TimestampExpired' },
  '-1044': { name: 'INVALID_ACCESS_KEY', kind: 'AuthInvalid' },
  '-1045': { name: 'INVALID_CONTENT_TYPE', kind: 'BadRequest', hint: CONTENT_TYPE_HINT },
  '-1046': { name: 'ACCESS_TIMESTAMP_EXPIRED', kind: 'TimestampExpired' },
  '-1047': { name: 'API_AUTH_ERROR', kind: 'AuthInvalid' },
  '-1049': { name: 'API_KEY_OR_PASSPHRASE_INCORRECT', kind: 'AuthInvalid' },
  '-1050': { name: 'USER_STATUS_FORBIDDEN', kind: 'AccountRestricted' },
  '-1051': { name: 'PERMISSION_DENIED', kind: 'PermissionDenied' },
  '-1052': { name: 'INSUFFICIENT_PERMISSIONS', kind: 'PermissionDenied', hint: API_PAIR_HINT },
  '-1053': { name: 'PERMISSION_VALIDATION_FAILED', kind: 'PermissionDenied' },
  '-1054': { name: 'SYSTEM_ERROR', kind: 'ExchangeUnavailable', outcomeUnknown: true, readMessage: true },
  '-1055': { name: 'USER_AUTH_NOT_SAFE', kind: 'PermissionDenied', hint: SECOND_FACTOR_HINT },
  '-1056': { name: 'ILLEGAL_IP', kind: 'IpNotAllowed' },
  '-1057': { name: 'USER_LOCKED', kind: 'AccountRestricted' },
  '-1058': { name: 'NO_PERMISSION_TRADE_PAIR', kind: 'PermissionDenied', hint: API_PAIR_HINT },
  '-1115': { name: 'INVALID_TIME_IN_FORCE', kind: 'InvalidOrder' },
  '-1116': { name: 'INVALID_ORDER_TYPE', kind: 'InvalidOrder' },
  '-1117': { name: 'INVALID_SIDE', kind: 'InvalidOrder' },
  '-1121': { name: 'INVALID_SYMBOL', kind: 'InvalidSymbol' },
  '-1128': { name: 'INVALID_PARAM_COMBINATION', kind: 'BadRequest' },
  '-1135': { name: 'INVALID_JSON', kind: 'BadRequest' },
  '-1140': { name: 'PARAM_VALIDATE_ERROR', kind: 'BadRequest' },
  '-1141': { name: 'PARAM_EMPTY', kind: 'BadRequest' },
  '-1142': { name: 'PARAM_ERROR', kind: 'BadRequest' },
  '-1150': {
    name: 'REQUEST_METHOD_NOT_SUPPORTED',
    kind: 'BadRequest',
    hint: 'WEEX answers this for a wrong HTTP method; batch cancels are DELETE requests with a JSON body.',
  },
  '-1160': {
    name: 'DECIMAL_PRECISION_ERROR',
    kind: 'InvalidOrder',
    hint: 'Round with amountToPrecision() and priceToPrecision() before placing the order.',
  },
  '-1170': { name: 'QUERY_TIME_OUT_OF_RANGE', kind: 'BadRequest' },
  '-1171': { name: 'START_TIME_AFTER_END_TIME', kind: 'BadRequest' },
  '-1180': { name: 'CLIENT_OID_LENGTH_ERROR', kind: 'InvalidOrder', hint: CLIENT_ID_HINT },
  '-1190': { name: 'FORBIDDEN_ACCESS', kind: 'PermissionDenied', hint: 'WEEX blocked this access; contact WEEX support.' },
  '-2007': { name: 'SPOT_SYMBOL_NOT_EXIST', kind: 'InvalidSymbol' },
  '-2200': { name: 'SPOT_ORDER_NOT_EXIST', kind: 'OrderNotFound' },
  '-3006': {
    name: 'CONTRACT_DOES_NOT_SUPPORT_CONTRACT_UNITS',
    kind: 'InvalidOrder',
    hint: 'WEEX futures quantities are in base units (ETH, BTC), not contracts.',
  },
  '-3007': { name: 'CONTRACT_MAX_ORDER_QUANTITY_EXCEEDED', kind: 'InvalidOrder' },
  '-3200': { name: 'CONTRACT_ORDER_NOT_EXIST', kind: 'OrderNotFound' },
  '-3235': { name: 'CONTRACT_NO_PERMISSION_TRADE_PAIR', kind: 'PermissionDenied', hint: API_PAIR_HINT },
  '-3236': { name: 'CONTRACT_NO_PERMISSION_API', kind: 'PermissionDenied', hint: API_PAIR_HINT },
  '-3313': {
    name: 'CONTRACT_LEVERAGE_ERROR',
    kind: 'BadRequest',
    hint: "The leverage exceeds the market's maximum; see markets[symbol].limits.leverage.",
  },
  '-3613': { name: 'CONTRACT_FATAL_TOKEN_NOT_SUPPORT', kind: 'ExchangeError' },
  '-4000': { name: 'SYSTEM_ERROR', kind: 'ExchangeUnavailable', outcomeUnknown: true, readMessage: true },
  '-4001': { name: 'UNKNOWN_ERROR', kind: 'ExchangeError', outcomeUnknown: true, readMessage: true },
  '-4002': { name: 'BROKER_NOT_BROKER_ACCOUNT', kind: 'PermissionDenied' },
  // Item-level failure names (spot cancel `errorMsg`).
  FAILED_ORDER_NOT_FOUND: { name: 'FAILED_ORDER_NOT_FOUND', kind: 'OrderNotFound' },

  // ── V1 / V2 ──
  '40001': { name: 'The request header "ACCESS_KEY" cannot be empty', kind: 'AuthMissing' },
  '40002': { name: 'The request header "ACCESS_SIGN" cannot be empty', kind: 'AuthMissing' },
  '40003': { name: 'The request header "ACCESS_TIMESTAMP" cannot be empty', kind: 'AuthMissing' },
  '40004': { name: 'Request timestamp expired', kind: 'TimestampExpired' },
  '40005': { name: 'Invalid ACCESS_TIMESTAMP', kind: 'TimestampExpired' },
  '40006': { name: 'Invalid ACCESS_KEY', kind: 'AuthInvalid' },
  '40007': { name: 'Invalid Content_Type, please use "application/json" format', kind: 'BadRequest', hint: CONTENT_TYPE_HINT },
  '40008': { name: 'Requested timestamp expired', kind: 'TimestampExpired' },
  '40009': { name: 'api verification failed', kind: 'AuthInvalid' },
  '40010': { name: 'Request timed out', kind: 'ExchangeError', readMessage: true },
  '40011': { name: 'The request header "ACCESS_PASSPHRASE" cannot be empty', kind: 'AuthMissing' },
  '40012': { name: 'apikey/passphrase is incorrect', kind: 'AuthInvalid' },
  '40013': { name: 'User has been frozen', kind: 'AccountRestricted' },
  '40014': { name: 'Incorrect permissions', kind: 'PermissionDenied' },
  '40015': { name: 'System error', kind: 'ExchangeUnavailable', outcomeUnknown: true, readMessage: true },
  '40016': { name: 'The user must bind a mobile phone or Google authenticator', kind: 'PermissionDenied', hint: SECOND_FACTOR_HINT },
  '40017': { name: 'Parameter verification failed', kind: 'BadRequest' },
  '40018': { name: 'Illegal IP request', kind: 'IpNotAllowed' },
  '40102': { name: 'Symbol configuration does not exist', kind: 'InvalidSymbol' },
  '40200': { name: 'Server upgrade, please try again later', kind: 'ExchangeUnavailable' },
  '40305': { name: 'clientOid length too long or illegal characters', kind: 'InvalidOrder', hint: CLIENT_ID_HINT },
  '40409': { name: 'Wrong format', kind: 'BadRequest' },
  '40704': { name: 'Can only check the data of the last three months', kind: 'BadRequest' },
  '40707': { name: 'Start time is greater than end time', kind: 'BadRequest' },
  '40724': { name: 'Parameter is empty', kind: 'BadRequest' },
  '40725': { name: 'Service returned an error', kind: 'ExchangeUnavailable', outcomeUnknown: true, readMessage: true },
  '40912': {
    name: 'Single cancellation cannot exceed 50',
    kind: 'BadRequest',
    hint: 'Cancel at most 50 orders per request; cancelOrders() splits larger sets.',
  },
  '40913': { name: 'Either orderId or clientId must be provided', kind: 'BadRequest' },
  '41101': { name: 'Parameter error', kind: 'BadRequest' },
  '42002': { name: 'Unknown error', kind: 'ExchangeError', readMessage: true },
  '43001': { name: 'The order does not exist', kind: 'OrderNotFound' },
  '43002': { name: 'Pending order failed', kind: 'InvalidOrder' },
  '43003': { name: 'Pending order failed', kind: 'InvalidOrder' },
  '43004': { name: 'There is no order to cancel', kind: 'OrderNotFound' },
  '43005': {
    name: 'Exceed the maximum number of orders',
    kind: 'InvalidOrder',
    hint: 'Too many open orders; cancel some before placing more.',
  },
  '43006': { name: 'Order quantity is less than the minimum transaction quantity', kind: 'InvalidOrder' },
  '43007': { name: 'Order quantity is greater than the maximum transaction quantity', kind: 'InvalidOrder' },
  '43008': {
    name: 'Order price is below the limit',
    kind: 'InvalidOrder',
    hint: 'The price is below the lowest price WEEX accepts now (a band around the last price).',
  },
  '43009': {
    name: 'Order price exceeds the limit',
    kind: 'InvalidOrder',
    hint: 'The price is above the highest price WEEX accepts now (a band around the last price).',
  },
  '43010': {
    name: 'Transaction amount is below the minimum',
    kind: 'InvalidOrder',
    hint: 'The order value (price × amount) is below the minimum; raise the amount.',
  },
  '43011': { name: 'The parameter does not meet the specification', kind: 'BadRequest' },
  '43012': { name: 'Insufficient balance', kind: 'InsufficientFunds' },
  '429': { name: 'Request is too frequent', kind: 'RateLimited' },
};

/** Codes whose reply means the amount broke the market's size limits; the exchange adds the limits to the hint. */
export const SIZE_LIMIT_CODES: ReadonlySet<string> = new Set(['43006', '43007', '-3007']);

const DEFAULT_HINTS: Partial<Record<ErrorKind, string>> = {
  AuthMissing: 'WEEX needs apiKey, secret and passphrase on every signed call; check that all three are set.',
  AuthInvalid:
    'Check the API key, secret and passphrase (the one chosen when the key was created); a key of another WEEX environment is rejected too.',
  TimestampExpired: "The request time was outside WEEX's 30 s window; keep clockSync on or sync the system clock with NTP.",
  PermissionDenied: 'The API key lacks the permission this call needs (read, Spot or Futures trading); enable it in WEEX API management.',
  IpNotAllowed:
    "This machine's public IP is not on the API key's whitelist; add it in WEEX API management or create a key without the restriction.",
  RateLimited: 'WEEX allows 500 weight per 10 s per IP and per account and caps orders per minute; slow down or spread the calls.',
  InsufficientFunds: 'The available balance does not cover this; lower the amount or transfer funds to this account.',
  InsufficientMargin: 'Not enough available margin; add margin, lower the leverage or the size.',
  InvalidOrder: 'WEEX refused the order; check size, price, precision, type and time in force. Nothing was placed.',
  OrderNotFound: 'WEEX has no such open order: check the id and symbol, or it is already filled or canceled.',
  InvalidSymbol: 'WEEX does not know this symbol or it is not tradable via the API; exchange.markets lists the markets.',
  BadRequest: 'A parameter is missing or malformed; the exchange message names it.',
  AccountRestricted: 'The WEEX account is frozen or locked; contact WEEX support.',
  ExchangeUnavailable: 'WEEX reported a system error; retry later.',
  ExchangeError: 'WEEX reported an error this library does not know; its code and message are kept on the error.',
};

/** Message patterns, in order, for catch-all codes, unknown codes and item-level failures. */
const MESSAGE_RULES: ReadonlyArray<readonly [RegExp, ErrorKind]> = [
  [/margin\b[^.]*\bnot enough|not enough[^.]*\bmargin|insufficient margin/i, 'InsufficientMargin'],
  [/not enough|insufficient (balance|funds|available|asset)|balance (is )?(insufficient|not sufficient)/i, 'InsufficientFunds'],
  [/ORDER_NOT_FOUND|order (does )?not (exist|found)|order not exist|no order to cancel/i, 'OrderNotFound'],
  [/invalid symbol|symbol\b[^.]*\bnot (exist|found|supported)/i, 'InvalidSymbol'],
  [/too many requests|too frequent/i, 'RateLimited'],
  [/INVALID_ARGUMENT/, 'BadRequest'],
];

function kindByMessage(message: string | undefined): ErrorKind | undefined {
  if (!message) return undefined;
  return MESSAGE_RULES.find(([pattern]) => pattern.test(message))?.[1];
}

/** The kind, hint and flags of a WEEX code and message; unknown codes become a plain ExchangeError. */
export function errorSpecFor(code: string | undefined, message: string | undefined): ErrorSpec {
  const entry = (code ? ownValue(WEEX_ERROR_CODES, code) : undefined) ?? (message ? ownValue(WEEX_ERROR_CODES, message.trim()) : undefined);
  const fromMessage = !entry || entry.readMessage ? kindByMessage(message) : undefined;
  const kind = fromMessage ?? entry?.kind ?? 'ExchangeError';
  return {
    kind,
    exchangeCode: code || undefined,
    exchangeMessage: message || undefined,
    message: entry?.name,
    hint: (fromMessage ? undefined : entry?.hint) ?? DEFAULT_HINTS[kind],
    // A specific business failure read from the message is a definite answer.
    outcomeUnknown: fromMessage ? undefined : entry?.outcomeUnknown,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const result = String(value).trim();
  return result === '' ? undefined : result;
}

// V3 no-data successes answer {"code":"200","msg":"success"}; V1/V2 successes carry "00000" (§4).
const SUCCESS_CODES = new Set(['200', '00000']);

/** The code and message of an error envelope, or undefined for a success payload. */
function envelopeError(body: unknown): { code: string; message: string | undefined } | undefined {
  if (!isRecord(body) || !('code' in body)) return undefined;
  const message = text(body.msg) ?? text(body.message);
  if (message === undefined && !('msg' in body)) return undefined;
  const code = text(body.code);
  if (code === undefined || SUCCESS_CODES.has(code)) return undefined;
  return { code, message };
}

const CANCELED_STATUSES = new Set(['CANCELED', 'CANCELLED', 'CANCELING']);

/** A spot cancel item failed: status FAILED/EXPIRED or an `errorMsg` (§3.9, §3.10). */
export function spotCancelFailed(item: { status?: string | null; errorMsg?: string | null }): boolean {
  if (text(item.errorMsg)) return true;
  return item.status !== undefined && item.status !== null && !CANCELED_STATUSES.has(item.status);
}

/**
 * The error a futures item (`success: false`) or spot cancel item carries; `fallback` applies
 * when the item names neither a code nor a message.
 */
export function itemErrorSpec(code: unknown, message: unknown, fallback: { kind: ErrorKind; message: string }): ErrorSpec {
  const codeText = text(code);
  const messageText = text(message);
  if (codeText === undefined && messageText === undefined)
    return { kind: fallback.kind, message: fallback.message, hint: DEFAULT_HINTS[fallback.kind] };
  return errorSpecFor(codeText, messageText);
}

/** What a spot cancel item without `errorMsg` means: an expired order is no longer open. */
export function spotCancelFallback(status: unknown): { kind: ErrorKind; message: string } {
  return {
    kind: status === 'EXPIRED' ? 'OrderNotFound' : 'ExchangeError',
    message: `cancel answered status ${String(status ?? 'unknown')}`,
  };
}

/** A futures item failing without a code or message. */
export const REJECTED_WITHOUT_REASON = { kind: 'ExchangeError', message: 'WEEX answered success: false without a reason' } as const;

/**
 * The adapter's classifier: reads the body before the status. Errors come as `{code, msg}`; order
 * writes can also fail inside an HTTP 200 (`success: false`, spot cancel `status: "FAILED"`).
 */
export function classifyResponse(response: WireResponse, endpoint: EndpointDef): ErrorSpec | undefined {
  const envelope = envelopeError(response.body);
  if (response.status === 429) {
    // WEEX's 429 may have no body at all; whatever it has, it means throttling.
    return {
      kind: 'RateLimited',
      exchangeCode: envelope?.code,
      exchangeMessage: envelope?.message,
      message: 'HTTP 429 Too Many Requests',
      hint: DEFAULT_HINTS.RateLimited,
    };
  }
  if (envelope) return errorSpecFor(envelope.code, envelope.message);
  const body = response.body;
  if (endpoint.method === 'GET' || !isRecord(body)) return undefined;
  if (body.success === false) return itemErrorSpec(body.errorCode, body.errorMessage, REJECTED_WITHOUT_REASON);
  if (endpoint.method === 'DELETE' && spotCancelFailed(body as { status?: string; errorMsg?: string })) {
    return itemErrorSpec(undefined, body.errorMsg, spotCancelFallback(body.status));
  }
  return undefined;
}
