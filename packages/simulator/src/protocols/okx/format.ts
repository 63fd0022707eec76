/**
 * Engine state → OKX v5 payloads (protocols/okx-v5.md §3.1): every number a string, `""` for
 * "not applicable", derivative sizes in contracts, fees negative when charged.
 */
import { decimalsOf, div, type Fixed, fixed, formatFixed, mul } from '../../decimal.js';
import type { Candle } from '../../engine/market-data.js';
import type { MarketSpec } from '../../engine/markets.js';
import type { AttachedLegs, TriggerLeg } from '../../engine/triggers.js';
import type { BalanceView, BookLevel, Fill, Order, PositionView, PublicTrade, TickerView, Venue } from '../../engine/venue.js';
import type { JsonValue } from '../../json.js';

/** Face value of one contract, base units (ctVal). */
export const CONTRACT_VALUE: Readonly<Record<string, Fixed>> = {
  'BTC/USDT:USDT': fixed('0.01'),
  'ETH/USDT:USDT': fixed('0.1'),
};

const INST_ID_CODE: Readonly<Record<string, number>> = {
  'BTC/USDT': 10001,
  'ETH/USDT': 10002,
  'BTC/USDT:USDT': 10459,
  'ETH/USDT:USDT': 10461,
};

const LIST_TIME = '1573557408000';

export function instIdOf(market: MarketSpec): string {
  return market.type === 'spot' ? `${market.base}-${market.quote}` : `${market.base}-${market.quote}-SWAP`;
}

export function instTypeOf(market: MarketSpec): 'SPOT' | 'SWAP' {
  return market.type === 'spot' ? 'SPOT' : 'SWAP';
}

export function marketByInstId(venue: Venue, instId: string): MarketSpec | undefined {
  return venue.markets.find((market) => instIdOf(market) === instId);
}

export function contractValue(market: MarketSpec): Fixed {
  return CONTRACT_VALUE[market.symbol] ?? market.step;
}

/** Base units → the unit OKX counts sizes in (contracts for swaps). */
export function wireSize(market: MarketSpec, baseAmount: Fixed): string {
  return market.type === 'spot' ? formatFixed(baseAmount) : formatFixed(div(baseAmount, contractValue(market)), 8);
}

export function px(market: MarketSpec, price: Fixed): string {
  return formatFixed(price, decimalsOf(market.tick));
}

function fmt(value: Fixed): string {
  return formatFixed(value, 12);
}

export function instrument(market: MarketSpec): Record<string, JsonValue> {
  const spot = market.type === 'spot';
  const family = spot ? '' : `${market.base}-${market.quote}`;
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: spot ? market.base : '',
    category: '1',
    contTdSwTime: '',
    ctMult: spot ? '' : '1',
    ctType: spot ? '' : 'linear',
    ctVal: spot ? '' : formatFixed(contractValue(market)),
    ctValCcy: spot ? '' : market.base,
    expTime: '',
    futureSettlement: false,
    instFamily: family,
    instId: instIdOf(market),
    instIdCode: INST_ID_CODE[market.symbol] ?? 0,
    instType: instTypeOf(market),
    lever: spot ? '' : String(market.maxLeverage),
    listTime: LIST_TIME,
    lotSz: spot ? formatFixed(market.step) : '1',
    maxIcebergSz: spot ? '9999999999.0000000000000000' : '100000000.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: spot ? formatFixed(market.maxAmount) : '100000000',
    maxMktAmt: spot ? '1000000' : '',
    maxMktSz: spot ? '1000000' : '12000',
    maxPlatOILmt: '',
    maxStopSz: spot ? '1000000' : '12000',
    maxTriggerSz: spot ? '9999999999.0000000000000000' : '100000000.0000000000000000',
    maxTwapSz: spot ? '9999999999.0000000000000000' : '100000000.0000000000000000',
    minSz: spot ? formatFixed(market.minAmount) : '1',
    openType: '',
    optType: '',
    posLmtAmt: '',
    posLmtPct: '',
    preMktSwTime: '',
    quoteCcy: spot ? market.quote : '',
    ruleType: 'normal',
    settleCcy: spot ? '' : (market.settle as string),
    state: 'live',
    stk: '',
    tickSz: formatFixed(market.tick),
    tradeQuoteCcyList: spot ? [market.quote] : [],
    uly: family,
  };
}

export function ticker(view: TickerView, sodUtc0: Fixed, sodUtc8: Fixed): Record<string, JsonValue> {
  const { market } = view;
  const spot = market.type === 'spot';
  return {
    instType: instTypeOf(market),
    instId: instIdOf(market),
    last: px(market, view.last),
    lastSz: wireSize(market, view.lastSize),
    askPx: px(market, view.ask.price),
    askSz: wireSize(market, view.ask.size),
    bidPx: px(market, view.bid.price),
    bidSz: wireSize(market, view.bid.size),
    open24h: px(market, view.open24h),
    high24h: px(market, view.high24h),
    low24h: px(market, view.low24h),
    volCcy24h: spot ? fmt(view.quoteVolume24h) : fmt(view.volume24h),
    vol24h: spot ? fmt(view.volume24h) : wireSize(market, view.volume24h),
    ts: String(view.time),
    sodUtc0: px(market, sodUtc0),
    sodUtc8: px(market, sodUtc8),
  };
}

export function bookLevel(market: MarketSpec, level: BookLevel): JsonValue[] {
  return [px(market, level.price), wireSize(market, level.size), '0', String(level.orderCount)];
}

export function trade(market: MarketSpec, item: PublicTrade): Record<string, JsonValue> {
  return {
    instId: instIdOf(market),
    side: item.takerSide,
    sz: wireSize(market, item.amount),
    px: px(market, item.price),
    tradeId: String(item.tradeId),
    ts: String(item.time),
  };
}

export function candle(market: MarketSpec, item: Candle): JsonValue[] {
  const spot = market.type === 'spot';
  return [
    String(item.openTime),
    px(market, item.open),
    px(market, item.high),
    px(market, item.low),
    px(market, item.close),
    spot ? fmt(item.volume) : wireSize(market, item.volume),
    spot ? fmt(item.quoteVolume) : fmt(item.volume),
    fmt(item.quoteVolume),
    item.closed ? '1' : '0',
  ];
}

const STATE: Record<Order['status'], string> = {
  live: 'live',
  partially_filled: 'partially_filled',
  filled: 'filled',
  canceled: 'canceled',
};

/** OKX cancelSource codes for the ways an order ends early. */
const CANCEL_SOURCE: Record<NonNullable<Order['cancelReason']>, [string, string]> = {
  user: ['1', 'Order canceled by user'],
  ioc: ['14', 'Order canceled: IOC order was partially canceled due to incompletely filled'],
  market: ['14', 'Order canceled: market order was partially canceled due to insufficient liquidity'],
  fok: ['15', 'Order canceled: The FOK order was canceled due to incompletely filled'],
  post_only: ['31', 'The post-only order will take liquidity in maker orders'],
  reduce_only: ['0', 'Order canceled by system: reduce-only order would increase the position'],
};

/** `attachAlgoOrds` as OKX shows it on an order or a trigger order. */
export function attachedView(market: MarketSpec, legs: AttachedLegs | undefined): JsonValue[] {
  if (!legs) return [];
  const leg = (value: TriggerLeg | undefined) => ({
    trigger: value ? px(market, value.triggerPrice) : '',
    order: value ? (value.price !== undefined ? px(market, value.price) : '-1') : '',
    type: value ? value.priceType : '',
  });
  const tp = leg(legs.takeProfit);
  const sl = leg(legs.stopLoss);
  return [
    {
      attachAlgoClOrdId: legs.clientOrderId ?? '',
      attachAlgoId: '',
      tpTriggerPx: tp.trigger,
      tpTriggerPxType: tp.type,
      tpOrdPx: tp.order,
      slTriggerPx: sl.trigger,
      slTriggerPxType: sl.type,
      slOrdPx: sl.order,
      sz: '',
      failCode: '',
      failReason: '',
    },
  ];
}

function legPrice(market: MarketSpec, leg: TriggerLeg | undefined): string {
  if (!leg) return '';
  return leg.price !== undefined ? px(market, leg.price) : '-1';
}

export function averagePrice(order: Order): string {
  return order.filled > 0n ? formatFixed(div(order.cost, order.filled), 8) : '';
}

export function order(item: Order): Record<string, JsonValue> {
  const { market } = item;
  const spot = market.type === 'spot';
  const last = item.lastFill;
  const cancel = item.cancelReason ? CANCEL_SOURCE[item.cancelReason] : undefined;
  const sz = item.quoteAmount !== undefined ? fmt(item.quoteAmount) : wireSize(market, item.amount);
  return {
    accFillSz: wireSize(market, item.filled),
    algoClOrdId: '',
    algoId: item.triggerOrderId ?? '',
    attachAlgoClOrdId: item.attached?.clientOrderId ?? '',
    attachAlgoOrds: attachedView(market, item.attached),
    avgPx: averagePrice(item),
    cTime: String(item.createdAt),
    cancelSource: cancel ? cancel[0] : '',
    cancelSourceReason: cancel ? cancel[1] : '',
    category: 'normal',
    ccy: '',
    clOrdId: item.clientOrderId,
    fee: fmt(-item.fee),
    feeCcy: item.feeCurrency,
    fillPx: last ? px(market, last.price) : '',
    fillSz: last ? wireSize(market, last.amount) : '0',
    fillTime: last ? String(last.time) : '',
    instId: instIdOf(market),
    instType: instTypeOf(market),
    isTpLimit: 'false',
    lever: spot ? '' : String(item.leverage),
    linkedAlgoOrd: { algoId: '' },
    ordId: item.id,
    ordType: item.tags.ordType ?? item.type,
    pnl: fmt(item.realizedPnl),
    posSide: spot ? '' : item.posSide,
    px: item.price !== undefined ? px(market, item.price) : '',
    pxType: '',
    pxUsd: '',
    pxVol: '',
    quickMgnType: '',
    rebate: '0',
    rebateCcy: spot ? market.quote : (market.settle as string),
    reduceOnly: item.reduceOnly ? 'true' : 'false',
    side: item.side,
    slOrdPx: legPrice(market, item.attached?.stopLoss),
    slTriggerPx: item.attached?.stopLoss ? px(market, item.attached.stopLoss.triggerPrice) : '',
    slTriggerPxType: item.attached?.stopLoss?.priceType ?? '',
    source: '',
    state: STATE[item.status],
    stpId: '',
    stpMode: 'cancel_maker',
    sz,
    tag: item.tags.tag ?? '',
    tdMode: item.tags.tdMode ?? (spot ? 'cash' : item.marginMode),
    tgtCcy: item.tags.tgtCcy ?? '',
    tpOrdPx: legPrice(market, item.attached?.takeProfit),
    tpTriggerPx: item.attached?.takeProfit ? px(market, item.attached.takeProfit.triggerPrice) : '',
    tpTriggerPxType: item.attached?.takeProfit?.priceType ?? '',
    tradeId: last ? String(last.tradeId) : '',
    uTime: String(item.updatedAt),
  };
}

export function fill(market: MarketSpec, item: Fill, tag: string): Record<string, JsonValue> {
  const spot = market.type === 'spot';
  return {
    instType: instTypeOf(market),
    instId: instIdOf(market),
    tradeId: String(item.tradeId),
    ordId: item.orderId,
    clOrdId: item.clientOrderId,
    billId: item.id,
    subType: item.side === 'buy' ? '1' : '2',
    tag,
    fillPx: px(market, item.price),
    fillSz: wireSize(market, item.amount),
    fillIdxPx: '',
    fillPnl: fmt(item.realizedPnl),
    fillPxVol: '',
    fillPxUsd: '',
    fillMarkVol: '',
    fillFwdPx: '',
    fillMarkPx: '',
    side: item.side,
    posSide: spot ? '' : item.posSide,
    execType: item.liquidity === 'maker' ? 'M' : 'T',
    feeCcy: item.feeCurrency,
    fee: fmt(-item.fee),
    ts: String(item.time),
    fillTime: String(item.time),
    feeRate: fmt(-item.feeRate),
  };
}

export function balanceDetail(view: BalanceView, usdPrice: Fixed, time: number): Record<string, JsonValue> {
  const equity = view.total + view.unrealizedPnl;
  const equityUsd = fmt(mul(equity, usdPrice));
  return {
    autoLendStatus: 'off',
    autoLendMtAmt: '0',
    availBal: fmt(view.available),
    availEq: fmt(view.available + view.unrealizedPnl),
    borrowFroz: '',
    cashBal: fmt(view.total),
    ccy: view.currency,
    crossLiab: '0',
    colRes: '0',
    collateralEnabled: false,
    collateralRestrict: false,
    colBorrAutoConversion: '0',
    disEq: equityUsd,
    eq: fmt(equity),
    eqUsd: equityUsd,
    smtSyncEq: '0',
    spotCopyTradingEq: '0',
    fixedBal: '0',
    frozenBal: fmt(view.frozen + view.positionMargin),
    frpType: '0',
    imr: '',
    interest: '0',
    isoEq: '0',
    isoLiab: '0',
    isoUpl: '0',
    liab: '0',
    maxLoan: '',
    mgnRatio: '',
    mmr: '',
    notionalLever: '',
    ordFrozen: fmt(view.frozen),
    rewardBal: '0',
    spotInUseAmt: '',
    clSpotInUseAmt: '',
    maxSpotInUse: '',
    spotIsoBal: '0',
    stgyEq: '0',
    twap: '0',
    uTime: String(time),
    upl: fmt(view.unrealizedPnl),
    uplLiab: '0',
    spotBal: '',
    openAvgPx: '',
    accAvgPx: '',
    spotUpl: '',
    spotUplRatio: '',
    totalPnl: '',
    totalPnlRatio: '',
  };
}

export function position(view: PositionView, last: Fixed, time: number): Record<string, JsonValue> {
  const { market } = view;
  // Net mode signs pos (negative = short); long/short mode reports each leg as a positive size.
  const contracts = wireSize(market, view.posSide === 'net' || view.size >= 0n ? view.size : -view.size);
  const isolated = view.marginMode === 'isolated';
  const margin = fmt(view.margin);
  const uplRatio = view.margin > 0n ? formatFixed(div(view.unrealizedPnl, view.margin), 16) : '0';
  return {
    adl: '1',
    availPos: isolated || view.posSide !== 'net' ? wireSize(market, view.size < 0n ? -view.size : view.size) : '',
    avgPx: formatFixed(view.entryPrice, 8),
    baseBal: '',
    baseBorrowed: '',
    baseInterest: '',
    bePx: '',
    bizRefId: '',
    bizRefType: '',
    cTime: String(view.createdAt),
    ccy: market.settle as string,
    clSpotInUseAmt: '',
    closeOrderAlgo: [],
    deltaBS: '',
    deltaPA: '',
    fee: fmt(-view.fee),
    fundingFee: '0',
    gammaBS: '',
    gammaPA: '',
    hedgedPos: '',
    idxPx: px(market, view.markPrice),
    imr: isolated ? '' : margin,
    instId: instIdOf(market),
    instType: instTypeOf(market),
    interest: '',
    last: px(market, last),
    lever: String(view.leverage),
    liab: '',
    liabCcy: '',
    liqPenalty: '0',
    liqPx: '',
    margin: isolated ? margin : '',
    markPx: px(market, view.markPrice),
    maxSpotInUseAmt: '',
    mgnMode: view.marginMode,
    mgnRatio: '',
    mmr: fmt(mul(view.notional, fixed('0.004'))),
    nonSettleAvgPx: '',
    notionalUsd: fmt(view.notional),
    optVal: '',
    pendingCloseOrdLiabVal: '',
    pnl: fmt(view.realizedPnl + view.fee),
    pos: contracts,
    posCcy: '',
    posId: view.id,
    posSide: view.posSide,
    quoteBal: '',
    quoteBorrowed: '',
    quoteInterest: '',
    realizedPnl: fmt(view.realizedPnl),
    settledPnl: '',
    spotInUseAmt: '',
    spotInUseCcy: '',
    thetaBS: '',
    thetaPA: '',
    tradeId: String(view.lastTradeId),
    uTime: String(Math.min(time, view.updatedAt)),
    upl: fmt(view.unrealizedPnl),
    uplLastPx: fmt(mul(view.size, last - view.entryPrice)),
    uplRatio,
    uplRatioLastPx: uplRatio,
    usdPx: '',
    vegaBS: '',
    vegaPA: '',
  };
}
