/**
 * v1 payloads → unified types (pure functions). References are to protocols/okex-v1.md.
 * Values may be JSON numbers or numeric strings on every field, whatever the docs say (§3.3).
 */
import {
  BadResponse,
  type Balances,
  type OHLCV,
  type Order,
  type OrderBook,
  type OrderBookLevel,
  type OrderStatus,
  type Position,
  type Ticker,
  type Trade,
} from '@exchange-adapters/core';
import { multiply, toDecimal, WIRE_DECIMALS } from '@exchange-adapters/core/adapter';
import type {
  CancelWire,
  DepthWire,
  FuturePositionWire,
  FuturesOrderWire,
  FutureTickerWire,
  FutureUserinfoWire,
  KlineWire,
  SpotOrderWire,
  TickersWire,
  TickerWire,
  TradesWire,
  UserinfoWire,
  WsBalanceWire,
  WsDealWire,
  WsOrderWire,
  WsTickerWire,
} from './schemas.js';

const EXCHANGE = 'okex-v1';

/** A wire decimal as a number; undefined for absent or empty values. */
export function toNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function requireNumber(value: unknown, field: string): number {
  const number = toNumber(value);
  if (number === undefined)
    throw new BadResponse({
      exchange: EXCHANGE,
      message: `${field} is not a number: ${JSON.stringify(value)}`,
      hint: 'OKEx sent a payload this adapter cannot read; report it with the field name.',
    });
  return number;
}

/** v1 dates are seconds as strings (`"1410431279"`); tolerate servers that send ms. */
export function secondsToMs(value: unknown): number {
  const number = requireNumber(value, 'date');
  return number < 1e11 ? number * 1000 : number;
}

/** A reply's decimal, exact, under the reply's limits (dust and large amounts are real). */
function exact(value: string | number, field = 'value') {
  return toDecimal(value, field, EXCHANGE, WIRE_DECIMALS);
}

/** a + b or a − b without float error; an absent or "" (not applicable) amount counts as 0, as free and used read it. */
function add(a: unknown, b: unknown): number {
  const amount = (value: unknown) => (value === undefined || value === null || value === '' ? '0' : String(value));
  return exact(amount(a))
    .plus(exact(amount(b)))
    .toNumber();
}
function subtract(a: number, b: number): number {
  return exact(a).minus(exact(b)).toNumber();
}

// ── market data ──────────────────────────────────────────────────────────────────────────────

/** `ticker.do`: strings, `date` is the server time in seconds, no bid/ask sizes (§3.3). */
export function normalizeTicker(wire: TickerWire, symbol: string): Ticker {
  const { ticker } = wire;
  return {
    symbol,
    timestamp: secondsToMs(wire.date),
    last: toNumber(ticker.last),
    bid: toNumber(ticker.buy),
    ask: toNumber(ticker.sell),
    high: toNumber(ticker.high),
    low: toNumber(ticker.low),
    baseVolume: toNumber(ticker.vol),
    info: wire,
  };
}

/** `tickers.do`: every pair; `symbolOf` maps a v1 pair to a unified symbol, or undefined to skip it. */
export function normalizeTickers(wire: TickersWire, symbolOf: (pair: string) => string | undefined): Record<string, Ticker> {
  const timestamp = secondsToMs(wire.date);
  const result: Record<string, Ticker> = {};
  for (const ticker of wire.tickers) {
    const symbol = symbolOf(ticker.symbol);
    if (symbol === undefined) continue;
    result[symbol] = {
      symbol,
      timestamp,
      last: toNumber(ticker.last),
      bid: toNumber(ticker.buy),
      ask: toNumber(ticker.sell),
      high: toNumber(ticker.high),
      low: toNumber(ticker.low),
      baseVolume: toNumber(ticker.vol),
      info: ticker,
    };
  }
  return result;
}

/**
 * `future_ticker.do`: `vol` counts contracts, so the exact figure is the quote (USD) volume,
 * contracts × contract size; the base volume would need a price per trade and is left out.
 */
export function normalizeFuturesTicker(wire: FutureTickerWire, symbol: string, contractSize: number): Ticker {
  const { ticker } = wire;
  const contracts = toNumber(ticker.vol);
  return {
    symbol,
    timestamp: secondsToMs(wire.date),
    last: toNumber(ticker.last),
    bid: toNumber(ticker.buy),
    ask: toNumber(ticker.sell),
    high: toNumber(ticker.high),
    low: toNumber(ticker.low),
    quoteVolume: contracts === undefined ? undefined : multiply(contracts, contractSize),
    info: wire,
  };
}

function levels(rows: DepthWire['asks'], field: string): OrderBookLevel[] {
  return rows.map((row, index) => [requireNumber(row[0], `${field}[${index}][0]`), requireNumber(row[1], `${field}[${index}][1]`)]);
}

/** `depth.do` / `future_depth.do`: asks arrive highest first (best ask last), so both sides are sorted (§3.3). */
export function normalizeOrderBook(wire: DepthWire, symbol: string): OrderBook {
  return {
    symbol,
    bids: levels(wire.bids, 'bids').sort((a, b) => b[0] - a[0]),
    asks: levels(wire.asks, 'asks').sort((a, b) => a[0] - b[0]),
    info: wire,
  };
}

/**
 * `trades.do` / `future_trades.do`. `type` is the taker's side. Cost is price × amount for spot; for
 * inverse futures `amount` counts contracts, so cost is contracts × contract size in USD.
 */
export function normalizeTrades(wire: TradesWire, symbol: string, contractSize?: number): Trade[] {
  return wire.map((trade) => {
    const price = requireNumber(trade.price, 'price');
    const amount = requireNumber(trade.amount, 'amount');
    const timestamp = trade.date_ms !== undefined ? requireNumber(trade.date_ms, 'date_ms') : secondsToMs(trade.date);
    return {
      id: String(trade.tid),
      symbol,
      timestamp,
      side: trade.type,
      price,
      amount,
      cost: contractSize === undefined ? multiply(price, amount) : multiply(amount, contractSize),
      info: trade,
    };
  });
}

/** `kline.do` `[ts, o, h, l, c, vol]`; `future_kline.do` adds the coin volume after the contract volume. */
export function normalizeOHLCV(wire: KlineWire): OHLCV[] {
  return wire
    .map((row, index): OHLCV => {
      const at = (i: number) => requireNumber(row[i], `[${index}][${i}]`);
      return [at(0), at(1), at(2), at(3), at(4), at(5)];
    })
    .sort((a, b) => a[0] - b[0]);
}

// ── accounts ─────────────────────────────────────────────────────────────────────────────────

/** `userinfo.do` (frozen map `freezed`) and `wallet_info.do` (frozen map `holds`): total = free + frozen (§3.4). */
export function normalizeBalances(wire: UserinfoWire): Balances {
  const { free, freezed, holds } = wire.info.funds;
  const frozen = freezed ?? holds ?? {};
  const assets: Balances['assets'] = {};
  for (const currency of new Set([...Object.keys(free), ...Object.keys(frozen)])) {
    const freeAmount = toNumber(free[currency]) ?? 0;
    const used = toNumber(frozen[currency]) ?? 0;
    assets[currency.toUpperCase()] = { free: freeAmount, used, total: add(free[currency], frozen[currency]) };
  }
  return { info: wire, assets };
}

/** `future_userinfo.do` (cross margin): equity `account_rights`, of which `keep_deposit` is margin in use. */
export function normalizeFuturesBalances(wire: FutureUserinfoWire): Balances {
  const assets: Balances['assets'] = {};
  for (const [currency, account] of Object.entries(wire.info)) {
    const total = requireNumber(account.account_rights, `${currency}.account_rights`);
    const used = requireNumber(account.keep_deposit, `${currency}.keep_deposit`);
    assets[currency.toUpperCase()] = { free: subtract(total, used), used, total };
  }
  return { info: wire, assets };
}

// ── orders ───────────────────────────────────────────────────────────────────────────────────

/**
 * Spot status codes disagree between endpoints and doc dates (§3.5). `order_info` (2019 docs):
 * 3 = cancel in process, 4 = order failed, 5 = being placed. `orders_info` and `order_history`
 * (older docs, and `order_history` still in 2019): 4 = cancel in process; in the 2019 `orders_info`
 * 4 = failed — either way nothing rests on the book, so 4 there reads as canceled. "Cancel in
 * process" is reported as canceled: the cancel was accepted and `filled` shows what executed.
 */
export type SpotStatusSource = 'order_info' | 'orders_info' | 'order_history';

const SPOT_STATUS: Readonly<Record<SpotStatusSource, Readonly<Record<string, OrderStatus>>>> = {
  order_info: { '-1': 'canceled', 0: 'open', 1: 'open', 2: 'closed', 3: 'canceled', 4: 'rejected', 5: 'open' },
  orders_info: { '-1': 'canceled', 0: 'open', 1: 'open', 2: 'closed', 3: 'canceled', 4: 'canceled', 5: 'open' },
  order_history: { '-1': 'canceled', 0: 'open', 1: 'open', 2: 'closed', 3: 'canceled', 4: 'canceled', 5: 'open' },
};

/** Futures: 4 = cancel in process, 5 = cancelling (CN) or cancelled (EN) (§3.5). */
const FUTURES_STATUS: Readonly<Record<string, OrderStatus>> = {
  '-1': 'canceled',
  0: 'open',
  1: 'open',
  2: 'closed',
  4: 'canceled',
  5: 'canceled',
};

function mapStatus(table: Readonly<Record<string, OrderStatus>>, raw: unknown, source: string): OrderStatus {
  const status = table[String(Number(raw))];
  if (status === undefined) {
    throw new BadResponse({
      exchange: EXCHANGE,
      message: `unknown order status ${JSON.stringify(raw)} from ${source}`,
      hint: 'OKEx sent a status this adapter does not know; report it.',
    });
  }
  return status;
}

export function spotOrderStatus(raw: unknown, source: SpotStatusSource): OrderStatus {
  return mapStatus(SPOT_STATUS[source], raw, source);
}

export function futuresOrderStatus(raw: unknown): OrderStatus {
  return mapStatus(FUTURES_STATUS, raw, 'future_order_info');
}

export interface OrderContext {
  symbol: string;
  /** v1 has no client ids; the one this instance generated, when it placed the order. */
  clientOrderId?: string;
}

/**
 * A spot order (`order_info`, `orders_info`, `order_history`). For `buy_market` the wire `price` is
 * the quote amount spent, so it is not reported as a price; `amount` is then the filled quantity.
 * `timestamp` is 0 where the reply has no `create_date` (the `orders_info` example has none).
 */
export function normalizeSpotOrder(raw: SpotOrderWire, source: SpotStatusSource, context: OrderContext): Order {
  const isMarket = raw.type.endsWith('_market');
  const filled = toNumber(raw.deal_amount) ?? 0;
  const averagePrice = toNumber(raw.avg_price);
  const average = averagePrice !== undefined && averagePrice > 0 ? averagePrice : undefined;
  const requested = toNumber(raw.amount) ?? 0;
  const amount = requested > 0 ? requested : filled;
  const price = isMarket ? undefined : toNumber(raw.price);
  const fillPrice = average ?? price;
  return {
    id: String(raw.order_id),
    clientOrderId: context.clientOrderId ?? '',
    symbol: context.symbol,
    type: isMarket ? 'market' : 'limit',
    side: raw.type.startsWith('buy') ? 'buy' : 'sell',
    status: spotOrderStatus(raw.status, source),
    price,
    average,
    amount,
    filled,
    remaining: Math.max(0, subtract(amount, filled)),
    cost: filled === 0 ? 0 : fillPrice === undefined ? undefined : multiply(filled, fillPrice),
    timestamp: toNumber(raw.create_date) ?? 0,
    timeInForce: isMarket ? 'IOC' : 'GTC',
    info: raw,
  };
}

/** Futures order `type`: 1 open long, 2 open short, 3 close long, 4 close short (§1.3). */
export const FUTURES_ORDER_TYPES = {
  1: { side: 'buy', reduceOnly: false },
  2: { side: 'sell', reduceOnly: false },
  3: { side: 'sell', reduceOnly: true },
  4: { side: 'buy', reduceOnly: true },
} as const;

export function futuresOrderType(side: 'buy' | 'sell', reduceOnly: boolean): 1 | 2 | 3 | 4 {
  if (side === 'buy') return reduceOnly ? 4 : 1;
  return reduceOnly ? 3 : 2;
}

/**
 * A futures order (`future_order_info`, `future_orders_info`); `status` and `type` may be strings.
 * Amounts are contracts; cost is the filled notional in USD (contracts × `unit_amount`). The wire
 * does not say whether an order was placed at the best price, so `type` is limit unless the caller
 * knows better (an order this instance placed).
 */
export function normalizeFuturesOrder(raw: FuturesOrderWire, context: OrderContext & { type?: Order['type'] }): Order {
  const kind = FUTURES_ORDER_TYPES[Number(raw.type) as keyof typeof FUTURES_ORDER_TYPES];
  if (!kind)
    throw new BadResponse({
      exchange: EXCHANGE,
      message: `unknown futures order type ${JSON.stringify(raw.type)}`,
      hint: 'Futures order types are 1–4; report this payload.',
    });
  const amount = requireNumber(raw.amount, 'amount');
  const filled = toNumber(raw.deal_amount) ?? 0;
  const averagePrice = toNumber(raw.price_avg);
  const unitAmount = toNumber(raw.unit_amount);
  return {
    id: String(raw.order_id),
    clientOrderId: context.clientOrderId ?? '',
    symbol: context.symbol,
    type: context.type ?? 'limit',
    side: kind.side,
    status: futuresOrderStatus(raw.status),
    price: toNumber(raw.price),
    average: averagePrice !== undefined && averagePrice > 0 ? averagePrice : undefined,
    amount,
    filled,
    remaining: Math.max(0, subtract(amount, filled)),
    cost: unitAmount === undefined ? undefined : multiply(filled, unitAmount),
    timestamp: toNumber(raw.create_date) ?? 0,
    reduceOnly: kind.reduceOnly,
    info: raw,
  };
}

/** Which ids a cancel reply says were cancelled and which failed (with the futures error code when given). */
export interface CancelOutcome {
  canceled: Set<string>;
  failed: Map<string, string | undefined>;
}

/**
 * One id: `{result:true, order_id}`. Several: `{success:"1,2", error:"3,4"}` with no `result`;
 * futures failures read `"3:20015"` (§1.2, §1.3, §3.4).
 */
export function parseCancelReply(reply: CancelWire, requestedIds: readonly string[]): CancelOutcome {
  const outcome: CancelOutcome = { canceled: new Set(), failed: new Map() };
  if (reply.success !== undefined || reply.error !== undefined) {
    for (const id of splitIds(reply.success)) outcome.canceled.add(id);
    for (const item of splitIds(reply.error)) {
      const [id = '', code] = item.split(':');
      outcome.failed.set(id, code === undefined || code === '' ? undefined : code);
    }
    return outcome;
  }
  if (reply.result === true) for (const id of requestedIds) outcome.canceled.add(id);
  return outcome;
}

function splitIds(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

// ── positions ────────────────────────────────────────────────────────────────────────────────

export interface PositionContext {
  /** Unified symbol of a holding's contract id. */
  symbolOf: (contractId: string) => string;
  /** USD per contract. */
  contractSize: number;
  /** Last price of the contract, to value open positions. */
  markPrice: number;
}

/**
 * `future_position.do` (cross margin): one holding per contract with a long (`buy_*`) and a short
 * (`sell_*`) side. The reply has no unrealized PnL, so it is computed from the mark price the
 * inverse way, in the coin: contracts × size × (1/entry − 1/mark), sign flipped for shorts.
 * `force_liqu_price` is per account and symbol, shared by its positions.
 */
export function normalizePositions(wire: FuturePositionWire, context: PositionContext): Position[] {
  const liquidation = toNumber(wire.force_liqu_price);
  const positions: Position[] = [];
  for (const holding of wire.holding) {
    const symbol = context.symbolOf(String(holding.contract_id));
    const sides = [
      { side: 'long' as const, contracts: holding.buy_amount, entry: holding.buy_price_avg },
      { side: 'short' as const, contracts: holding.sell_amount, entry: holding.sell_price_avg },
    ];
    for (const { side, contracts, entry } of sides) {
      const amount = toNumber(contracts) ?? 0;
      if (amount <= 0) continue;
      const entryPrice = requireNumber(entry, `${side === 'long' ? 'buy' : 'sell'}_price_avg`);
      positions.push({
        symbol,
        side,
        amount,
        contracts: amount,
        entryPrice,
        markPrice: context.markPrice,
        unrealizedPnl: inversePnl(side, amount, context.contractSize, entryPrice, context.markPrice),
        leverage: requireNumber(holding.lever_rate, 'lever_rate'),
        marginMode: 'cross',
        liquidationPrice: liquidation !== undefined && liquidation > 0 ? liquidation : undefined,
        info: holding,
      });
    }
  }
  return positions;
}

export function inversePnl(side: 'long' | 'short', contracts: number, contractSize: number, entryPrice: number, markPrice: number): number {
  if (entryPrice <= 0 || markPrice <= 0) return 0;
  const one = toDecimal(1, 'one', EXCHANGE);
  const perUnit = one.div(exact(entryPrice, 'entry')).minus(one.div(exact(markPrice, 'mark')));
  const pnl = exact(contracts, 'contracts').times(contractSize).times(perUnit);
  return (side === 'long' ? pnl : pnl.times(-1)).toNumber();
}

// ── requests ─────────────────────────────────────────────────────────────────────────────────

/** `batch_trade.do`'s `orders_data`: the documented JS-style literal `[{price:3,amount:5,type:'sell'}]` (§3.2). */
export function ordersDataLiteral(items: ReadonlyArray<{ price: string; amount: string; type: 'buy' | 'sell' }>): string {
  return `[${items.map((item) => `{price:${item.price},amount:${item.amount},type:'${item.type}'}`).join(',')}]`;
}

// ── WebSocket pushes (§6.2) ──────────────────────────────────────────────────────────────────

/** A spot `_ticker` push: strings, with the server's `timestamp` (ms); no bid/ask sizes. */
export function normalizeWsTicker(wire: WsTickerWire, symbol: string, receivedMs: number): Ticker {
  return {
    symbol,
    timestamp: toNumber(wire.timestamp) ?? receivedMs,
    last: toNumber(wire.last),
    bid: toNumber(wire.buy),
    ask: toNumber(wire.sell),
    high: toNumber(wire.high),
    low: toNumber(wire.low),
    baseVolume: toNumber(wire.vol),
    info: wire,
  };
}

/** A futures `_ticker_<contract>` push: numbers, no timestamp; `vol` counts contracts (quote volume as REST). */
export function normalizeWsFuturesTicker(wire: WsTickerWire, symbol: string, contractSize: number, receivedMs: number): Ticker {
  const contracts = toNumber(wire.vol);
  return {
    symbol,
    timestamp: receivedMs,
    last: toNumber(wire.last),
    bid: toNumber(wire.buy),
    ask: toNumber(wire.sell),
    high: toNumber(wire.high),
    low: toNumber(wire.low),
    quoteVolume: contracts === undefined ? undefined : multiply(contracts, contractSize),
    info: wire,
  };
}

const DAY_MS = 86_400_000;
/** The deals channels stamp trades with the time of day on OKEx's clock in China (UTC+8). */
const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * The instant a `HH:MM:SS` (UTC+8) stamp stands for: the latest one at or before the time the push
 * arrived (a minute of slack for clock drift), so a trade just before midnight is yesterday's.
 */
export function timeOfDayToMs(text: string, receivedMs: number): number {
  const match = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (!match) throw new Error(`deal time ${JSON.stringify(text)} is not HH:MM:SS`);
  const secondOfDay = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  const dayStart = Math.floor((receivedMs + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  const candidate = dayStart + secondOfDay * 1000;
  return candidate > receivedMs + 60_000 ? candidate - DAY_MS : candidate;
}

/**
 * `_deals` / `_trade_<contract>` items `[tid, price, amount, "HH:MM:SS", "bid"|"ask"]`: `bid` is a
 * taker buy. Futures amounts are contracts, cost contracts × contract size (USD), as REST.
 */
export function normalizeWsDeals(rows: readonly WsDealWire[], symbol: string, receivedMs: number, contractSize?: number): Trade[] {
  return rows.map((row) => {
    const price = requireNumber(row[1], 'deal price');
    const amount = requireNumber(row[2], 'deal amount');
    return {
      id: String(row[0]),
      symbol,
      timestamp: timeOfDayToMs(String(row[3]), receivedMs),
      side: row[4] === 'ask' ? 'sell' : 'buy',
      price,
      amount,
      cost: contractSize === undefined ? multiply(price, amount) : multiply(amount, contractSize),
      info: row,
    };
  });
}

/**
 * An `ok_sub_spot_<pair>_order` push: cumulative `completedTradeAmount` and `averagePrice`; cost is
 * filled × average as REST computes it, so pushes and REST reads agree. A market buy is sized in
 * quote (`tradeUnitPrice`), so its amount is what filled. Status −1 cancelled, 0/1 open, 2 filled,
 * 4 cancel in process (read as canceled, §3.5). The push carries no update time.
 */
export function normalizeWsOrder(wire: WsOrderWire, symbol: string): Order {
  const isMarket = wire.tradeType.endsWith('_market');
  const isMarketBuy = wire.tradeType === 'buy_market';
  const filled = toNumber(wire.completedTradeAmount) ?? 0;
  const averagePrice = toNumber(wire.averagePrice);
  const average = averagePrice !== undefined && averagePrice > 0 ? averagePrice : undefined;
  const requested = isMarketBuy ? 0 : (toNumber(wire.tradeAmount) ?? 0);
  const amount = requested > 0 ? requested : filled;
  return {
    id: String(wire.orderId),
    clientOrderId: '',
    symbol,
    type: isMarket ? 'market' : 'limit',
    side: wire.tradeType.startsWith('buy') ? 'buy' : 'sell',
    status: spotOrderStatus(wire.status, 'order_history'),
    price: isMarket ? undefined : toNumber(wire.tradeUnitPrice),
    average,
    amount,
    filled,
    remaining: Math.max(0, subtract(amount, filled)),
    cost: filled === 0 ? 0 : average === undefined ? undefined : multiply(filled, average),
    timestamp: toNumber(wire.createdDate) ?? 0,
    timeInForce: isMarket ? 'IOC' : 'GTC',
    info: wire,
  };
}

/** An `ok_sub_spot_<pair>_balance` push: the pair's currencies only, total = free + freezed. */
export function normalizeWsBalance(wire: WsBalanceWire): Balances {
  const { free, freezed = {} } = wire.info;
  const assets: Balances['assets'] = {};
  for (const currency of new Set([...Object.keys(free), ...Object.keys(freezed)])) {
    assets[currency.toUpperCase()] = {
      free: toNumber(free[currency]) ?? 0,
      used: toNumber(freezed[currency]) ?? 0,
      total: add(free[currency], freezed[currency]),
    };
  }
  return { info: wire, assets };
}
