/**
 * Zod schemas of the OKX v5 payloads the adapter reads (protocols/okx-v5.md §3.1, §4). Objects
 * are loose so `info` keeps every field OKX sent; only the fields normalization relies on are
 * declared. Numbers are strings on the wire ("" = not applicable); `numeric` also takes numbers.
 */
import { bookLevels, type Infer, idString, looseObject, numeric, type Schema } from '@exchange-adapters/core/adapter';
import * as z from '@exchange-adapters/core/zod';

const optionalNumeric = z.optional(numeric);
const optionalText = z.optional(z.string());

/** `{code, msg, data: [...]}`; `code` may be a number in gateway replies. */
export function envelope<T extends Schema>(item: T) {
  return looseObject({ code: z.union([z.string(), z.number()]), msg: optionalText, data: z.array(item) });
}

export const timeSchema = envelope(looseObject({ ts: numeric }));

export const instrumentSchema = looseObject({
  instType: z.string(),
  instId: z.string(),
  baseCcy: optionalText,
  quoteCcy: optionalText,
  settleCcy: optionalText,
  uly: optionalText,
  instFamily: optionalText,
  ctVal: optionalNumeric,
  ctMult: optionalNumeric,
  ctType: optionalText,
  expTime: optionalNumeric,
  lever: optionalNumeric,
  tickSz: numeric,
  lotSz: numeric,
  minSz: numeric,
  maxLmtSz: optionalNumeric,
  maxMktSz: optionalNumeric,
  state: z.string(),
});
/** OKX `/api/v5/public/instruments` record, as validated. */
export type OkxInstrument = Infer<typeof instrumentSchema>;
export const instrumentsSchema = envelope(instrumentSchema);

export const tickerSchema = looseObject({
  instId: z.string(),
  last: optionalNumeric,
  askPx: optionalNumeric,
  askSz: optionalNumeric,
  bidPx: optionalNumeric,
  bidSz: optionalNumeric,
  open24h: optionalNumeric,
  high24h: optionalNumeric,
  low24h: optionalNumeric,
  vol24h: optionalNumeric,
  volCcy24h: optionalNumeric,
  ts: numeric,
});
/** OKX ticker record, as validated. */
export type OkxTicker = Infer<typeof tickerSchema>;
export const tickersSchema = envelope(tickerSchema);

/** Levels are `[px, sz, "0", numOrders]`; the third element is a deprecated field, always "0". */
export const bookSchema = looseObject({
  asks: bookLevels,
  bids: bookLevels,
  ts: numeric,
  seqId: optionalNumeric,
});
/** OKX `/api/v5/market/books` record, as validated. */
export type OkxBook = Infer<typeof bookSchema>;
export const booksSchema = envelope(bookSchema);

export const tradeSchema = looseObject({
  instId: z.string(),
  tradeId: idString,
  px: numeric,
  sz: numeric,
  side: z.enum(['buy', 'sell']),
  ts: numeric,
});
/** OKX public trade record, as validated. */
export type OkxTrade = Infer<typeof tradeSchema>;
export const tradesSchema = envelope(tradeSchema);

/** `[ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]`. */
export const candleSchema = z.array(numeric).check(z.minLength(7));
/** One OKX candle row, as validated. */
export type OkxCandle = Infer<typeof candleSchema>;
export const candlesSchema = envelope(candleSchema);

export const balanceDetailSchema = looseObject({
  ccy: z.string(),
  eq: optionalNumeric,
  cashBal: optionalNumeric,
  availBal: optionalNumeric,
  availEq: optionalNumeric,
  frozenBal: optionalNumeric,
});
export const balanceSchema = looseObject({
  uTime: optionalNumeric,
  details: z.array(balanceDetailSchema),
});
/** OKX `/api/v5/account/balance` record, as validated. */
export type OkxBalance = Infer<typeof balanceSchema>;
export const balancesSchema = envelope(balanceSchema);

const attachedAlgoSchema = looseObject({
  attachAlgoClOrdId: optionalText,
  tpTriggerPx: optionalNumeric,
  tpOrdPx: optionalNumeric,
  slTriggerPx: optionalNumeric,
  slOrdPx: optionalNumeric,
});

export const orderSchema = looseObject({
  instType: optionalText,
  instId: z.string(),
  ordId: idString,
  clOrdId: optionalText,
  px: optionalNumeric,
  sz: numeric,
  ordType: z.string(),
  side: z.enum(['buy', 'sell']),
  posSide: optionalText,
  tgtCcy: optionalText,
  accFillSz: optionalNumeric,
  avgPx: optionalNumeric,
  state: z.string(),
  fee: optionalNumeric,
  feeCcy: optionalText,
  reduceOnly: z.optional(z.union([z.string(), z.boolean()])),
  tpTriggerPx: optionalNumeric,
  slTriggerPx: optionalNumeric,
  attachAlgoOrds: z.optional(z.array(attachedAlgoSchema)),
  cTime: numeric,
  uTime: optionalNumeric,
});
/** OKX order record, as validated. */
export type OkxOrder = Infer<typeof orderSchema>;
export const ordersSchema = envelope(orderSchema);

/** Ack of place/cancel (single or batch): `sCode` "0" means accepted, not filled. */
export const orderAckSchema = looseObject({
  ordId: z.optional(idString),
  clOrdId: optionalText,
  ts: optionalNumeric,
  sCode: idString,
  sMsg: optionalText,
  subCode: z.optional(idString),
});
/** OKX order-placement acknowledgement, as validated. */
export type OkxOrderAck = Infer<typeof orderAckSchema>;
export const orderAcksSchema = envelope(orderAckSchema);

export const fillSchema = looseObject({
  instId: z.string(),
  tradeId: idString,
  ordId: idString,
  clOrdId: optionalText,
  billId: idString,
  fillPx: numeric,
  fillSz: numeric,
  side: z.enum(['buy', 'sell']),
  execType: optionalText,
  fee: optionalNumeric,
  feeCcy: optionalText,
  feeRate: optionalNumeric,
  fillTime: optionalNumeric,
  ts: numeric,
});
/** OKX fill record, as validated. */
export type OkxFill = Infer<typeof fillSchema>;
export const fillsSchema = envelope(fillSchema);

export const positionSchema = looseObject({
  instType: z.string(),
  instId: z.string(),
  mgnMode: z.string(),
  posSide: z.string(),
  pos: numeric,
  avgPx: optionalNumeric,
  markPx: optionalNumeric,
  upl: optionalNumeric,
  lever: optionalNumeric,
  liqPx: optionalNumeric,
});
/** OKX position record, as validated. */
export type OkxPosition = Infer<typeof positionSchema>;
export const positionsSchema = envelope(positionSchema);

export const accountConfigSchema = looseObject({
  posMode: z.string(),
  acctLv: optionalNumeric,
  perm: optionalText,
});
/** OKX `/api/v5/account/config` record, as validated. */
export type OkxAccountConfig = Infer<typeof accountConfigSchema>;
export const accountConfigsSchema = envelope(accountConfigSchema);

export const setLeverageSchema = envelope(
  looseObject({ lever: numeric, mgnMode: z.string(), instId: optionalText, posSide: optionalText }),
);

// ── trading surface ───────────────────────────────────────────────────────────────────────────

/** Ack of amend-order: the order's ids, the request id echoed, `sCode`. */
export const amendAcksSchema = envelope(
  looseObject({ ordId: z.optional(idString), clOrdId: optionalText, reqId: optionalText, sCode: idString, sMsg: optionalText }),
);
export type OkxAmendAck = Infer<typeof amendAcksSchema>['data'][number];

/** Ack of order-algo / cancel-algos: `algoId` instead of `ordId` (fixtures place-algo-order, cancel-algos). */
export const algoAckSchema = looseObject({
  algoId: z.optional(idString),
  algoClOrdId: optionalText,
  sCode: idString,
  sMsg: optionalText,
  subCode: z.optional(idString),
});
export type OkxAlgoAck = Infer<typeof algoAckSchema>;
export const algoAcksSchema = envelope(algoAckSchema);

/** An algo order of orders-algo-pending / -history / order-algo (fixture orders-algo-pending). */
export const algoOrderSchema = looseObject({
  instType: optionalText,
  instId: z.string(),
  algoId: idString,
  algoClOrdId: optionalText,
  ordType: z.string(),
  side: z.enum(['buy', 'sell']),
  posSide: optionalText,
  sz: numeric,
  state: z.string(),
  triggerPx: optionalNumeric,
  ordPx: optionalNumeric,
  tpTriggerPx: optionalNumeric,
  tpOrdPx: optionalNumeric,
  slTriggerPx: optionalNumeric,
  slOrdPx: optionalNumeric,
  reduceOnly: z.optional(z.union([z.string(), z.boolean()])),
  attachAlgoOrds: z.optional(z.array(attachedAlgoSchema)),
  cTime: numeric,
  uTime: optionalNumeric,
});
export type OkxAlgoOrder = Infer<typeof algoOrderSchema>;
export const algoOrdersSchema = envelope(algoOrderSchema);

export const closePositionSchema = envelope(looseObject({ instId: z.string(), posSide: optionalText, clOrdId: optionalText }));

export const fundingRateSchema = looseObject({
  instId: z.string(),
  fundingRate: numeric,
  fundingTime: numeric,
  nextFundingRate: optionalNumeric,
  nextFundingTime: optionalNumeric,
  ts: optionalNumeric,
});
export type OkxFundingRate = Infer<typeof fundingRateSchema>;
export const fundingRatesSchema = envelope(fundingRateSchema);

export const fundingHistorySchema = looseObject({
  instId: z.string(),
  fundingRate: numeric,
  realizedRate: optionalNumeric,
  fundingTime: numeric,
});
export type OkxFundingHistory = Infer<typeof fundingHistorySchema>;
export const fundingHistoriesSchema = envelope(fundingHistorySchema);

export const markPricesSchema = envelope(looseObject({ instId: z.string(), markPx: numeric, ts: numeric }));
export const indexTickersSchema = envelope(looseObject({ instId: z.string(), idxPx: numeric, ts: numeric }));

export const leverageInfoSchema = looseObject({ instId: z.string(), mgnMode: z.string(), posSide: optionalText, lever: numeric });
export type OkxLeverageInfo = Infer<typeof leverageInfoSchema>;
export const leverageInfosSchema = envelope(leverageInfoSchema);

export const tradeFeeSchema = looseObject({
  instType: z.string(),
  maker: optionalNumeric,
  taker: optionalNumeric,
  makerU: optionalNumeric,
  takerU: optionalNumeric,
  makerUSDC: optionalNumeric,
  takerUSDC: optionalNumeric,
});
export type OkxTradeFee = Infer<typeof tradeFeeSchema>;
export const tradeFeesSchema = envelope(tradeFeeSchema);

export const positionModeSchema = envelope(looseObject({ posMode: z.string() }));

/** Ack of asset/transfer. */
export const transferAcksSchema = envelope(
  looseObject({ transId: idString, ccy: z.string(), clientId: optionalText, from: idString, to: idString, amt: numeric }),
);
export type OkxTransferAck = Infer<typeof transferAcksSchema>['data'][number];

export const transferStatesSchema = envelope(
  looseObject({
    transId: idString,
    ccy: z.string(),
    clientId: optionalText,
    from: idString,
    to: idString,
    amt: numeric,
    state: z.string(),
  }),
);
export type OkxTransferState = Infer<typeof transferStatesSchema>['data'][number];

/** The funding account (asset/balances, fixture balance-funding). */
export const fundingBalancesSchema = envelope(
  looseObject({ ccy: z.string(), bal: numeric, availBal: numeric, frozenBal: optionalNumeric }),
);
export type OkxFundingBalance = Infer<typeof fundingBalancesSchema>['data'][number];
