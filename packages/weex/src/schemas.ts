/**
 * Zod schemas of the WEEX V3 payloads this adapter reads (protocols/weex.md §3). Prices and sizes
 * are strings on the wire, but timestamps, ids, counts and precisions arrive as numbers in some
 * captures and strings in others, so every such field accepts both. Ids of more than 15 digits
 * reach the schemas as strings (core's lossless parse) and leave them as strings. Objects are
 * loose: the whole payload stays in `info`.
 */
import { bookLevels, type Infer, idString, looseObject, numeric } from '@exchange-adapters/core/adapter';
import * as z from '@exchange-adapters/core/zod';

const optionalNumeric = z.nullish(numeric);
const optionalText = z.nullish(z.string());

export const serverTimeSchema = looseObject({ serverTime: numeric });

// ── markets ──

export const spotSymbolSchema = looseObject({
  symbol: z.string(),
  status: optionalText,
  baseAsset: z.string(),
  quoteAsset: z.string(),
  baseAssetPrecision: optionalNumeric,
  quoteAssetPrecision: optionalNumeric,
  tickSize: optionalNumeric,
  stepSize: optionalNumeric,
  minTradeAmount: optionalNumeric,
  maxTradeAmount: optionalNumeric,
  enableTrade: z.nullish(z.boolean()),
});
export type SpotSymbol = Infer<typeof spotSymbolSchema>;

export const spotExchangeInfoSchema = looseObject({ symbols: z.array(spotSymbolSchema) });

export const contractSymbolSchema = looseObject({
  symbol: z.string(),
  baseAsset: z.string(),
  quoteAsset: z.string(),
  marginAsset: optionalText,
  pricePrecision: numeric,
  quantityPrecision: numeric,
  contractVal: optionalNumeric,
  minLeverage: optionalNumeric,
  maxLeverage: optionalNumeric,
  minOrderSize: optionalNumeric,
  maxOrderSize: optionalNumeric,
});
export type ContractSymbol = Infer<typeof contractSymbolSchema>;

export const contractExchangeInfoSchema = looseObject({ symbols: z.array(contractSymbolSchema) });

// ── market data ──

export const tickerSchema = looseObject({
  symbol: z.string(),
  lastPrice: optionalNumeric,
  bidPrice: optionalNumeric,
  bidQty: optionalNumeric,
  askPrice: optionalNumeric,
  askQty: optionalNumeric,
  openPrice: optionalNumeric,
  highPrice: optionalNumeric,
  lowPrice: optionalNumeric,
  volume: optionalNumeric,
  quoteVolume: optionalNumeric,
  openTime: optionalNumeric,
  closeTime: optionalNumeric,
  markPrice: optionalNumeric,
  indexPrice: optionalNumeric,
});
export type WireTicker = Infer<typeof tickerSchema>;

/** Spot answers one object for `symbol=…` and an array otherwise; futures always an array (§3.3). */
export const tickerReplySchema = z.union([z.array(tickerSchema), tickerSchema]);

export const bookTickerSchema = looseObject({
  symbol: z.string(),
  bidPrice: optionalNumeric,
  bidQty: optionalNumeric,
  askPrice: optionalNumeric,
  askQty: optionalNumeric,
  time: optionalNumeric,
});
export type WireBookTicker = Infer<typeof bookTickerSchema>;
export const bookTickerReplySchema = z.union([z.array(bookTickerSchema), bookTickerSchema]);

export const orderBookSchema = looseObject({
  lastUpdateId: optionalNumeric,
  bids: bookLevels,
  asks: bookLevels,
});
export type WireOrderBook = Infer<typeof orderBookSchema>;

export const publicTradeSchema = looseObject({
  id: idString,
  price: numeric,
  qty: numeric,
  quoteQty: optionalNumeric,
  time: numeric,
  isBuyerMaker: z.boolean(),
});
export type WirePublicTrade = Infer<typeof publicTradeSchema>;
export const publicTradesSchema = z.array(publicTradeSchema);

/** `[openTime, open, high, low, close, volume, closeTime, quoteVolume, count, takerBuyBase, takerBuyQuote]` */
export const klinesSchema = z.array(z.array(numeric).check(z.minLength(6)));

// ── accounts ──

export const spotAccountSchema = looseObject({
  balances: z.array(looseObject({ asset: z.string(), free: numeric, locked: optionalNumeric })),
  updateTime: optionalNumeric,
});
export type WireSpotAccount = Infer<typeof spotAccountSchema>;

export const contractBalancesSchema = z.array(
  looseObject({
    asset: z.string(),
    balance: numeric,
    availableBalance: numeric,
    frozen: optionalNumeric,
    unrealizePnl: optionalNumeric,
  }),
);
export type WireContractBalances = Infer<typeof contractBalancesSchema>;

// ── orders ──

export const spotPlacedSchema = looseObject({
  symbol: optionalText,
  orderId: idString,
  clientOrderId: optionalText,
  transactTime: optionalNumeric,
});
export type WireSpotPlaced = Infer<typeof spotPlacedSchema>;

export const contractPlacedSchema = looseObject({
  orderId: idString,
  clientOrderId: optionalText,
  success: z.nullish(z.boolean()),
});
export type WireContractPlaced = Infer<typeof contractPlacedSchema>;

export const spotOrderSchema = looseObject({
  symbol: z.string(),
  orderId: idString,
  clientOrderId: optionalText,
  price: optionalNumeric,
  origQty: numeric,
  executedQty: optionalNumeric,
  cummulativeQuoteQty: optionalNumeric,
  status: z.string(),
  timeInForce: optionalText,
  type: z.string(),
  side: z.string(),
  time: optionalNumeric,
  updateTime: optionalNumeric,
});
export type WireSpotOrder = Infer<typeof spotOrderSchema>;
export const spotOrdersSchema = z.array(spotOrderSchema);

export const contractOrderSchema = looseObject({
  symbol: z.string(),
  orderId: idString,
  clientOrderId: optionalText,
  avgPrice: optionalNumeric,
  cumQuote: optionalNumeric,
  executedQty: optionalNumeric,
  origQty: numeric,
  price: optionalNumeric,
  reduceOnly: z.nullish(z.boolean()),
  side: z.string(),
  positionSide: optionalText,
  status: z.string(),
  timeInForce: optionalText,
  type: z.string(),
  time: optionalNumeric,
  updateTime: optionalNumeric,
});
export type WireContractOrder = Infer<typeof contractOrderSchema>;
export const contractOrdersSchema = z.array(contractOrderSchema);

// ── cancels ──

export const spotCancelItemSchema = looseObject({
  orderId: z.nullish(idString),
  origClientOrderId: optionalText,
  status: optionalText,
  errorMsg: optionalText,
});
export type WireSpotCancelItem = Infer<typeof spotCancelItemSchema>;
export const spotBatchCancelSchema = looseObject({ orderList: z.array(spotCancelItemSchema) });
export const spotCancelAllSchema = z.array(spotCancelItemSchema);

export const contractCancelItemSchema = looseObject({
  orderId: z.nullish(idString),
  origClientOrderId: optionalText,
  success: z.boolean(),
  errorCode: optionalNumeric,
  errorMessage: optionalText,
});
export type WireContractCancelItem = Infer<typeof contractCancelItemSchema>;
/** Live replies wrap the items in `orderList`; Weex.Net models a bare array (§7.6). */
export const contractBatchCancelSchema = z.union([
  looseObject({ orderList: z.array(contractCancelItemSchema) }),
  z.array(contractCancelItemSchema),
]);
export const contractCancelAllSchema = z.array(contractCancelItemSchema);

// ── fills ──

export const spotMyTradeSchema = looseObject({
  symbol: z.string(),
  id: idString,
  orderId: z.nullish(idString),
  price: numeric,
  qty: numeric,
  quoteQty: optionalNumeric,
  commission: optionalNumeric,
  time: numeric,
  isBuyer: z.boolean(),
  isMaker: z.nullish(z.boolean()),
});
export type WireSpotMyTrade = Infer<typeof spotMyTradeSchema>;
export const spotMyTradesSchema = z.array(spotMyTradeSchema);

export const contractUserTradeSchema = looseObject({
  id: idString,
  orderId: z.nullish(idString),
  symbol: z.string(),
  commission: optionalNumeric,
  commissionAsset: optionalText,
  maker: z.nullish(z.boolean()),
  price: numeric,
  qty: numeric,
  quoteQty: optionalNumeric,
  side: z.string(),
  time: numeric,
});
export type WireContractUserTrade = Infer<typeof contractUserTradeSchema>;
export const contractUserTradesSchema = z.array(contractUserTradeSchema);

// ── positions and leverage ──

export const positionSchema = looseObject({
  id: z.nullish(idString),
  symbol: z.string(),
  side: z.string(),
  marginType: z.string(),
  separatedMode: optionalText,
  leverage: numeric,
  size: numeric,
  openValue: numeric,
  unrealizePnl: optionalNumeric,
  liquidatePrice: optionalNumeric,
});
export type WirePosition = Infer<typeof positionSchema>;
export const positionsSchema = z.array(positionSchema);

export const symbolConfigSchema = z.array(
  looseObject({
    symbol: z.string(),
    marginType: z.string(),
    separatedType: optionalText,
    crossLeverage: optionalNumeric,
    isolatedLongLeverage: optionalNumeric,
    isolatedShortLeverage: optionalNumeric,
  }),
);
export type WireSymbolConfig = Infer<typeof symbolConfigSchema>[number];

export const leverageReplySchema = looseObject({
  symbol: optionalText,
  marginType: optionalText,
  crossLeverage: optionalNumeric,
  isolatedLongLeverage: optionalNumeric,
  isolatedShortLeverage: optionalNumeric,
});

// ── trading surface ──

/** openAlgoOrders / allAlgoOrders items (fixture futures-open-algo-orders). */
export const algoOrderSchema = looseObject({
  algoId: idString,
  clientAlgoId: optionalText,
  algoType: optionalText,
  orderType: z.string(),
  symbol: z.string(),
  side: z.string(),
  positionSide: optionalText,
  quantity: numeric,
  algoStatus: z.string(),
  triggerPrice: optionalNumeric,
  price: optionalNumeric,
  tpTriggerPrice: optionalNumeric,
  slTriggerPrice: optionalNumeric,
  reduceOnly: z.nullish(z.boolean()),
  createTime: optionalNumeric,
  updateTime: optionalNumeric,
});
export type WireAlgoOrder = Infer<typeof algoOrderSchema>;
export const algoOrdersSchema = z.array(algoOrderSchema);
export const algoOrderPageSchema = looseObject({ orders: z.array(algoOrderSchema), hasMore: z.nullish(z.boolean()) });

/** closePositions items (fixture futures-close-position). */
export const closePositionsSchema = z.array(
  looseObject({ positionId: z.nullish(idString), successOrderId: z.nullish(idString), errorMessage: optionalText, success: z.boolean() }),
);
export type WireClosePositionItem = Infer<typeof closePositionsSchema>[number];

/** premiumIndex items (fixture futures-funding-rate). */
export const premiumIndexSchema = z.array(
  looseObject({
    symbol: z.string(),
    markPrice: optionalNumeric,
    indexPrice: optionalNumeric,
    forecastFundingRate: optionalNumeric,
    lastFundingRate: optionalNumeric,
    nextFundingTime: optionalNumeric,
    time: optionalNumeric,
    collectCycle: optionalNumeric,
  }),
);
export type WirePremiumIndex = Infer<typeof premiumIndexSchema>[number];

/** market/fundingRate items (Weex.Net GetFundingRateHistory). */
export const fundingHistorySchema = z.array(
  looseObject({ symbol: z.string(), fundingRate: numeric, fundingTime: numeric, markPrice: optionalNumeric }),
);
export type WireFundingHistory = Infer<typeof fundingHistorySchema>[number];

/** account/commissionRate (fixture futures-trading-fee). */
export const commissionRateSchema = looseObject({ symbol: optionalText, makerCommissionRate: numeric, takerCommissionRate: numeric });
export type WireCommissionRate = Infer<typeof commissionRateSchema>;

/** The spot account's commission rates (GET /api/v3/account/). */
export const spotCommissionSchema = looseObject({ commissionRates: looseObject({ maker: numeric, taker: numeric }) });

/** `{code: "200", msg: "success"}` of no-data endpoints (marginType), code as string or number. */
export const successEnvelopeSchema = looseObject({ code: z.nullish(z.union([z.string(), z.number()])), msg: optionalText });

// ── WebSocket pushes (§6): numbers inside `d` are strings; ids may be numbers ──

export const wsOrderSchema = looseObject({
  id: idString,
  symbol: z.string(),
  orderSide: z.string(),
  price: optionalNumeric,
  size: optionalNumeric,
  value: optionalNumeric,
  clientOrderId: optionalText,
  type: z.string(),
  timeInForce: optionalText,
  reduceOnly: z.nullish(z.boolean()),
  positionSide: optionalText,
  status: z.string(),
  cumFillSize: optionalNumeric,
  cumFillValue: optionalNumeric,
  cumFillFee: optionalNumeric,
  coin: optionalText,
  createdTime: optionalNumeric,
  updatedTime: optionalNumeric,
});
export type WireWsOrder = Infer<typeof wsOrderSchema>;

export const wsFillSchema = looseObject({
  id: idString,
  symbol: z.string(),
  orderId: idString,
  orderSide: z.string(),
  fillSize: numeric,
  fillValue: numeric,
  fillFee: optionalNumeric,
  coin: optionalText,
  positionSide: optionalText,
  direction: optionalText,
  createdTime: numeric,
});
export type WireWsFill = Infer<typeof wsFillSchema>;

export const wsSpotAccountSchema = looseObject({
  coin: z.string(),
  equity: numeric,
  available: numeric,
  frozen: optionalNumeric,
});
export type WireWsSpotAccount = Infer<typeof wsSpotAccountSchema>;

export const wsPositionSchema = looseObject({
  symbol: z.string(),
  side: z.string(),
  marginMode: z.string(),
  leverage: numeric,
  size: numeric,
  openValue: numeric,
  unrealizePnl: optionalNumeric,
  liquidatePrice: optionalNumeric,
});
export type WireWsPosition = Infer<typeof wsPositionSchema>;

export const wsTickerSchema = looseObject({
  c: numeric,
  o: optionalNumeric,
  h: optionalNumeric,
  l: optionalNumeric,
  v: optionalNumeric,
  q: optionalNumeric,
  C: optionalNumeric,
  b: optionalNumeric,
  B: optionalNumeric,
  a: optionalNumeric,
  A: optionalNumeric,
});
export type WireWsTicker = Infer<typeof wsTickerSchema>;

export const wsTradeSchema = looseObject({ T: numeric, t: idString, p: numeric, q: numeric, v: optionalNumeric, m: z.boolean() });
export type WireWsTrade = Infer<typeof wsTradeSchema>;

export const wsKlineSchema = looseObject({ t: numeric, o: numeric, h: numeric, l: numeric, c: numeric, v: numeric, i: optionalText });
