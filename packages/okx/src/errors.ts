/**
 * OKX error codes → taxonomy kind and hint (protocols/okx-v5.md §4), and the classifier the
 * pipeline runs on every reply. The body is read before the HTTP status: OKX sends 50102 with
 * HTTP 401, business errors with HTTP 200, per-item `sCode`s under a top-level "1"/"2", and a
 * gateway shape with a numeric `code` and object `data` for 404/5xx.
 */
import type { ErrorKind } from '@exchange-adapters/core';
import { type EndpointDef, type ErrorSpec, ownValue, type WireResponse } from '@exchange-adapters/core/adapter';
import { OKX_BATCH_PATHS, OKX_REGION_SITES, OKX_REGIONS, type OkxEnvironment, okxRestHost } from './endpoints.js';

/** What one OKX error code means. */
export interface OkxErrorEntry {
  /** The error kind it maps to. */
  kind: ErrorKind;
  /** What to do. */
  hint?: string;
  /** Overrides the kind's default. */
  retryable?: boolean;
  /** OKX does not know whether the order went through: look it up by clOrdId, never resend blindly. */
  outcomeUnknown?: boolean;
}

/** The hint's advice whenever OKX refuses the key; the WebSocket table (ws-errors.ts) shares it. */
export const CHECK_CREDENTIALS = 'Check apiKey, secret and passphrase: they must be the values OKX showed when the key was created.';
const OUTCOME_UNKNOWN =
  'OKX did not say whether the request took effect; the order is looked up by its client order id before anything is sent again.';
const LEGACY = (v5: string) => `This is a legacy OKEx v3 code; OKX v5 reports it as ${v5}.`;

const entries: OkxCodeRows = [
  // ── envelope and gateway
  [
    ['50000', '50002', '50006', '50010', '50014', '50015', '50016', '50024', '50025', '50042', '50115'],
    { kind: 'BadRequest', hint: 'The request is malformed or misses a parameter; the message names it.' },
  ],
  ['50001', { kind: 'ExchangeUnavailable', hint: 'OKX is temporarily unavailable; retry later.' }],
  ['50004', { kind: 'ExchangeUnavailable', outcomeUnknown: true, hint: `The endpoint timed out. ${OUTCOME_UNKNOWN}` }],
  ['50005', { kind: 'ExchangeUnavailable', hint: 'This OKX endpoint is offline or retired.' }],
  ['50013', { kind: 'ExchangeUnavailable', retryable: true, hint: 'OKX is shedding load (system busy); retry with backoff.' }],
  ['50026', { kind: 'ExchangeUnavailable', hint: 'OKX reported a system error; retry later.' }],
  ['50038', { kind: 'ExchangeError', hint: 'This feature is not available in demo trading.' }],
  // ── rate limits
  [
    ['50011', '50040', '50061', '51113', '51513', '58102'],
    { kind: 'RateLimited', hint: 'OKX rate limit reached (counted per 2 s window); slow down or spread requests over time.' },
  ],
  // ── account state
  [
    ['50007', '50009', '50012', '50027', '50028', '50029', '50100', '51009', '51024', '58002', '58004', '58101', '58204'],
    { kind: 'AccountRestricted', hint: 'OKX restricts this account or key; check its status on the OKX website or contact support.' },
  ],
  [
    ['50017', '50018', '50019', '50020', '50021', '50022', '50023'],
    { kind: 'AccountRestricted', hint: 'The position, currency or account is frozen by ADL or liquidation; wait until it is released.' },
  ],
  [
    '4088',
    { kind: 'AccountRestricted', hint: 'OKX asks the account holder to verify their identity again on the website before trading.' },
  ],
  // ── authentication
  ['50008', { kind: 'AuthInvalid', hint: CHECK_CREDENTIALS }],
  ['50101', { kind: 'AuthInvalid' }], // hint depends on the environment in use, see below
  [
    '50102',
    {
      kind: 'TimestampExpired',
      hint: 'The request timestamp is more than 30 s from OKX time; keep clockSync on or sync the system clock with NTP.',
    },
  ],
  ['50103', { kind: 'AuthMissing', hint: 'The OK-ACCESS-KEY header was empty: pass apiKey.' }],
  [
    '50104',
    { kind: 'AuthMissing', hint: 'The OK-ACCESS-PASSPHRASE header was empty: pass the passphrase chosen when the key was created.' },
  ],
  [
    '50105',
    { kind: 'AuthInvalid', hint: 'The passphrase is wrong: it is the one chosen when the API key was created, not the account password.' },
  ],
  ['50106', { kind: 'AuthMissing', hint: 'The OK-ACCESS-SIGN header was empty: pass secret.' }],
  ['50107', { kind: 'AuthMissing', hint: 'The OK-ACCESS-TIMESTAMP header was empty.' }],
  [['50108', '50109'], { kind: 'AuthInvalid', hint: 'The exchange id or domain of this key does not exist; check region and baseUrl.' }],
  [['50110', '50121'], { kind: 'IpNotAllowed', hint: "This IP is not on the key's IP whitelist; add it on the OKX API management page." }],
  [['50111', '50119', '59506'], { kind: 'AuthInvalid', hint: `OKX does not know this API key. ${CHECK_CREDENTIALS}` }],
  ['50112', { kind: 'AuthInvalid', hint: 'The OK-ACCESS-TIMESTAMP header is malformed; it must be ISO-8601 with milliseconds.' }],
  [
    '50113',
    {
      kind: 'AuthInvalid',
      hint: 'The signature does not match: the secret is wrong, or a proxy changed the path, query or body after signing.',
    },
  ],
  ['50114', { kind: 'AuthInvalid', hint: `The authorization is invalid. ${CHECK_CREDENTIALS}` }],
  ['50030', { kind: 'PermissionDenied', hint: 'This key has no permission for this endpoint; enable it on the OKX API management page.' }],
  [
    '50120',
    {
      kind: 'PermissionDenied',
      hint: 'This key lacks the permission (read, trade or withdraw) this call needs; enable it on the OKX API management page.',
    },
  ],
  ['50035', { kind: 'IpNotAllowed', hint: 'This endpoint requires a key bound to an IP whitelist.' }],
  // ── instruments and parameters
  [
    '51000',
    {
      kind: 'BadRequest',
      hint: 'A parameter is wrong (the message names it). In long/short position mode every contract order needs posSide.',
    },
  ],
  ['51001', { kind: 'InvalidSymbol', hint: 'OKX does not know this instrument; reload markets with loadMarkets(true).' }],
  [
    ['51002', '51012', '51014', '51015', '51026'],
    { kind: 'InvalidSymbol', hint: 'The instrument, underlying or index does not exist or does not match.' },
  ],
  [
    ['51021', '51022', '51027'],
    { kind: 'InvalidSymbol', hint: 'The instrument is not listed yet, suspended or expired; check exchange.markets[symbol].active.' },
  ],
  [['51003', '51407', '51600', '51601', '51602'], { kind: 'BadRequest', hint: 'Pass either an order id or a client order id.' }],
  ['51023', { kind: 'BadRequest', hint: 'There is no such position.' }],
  [['51111', '51406', '51501'], { kind: 'BadRequest', hint: 'Too many orders in one batch request (at most 20).' }],
  ['51500', { kind: 'BadRequest', hint: 'An amendment needs a new price, size or TP/SL.' }],
  [['58203', '58207', '58221', '58222'], { kind: 'BadRequest', hint: 'The withdrawal address is not valid or not whitelisted.' }],
  [
    ['59000', '59100', '59101', '59107'],
    { kind: 'BadRequest', hint: 'This setting cannot change while positions or orders are open; close them first.' },
  ],
  [['59102', '59105'], { kind: 'BadRequest', hint: 'The leverage is outside what this instrument allows; see market.limits.leverage.' }],
  // ── orders
  [
    '51004',
    { kind: 'InvalidOrder', hint: 'The order exceeds the maximum position for your tier and leverage; lower the size or the leverage.' },
  ],
  [
    ['51005', '51006', '51007', '51025', '51116', '51120', '51122', '51135', '51136', '51137', '51138'],
    { kind: 'InvalidOrder', hint: 'The size or price is outside what OKX accepts for this instrument.' },
  ],
  [
    ['51100', '51101', '51102', '51103', '51104', '51105', '51106', '51107'],
    { kind: 'InvalidOrder', hint: 'The size or price is outside what OKX accepts for this instrument.' },
  ],
  [
    ['51201', '51202', '51203', '51204', '51205'],
    { kind: 'InvalidOrder', hint: 'The order amount or price is outside the limits for this order type.' },
  ],
  [['50036', '50037'], { kind: 'InvalidOrder', hint: 'The request expired (expTime) before OKX processed it; it was not placed.' }],
  [
    ['50071', '51011', '51016'],
    { kind: 'InvalidOrder', hint: 'This order id or client order id is already used by a pending order; use a new clientOrderId.' },
  ],
  ['51020', { kind: 'InvalidOrder', hint: 'The order is below the minimum amount; see market.limits.amount.min.' }],
  ['51121', { kind: 'InvalidOrder', hint: 'The size is not a whole number of lots; round it with amountToPrecision().' }],
  [
    '51150',
    { kind: 'InvalidOrder', hint: 'The price or size has more decimals than allowed; round with priceToPrecision()/amountToPrecision().' },
  ],
  [['51169', '51170'], { kind: 'InvalidOrder', hint: 'A reduce-only order must shrink an open position in the opposite direction.' }],
  // ── trigger (algo) orders and attached TP/SL
  [
    ['51044', '51046', '51047', '51048', '51049', '51050', '51051', '51052', '51053'],
    {
      kind: 'InvalidOrder',
      hint: 'A long takes profit above its entry and stops out below it (a short the reverse); the message names the price it was checked against.',
    },
  ],
  [
    ['51277', '51278', '51279', '51280', '51300', '51302', '51303', '51304', '51305', '51306', '51307', '51308'],
    {
      kind: 'InvalidOrder',
      hint: 'The TP/SL trigger price is on the wrong side of the last, mark or index price it watches; move it to the other side.',
    },
  ],
  [
    ['51250', '51251', '51252', '51275', '51276', '51281', '51299', '51058', '51059'],
    { kind: 'InvalidOrder', hint: 'OKX refused the trigger (algo) order: price, size, type or the number of pending algo orders.' },
  ],
  ['51261', { kind: 'InvalidOrder', hint: 'Too many pending trigger orders; cancel some before placing more.' }],
  ['51415', { kind: 'InvalidOrder', hint: "Spot triggers watch the last price only; pass triggerPriceType: 'last' or omit it." }],
  ['51512', { kind: 'BadRequest', hint: 'The same order appears twice in one batch amendment.' }],
  // ── funds transfer
  [
    ['58110', '58117'],
    { kind: 'AccountRestricted', hint: 'OKX suspended transfers for this account or contract; check the account on the OKX website.' },
  ],
  [
    '58111',
    { kind: 'ExchangeUnavailable', retryable: true, hint: 'Transfers pause while the perpetuals settle funding; retry in a few minutes.' },
  ],
  ['58112', { kind: 'ExchangeUnavailable', hint: 'The transfer failed at OKX; retry later.' }],
  [['58114', '58116'], { kind: 'BadRequest', hint: 'The transfer amount is zero or above the allowed limit.' }],
  [
    ['51403', '51404', '51410', '51506', '51508', '51511'],
    { kind: 'InvalidOrder', hint: 'The order cannot be cancelled or amended in its current type or state.' },
  ],
  [
    ['51149', '51054'],
    { kind: 'ExchangeUnavailable', outcomeUnknown: true, hint: `The order request timed out at OKX. ${OUTCOME_UNKNOWN}` },
  ],
  ['51412', { kind: 'ExchangeUnavailable', outcomeUnknown: true, hint: `The cancellation timed out at OKX. ${OUTCOME_UNKNOWN}` }],
  [['51400', '51401', '51402', '51405'], { kind: 'OrderNotFound', hint: 'The order is already filled, cancelled or does not exist.' }],
  [['51503', '51509', '51510'], { kind: 'OrderNotFound', hint: 'The order is already filled or cancelled, or does not exist.' }],
  ['51603', { kind: 'OrderNotFound', hint: 'No such order on this instrument; check the id and the symbol.' }],
  [['51028', '51029', '51030'], { kind: 'ExchangeUnavailable', hint: 'The instrument is settling or delivering; retry in a few minutes.' }],
  // ── funds
  ['51008', { kind: 'InsufficientFunds', hint: 'Not enough available balance for this order.' }],
  [['51119', '51127', '51131', '58229', '58350', '59200', '59201'], { kind: 'InsufficientFunds', hint: 'Not enough available balance.' }],
  [
    ['51502', '59103', '59106', '59108', '59109'],
    { kind: 'InsufficientMargin', hint: 'Not enough margin for this change; add margin or lower the leverage or size.' },
  ],
  // ── permissions and account mode
  ['51010', { kind: 'PermissionDenied', hint: 'Not available in the current account mode; change the mode in the OKX account settings.' }],
  [
    ['54000', '54008', '54109'],
    { kind: 'PermissionDenied', hint: 'Margin trading is not available or not enabled for this pair or account.' },
  ],
  ['58001', { kind: 'PermissionDenied', hint: 'The fund password is wrong.' }],
  // ── legacy OKEx v3 codes quoted by older guides (§4.2)
  ['30001', { kind: 'AuthMissing', hint: `The OK-ACCESS-KEY header is required. ${LEGACY('50103')}` }],
  [['30002', '30003', '30004'], { kind: 'AuthMissing', hint: `A signing header is blank. ${LEGACY('50104–50107')}` }],
  ['30005', { kind: 'AuthInvalid', hint: `The timestamp header is malformed. ${LEGACY('50112')}` }],
  ['30006', { kind: 'AuthInvalid', hint: `Invalid OK-ACCESS-KEY. ${CHECK_CREDENTIALS} ${LEGACY('50111')}` }],
  ['30007', { kind: 'BadRequest', hint: `Invalid Content-Type. ${LEGACY('50006')}` }],
  ['30008', { kind: 'TimestampExpired', hint: `The request timestamp expired; sync the clock. ${LEGACY('50102')}` }],
  [['30009', '30030'], { kind: 'ExchangeUnavailable', hint: `System error; retry later. ${LEGACY('50026')}` }],
  [
    ['30010', '30016', '30017', '30018', '30027', '30033', '30034'],
    { kind: 'AuthInvalid', hint: `The key was refused. ${CHECK_CREDENTIALS}` },
  ],
  ['30011', { kind: 'IpNotAllowed', hint: `This IP is not on the key's whitelist. ${LEGACY('50110')}` }],
  [
    '30012',
    {
      kind: 'AuthInvalid',
      hint: `Invalid authorization: check the credentials and that the key has the permission this call needs. ${LEGACY('50114')}`,
    },
  ],
  ['30013', { kind: 'AuthInvalid', hint: `Invalid signature. ${LEGACY('50113')}` }],
  [['30014', '30026'], { kind: 'RateLimited', hint: `Requests too frequent; slow down. ${LEGACY('50011')}` }],
  ['30015', { kind: 'AuthInvalid', hint: `The passphrase is wrong. ${LEGACY('50105')}` }],
  [['30019', '30037', '30038'], { kind: 'ExchangeUnavailable', hint: 'The API is offline or upgrading; retry later.' }],
  [['30020', '30021', '30023', '30024', '30025'], { kind: 'BadRequest', hint: 'A parameter is blank, malformed or invalid.' }],
  [['30022', '30029'], { kind: 'AccountRestricted', hint: 'The key or account is frozen or suspended.' }],
  [['30028', '30035'], { kind: 'PermissionDenied', hint: 'This key or site is not allowed to trade here.' }],
  [['30031', '30032'], { kind: 'InvalidSymbol', hint: `The token or pair does not exist. ${LEGACY('51001')}` }],
  [['30036', '30039', '30040'], { kind: 'ExchangeError' }],
  ['32008', { kind: 'InsufficientMargin', hint: `Not enough margin to open this position. ${LEGACY('51004/51008')}` }],
];

/** Rows of a code table: one code or several sharing an entry. */
export type OkxCodeRows = ReadonlyArray<readonly [codes: string | readonly string[], entry: OkxErrorEntry]>;

/** A frozen code → entry table from its rows; the REST table here and the WebSocket one (ws-errors.ts). */
export function okxCodeTable(rows: OkxCodeRows): Readonly<Record<string, OkxErrorEntry>> {
  return Object.freeze(
    Object.fromEntries(
      rows.flatMap(([codes, entry]) => (typeof codes === 'string' ? [codes] : codes).map((code) => [code, entry] as const)),
    ),
  );
}

/**
 * Every code an OKX REST reply can carry that the adapter knows, with its kind and hint (legacy
 * OKEx v3 codes included). The WebSocket-only codes (60xxx, 63999, 64xxx) and close codes are
 * `OKX_WS_ERROR_CODES` and `OKX_WS_CLOSE_CODES` in `@exchange-adapters/okx/streams`;
 * `okxErrorTable()` lists both.
 */
export const OKX_ERROR_CODES: Readonly<Record<string, OkxErrorEntry>> = okxCodeTable(entries);

/** 51008 sub-codes that mean margin rather than balance (wire: sCode "51008", subCode "1001"). */
const MARGIN_SUB_CODES = new Set(['1001', '1003', '1009']);

/** What one OKX code means, with its sub-code where the wire carries one. */
export function okxErrorEntry(code: string, subCode?: string): OkxErrorEntry | undefined {
  if (code === '51008' && subCode && MARGIN_SUB_CODES.has(subCode)) {
    return { kind: 'InsufficientMargin', hint: 'Not enough margin for this order; add margin, lower the leverage or reduce the size.' };
  }
  return ownValue(OKX_ERROR_CODES, code);
}

/**
 * The hint for 50101 (key of another environment): OKX cannot say which one, so name the one in
 * use and the others the key may belong to.
 */
export function environmentMismatchHint(environment: OkxEnvironment, baseUrl?: string): string {
  const current = baseUrl ?? okxRestHost(environment);
  const others: string[] = [];
  for (const region of OKX_REGIONS) {
    if (region !== environment.region) others.push(`region: '${region}' for keys made on ${OKX_REGION_SITES[region]}`);
  }
  const demo = environment.demo ? 'demo: false for live-trading keys' : 'demo: true for demo-trading keys';
  return `This key was created for another OKX environment; requests went to ${current} (${environment.demo ? 'demo' : 'live'}, region '${environment.region}'). Use ${others.join(', ')}, or ${demo}.`;
}

/** An item of a batch or single-order reply that failed: `{sCode, sMsg, subCode}`. */
export interface OkxItemFailure {
  sCode: string;
  sMsg?: string;
  subCode?: string;
}

/**
 * The error kind, hint and retry advice of an OKX `code`/`sCode` (with the HTTP status and request, for
 * codes whose meaning depends on them).
 */
export function classifyOkxCode(
  code: string,
  message: string | undefined,
  status: number,
  environment: OkxEnvironment,
  baseUrl?: string,
  subCode?: string,
): ErrorSpec {
  const entry = okxErrorEntry(code, subCode);
  const exchangeMessage = message || undefined;
  if (entry) {
    const hint = code === '50101' ? environmentMismatchHint(environment, baseUrl) : entry.hint;
    return {
      kind: entry.kind,
      exchangeCode: code,
      exchangeMessage,
      message: subCode ? `sub-code ${subCode}` : undefined,
      hint,
      retryable: entry.retryable,
      outcomeUnknown: entry.outcomeUnknown || status >= 500 || undefined,
    };
  }
  // Unknown codes keep code and message; the status still tells overload from a plain refusal.
  if (status === 429) return { kind: 'RateLimited', exchangeCode: code, exchangeMessage, hint: 'OKX is throttling requests; slow down.' };
  if (status >= 500)
    return {
      kind: 'ExchangeUnavailable',
      exchangeCode: code,
      exchangeMessage,
      outcomeUnknown: true,
      hint: 'OKX is failing or under maintenance; retry later.',
    };
  if (status === 404)
    return {
      kind: 'BadRequest',
      exchangeCode: code,
      exchangeMessage,
      hint: 'OKX does not know this path; check baseUrl and the endpoint path.',
    };
  return {
    kind: 'ExchangeError',
    exchangeCode: code,
    exchangeMessage,
    hint: 'OKX refused the request with a code this adapter does not know; the message says why.',
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function codeText(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The first failed item of a `data` array, if any. */
function firstFailedItem(data: unknown): OkxItemFailure | undefined {
  if (!Array.isArray(data)) return undefined;
  for (const item of data) {
    const record = asRecord(item);
    const sCode = codeText(record?.sCode);
    if (sCode !== undefined && sCode !== '0') {
      return { sCode, sMsg: typeof record?.sMsg === 'string' ? record.sMsg : undefined, subCode: codeText(record?.subCode) };
    }
  }
  return undefined;
}

/**
 * The pipeline's classifier for one environment. Success is `code` "0"; batch endpoints with
 * "1"/"2" and per-item codes count as success, the adapter maps each item.
 */
export function createOkxClassifier(environment: OkxEnvironment, baseUrl?: string) {
  return (wire: WireResponse, endpoint: EndpointDef): ErrorSpec | undefined => {
    const body = asRecord(wire.body);
    if (!body) {
      if (wire.status === 429)
        return {
          kind: 'RateLimited',
          message: 'HTTP 429 Too Many Requests',
          hint: 'OKX is throttling this IP or key (limits are per 2 s); slow down.',
        };
      return undefined; // not JSON: the status decides (classifyByStatus)
    }
    // v5 sends `code`; legacy v3 bodies `code` (number) or `error_code`.
    const code = codeText(body.code) ?? codeText(body.error_code);
    if (code === undefined) return undefined;
    if (code === '0') return undefined;
    const message = [body.msg, body.message, body.error_message].find((text): text is string => typeof text === 'string' && text !== '');
    if (code === '1' || code === '2') {
      if (OKX_BATCH_PATHS.has(endpoint.path) && Array.isArray(body.data) && body.data.length > 0) return undefined;
      const item = firstFailedItem(body.data);
      if (item) return classifyOkxCode(item.sCode, item.sMsg || message, wire.status, environment, baseUrl, item.subCode);
      return {
        kind: 'ExchangeError',
        exchangeCode: code,
        exchangeMessage: message,
        hint: 'OKX reported the operation as failed without saying why.',
      };
    }
    return classifyOkxCode(code, message, wire.status, environment, baseUrl);
  };
}
