/**
 * OKX's error table as a public, documented list (`okxErrorTable()`): what each code means, the kind
 * and hint of the error it becomes, and whether a retry can help. Kinds, hints and flags come from
 * the classifiers (errors.ts for REST codes, ws-errors.ts for WebSocket ones), so the table says
 * what a thrown error says. Meanings are paraphrased from protocols/okx-v5.md §4.1 and §4.2; where
 * the note describes codes together, they share it.
 */
import { type ErrorCodeInfo, errorCodeInfo } from '@exchange-adapters/core';
import { classifyOkxCode, OKX_ERROR_CODES } from './errors.js';
import { classifyOkxWsError, OKX_WS_ERROR_CODES } from './ws-errors.js';

const meanings: Array<[codes: string | string[], meaning: string]> = [
  // Trigger (algo) orders, attached TP/SL and transfers (issue 15; meanings paraphrased from OKX's
  // error-code list as ccxt's OKX exception map records it).
  [
    ['51044', '51046', '51047', '51048', '51049', '51050', '51051', '51052', '51053'],
    'a take-profit or stop-loss price is on the wrong side of the order or position it protects',
  ],
  [
    ['51277', '51278', '51279', '51280', '51300', '51302', '51303', '51304', '51305', '51306', '51307', '51308'],
    'a TP/SL trigger price is on the wrong side of the last, mark or index price it watches',
  ],
  [
    ['51250', '51251', '51252', '51275', '51276', '51281', '51299', '51058', '51059'],
    'the trigger (algo) order was refused: its price, size or type, or the algo order limits',
  ],
  ['51261', 'too many pending trigger (algo) orders'],
  ['51415', 'spot trigger orders watch the last price only'],
  ['51512', 'the same order appears twice in one batch amendment'],
  [['58110', '58117'], 'transfers are suspended for this account or contract'],
  ['58111', 'transfers pause while the perpetuals settle funding'],
  ['58112', 'the transfer failed'],
  [['58114', '58116'], 'the transfer amount is zero or above the allowed limit'],
  ['50000', 'POST body is empty'],
  ['50001', 'service temporarily unavailable'],
  ['50002', 'JSON syntax error in the body'],
  ['50004', 'endpoint request timed out; whether it took effect is unknown'],
  ['50005', 'endpoint is offline or retired'],
  ['50006', 'invalid Content-Type'],
  ['50007', 'user is blocked'],
  ['50008', 'user does not exist'],
  ['50009', 'account frozen after a stop-out'],
  ['50010', 'user id is empty'],
  ['50011', 'rate limit reached'],
  ['50012', 'account status is invalid'],
  ['50013', 'system busy'],
  [['50014', '50015', '50016', '50024', '50025'], 'a parameter is missing, parameters conflict, or there are too many'],
  [
    ['50017', '50018', '50019', '50020', '50021', '50022', '50023'],
    'position, currency or account frozen by auto-deleveraging or liquidation',
  ],
  ['50026', 'system error'],
  ['50027', 'account is restricted from trading'],
  ['50028', 'unable to take the order (account restriction)'],
  ['50029', 'blocked by risk control'],
  ['50030', 'no permission to use this endpoint'],
  ['50035', 'this endpoint requires a key bound to IP addresses'],
  ['50036', 'the request deadline (expTime) has passed'],
  ['50037', 'the order expired (expTime) before it was processed'],
  ['50038', 'feature unavailable in demo trading'],
  ['50040', 'operations too frequent'],
  ['50042', 'repeated request'],
  ['50061', 'sub-account order rate limit reached'],
  ['50071', 'a parameter value already exists (for example the client order id)'],
  ['50100', 'API trading is frozen for this user'],
  ['50101', 'APIKey does not match the current environment (live vs demo, or another region)'],
  ['50102', 'request timestamp expired (more than 30 s from OKX time)'],
  ['50103', 'header OK-ACCESS-KEY is empty'],
  ['50104', 'header OK-ACCESS-PASSPHRASE is empty'],
  ['50105', 'passphrase is incorrect'],
  ['50106', 'header OK-ACCESS-SIGN is empty'],
  ['50107', 'header OK-ACCESS-TIMESTAMP is empty'],
  ['50108', 'exchange id of the key does not exist'],
  ['50109', 'exchange domain of the key does not exist'],
  ['50110', "this IP is not on the key's IP whitelist"],
  ['50111', 'invalid OK-ACCESS-KEY'],
  ['50112', 'invalid OK-ACCESS-TIMESTAMP (malformed)'],
  ['50113', 'invalid signature'],
  ['50114', 'invalid authorization'],
  ['50115', 'invalid HTTP method'],
  ['50119', 'API key does not exist'],
  ['50120', 'the key lacks the permission for this function'],
  ['50121', 'access refused from this IP'],
  ['51000', 'a parameter is wrong (also: posSide missing in long/short position mode)'],
  ['51001', 'instrument id does not exist'],
  [['51002', '51012', '51014', '51015', '51026'], 'instrument, underlying, token or index does not exist or does not match'],
  [['51003', '51407'], 'an order id or a client order id is required'],
  ['51004', 'order exceeds the maximum position for the tier and leverage'],
  ['51005', 'order amount exceeds the maximum'],
  ['51006', 'order price is outside the price limit'],
  ['51007', 'order size is less than one contract'],
  ['51008', 'insufficient balance'],
  ['51008_1001', 'insufficient margin (sub-code 1001)'],
  ['51008_1003', 'insufficient margin (sub-code 1003)'],
  ['51008_1009', 'insufficient margin (sub-code 1009)'],
  ['51009', 'order placement is blocked for this account'],
  ['51010', 'not supported in the current account mode'],
  [['51011', '51016'], 'duplicate order id or client order id'],
  ['51020', 'order amount is below the minimum'],
  ['51021', 'instrument is not listed yet'],
  ['51022', 'instrument is suspended'],
  ['51023', 'position does not exist'],
  ['51024', 'trading account is blocked'],
  ['51027', 'contract has expired'],
  ['51028', 'contract is being delivered'],
  ['51029', 'contract is being settled'],
  ['51030', 'funding fee is being settled'],
  [
    ['51025', '51100', '51101', '51102', '51103', '51104', '51105', '51106', '51107', '51116', '51120', '51122'],
    'order count, size or price is outside the limits',
  ],
  [['51135', '51136', '51137', '51138', '51201', '51202', '51203', '51204', '51205'], 'order count, size or price is outside the limits'],
  ['51111', 'too many orders in one batch request'],
  ['51113', 'market-close requests too frequent'],
  [['51119', '51127', '51131'], 'insufficient balance, or the available balance is 0'],
  ['51121', 'order size is not a multiple of the lot size'],
  [['51149', '51054'], 'order request timed out; whether it was placed is unknown'],
  ['51150', 'price or size precision exceeds the limit'],
  [['51169', '51170'], 'reduce-only order conflicts with the open position'],
  ['51400', 'cancellation failed: the order is filled, canceled or does not exist'],
  ['51401', 'order is already canceled'],
  ['51402', 'order is already completed'],
  ['51403', 'this order type cannot be canceled'],
  ['51404', 'orders cannot be canceled during the call auction'],
  ['51405', 'there are no pending orders to cancel'],
  [['51406', '51501'], 'too many orders to cancel or amend in one request'],
  ['51410', 'order is already being canceled'],
  ['51412', 'cancellation timed out; whether it took effect is unknown'],
  ['51500', 'an amendment needs a new price, size or TP/SL'],
  ['51502', 'amendment failed: insufficient balance or margin'],
  [['51503', '51509', '51510'], 'amendment failed: the order is filled, canceled or does not exist'],
  [['51506', '51508', '51511'], 'amendment not allowed for this order type, during the auction, or for post-only'],
  ['51513', 'more than 3 amendments in flight for one order'],
  [['51600', '51601', '51602'], 'order query parameters are missing or conflict'],
  ['51603', 'order does not exist'],
  ['54000', 'margin trading is not supported'],
  ['54008', 'disabled by a mass cancellation'],
  ['54109', 'margin trading is not activated for this pair'],
  ['58001', 'incorrect trade (fund) password'],
  ['58002', 'savings account is not activated'],
  ['58004', 'account is blocked'],
  ['58101', 'transfer is suspended'],
  ['58102', 'transfers too frequent'],
  [['58203', '58207', '58221', '58222'], 'withdrawal address is invalid or not whitelisted'],
  ['58204', 'withdrawal is suspended'],
  [['58229', '58350'], 'insufficient (funding account) balance'],
  [['59000', '59100', '59101', '59107'], 'setting cannot change while positions or orders are open'],
  ['59102', 'leverage is above the maximum'],
  ['59105', 'leverage is below the minimum'],
  [['59103', '59106', '59108', '59109'], 'leverage change would leave too little margin'],
  ['59200', 'insufficient account balance'],
  ['59201', 'negative account balance'],
  ['59506', 'APIKey does not exist'],
  ['4088', 'identity must be verified again'],
  // WebSocket
  ['60001', 'WebSocket login: apiKey is empty'],
  ['60002', 'WebSocket login: sign is empty'],
  ['60003', 'WebSocket login: passphrase is empty'],
  ['60004', 'WebSocket login: invalid timestamp'],
  ['60005', 'WebSocket login: invalid apiKey'],
  ['60006', 'WebSocket login: timestamp expired'],
  ['60007', 'WebSocket login: invalid sign'],
  ['60008', 'WebSocket: this operation is not supported'],
  ['60009', 'WebSocket login failed'],
  ['60011', 'WebSocket: please log in first'],
  [['60012', '60013', '60017', '60019'], 'WebSocket: illegal request, arguments, URL or operation'],
  ['60014', 'WebSocket: requests too frequent'],
  ['60015', 'WebSocket: connection closed after 30 s idle'],
  ['60016', 'WebSocket: buffer is full'],
  ['60018', 'WebSocket: the channel or instrument does not exist'],
  [['60020', '60023'], 'WebSocket: too many subscriptions or requests'],
  ['60024', 'WebSocket login: wrong passphrase'],
  [['60029', '60030', '64003'], 'WebSocket: the VIP tier is too low for this channel'],
  ['60032', 'WebSocket login: API key does not exist'],
  ['63999', 'WebSocket: internal error'],
  [['64000', '64001', '64002'], 'WebSocket: wrong URL for this channel'],
  ['64008', 'WebSocket: service upgrade, reconnect'],
  // Legacy OKEx v3 (§4.2)
  ['30001', 'header OK-ACCESS-KEY is required'],
  ['30002', 'header OK-ACCESS-SIGN is blank'],
  ['30003', 'header OK-ACCESS-TIMESTAMP is blank'],
  ['30004', 'header OK-ACCESS-PASSPHRASE is blank'],
  ['30005', 'invalid OK-ACCESS-TIMESTAMP'],
  ['30006', 'invalid OK-ACCESS-KEY'],
  ['30007', 'invalid Content-Type'],
  ['30008', 'timestamp request expired'],
  ['30009', 'system error'],
  ['30010', 'API validation failed'],
  ['30011', 'invalid IP'],
  ['30012', 'invalid authorization'],
  ['30013', 'invalid sign'],
  [['30014', '30026'], 'requests too frequent'],
  ['30015', 'passphrase incorrect'],
  ['30016', 'a v1 key used on a v3 endpoint'],
  [['30017', '30018'], "the key's broker id or domain does not match"],
  [['30019', '30037'], 'API offline or unavailable'],
  ['30020', 'body is blank'],
  ['30021', 'JSON format error'],
  ['30022', 'API frozen'],
  [['30023', '30024', '30025'], 'a parameter is blank, invalid or of the wrong category'],
  ['30027', 'login failure'],
  ['30028', 'unauthorized execution'],
  ['30029', 'account suspended'],
  ['30030', 'endpoint request failed'],
  ['30031', 'token does not exist'],
  ['30032', 'pair does not exist'],
  [['30033', '30034'], 'exchange domain or id does not exist'],
  ['30035', 'trading is not supported on this site'],
  ['30036', 'no relevant data'],
  ['30038', 'matching engine upgrading'],
  [['30039', '30040'], 'undocumented in every source found'],
  ['32008', 'maximum positions to open reached (cross margin)'],
];

/** Built with the table, not at import: a bundle whose program never asks for the table drops both. */
function meaningsByCode(): ReadonlyMap<string, string> {
  return new Map(meanings.flatMap(([codes, meaning]) => (Array.isArray(codes) ? codes : [codes]).map((code) => [code, meaning] as const)));
}

const LIVE_GLOBAL = { region: 'global', demo: false } as const;

/** OKEx v3 codes (3xxxx) that older guides quote; OKX v5 never sends them. */
function legacyOf(code: string): string | undefined {
  return /^3\d{4}$/.test(code) ? 'OKEx v3' : undefined;
}

function row(code: string, meaningOf: ReadonlyMap<string, string>): ErrorCodeInfo {
  const [main = code, subCode] = code.split('_');
  // WebSocket codes read as a stream's error frame reads them. The hint of 50101 names the
  // environment in use; the table shows it for live trading on www.okx.com.
  const spec = Object.hasOwn(OKX_WS_ERROR_CODES, main)
    ? classifyOkxWsError(main, undefined)
    : classifyOkxCode(main, undefined, 200, LIVE_GLOBAL, undefined, subCode);
  return errorCodeInfo('okx', {
    code,
    meaning: meaningOf.get(code) ?? 'not described in the protocol notes',
    kind: spec.kind,
    hint: spec.hint,
    retryable: spec.retryable,
    outcomeUnknown: spec.outcomeUnknown,
    legacy: legacyOf(main),
  });
}

/** Codes with a sub-code that changes the kind, written `code_subCode` as OKX's docs write them. */
const SUB_CODES = ['51008_1001', '51008_1003', '51008_1009'];

let table: readonly ErrorCodeInfo[] | undefined;

/**
 * Every OKX code the adapter maps (REST, WebSocket, legacy v3), with the kind, hint and retry flag
 * of the error it becomes. Sub-codes that change the kind appear as `51008_1001`. Built on first
 * call, so importing the adapter costs nothing for it.
 */
export function okxErrorTable(): readonly ErrorCodeInfo[] {
  if (!table) {
    const meaningOf = meaningsByCode();
    const codes = [...Object.keys(OKX_ERROR_CODES), ...Object.keys(OKX_WS_ERROR_CODES), ...SUB_CODES];
    table = Object.freeze(codes.map((code) => row(code, meaningOf)));
  }
  return table;
}
