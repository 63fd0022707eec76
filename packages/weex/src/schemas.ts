/**
 * Zod schemas of the WEEX V3 payloads this adapter reads (protocols/weex.md §3). Prices and sizes
 * are strings on the wire, but timestamps, ids, counts and precisions arrive as numbers in some
 * captures and strings in others, so every such field accepts both. Ids of more than 15 digits
 * reach the schemas as strings (core's lossless parse) and leave them as strings. Objects are
 * loose: the whole payload stays in `info`.
 */
import { bookLevels, idString, looseObject, numeric } from '@exchange-adapters/core';
import { z } from 'zod';

const optionalNumeric = numeric.nullish();
const optionalText = z.string().nullish();

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
  enableTrade: z.boolean().nullish(),
});
export type SpotSymbol = z.infer<typeof spotSymbolSchema>;

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
export type ContractSymbol = z.infer<typeof contractSymbolSchema>;

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
export type WireTicker = z.infer<typeof tickerSchema>;

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
export type WireBookTicker = z.infer<typeof bookTickerSchema>;
export const bookTickerReplySchema = z.union([z.array(bookTickerSchema), bookTickerSchema]);

export const orderBookSchema = looseObject({
  lastUpdateId: optionalNumeric,
  bids: bookLevels,
  asks: bookLevels,
});
export type WireOrderBook = z.infer<typeof orderBookSchema>;

export const publicTradeSchema = looseObject({
  id: idString,
  price: numeric,
  qty: numeric,
  quoteQty: optionalNumeric,
  time: numeric,
  isBuyerMaker: z.boolean(),
});
export type WirePublicTrade = z.infer<typeof publicTradeSchema>;
export const publicTradesSchema = z.array(publicTradeSchema);

/** `[openTime, open, high, low, close, volume, closeTime, quoteVolume, count, takerBuyBase, takerBuyQuote]` */
export const klinesSchema = z.array(z.array(numeric).min(6));

// ── accounts ──

export const spotAccountSchema = looseObject({
  balances: z.array(looseObject({ asset: z.string(), free: numeric, locked: optionalNumeric })),
  updateTime: optionalNumeric,
});
export type WireSpotAccount = z.infer<typeof spotAccountSchema>;

export const contractBalancesSchema = z.array(
  looseObject({
    asset: z.string(),
    balance: numeric,
    availableBalance: numeric,
    frozen: optionalNumeric,
    unrealizePnl: optionalNumeric,
  }),
);
export type WireContractBalances = z.infer<typeof contractBalancesSchema>;

// ── orders ──

export const spotPlacedSchema = looseObject({
  symbol: optionalText,
  orderId: idString,
  clientOrderId: optionalText,
  transactTime: optionalNumeric,
});
export type WireSpotPlaced = z.infer<typeof spotPlacedSchema>;

export const contractPlacedSchema = looseObject({
  orderId: idString,
  clientOrderId: optionalText,
  success: z.boolean().nullish(),
});
export type WireContractPlaced = z.infer<typeof contractPlacedSchema>;

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
export type WireSpotOrder = z.infer<typeof spotOrderSchema>;
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
  reduceOnly: z.boolean().nullish(),
  side: z.string(),
  positionSide: optionalText,
  status: z.string(),
  timeInForce: optionalText,
  type: z.string(),
  time: optionalNumeric,
  updateTime: optionalNumeric,
});
export type WireContractOrder = z.infer<typeof contractOrderSchema>;
export const contractOrdersSchema = z.array(contractOrderSchema);

// ── cancels ──

export const spotCancelItemSchema = looseObject({
  orderId: idString.nullish(),
  origClientOrderId: optionalText,
  status: optionalText,
  errorMsg: optionalText,
});
export type WireSpotCancelItem = z.infer<typeof spotCancelItemSchema>;
export const spotBatchCancelSchema = looseObject({ orderList: z.array(spotCancelItemSchema) });
export const spotCancelAllSchema = z.array(spotCancelItemSchema);

export const contractCancelItemSchema = looseObject({
  orderId: idString.nullish(),
  origClientOrderId: optionalText,
  success: z.boolean(),
  errorCode: optionalNumeric,
  errorMessage: optionalText,
});
export type WireContractCancelItem = z.infer<typeof contractCancelItemSchema>;
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
  orderId: idString.nullish(),
  price: numeric,
  qty: numeric,
  quoteQty: optionalNumeric,
  commission: optionalNumeric,
  time: numeric,
  isBuyer: z.boolean(),
  isMaker: z.boolean().nullish(),
});
export type WireSpotMyTrade = z.infer<typeof spotMyTradeSchema>;
export const spotMyTradesSchema = z.array(spotMyTradeSchema);

export const contractUserTradeSchema = looseObject({
  id: idString,
  orderId: idString.nullish(),
  symbol: z.string(),
  commission: optionalNumeric,
  commissionAsset: optionalText,
  maker: z.boolean().nullish(),
  price: numeric,
  qty: numeric,
  quoteQty: optionalNumeric,
  side: z.string(),
  time: numeric,
});
export type WireContractUserTrade = z.infer<typeof contractUserTradeSchema>;
export const contractUserTradesSchema = z.array(contractUserTradeSchema);

// ── positions and leverage ──

export const positionSchema = looseObject({
  id: idString.nullish(),
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
export type WirePosition = z.infer<typeof positionSchema>;
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
export type WireSymbolConfig = z.infer<typeof symbolConfigSchema>[number];

export const leverageReplySchema = looseObject({
  symbol: optionalText,
  marginType: optionalText,
  crossLeverage: optionalNumeric,
  isolatedLongLeverage: optionalNumeric,
  isolatedShortLeverage: optionalNumeric,
});
