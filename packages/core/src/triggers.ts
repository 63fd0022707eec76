/**
 * Local checks of trigger orders and attached take-profit / stop-loss legs (pure functions). An
 * order that could only fire at once, or never, is refused before anything is sent: a buy stop
 * must sit above the market, a long's stop-loss below its entry and its take-profit above.
 */
import type { Decimal } from './decimal.js';
import { BadRequest, InvalidOrder, NotSupported } from './errors.js';
import { checkOrderPrice, formatDecimal, toDecimal } from './precision.js';
import type { AttachedTrigger, Market, OrderFeatures, OrderRequest, OrderSide, TriggerDirection, TriggerPriceType } from './types.js';

/** An attached leg after local checks: prices on the tick, as exact decimal strings. */
export interface PreparedLeg {
  /** On the tick, decimal string. */
  triggerPrice: string;
  /** Absent: the leg executes at market. */
  price?: string;
  /** The price it watches. */
  triggerPriceType: TriggerPriceType;
}

/** What the trigger checks read of an order request. */
export type TriggerRequest = Pick<
  OrderRequest,
  'side' | 'reduceOnly' | 'triggerPrice' | 'triggerDirection' | 'triggerPriceType' | 'stopLoss' | 'takeProfit'
>;

/** The trigger fields of an order request after local checks. */
export interface PreparedTriggers {
  /** On the tick, decimal string. */
  triggerPrice?: string;
  /** Which way the price must cross. */
  triggerDirection?: TriggerDirection;
  /** The price it watches. */
  triggerPriceType?: TriggerPriceType;
  /** The attached stop-loss leg. */
  stopLoss?: PreparedLeg;
  /** The attached take-profit leg. */
  takeProfit?: PreparedLeg;
}

/** A market type that takes no orders on this exchange (instance). */
export const NO_ORDER_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  timeInForce: Object.freeze([] as const),
  postOnly: false,
  reduceOnly: false,
  maxCreateBatch: 0,
  maxCancelBatch: 0,
  triggerPrice: false,
  stopLoss: false,
  takeProfit: false,
  triggerPriceTypes: Object.freeze(['last'] as const),
  attachedLimitPrice: false,
});

const DIRECTIONS = new Set<unknown>(['above', 'below']);
const PRICE_TYPES = new Set<unknown>(['last', 'mark', 'index']);

function notPlaced(exchange: string, message: string, hint: string): BadRequest {
  return new BadRequest({ exchange, message, hint, orderState: 'not-placed' });
}

/**
 * The refusal of an order field a market type does not take (`has.orderFeatures[type][field]`
 * false, or a value its list leaves out): NotSupported, nothing sent, the hint naming the field.
 */
export function refusedOrderFeature(exchange: string, field: keyof OrderFeatures, market: Market, what: string = field): NotSupported {
  return new NotSupported({
    exchange,
    message: `${exchange} does not take ${what} on ${market.type} markets such as ${market.symbol}`,
    orderState: 'not-placed',
    hint: `exchange.has.orderFeatures.${market.type}.${field} says what a market type takes; check it before sending. Nothing was sent.`,
  });
}

const refused = refusedOrderFeature;

function priceType(exchange: string, value: unknown, features: OrderFeatures, market: Market, field: string): TriggerPriceType {
  if (value === undefined) return features.triggerPriceTypes[0] ?? 'last';
  if (!PRICE_TYPES.has(value)) {
    throw notPlaced(
      exchange,
      `${field} must be 'last', 'mark' or 'index', got ${JSON.stringify(value)}`,
      'Omit it to watch the last price.',
    );
  }
  const type = value as TriggerPriceType;
  if (!features.triggerPriceTypes.includes(type)) {
    throw new NotSupported({
      exchange,
      message: `${exchange} triggers on ${market.type} markets watch ${features.triggerPriceTypes.join(' or ')}, not ${type}`,
      orderState: 'not-placed',
      hint: `Pass ${field}: '${features.triggerPriceTypes[0] ?? 'last'}' or omit it.`,
    });
  }
  return type;
}

function prepareLeg(
  exchange: string,
  leg: AttachedTrigger | undefined,
  name: 'stopLoss' | 'takeProfit',
  market: Market,
  features: OrderFeatures,
): PreparedLeg | undefined {
  if (leg === undefined || leg === null) return undefined;
  if (!features[name]) throw refused(exchange, name, market);
  if (typeof leg !== 'object' || leg.triggerPrice === undefined || leg.triggerPrice === null) {
    throw notPlaced(exchange, `${name} needs a triggerPrice`, `Pass ${name}: { triggerPrice: 61000 } (and price for a limit leg).`);
  }
  if (leg.price !== undefined && leg.price !== null && !features.attachedLimitPrice) {
    throw new NotSupported({
      exchange,
      message: `${exchange} executes attached ${name} legs at market; a limit price cannot be given`,
      orderState: 'not-placed',
      hint: `Omit ${name}.price.`,
    });
  }
  return {
    triggerPrice: checkOrderPrice(market, leg.triggerPrice, exchange),
    price: leg.price === undefined || leg.price === null ? undefined : checkOrderPrice(market, leg.price, exchange),
    triggerPriceType: priceType(exchange, leg.triggerPriceType, features, market, `${name}.triggerPriceType`),
  };
}

/**
 * Checks the trigger fields a market type takes and puts them on the tick; the relations that need
 * no market price (a long's stop-loss below its limit price) are checked here too.
 */
export function prepareTriggers(
  exchange: string,
  request: TriggerRequest,
  market: Market,
  features: OrderFeatures,
  limitPrice: string | undefined,
): PreparedTriggers {
  const prepared: PreparedTriggers = {};
  if (request.triggerPrice !== undefined && request.triggerPrice !== null) {
    if (!features.triggerPrice) throw refused(exchange, 'triggerPrice', market);
    prepared.triggerPrice = checkOrderPrice(market, request.triggerPrice, exchange);
    const direction = request.triggerDirection ?? (request.side === 'buy' ? 'above' : 'below');
    if (!DIRECTIONS.has(direction)) {
      throw notPlaced(
        exchange,
        `triggerDirection must be 'above' or 'below', got ${JSON.stringify(direction)}`,
        'Omit it for a stop: buys fire above the market, sells below.',
      );
    }
    prepared.triggerDirection = direction;
    prepared.triggerPriceType = priceType(exchange, request.triggerPriceType, features, market, 'triggerPriceType');
  } else if (request.triggerDirection !== undefined || request.triggerPriceType !== undefined) {
    throw notPlaced(exchange, 'triggerDirection and triggerPriceType need a triggerPrice', 'Pass triggerPrice, or drop these fields.');
  }
  prepared.stopLoss = prepareLeg(exchange, request.stopLoss, 'stopLoss', market, features);
  prepared.takeProfit = prepareLeg(exchange, request.takeProfit, 'takeProfit', market, features);
  if ((prepared.stopLoss || prepared.takeProfit) && request.reduceOnly) {
    throw notPlaced(
      exchange,
      'a reduce-only order cannot carry stopLoss or takeProfit',
      'Attach TP/SL to the order that opens the position.',
    );
  }
  // The price the position opens at is what its legs are checked against: the limit price, or for
  // a trigger market order the trigger price. A market entry's legs wait for the market price.
  // Only when there is a leg: an order without one (most) needs no decimal of its entry.
  const entry = limitPrice ?? prepared.triggerPrice;
  if (entry !== undefined && (prepared.stopLoss !== undefined || prepared.takeProfit !== undefined)) {
    checkLegs(exchange, request.side, toDecimal(entry, 'price', exchange), limitPrice ? 'the order price' : 'the trigger price', prepared);
  }
  return prepared;
}

/** Whether the order needs the market price to be checked (a trigger, or TP/SL on a market order). */
export function needsMarketPrice(prepared: PreparedTriggers, type: OrderRequest['type']): boolean {
  return (
    prepared.triggerPrice !== undefined || (type === 'market' && (prepared.stopLoss !== undefined || prepared.takeProfit !== undefined))
  );
}

/**
 * Checks the trigger against the price it watches now: firing at once or on the wrong crossing is
 * refused. Legs of a market entry are checked against the same price.
 */
export function checkTriggersAgainstMarket(
  exchange: string,
  market: Market,
  side: OrderSide,
  type: OrderRequest['type'],
  prepared: PreparedTriggers,
  marketPrice: number,
): void {
  const current = toDecimal(marketPrice, 'market price', exchange);
  const priceName = `the ${prepared.triggerPriceType ?? 'last'} price ${formatDecimal(current)}`;
  if (prepared.triggerPrice !== undefined) {
    const trigger = toDecimal(prepared.triggerPrice, 'triggerPrice', exchange);
    const above = prepared.triggerDirection === 'above';
    if (above ? !trigger.gt(current) : !trigger.lt(current)) {
      throw new InvalidOrder({
        exchange,
        message: `triggerPrice ${prepared.triggerPrice} is ${above ? 'not above' : 'not below'} ${priceName} of ${market.symbol}: it would fire at once`,
        orderState: 'not-placed',
        hint: above
          ? `A ${side} that fires when the price rises needs a trigger above ${formatDecimal(current)}; for one that fires on a fall pass triggerDirection: 'below'.`
          : `A ${side} that fires when the price falls needs a trigger below ${formatDecimal(current)}; for one that fires on a rise pass triggerDirection: 'above'.`,
      });
    }
    return;
  }
  if (type === 'market') checkLegs(exchange, side, current, priceName, prepared);
}

/** A long's (buy's) stop-loss below the reference and take-profit above; the reverse for a short. */
function checkLegs(exchange: string, side: OrderSide, reference: Decimal, referenceName: string, prepared: PreparedTriggers): void {
  const rule = (leg: PreparedLeg | undefined, name: 'stopLoss' | 'takeProfit') => {
    if (!leg) return;
    const trigger = toDecimal(leg.triggerPrice, `${name}.triggerPrice`, exchange);
    const mustBeBelow = (name === 'stopLoss') === (side === 'buy');
    if (mustBeBelow ? trigger.lt(reference) : trigger.gt(reference)) return;
    throw new InvalidOrder({
      exchange,
      message: `${name}.triggerPrice ${leg.triggerPrice} of a ${side} must be ${mustBeBelow ? 'below' : 'above'} ${referenceName} (${formatDecimal(reference)})`,
      orderState: 'not-placed',
      hint:
        side === 'buy'
          ? 'A long is protected by a stop-loss below its entry and takes profit above it.'
          : 'A short is protected by a stop-loss above its entry and takes profit below it.',
    });
  };
  rule(prepared.stopLoss, 'stopLoss');
  rule(prepared.takeProfit, 'takeProfit');
}
