/**
 * An order, or an amendment, checked locally before anything is sent: the market resolved, the
 * amounts on the step and tick and within limits, the features refused that the adapter does not
 * implement, a client order id in the exchange's grammar. BaseExchange.prepareOrder and
 * prepareEdit call these with the exchange's hooks, so adapters' overrides apply.
 */
import { checkParams, type ParamsRules } from './arguments.js';
import { type ClientOrderIdGrammar, checkClientOrderId, generateClientOrderId } from './client-order-id.js';
import { BadRequest, type ExchangeError, InvalidSymbol, isExchangeError, reviseError } from './errors.js';
import { type OrderFeature, type OrderRequestFields, readOrderRequest, unsupportedOrderFeature } from './order-request.js';
import { checkOrderAmount, checkOrderPrice } from './precision.js';
import {
  checkTriggersAgainstMarket,
  needsMarketPrice,
  type PreparedTriggers,
  prepareTriggers,
  refusedOrderFeature,
  type TriggerRequest,
} from './triggers.js';
import type { Market, Numeric, OrderEdit, OrderFeatures, OrderRequest, TimeInForce, TriggerPriceType } from './types.js';

/** An edit after local checks: the new values as exact decimal strings, and a request id. */
export interface PreparedEdit {
  /** The exchange order id to amend. */
  id: string;
  /** The market of the order. */
  market: Market;
  /** Unified symbol. */
  symbol: string;
  /** New total amount in unified units, on the step, within limits. */
  amount?: string;
  /** New price, on the tick. */
  price?: string;
  /** Identifies this amendment (OKX `reqId`), for reconciling a lost reply. */
  requestId: string;
  /** Exchange-specific wire fields, checked. */
  params: Record<string, unknown>;
}

/** An order request after local checks: exact decimal strings, a client id, a resolved market. */
export interface PreparedOrder extends PreparedTriggers {
  /** The request as the caller gave it. */
  request: OrderRequest;
  /** The market it trades. */
  market: Market;
  /** Unified symbol. */
  symbol: string;
  /** Limit or market. */
  type: OrderRequest['type'];
  /** Buy or sell. */
  side: OrderRequest['side'];
  /** Unified units (base, or contracts for inverse), on the step, within limits. */
  amount: string;
  /** On the tick; present for limit orders and when the caller gave one. */
  price?: string;
  /** The caller's client order id, or one generated in the exchange's grammar. */
  clientOrderId: string;
  /** The time in force, `GTC` when the caller gave none. */
  timeInForce: TimeInForce;
  /** Whether the order may only reduce a position. */
  reduceOnly: boolean;
  /** Exchange-specific wire fields, checked against the adapter's orderParamsRules. */
  params: Record<string, unknown>;
  /** Order features of the request the adapter said it supports (supportsOrderFeature), as given. */
  features: Partial<Record<OrderFeature, unknown>>;
}

/** Client ids of an exchange without its own (OKEx v1): kept locally, so only bounded and printable. */
const LOCAL_CLIENT_ORDER_ID: ClientOrderIdGrammar = {
  maxLength: 64,
  pattern: /^[\x21-\x7e]{1,64}$/,
  description: '1–64 printable characters without spaces',
};

/** What checking an order needs of the exchange (BaseExchange builds it from its tables and hooks). */
export interface OrderChecks {
  readonly id: string;
  /** Whether the instance trades in demo mode, for the refusal of a feature. */
  readonly demo: boolean | undefined;
  /** The exchange's client order id grammar; undefined where the API has no client ids. */
  readonly clientOrderIdGrammar: ClientOrderIdGrammar | undefined;
  loadMarket(symbol: string): Promise<Market>;
  /** The order features (`has.orderFeatures`) of a market's type. */
  orderFeatures(market: Market): OrderFeatures;
  supportsOrderFeature(feature: OrderFeature, market: Market): boolean;
  orderParamsRules(market: Market): Omit<ParamsRules, 'orderState'>;
  triggerReferencePrice(market: Market, type: TriggerPriceType): Promise<number>;
  /** BadRequest for a request that cannot be an order, saying nothing was sent. */
  badOrder(message: string): ExchangeError;
}

/** The body of BaseExchange.prepareOrder: nothing is sent when the request is wrong. */
export async function prepareOrder(request: OrderRequest, exchange: OrderChecks): Promise<PreparedOrder> {
  const fields = readOrderRequest(exchange.id, request);
  const market = await exchange.loadMarket(fields.symbol);
  for (const feature of Object.keys(fields.features) as OrderFeature[]) {
    if (!exchange.supportsOrderFeature(feature, market)) throw unsupportedOrderFeature(exchange.id, feature, market.symbol);
  }
  const features = exchange.orderFeatures(market);
  const timeInForce = fields.timeInForce ?? (fields.type === 'market' ? 'IOC' : 'GTC');
  if (features.timeInForce.length === 0) {
    throw refusedOrderFeature(exchange.id, 'timeInForce', market, exchange.demo ? 'orders in demo mode' : 'orders');
  }
  if (fields.type === 'market' && timeInForce === 'PO') throw exchange.badOrder('a market order cannot be post-only');
  if (fields.type === 'limit' && !features.timeInForce.includes(timeInForce)) {
    throw refusedOrderFeature(
      exchange.id,
      timeInForce === 'PO' ? 'postOnly' : 'timeInForce',
      market,
      timeInForce === 'PO' ? "post-only orders (timeInForce: 'PO')" : `timeInForce: '${timeInForce}'`,
    );
  }
  if (fields.type === 'limit' && fields.price === undefined) throw exchange.badOrder('a limit order needs a price');
  if (fields.reduceOnly && market.spot) {
    throw new BadRequest({
      exchange: exchange.id,
      message: 'reduceOnly applies to contract markets only',
      orderState: 'not-placed',
      hint: `Spot has no positions to reduce (exchange.has.orderFeatures.spot.reduceOnly is false); nothing was sent.`,
    });
  }
  if (fields.reduceOnly && !features.reduceOnly) throw refusedOrderFeature(exchange.id, 'reduceOnly', market, 'reduce-only orders');
  if (!market.active) {
    throw new InvalidSymbol({
      exchange: exchange.id,
      message: `${market.symbol} is not trading now`,
      orderState: 'not-placed',
      hint: 'The market is suspended or not yet listed; check exchange.markets[symbol].active.',
    });
  }
  const amount = checkOrderAmount(market, fields.amount, exchange.id);
  const price = fields.price === undefined ? undefined : checkOrderPrice(market, fields.price, exchange.id);
  const triggers = prepareTriggers(
    exchange.id,
    { ...fields.features, side: fields.side, reduceOnly: fields.reduceOnly } as TriggerRequest,
    market,
    features,
    fields.type === 'limit' ? price : undefined,
  );
  if (needsMarketPrice(triggers, fields.type)) {
    const current = await exchange.triggerReferencePrice(market, triggers.triggerPriceType ?? 'last');
    checkTriggersAgainstMarket(exchange.id, market, fields.side, fields.type, triggers, current);
  }
  const clientOrderId = clientOrderIdOf(fields, exchange);
  const params = checkParams(fields.params, 'params', exchange.id, { ...exchange.orderParamsRules(market), orderState: 'not-placed' });
  return {
    request,
    market,
    symbol: market.symbol,
    type: fields.type,
    side: fields.side,
    amount,
    price,
    clientOrderId,
    timeInForce,
    reduceOnly: fields.reduceOnly === true,
    params,
    features: fields.features,
    ...triggers,
  };
}

/** The caller's client order id, checked against the exchange's grammar, or a generated one. */
function clientOrderIdOf(fields: OrderRequestFields, exchange: OrderChecks): string {
  const grammar = exchange.clientOrderIdGrammar;
  if (fields.clientOrderId === undefined) return generateClientOrderId(grammar?.maxLength ?? 32);
  checkClientOrderId(exchange.id, fields.clientOrderId, grammar ?? LOCAL_CLIENT_ORDER_ID);
  return fields.clientOrderId;
}

/** The body of BaseExchange.prepareEdit: checks an amendment locally (lot, tick, limits). */
export async function prepareEdit(id: string, symbol: string, edit: OrderEdit, exchange: OrderChecks): Promise<PreparedEdit> {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new BadRequest({
      exchange: exchange.id,
      message: `editOrder needs an order id, got ${JSON.stringify(id)}`,
      hint: 'Pass the id createOrder returned.',
    });
  }
  if (typeof edit !== 'object' || edit === null) {
    throw new BadRequest({
      exchange: exchange.id,
      message: 'editOrder needs { amount?, price? }',
      hint: "Pass editOrder(id, symbol, { price: '61000' }).",
    });
  }
  const market = await exchange.loadMarket(symbol);
  const given = (value: Numeric | undefined): value is Numeric => value !== undefined && value !== null;
  if (!given(edit.amount) && !given(edit.price)) {
    throw new BadRequest({
      exchange: exchange.id,
      message: 'editOrder needs a new amount, a new price, or both',
      hint: "Pass { price: '61000' } and/or { amount: '0.02' }; nothing was sent.",
    });
  }
  try {
    return {
      id,
      market,
      symbol: market.symbol,
      amount: given(edit.amount) ? checkOrderAmount(market, edit.amount, exchange.id) : undefined,
      price: given(edit.price) ? checkOrderPrice(market, edit.price, exchange.id) : undefined,
      requestId: generateClientOrderId(exchange.clientOrderIdGrammar?.maxLength ?? 32),
      params: edit.params ?? {},
    };
  } catch (error) {
    // The order exists; "not placed" would misread. Nothing was sent and the order is unchanged.
    if (isExchangeError(error) && error.orderState === 'not-placed') {
      throw reviseError(error, { orderState: undefined, hint: `${error.hint} The order was not amended; nothing was sent.` });
    }
    throw error;
  }
}
