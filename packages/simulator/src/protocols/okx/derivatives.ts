/**
 * OKX v5 routes of the trading surface beyond placing and cancelling: amend, algo (trigger) orders
 * and attached TP/SL, close-position, funding, mark and index prices, leverage info, fee rates,
 * funding-account balances and transfers (protocols/okx-v5.md §3, §4; shapes from okx-api's types
 * and the recorded payloads in shared/fixtures/okx).
 */
import { abs, type Fixed, fixed, formatFixed, isMultipleOf, mul } from '../../decimal.js';
import type { MarketSpec } from '../../engine/markets.js';
import type { AttachedLegs, TriggerDirection, TriggerLeg, TriggerOrder, TriggerPriceType } from '../../engine/triggers.js';
import { type Account, type AmendRejection, isOpen, type MarginMode, type PlaceRejection } from '../../engine/venue.js';
import { isWireObject, type JsonValue, type WireValue, wireText } from '../../json.js';
import type { LimitCheck } from '../../rate-limit.js';
import { type FrontEndContext, intParam, positiveDecimal, type SimReply, timeParam } from '../common.js';
import { attachedView, contractValue, instIdOf, instTypeOf, marketByInstId, px, wireSize } from './format.js';
import { type Call, empty, fail, invalid, ok, type Route, tradeReply, UNKNOWN_INSTRUMENT } from './reply.js';

type Limits = (call: Call) => LimitCheck[];

export interface OkxRouteDeps {
  context: FrontEndContext;
  /** Long/short position mode of an account. */
  hedged(accountId: string): boolean;
  perIp(name: string, limit: number): Limits;
  perUser(name: string, limit: number): Limits;
  perInstrument(single: string, batch: string): Limits;
}

const CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;
const PRICE_TYPES: readonly TriggerPriceType[] = ['last', 'mark', 'index'];
/** OKX account types of asset/transfer: 6 funding, 18 trading. */
const ACCOUNT_WALLETS: Readonly<Record<string, string>> = { '6': 'funding', '18': 'trading' };
const FUNDING_METHOD = 'current_period';

const ALGO_STATE: Record<TriggerOrder['status'], string> = {
  live: 'live',
  effective: 'effective',
  canceled: 'canceled',
  failed: 'order_failed',
};

function fmt(value: Fixed): string {
  return formatFixed(value, 12);
}

function rate(value: Fixed): string {
  return formatFixed(value, 8);
}

// ---- attached TP/SL ----------------------------------------------------------------------------

export type ParsedLegs = { ok: true; legs?: AttachedLegs } | { ok: false; code: string; msg: string };

/** One side of an attachAlgoOrds item: trigger price, "-1" or a limit price, and the price type. */
function parseLeg(
  item: { [key: string]: WireValue },
  prefix: 'tp' | 'sl',
  market: MarketSpec,
): TriggerLeg | undefined | { code: string; msg: string } {
  const triggerText = wireText(item[`${prefix}TriggerPx`]);
  if (!triggerText) return undefined;
  const triggerPrice = positiveDecimal(triggerText);
  if (triggerPrice === undefined || !isMultipleOf(triggerPrice, market.tick)) {
    return { code: '51000', msg: `Parameter ${prefix}TriggerPx error` };
  }
  const orderText = wireText(item[`${prefix}OrdPx`]) ?? '-1';
  let price: Fixed | undefined;
  if (orderText !== '-1') {
    price = positiveDecimal(orderText);
    if (price === undefined || !isMultipleOf(price, market.tick)) return { code: '51000', msg: `Parameter ${prefix}OrdPx error` };
  }
  const typeText = wireText(item[`${prefix}TriggerPxType`]) ?? 'last';
  if (!PRICE_TYPES.includes(typeText as TriggerPriceType)) return { code: '51000', msg: `Parameter ${prefix}TriggerPxType error` };
  if (market.type === 'spot' && typeText !== 'last') {
    return { code: '51415', msg: 'Unable to place order. Spot trading only supports using the last price as trigger price.' };
  }
  return { triggerPrice, ...(price !== undefined ? { price } : {}), priceType: typeText as TriggerPriceType };
}

/**
 * `attachAlgoOrds` of an order or trigger order. A buy's take-profit must be above the price it
 * opens at and its stop-loss below (51046–51049 against a limit price, 51050–51053 against the
 * best ask/bid for a market order); the reverse for a sell.
 */
export function parseAttachedLegs(
  value: WireValue | undefined,
  market: MarketSpec,
  side: 'buy' | 'sell',
  reference: { limit?: Fixed; bestBid: Fixed; bestAsk: Fixed },
): ParsedLegs {
  if (value === undefined || value === null) return { ok: true };
  if (!Array.isArray(value) || value.length > 1 || (value.length === 1 && !isWireObject(value[0]))) {
    return { ok: false, code: '51000', msg: 'Parameter attachAlgoOrds error' };
  }
  const item = value[0];
  if (!isWireObject(item)) return { ok: true };
  const takeProfit = parseLeg(item, 'tp', market);
  if (takeProfit && 'code' in takeProfit) return { ok: false, ...takeProfit };
  const stopLoss = parseLeg(item, 'sl', market);
  if (stopLoss && 'code' in stopLoss) return { ok: false, ...stopLoss };
  if (!takeProfit && !stopLoss) return { ok: true };
  const clientOrderId = wireText(item.attachAlgoClOrdId) ?? '';
  if (clientOrderId && !CLIENT_ID.test(clientOrderId)) return { ok: false, code: '51000', msg: 'Parameter attachAlgoClOrdId error' };
  const buy = side === 'buy';
  if (reference.limit !== undefined) {
    const limit = reference.limit;
    if (takeProfit && (buy ? takeProfit.triggerPrice <= limit : takeProfit.triggerPrice >= limit)) {
      return buy
        ? { ok: false, code: '51046', msg: 'The take profit trigger price must be higher than the order price' }
        : { ok: false, code: '51048', msg: 'The take profit trigger price must be lower than the order price' };
    }
    if (stopLoss && (buy ? stopLoss.triggerPrice >= limit : stopLoss.triggerPrice <= limit)) {
      return buy
        ? { ok: false, code: '51047', msg: 'The stop loss trigger price must be lower than the order price' }
        : { ok: false, code: '51049', msg: 'The stop loss trigger price must be higher than the order price' };
    }
  } else {
    if (takeProfit && (buy ? takeProfit.triggerPrice <= reference.bestAsk : takeProfit.triggerPrice >= reference.bestBid)) {
      return buy
        ? { ok: false, code: '51050', msg: 'The take profit trigger price must be higher than the best ask price' }
        : { ok: false, code: '51052', msg: 'The take profit trigger price must be lower than the best bid price' };
    }
    if (stopLoss && (buy ? stopLoss.triggerPrice >= reference.bestAsk : stopLoss.triggerPrice <= reference.bestBid)) {
      return buy
        ? { ok: false, code: '51051', msg: 'The stop loss trigger price must be lower than the best ask price' }
        : { ok: false, code: '51053', msg: 'The stop loss trigger price must be higher than the best bid price' };
    }
  }
  return {
    ok: true,
    legs: { ...(takeProfit ? { takeProfit } : {}), ...(stopLoss ? { stopLoss } : {}), ...(clientOrderId ? { clientOrderId } : {}) },
  };
}

/** An algo order as orders-algo-pending / -history / order-algo show it (fixture orders-algo-pending). */
export function algoOrderView(order: TriggerOrder, leverage: number, last: Fixed): Record<string, JsonValue> {
  const { market } = order;
  const spot = market.type === 'spot';
  const ordType = order.kind === 'trigger' ? 'trigger' : order.takeProfit && order.stopLoss ? 'oco' : 'conditional';
  const leg = (value: TriggerLeg | undefined) => ({
    trigger: value ? px(market, value.triggerPrice) : '',
    order: value ? (value.price !== undefined ? px(market, value.price) : '-1') : '',
    type: value ? value.priceType : '',
  });
  const tp = leg(order.takeProfit);
  const sl = leg(order.stopLoss);
  const fired = order.status === 'effective';
  return {
    activePx: '',
    actualPx: '',
    actualSide: order.firedBy === 'takeProfit' ? 'tp' : order.firedBy === 'stopLoss' ? 'sl' : '',
    actualSz: fired ? wireSize(market, order.amount) : '0',
    algoClOrdId: order.clientOrderId,
    algoId: order.id,
    amendPxOnTriggerType: '0',
    attachAlgoOrds: attachedView(market, order.attached),
    cTime: String(order.createdAt),
    callbackRatio: '',
    callbackSpread: '',
    ccy: '',
    chaseType: '',
    chaseVal: '',
    clOrdId: order.clientOrderId,
    closeFraction: '',
    failCode: order.status === 'failed' ? (order.failReason === 'reduce-only-no-position' ? '51169' : '51008') : '0',
    instId: instIdOf(market),
    instType: instTypeOf(market),
    isTradeBorrowMode: '',
    last: px(market, last),
    lever: spot ? '' : String(leverage),
    linkedOrd: { ordId: '' },
    maxChaseType: '',
    maxChaseVal: '',
    moveTriggerPx: '',
    ordId: order.firedOrderId ?? '',
    ordIdList: order.firedOrderId ? [order.firedOrderId] : [],
    ordPx: order.kind === 'trigger' ? (order.price !== undefined ? px(market, order.price) : '-1') : '',
    ordType,
    posSide: spot ? '' : order.posSide,
    pxLimit: '',
    pxSpread: '',
    pxVar: '',
    quickMgnType: '',
    reduceOnly: order.reduceOnly ? 'true' : 'false',
    side: order.side,
    slOrdPx: sl.order,
    slTriggerPx: sl.trigger,
    slTriggerPxType: sl.type,
    state: ALGO_STATE[order.status],
    sz: wireSize(market, order.amount),
    szLimit: '',
    tag: order.tags.tag ?? '',
    tdMode: spot ? 'cash' : order.marginMode,
    tgtCcy: '',
    timeInterval: '',
    tpOrdPx: tp.order,
    tpTriggerPx: tp.trigger,
    tpTriggerPxType: tp.type,
    triggerPx: order.kind === 'trigger' ? px(market, order.triggerPrice as Fixed) : '',
    triggerPxType: order.kind === 'trigger' ? order.priceType : '',
    triggerTime: order.triggeredAt !== undefined ? String(order.triggeredAt) : '',
    uTime: String(order.updatedAt),
  };
}

function placeRejection(reason: PlaceRejection, market: MarketSpec): { code: string; msg: string } {
  switch (reason) {
    case 'insufficient-balance':
      return { code: '51008', msg: 'Order failed. Insufficient balance.' };
    case 'insufficient-margin':
      return { code: '51008', msg: `Order failed. Insufficient ${market.settle ?? 'USDT'} margin in account.` };
    case 'duplicate-client-order-id':
      return { code: '51016', msg: 'Duplicated clOrdId' };
    case 'reduce-only-no-position':
      return {
        code: '51169',
        msg: "Order failed because you don't have any positions in this direction for this contract to reduce or close.",
      };
    case 'unknown-symbol':
      return { code: '51001', msg: UNKNOWN_INSTRUMENT };
  }
}

const AMEND_FAILURE: Record<AmendRejection, { code: string; msg: string }> = {
  'not-found': { code: '51503', msg: 'Order modification failed as the order does not exist.' },
  filled: { code: '51510', msg: 'Modification failed as the order has been completed.' },
  canceled: { code: '51509', msg: 'Modification failed as the order has been canceled.' },
  'not-amendable': { code: '51506', msg: 'Order modification unavailable for the order type.' },
  'size-not-above-filled': { code: '51000', msg: 'Parameter newSz error' },
  'post-only-would-take': { code: '51511', msg: 'Operation failed as the order price did not meet the requirement for Post Only.' },
  'insufficient-balance': { code: '51502', msg: 'Order modification failed for insufficient margin.' },
  'insufficient-margin': { code: '51502', msg: 'Order modification failed for insufficient margin.' },
};

export class OkxDerivativeRoutes {
  readonly #deps: OkxRouteDeps;

  constructor(deps: OkxRouteDeps) {
    this.#deps = deps;
  }

  get #context(): FrontEndContext {
    return this.#deps.context;
  }

  routes(): Route[] {
    const { perIp, perUser, perInstrument } = this.#deps;
    const get = (path: string, auth: boolean, limits: Limits, handle: Route['handle']): Route => ({
      method: 'GET',
      path: `/api/v5/${path}`,
      auth,
      limits,
      handle,
    });
    const post = (path: string, limits: Limits, handle: Route['handle']): Route => ({
      method: 'POST',
      path: `/api/v5/${path}`,
      auth: true,
      trade: true,
      limits,
      handle,
    });
    return [
      post('trade/amend-order', perInstrument('amend-order', 'amend-batch-orders'), (call) => this.#amend(call)),
      post('trade/order-algo', perUser('order-algo', 20), (call) => this.#placeAlgo(call)),
      post('trade/cancel-algos', perUser('cancel-algos', 20), (call) => this.#cancelAlgos(call)),
      get('trade/orders-algo-pending', true, perUser('orders-algo-pending', 20), (call) => this.#algoList(call, true)),
      get('trade/orders-algo-history', true, perUser('orders-algo-history', 20), (call) => this.#algoList(call, false)),
      get('trade/order-algo', true, perUser('order-algo', 20), (call) => this.#algoDetail(call)),
      post('trade/close-position', perUser('close-position', 20), (call) => this.#closePosition(call)),
      get('public/funding-rate', false, perIp('funding-rate', 20), (call) => this.#fundingRate(call)),
      get('public/funding-rate-history', false, perIp('funding-rate-history', 10), (call) => this.#fundingHistory(call)),
      get('public/mark-price', false, perIp('mark-price', 10), (call) => this.#markPrice(call)),
      get('market/index-tickers', false, perIp('index-tickers', 20), (call) => this.#indexTickers(call)),
      get('account/leverage-info', true, perUser('leverage-info', 20), (call) => this.#leverageInfo(call)),
      get('account/trade-fee', true, perUser('trade-fee', 5), (call) => this.#tradeFee(call)),
      get('asset/balances', true, perUser('asset-balances', 6), (call) => this.#fundingBalances(call)),
      // OKX allows 2 transfers per second per currency; one bucket per user stays under it.
      post('asset/transfer', perUser('transfer', 4), (call) => this.#transfer(call)),
      get('asset/transfer-state', true, perUser('transfer-state', 10), (call) => this.#transferState(call)),
    ];
  }

  // ---- amend ---------------------------------------------------------------------------------

  #amend(call: Call): SimReply {
    const body = call.body;
    if (!isWireObject(body)) return invalid('body');
    const instId = wireText(body.instId);
    if (!instId) return empty('instId');
    const ordId = wireText(body.ordId) ?? '';
    const clOrdId = wireText(body.clOrdId) ?? '';
    if (!ordId && !clOrdId) return fail('51003', 'Either client order ID or order ID is required.');
    const reqId = wireText(body.reqId) ?? '';
    if (reqId && !CLIENT_ID.test(reqId)) return invalid('reqId');
    const newSz = wireText(body.newSz);
    const newPx = wireText(body.newPx);
    const ts = String(call.request.nowMs);
    const item = (sCode: string, sMsg: string, order?: { id: string; clientOrderId: string }) => ({
      clOrdId: order?.clientOrderId ?? clOrdId,
      ordId: order?.id ?? ordId,
      reqId,
      sCode,
      sMsg,
      ts,
    });
    if (!newSz && !newPx) return tradeReply(call.request, [item('51500', 'Either order price or amount is required.')]);
    const market = marketByInstId(this.#context.venue, instId);
    if (!market) return tradeReply(call.request, [item('51001', UNKNOWN_INSTRUMENT)]);
    let amount: Fixed | undefined;
    if (newSz) {
      const size = positiveDecimal(newSz);
      if (size === undefined) return invalid('newSz');
      const lot = market.type === 'spot' ? market.step : fixed('1');
      if (!isMultipleOf(size, lot)) return tradeReply(call.request, [item('51121', 'Order quantity must be a multiple of the lot size.')]);
      amount = market.type === 'spot' ? size : mul(size, contractValue(market));
    }
    let price: Fixed | undefined;
    if (newPx) {
      price = positiveDecimal(newPx);
      if (price === undefined || !isMultipleOf(price, market.tick)) return invalid('newPx');
    }
    const account = call.account as Account;
    const venue = this.#context.venue;
    const ref = ordId ? { id: ordId } : { clientOrderId: clOrdId };
    const result = venue.amend(
      account.id,
      ref,
      market.symbol,
      { ...(amount !== undefined ? { amount } : {}), ...(price !== undefined ? { price } : {}) },
      call.request.nowMs,
    );
    if (result.ok) return tradeReply(call.request, [item('0', '', result.order)]);
    const cxlOnFail = body.cxlOnFail === true || wireText(body.cxlOnFail) === 'true';
    if (cxlOnFail && result.order && isOpen(result.order)) venue.cancel(account.id, { id: result.order.id }, undefined, call.request.nowMs);
    const failure = AMEND_FAILURE[result.reason];
    return tradeReply(call.request, [item(failure.code, failure.msg, result.order)]);
  }

  // ---- algo orders ---------------------------------------------------------------------------

  #placeAlgo(call: Call): SimReply {
    const body = call.body;
    if (!isWireObject(body)) return invalid('body');
    for (const name of ['instId', 'tdMode', 'side', 'ordType', 'sz']) if (!wireText(body[name])) return empty(name);
    const ordType = wireText(body.ordType) as string;
    const algoClOrdId = wireText(body.algoClOrdId) ?? '';
    const tag = wireText(body.tag) ?? '';
    const item = (sCode: string, sMsg: string, algoId = '') => ({ algoClOrdId, algoId, clOrdId: algoClOrdId, sCode, sMsg, tag });
    // The simulator offers plain trigger orders; conditional / oco TP/SL ride on orders (attachAlgoOrds).
    if (ordType !== 'trigger') return invalid('ordType');
    if (algoClOrdId && !CLIENT_ID.test(algoClOrdId)) return invalid('algoClOrdId');
    if (tag && !/^[A-Za-z0-9]{1,16}$/.test(tag)) return invalid('tag');
    const market = marketByInstId(this.#context.venue, wireText(body.instId) as string);
    if (!market) return tradeReply(call.request, [item('51001', UNKNOWN_INSTRUMENT)]);
    const side = wireText(body.side);
    if (side !== 'buy' && side !== 'sell') return invalid('side');
    const tdMode = wireText(body.tdMode) as string;
    const spot = market.type === 'spot';
    if (spot ? tdMode !== 'cash' : tdMode !== 'cross' && tdMode !== 'isolated') return invalid('tdMode');
    if (wireText(body.tgtCcy)) return tradeReply(call.request, [item('51281', 'trigger not support the tgtCcy parameter')]);
    const account = call.account as Account;
    const hedged = !spot && this.#deps.hedged(account.id);
    const posSide = wireText(body.posSide) ?? '';
    if (spot && posSide) return invalid('posSide');
    if (hedged && posSide !== 'long' && posSide !== 'short') return invalid('posSide');
    if (!spot && !hedged && posSide && posSide !== 'net') return invalid('posSide');
    const size = positiveDecimal(wireText(body.sz));
    if (size === undefined) return invalid('sz');
    const lot = spot ? market.step : fixed('1');
    if (!isMultipleOf(size, lot)) return tradeReply(call.request, [item('51121', 'Order quantity must be a multiple of the lot size.')]);
    const triggerText = wireText(body.triggerPx);
    if (!triggerText) return empty('triggerPx');
    const triggerPrice = positiveDecimal(triggerText);
    if (triggerPrice === undefined || !isMultipleOf(triggerPrice, market.tick)) return invalid('triggerPx');
    const orderText = wireText(body.orderPx);
    if (!orderText) return empty('orderPx');
    let price: Fixed | undefined;
    if (orderText !== '-1') {
      price = positiveDecimal(orderText);
      if (price === undefined || !isMultipleOf(price, market.tick)) return invalid('orderPx');
    }
    const priceType = (wireText(body.triggerPxType) ?? 'last') as TriggerPriceType;
    if (!PRICE_TYPES.includes(priceType)) return invalid('triggerPxType');
    if (spot && priceType !== 'last') {
      return tradeReply(call.request, [
        item('51415', 'Unable to place order. Spot trading only supports using the last price as trigger price.'),
      ]);
    }
    const reduceOnly = body.reduceOnly === true || wireText(body.reduceOnly) === 'true';
    if (spot && reduceOnly) return invalid('reduceOnly');
    const venue = this.#context.venue;
    const view = venue.ticker(market.symbol, call.request.nowMs);
    const legs = parseAttachedLegs(body.attachAlgoOrds, market, side, {
      limit: price ?? triggerPrice,
      bestBid: view?.bid.price ?? triggerPrice,
      bestAsk: view?.ask.price ?? triggerPrice,
    });
    if (!legs.ok) return tradeReply(call.request, [item(legs.code, legs.msg)]);
    // OKX fires a trigger when the watched price reaches it from where it is now: the side it lies
    // on decides the direction.
    const current = priceType === 'last' ? venue.lastPrice(market, call.request.nowMs) : venue.markPrice(market);
    const direction: TriggerDirection = triggerPrice >= current ? 'above' : 'below';
    const result = this.#context.triggers.create(
      {
        accountId: account.id,
        symbol: market.symbol,
        side,
        type: price === undefined ? 'market' : 'limit',
        amount: spot ? size : mul(size, contractValue(market)),
        ...(price !== undefined ? { price } : {}),
        triggerPrice,
        direction,
        priceType,
        clientOrderId: algoClOrdId,
        reduceOnly: reduceOnly && !hedged,
        marginMode: (spot ? 'cash' : tdMode) as MarginMode,
        posSide: hedged ? (posSide as 'long' | 'short') : 'net',
        ...(legs.legs ? { attached: legs.legs } : {}),
        tags: { tag, tdMode },
      },
      call.request.nowMs,
    );
    if (!result.ok) {
      return tradeReply(call.request, [
        result.reason === 'duplicate-client-order-id' ? item('51016', 'Duplicated clOrdId') : item('51001', UNKNOWN_INSTRUMENT),
      ]);
    }
    return tradeReply(call.request, [item('0', 'Order placed', result.order.id)]);
  }

  #cancelAlgos(call: Call): SimReply {
    const items = call.body;
    if (!Array.isArray(items) || items.length === 0) return empty('body');
    if (items.length > 10) return fail('51406', 'Canceled order count exceeds the limit 10.');
    const account = call.account as Account;
    return tradeReply(
      call.request,
      items.map((entry) => {
        const object = isWireObject(entry) ? entry : {};
        const algoId = wireText(object.algoId) ?? '';
        const algoClOrdId = wireText(object.algoClOrdId) ?? '';
        const failure = (sCode: string, sMsg: string) => ({ algoClOrdId, algoId, clOrdId: '', sCode, sMsg, tag: '' });
        if (!wireText(object.instId)) return failure('50014', 'Parameter instId can not be empty.');
        if (!algoId && !algoClOrdId) return failure('51003', 'Either algoId or algoClOrdId is required.');
        const market = marketByInstId(this.#context.venue, wireText(object.instId) as string);
        const found = this.#context.triggers.find(account.id, algoId ? { id: algoId } : { clientOrderId: algoClOrdId });
        if (!market || !found || found.market !== market) {
          return failure('51400', 'Cancellation failed as the order has been filled, canceled or does not exist.');
        }
        const result = this.#context.triggers.cancel(account.id, { id: found.id }, call.request.nowMs);
        if (!result.ok) return failure('51400', 'Cancellation failed as the order has been filled, canceled or does not exist.');
        return { algoClOrdId: found.clientOrderId, algoId: found.id, clOrdId: '', sCode: '0', sMsg: '', tag: found.tags.tag ?? '' };
      }),
    );
  }

  #algoMatches(order: TriggerOrder, ordTypes: readonly string[], instType?: string | null, instId?: string | null): boolean {
    const kind = order.kind === 'trigger' ? 'trigger' : order.takeProfit && order.stopLoss ? 'oco' : 'conditional';
    return (
      ordTypes.includes(kind) && (!instType || instTypeOf(order.market) === instType) && (!instId || instIdOf(order.market) === instId)
    );
  }

  #algoView(order: TriggerOrder, call: Call): Record<string, JsonValue> {
    const venue = this.#context.venue;
    const leverage =
      order.market.type === 'spot' ? 1 : venue.leverageOf(call.account as Account, order.market, order.marginMode, order.posSide);
    return algoOrderView(order, leverage, venue.lastPrice(order.market, call.request.nowMs));
  }

  #algoList(call: Call, pending: boolean): SimReply {
    const { query } = call.request;
    const ordType = query.get('ordType');
    if (!ordType) return empty('ordType');
    const ordTypes = ordType.split(',');
    if (ordTypes.some((type) => !['trigger', 'conditional', 'oco', 'move_order_stop', 'iceberg', 'twap', 'chase'].includes(type))) {
      return invalid('ordType');
    }
    const state = query.get('state');
    const algoId = query.get('algoId');
    if (!pending && !state && !algoId) return fail('51000', 'Parameter state or algoId can not be empty at the same time.');
    const limit = intParam(query.get('limit'), 100, 1, 100);
    if (limit === undefined) return invalid('limit');
    const account = call.account as Account;
    const orders = this.#context.triggers
      .all(account.id)
      .filter((order) => (pending ? order.status === 'live' : order.status !== 'live'))
      .filter((order) => this.#algoMatches(order, ordTypes, query.get('instType'), query.get('instId')))
      .filter((order) => !algoId || order.id === algoId)
      .filter((order) => !state || ALGO_STATE[order.status] === state)
      .filter((order) => !query.get('algoClOrdId') || order.clientOrderId === query.get('algoClOrdId'));
    return ok(orders.slice(0, limit).map((order) => this.#algoView(order, call)));
  }

  #algoDetail(call: Call): SimReply {
    const { query } = call.request;
    const algoId = query.get('algoId');
    const algoClOrdId = query.get('algoClOrdId');
    if (!algoId && !algoClOrdId) return fail('51003', 'Either algoId or algoClOrdId is required.');
    const order = this.#context.triggers.find(
      (call.account as Account).id,
      algoId ? { id: algoId } : { clientOrderId: algoClOrdId as string },
    );
    if (!order) return fail('51603', 'Order does not exist.');
    return ok([this.#algoView(order, call)]);
  }

  // ---- positions -----------------------------------------------------------------------------

  #closePosition(call: Call): SimReply {
    const body = call.body;
    if (!isWireObject(body)) return invalid('body');
    const instId = wireText(body.instId);
    if (!instId) return empty('instId');
    const mgnMode = wireText(body.mgnMode);
    if (!mgnMode) return empty('mgnMode');
    if (mgnMode !== 'cross' && mgnMode !== 'isolated') return invalid('mgnMode');
    const market = marketByInstId(this.#context.venue, instId);
    if (!market) return fail('51001', UNKNOWN_INSTRUMENT);
    if (market.type === 'spot') return invalid('instId');
    const account = call.account as Account;
    const hedged = this.#deps.hedged(account.id);
    const posSideText = wireText(body.posSide) ?? '';
    if (hedged && posSideText !== 'long' && posSideText !== 'short') return invalid('posSide');
    if (!hedged && posSideText && posSideText !== 'net') return invalid('posSide');
    const clOrdId = wireText(body.clOrdId) ?? '';
    if (clOrdId && !CLIENT_ID.test(clOrdId)) return invalid('clOrdId');
    const tag = wireText(body.tag) ?? '';
    const posSide = hedged ? (posSideText as 'long' | 'short') : 'net';
    const position = account.positions.get(`${market.symbol}:${mgnMode}:${posSide}`);
    if (!position || position.size === 0n) return fail('51023', 'Position does not exist.');
    const result = this.#context.venue.place(
      {
        accountId: account.id,
        symbol: market.symbol,
        side: position.size > 0n ? 'sell' : 'buy',
        type: 'market',
        timeInForce: 'IOC',
        amount: abs(position.size),
        clientOrderId: clOrdId,
        reduceOnly: !hedged,
        marginMode: mgnMode,
        posSide,
        tags: { ordType: 'market', tdMode: mgnMode, tag },
      },
      call.request.nowMs,
    );
    if (!result.ok) {
      const failure = placeRejection(result.reason, market);
      return fail(failure.code, failure.msg);
    }
    return ok([{ clOrdId, instId, posSide, tag }]);
  }

  #leverageInfo(call: Call): SimReply {
    const { query } = call.request;
    const instId = query.get('instId');
    const mgnMode = query.get('mgnMode');
    if (!instId) return empty('instId');
    if (!mgnMode) return empty('mgnMode');
    if (mgnMode !== 'cross' && mgnMode !== 'isolated') return invalid('mgnMode');
    const venue = this.#context.venue;
    const account = call.account as Account;
    const rows: JsonValue[] = [];
    for (const id of instId.split(',')) {
      const market = marketByInstId(venue, id);
      if (!market) return fail('51001', UNKNOWN_INSTRUMENT);
      if (market.type === 'spot') return fail('54000', 'Margin trading is not supported.');
      const sides: Array<'long' | 'short' | 'net'> = mgnMode === 'isolated' && this.#deps.hedged(account.id) ? ['long', 'short'] : ['net'];
      for (const posSide of sides) {
        const lever = venue.leverageOf(account, market, mgnMode, posSide === 'net' ? undefined : posSide);
        rows.push({ instId: id, mgnMode, posSide, lever: String(lever) });
      }
    }
    return ok(rows);
  }

  // ---- public funding and prices -------------------------------------------------------------

  #swapParam(call: Call): MarketSpec | SimReply {
    const instId = call.request.query.get('instId');
    if (!instId) return empty('instId');
    const market = marketByInstId(this.#context.venue, instId);
    if (!market || market.type === 'spot') return fail('51001', UNKNOWN_INSTRUMENT);
    return market;
  }

  #fundingRate(call: Call): SimReply {
    const market = this.#swapParam(call);
    if ('status' in market) return market;
    const { funding } = this.#context;
    const next = funding.nextTime(market.symbol);
    return ok([
      {
        fundingRate: rate(funding.currentRate(market.symbol)),
        fundingTime: String(next),
        impactValue: '',
        instId: instIdOf(market),
        instType: 'SWAP',
        interestRate: '0.0001',
        maxFundingRate: '0.0375',
        method: FUNDING_METHOD,
        minFundingRate: '-0.0375',
        nextFundingRate: rate(funding.predictedRate(market.symbol)),
        nextFundingTime: String(next + 8 * 3_600_000),
        premium: '0',
        settFundingRate: '',
        settState: 'settled',
        ts: String(call.request.nowMs),
      },
    ]);
  }

  #fundingHistory(call: Call): SimReply {
    const market = this.#swapParam(call);
    if ('status' in market) return market;
    const { query } = call.request;
    const limit = intParam(query.get('limit'), 100, 1, 100);
    if (limit === undefined) return invalid('limit');
    const after = query.get('after') ? timeParam(query.get('after')) : undefined;
    const before = query.get('before') ? timeParam(query.get('before')) : undefined;
    if (query.get('after') && after === undefined) return invalid('after');
    if (query.get('before') && before === undefined) return invalid('before');
    const rows = this.#context.funding
      .history(market.symbol)
      .filter((item) => (after === undefined || item.time < after) && (before === undefined || item.time > before))
      .slice(0, limit)
      .map((item) => ({
        fundingRate: rate(item.rate),
        fundingTime: String(item.time),
        instId: instIdOf(market),
        instType: 'SWAP',
        method: FUNDING_METHOD,
        realizedRate: rate(item.rate),
      }));
    return ok(rows);
  }

  #markPrice(call: Call): SimReply {
    const { query } = call.request;
    const instType = query.get('instType');
    if (!instType) return empty('instType');
    if (!['MARGIN', 'SWAP', 'FUTURES', 'OPTION'].includes(instType)) return invalid('instType');
    const venue = this.#context.venue;
    const instId = query.get('instId');
    const markets = venue.markets.filter(
      (market) =>
        (instType === 'MARGIN' ? market.type === 'spot' : instTypeOf(market) === instType) && (!instId || instIdOf(market) === instId),
    );
    if (instId && markets.length === 0) return fail('51001', UNKNOWN_INSTRUMENT);
    return ok(
      markets.map((market) => ({
        instId: instIdOf(market),
        instType,
        markPx: px(market, venue.markPrice(market)),
        ts: String(call.request.nowMs),
      })),
    );
  }

  #indexTickers(call: Call): SimReply {
    const { query, nowMs } = call.request;
    const instId = query.get('instId');
    const quoteCcy = query.get('quoteCcy');
    if (!instId && !quoteCcy) return fail('50014', 'Parameter instId or quoteCcy can not be empty.');
    const venue = this.#context.venue;
    const spots = venue.markets.filter(
      (market) => market.type === 'spot' && (!instId || instIdOf(market) === instId) && (!quoteCcy || market.quote === quoteCcy),
    );
    if (instId && spots.length === 0) return fail('51001', UNKNOWN_INSTRUMENT);
    return ok(
      spots.map((market) => {
        const view = venue.ticker(market.symbol, nowMs);
        const index = venue.markPrice(market);
        return {
          instId: instIdOf(market),
          idxPx: px(market, index),
          high24h: px(market, view?.high24h ?? index),
          low24h: px(market, view?.low24h ?? index),
          open24h: px(market, view?.open24h ?? index),
          sodUtc0: px(market, view?.open24h ?? index),
          sodUtc8: px(market, view?.open24h ?? index),
          ts: String(nowMs),
        };
      }),
    );
  }

  // ---- fees, funding account, transfers ------------------------------------------------------

  #tradeFee(call: Call): SimReply {
    const instType = call.request.query.get('instType');
    if (!instType) return empty('instType');
    if (!['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'].includes(instType)) return invalid('instType');
    const venue = this.#context.venue;
    // OKX reports fee rates negative when charged.
    const maker = rate(-venue.makerFee);
    const taker = rate(-venue.takerFee);
    const contracts = instType === 'SWAP' || instType === 'FUTURES';
    return ok([
      {
        category: '1',
        delivery: '',
        exercise: '',
        fiat: [],
        instType,
        level: 'Lv1',
        maker,
        makerU: contracts ? maker : '',
        makerUSDC: '',
        ruleType: 'normal',
        taker,
        takerU: contracts ? taker : '',
        takerUSDC: '',
        ts: String(call.request.nowMs),
      },
    ]);
  }

  #fundingBalances(call: Call): SimReply {
    const wanted = call.request.query.get('ccy')?.split(',').filter(Boolean);
    const views = this.#context.venue
      .balances((call.account as Account).id, 'funding', call.request.nowMs)
      .filter((view) => view.total !== 0n && (!wanted || wanted.includes(view.currency)));
    return ok(
      views.map((view) => ({ availBal: fmt(view.available), bal: fmt(view.total), ccy: view.currency, frozenBal: fmt(view.frozen) })),
    );
  }

  #transfer(call: Call): SimReply {
    const body = call.body;
    if (!isWireObject(body)) return invalid('body');
    for (const name of ['ccy', 'amt', 'from', 'to']) if (!wireText(body[name])) return empty(name);
    const type = wireText(body.type) ?? '0';
    // Sub-account transfers (types 1–4) are not simulated.
    if (type !== '0') return invalid('type');
    const from = ACCOUNT_WALLETS[wireText(body.from) as string];
    const to = ACCOUNT_WALLETS[wireText(body.to) as string];
    if (!from) return invalid('from');
    if (!to || to === from) return invalid('to');
    const amount = positiveDecimal(wireText(body.amt));
    if (amount === undefined) return invalid('amt');
    const clientId = wireText(body.clientId) ?? '';
    if (clientId && !CLIENT_ID.test(clientId)) return invalid('clientId');
    const currency = wireText(body.ccy) as string;
    const result = this.#context.transfers.transfer(
      { accountId: (call.account as Account).id, currency, amount, from, to, ...(clientId ? { clientId } : {}) },
      call.request.nowMs,
    );
    if (!result.ok) {
      if (result.reason === 'insufficient-balance') return fail('58350', 'Insufficient balance.');
      if (result.reason === 'duplicate-client-id') return fail('50071', 'clientId already exists.');
      return invalid('to');
    }
    const { transfer } = result;
    return ok([
      {
        amt: formatFixed(transfer.amount),
        ccy: transfer.currency,
        clientId: transfer.clientId,
        from: wireText(body.from) as string,
        to: wireText(body.to) as string,
        transId: transfer.id,
      },
    ]);
  }

  #transferState(call: Call): SimReply {
    const { query } = call.request;
    const transId = query.get('transId');
    const clientId = query.get('clientId');
    if (!transId && !clientId) return fail('50014', 'Parameter transId or clientId can not be empty.');
    const record = this.#context.transfers.find((call.account as Account).id, transId ? { id: transId } : { clientId: clientId as string });
    if (!record) return ok([]);
    const code = (wallet: string) => Object.entries(ACCOUNT_WALLETS).find(([, name]) => name === wallet)?.[0] ?? '';
    return ok([
      {
        amt: formatFixed(record.amount),
        ccy: record.currency,
        clientId: record.clientId,
        from: code(record.from),
        instId: '',
        state: 'success',
        subAcct: '',
        to: code(record.to),
        toInstId: '',
        transId: record.id,
        type: '0',
      },
    ]);
  }
}
