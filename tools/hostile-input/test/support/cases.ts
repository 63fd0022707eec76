/**
 * Generators of arguments for every public method: for each argument position a generator of
 * valid values (what a careful caller passes) and one of invalid values (what a careless or
 * hostile one does). An invalid call corrupts one position and keeps the others valid, so the
 * refusal must come from that position; a valid call may still fail (an order the venue rejects),
 * but only with a typed error and with clean content on the wire.
 */
import type { Exchange, Market } from '@exchange-adapters/core';
import fc from 'fast-check';

export interface MethodCase {
  name: string;
  /** Arguments with exactly one position corrupted (or one argument too many). */
  invalid: fc.Arbitrary<unknown[]>;
  valid: fc.Arbitrary<unknown[]>;
  /** Calls it; sync methods throw instead of rejecting. */
  call: (exchange: Exchange, args: unknown[]) => unknown;
}

export interface CaseContext {
  symbols: readonly string[];
  markets: Readonly<Record<string, Market>>;
  /** A price inside every book, for valid limit orders that rest. */
  restingPrice: (symbol: string) => string;
  /** Unified timeframes this exchange offers. */
  timeframes: readonly string[];
  /** Wire fields params may not set on this adapter. */
  ownedOrderFields: readonly string[];
  ownedLeverageFields: readonly string[];
  /** The credentials, so the suite also passes them where they do not belong. */
  secrets: readonly string[];
  /** Raw paths of public GET endpoints. */
  publicPaths: readonly string[];
}

const MAX_TIMESTAMP_MS = 7_258_118_400_000;

/** Values no method should ever accept in any position, and that break naive code. */
function poison(secrets: readonly string[]): fc.Arbitrary<unknown> {
  // A field whose getter throws (a revoked Proxy would be better, but fast-check cannot carry one).
  const throwingGetter = Object.defineProperty({}, 'symbol', {
    enumerable: true,
    get() {
      throw new Error('hostile getter');
    },
  });
  return fc.oneof(
    fc.constantFrom<unknown>(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      null,
      true,
      Symbol('hostile'),
      10n,
      () => 'BTC/USDT',
      new Date(0),
      new Map(),
      throwingGetter,
      { toString: () => 'BTC/USDT' },
      {
        toString() {
          throw new Error('toString called');
        },
      },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      Object.create(null),
      [],
      ['BTC/USDT'],
      'constructor',
      'toString',
      '__proto__',
      'hasOwnProperty',
      '',
      ' ',
      'NaN',
      'undefined',
      '1e-999999',
      '1e99999999999',
      'x'.repeat(1 << 20),
      'BTC-USDT',
      'btc_usdt',
      'BTCUSDT',
      'BTC/USDT ',
      'BTC/USDT\u0000',
      '../../etc/passwd',
      '%00',
      ...secrets,
      ...secrets.map((secret) => encodeURIComponent(`${secret} !#`)),
    ),
    fc
      .anything({ withBigInt: true, withBoxedValues: true, withMap: true, withNullPrototype: true })
      .filter((value) => typeof value !== 'undefined'),
  );
}

const isMarketSymbol = (markets: Readonly<Record<string, Market>>, value: unknown) =>
  typeof value === 'string' && Object.hasOwn(markets, value);
const isSince = (value: unknown) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIMESTAMP_MS && !(value >= 1e9 && value < 1e11);
/** `{}`, `Object.create(null)` or `{ a: undefined }`: an options object that says nothing. */
const isEmptyRecord = (value: unknown) => {
  try {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return false;
    return Reflect.ownKeys(value).every((key) => typeof key === 'string' && (value as Record<string, unknown>)[key] === undefined);
  } catch {
    return false; // a revoked Proxy
  }
};
/** A decimal a caller may pass (zero, or 1e-18 ≤ |x| < 1e21, at most 64 characters), as the spec says. */
const isDecimalInput = (value: unknown) => {
  if (typeof value === 'string') {
    if (value.length > 64 || !/^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d{1,4})?\s*$/i.test(value)) return false;
    value = Number(value);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  return value === 0 || (Math.abs(value) >= 1e-18 && Math.abs(value) < 1e21);
};
/** A positive decimal: what an order accepts as an amount or price before its market's steps and limits. */
const isPositiveDecimal = (value: unknown) => isDecimalInput(value) && Number(value) > 0;
const isLimit = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100_000;

interface Position {
  valid: fc.Arbitrary<unknown>;
  invalid: fc.Arbitrary<unknown>;
  optional: boolean;
}

/** Exactly one corrupted position, or one argument too many. */
function corrupt(positions: readonly Position[], poisonValues: fc.Arbitrary<unknown>): fc.Arbitrary<unknown[]> {
  const valid = fc.tuple(
    ...positions.map((position) => (position.optional ? fc.option(position.valid, { nil: undefined }) : position.valid)),
  );
  const extra = valid.chain((args) => poisonValues.filter((value) => value !== undefined).map((value) => [...args, value]));
  if (positions.length === 0) return extra;
  const oneBad = fc
    .tuple(valid, fc.nat({ max: positions.length - 1 }))
    .chain(([args, index]) =>
      (positions[index] as Position).invalid.map((bad) => args.map((value, at) => (at === index ? bad : value)) as unknown[]),
    );
  return fc.oneof({ arbitrary: oneBad, weight: 9 }, { arbitrary: extra, weight: 1 });
}

function validArgs(positions: readonly Position[]): fc.Arbitrary<unknown[]> {
  return fc.tuple(...positions.map((position) => (position.optional ? fc.option(position.valid, { nil: undefined }) : position.valid)));
}

export function methodCases(context: CaseContext): MethodCase[] {
  const { markets, symbols } = context;
  const bad = poison(context.secrets);
  const symbol: Position = {
    valid: fc.constantFrom(...symbols),
    invalid: fc.oneof(bad, fc.string()).filter((value) => value !== undefined && !isMarketSymbol(markets, value)),
    optional: false,
  };
  const required = (position: Position): Position => ({ ...position, invalid: fc.oneof(position.invalid, fc.constant(undefined)) });
  const optionalSymbol: Position = { ...symbol, optional: true };
  const symbolsList: Position = {
    valid: fc.subarray([...symbols]),
    invalid: fc.oneof(
      bad.filter((value) => !Array.isArray(value) || value.some((item) => !isMarketSymbol(markets, item))),
      fc.array(symbol.invalid, { minLength: 1, maxLength: 3 }),
      fc.constant(new Array(1001).fill(symbols[0])),
    ),
    optional: true,
  };
  const since: Position = {
    valid: fc.oneof(fc.integer({ min: 1_600_000_000_000, max: 1_800_000_000_000 }), fc.constant(0)),
    invalid: fc
      .oneof(bad, fc.double(), fc.integer({ min: 1_000_000_000, max: 99_999_999_999 }))
      .filter((value) => value !== undefined && !isSince(value)),
    optional: true,
  };
  const limit: Position = {
    valid: fc.integer({ min: 1, max: 500 }),
    invalid: fc
      .oneof(bad, fc.double(), fc.integer({ min: -5, max: 0 }), fc.integer({ min: 100_001 }))
      .filter((value) => value !== undefined && !isLimit(value)),
    optional: true,
  };
  const timeframe: Position = {
    valid: fc.constantFrom(...context.timeframes),
    invalid: fc
      .oneof(bad, fc.constantFrom('1s', '60', '1H', '1D', 'hour', '1min', '1 m'))
      .filter((value) => value !== undefined && !(typeof value === 'string' && context.timeframes.includes(value))),
    optional: true,
  };
  const orderId: Position = {
    valid: fc.stringMatching(/^[1-9]\d{5,18}$/),
    invalid: fc
      .oneof(bad, fc.integer(), fc.constantFrom('', ' 1', '1 2', '1;DROP', '１２３', 'a/b', '9'.repeat(65)))
      .filter((value) => value !== undefined && !(typeof value === 'string' && /^[A-Za-z0-9_.:-]{1,64}$/.test(value))),
    optional: false,
  };
  const orderIds: Position = {
    valid: fc.array(orderId.valid, { minLength: 1, maxLength: 4 }),
    invalid: fc.oneof(
      bad.filter((value) => !Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string')),
      fc.constant([]),
      fc.array(orderId.invalid, { minLength: 1, maxLength: 2 }),
    ),
    optional: false,
  };
  const balanceQuery: Position = {
    valid: fc.oneof(fc.constant({}), fc.constantFrom({ type: 'spot' }, { type: 'swap' })),
    invalid: fc.oneof(
      bad.filter((value) => value !== undefined && !isEmptyRecord(value)),
      fc.constantFrom({ type: 'future' }, { type: 'SPOT' }, { type: 'spot', account: 'x' }, { code: 'USDT' }),
    ),
    optional: true,
  };
  const leverage: Position = {
    valid: fc.integer({ min: 1, max: 20 }),
    invalid: fc
      .oneof(bad, fc.constantFrom(0, -1, 1001, '10', Number.NaN))
      .filter((value) => value !== undefined && !(typeof value === 'number' && value > 0 && value <= 1000 && Number.isFinite(value))),
    optional: false,
  };
  const leverageOptions: Position = {
    valid: fc.constantFrom({}, { marginMode: 'cross' }, { marginMode: 'isolated', side: 'long' }),
    invalid: fc.oneof(
      fc.constantFrom('cross', [], { marginMode: 'CROSS' }, { side: 'both' }, { mode: 'cross' }, { params: 'x' }, { params: [1] }),
      fc.constantFrom(...context.ownedLeverageFields).map((field) => ({ params: { [field]: '5' } })),
    ),
    optional: true,
  };
  const cancelOptions: Position = {
    valid: fc.constantFrom({}, { fetchFinalState: true }, { fetchFinalState: false }),
    invalid: fc.oneof(
      bad.filter((value) => value !== undefined && !isEmptyRecord(value)),
      fc.constantFrom({ fetchFinalState: 'true' }, { fetchFinalState: 1 }, { final: true }, { params: {} }, [true]),
    ),
    optional: true,
  };
  const orderScope: Position = {
    valid: fc.constantFrom({}, { trigger: true }, { trigger: false }),
    invalid: fc.oneof(
      bad.filter((value) => value !== undefined && !isEmptyRecord(value)),
      fc.constantFrom({ trigger: 'yes' }, { trigger: 1 }, { algo: true }, [true]),
    ),
    optional: true,
  };
  const numeric = (field: 'amount' | 'price'): Position => ({
    valid: fc.oneof(fc.double({ min: 0.0001, max: 100_000, noNaN: true }), fc.constantFrom('0.01', '123.456', '1e-3')),
    invalid: fc
      .oneof(bad, fc.constantFrom('abc', '1,5', '0x10', '1e400', '1e-19', `${field}`, '--1'))
      .filter((value) => value !== undefined && !isDecimalInput(value)),
    optional: false,
  });

  const orders = orderArbitraries(context, bad);
  const rawRequest: Position = {
    valid: fc.record({ method: fc.constant('GET'), path: fc.constantFrom(...context.publicPaths) }),
    invalid: fc.oneof(
      bad.filter((value) => value !== undefined),
      fc.constantFrom(
        { method: 'GET', path: 'api/v5/public/time' },
        { method: 'GET', path: '/api?x=1' },
        { method: 'GET', path: '/a b' },
        { method: 'GET', path: `/${'a'.repeat(3000)}` },
        { method: 'TRACE', path: '/api' },
        { method: 'GET', path: '/api', query: { a: {} } },
        { method: 'GET', path: '/api', query: { a: Number.NaN } },
        { method: 'GET', path: '/api', query: 'a=1' },
        { method: 'POST', path: '/api', body: { a: 10n } },
        { method: 'POST', path: '/api', body: { a: () => 1 } },
        { method: 'GET', path: '/api', signed: 'yes' },
        { method: 'GET', path: '/api', headers: { a: '1' } },
        { method: 'GET', url: '/api' },
      ),
    ),
    optional: false,
  };

  const define = (name: string, positions: Position[], call?: MethodCase['call']): MethodCase => ({
    name,
    invalid: corrupt(
      positions.map((position) => (position.optional ? position : required(position))),
      bad,
    ),
    valid: validArgs(positions),
    call: call ?? ((exchange, args) => (exchange as unknown as Record<string, (...a: unknown[]) => unknown>)[name]?.(...args)),
  });

  const bookOptions: Position = {
    valid: fc.oneof(
      fc.constant({}),
      fc.integer({ min: 1, max: 400 }).map((depth) => ({ depth })),
    ),
    invalid: fc.oneof(
      bad.filter((value) => value !== undefined && !isEmptyRecord(value)),
      fc.constantFrom({ depth: 0 }, { depth: 1.5 }, { depth: 5001 }, { depth: '5' }, { depth: Number.NaN }, { levels: 5 }),
    ),
    optional: true,
  };
  /** A watch* method: its Stream is closed before it starts, so nothing is ever sent. */
  const watch = (name: string, positions: Position[]): MethodCase =>
    define(name, positions, (exchange, args) => {
      const stream = (exchange as unknown as Record<string, (...a: unknown[]) => { close(): Promise<void> }>)[name]?.(...args);
      void stream?.close();
      return { stream: name };
    });

  return [
    define('loadMarkets', [
      { valid: fc.boolean(), invalid: bad.filter((value) => typeof value !== 'boolean' && value !== undefined), optional: true },
    ]),
    define('market', [symbol]),
    define('fetchTime', []),
    define('fetchTicker', [symbol]),
    define('fetchTickers', [symbolsList]),
    define('fetchOrderBook', [symbol, { ...limit, valid: fc.integer({ min: 1, max: 200 }) }]),
    define('fetchTrades', [symbol, since, limit]),
    define('fetchOHLCV', [symbol, timeframe, since, limit]),
    define('fetchBalance', [balanceQuery]),
    define('createOrder', [orders.request]),
    define('createOrders', [orders.requests]),
    define('cancelOrder', [orderId, symbol, cancelOptions]),
    define('cancelOrders', [orderIds, symbol, cancelOptions]),
    define('cancelAllOrders', [optionalSymbol, cancelOptions]),
    define('fetchOrder', [orderId, symbol]),
    define('fetchOpenOrders', [optionalSymbol, orderScope]),
    define('fetchClosedOrders', [optionalSymbol, since, limit]),
    define('fetchMyTrades', [optionalSymbol, since, limit]),
    define('fetchPositions', [symbolsList]),
    define('setLeverage', [leverage, symbol, leverageOptions]),
    define('amountToPrecision', [symbol, numeric('amount')]),
    define('priceToPrecision', [symbol, numeric('price')]),
    define('request', [rawRequest]),
    // Streams: checked at the call, which returns the Stream at once (closed here, never started).
    watch('watchTicker', [symbol]),
    watch('watchOrderBook', [symbol, bookOptions]),
    watch('watchTrades', [symbol]),
    watch('watchOHLCV', [symbol, { ...timeframe, optional: false }]),
    watch('watchOrders', [optionalSymbol]),
    watch('watchMyTrades', [optionalSymbol]),
    watch('watchBalance', [balanceQuery]),
    watch('watchPositions', [symbolsList]),
  ];
}

/** A valid order of a market, resting away from the touch, at the market's smallest size. */
function validOrder(context: CaseContext): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...context.symbols).chain((symbol) => {
    const market = context.markets[symbol] as Market;
    const amount = String(market.limits.amount.min ?? market.precision.amount);
    return fc.record({
      symbol: fc.constant(symbol),
      type: fc.constant('limit'),
      side: fc.constant('buy'),
      amount: fc.constant(amount),
      price: fc.constant(context.restingPrice(symbol)),
    });
  });
}

const ORDER_FEATURES = [
  'triggerPrice',
  'stopPrice',
  'stopLossPrice',
  'takeProfitPrice',
  'stopLoss',
  'takeProfit',
  'trailingPercent',
  'cost',
  'leverage',
  'marginMode',
];
const ORDER_FIELDS = [
  'symbol',
  'type',
  'side',
  'amount',
  'price',
  'clientOrderId',
  'timeInForce',
  'reduceOnly',
  'params',
  ...ORDER_FEATURES,
];

function orderArbitraries(context: CaseContext, bad: fc.Arbitrary<unknown>) {
  const base = validOrder(context);
  const set = (field: string, values: fc.Arbitrary<unknown>) =>
    fc.tuple(base, values).map(([order, value]) => ({ ...order, [field]: value }));
  const numberLike = fc
    .oneof(bad, fc.constantFrom('abc', '1e400', '-1', '0', -1, 0, '1e-19'))
    .filter((value) => value !== undefined && value !== null && !isPositiveDecimal(value));
  const mutations = fc.oneof(
    set(
      'symbol',
      bad.filter((value) => !isMarketSymbol(context.markets, value) && value !== undefined),
    ),
    set(
      'type',
      bad.filter((value) => value !== 'limit' && value !== 'market' && value !== undefined),
    ),
    set('type', fc.constantFrom('LIMIT', 'stop', 'Market', 'stop_limit')),
    set('side', fc.constantFrom('BUY', 'long', 'Sell', 0, null)),
    set('amount', numberLike),
    set('price', numberLike),
    set('timeInForce', fc.constantFrom('gtc', 'GTD', 'DAY', 5, {}, [])),
    set('reduceOnly', fc.constantFrom('true', 'false', 1, 0, {}, [])),
    set('clientOrderId', fc.constantFrom(123, '', 'has space', 'x'.repeat(65), 'ü', {}, [])),
    set('params', fc.constantFrom('abc', ['a'], 5, true, new Date(0))),
    set(
      'params',
      fc
        .record({ key: fc.constantFrom(...context.ownedOrderFields), value: fc.constantFrom('1', 1, 'x') })
        .map(({ key, value }) => ({ [key]: value })),
    ),
    set(
      'params',
      fc.constantFrom({ tag: Number.NaN }, { tag: () => 1 }, { tag: 10n }, { tag: Symbol('s') }, JSON.parse('{"__proto__": 1}')),
    ),
    fc
      .tuple(base, fc.constantFrom(...ORDER_FEATURES), fc.constantFrom<unknown>(49_000, '49000', { triggerPrice: 1 }, true))
      .map(([order, feature, value]) => ({
        ...order,
        [feature]: value,
      })),
    fc
      .tuple(
        base,
        fc.string({ minLength: 1, maxLength: 12 }).filter((key) => !ORDER_FIELDS.includes(key)),
        fc.jsonValue().filter((value) => value !== null),
      )
      .map(([order, key, value]) =>
        Object.defineProperty({ ...order }, key, { value, enumerable: true, writable: true, configurable: true }),
      ),
    base.map((order) => ({ ...order, price: undefined })),
    base.map((order) => ({ ...order, type: 'market', timeInForce: 'PO' })),
    base.filter((order) => (context.markets[order.symbol as string] as Market).spot).map((order) => ({ ...order, reduceOnly: true })),
    base.map((order) => {
      const market = context.markets[order.symbol as string] as Market;
      // Half a step above the smallest size: not a whole number of steps (or lots).
      return { ...order, amount: String(Number(order.amount) + market.precision.amount / 2) };
    }),
    base.map((order) => ({ ...order, amount: String(Number(order.amount) / 10) })),
  );
  const request = {
    valid: base,
    invalid: fc.oneof({ arbitrary: mutations, weight: 9 }, { arbitrary: bad.filter((value) => value !== undefined), weight: 1 }),
    optional: false,
  };
  const requests = {
    valid: fc.array(base, { minLength: 1, maxLength: 3 }),
    invalid: fc.oneof(
      fc.tuple(fc.array(base, { maxLength: 2 }), mutations).map(([good, one]) => [...good, one]),
      fc.constant([]),
      bad.filter((value) => value !== undefined && !Array.isArray(value)),
    ),
    optional: false,
  };
  return { request, requests };
}
