/**
 * OKEx v1 error codes → taxonomy kinds (protocols/okex-v1.md §5). v1 sends no message text, so the
 * meaning column becomes our message. The note's "AccountFrozen" is core's AccountRestricted and its
 * "Other" is a plain ExchangeError. Errors arrive with HTTP 200, as `{result:false,error_code}` or a
 * bare `{error_code}` (§3.6); an IP ban is an HTTP 403 without JSON.
 */
import type { EndpointDef, ErrorKind, ErrorSpec, WireResponse } from '@exchange-adapters/core';

export interface V1ErrorEntry {
  kind: ErrorKind;
  /** The documented meaning, paraphrased. */
  meaning: string;
  /** What to do, when more specific than the kind's default. */
  hint?: string;
}

const SIGNATURE_HINT =
  'Check the secret. v1 signs every parameter except sign, sorted by name in byte order, raw (not URL-encoded) values joined with &, then &secret_key=<secret>, MD5 in upper-case hex; a value sent differently from how it was signed (1.0 vs 1, %2C vs ,) gives this too.';
const SITE_HINT =
  'v1 keys are bound to the site that issued them (okex.com, okcoin.com, okcoin.cn): use the key with its own site and check baseUrl.';
const RATE_HINT =
  'Slow down: this endpoint allows 20 requests per 2 s per key (userinfo 6). Rate limiting is on by default; another client may share the key.';

const e = (kind: ErrorKind, meaning: string, hint?: string): V1ErrorEntry =>
  hint === undefined ? { kind, meaning } : { kind, meaning, hint };

/** Spot REST, 10000–10216 (§5.1). */
export const SPOT_ERRORS: Readonly<Record<number, V1ErrorEntry>> = {
  10000: e(
    'BadRequest',
    'required parameter missing or empty',
    'A parameter is missing, or the Content-Type is not application/x-www-form-urlencoded.',
  ),
  10001: e('RateLimited', 'request rate above this endpoint’s limit', RATE_HINT),
  10002: e('ExchangeUnavailable', 'system error'),
  10003: e('ExchangeUnavailable', 'try again later'),
  10004: e(
    'ExchangeError',
    'request failed (older OKCoin table: not allowed due to IP constraint)',
    'If it persists, check the key’s IP restrictions.',
  ),
  10005: e('AuthInvalid', 'SecretKey does not exist', SITE_HINT),
  10006: e('AuthInvalid', 'api_key does not exist', SITE_HINT),
  10007: e('AuthInvalid', 'signature does not match', SIGNATURE_HINT),
  10008: e('BadRequest', 'illegal parameter'),
  10009: e('OrderNotFound', 'order does not exist'),
  10010: e('InsufficientFunds', 'insufficient funds'),
  10011: e('InvalidOrder', 'amount below the minimum', 'Minimum sizes are per coin (0.01 BTC, 0.1 LTC); raise the amount.'),
  10012: e('InvalidSymbol', 'pair not supported by this endpoint'),
  10013: e('BadRequest', 'HTTPS only', 'Use an https:// baseUrl.'),
  10014: e('InvalidOrder', 'price must be in (0, 1,000,000)'),
  10015: e('InvalidOrder', 'price too far from the market price'),
  10016: e('InsufficientFunds', 'insufficient coins'),
  10017: e(
    'PermissionDenied',
    'API authorization error: the key lacks this permission',
    'Enable the permission (trade, withdraw) on the API key.',
  ),
  10018: e('BadRequest', 'borrow amount below the minimum'),
  10019: e('PermissionDenied', 'loan agreement not accepted'),
  10020: e('BadRequest', 'rate may not exceed 1%'),
  10021: e('BadRequest', 'rate may not be below 0.01%'),
  10023: e('ExchangeUnavailable', 'failed to get the latest ticker'),
  10024: e('InsufficientFunds', 'borrowable or available balance insufficient'),
  10025: e('ExchangeError', 'lending quota full'),
  10026: e('InsufficientFunds', 'borrowed funds and margin cannot be withdrawn'),
  10027: e('PermissionDenied', 'no withdrawal within 24 h of changing security settings'),
  10028: e('BadRequest', 'withdrawal exceeds the daily limit'),
  10029: e('PermissionDenied', 'an outstanding loan blocks withdrawal'),
  10031: e('InsufficientFunds', 'deposits need 6 confirmations before withdrawal'),
  10032: e('PermissionDenied', 'phone or Google 2FA not bound'),
  10033: e('BadRequest', 'fee above the maximum network fee'),
  10034: e('BadRequest', 'fee below the minimum network fee'),
  10035: e('InsufficientFunds', 'insufficient BTC/LTC available'),
  10036: e('BadRequest', 'withdrawal amount below the minimum'),
  10037: e('PermissionDenied', 'trade password not set'),
  10040: e('ExchangeError', 'withdrawal cancellation failed'),
  10041: e('BadRequest', 'withdrawal address missing or not verified'),
  10042: e('AuthInvalid', 'trade (admin) password wrong'),
  10043: e('ExchangeError', 'account equity error, withdrawal failed'),
  10044: e('ExchangeError', 'cancel of the borrow order failed'),
  10047: e('PermissionDenied', 'not available to sub-accounts'),
  10048: e('BadRequest', 'withdrawal record does not exist'),
  10049: e('InvalidOrder', 'too many (> 50) small unfilled orders (< 0.15 BTC)', 'Cancel some small open orders first.'),
  10050: e('InvalidOrder', 'duplicate cancel', 'The order is already cancelled (or being cancelled); fetchOrder shows its state.'),
  10051: e('InvalidOrder', 'order already completed', 'The order is already filled or cancelled; fetchOrder shows its state.'),
  10052: e('PermissionDenied', 'withdrawal restricted'),
  10056: e('PermissionDenied', 'transfer restricted'),
  10057: e('ExchangeError', 'transfer failed'),
  10058: e('BadRequest', 'NEO withdrawals must be whole numbers'),
  10064: e('PermissionDenied', 'USD deposits cannot be withdrawn for 48 h'),
  10100: e('AccountRestricted', 'account frozen'),
  10101: e('InvalidOrder', 'wrong order type'),
  10102: e('OrderNotFound', 'order does not belong to this user, or a bad order id'),
  10103: e('BadRequest', 'wrong private OTC order key'),
  10106: e('AuthInvalid', 'API key’s domain does not match the site', SITE_HINT),
  10216: e('PermissionDenied', 'non-public API'),
};

/** Spot REST, 1002–1218 (§5.2). */
export const SPOT_TRADE_ERRORS: Readonly<Record<number, V1ErrorEntry>> = {
  1002: e('InsufficientFunds', 'trade amount exceeds the balance'),
  1003: e('InvalidOrder', 'trade amount below the minimum', 'Minimum sizes are per coin (0.01 BTC, 0.1 LTC); raise the amount.'),
  1004: e('InvalidOrder', 'trade amount below zero'),
  1007: e(
    'InvalidSymbol',
    'no market information for the pair',
    'The pair does not trade on this site (okex.com has no btc_usd spot); check the spot market table.',
  ),
  1008: e('ExchangeUnavailable', 'no latest ticker information'),
  1009: e('OrderNotFound', 'no such order'),
  1010: e('OrderNotFound', 'cancelling user is not the order’s owner'),
  1011: e('AuthInvalid', 'user not found'),
  1013: e('InvalidOrder', 'order type missing'),
  1014: e('AuthMissing', 'not logged in'),
  1015: e('ExchangeUnavailable', 'no depth information'),
  1017: e('BadRequest', 'date parameter error'),
  1018: e('ExchangeError', 'order placement failed'),
  1019: e('ExchangeError', 'cancel failed'),
  1024: e('InvalidSymbol', 'currency does not exist'),
  1025: e('BadRequest', 'no such kline type'),
  1026: e('BadRequest', 'no base-currency quantity'),
  1027: e('InvalidOrder', 'illegal parameter or beyond limits (zero price or amount)'),
  1028: e(
    'InvalidOrder',
    'decimal precision failure',
    'Send fewer decimals: round with amountToPrecision / priceToPrecision, or tighten the market table’s steps.',
  ),
  1029: e('ExchangeUnavailable', 'preparing, not ready'),
  1030: e('PermissionDenied', 'margin or futures loans block trading'),
  1031: e('InsufficientFunds', 'transfer balance insufficient'),
  1032: e('PermissionDenied', 'currency not transferable'),
  1035: e('AuthInvalid', 'password invalid'),
  1036: e('AuthInvalid', 'Google code invalid'),
  1037: e('AuthInvalid', 'Google code wrong'),
  1038: e('AuthInvalid', 'Google code reused'),
  1039: e('AuthInvalid', 'SMS code entered wrong too many times'),
  1040: e('AuthInvalid', 'SMS code invalid'),
  1041: e('AuthInvalid', 'SMS code wrong'),
  1042: e('AuthInvalid', 'Google code entered wrong too many times'),
  1043: e('BadRequest', 'login password must differ from the trade password'),
  1044: e('AuthInvalid', 'old password wrong'),
  1045: e('PermissionDenied', 'second verification not set'),
  1046: e('BadRequest', 'old password not entered'),
  1048: e('AccountRestricted', 'user frozen'),
  1050: e('InvalidOrder', 'order already cancelled or being cancelled'),
  1051: e('InvalidOrder', 'order already filled'),
  1056: e('PermissionDenied', 'transfer restricted'),
  1057: e('ExchangeError', 'transfer failed'),
  1058: e('BadRequest', 'NEO withdrawals must be whole numbers'),
  1201: e('AccountRestricted', 'account temporarily deleted'),
  1202: e('BadRequest', 'transfer target account does not exist'),
  1203: e('InsufficientFunds', 'transfer amount exceeds the balance'),
  1204: e('InvalidSymbol', 'invalid or mismatched currency for the transfer'),
  1205: e('BadRequest', 'no master/sub-account relationship'),
  1206: e('AccountRestricted', 'withdrawing user frozen'),
  1207: e('BadRequest', 'transfer not supported'),
  1208: e('BadRequest', 'no such transfer user'),
  1209: e('ExchangeUnavailable', 'this API is currently unavailable'),
  1216: e('InvalidOrder', 'market orders suspended; use a limit order'),
  1217: e('InvalidOrder', 'price beyond ±5% of the last trade'),
  1218: e('ExchangeUnavailable', 'order failed, retry later'),
};

/** Futures REST, 20001–21026 (§5.3). */
export const FUTURES_ERRORS: Readonly<Record<number, V1ErrorEntry>> = {
  20001: e('AuthInvalid', 'user does not exist'),
  20002: e('AccountRestricted', 'account frozen'),
  20003: e('AccountRestricted', 'account frozen after a liquidation'),
  20004: e('AccountRestricted', 'futures account frozen'),
  20005: e('PermissionDenied', 'futures account does not exist', 'Open the futures account on the site first.'),
  20006: e('BadRequest', 'required parameter missing'),
  20007: e('BadRequest', 'illegal parameter', 'Futures amounts are whole contracts (≥ 1).'),
  20008: e('InsufficientMargin', 'futures account balance empty or too low'),
  20009: e('ExchangeError', 'contract status error'),
  20010: e('ExchangeError', 'risk-rate information missing'),
  20011: e('InsufficientMargin', 'margin ratio too low before opening'),
  20012: e('InsufficientMargin', 'margin ratio too low after opening', 'Add margin to the futures account or open a smaller position.'),
  20013: e('InvalidOrder', 'no counter-party price'),
  20014: e('ExchangeUnavailable', 'system error'),
  20015: e('OrderNotFound', 'order does not exist'),
  20016: e('InvalidOrder', 'close amount exceeds the position'),
  20017: e('PermissionDenied', 'not your order, or an illegal operation'),
  20018: e('InvalidOrder', 'price outside 103%/97% of the last minute’s price'),
  20019: e('IpNotAllowed', 'IP not allowed to access this resource', 'Add this IP to the key’s whitelist.'),
  20020: e('AuthInvalid', 'secret key does not exist', SITE_HINT),
  20021: e('InvalidSymbol', 'index information does not exist'),
  20022: e('BadRequest', 'wrong API for the margin mode (cross vs fixed)', 'Fixed-margin accounts use the *_4fix endpoints (request()).'),
  20023: e('BadRequest', 'account is in fixed-margin mode', 'Fixed-margin accounts use the *_4fix endpoints (request()).'),
  20024: e('AuthInvalid', 'signature does not match', SIGNATURE_HINT),
  20025: e('InvalidOrder', 'leverage rate error', 'lever_rate is 10 or 20.'),
  20026: e('PermissionDenied', 'API permission error'),
  20027: e('ExchangeError', 'no transaction record'),
  20028: e('InvalidSymbol', 'no such contract'),
  20029: e('InsufficientFunds', 'amount larger than available'),
  20030: e('PermissionDenied', 'the account has outstanding debt'),
  20038: e('PermissionDenied', 'not available in the user’s country or region'),
  20049: e('RateLimited', 'request rate too high', 'Slow down: futures endpoints allow 5–20 requests per 2 s per key.'),
  20061: e('InvalidOrder', 'one leverage per direction (10x vs 20x)'),
  20119: e('ExchangeUnavailable', 'API offline or unavailable'),
  21005: e('ExchangeUnavailable', 'request failed, retry'),
  21020: e('ExchangeUnavailable', 'contract being delivered, no orders'),
  21021: e('ExchangeUnavailable', 'contract being settled, no orders'),
  21023: e('InvalidOrder', 'position above the maximum allowed (cross)'),
  21024: e('InvalidOrder', 'position above the maximum allowed (fixed)'),
  21025: e('InsufficientMargin', 'margin ratio below the minimum after the order'),
  21026: e('PermissionDenied', 'account restricted from opening positions'),
};

/** REST codes only; the WebSocket reuses some numbers with other meanings (§5.4). */
export const REST_ERRORS: Readonly<Record<number, V1ErrorEntry>> = { ...SPOT_ERRORS, ...SPOT_TRADE_ERRORS, ...FUTURES_ERRORS };

const DEFAULT_HINTS: Partial<Record<ErrorKind, string>> = {
  AuthInvalid: 'Check apiKey and secret (no passphrase exists on v1).',
  AuthMissing: 'Pass apiKey and secret in the options.',
  PermissionDenied: 'Enable the missing permission on the API key, or complete the account setup on the site.',
  IpNotAllowed: 'Add this IP to the key’s whitelist.',
  RateLimited: RATE_HINT,
  InsufficientFunds: 'Lower the amount or add funds; fetchBalance shows what is free.',
  InsufficientMargin: 'Add margin to the futures account or reduce the position.',
  InvalidOrder: 'Fix the order and send it again.',
  OrderNotFound: 'Check the order id and symbol; order_info only knows recent orders of this account.',
  InvalidSymbol: 'Check the symbol against exchange.markets.',
  BadRequest: 'A parameter is missing or malformed; check the request.',
  AccountRestricted: 'The account is frozen or restricted; contact the exchange.',
  ExchangeUnavailable: 'OKEx is failing or busy; retry later.',
  ExchangeError: 'See the code in the OKEx v1 error tables.',
};

/** System errors on an order call: the order may or may not exist, so it is looked up, never resent blindly. */
const OUTCOME_UNKNOWN_ON_CREATE = new Set([10002, 20014]);

/** The error a v1 code stands for; unknown codes become a plain ExchangeError that keeps the code. */
export function errorSpecForCode(code: number | string, endpoint?: Pick<EndpointDef, 'intent'>): ErrorSpec {
  const numeric = Number(code);
  const entry = REST_ERRORS[numeric];
  if (!entry) {
    return {
      kind: 'ExchangeError',
      exchangeCode: String(code),
      message: `error code ${String(code)} (not in the v1 tables)`,
      hint: DEFAULT_HINTS.ExchangeError,
    };
  }
  const spec: ErrorSpec = {
    kind: entry.kind,
    exchangeCode: String(code),
    message: entry.meaning,
    hint: entry.hint ?? DEFAULT_HINTS[entry.kind],
  };
  if (endpoint?.intent === 'create' && OUTCOME_UNKNOWN_ON_CREATE.has(numeric)) spec.outcomeUnknown = true;
  return spec;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The pipeline's classifier. Runs before core's status fallback, which handles 5xx and non-JSON
 * pages; what it must do first is the v1 IP ban, an HTTP 403 without JSON (§3.6), which core
 * would otherwise read as an IP whitelist refusal.
 */
export function classifyResponse(wire: WireResponse, endpoint: EndpointDef): ErrorSpec | undefined {
  if (wire.status === 403 && wire.body === undefined) {
    return {
      kind: 'RateLimited',
      message: 'HTTP 403: IP shielded (too many requests)',
      hint: 'OKEx blocks an IP for up to an hour after more than 3000 requests in 5 minutes; pause, and keep client-side rate limiting on.',
    };
  }
  const body = wire.body;
  if (!isRecord(body)) return undefined;
  const code = body.error_code;
  const hasCode = code !== undefined && code !== null && code !== '';
  // batch_trade keeps result:true while items carry error_code; only the envelope is checked here.
  if (hasCode && body.result !== true) return errorSpecForCode(code as number | string, endpoint);
  // An all-failed batch says result:false and keeps the per-order codes in order_info (§1.2).
  if (body.result === false && !Array.isArray(body.order_info)) {
    return { kind: 'ExchangeError', message: 'result:false without an error_code', hint: DEFAULT_HINTS.ExchangeError };
  }
  return undefined;
}

// ── WebSocket (§5.4): these numbers clash with REST, so they have a table of their own ──

/** WS error codes; anything else falls back to the REST tables. */
export const WS_ERRORS: Readonly<Record<number, V1ErrorEntry>> = {
  10001: e('BadRequest', 'illegal parameter'),
  10002: e('AuthInvalid', 'authentication failure', 'Private channels need a login with apiKey and secret first; check both.'),
  10003: e('PermissionDenied', 'this connection requested another user’s data'),
  10004: e('PermissionDenied', 'this connection did not request the user’s data'),
  10005: e('AuthInvalid', 'api_key or sign invalid', SIGNATURE_HINT),
  10015: e('BadRequest', 'channel not supported'),
  10017: e('AuthInvalid', 'WebSocket authorization error'),
  20100: e('ExchangeUnavailable', 'request timed out'),
  20101: e('BadRequest', 'wrong format'),
  20102: e('AuthInvalid', 'invalid login'),
  20103: e('BadRequest', 'wrong event'),
  20104: e('BadRequest', 'subscription type error'),
  20107: e('BadRequest', 'JSON format error'),
  20115: e('BadRequest', 'the quote was not found'),
  20116: e(
    'BadRequest',
    'parameter does not match',
    'The channel name does not exist: check the pair (btc_usdt) or contract (this_week) and the channel suffix.',
  ),
};

/** A WS error code → kind and hint; codes outside the WS table read as REST codes. */
export function wsErrorSpecForCode(code: number | string, message?: string): ErrorSpec {
  const entry = WS_ERRORS[Number(code)];
  if (!entry) return { ...errorSpecForCode(code), exchangeMessage: message };
  return {
    kind: entry.kind,
    exchangeCode: String(code),
    exchangeMessage: message,
    message: entry.meaning,
    hint: entry.hint ?? DEFAULT_HINTS[entry.kind],
    retryable: entry.kind === 'ExchangeUnavailable',
  };
}
