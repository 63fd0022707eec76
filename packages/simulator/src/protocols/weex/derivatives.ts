/**
 * WEEX V3 futures routes of the trading surface beyond placing and cancelling: conditional (algo)
 * orders, closing positions, funding (premium index and history). Paths and fields as Weex.Net's
 * clients and the recorded payloads in shared/fixtures/weex have them (protocols/weex.md §3.8–§3.16).
 */
import { abs, decimalsOf, type Fixed, formatFixed, formatFixedPadded, isMultipleOf } from '../../decimal.js';
import type { MarketSpec } from '../../engine/markets.js';
import type { AttachedLegs, TriggerDirection, TriggerLeg, TriggerOrder } from '../../engine/triggers.js';
import type { Account, PlaceRejection } from '../../engine/venue.js';
import type { JsonValue } from '../../json.js';
import { type FrontEndContext, intParam, positiveDecimal, type SimReply, timeParam } from '../common.js';
import { weexError } from './auth.js';
import { marketBySymbol, symbolOf } from './format.js';
import { badParam, badSymbol, type Call, missing, ok, type Route } from './route.js';

export interface WeexRouteDeps {
  context: FrontEndContext;
  /** Margin mode of an account's symbol (`CROSSED` unless changed). */
  marginType(accountId: string, symbol: string): 'CROSSED' | 'ISOLATED';
  /** A body or query parameter. */
  param(call: Call, name: string): string | undefined;
}

const CLIENT_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** `collectCycle` of the premium index, minutes. */
const FUNDING_CYCLE_MINUTES = 480;

const ALGO_STATUS: Record<TriggerOrder['status'], string> = {
  live: 'UNTRIGGERED',
  effective: 'TRIGGERED',
  canceled: 'CANCELED',
  failed: 'FAILED',
};

function fmt(value: Fixed): string {
  return formatFixed(value, 12);
}

function price(market: MarketSpec, value: Fixed): string {
  return formatFixedPadded(value, decimalsOf(market.tick));
}

/**
 * STOP / STOP_MARKET fire when the price reaches the trigger moving against the side (a buy above,
 * a sell below); TAKE_PROFIT / TAKE_PROFIT_MARKET the other way — the Binance-style meaning of
 * these V3 order types.
 */
function directionOf(type: string, side: 'buy' | 'sell'): TriggerDirection {
  const stop = type.startsWith('STOP');
  return (side === 'buy') === stop ? 'above' : 'below';
}

function orderTypeOf(order: TriggerOrder): string {
  const stop = directionOf('STOP', order.side) === order.direction;
  return `${stop ? 'STOP' : 'TAKE_PROFIT'}${order.type === 'market' ? '_MARKET' : ''}`;
}

/** A conditional order as openAlgoOrders / allAlgoOrders list it (fixture futures-open-algo-orders). */
export function algoOrderView(order: TriggerOrder): Record<string, JsonValue> {
  const { market } = order;
  const leg = (value: TriggerLeg | undefined) => (value ? price(market, value.triggerPrice) : null);
  const legs = order.kind === 'tpsl' ? order : order.attached;
  return {
    algoId: order.id,
    clientAlgoId: order.clientOrderId,
    algoType: order.kind === 'trigger' ? 'CONDITIONAL' : 'TPSL',
    orderType: order.kind === 'trigger' ? orderTypeOf(order) : 'MARKET',
    symbol: symbolOf(market),
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    positionSide: order.posSide === 'short' ? 'SHORT' : 'LONG',
    timeInForce: order.type === 'market' ? 'IOC' : 'GTC',
    quantity: fmt(order.amount),
    algoStatus: ALGO_STATUS[order.status],
    actualOrderId: order.firedOrderId ?? '',
    actualPrice: price(market, 0n),
    triggerPrice: order.triggerPrice !== undefined ? price(market, order.triggerPrice) : price(market, 0n),
    price: price(market, order.price ?? 0n),
    tpTriggerPrice: leg(legs?.takeProfit),
    tpPrice: null,
    slTriggerPrice: leg(legs?.stopLoss),
    slPrice: null,
    tpOrderType: legs?.takeProfit ? 'MARKET' : null,
    workingType: 'CONTRACT_PRICE',
    closePosition: false,
    reduceOnly: (order.posSide === 'long' && order.side === 'sell') || (order.posSide === 'short' && order.side === 'buy'),
    createTime: String(order.createdAt),
    updateTime: String(order.updatedAt),
    triggerTime: String(order.triggeredAt ?? 0),
  };
}

function rejectionMessage(reason: PlaceRejection): [string, string] {
  switch (reason) {
    case 'insufficient-balance':
    case 'insufficient-margin':
      return ['-1054', 'FAILED_PRECONDITION: Insufficient margin, available amount not enough'];
    case 'reduce-only-no-position':
      return ['-1054', 'FAILED_PRECONDITION: Position not enough to close'];
    case 'duplicate-client-order-id':
      return ['-1140', 'Duplicate client order id'];
    case 'unknown-symbol':
      return ['-1121', 'Invalid symbol.'];
  }
}

export class WeexDerivativeRoutes {
  readonly #deps: WeexRouteDeps;

  constructor(deps: WeexRouteDeps) {
    this.#deps = deps;
  }

  get #context(): FrontEndContext {
    return this.#deps.context;
  }

  routes(): Route[] {
    const futures = (
      method: Route['method'],
      path: string,
      weight: number,
      auth: boolean,
      handle: Route['handle'],
      trade = false,
    ): Route => ({
      method,
      path: `/capi/v3/${path}`,
      weight,
      auth,
      trade,
      handle,
    });
    return [
      futures('POST', 'algoOrder', 5, true, (call) => this.#placeAlgo(call), true),
      futures('DELETE', 'algoOrder', 3, true, (call) => this.#cancelAlgo(call), true),
      futures('DELETE', 'algoOpenOrders', 10, true, (call) => this.#cancelAllAlgos(call), true),
      futures('GET', 'openAlgoOrders', 3, true, (call) => this.#openAlgos(call)),
      futures('GET', 'allAlgoOrders', 10, true, (call) => this.#allAlgos(call)),
      futures('POST', 'closePositions', 50, true, (call) => this.#closePositions(call), true),
      futures('GET', 'market/premiumIndex', 1, false, (call) => this.#premiumIndex(call)),
      futures('GET', 'market/fundingRate', 5, false, (call) => this.#fundingHistory(call)),
    ];
  }

  #market(call: Call, required: boolean): MarketSpec | SimReply | undefined {
    const symbol = this.#deps.param(call, 'symbol');
    if (!symbol) return required ? missing('symbol') : undefined;
    return marketBySymbol(this.#context.venue, symbol, 'swap') ?? badSymbol();
  }

  // ---- conditional orders --------------------------------------------------------------------

  #placeAlgo(call: Call): SimReply {
    const param = (name: string) => this.#deps.param(call, name);
    for (const name of ['symbol', 'side', 'positionSide', 'type', 'quantity', 'triggerPrice']) if (!param(name)) return missing(name);
    const market = marketBySymbol(this.#context.venue, param('symbol') as string, 'swap');
    if (!market) return badSymbol();
    const sideText = param('side');
    if (sideText !== 'BUY' && sideText !== 'SELL') return weexError(-1117, 'Invalid side.');
    const side = sideText === 'BUY' ? 'buy' : 'sell';
    const positionSide = param('positionSide');
    if (positionSide !== 'LONG' && positionSide !== 'SHORT') return badParam('positionSide');
    const type = param('type') as string;
    if (!['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET'].includes(type)) return weexError(-1116, 'Invalid orderType.');
    const clientAlgoId = param('clientAlgoId') ?? '';
    if (clientAlgoId && !CLIENT_ID.test(clientAlgoId)) {
      return weexError(-1180, 'Client order id length must not exceed 40 and must not contain special characters');
    }
    const amount = positiveDecimal(param('quantity'));
    if (amount === undefined) return badParam('quantity');
    if (!isMultipleOf(amount, market.step)) return weexError(-1160, 'Quantity decimal precision exceeds the limit.');
    if (amount < market.minAmount) return weexError(-1142, 'Order quantity is less than the minimum transaction quantity.');
    const triggerPrice = positiveDecimal(param('triggerPrice'));
    if (triggerPrice === undefined) return badParam('triggerPrice');
    if (!isMultipleOf(triggerPrice, market.tick)) return weexError(-1160, 'Price decimal precision exceeds the limit.');
    const limit = !type.endsWith('_MARKET');
    let limitPrice: Fixed | undefined;
    if (limit) {
      limitPrice = positiveDecimal(param('price'));
      if (limitPrice === undefined) return missing('price');
      if (!isMultipleOf(limitPrice, market.tick)) return weexError(-1160, 'Price decimal precision exceeds the limit.');
    }
    const attached: AttachedLegs = {};
    for (const [name, field] of [
      ['takeProfit', 'presetTakeProfitPrice'],
      ['stopLoss', 'presetStopLossPrice'],
    ] as const) {
      const text = param(field);
      if (!text) continue;
      const value = positiveDecimal(text);
      if (value === undefined || !isMultipleOf(value, market.tick)) return badParam(field);
      attached[name] = { triggerPrice: value, priceType: 'last' };
    }
    const account = call.account as Account;
    const result = this.#context.triggers.create(
      {
        accountId: account.id,
        symbol: market.symbol,
        side,
        type: limit ? 'limit' : 'market',
        amount,
        ...(limitPrice !== undefined ? { price: limitPrice } : {}),
        triggerPrice,
        direction: directionOf(type, side),
        priceType: 'last',
        clientOrderId: clientAlgoId,
        reduceOnly: false,
        marginMode: this.#deps.marginType(account.id, market.symbol) === 'ISOLATED' ? 'isolated' : 'cross',
        posSide: positionSide === 'LONG' ? 'long' : 'short',
        ...(attached.takeProfit || attached.stopLoss ? { attached } : {}),
      },
      call.request.nowMs,
    );
    if (!result.ok) {
      return ok({ orderId: '', clientOrderId: clientAlgoId, success: false, errorCode: '-1140', errorMessage: 'Duplicate clientAlgoId' });
    }
    // A trigger already crossed fires at once.
    this.#context.triggers.evaluate(call.request.nowMs);
    return ok({ orderId: result.order.id, clientOrderId: clientAlgoId, success: true, errorCode: '', errorMessage: '' });
  }

  #cancelAlgo(call: Call): SimReply {
    const orderId = this.#deps.param(call, 'orderId');
    if (!orderId) return weexError(-1140, 'orderId must be sent.');
    if (!/^\d{1,19}$/.test(orderId)) return badParam('orderId');
    const account = call.account as Account;
    const result = this.#context.triggers.cancel(account.id, { id: orderId }, call.request.nowMs);
    if (!result.ok) {
      return ok({
        orderId,
        origClientOrderId: result.order?.clientOrderId ?? '',
        success: false,
        errorCode: '-3200',
        errorMessage: 'FAILED_ORDER_NOT_FOUND: order does not exist or is already triggered',
      });
    }
    return ok({ orderId, origClientOrderId: result.order.clientOrderId, success: true, errorCode: '', errorMessage: '' });
  }

  #cancelAllAlgos(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const account = call.account as Account;
    const rows = this.#context.triggers.open(account.id, market?.symbol).map((order) => {
      this.#context.triggers.cancel(account.id, { id: order.id }, call.request.nowMs);
      return { orderId: order.id, success: true, errorCode: '', errorMessage: '' };
    });
    return ok(rows);
  }

  #window(call: Call): { startTime?: number; endTime?: number; limit: number } | SimReply {
    const { query } = call.request;
    const startTime = timeParam(query.get('startTime'));
    const endTime = timeParam(query.get('endTime'));
    const limit = intParam(query.get('limit'), 100, 1, 1000);
    if (limit === undefined) return badParam('limit');
    return { ...(startTime !== undefined ? { startTime } : {}), ...(endTime !== undefined ? { endTime } : {}), limit };
  }

  #inWindow(time: number, window: { startTime?: number; endTime?: number }): boolean {
    return (window.startTime === undefined || time >= window.startTime) && (window.endTime === undefined || time <= window.endTime);
  }

  #openAlgos(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const window = this.#window(call);
    if ('status' in window) return window;
    const orders = this.#context.triggers
      .open((call.account as Account).id, market?.symbol)
      .filter((order) => this.#inWindow(order.createdAt, window));
    return ok(orders.slice(0, window.limit).map(algoOrderView));
  }

  #allAlgos(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const window = this.#window(call);
    if ('status' in window) return window;
    const orders = this.#context.triggers
      .all((call.account as Account).id)
      .filter((order) => (!market || order.market === market) && this.#inWindow(order.createdAt, window));
    return ok({ orders: orders.slice(0, window.limit).map(algoOrderView), hasMore: orders.length > window.limit });
  }

  // ---- positions -----------------------------------------------------------------------------

  /** Closes every position of the account (or of one symbol) at market, one reply item each. */
  #closePositions(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const account = call.account as Account;
    const venue = this.#context.venue;
    const positions = [...account.positions.values()].filter((position) => position.size !== 0n && (!market || position.market === market));
    const rows = positions.map((position) => {
      const result = venue.place(
        {
          accountId: account.id,
          symbol: position.market.symbol,
          side: position.size > 0n ? 'sell' : 'buy',
          type: 'market',
          timeInForce: 'IOC',
          amount: abs(position.size),
          clientOrderId: '',
          marginMode: position.marginMode,
          posSide: position.posSide,
        },
        call.request.nowMs,
      );
      if (!result.ok) {
        const [, message] = rejectionMessage(result.reason);
        return { positionId: position.id, successOrderId: '', errorMessage: message, success: false };
      }
      return { positionId: position.id, successOrderId: result.order.id, errorMessage: '', success: true };
    });
    return ok(rows);
  }

  // ---- funding -------------------------------------------------------------------------------

  #premiumIndex(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const { venue, funding } = this.#context;
    const markets = market ? [market] : venue.markets.filter((item) => item.type === 'swap');
    return ok(
      markets.map((item) => {
        const mark = venue.markPrice(item);
        return {
          symbol: symbolOf(item),
          markPrice: formatFixed(mark),
          indexPrice: formatFixed(mark),
          forecastFundingRate: formatFixedPadded(funding.predictedRate(item.symbol), 8),
          lastFundingRate: formatFixedPadded(funding.currentRate(item.symbol), 8),
          interestRate: '0.001',
          nextFundingTime: String(funding.nextTime(item.symbol)),
          time: String(call.request.nowMs),
          collectCycle: String(FUNDING_CYCLE_MINUTES),
        };
      }),
    );
  }

  /** Settled funding, oldest first: from startTime when given, else the latest `limit`. */
  #fundingHistory(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const window = this.#window(call);
    if ('status' in window) return window;
    const settled = this.#context.funding
      .history(market.symbol)
      .reverse()
      .filter((item) => this.#inWindow(item.time, window));
    const selected = window.startTime !== undefined ? settled.slice(0, window.limit) : settled.slice(-window.limit);
    return ok(
      selected.map((item) => ({
        symbol: symbolOf(market),
        fundingRate: formatFixedPadded(item.rate, 8),
        fundingTime: item.time,
        markPrice: formatFixed(item.markPrice),
      })),
    );
  }
}

/** Attached legs of a futures order (`tpTriggerPrice`, `slTriggerPrice`), executed at market. */
export function parseOrderLegs(
  param: (name: string) => string | undefined,
  market: MarketSpec,
): { ok: true; legs?: AttachedLegs } | { ok: false; reply: SimReply } {
  const legs: AttachedLegs = {};
  for (const [name, field, working] of [
    ['takeProfit', 'tpTriggerPrice', 'TpWorkingType'],
    ['stopLoss', 'slTriggerPrice', 'SlWorkingType'],
  ] as const) {
    const text = param(field);
    if (!text) continue;
    const value = positiveDecimal(text);
    if (value === undefined || !isMultipleOf(value, market.tick)) return { ok: false, reply: badParam(field) };
    const workingType = param(working) ?? 'CONTRACT_PRICE';
    if (workingType !== 'CONTRACT_PRICE' && workingType !== 'MARK_PRICE') return { ok: false, reply: badParam(working) };
    legs[name] = { triggerPrice: value, priceType: workingType === 'MARK_PRICE' ? 'mark' : 'last' };
  }
  return { ok: true, ...(legs.takeProfit || legs.stopLoss ? { legs } : {}) };
}
