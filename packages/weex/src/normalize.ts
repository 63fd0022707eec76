/**
 * WEEX V3 payloads → unified types (pure functions). Quantities are in base units on both spot and
 * futures (protocols/weex.md §3.2), so amounts pass through unchanged.
 */
import {
  type Balances,
  type FundingRate,
  type FundingRateHistoryEntry,
  formatSymbol,
  type Leverage,
  type Market,
  type OHLCV,
  type Order,
  type OrderBook,
  type OrderBookLevel,
  type OrderStatus,
  type OrderType,
  type Position,
  type Ticker,
  type TimeInForce,
  type Trade,
  type TradingFee,
} from '@exchange-adapters/core';
import { readBookLevels, toDecimal, WIRE_DECIMALS } from '@exchange-adapters/core/adapter';
import type {
  ContractSymbol,
  SpotSymbol,
  WireAlgoOrder,
  WireBookTicker,
  WireContractBalances,
  WireContractOrder,
  WireContractUserTrade,
  WireFundingHistory,
  WireOrderBook,
  WirePosition,
  WirePremiumIndex,
  WirePublicTrade,
  WireSpotAccount,
  WireSpotMyTrade,
  WireSpotOrder,
  WireSymbolConfig,
  WireTicker,
  WireWsFill,
  WireWsOrder,
  WireWsPosition,
  WireWsSpotAccount,
  WireWsTicker,
  WireWsTrade,
} from './schemas.js';

type WireNumber = string | number | null | undefined;

/** A wire decimal as a number; undefined for absent, empty or unreadable values. */
export function toNumber(value: WireNumber): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const result = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(result) ? result : undefined;
}

/** Like toNumber, but a zero means "not set" (market orders show price "0.00000"). */
function nonZero(value: WireNumber): number | undefined {
  const result = toNumber(value);
  return result === 0 ? undefined : result;
}

function isDecimal(value: WireNumber): value is string | number {
  return toNumber(value) !== undefined;
}

/** A reply's decimal, exact, under the reply's limits (dust and large amounts are real). */
function exact(value: string | number) {
  return toDecimal(value, 'value', 'weex', WIRE_DECIMALS);
}

/** Exact a + b or a − b of wire decimals. */
function addDecimals(a: WireNumber, b: WireNumber, sign: 1 | -1 = 1): number {
  const left = exact(isDecimal(a) ? a : 0);
  const right = exact(isDecimal(b) ? b : 0);
  return (sign === 1 ? left.plus(right) : left.minus(right)).toNumber();
}

/** Exact a ÷ b; undefined when b is zero. */
function divideDecimals(a: WireNumber, b: WireNumber): number | undefined {
  if (!isDecimal(a) || !isDecimal(b) || toNumber(b) === 0) return undefined;
  return Number(exact(a).div(exact(b)).toPrecision(15));
}

function multiplyDecimals(a: WireNumber, b: WireNumber): number | undefined {
  if (!isDecimal(a) || !isDecimal(b)) return undefined;
  return exact(a).times(exact(b)).toNumber();
}

/** 10^-digits, the tick or step a precision in decimal places stands for. */
function stepOfPrecision(digits: WireNumber): number | undefined {
  const places = toNumber(digits);
  if (places === undefined || !Number.isInteger(places) || places < 0) return undefined;
  return Number(`1e-${places}`);
}

// ── markets ──────────────────────────────────────────────────────────────────────────────────

export function parseSpotMarket(raw: SpotSymbol): Market {
  const base = raw.baseAsset.toUpperCase();
  const quote = raw.quoteAsset.toUpperCase();
  // Some records omit tickSize/stepSize (§3.2); the asset precisions then give the granularity.
  const tick = nonZero(raw.tickSize) ?? stepOfPrecision(raw.quoteAssetPrecision) ?? 1e-8;
  const step = nonZero(raw.stepSize) ?? stepOfPrecision(raw.baseAssetPrecision) ?? 1e-8;
  return {
    id: raw.symbol,
    symbol: formatSymbol({ base, quote }),
    base,
    quote,
    type: 'spot',
    spot: true,
    contract: false,
    amountUnit: 'base',
    active: raw.enableTrade !== false && (raw.status === undefined || raw.status === null || raw.status === 'TRADING'),
    precision: { price: tick, amount: step },
    limits: {
      amount: { min: nonZero(raw.minTradeAmount), max: nonZero(raw.maxTradeAmount) },
      price: {},
      cost: {},
    },
    info: raw,
  };
}

export function parseContractMarket(raw: ContractSymbol): Market {
  const base = raw.baseAsset.toUpperCase();
  const quote = raw.quoteAsset.toUpperCase();
  const settle = (raw.marginAsset ?? raw.quoteAsset).toUpperCase();
  const linear = settle === quote;
  return {
    id: raw.symbol,
    symbol: formatSymbol({ base, quote, settle }),
    base,
    quote,
    settle,
    type: 'swap',
    spot: false,
    contract: true,
    linear,
    inverse: !linear,
    contractSize: toNumber(raw.contractVal),
    // Orders, positions and fills are in base units, never contracts (-3006).
    amountUnit: 'base',
    active: true,
    precision: { price: stepOfPrecision(raw.pricePrecision) ?? 1e-8, amount: stepOfPrecision(raw.quantityPrecision) ?? 1e-8 },
    limits: {
      amount: { min: nonZero(raw.minOrderSize), max: nonZero(raw.maxOrderSize) },
      price: {},
      cost: {},
      leverage: { min: toNumber(raw.minLeverage), max: toNumber(raw.maxLeverage) },
    },
    info: raw,
  };
}

// ── market data ──────────────────────────────────────────────────────────────────────────────

/** `book` fills bid/ask for futures, whose 24 h ticker has none (§3.3). */
export function parseTicker(raw: WireTicker, symbol: string, nowMs: number, book?: WireBookTicker): Ticker {
  return {
    symbol,
    timestamp: toNumber(raw.closeTime) ?? toNumber(book?.time) ?? nowMs,
    last: toNumber(raw.lastPrice),
    bid: toNumber(raw.bidPrice) ?? toNumber(book?.bidPrice),
    bidSize: toNumber(raw.bidQty) ?? toNumber(book?.bidQty),
    ask: toNumber(raw.askPrice) ?? toNumber(book?.askPrice),
    askSize: toNumber(raw.askQty) ?? toNumber(book?.askQty),
    open: toNumber(raw.openPrice),
    high: toNumber(raw.highPrice),
    low: toNumber(raw.lowPrice),
    baseVolume: toNumber(raw.volume),
    quoteVolume: toNumber(raw.quoteVolume),
    // The futures 24 h ticker carries them (§3.3); spot has neither.
    markPrice: toNumber(raw.markPrice),
    indexPrice: toNumber(raw.indexPrice),
    info: book ? { ticker: raw, bookTicker: book } : raw,
  };
}

/** Levels as numbers, in the given order (descending for bids); sorted only when WEEX sent them out of order. */
function parseLevels(levels: WireOrderBook['bids'], descending: boolean): OrderBookLevel[] {
  const side = readBookLevels(levels);
  for (let i = 1; i < side.length; i++) {
    const price = (side[i] as OrderBookLevel)[0];
    const previous = (side[i - 1] as OrderBookLevel)[0];
    if (descending ? price > previous : price < previous) return side.sort(descending ? (a, b) => b[0] - a[0] : (a, b) => a[0] - b[0]);
  }
  return side;
}

export function parseOrderBook(raw: WireOrderBook, symbol: string, limit?: number): OrderBook {
  const bids = parseLevels(raw.bids, true);
  const asks = parseLevels(raw.asks, false);
  return {
    symbol,
    sequence: toNumber(raw.lastUpdateId),
    bids: limit === undefined ? bids : bids.slice(0, limit),
    asks: limit === undefined ? asks : asks.slice(0, limit),
    info: raw,
  };
}

/**
 * A public trade, REST or push: WEEX states whether the buyer was the maker, so a buyer-maker
 * trade was a taker sell. The cost is the quote quantity when given, else price × quantity exactly.
 */
function takerTrade(
  fields: {
    id: string;
    time: string | number;
    buyerIsMaker: boolean;
    price: WirePublicTrade['price'] | WireWsTrade['p'];
    qty: WirePublicTrade['qty'] | WireWsTrade['q'];
    quoteQty: WirePublicTrade['quoteQty'] | WireWsTrade['v'];
  },
  symbol: string,
  info: unknown,
): Trade {
  const price = Number(fields.price);
  const amount = Number(fields.qty);
  return {
    id: fields.id,
    symbol,
    timestamp: Number(fields.time),
    side: fields.buyerIsMaker ? 'sell' : 'buy',
    price,
    amount,
    cost: toNumber(fields.quoteQty) ?? multiplyDecimals(fields.price, fields.qty) ?? price * amount,
    takerOrMaker: 'taker',
    info,
  };
}

export function parsePublicTrade(raw: WirePublicTrade, symbol: string): Trade {
  const { id, time, isBuyerMaker, price, qty, quoteQty } = raw;
  return takerTrade({ id, time, buyerIsMaker: isBuyerMaker, price, qty, quoteQty }, symbol, raw);
}

export function parseCandle(row: ReadonlyArray<string | number>): OHLCV {
  return [Number(row[0]), Number(row[1]), Number(row[2]), Number(row[3]), Number(row[4]), Number(row[5])];
}

// ── balances ─────────────────────────────────────────────────────────────────────────────────

export function parseSpotBalances(raw: WireSpotAccount): Balances {
  const assets: Balances['assets'] = {};
  for (const balance of raw.balances) {
    const free = Number(balance.free);
    const used = toNumber(balance.locked) ?? 0;
    assets[balance.asset.toUpperCase()] = { free, used, total: addDecimals(balance.free, balance.locked) };
  }
  return { info: raw, timestamp: toNumber(raw.updateTime), assets };
}

/**
 * `balance` is the total and `availableBalance` the free part; `used` is the rest (order margin,
 * position margin), so free + used = total holds.
 */
export function parseContractBalances(raw: WireContractBalances): Balances {
  const assets: Balances['assets'] = {};
  for (const balance of raw) {
    assets[balance.asset.toUpperCase()] = {
      free: Number(balance.availableBalance),
      used: addDecimals(balance.balance, balance.availableBalance, -1),
      total: Number(balance.balance),
    };
  }
  return { info: raw, assets };
}

// ── orders ───────────────────────────────────────────────────────────────────────────────────

const ORDER_STATUS: Readonly<Record<string, OrderStatus>> = {
  NEW: 'open',
  PENDING: 'open',
  PARTIALLY_FILLED: 'open',
  PARTIAL_FILL: 'open',
  UNTRIGGERED: 'open',
  CANCELING: 'open',
  FILLED: 'closed',
  FULL_FILL: 'closed',
  CANCELED: 'canceled',
  CANCELLED: 'canceled',
  EXPIRED: 'expired',
  REJECTED: 'rejected',
  FAILED: 'rejected',
};

/** Unknown statuses count as open: the order is not known to be finished. */
export function parseOrderStatus(status: string): OrderStatus {
  return ORDER_STATUS[status.toUpperCase()] ?? 'open';
}

/** Conditional types (STOP, TAKE_PROFIT_MARKET, …) become limit or market by their execution. */
export function parseOrderType(type: string): OrderType {
  return /MARKET/i.test(type) ? 'market' : 'limit';
}

const TIME_IN_FORCE: Readonly<Record<string, TimeInForce>> = { GTC: 'GTC', IOC: 'IOC', FOK: 'FOK', POST_ONLY: 'PO' };

function parseTimeInForce(value: string | null | undefined): TimeInForce | undefined {
  return value ? TIME_IN_FORCE[value.toUpperCase()] : undefined;
}

function parseSide(side: string): 'buy' | 'sell' {
  return side.toUpperCase() === 'SELL' ? 'sell' : 'buy';
}

export function parseSpotOrder(raw: WireSpotOrder, symbol: string): Order {
  const amount = Number(raw.origQty);
  const filled = toNumber(raw.executedQty) ?? 0;
  const cost = toNumber(raw.cummulativeQuoteQty);
  return {
    id: raw.orderId,
    clientOrderId: raw.clientOrderId ?? '',
    symbol,
    type: parseOrderType(raw.type),
    side: parseSide(raw.side),
    status: parseOrderStatus(raw.status),
    price: nonZero(raw.price),
    average: filled > 0 ? divideDecimals(raw.cummulativeQuoteQty, raw.executedQty) : undefined,
    amount,
    filled,
    remaining: addDecimals(raw.origQty, raw.executedQty, -1),
    cost,
    timestamp: toNumber(raw.time) ?? toNumber(raw.updateTime) ?? 0,
    lastUpdateTimestamp: toNumber(raw.updateTime),
    timeInForce: parseTimeInForce(raw.timeInForce),
    info: raw,
  };
}

export function parseContractOrder(raw: WireContractOrder, symbol: string): Order {
  const filled = toNumber(raw.executedQty) ?? 0;
  return {
    id: raw.orderId,
    clientOrderId: raw.clientOrderId ?? '',
    symbol,
    type: parseOrderType(raw.type),
    side: parseSide(raw.side),
    status: parseOrderStatus(raw.status),
    // Market orders show price "0.00000"; their fill price is avgPrice (§3.11).
    price: nonZero(raw.price),
    average: nonZero(raw.avgPrice),
    amount: Number(raw.origQty),
    filled,
    remaining: addDecimals(raw.origQty, raw.executedQty, -1),
    cost: toNumber(raw.cumQuote),
    timestamp: toNumber(raw.time) ?? toNumber(raw.updateTime) ?? 0,
    lastUpdateTimestamp: toNumber(raw.updateTime),
    timeInForce: parseTimeInForce(raw.timeInForce),
    reduceOnly: raw.reduceOnly ?? undefined,
    info: raw,
  };
}

// ── fills ────────────────────────────────────────────────────────────────────────────────────

/** Spot fills carry no commission asset: the fee is taken from what was received (§3.14). */
export function parseSpotMyTrade(raw: WireSpotMyTrade, symbol: string, market?: Pick<Market, 'base' | 'quote'>): Trade {
  const side = raw.isBuyer ? 'buy' : 'sell';
  const commission = toNumber(raw.commission);
  return {
    id: raw.id,
    symbol,
    timestamp: Number(raw.time),
    side,
    price: Number(raw.price),
    amount: Number(raw.qty),
    cost: toNumber(raw.quoteQty) ?? multiplyDecimals(raw.price, raw.qty) ?? 0,
    orderId: raw.orderId ?? undefined,
    takerOrMaker: raw.isMaker === undefined || raw.isMaker === null ? undefined : raw.isMaker ? 'maker' : 'taker',
    fee: commission !== undefined && market ? { currency: side === 'buy' ? market.base : market.quote, cost: commission } : undefined,
    info: raw,
  };
}

export function parseContractUserTrade(raw: WireContractUserTrade, symbol: string): Trade {
  const commission = toNumber(raw.commission);
  return {
    id: raw.id,
    symbol,
    timestamp: Number(raw.time),
    side: parseSide(raw.side),
    price: Number(raw.price),
    amount: Number(raw.qty),
    cost: toNumber(raw.quoteQty) ?? multiplyDecimals(raw.price, raw.qty) ?? 0,
    orderId: raw.orderId ?? undefined,
    takerOrMaker: raw.maker === undefined || raw.maker === null ? undefined : raw.maker ? 'maker' : 'taker',
    fee: commission !== undefined && raw.commissionAsset ? { currency: raw.commissionAsset.toUpperCase(), cost: commission } : undefined,
    info: raw,
  };
}

// ── positions ────────────────────────────────────────────────────────────────────────────────

/** No entry price on the wire: it is openValue / size (§3.15). */
export function parsePosition(raw: WirePosition, symbol: string): Position {
  return {
    symbol,
    side: raw.side.toUpperCase() === 'SHORT' ? 'short' : 'long',
    amount: Number(raw.size),
    entryPrice: divideDecimals(raw.openValue, raw.size) ?? 0,
    unrealizedPnl: toNumber(raw.unrealizePnl) ?? 0,
    leverage: Number(raw.leverage),
    marginMode: raw.marginType.toUpperCase() === 'ISOLATED' ? 'isolated' : 'cross',
    liquidationPrice: nonZero(raw.liquidatePrice),
    info: raw,
  };
}

// ── conditional orders ───────────────────────────────────────────────────────────────────────

/** UNTRIGGERED waits; TRIGGERED fired and placed its order (`info.actualOrderId`). */
const ALGO_STATUS: Readonly<Record<string, OrderStatus>> = {
  UNTRIGGERED: 'open',
  NEW: 'open',
  TRIGGERED: 'closed',
  FILLED: 'closed',
  CANCELED: 'canceled',
  CANCELLED: 'canceled',
  FAILED: 'rejected',
  REJECTED: 'rejected',
  EXPIRED: 'expired',
};

/** A conditional order or TP/SL plan (openAlgoOrders / allAlgoOrders). A fired one is `closed`. */
export function parseAlgoOrder(raw: WireAlgoOrder, symbol: string): Order {
  const status = ALGO_STATUS[raw.algoStatus.toUpperCase()] ?? 'open';
  const amount = Number(raw.quantity);
  return {
    id: raw.algoId,
    clientOrderId: raw.clientAlgoId ?? '',
    symbol,
    type: parseOrderType(raw.orderType),
    side: parseSide(raw.side),
    status,
    price: nonZero(raw.price),
    amount,
    filled: 0,
    remaining: status === 'open' ? amount : 0,
    timestamp: toNumber(raw.createTime) ?? toNumber(raw.updateTime) ?? 0,
    lastUpdateTimestamp: toNumber(raw.updateTime),
    reduceOnly: raw.reduceOnly ?? undefined,
    triggerPrice: nonZero(raw.triggerPrice),
    stopLossPrice: nonZero(raw.slTriggerPrice),
    takeProfitPrice: nonZero(raw.tpTriggerPrice),
    info: raw,
  };
}

// ── WebSocket pushes (§6) ────────────────────────────────────────────────────────────────────

/** A `ticker` push's `d[0]`; spot and futures tickers carry no bid/ask unless WEEX adds `b`/`a`. */
export function parseWsTicker(raw: WireWsTicker, symbol: string, eventTime: number | undefined): Ticker {
  return {
    symbol,
    timestamp: toNumber(raw.C) ?? eventTime ?? 0,
    last: toNumber(raw.c),
    bid: toNumber(raw.b),
    bidSize: toNumber(raw.B),
    ask: toNumber(raw.a),
    askSize: toNumber(raw.A),
    open: toNumber(raw.o),
    high: toNumber(raw.h),
    low: toNumber(raw.l),
    baseVolume: toNumber(raw.v),
    quoteVolume: toNumber(raw.q),
    info: raw,
  };
}

// ── funding, leverage, fees ──────────────────────────────────────────────────────────────────

/**
 * The premium index as a funding rate: `lastFundingRate` is charged at `nextFundingTime` (the
 * Binance-style meaning ccxt reads too), `forecastFundingRate` predicts the period after;
 * `collectCycle` is in minutes.
 */
export function parseFundingRate(raw: WirePremiumIndex, symbol: string): FundingRate {
  const cycleMinutes = toNumber(raw.collectCycle);
  return {
    symbol,
    fundingRate: toNumber(raw.lastFundingRate) ?? 0,
    fundingTimestamp: toNumber(raw.nextFundingTime) ?? 0,
    nextFundingRate: toNumber(raw.forecastFundingRate),
    markPrice: toNumber(raw.markPrice),
    indexPrice: toNumber(raw.indexPrice),
    interval: cycleMinutes === undefined ? undefined : cycleMinutes * 60_000,
    timestamp: toNumber(raw.time),
    info: raw,
  };
}

/** A `trade` push item: `m` true means the buyer was the maker, so the taker sold. */
export function parseWsTrade(raw: WireWsTrade, symbol: string): Trade {
  return takerTrade({ id: raw.t, time: raw.T, buyerIsMaker: raw.m, price: raw.p, qty: raw.q, quoteQty: raw.v }, symbol, raw);
}

/**
 * An `orders` push item (spot or futures). A spot market buy is sized in quote (`size` "0",
 * `value` the quote amount), so its amount is what filled. Average = cumFillValue ÷ cumFillSize.
 */
export function parseWsOrder(raw: WireWsOrder, symbol: string, feeCurrency: string | undefined): Order {
  const filled = toNumber(raw.cumFillSize) ?? 0;
  const size = toNumber(raw.size) ?? 0;
  const amount = size > 0 ? size : filled;
  const cost = toNumber(raw.cumFillValue);
  const fee = toNumber(raw.cumFillFee);
  return {
    id: raw.id,
    clientOrderId: raw.clientOrderId ?? '',
    symbol,
    type: parseOrderType(raw.type),
    side: parseSide(raw.orderSide),
    status: parseOrderStatus(raw.status),
    price: nonZero(raw.price),
    average: filled > 0 ? divideDecimals(raw.cumFillValue, raw.cumFillSize) : undefined,
    amount,
    filled,
    remaining: Math.max(0, addDecimals(amount, filled, -1)),
    cost,
    timestamp: toNumber(raw.createdTime) ?? toNumber(raw.updatedTime) ?? 0,
    lastUpdateTimestamp: toNumber(raw.updatedTime),
    timeInForce: parseTimeInForce(raw.timeInForce),
    reduceOnly: raw.positionSide === undefined || raw.positionSide === null ? undefined : (raw.reduceOnly ?? undefined),
    fee: fee !== undefined && feeCurrency ? { currency: feeCurrency, cost: fee } : undefined,
    info: raw,
  };
}

export function parseFundingHistory(raw: WireFundingHistory, symbol: string): FundingRateHistoryEntry {
  return { symbol, fundingRate: Number(raw.fundingRate), timestamp: Number(raw.fundingTime), info: raw };
}

/** symbolConfig: cross leverage, or the isolated long and short leverages. */
export function parseLeverage(raw: WireSymbolConfig, symbol: string): Leverage {
  if (raw.marginType.toUpperCase() === 'ISOLATED') {
    const longLeverage = toNumber(raw.isolatedLongLeverage);
    const shortLeverage = toNumber(raw.isolatedShortLeverage);
    return {
      symbol,
      marginMode: 'isolated',
      leverage: longLeverage ?? shortLeverage ?? 1,
      ...(longLeverage !== undefined ? { longLeverage } : {}),
      ...(shortLeverage !== undefined ? { shortLeverage } : {}),
      info: raw,
    };
  }
  return { symbol, marginMode: 'cross', leverage: toNumber(raw.crossLeverage) ?? 1, info: raw };
}

export function parseTradingFee(maker: string | number, taker: string | number, symbol: string, info: unknown): TradingFee {
  return { symbol, maker: Number(maker), taker: Number(taker), info };
}

/** A `fill` push item: price = fillValue ÷ fillSize; `direction` says taker or maker. */
export function parseWsFill(raw: WireWsFill, symbol: string, feeCurrency: string | undefined): Trade {
  const amount = Number(raw.fillSize);
  const cost = Number(raw.fillValue);
  const fee = toNumber(raw.fillFee);
  const direction = raw.direction?.toUpperCase();
  return {
    id: raw.id,
    symbol,
    timestamp: Number(raw.createdTime),
    side: parseSide(raw.orderSide),
    price: divideDecimals(raw.fillValue, raw.fillSize) ?? 0,
    amount,
    cost,
    orderId: raw.orderId,
    takerOrMaker: direction === 'MAKER' ? 'maker' : direction === 'TAKER' ? 'taker' : undefined,
    fee: fee !== undefined && feeCurrency ? { currency: feeCurrency, cost: fee } : undefined,
    info: raw,
  };
}

/** Spot `account` items: equity = total, available = free, frozen = used. Only changed coins are pushed. */
export function parseWsSpotBalances(items: readonly WireWsSpotAccount[], eventTime: number | undefined): Balances {
  const assets: Balances['assets'] = {};
  for (const item of items) {
    assets[item.coin.toUpperCase()] = { free: Number(item.available), used: toNumber(item.frozen) ?? 0, total: Number(item.equity) };
  }
  return { info: items, timestamp: eventTime, assets };
}

/**
 * A `positions` push item. Entry = openValue ÷ size, as REST. The push carries no mark price and,
 * in every capture, no unrealized PnL: `unrealizedPnl` is the push's `unrealizePnl` when present,
 * else 0 (fetchPositions has the figure). A position of size 0 is a closed one.
 */
export function parseWsPosition(raw: WireWsPosition, symbol: string): Position {
  return {
    symbol,
    side: raw.side.toUpperCase() === 'SHORT' ? 'short' : 'long',
    amount: Number(raw.size),
    entryPrice: divideDecimals(raw.openValue, raw.size) ?? 0,
    unrealizedPnl: toNumber(raw.unrealizePnl) ?? 0,
    leverage: Number(raw.leverage),
    marginMode: raw.marginMode.toUpperCase() === 'ISOLATED' ? 'isolated' : 'cross',
    liquidationPrice: nonZero(raw.liquidatePrice),
    info: raw,
  };
}
