/**
 * Shapes of the v1 payloads this adapter reads (protocols/okex-v1.md §1, §3). They check, never
 * convert: normalizers accept the raw values too, so `validateResponses: false` changes nothing but
 * the check. Objects are loose so `info` keeps every field the exchange sent. Numbers arrive as
 * strings or numbers depending on endpoint and server (spot tickers strings, futures numbers).
 */
import { type Infer, looseObject, numeric } from '@exchange-adapters/core/adapter';
import * as z from '@exchange-adapters/core/zod';

const id = z.union([z.string(), z.number()]);
const level = z.array(numeric).check(z.minLength(2));

export const tickerSchema = looseObject({
  date: numeric,
  ticker: looseObject({
    buy: numeric,
    sell: numeric,
    last: numeric,
    high: z.optional(numeric),
    low: z.optional(numeric),
    vol: z.optional(numeric),
  }),
});
export type TickerWire = Infer<typeof tickerSchema>;

export const tickersSchema = looseObject({
  date: numeric,
  tickers: z.array(
    looseObject({
      symbol: z.string(),
      buy: numeric,
      sell: numeric,
      last: numeric,
      high: z.optional(numeric),
      low: z.optional(numeric),
      vol: z.optional(numeric),
    }),
  ),
});
export type TickersWire = Infer<typeof tickersSchema>;

export const futureTickerSchema = looseObject({
  date: numeric,
  ticker: looseObject({
    buy: numeric,
    sell: numeric,
    last: numeric,
    high: z.optional(numeric),
    low: z.optional(numeric),
    vol: z.optional(numeric),
    contract_id: id,
    unit_amount: numeric,
  }),
});
export type FutureTickerWire = Infer<typeof futureTickerSchema>;

export const depthSchema = looseObject({ asks: z.array(level), bids: z.array(level) });
export type DepthWire = Infer<typeof depthSchema>;

export const tradesSchema = z.array(
  looseObject({
    date: numeric,
    date_ms: z.optional(numeric),
    price: numeric,
    amount: numeric,
    tid: id,
    type: z.enum(['buy', 'sell']),
  }),
);
export type TradesWire = Infer<typeof tradesSchema>;

/** Spot candles have 6 items, futures 7 (volume in contracts, then in coin). */
export const klineSchema = z.array(z.array(numeric).check(z.minLength(6)));
export type KlineWire = Infer<typeof klineSchema>;

const fundsMap = z.record(z.string(), numeric);
export const userinfoSchema = looseObject({
  info: looseObject({
    funds: looseObject({ free: fundsMap, freezed: z.optional(fundsMap), holds: z.optional(fundsMap) }),
  }),
});
export type UserinfoWire = Infer<typeof userinfoSchema>;

export const futureUserinfoSchema = looseObject({
  info: z.record(
    z.string(),
    looseObject({
      account_rights: numeric,
      keep_deposit: numeric,
      profit_real: z.optional(numeric),
      profit_unreal: z.optional(numeric),
      risk_rate: z.optional(numeric),
    }),
  ),
});
export type FutureUserinfoWire = Infer<typeof futureUserinfoSchema>;

/** `trade.do`, `future_trade.do`: the id is a number (§3.4). */
export const orderIdSchema = looseObject({ order_id: id });
export type OrderIdWire = Infer<typeof orderIdSchema>;

export const batchTradeSchema = looseObject({
  order_info: z.array(looseObject({ order_id: id, error_code: z.optional(numeric) })),
});
export type BatchTradeWire = Infer<typeof batchTradeSchema>;

/** One id: `{result:true, order_id}`. Several: `{success:"1,2", error:"3,4"}` (futures: `"3:20015"`). */
export const cancelSchema = looseObject({
  result: z.optional(z.boolean()),
  order_id: z.optional(id),
  success: z.optional(z.string()),
  error: z.optional(z.string()),
});
export type CancelWire = Infer<typeof cancelSchema>;

export const spotOrderSchema = looseObject({
  order_id: id,
  status: numeric,
  symbol: z.optional(z.string()),
  type: z.enum(['buy', 'sell', 'buy_market', 'sell_market']),
  price: z.optional(numeric),
  amount: z.optional(numeric),
  deal_amount: z.optional(numeric),
  avg_price: z.optional(numeric),
  create_date: z.optional(numeric),
});
export type SpotOrderWire = Infer<typeof spotOrderSchema>;

export const spotOrdersSchema = looseObject({ orders: z.array(spotOrderSchema) });
export type SpotOrdersWire = Infer<typeof spotOrdersSchema>;

export const orderHistorySchema = looseObject({
  orders: z.array(spotOrderSchema),
  total: z.optional(numeric),
  current_page: z.optional(numeric),
  page_length: z.optional(numeric),
});
export type OrderHistoryWire = Infer<typeof orderHistorySchema>;

/** `status` and `type` are strings in the future_order_info example, numbers elsewhere (§3.4). */
export const futuresOrderSchema = looseObject({
  order_id: id,
  status: numeric,
  type: numeric,
  symbol: z.optional(z.string()),
  contract_name: z.optional(z.string()),
  price: z.optional(numeric),
  price_avg: z.optional(numeric),
  amount: numeric,
  deal_amount: z.optional(numeric),
  create_date: z.optional(numeric),
  fee: z.optional(numeric),
  lever_rate: z.optional(numeric),
  unit_amount: z.optional(numeric),
});
export type FuturesOrderWire = Infer<typeof futuresOrderSchema>;

export const futuresOrdersSchema = looseObject({ orders: z.array(futuresOrderSchema) });
export type FuturesOrdersWire = Infer<typeof futuresOrdersSchema>;

export const futurePositionSchema = looseObject({
  force_liqu_price: z.optional(numeric),
  holding: z.array(
    looseObject({
      buy_amount: numeric,
      buy_price_avg: numeric,
      sell_amount: numeric,
      sell_price_avg: numeric,
      contract_id: id,
      contract_type: z.optional(z.string()),
      lever_rate: numeric,
      symbol: z.string(),
      buy_available: z.optional(numeric),
      sell_available: z.optional(numeric),
      create_date: z.optional(numeric),
    }),
  ),
});
export type FuturePositionWire = Infer<typeof futurePositionSchema>;

/** `future_index.do`: the index a coin's futures track (§1.3). */
export const futureIndexSchema = looseObject({ future_index: numeric });

// ── WebSocket pushes (§6.2, the WebSocket docs' examples) ──

export const wsTickerSchema = looseObject({
  last: numeric,
  buy: z.optional(numeric),
  sell: z.optional(numeric),
  high: z.optional(numeric),
  low: z.optional(numeric),
  vol: z.optional(numeric),
  timestamp: z.optional(numeric),
  unitAmount: z.optional(numeric),
  contractId: z.optional(id),
});
export type WsTickerWire = Infer<typeof wsTickerSchema>;

export const wsDepthSchema = looseObject({ asks: z.array(level), bids: z.array(level), timestamp: z.optional(numeric) });

/** `[tid, price, amount, "HH:MM:SS", "bid"|"ask"]` (futures add the coin amount). */
export const wsDealSchema = z.tuple([z.union([z.string(), z.number()]), numeric, numeric, z.string(), z.string()], z.unknown());
export type WsDealWire = Infer<typeof wsDealSchema>;

export const wsOrderSchema = looseObject({
  symbol: z.string(),
  orderId: id,
  tradeType: z.string(),
  status: numeric,
  tradeAmount: z.optional(numeric),
  tradeUnitPrice: z.optional(numeric),
  completedTradeAmount: z.optional(numeric),
  averagePrice: z.optional(numeric),
  tradePrice: z.optional(numeric),
  createdDate: z.optional(numeric),
  sigTradeAmount: z.optional(numeric),
  sigTradePrice: z.optional(numeric),
});
export type WsOrderWire = Infer<typeof wsOrderSchema>;

export const wsBalanceSchema = looseObject({
  info: looseObject({ free: z.record(z.string(), numeric), freezed: z.optional(z.record(z.string(), numeric)) }),
});
export type WsBalanceWire = Infer<typeof wsBalanceSchema>;
