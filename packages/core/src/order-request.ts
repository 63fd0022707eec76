/**
 * What an order request may say. A field is either a unified field (checked here), a known order
 * feature (a trigger price, an attached stop-loss…) that each adapter implements or refuses with
 * NotSupported, or unknown and refused with BadRequest. Nothing is dropped: a stop order whose
 * `triggerPrice` were ignored would go out as a market order.
 */
import { badArgument, checkBoolean, checkNumeric, checkOneOf, readRecord } from './arguments.js';
import { describeValue } from './describe.js';
import type { ExchangeError } from './errors.js';
import { NotSupported } from './errors.js';
import type { Numeric, OrderSide, OrderType, TimeInForce } from './types.js';

/** The unified fields of an order request; any other field must be a known order feature or is refused. */
export const ORDER_REQUEST_FIELDS = [
  'symbol',
  'type',
  'side',
  'amount',
  'price',
  'clientOrderId',
  'timeInForce',
  'reduceOnly',
  'params',
] as const;

/**
 * Order features users write in a request (ccxt's spelling), each with what it does. An adapter
 * that implements one says so in `BaseExchange.supportsOrderFeature`; every other adapter refuses
 * the order with NotSupported before anything is sent.
 */
export const ORDER_FEATURES = Object.freeze({
  triggerPrice: 'trigger (stop) orders',
  stopPrice: 'trigger (stop) orders',
  triggerDirection: 'trigger (stop) orders',
  triggerPriceType: 'trigger (stop) orders',
  stopLossPrice: 'stop-loss orders',
  takeProfitPrice: 'take-profit orders',
  stopLoss: 'a stop-loss attached to the order',
  takeProfit: 'a take-profit attached to the order',
  trailingAmount: 'trailing stops',
  trailingPercent: 'trailing stops',
  trailingTriggerPrice: 'trailing stops',
  cost: 'orders sized in quote currency',
  marginMode: 'a margin mode per order',
  leverage: 'a leverage per order',
  positionSide: 'choosing the position side',
  hedged: 'choosing the position side',
});

/** The name of an order feature a request may carry (`triggerPrice`, `stopLoss`, …). */
export type OrderFeature = keyof typeof ORDER_FEATURES;

/** Other libraries' and the exchanges' own names for unified fields, for the hint. */
const FIELD_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  postOnly: "timeInForce: 'PO'",
  clOrdId: 'clientOrderId',
  clientOid: 'clientOrderId',
  clientId: 'clientOrderId',
  newClientOrderId: 'clientOrderId',
  quantity: 'amount',
  qty: 'amount',
  size: 'amount',
  sz: 'amount',
  px: 'price',
  limitPrice: 'price',
  orderType: 'type',
  ordType: 'type',
  instId: 'symbol',
  market: 'symbol',
  tif: 'timeInForce',
  reduce_only: 'reduceOnly',
});

const ORDER_TYPES = ['limit', 'market'] as const;
const ORDER_SIDES = ['buy', 'sell'] as const;
const TIMES_IN_FORCE = ['GTC', 'IOC', 'FOK', 'PO'] as const;
const UNIFIED_FIELDS: ReadonlySet<string> = new Set(ORDER_REQUEST_FIELDS);
const FEATURE_FIELDS: ReadonlySet<string> = new Set(Object.keys(ORDER_FEATURES));

/** An order request with every unified field type-checked; market-dependent checks come after. */
export interface OrderRequestFields {
  /** Unified symbol. */
  symbol: string;
  /** Limit or market. */
  type: OrderType;
  /** Buy or sell. */
  side: OrderSide;
  /** Amount as given. */
  amount: Numeric;
  /** Price as given. */
  price?: Numeric;
  /** Client order id as given. */
  clientOrderId?: string;
  /** Time in force as given. */
  timeInForce?: TimeInForce;
  /** Reduce-only flag as given. */
  reduceOnly?: boolean;
  /** Unchecked: which wire fields it may set is the adapter's to say (checkParams). */
  params?: unknown;
  /** Order features present in the request, by name, values as given. */
  features: Partial<Record<OrderFeature, unknown>>;
}

/**
 * Reads an order request: a plain object of known fields with values of the right types. A
 * field that is null counts as absent, as it always has for price and timeInForce.
 */
export function readOrderRequest(exchange: string, value: unknown, name = 'request'): OrderRequestFields {
  const fields = readRecord(value, name, exchange, undefined, 'not-placed');
  // Most orders carry no feature field: then the features are not looked for one by one.
  let hasFeature = false;
  for (const key of Object.keys(fields)) {
    if (UNIFIED_FIELDS.has(key)) continue;
    if (FEATURE_FIELDS.has(key)) {
      hasFeature = true;
      continue;
    }
    const alias = Object.hasOwn(FIELD_ALIASES, key) ? FIELD_ALIASES[key] : undefined;
    throw badArgument(
      exchange,
      `${name} has an unknown field ${describeValue(key)}; nothing was sent`,
      alias
        ? `Write ${alias} instead of ${key}.`
        : `An order takes ${ORDER_REQUEST_FIELDS.join(', ')}; exchange-specific wire fields go in params.`,
      'not-placed',
    );
  }
  const present = (key: string): boolean => fields[key] !== undefined && fields[key] !== null;
  const { symbol } = fields;
  if (typeof symbol !== 'string') {
    throw badArgument(
      exchange,
      `${name}.symbol must be a unified symbol string, got ${describeValue(symbol)}`,
      "Pass symbol: 'BTC/USDT'.",
      'not-placed',
    );
  }
  checkOneOf(fields.type, `${name}.type`, exchange, ORDER_TYPES, 'not-placed');
  checkOneOf(fields.side, `${name}.side`, exchange, ORDER_SIDES, 'not-placed');
  checkNumeric(fields.amount, `${name}.amount`, exchange, 'not-placed');
  if (present('price')) checkNumeric(fields.price, `${name}.price`, exchange, 'not-placed');
  if (present('timeInForce')) checkOneOf(fields.timeInForce, `${name}.timeInForce`, exchange, TIMES_IN_FORCE, 'not-placed');
  if (present('reduceOnly')) {
    try {
      checkBoolean(fields.reduceOnly, `${name}.reduceOnly`, exchange);
    } catch {
      // A string 'true' must not open a position where the caller meant to reduce one.
      throw badArgument(
        exchange,
        `${name}.reduceOnly must be true or false, got ${describeValue(fields.reduceOnly)}`,
        'Pass reduceOnly: true (a boolean, not a string).',
        'not-placed',
      );
    }
  }
  if (present('clientOrderId') && typeof fields.clientOrderId !== 'string') {
    throw badArgument(
      exchange,
      `${name}.clientOrderId must be a string, got ${describeValue(fields.clientOrderId)}`,
      'Pass clientOrderId as a string, or omit it and one is generated.',
      'not-placed',
    );
  }
  const features: Partial<Record<OrderFeature, unknown>> = {};
  // In ORDER_FEATURES order, whatever the request's: the first refused feature is named by it.
  if (hasFeature) {
    for (const feature of Object.keys(ORDER_FEATURES) as OrderFeature[]) {
      if (present(feature)) features[feature] = fields[feature];
    }
  }
  return {
    symbol,
    type: fields.type,
    side: fields.side,
    amount: fields.amount,
    price: present('price') ? (fields.price as Numeric) : undefined,
    clientOrderId: present('clientOrderId') ? (fields.clientOrderId as string) : undefined,
    timeInForce: present('timeInForce') ? (fields.timeInForce as TimeInForce) : undefined,
    reduceOnly: present('reduceOnly') ? (fields.reduceOnly as boolean) : undefined,
    params: present('params') ? fields.params : undefined,
    features,
  };
}

/** The refusal of an order feature an adapter does not implement (on this market). */
export function unsupportedOrderFeature(exchange: string, feature: OrderFeature, symbol: string): ExchangeError {
  return new NotSupported({
    exchange,
    message: `${exchange} does not support ${ORDER_FEATURES[feature]} (${feature}) on ${symbol}; the order was not sent`,
    orderState: 'not-placed',
    hint: `Remove ${feature}, or place it with request() on the exchange's own endpoint. It is never dropped silently: without it the order would be a different order.`,
  });
}
