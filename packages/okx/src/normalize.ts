/**
 * OKX v5 payloads → unified types (pure functions). Derivative sizes arrive in contracts; for
 * linear contracts the unified unit is the base currency (contracts × ctVal), inverse contracts
 * stay in contracts (DESIGN §2). Fees are negative on OKX when charged; unified fees are positive
 * when paid. `""` on the wire means "not applicable" and becomes undefined.
 */
import {
  type Balances,
  expiryCode,
  type FundingRate,
  type FundingRateHistoryEntry,
  type Leverage,
  type MarginMode,
  type Market,
  type MarketType,
  type OHLCV,
  type Order,
  type OrderBook,
  type OrderBookLevel,
  type OrderStatus,
  type Position,
  type Ticker,
  type TimeInForce,
  type Trade,
  type TradingFee,
  type TransferAccount,
  type TransferResult,
} from '@exchange-adapters/core';
import {
  acceptedOrder,
  type Decimal,
  multiplyDecimals,
  ownValue,
  type PreparedOrder,
  readBookLevels,
  readDecimal,
  toDecimal,
  WIRE_DECIMALS,
} from '@exchange-adapters/core/adapter';
import type {
  OkxAlgoAck,
  OkxAlgoOrder,
  OkxBalance,
  OkxBook,
  OkxCandle,
  OkxFill,
  OkxFundingBalance,
  OkxFundingHistory,
  OkxFundingRate,
  OkxInstrument,
  OkxLeverageInfo,
  OkxOrder,
  OkxOrderAck,
  OkxPosition,
  OkxTicker,
  OkxTrade,
  OkxTradeFee,
  OkxTransferAck,
  OkxTransferState,
} from './schemas.js';

type WireValue = string | number | undefined | null;

/** The wire value as an exact decimal, or undefined for "" and absent values. */
function decimal(value: WireValue): Decimal | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  try {
    return toDecimal(value, 'value', 'okx', WIRE_DECIMALS);
  } catch {
    return undefined;
  }
}

/** The wire value as a number, without an exact decimal in between (the same value either way). */
function toNumber(value: WireValue): number | undefined {
  return readDecimal(value);
}

function toNumberOr(value: WireValue, fallback: number): number {
  return toNumber(value) ?? fallback;
}

function optionalNumber(value: Decimal | undefined): number | undefined {
  return value?.toNumber();
}

// ── markets ──────────────────────────────────────────────────────────────────────────────────

const INST_TYPE_TO_MARKET: Partial<Record<string, MarketType>> = { SPOT: 'spot', SWAP: 'swap', FUTURES: 'future' };

export const MARKET_TO_INST_TYPE: Record<MarketType, string> = { spot: 'SPOT', swap: 'SWAP', future: 'FUTURES' };

/** The instrument types the unified markets come from. */
export const INST_TYPES = ['SPOT', 'SWAP', 'FUTURES'] as const;
/** `instType` of an account row (ticker, position, order, fill) → the unified market type; MARGIN rows trade spot pairs. */
export const WIRE_TO_MARKET_TYPE: Partial<Record<string, MarketType>> = { SPOT: 'spot', MARGIN: 'spot', SWAP: 'swap', FUTURES: 'future' };

/** A SPOT, SWAP or FUTURES instrument as a unified market; undefined for other types (options, margin). */
export function normalizeInstrument(raw: OkxInstrument): Market | undefined {
  const type = ownValue(INST_TYPE_TO_MARKET, raw.instType);
  if (!type) return undefined;
  const tickSize = toNumber(raw.tickSz);
  if (tickSize === undefined || toNumber(raw.lotSz) === undefined) return undefined;
  const active = raw.state === 'live';

  if (type === 'spot') {
    const [idBase, idQuote] = raw.instId.split('-');
    const base = raw.baseCcy || idBase;
    const quote = raw.quoteCcy || idQuote;
    if (!base || !quote) return undefined;
    return {
      id: raw.instId,
      symbol: `${base}/${quote}`,
      base,
      quote,
      type,
      spot: true,
      contract: false,
      amountUnit: 'base',
      active,
      precision: { price: tickSize, amount: toNumber(raw.lotSz) as number },
      limits: { amount: { min: toNumber(raw.minSz), max: toNumber(raw.maxLmtSz) }, price: {}, cost: {} },
      info: raw,
    };
  }

  // Derivatives: the family (`BTC-USDT`) names base and quote; `ctVal` × `ctMult` is one contract.
  const lotSize = decimal(raw.lotSz) as Decimal;
  const minSize = decimal(raw.minSz);
  const maxSize = decimal(raw.maxLmtSz);
  const maxLeverage = toNumber(raw.lever);
  const family = raw.instFamily || raw.uly || raw.instId.split('-').slice(0, 2).join('-');
  const [base, quote] = family.split('-');
  const settle = raw.settleCcy;
  const contractValue = decimal(raw.ctVal);
  if (!base || !quote || !settle || contractValue === undefined) return undefined;
  const contractSize = contractValue.times(decimal(raw.ctMult) ?? 1);
  const linear = raw.ctType === 'linear';
  // Linear amounts are base units: a lot is lotSz contracts of ctVal base each.
  const inUnified = (contracts: Decimal | undefined) => optionalNumber(linear ? contracts?.times(contractSize) : contracts);
  let symbol = `${base}/${quote}:${settle}`;
  let expiry: number | undefined;
  if (type === 'future') {
    expiry = toNumber(raw.expTime);
    const suffix = raw.instId.split('-').at(-1) ?? '';
    symbol += `-${/^\d{6}$/.test(suffix) ? suffix : expiry !== undefined ? expiryCode(expiry) : suffix}`;
  }
  return {
    id: raw.instId,
    symbol,
    base,
    quote,
    settle,
    type,
    spot: false,
    contract: true,
    linear,
    inverse: !linear,
    contractSize: contractSize.toNumber(),
    amountUnit: linear ? 'base' : 'contracts',
    active,
    precision: { price: tickSize, amount: inUnified(lotSize) as number },
    limits: {
      amount: { min: inUnified(minSize), max: inUnified(maxSize) },
      price: {},
      cost: {},
      leverage: maxLeverage === undefined ? undefined : { min: 1, max: maxLeverage },
    },
    expiry,
    info: raw,
  };
}

/** The instrument's own lot size in wire units (contracts for derivatives). */
export function lotSizeOf(market: Market): string {
  const info = market.info as Partial<OkxInstrument> | undefined;
  return String(info?.lotSz ?? market.precision.amount);
}

// ── units ────────────────────────────────────────────────────────────────────────────────────

/** A wire size in the market's unified unit: contracts × contractSize for linear contracts. */
export function unifiedSize(market: Market, size: WireValue): Decimal | undefined {
  const exact = decimal(size);
  if (exact === undefined) return undefined;
  if (!market.contract || market.amountUnit === 'contracts' || !market.contractSize) return exact;
  return exact.times(market.contractSize);
}

/** Quote value of a unified amount: price × amount, or for inverse contracts contracts × face value. */
function costOf(market: Market, price: Decimal | undefined, amount: Decimal | undefined): number | undefined {
  if (amount === undefined) return undefined;
  if (market.inverse && market.contractSize) return amount.times(market.contractSize).toNumber();
  return price === undefined ? undefined : price.times(amount).toNumber();
}

// ── market data ──────────────────────────────────────────────────────────────────────────────

/** A wire size as a number in the market's unified unit: the same value as unifiedSize, without a decimal object. */
function unifiedSizeNumber(market: Market, size: WireValue): number | undefined {
  if (!market.contract || market.amountUnit === 'contracts' || !market.contractSize) return toNumber(size);
  return multiplyDecimals(size, market.contractSize);
}

export function normalizeTicker(raw: OkxTicker, market: Market): Ticker {
  const size = (value: WireValue) => unifiedSizeNumber(market, value);
  let baseVolume: number | undefined;
  let quoteVolume: number | undefined;
  if (market.spot) {
    baseVolume = toNumber(raw.vol24h);
    quoteVolume = toNumber(raw.volCcy24h);
  } else {
    // Derivatives: vol24h counts contracts, volCcy24h the base currency (§3.1).
    baseVolume = toNumber(raw.volCcy24h);
    const contracts = decimal(raw.vol24h);
    if (market.inverse && contracts !== undefined && market.contractSize) quoteVolume = contracts.times(market.contractSize).toNumber();
  }
  return {
    symbol: market.symbol,
    timestamp: toNumberOr(raw.ts, 0),
    last: toNumber(raw.last),
    bid: toNumber(raw.bidPx),
    bidSize: size(raw.bidSz),
    ask: toNumber(raw.askPx),
    askSize: size(raw.askSz),
    open: toNumber(raw.open24h),
    high: toNumber(raw.high24h),
    low: toNumber(raw.low24h),
    baseVolume,
    quoteVolume,
    info: raw,
  };
}

function bookSide(levels: OkxBook['bids'], market: Market): OrderBookLevel[] {
  // Sizes count contracts on derivatives, unless the market keeps them (amountUnit 'contracts').
  const inBase = !market.contract || market.amountUnit === 'contracts' || !market.contractSize;
  return readBookLevels(levels, inBase ? undefined : market.contractSize);
}

export function normalizeOrderBook(raw: OkxBook, market: Market): OrderBook {
  return {
    symbol: market.symbol,
    timestamp: toNumber(raw.ts),
    sequence: toNumber(raw.seqId),
    bids: bookSide(raw.bids, market),
    asks: bookSide(raw.asks, market),
    info: raw,
  };
}

export function normalizeTrade(raw: OkxTrade, market: Market): Trade {
  const price = decimal(raw.px);
  const amount = unifiedSize(market, raw.sz);
  return {
    id: raw.tradeId,
    symbol: market.symbol,
    timestamp: toNumberOr(raw.ts, 0),
    side: raw.side,
    price: price === undefined ? 0 : price.toNumber(),
    amount: amount === undefined ? 0 : amount.toNumber(),
    cost: costOf(market, price, amount) ?? 0,
    info: raw,
  };
}

/** Candles arrive newest first; OHLCV is oldest first. Volume is in the base currency. */
export function normalizeCandles(rows: readonly OkxCandle[], market: Market): OHLCV[] {
  const candles: OHLCV[] = [];
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] as OkxCandle;
    // Spot: vol is base. Derivatives: vol counts contracts, volCcy is base (§3.1).
    const volume = market.spot ? row[5] : row[6];
    candles.push([
      toNumberOr(row[0], 0),
      toNumberOr(row[1], 0),
      toNumberOr(row[2], 0),
      toNumberOr(row[3], 0),
      toNumberOr(row[4], 0),
      toNumberOr(volume, 0),
    ]);
  }
  return candles;
}

// ── account ──────────────────────────────────────────────────────────────────────────────────

/** Trading account: free = availBal (or availEq), used = frozenBal, total = eq (or cashBal). */
export function normalizeBalance(raw: OkxBalance): Balances {
  const assets: Balances['assets'] = {};
  for (const detail of raw.details) {
    const total = toNumber(detail.eq) ?? toNumber(detail.cashBal) ?? 0;
    const free = toNumber(detail.availBal) ?? toNumber(detail.availEq) ?? total;
    const used = toNumber(detail.frozenBal) ?? Math.max(0, total - free);
    assets[detail.ccy] = { free, used, total };
  }
  return { info: raw, timestamp: toNumber(raw.uTime), assets };
}

/** The funding account (asset/balances): free = availBal, used = frozenBal, total = bal. */
export function normalizeFundingBalances(rows: readonly OkxFundingBalance[]): Balances {
  const assets: Balances['assets'] = {};
  for (const row of rows) {
    const total = toNumberOr(row.bal, 0);
    const free = toNumberOr(row.availBal, total);
    assets[row.ccy] = { free, used: toNumber(row.frozenBal) ?? Math.max(0, total - free), total };
  }
  return { info: rows, assets };
}

/** An open position, or undefined for a flat one (OKX lists closed positions with pos "0" for a while). */
export function normalizePosition(raw: OkxPosition, market: Market): Position | undefined {
  const signed = decimal(raw.pos);
  if (signed === undefined || signed.eq(0)) return undefined;
  const contracts = signed.abs();
  const side = raw.posSide === 'long' || raw.posSide === 'short' ? raw.posSide : signed.gt(0) ? 'long' : 'short';
  const amount = unifiedSize(market, contracts.toFixed()) ?? contracts;
  return {
    symbol: market.symbol,
    side,
    amount: amount.toNumber(),
    contracts: contracts.toNumber(),
    entryPrice: toNumberOr(raw.avgPx, 0),
    markPrice: toNumber(raw.markPx),
    unrealizedPnl: toNumberOr(raw.upl, 0),
    leverage: toNumberOr(raw.lever, 1),
    marginMode: raw.mgnMode === 'isolated' ? 'isolated' : 'cross',
    liquidationPrice: toNumber(raw.liqPx),
    info: raw,
  };
}

// ── orders and fills ─────────────────────────────────────────────────────────────────────────

const ORDER_STATUS: Partial<Record<string, OrderStatus>> = {
  live: 'open',
  partially_filled: 'open',
  filled: 'closed',
  canceled: 'canceled',
  mmp_canceled: 'canceled',
};

const TIME_IN_FORCE: Partial<Record<string, TimeInForce>> = {
  limit: 'GTC',
  post_only: 'PO',
  fok: 'FOK',
  ioc: 'IOC',
  market: 'IOC',
  optimal_limit_ioc: 'IOC',
};

/** Positive when the user paid (OKX: negative = charged). */
function feeOf(fee: WireValue, currency: string | undefined, rate?: WireValue): Trade['fee'] {
  const cost = decimal(fee);
  if (cost === undefined || !currency) return undefined;
  const feeRate = decimal(rate);
  return { currency, cost: cost.times(-1).toNumber(), rate: feeRate === undefined ? undefined : feeRate.times(-1).toNumber() };
}

export function normalizeOrder(raw: OkxOrder, market: Market): Order {
  const type = raw.ordType === 'market' || raw.ordType === 'optimal_limit_ioc' ? 'market' : 'limit';
  const filled = unifiedSize(market, raw.accFillSz) ?? toDecimal(0, 'filled', 'okx');
  // OKX sends avgPx "0" (or "") before the first fill.
  const averagePrice = decimal(raw.avgPx);
  const average = averagePrice?.gt(0) ? averagePrice : undefined;
  // A spot market buy sized in the quote currency (OKX's default) has no base amount: report what filled.
  const quoteSized = market.spot && type === 'market' && (raw.tgtCcy === 'quote_ccy' || (!raw.tgtCcy && raw.side === 'buy'));
  const amount = quoteSized ? filled : (unifiedSize(market, raw.sz) ?? filled);
  const remaining = amount.minus(filled);
  const price = type === 'limit' ? toNumber(raw.px) : undefined;
  return {
    id: raw.ordId,
    clientOrderId: raw.clOrdId ?? '',
    symbol: market.symbol,
    type,
    side: raw.side,
    status: ownValue(ORDER_STATUS, raw.state) ?? 'open',
    price,
    average: optionalNumber(average),
    amount: amount.toNumber(),
    filled: filled.toNumber(),
    remaining: remaining.gt(0) ? remaining.toNumber() : 0,
    cost: filled.eq(0) ? 0 : costOf(market, average, filled),
    timestamp: toNumberOr(raw.cTime, 0),
    lastUpdateTimestamp: toNumber(raw.uTime),
    timeInForce: ownValue(TIME_IN_FORCE, raw.ordType),
    reduceOnly: raw.reduceOnly === true || raw.reduceOnly === 'true',
    fee: feeOf(raw.fee, raw.feeCcy),
    ...attachedLegPrices(raw),
    info: raw,
  };
}

/** TP/SL trigger prices attached to an order (attachAlgoOrds, or the older top-level fields). */
function attachedLegPrices(raw: Pick<OkxOrder, 'attachAlgoOrds' | 'tpTriggerPx' | 'slTriggerPx'>): {
  stopLossPrice?: number;
  takeProfitPrice?: number;
} {
  const leg = raw.attachAlgoOrds?.[0];
  const stopLossPrice = toNumber(leg?.slTriggerPx) ?? toNumber(raw.slTriggerPx);
  const takeProfitPrice = toNumber(leg?.tpTriggerPx) ?? toNumber(raw.tpTriggerPx);
  return {
    ...(stopLossPrice !== undefined ? { stopLossPrice } : {}),
    ...(takeProfitPrice !== undefined ? { takeProfitPrice } : {}),
  };
}

/** The order just accepted: OKX acks only with ids, so the rest echoes the request. */
export function orderFromAck(ack: OkxOrderAck, order: PreparedOrder, fallbackTimestamp: number): Order {
  const accepted = acceptedOrder(order, ack.ordId ?? '', toNumber(ack.ts) ?? fallbackTimestamp, ack);
  if (ack.clOrdId) accepted.clientOrderId = ack.clOrdId;
  if (order.stopLoss) accepted.stopLossPrice = Number(order.stopLoss.triggerPrice);
  if (order.takeProfit) accepted.takeProfitPrice = Number(order.takeProfit.triggerPrice);
  return accepted;
}

export function normalizeFill(raw: OkxFill, market: Market): Trade {
  const price = decimal(raw.fillPx);
  const amount = unifiedSize(market, raw.fillSz);
  const takerOrMaker = raw.execType === 'T' ? 'taker' : raw.execType === 'M' ? 'maker' : undefined;
  return {
    id: raw.tradeId,
    symbol: market.symbol,
    timestamp: toNumber(raw.fillTime) ?? toNumberOr(raw.ts, 0),
    side: raw.side,
    price: price === undefined ? 0 : price.toNumber(),
    amount: amount === undefined ? 0 : amount.toNumber(),
    cost: costOf(market, price, amount) ?? 0,
    orderId: raw.ordId,
    clientOrderId: raw.clOrdId || undefined,
    takerOrMaker,
    fee: feeOf(raw.fee, raw.feeCcy, raw.feeRate),
    info: raw,
  };
}

// ── trigger (algo) orders ─────────────────────────────────────────────────────────────────────

/** live / partially_effective wait; effective fired (its order is `info.ordId`); order_failed fired but was refused. */
const ALGO_STATUS: Partial<Record<string, OrderStatus>> = {
  live: 'open',
  pause: 'open',
  partially_effective: 'open',
  effective: 'closed',
  canceled: 'canceled',
  order_failed: 'rejected',
  partially_failed: 'rejected',
};

/** `"-1"` (or nothing) is a market execution; anything else a limit price. */
function limitPrice(value: WireValue): number | undefined {
  const price = decimal(value);
  return price === undefined || price.lte(0) ? undefined : price.toNumber();
}

/**
 * A trigger (`trigger`) or position TP/SL (`conditional`, `oco`) order. A fired one is `closed`:
 * it did its work by placing an order (`info.ordId`), whose fills fetchOrder shows.
 */
export function normalizeAlgoOrder(raw: OkxAlgoOrder, market: Market): Order {
  const trigger = raw.ordType === 'trigger';
  const price = trigger ? limitPrice(raw.ordPx) : (limitPrice(raw.slOrdPx) ?? limitPrice(raw.tpOrdPx));
  const amount = unifiedSize(market, raw.sz) ?? toDecimal(0, 'amount', 'okx');
  const status = ALGO_STATUS[raw.state] ?? 'open';
  const legs = trigger ? attachedLegPrices(raw) : attachedLegPrices({ tpTriggerPx: raw.tpTriggerPx, slTriggerPx: raw.slTriggerPx });
  return {
    id: raw.algoId,
    clientOrderId: raw.algoClOrdId ?? '',
    symbol: market.symbol,
    type: price === undefined ? 'market' : 'limit',
    side: raw.side,
    status,
    price,
    amount: amount.toNumber(),
    filled: 0,
    remaining: status === 'open' ? amount.toNumber() : 0,
    timestamp: toNumberOr(raw.cTime, 0),
    lastUpdateTimestamp: toNumber(raw.uTime),
    reduceOnly: raw.reduceOnly === true || raw.reduceOnly === 'true',
    triggerPrice: trigger ? toNumber(raw.triggerPx) : undefined,
    ...legs,
    info: raw,
  };
}

/** The trigger order just accepted: the ack has only ids, the rest echoes the request. */
export function orderFromAlgoAck(ack: OkxAlgoAck, order: PreparedOrder, timestamp: number): Order {
  const accepted = acceptedOrder(order, ack.algoId ?? '', timestamp, ack);
  if (ack.algoClOrdId) accepted.clientOrderId = ack.algoClOrdId;
  if (order.type === 'market') accepted.price = undefined;
  accepted.triggerPrice = order.triggerPrice === undefined ? undefined : Number(order.triggerPrice);
  accepted.stopLossPrice = order.stopLoss ? Number(order.stopLoss.triggerPrice) : undefined;
  accepted.takeProfitPrice = order.takeProfit ? Number(order.takeProfit.triggerPrice) : undefined;
  return accepted;
}

// ── funding, leverage, fees, transfers ────────────────────────────────────────────────────────

export function normalizeFundingRate(raw: OkxFundingRate, market: Market): FundingRate {
  const fundingTimestamp = toNumberOr(raw.fundingTime, 0);
  const nextFundingTimestamp = toNumber(raw.nextFundingTime);
  return {
    symbol: market.symbol,
    fundingRate: toNumberOr(raw.fundingRate, 0),
    fundingTimestamp,
    nextFundingRate: toNumber(raw.nextFundingRate),
    nextFundingTimestamp,
    interval:
      nextFundingTimestamp !== undefined && nextFundingTimestamp > fundingTimestamp ? nextFundingTimestamp - fundingTimestamp : undefined,
    timestamp: toNumber(raw.ts),
    info: raw,
  };
}

/** `realizedRate` is what was actually charged; `fundingRate` the rate published for the period. */
export function normalizeFundingHistory(raw: OkxFundingHistory, market: Market): FundingRateHistoryEntry {
  return {
    symbol: market.symbol,
    fundingRate: toNumber(raw.realizedRate) ?? toNumberOr(raw.fundingRate, 0),
    timestamp: toNumberOr(raw.fundingTime, 0),
    info: raw,
  };
}

/** leverage-info rows of one margin mode: one `net` row, or a `long` and a `short` row (isolated, hedge mode). */
export function normalizeLeverage(rows: readonly OkxLeverageInfo[], market: Market, marginMode: MarginMode): Leverage {
  const bySide = (side: string) => toNumber(rows.find((row) => row.posSide === side)?.lever);
  const longLeverage = bySide('long');
  const shortLeverage = bySide('short');
  return {
    symbol: market.symbol,
    marginMode,
    leverage: bySide('net') ?? longLeverage ?? toNumberOr(rows[0]?.lever, 1),
    ...(longLeverage !== undefined ? { longLeverage } : {}),
    ...(shortLeverage !== undefined ? { shortLeverage } : {}),
    info: rows,
  };
}

/**
 * Fee rates of one instrument type, negative on OKX when charged: spot and inverse contracts read
 * `maker`/`taker`, USDT-margined contracts `makerU`/`takerU`, USDC-margined `makerUSDC`/`takerUSDC`.
 */
export function normalizeTradingFee(raw: OkxTradeFee, market: Market): TradingFee {
  const pick = (plain: WireValue, usdt: WireValue, usdc: WireValue): WireValue => {
    if (market.contract && market.linear && market.settle === 'USDT' && decimal(usdt) !== undefined) return usdt;
    if (market.contract && market.linear && market.settle === 'USDC' && decimal(usdc) !== undefined) return usdc;
    return plain;
  };
  const negate = (value: WireValue) => {
    const rate = decimal(value);
    return rate === undefined ? 0 : rate.times(-1).toNumber();
  };
  return {
    symbol: market.symbol,
    maker: negate(pick(raw.maker, raw.makerU, raw.makerUSDC)),
    taker: negate(pick(raw.taker, raw.takerU, raw.takerUSDC)),
    info: raw,
  };
}

/** OKX account types of asset/transfer (6 funding, 18 trading). */
export const OKX_TRANSFER_ACCOUNTS: Readonly<Record<'funding' | 'trading', string>> = Object.freeze({ funding: '6', trading: '18' });

function accountName(code: string): TransferAccount {
  return code === OKX_TRANSFER_ACCOUNTS.funding ? 'funding' : 'trading';
}

const TRANSFER_STATUS: Partial<Record<string, TransferResult['status']>> = { success: 'ok', pending: 'pending', failed: 'failed' };

/** A transfer from its ack, and when known its state (transfer-state). */
export function normalizeTransfer(ack: OkxTransferAck | OkxTransferState, state?: OkxTransferState): TransferResult {
  const settled: OkxTransferState | undefined = state ?? ('state' in ack ? (ack as OkxTransferState) : undefined);
  return {
    id: ack.transId,
    clientTransferId: ack.clientId || undefined,
    currency: ack.ccy,
    amount: toNumberOr(ack.amt, 0),
    from: accountName(String(ack.from)),
    to: accountName(String(ack.to)),
    status: settled ? (TRANSFER_STATUS[String(settled.state)] ?? 'pending') : 'pending',
    info: state ? { transfer: ack, state } : ack,
  };
}
