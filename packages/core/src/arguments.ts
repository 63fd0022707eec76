/**
 * Argument checks: one place decides what a symbol, an order id, a timestamp, a limit or an
 * options object may be, for every public method of every adapter. `BaseExchange` checks each call
 * against METHOD_ARGUMENTS before the adapter's code runs, so nothing is sent for a bad value; an
 * adapter uses the same helpers for what only it knows (its depth limits, its wire field names).
 *
 * Every check throws a typed error that names the argument and says what was expected. Values are
 * shown with describeValue (short strings whole, long ones only described), never through user
 * code, and lookups in tables go through ownValue, so `'constructor'` is never a market, a
 * timeframe or an endpoint.
 */
import { describeValue, isPlainObject } from './describe.js';
import { BadRequest, type ExchangeError, InvalidSymbol, type OrderState } from './errors.js';
import { decimalProblem } from './precision.js';
import { TIMEFRAME_MS } from './timeframes.js';

/** Checks one value; throws a typed error naming `name`. */
export type ArgumentCheck = (value: unknown, name: string, exchange: string) => void;

/** Refusal of a caller's value; `orderState` is set on order paths (nothing was sent). */
export function badArgument(exchange: string, message: string, hint: string, orderState?: OrderState): ExchangeError {
  return new BadRequest({ exchange, message, hint, orderState });
}

/** `table[key]` only when `key` is the table's own entry: never `constructor`, `toString` or `__proto__`. */
export function ownValue<T>(table: Readonly<Record<string, T>> | Readonly<Partial<Record<string, T>>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : undefined;
}

// ── scalar checks ────────────────────────────────────────────────────────────────────────────

/** Unified symbols are short printable ASCII: `BTC/USDT:USDT-251226`. */
const SYMBOL_TEXT = /^[\x21-\x7e]{1,64}$/;
/** Exchange order ids: digits on OKX, WEEX and v1; letters, `_`, `-`, `.` and `:` leave room for others. */
const ORDER_ID_TEXT = /^[A-Za-z0-9_.:-]{1,64}$/;
/** 2200-01-01: a `since` past it is not a millisecond timestamp. */
export const MAX_TIMESTAMP_MS = 7_258_118_400_000;
/** Seconds since 2001 (1e9) up to year 5138 (1e11) are not plausible as milliseconds (1970-01-12 … 1973-03-03). */
const SECONDS_LIKE_FROM = 1_000_000_000;
const SECONDS_LIKE_TO = 100_000_000_000;
/** Most entries a list argument may hold (symbols, ids, order requests). */
export const MAX_LIST_LENGTH = 1000;
/** Largest `limit` any method accepts. */
export const MAX_LIMIT = 100_000;
/** Largest leverage `setLeverage` accepts before asking the exchange. */
export const MAX_LEVERAGE = 1000;

/** Asserts `true` or `false`; `BadRequest` naming the argument otherwise. */
export function checkBoolean(value: unknown, name: string, exchange: string): asserts value is boolean {
  if (typeof value !== 'boolean') {
    throw badArgument(exchange, `${name} must be true or false, got ${describeValue(value)}`, `Pass ${name}: true or ${name}: false.`);
  }
}

/** Asserts one of `allowed`; `BadRequest` listing them otherwise. */
export function checkOneOf<T extends string>(
  value: unknown,
  name: string,
  exchange: string,
  allowed: readonly T[],
  orderState?: OrderState,
): asserts value is T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw badArgument(
      exchange,
      `${name} must be one of ${allowed.map((item) => `'${item}'`).join(', ')}, got ${describeValue(value)}`,
      `Pass ${name} as one of ${allowed.join(', ')} (case matters).`,
      orderState,
    );
  }
}

/** A unified symbol: a string (else BadRequest) that could name a market (else InvalidSymbol). */
export function checkSymbol(value: unknown, name: string, exchange: string): asserts value is string {
  if (typeof value !== 'string') {
    throw badArgument(
      exchange,
      `${name} must be a unified symbol string, got ${describeValue(value)}`,
      "Pass a symbol such as 'BTC/USDT' or 'BTC/USDT:USDT'; exchange.markets lists them all.",
    );
  }
  if (!SYMBOL_TEXT.test(value)) {
    throw new InvalidSymbol({
      exchange,
      message: `${name} ${describeValue(value)} is not a unified symbol`,
      hint: "Write BASE/QUOTE for spot ('BTC/USDT') and BASE/QUOTE:SETTLE for perpetuals ('BTC/USDT:USDT'); exchange.markets lists them all.",
    });
  }
}

/** Asserts a list of unified symbols (each checked as `checkSymbol`). */
export function checkSymbols(value: unknown, name: string, exchange: string): asserts value is string[] {
  checkList(value, name, exchange, 'symbols', "['BTC/USDT', 'ETH/USDT']");
  for (const [index, symbol] of value.entries()) checkSymbol(symbol, `${name}[${index}]`, exchange);
}

/** Asserts an order id: a non-empty string of the characters exchanges use in ids; `BadRequest` otherwise. */
export function checkOrderId(value: unknown, name: string, exchange: string): asserts value is string {
  if (typeof value !== 'string' || !ORDER_ID_TEXT.test(value)) {
    throw badArgument(
      exchange,
      `${name} must be the exchange's order id as a string, got ${describeValue(value)}`,
      'Pass Order.id exactly as createOrder or fetchOpenOrders returned it (a string: ids exceed 2^53 and lose digits as numbers).',
    );
  }
}

/**
 * Asserts a non-empty list of order ids (strings as `createOrder` returned them); `BadRequest` naming the
 * argument otherwise.
 */
export function checkOrderIds(value: unknown, name: string, exchange: string): asserts value is string[] {
  checkList(value, name, exchange, 'order ids', "['1234', '5678']");
  if (value.length === 0) {
    throw badArgument(
      exchange,
      `${name} must hold at least one order id`,
      "Pass ['1234', …]; to cancel everything use cancelAllOrders(symbol).",
    );
  }
  for (const [index, id] of value.entries()) checkOrderId(id, `${name}[${index}]`, exchange);
}

/** A millisecond timestamp: a whole number from 0 to 2200. */
export function checkSince(value: unknown, name: string, exchange: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_TIMESTAMP_MS) {
    throw badArgument(
      exchange,
      `${name} must be a timestamp in milliseconds (a whole number from 0), got ${describeValue(value)}`,
      `Pass ${name} like Date.now() - 3_600_000, or leave it out.`,
    );
  }
  if (value >= SECONDS_LIKE_FROM && value < SECONDS_LIKE_TO) {
    throw badArgument(exchange, `${name} ${value} looks like seconds, not milliseconds`, `Multiply by 1000: ${name} is in milliseconds.`);
  }
}

/**
 * Asserts a whole number of items from 1 to `max` (default `MAX_LIMIT`); `BadRequest` naming the argument
 * otherwise.
 */
export function checkLimit(value: unknown, name: string, exchange: string, max = MAX_LIMIT): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw badArgument(
      exchange,
      `${name} must be a whole number from 1 to ${max}, got ${describeValue(value)}`,
      `Pass ${name} like 100, or leave it out.`,
    );
  }
}

/** A unified timeframe (`1m` … `1M`); the adapter then maps it through its own table with ownValue. */
export function checkTimeframe(value: unknown, name: string, exchange: string): asserts value is string {
  if (ownValue(TIMEFRAME_MS, value) === undefined) {
    throw badArgument(
      exchange,
      `${name} must be a unified timeframe, got ${describeValue(value)}`,
      `Use one of ${Object.keys(TIMEFRAME_MS).join(', ')}.`,
    );
  }
}

/** An amount or price: a finite number or decimal string inside the library's decimal domain. */
export function checkNumeric(value: unknown, name: string, exchange: string, orderState?: OrderState): asserts value is number | string {
  const problem = decimalProblem(value);
  if (problem !== undefined) {
    throw badArgument(
      exchange,
      `${name} must be a decimal number or string; ${describeValue(value)} ${problem}`,
      `Pass ${name} as a finite number or a decimal string such as "0.01", zero or from 1e-18 to below 1e21.`,
      orderState,
    );
  }
}

/**
 * Asserts a finite leverage above 0 and at most `MAX_LEVERAGE`; `BadRequest` naming the argument
 * otherwise.
 */
export function checkLeverage(value: unknown, name: string, exchange: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_LEVERAGE) {
    throw badArgument(
      exchange,
      `${name} must be a positive number up to ${MAX_LEVERAGE}, got ${describeValue(value)}`,
      'Pass leverage like 5.',
    );
  }
}

function checkList(value: unknown, name: string, exchange: string, what: string, example: string): asserts value is unknown[] {
  if (!Array.isArray(value)) {
    throw badArgument(exchange, `${name} must be an array of ${what}, got ${describeValue(value)}`, `Pass ${example}.`);
  }
  if (value.length > MAX_LIST_LENGTH) {
    throw badArgument(exchange, `${name} holds ${value.length} ${what}; at most ${MAX_LIST_LENGTH} are accepted`, 'Split the call.');
  }
}

// ── objects ──────────────────────────────────────────────────────────────────────────────────

/**
 * The own fields of a plain object, copied (getters run once, here), with undefined values left
 * out. Anything else — an array, a class instance, a string — is refused, as is a field not in
 * `known`: a misspelt or unsupported option must not be silently ignored.
 */
export function readRecord(
  value: unknown,
  name: string,
  exchange: string,
  known: readonly string[] | undefined,
  orderState?: OrderState,
): Record<string, unknown> {
  if (!isPlainObject(value)) {
    throw badArgument(exchange, `${name} must be a plain object, got ${describeValue(value)}`, `Pass ${name} as { … }.`, orderState);
  }
  const copy: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  let keys: Array<string | symbol>;
  try {
    keys = Reflect.ownKeys(value);
  } catch {
    throw badArgument(exchange, `${name} cannot be read`, `Pass ${name} as a plain object literal.`, orderState);
  }
  for (const key of keys) {
    if (typeof key === 'symbol') {
      throw badArgument(exchange, `${name} has a symbol-keyed field`, `Use string keys in ${name}.`, orderState);
    }
    let field: unknown;
    try {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor?.enumerable) continue;
      field = descriptor.get ? descriptor.get.call(value) : descriptor.value;
    } catch {
      throw badArgument(
        exchange,
        `${name}.${key} cannot be read (its getter threw)`,
        `Pass ${name} as a plain object literal.`,
        orderState,
      );
    }
    if (field === undefined) continue;
    if (known && !known.includes(key)) {
      throw badArgument(
        exchange,
        `${name} has an unknown field ${describeValue(key)}`,
        `${name} accepts ${known.join(', ')}.${suggestion(key, known)}`,
        orderState,
      );
    }
    copy[key] = field;
  }
  return copy;
}

/** " Did you mean timeoutMs?" when `key` is a case change, one edit or a prefix away from a known name. */
export function suggestion(key: string, known: readonly string[]): string {
  const lower = key.toLowerCase();
  const close = (candidate: string) =>
    candidate === lower || editDistanceAtMostOne(candidate, lower) || (lower.length >= 4 && candidate.startsWith(lower));
  const match = known.find((candidate) => close(candidate.toLowerCase()));
  return match ? ` Did you mean ${match}?` : '';
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** Names an object may not carry as keys: they reach prototypes when a server or a library merges objects. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_TEXT = 4096;
const MAX_JSON_DEPTH = 6;
const MAX_JSON_ENTRIES = 1000;

/** What `checkParams` allows in a caller's `params` for one adapter method. */
export interface ParamsRules {
  /** Wire fields the adapter writes itself; `params` may not set them (compared case-insensitively). */
  owned: readonly string[];
  /** `form`: values are strings, numbers or booleans. `json`: nested arrays and objects too. */
  encoding: 'json' | 'form';
  /** Set on errors from order-creating methods (`not-placed`: the refusal happened before sending). */
  orderState?: OrderState;
}

/**
 * Exchange-specific fields a caller adds to a request (`params`): a plain object whose fields are
 * not the adapter's own (so `clOrdId` or `sz` cannot bypass the idempotency and size checks) and
 * whose values encode cleanly (no NaN, no `[object Object]`, no functions). Undefined and null
 * values are left out, as the serializers would.
 */
export function checkParams(value: unknown, name: string, exchange: string, rules: ParamsRules): Record<string, unknown> {
  if (value === undefined) return {};
  const fields = readRecord(value, name, exchange, undefined, rules.orderState);
  const owned = new Set(rules.owned.map((field) => field.toLowerCase()));
  const checked: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(fields)) {
    if (owned.has(key.toLowerCase())) {
      throw badArgument(
        exchange,
        `${name}.${key} is set by the adapter and cannot be overridden`,
        `Use the unified field instead (symbol, type, side, amount, price, clientOrderId, timeInForce, reduceOnly); ${name} may not set ${rules.owned.join(', ')}.`,
        rules.orderState,
      );
    }
    if (PROTOTYPE_KEYS.has(key)) {
      throw badArgument(exchange, `${name} may not have a field named ${key}`, `Remove ${key} from ${name}.`, rules.orderState);
    }
    if (field === null) continue;
    checkWireValue(field, `${name}.${key}`, exchange, rules.encoding === 'json' ? MAX_JSON_DEPTH : 0, rules.orderState);
    checked[key] = field;
  }
  return checked;
}

/** A value that serializes to what the caller meant: finite numbers, bounded strings, plain JSON. */
export function checkWireValue(value: unknown, name: string, exchange: string, depth: number, orderState?: OrderState): void {
  const refuse = (what: string): never => {
    throw badArgument(
      exchange,
      `${name} ${what}, got ${describeValue(value)}`,
      depth > 0
        ? `Pass ${name} as a string, a finite number, a boolean, or plain arrays and objects of those.`
        : `Pass ${name} as a string, a finite number or a boolean.`,
      orderState,
    );
  };
  switch (typeof value) {
    case 'string':
      if (value.length > MAX_TEXT) refuse(`is longer than ${MAX_TEXT} characters`);
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) refuse('is not a finite number');
      return;
    case 'object': {
      if (value === null) return;
      if (depth <= 0) refuse('must be a string, a number or a boolean');
      if (Array.isArray(value)) {
        if (value.length > MAX_JSON_ENTRIES) refuse(`has more than ${MAX_JSON_ENTRIES} entries`);
        for (const [index, item] of value.entries()) checkWireValue(item, `${name}[${index}]`, exchange, depth - 1, orderState);
        return;
      }
      const fields = readRecord(value, name, exchange, undefined, orderState);
      const entries = Object.entries(fields);
      if (entries.length > MAX_JSON_ENTRIES) refuse(`has more than ${MAX_JSON_ENTRIES} fields`);
      for (const [key, field] of entries) {
        if (PROTOTYPE_KEYS.has(key)) refuse(`has a field named ${key}`);
        checkWireValue(field, `${name}.${key}`, exchange, depth - 1, orderState);
      }
      return;
    }
    default:
      refuse('cannot be sent');
  }
}

// ── raw requests ─────────────────────────────────────────────────────────────────────────────

const RAW_REQUEST_FIELDS = ['method', 'path', 'query', 'body', 'signed'] as const;
const HTTP_METHODS = ['GET', 'POST', 'DELETE', 'PUT'] as const;
/** A path is printable ASCII without spaces, `?` or `#`: the query goes in `query`. */
const PATH_TEXT = /^\/[\x21-\x22\x24-\x3e\x40-\x7e]{0,2047}$/;

/** A `RawRequest` after `checkRawRequest`: method defaulted to GET, path checked. */
export interface CheckedRawRequest {
  /** HTTP method. */
  method: (typeof HTTP_METHODS)[number];
  /** Path on the exchange's host, starting with `/`. */
  path: string;
  /** Query parameters. */
  query?: Record<string, unknown>;
  /** Request body. */
  body?: unknown;
  /** Whether to sign. */
  signed?: boolean;
}

/**
 * Checks the argument of `request()`: known fields only, a method of GET/POST/PUT/DELETE, a path starting
 * with `/` and no origin; `BadRequest` otherwise, nothing sent.
 */
export function checkRawRequest(value: unknown, exchange: string): CheckedRawRequest {
  const fields = readRecord(value, 'request', exchange, RAW_REQUEST_FIELDS);
  const method = fields.method ?? 'GET';
  checkOneOf(method, 'request.method', exchange, HTTP_METHODS);
  const { path } = fields;
  if (typeof path !== 'string' || !PATH_TEXT.test(path)) {
    throw badArgument(
      exchange,
      `request.path must be a path starting with / (printable, no spaces, ? or #), got ${describeValue(path)}`,
      "Pass { method: 'GET', path: '/api/v5/market/ticker', query: { instId: 'BTC-USDT' } }.",
    );
  }
  const query =
    fields.query === undefined ? undefined : checkParams(fields.query, 'request.query', exchange, { owned: [], encoding: 'form' });
  if (fields.body !== undefined) checkWireValue(fields.body, 'request.body', exchange, MAX_JSON_DEPTH);
  if (fields.signed !== undefined) checkBoolean(fields.signed, 'request.signed', exchange);
  return { method, path, query, body: fields.body, signed: fields.signed as boolean | undefined };
}

// ── the public methods ───────────────────────────────────────────────────────────────────────

/** One argument of a unified method, for the argument checks every method runs before sending. */
export interface ArgumentSpec {
  /** The argument's name, as error messages call it. */
  name: string;
  /** Whether `undefined` is accepted. */
  optional: boolean;
  /** Throws a typed error naming the argument when the value is wrong. */
  check: ArgumentCheck;
}

/** The arguments of one unified method (`METHOD_ARGUMENTS`). */
export interface MethodSignature {
  /** In call order. */
  arguments: readonly ArgumentSpec[];
  /** Returns a value rather than a promise: a bad argument throws instead of rejecting. */
  sync?: boolean;
}

const required = (name: string, check: ArgumentCheck): ArgumentSpec => ({ name, optional: false, check });
const optional = (name: string, check: ArgumentCheck): ArgumentSpec => ({ name, optional: true, check });
const method = (...args: ArgumentSpec[]): MethodSignature => ({ arguments: args });
const syncMethod = (...args: ArgumentSpec[]): MethodSignature => ({ arguments: args, sync: true });

const BALANCE_TYPES = ['spot', 'swap', 'funding', 'trading'] as const;
const TRANSFER_ACCOUNTS = BALANCE_TYPES;
const MARGIN_MODES = ['cross', 'isolated'] as const;
const POSITION_SIDES = ['long', 'short'] as const;

function checkBalanceQuery(value: unknown, name: string, exchange: string): void {
  const query = readRecord(value, name, exchange, ['type']);
  if (query.type !== undefined) checkOneOf(query.type, `${name}.type`, exchange, BALANCE_TYPES);
}

/** The deepest book a stream keeps (streams/front.ts says so in its own words too). */
const MAX_STREAM_BOOK_DEPTH = 5_000;

function checkStreamBookOptions(value: unknown, name: string, exchange: string): void {
  const options = readRecord(value, name, exchange, ['depth']);
  if (options.depth !== undefined) checkLimit(options.depth, `${name}.depth`, exchange, MAX_STREAM_BOOK_DEPTH);
}

function checkLeverageOptions(value: unknown, name: string, exchange: string): void {
  const options = readRecord(value, name, exchange, ['marginMode', 'side', 'params']);
  if (options.marginMode !== undefined) checkOneOf(options.marginMode, `${name}.marginMode`, exchange, MARGIN_MODES);
  if (options.side !== undefined) checkOneOf(options.side, `${name}.side`, exchange, POSITION_SIDES);
  // Which wire fields params may not set is the adapter's to say (checkParams in setLeverage).
  if (options.params !== undefined) readRecord(options.params, `${name}.params`, exchange, undefined);
}

function checkCancelOptions(value: unknown, name: string, exchange: string): void {
  const options = readRecord(value, name, exchange, ['fetchFinalState', 'trigger']);
  if (options.fetchFinalState !== undefined) checkBoolean(options.fetchFinalState, `${name}.fetchFinalState`, exchange);
  if (options.trigger !== undefined) checkBoolean(options.trigger, `${name}.trigger`, exchange);
}

function checkOrderScope(value: unknown, name: string, exchange: string): void {
  const scope = readRecord(value, name, exchange, ['trigger']);
  if (scope.trigger !== undefined) checkBoolean(scope.trigger, `${name}.trigger`, exchange);
}

function checkOrderEdit(value: unknown, name: string, exchange: string): void {
  const edit = readRecord(value, name, exchange, ['amount', 'price', 'params']);
  if (edit.amount !== undefined) checkNumeric(edit.amount, `${name}.amount`, exchange);
  if (edit.price !== undefined) checkNumeric(edit.price, `${name}.price`, exchange);
  // Which wire fields params may not set is the adapter's to say.
  if (edit.params !== undefined) readRecord(edit.params, `${name}.params`, exchange, undefined);
}

function checkMarginMode(value: unknown, name: string, exchange: string): void {
  checkOneOf(value, name, exchange, MARGIN_MODES);
}

function checkPositionSide(value: unknown, name: string, exchange: string): void {
  checkOneOf(value, name, exchange, POSITION_SIDES);
}

function checkTransferAccount(value: unknown, name: string, exchange: string): void {
  checkOneOf(value, name, exchange, TRANSFER_ACCOUNTS);
}

function checkCurrency(value: unknown, name: string, exchange: string): void {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,20}$/.test(value)) {
    throw badArgument(
      exchange,
      `${name} must be a currency code such as 'USDT', got ${describeValue(value)}`,
      "Pass currency like 'USDT'.",
    );
  }
}

function checkTransferOptions(value: unknown, name: string, exchange: string): void {
  const options = readRecord(value, name, exchange, ['clientTransferId', 'params']);
  if (options.clientTransferId !== undefined && (typeof options.clientTransferId !== 'string' || options.clientTransferId === '')) {
    throw badArgument(exchange, `${name}.clientTransferId must be a non-empty string`, 'Omit it and one is generated.');
  }
  if (options.params !== undefined) readRecord(options.params, `${name}.params`, exchange, undefined);
}

function checkOrderRequestShape(value: unknown, name: string, exchange: string): void {
  if (!isPlainObject(value)) {
    throw badArgument(
      exchange,
      `${name} must be an order object, got ${describeValue(value)}`,
      "Pass one object: createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.01, price: 60000 }).",
      'not-placed',
    );
  }
}

function checkOrderRequests(value: unknown, name: string, exchange: string): void {
  checkList(value, name, exchange, 'order requests', '[{ symbol, type, side, amount, price }, …]');
  if (value.length === 0) {
    throw badArgument(
      exchange,
      `${name} must hold at least one order request`,
      'Pass [{ symbol, type, side, amount, price }, …].',
      'not-placed',
    );
  }
  for (const [index, request] of value.entries()) checkOrderRequestShape(request, `${name}[${index}]`, exchange);
}

function checkRawRequestArgument(value: unknown, _name: string, exchange: string): void {
  checkRawRequest(value, exchange);
}

/**
 * Every public method of `Exchange` and the checks its arguments get before an adapter sees them.
 * Only what holds on every exchange is checked here; what depends on the market (steps, limits,
 * the adapter's depth caps) is checked by the adapter with the same helpers. A method added to
 * `Exchange` gets a row here.
 */
export const METHOD_ARGUMENTS: Readonly<Record<string, MethodSignature>> = Object.freeze({
  loadMarkets: method(optional('reload', checkBoolean)),
  fetchMarkets: method(),
  market: syncMethod(required('symbol', checkSymbol)),
  fetchTime: method(),
  fetchTicker: method(required('symbol', checkSymbol)),
  fetchTickers: method(optional('symbols', checkSymbols)),
  fetchOrderBook: method(required('symbol', checkSymbol), optional('limit', checkLimit)),
  fetchTrades: method(required('symbol', checkSymbol), optional('since', checkSince), optional('limit', checkLimit)),
  fetchOHLCV: method(
    required('symbol', checkSymbol),
    optional('timeframe', checkTimeframe),
    optional('since', checkSince),
    optional('limit', checkLimit),
  ),
  fetchBalance: method(optional('query', checkBalanceQuery)),
  createOrder: method(required('request', checkOrderRequestShape)),
  createOrders: method(required('requests', checkOrderRequests)),
  cancelOrder: method(required('id', checkOrderId), required('symbol', checkSymbol), optional('options', checkCancelOptions)),
  cancelOrders: method(required('ids', checkOrderIds), required('symbol', checkSymbol), optional('options', checkCancelOptions)),
  cancelAllOrders: method(optional('symbol', checkSymbol), optional('options', checkCancelOptions)),
  editOrder: method(required('id', checkOrderId), required('symbol', checkSymbol), required('edit', checkOrderEdit)),
  fetchOrder: method(required('id', checkOrderId), required('symbol', checkSymbol)),
  fetchOpenOrders: method(optional('symbol', checkSymbol), optional('scope', checkOrderScope)),
  fetchClosedOrders: method(optional('symbol', checkSymbol), optional('since', checkSince), optional('limit', checkLimit)),
  fetchMyTrades: method(optional('symbol', checkSymbol), optional('since', checkSince), optional('limit', checkLimit)),
  fetchPositions: method(optional('symbols', checkSymbols)),
  setLeverage: method(required('leverage', checkLeverage), required('symbol', checkSymbol), optional('options', checkLeverageOptions)),
  fetchLeverage: method(required('symbol', checkSymbol)),
  setMarginMode: method(required('marginMode', checkMarginMode), required('symbol', checkSymbol)),
  setPositionMode: method(required('hedged', checkBoolean), optional('symbol', checkSymbol)),
  closePosition: method(required('symbol', checkSymbol), optional('side', checkPositionSide)),
  fetchFundingRate: method(required('symbol', checkSymbol)),
  fetchFundingRateHistory: method(required('symbol', checkSymbol), optional('since', checkSince), optional('limit', checkLimit)),
  fetchMarkPrice: method(required('symbol', checkSymbol)),
  fetchTradingFees: method(optional('symbols', checkSymbols)),
  fetchTradingFee: method(required('symbol', checkSymbol)),
  transfer: method(
    required('currency', checkCurrency),
    required('amount', checkNumeric),
    required('from', checkTransferAccount),
    required('to', checkTransferAccount),
    optional('options', checkTransferOptions),
  ),
  amountToPrecision: syncMethod(required('symbol', checkSymbol), required('amount', checkNumeric)),
  priceToPrecision: syncMethod(required('symbol', checkSymbol), required('price', checkNumeric)),
  request: method(required('request', checkRawRequestArgument)),
  // Streams return their Stream at once: their arguments are checked as a sync method's, and the
  // stream front checks what depends on the exchange (its channels, its balance types).
  watchTicker: syncMethod(required('symbol', checkSymbol)),
  watchOrderBook: syncMethod(required('symbol', checkSymbol), optional('options', checkStreamBookOptions)),
  watchTrades: syncMethod(required('symbol', checkSymbol)),
  watchOHLCV: syncMethod(required('symbol', checkSymbol), required('timeframe', checkTimeframe)),
  watchOrders: syncMethod(optional('symbol', checkSymbol)),
  watchMyTrades: syncMethod(optional('symbol', checkSymbol)),
  watchBalance: syncMethod(optional('query', checkBalanceQuery)),
  watchPositions: syncMethod(optional('symbols', checkSymbols)),
  close: method(),
});

/**
 * Checks a call's arguments against its signature: each one present when required, each value
 * accepted by its check, and nothing after the last (ccxt's trailing `params` argument does not
 * exist here; a silently ignored one would be worse than an error).
 */
export function checkMethodArguments(exchange: string, name: string, signature: MethodSignature, args: readonly unknown[]): void {
  const specs = signature.arguments;
  for (let index = specs.length; index < args.length; index++) {
    if (args[index] !== undefined) {
      const names = specs.map((spec) => spec.name).join(', ');
      throw badArgument(
        exchange,
        `${name} takes ${specs.length === 0 ? 'no arguments' : `at most ${specs.length} (${names})`}, got ${describeValue(args[index])} as argument ${index + 1}`,
        'Exchange-specific parameters go in an order’s params or through request().',
        name === 'createOrder' ? 'not-placed' : undefined,
      );
    }
  }
  specs.forEach((spec, index) => {
    const value = args[index];
    if (value === undefined) {
      if (spec.optional) return;
      throw badArgument(
        exchange,
        `${name} needs ${spec.name}`,
        `Pass ${spec.name} as argument ${index + 1}.`,
        name === 'createOrder' ? 'not-placed' : undefined,
      );
    }
    spec.check(value, spec.name, exchange);
  });
}
