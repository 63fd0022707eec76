/**
 * Engine state → WEEX V3 payloads (protocols/weex.md §3). Decimals are strings; spot ids and
 * futures fill/position ids are unquoted 18-digit JSON numbers as WEEX sends them; futures order
 * objects carry ids and times as strings, as in the live captures.
 */
import { decimalsOf, div, type Fixed, formatFixed, formatFixedPadded, mul } from '../../decimal.js';
import type { Candle } from '../../engine/market-data.js';
import type { MarketSpec } from '../../engine/markets.js';
import type { BalanceView, BookLevel, Fill, Order, PositionView, PublicTrade, TickerView, Venue } from '../../engine/venue.js';
import { type JsonValue, num } from '../../json.js';
import { hashUuid } from '../../random.js';

export function symbolOf(market: MarketSpec): string {
  return `${market.base}${market.quote}`;
}

export function marketBySymbol(venue: Venue, symbol: string, type: MarketSpec['type']): MarketSpec | undefined {
  return venue.markets.find((market) => market.type === type && symbolOf(market) === symbol);
}

function fmt(value: Fixed): string {
  return formatFixed(value, 12);
}

/** Futures prices carry pricePrecision digits ("0.00000" style in the captures). */
function futuresPrice(market: MarketSpec, value: Fixed): string {
  return formatFixedPadded(value, decimalsOf(market.tick));
}

export function status(order: Order): string {
  switch (order.status) {
    case 'live':
      return 'NEW';
    case 'partially_filled':
      return 'PARTIALLY_FILLED';
    case 'filled':
      return 'FILLED';
    case 'canceled':
      return order.cancelReason === 'user' ? 'CANCELED' : 'EXPIRED';
  }
}

export function timeInForce(order: Order): string {
  return order.timeInForce === 'PO' ? 'POST_ONLY' : order.timeInForce;
}

export function spotSymbolInfo(market: MarketSpec, venue: Venue): Record<string, JsonValue> {
  return {
    symbol: symbolOf(market),
    status: 'TRADING',
    baseAsset: market.base,
    baseAssetPrecision: decimalsOf(market.step),
    quoteAsset: market.quote,
    quoteAssetPrecision: 8,
    tickSize: formatFixed(market.tick),
    stepSize: formatFixed(market.step),
    minTradeAmount: formatFixed(market.minAmount),
    maxTradeAmount: formatFixed(market.maxAmount),
    takerFeeRate: formatFixed(venue.takerFee),
    makerFeeRate: formatFixed(venue.makerFee),
    buyLimitPriceRatio: '0.1',
    sellLimitPriceRatio: '0.1',
    marketBuyLimitSize: formatFixed(market.maxAmount),
    marketSellLimitSize: formatFixed(market.maxAmount),
    marketFallbackPriceRatio: '0.2',
    enableTrade: true,
    enableDisplay: true,
    displayDigitMerge: market.base === 'BTC' ? '10,1,0.1' : '1,0.1,0.01',
    displayNew: false,
    displayHot: true,
  };
}

export function futuresSymbolInfo(market: MarketSpec, venue: Venue): Record<string, JsonValue> {
  return {
    symbol: symbolOf(market),
    baseAsset: market.base,
    quoteAsset: market.quote,
    marginAsset: market.settle as string,
    pricePrecision: String(decimalsOf(market.tick)),
    quantityPrecision: String(decimalsOf(market.step)),
    baseAssetPrecision: String(decimalsOf(market.step)),
    quotePrecision: '8',
    contractVal: formatFixed(market.step),
    delivery: ['00:00:00', '08:00:00', '16:00:00'],
    forwardContractFlag: true,
    minLeverage: '1',
    maxLeverage: String(market.maxLeverage),
    buyLimitPriceRatio: '0.05',
    sellLimitPriceRatio: '0.05',
    makerFeeRate: formatFixed(venue.makerFee),
    takerFeeRate: formatFixed(venue.takerFee),
    minOrderSize: formatFixed(market.minAmount),
    maxOrderSize: formatFixed(market.maxAmount),
    maxPositionSize: formatFixed(market.maxAmount * 10n),
    marketOpenLimitSize: formatFixed(market.maxAmount / 10n),
  };
}

function change(view: TickerView): { priceChange: string; priceChangePercent: string } {
  const delta = view.last - view.open24h;
  return {
    priceChange: fmt(delta),
    priceChangePercent: formatFixedPadded(view.open24h > 0n ? div(delta, view.open24h) : 0n, 6),
  };
}

export function spotTicker(view: TickerView): Record<string, JsonValue> {
  const { market } = view;
  return {
    symbol: symbolOf(market),
    ...change(view),
    lastPrice: fmt(view.last),
    bidPrice: fmt(view.bid.price),
    bidQty: fmt(view.bid.size),
    askPrice: fmt(view.ask.price),
    askQty: fmt(view.ask.size),
    openPrice: fmt(view.open24h),
    highPrice: fmt(view.high24h),
    lowPrice: fmt(view.low24h),
    volume: fmt(view.volume24h),
    quoteVolume: fmt(view.quoteVolume24h),
    openTime: view.time - 86_400_000,
    closeTime: view.time,
    count: view.tradeCount24h,
  };
}

export function futuresTicker(view: TickerView): Record<string, JsonValue> {
  const { market } = view;
  return {
    symbol: symbolOf(market),
    ...change(view),
    lastPrice: fmt(view.last),
    openPrice: fmt(view.open24h),
    highPrice: fmt(view.high24h),
    lowPrice: fmt(view.low24h),
    volume: fmt(view.volume24h),
    quoteVolume: fmt(view.quoteVolume24h),
    openTime: view.time - 86_400_000,
    closeTime: view.time,
    markPrice: fmt(view.markPrice),
    indexPrice: fmt(view.markPrice),
  };
}

export function bookTicker(view: TickerView, withTime: boolean): Record<string, JsonValue> {
  return {
    symbol: symbolOf(view.market),
    bidPrice: fmt(view.bid.price),
    bidQty: fmt(view.bid.size),
    askPrice: fmt(view.ask.price),
    askQty: fmt(view.ask.size),
    ...(withTime ? { time: view.time } : {}),
  };
}

export function level(item: BookLevel): JsonValue[] {
  return [fmt(item.price), fmt(item.size)];
}

export function trade(market: MarketSpec, item: PublicTrade, timeAsString: boolean): Record<string, JsonValue> {
  return {
    id: hashUuid(market.index, item.tradeId),
    price: fmt(item.price),
    qty: fmt(item.amount),
    quoteQty: fmt(mul(item.price, item.amount)),
    time: timeAsString ? String(item.time) : item.time,
    isBuyerMaker: item.takerSide === 'sell',
    isBestMatch: true,
  };
}

export function kline(item: Candle, durationMs: number, inclusiveClose: boolean): JsonValue[] {
  const takerBuy = item.volume / 2n;
  return [
    item.openTime,
    fmt(item.open),
    fmt(item.high),
    fmt(item.low),
    fmt(item.close),
    fmt(item.volume),
    item.openTime + durationMs - (inclusiveClose ? 1 : 0),
    fmt(item.quoteVolume),
    item.tradeCount,
    fmt(takerBuy),
    fmt(item.quoteVolume / 2n),
  ];
}

export function spotOrder(order: Order): Record<string, JsonValue> {
  return {
    symbol: symbolOf(order.market),
    orderId: num(order.id),
    clientOrderId: order.clientOrderId,
    price: order.price !== undefined ? fmt(order.price) : '0',
    origQty: fmt(order.amount),
    executedQty: fmt(order.filled),
    cummulativeQuoteQty: fmt(order.cost),
    status: status(order),
    timeInForce: timeInForce(order),
    type: order.type === 'limit' ? 'LIMIT' : 'MARKET',
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    time: order.createdAt,
    updateTime: order.updatedAt,
    isWorking: order.status === 'live' || order.status === 'partially_filled',
  };
}

function isClosingLeg(order: Order): boolean {
  return (order.posSide === 'long' && order.side === 'sell') || (order.posSide === 'short' && order.side === 'buy');
}

export function futuresOrder(order: Order): Record<string, JsonValue> {
  const { market } = order;
  return {
    avgPrice: futuresPrice(market, order.filled > 0n ? div(order.cost, order.filled) : 0n),
    clientOrderId: order.clientOrderId,
    cumQuote: fmt(order.cost),
    executedQty: fmt(order.filled),
    orderId: order.id,
    origQty: fmt(order.amount),
    price: futuresPrice(market, order.price ?? 0n),
    reduceOnly: isClosingLeg(order),
    side: order.side === 'buy' ? 'BUY' : 'SELL',
    positionSide: order.posSide === 'short' ? 'SHORT' : 'LONG',
    status: status(order),
    stopPrice: futuresPrice(market, 0n),
    symbol: symbolOf(market),
    time: String(order.createdAt),
    timeInForce: timeInForce(order),
    type: order.type === 'limit' ? 'LIMIT' : 'MARKET',
    updateTime: String(order.updatedAt),
    workingType: 'CONTRACT_PRICE',
  };
}

export function spotFill(fill: Fill, market: MarketSpec): Record<string, JsonValue> {
  return {
    symbol: symbolOf(market),
    id: num(fill.id),
    orderId: num(fill.orderId),
    price: fmt(fill.price),
    qty: fmt(fill.amount),
    quoteQty: fmt(mul(fill.price, fill.amount)),
    commission: fmt(fill.fee),
    time: fill.time,
    isBuyer: fill.side === 'buy',
  };
}

export function futuresFill(fill: Fill, market: MarketSpec): Record<string, JsonValue> {
  return {
    id: num(fill.id),
    orderId: num(fill.orderId),
    symbol: symbolOf(market),
    buyer: fill.side === 'buy',
    commission: fmt(fill.fee),
    commissionAsset: fill.feeCurrency,
    maker: fill.liquidity === 'maker',
    price: fmt(fill.price),
    qty: fmt(fill.amount),
    quoteQty: fmt(mul(fill.price, fill.amount)),
    realizedPnl: fmt(fill.realizedPnl),
    side: fill.side === 'buy' ? 'BUY' : 'SELL',
    positionSide: fill.posSide === 'short' ? 'SHORT' : 'LONG',
    time: fill.time,
  };
}

export function futuresBalance(view: BalanceView): Record<string, JsonValue> {
  return {
    asset: view.currency,
    balance: fmt(view.total),
    availableBalance: fmt(view.available),
    frozen: fmt(view.frozen),
    unrealizePnl: fmt(view.unrealizedPnl),
  };
}

export function position(view: PositionView): Record<string, JsonValue> {
  const size = view.size < 0n ? -view.size : view.size;
  const openValue = mul(size, view.entryPrice);
  const isolated = view.marginMode === 'isolated';
  return {
    id: num(view.id),
    asset: view.market.settle as string,
    symbol: symbolOf(view.market),
    side: view.size < 0n ? 'SHORT' : 'LONG',
    marginType: isolated ? 'ISOLATED' : 'CROSSED',
    separatedMode: 'COMBINED',
    separatedOpenOrderId: 0,
    leverage: String(view.leverage),
    size: fmt(size),
    openValue: fmt(openValue),
    openFee: fmt(view.fee),
    fundingFee: '0',
    marginSize: fmt(view.margin),
    isolatedMargin: isolated ? fmt(view.margin) : '0',
    isAutoAppendIsolatedMargin: false,
    cumOpenSize: fmt(size),
    cumOpenValue: fmt(openValue),
    cumOpenFee: fmt(view.fee),
    cumCloseSize: '0',
    cumCloseValue: '0',
    cumCloseFee: '0',
    cumFundingFee: '0',
    cumLiquidateFee: '0',
    createdMatchSequenceId: view.lastTradeId,
    updatedMatchSequenceId: view.lastTradeId,
    createdTime: view.createdAt,
    updatedTime: view.updatedAt,
    unrealizePnl: fmt(view.unrealizedPnl),
    liquidatePrice: '0',
  };
}
