/**
 * OkxExchange: the unified API (DESIGN §2) over OKX API v5 REST for SPOT, SWAP and FUTURES.
 * Wire details live in the tables and pure functions next to this file; this class decides which
 * endpoint answers which method, converts base units to contracts, and maps per-item results.
 * Placing (placement.ts), cancelling (cancels.ts) and reading (order-reads.ts) orders, the rest of
 * the trading surface (trading.ts) and contract settings (derivatives.ts) are classes of their own
 * that reach this one only through the view in port.ts.
 */
import {
  type BalanceQuery,
  type Balances,
  type CancelOptions,
  type ExchangeCapabilities,
  type ExchangeError,
  type ExchangeOptions,
  type FundingRate,
  type FundingRateHistoryEntry,
  type Leverage,
  type LeverageOptions,
  type MarginMode,
  type Market,
  type MarkPrice,
  type Numeric,
  type OHLCV,
  type Order,
  type OrderAck,
  type OrderBook,
  type OrderFeatures,
  type OrderRequest,
  type OrderScope,
  type Position,
  type Ticker,
  type Trade,
  type TradingFee,
  type TransferAccount,
  type TransferOptions,
  type TransferResult,
  type TriggerPriceType,
  timeframeToMs,
} from '@exchange-adapters/core';
import {
  type AdapterSpec,
  BaseExchange,
  baseToContracts,
  type CancelItem,
  type ClientOrderIdGrammar,
  checkExchangeOptions,
  checkOneOf,
  describeValue,
  loadOptionalPart,
  type OptionRules,
  ownValue,
  type ParamsRules,
  type PreparedEdit,
  type PreparedOrder,
  type RateCost,
  type WriteTrace,
  type WsRules,
  type WsSpec,
  wireTimeframe,
} from '@exchange-adapters/core/adapter';
import { OkxCancels } from './cancels.js';
import { OkxDerivatives } from './derivatives.js';
import {
  OKX_BUCKETS,
  OKX_ENDPOINTS,
  OKX_MAX_BATCH_ORDERS,
  OKX_REGIONS,
  OKX_TIMEFRAMES,
  type OkxEnvironment,
  type OkxRegion,
  type OkxWsUrls,
  okxRestHost,
  okxWsUrls,
  otherRateLimits,
} from './endpoints.js';
import { classifyOkxCode, createOkxClassifier } from './errors.js';
import {
  INST_TYPES,
  lotSizeOf,
  MARKET_TO_INST_TYPE,
  normalizeBalance,
  normalizeCandles,
  normalizeFundingBalances,
  normalizeInstrument,
  normalizeOrderBook,
  normalizeTicker,
  normalizeTrade,
  WIRE_TO_MARKET_TYPE,
} from './normalize.js';
import { OkxOrderReads } from './order-reads.js';
import { OkxPlacement, ORDER_WIRE_FIELDS } from './placement.js';
import type { ItemFailure, OkxCancelPort, OkxPlacementPort, PositionMode } from './port.js';
import {
  accountConfigsSchema,
  balancesSchema,
  booksSchema,
  candlesSchema,
  fundingBalancesSchema,
  instrumentsSchema,
  type OkxAccountConfig,
  tickersSchema,
  timeSchema,
  tradesSchema,
} from './schemas.js';
import { signOkxRequest } from './signer.js';
import type { OkxStreamsModule } from './streams.js';
import { OkxTradingOrders } from './trading.js';
import { OKX_STREAMS, OKX_STREAMS_ENTRY, OKX_WS_RULES } from './ws-rules.js';

export { OKX_TIMEFRAMES };

export interface OkxExchangeOptions extends ExchangeOptions {
  /** Margin mode (`tdMode`) of contract orders and leverage changes unless the call says otherwise; default `cross`. */
  marginMode?: MarginMode | undefined;
}

/** OKX client order ids: 1–32 letters and digits. */
export const OKX_CLIENT_ORDER_ID: ClientOrderIdGrammar = {
  maxLength: 32,
  pattern: /^[A-Za-z0-9]{1,32}$/,
  description: '1–32 letters and digits',
};

/** Options OKX adds to ExchangeOptions (the shared ones, region included, are checked in core). */
export const OKX_OPTION_RULES: OptionRules = Object.freeze({
  marginMode: (value: unknown, name: string, exchange: string) => checkOneOf(value, name, exchange, ['cross', 'isolated']),
});

const MAX_BOOK_LEVELS = 400;
const MAX_FULL_BOOK_LEVELS = 5000;
const MAX_TRADES = 500;
const MAX_RECENT_CANDLES = 300;
const MAX_HISTORY_CANDLES = 100;
/** `/market/candles` serves roughly the latest 1440 bars; older ones come from history-candles. */
const RECENT_CANDLE_BARS = 1440;

/**
 * Every market type takes GTC, IOC, FOK and post-only limits (`ordType`), 20 orders per batch
 * place or cancel. Spot triggers watch the last price only (51415); contracts also the mark and
 * index, and take reduce-only.
 */
const SPOT_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PO'] as const),
  postOnly: true,
  reduceOnly: false,
  maxCreateBatch: OKX_MAX_BATCH_ORDERS,
  maxCancelBatch: OKX_MAX_BATCH_ORDERS,
  triggerPrice: true,
  stopLoss: true,
  takeProfit: true,
  triggerPriceTypes: Object.freeze(['last'] as const),
  attachedLimitPrice: true,
});
const CONTRACT_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  ...SPOT_FEATURES,
  reduceOnly: true,
  triggerPriceTypes: Object.freeze(['last', 'mark', 'index'] as const),
});

function resolveEnvironment(options: OkxExchangeOptions): OkxEnvironment {
  const region: OkxRegion = options.region ?? 'global';
  if (!OKX_REGIONS.includes(region)) {
    checkOneOf(region, 'options.region', 'okx', OKX_REGIONS);
  }
  return { region, demo: options.demo === true };
}

function parseServerTime(body: unknown): number {
  const data = (body as { data?: Array<{ ts?: unknown }> } | undefined)?.data;
  return Number(data?.[0]?.ts);
}

/** The pipeline configuration of one OKX environment. */
export function createOkxSpec(environment: OkxEnvironment, baseUrl?: string): AdapterSpec {
  return {
    id: 'okx',
    name: 'OKX',
    hosts: { default: okxRestHost(environment) },
    buckets: OKX_BUCKETS,
    credentials: ['apiKey', 'secret', 'passphrase'],
    sign: signOkxRequest,
    classify: createOkxClassifier(environment, baseUrl),
    serverTime: { endpoint: OKX_ENDPOINTS.time, parse: parseServerTime },
    timestampWindowMs: 30_000,
    headers: environment.demo ? { 'x-simulated-trading': '1' } : undefined,
  };
}

export class OkxExchange extends BaseExchange {
  readonly id = 'okx';
  readonly has: Readonly<ExchangeCapabilities> = Object.freeze({
    fetchMarkets: true,
    fetchTime: true,
    fetchTicker: true,
    fetchTickers: true,
    fetchOrderBook: true,
    fetchTrades: true,
    fetchOHLCV: true,
    fetchBalance: true,
    createOrder: true,
    createOrders: true,
    cancelOrder: true,
    cancelOrders: true,
    cancelAllOrders: true,
    fetchOrder: true,
    fetchOpenOrders: true,
    fetchClosedOrders: true,
    fetchMyTrades: true,
    fetchPositions: true,
    setLeverage: true,
    editOrder: true,
    createTriggerOrder: true,
    createOrderWithTakeProfitAndStopLoss: true,
    fetchFundingRate: true,
    fetchFundingRateHistory: true,
    fetchMarkPrice: true,
    fetchLeverage: true,
    setMarginMode: true,
    setPositionMode: true,
    closePosition: true,
    fetchTradingFees: true,
    transfer: true,
    spot: true,
    swap: true,
    future: true,
    demo: true,
    ...OKX_STREAMS,
    orderFeatures: Object.freeze({ spot: SPOT_FEATURES, swap: CONTRACT_FEATURES, future: CONTRACT_FEATURES }),
  });
  protected readonly clientOrderIdGrammar = OKX_CLIENT_ORDER_ID;
  protected readonly endpoints = OKX_ENDPOINTS;
  /** Region and demo flag this instance talks to. */
  readonly environment: OkxEnvironment;
  /** WebSocket URLs of the environment, for streams. */
  readonly wsUrls: OkxWsUrls;
  readonly #marginMode: MarginMode;
  /** Per-symbol margin modes chosen with setMarginMode. */
  readonly #marginModes = new Map<string, MarginMode>();
  #accountConfig: Promise<OkxAccountConfig> | undefined;
  readonly #trading: OkxTradingOrders;
  readonly #derivatives: OkxDerivatives;
  readonly #placement: OkxPlacement;
  readonly #reads: OkxOrderReads;
  readonly #cancels: OkxCancels;

  constructor(options: OkxExchangeOptions = {}) {
    // Checked before anything reads them: the environment decides the spec handed to core.
    const checked = checkExchangeOptions<OkxExchangeOptions>('okx', options, OKX_OPTION_RULES);
    const environment = resolveEnvironment(checked);
    super(checked, createOkxSpec(environment, checked.baseUrl), OKX_OPTION_RULES);
    this.environment = Object.freeze(environment);
    this.wsUrls = Object.freeze(okxWsUrls(environment, typeof checked.wsUrl === 'string' ? checked.wsUrl : undefined));
    this.#marginMode = checked.marginMode ?? 'cross';
    const port: OkxPlacementPort & OkxCancelPort = {
      pipeline: this.pipeline,
      environment: this.environment,
      call: (name, callOptions) => this.call(name, callOptions),
      error: (kind, details) => this.error(kind, details),
      loadMarket: (symbol) => this.loadMarket(symbol),
      loadMarkets: () => this.loadMarkets(),
      market: (symbol) => this.market(symbol),
      marketById: (id, type) => this.marketById(id, type),
      contractMarket: (symbol, method) => this.#contractMarket(symbol, method),
      positionMode: () => this.#positionMode(),
      rememberPositionMode: (mode) => this.#rememberPositionMode(mode),
      marginModeOf: (market) => this.#marginModeOf(market),
      rememberMarginMode: (market, mode) => this.#marginModes.set(market.symbol, mode),
      checkMarginMode: (mode, orderState) => this.#checkMarginMode(mode, orderState),
      itemError: (item, intent, path, clientOrderId) => this.#itemError(item, intent, path, clientOrderId),
      first: (data, what) => this.#first(data, what),
      positiveInteger: (value, field) => this.#positiveInteger(value, field),
      fetchOrder: (id, symbol) => this.fetchOrder(id, symbol),
      fetchPositions: (symbols) => this.fetchPositions(symbols),
      setLeverage: (leverage, symbol, leverageOptions) => this.setLeverage(leverage, symbol, leverageOptions),
      submitOrder: (order) => this.submitOrder(order),
      findOrderByClientOrderId: (order) => this.findOrderByClientOrderId(order),
      failedOrder: (order, error) => this.failedOrder(order, error),
      refuseTriggerBatch: (method, cancelOptions) => this.refuseTriggerBatch(method, cancelOptions),
      cancelIds: (market, ids, cancelOptions, snapshot) => this.cancelIds(market, ids, cancelOptions, snapshot),
      fetchOpenOrders: (symbol) => this.fetchOpenOrders(symbol),
    };
    this.#trading = new OkxTradingOrders(port);
    this.#derivatives = new OkxDerivatives(port);
    this.#placement = new OkxPlacement(port, this.#trading);
    this.#reads = new OkxOrderReads(port, this.#trading);
    this.#cancels = new OkxCancels(port);
  }

  /** What OKX streams and the `watch*` arguments it refuses (ws-rules.ts). */
  protected override wsRules(): WsRules {
    return OKX_WS_RULES;
  }

  /** Streams: OKX's WebSocket tables (ws.ts, loaded with the engine) on this instance's hosts (demo, region, or wsUrl). */
  protected override async wsSpec(): Promise<WsSpec> {
    const { createOkxWsSpec } = await loadOptionalPart<OkxStreamsModule>(
      OKX_STREAMS_ENTRY,
      (name) => import(/* webpackIgnore: true */ name),
    );
    return createOkxWsSpec({
      urls: this.wsUrls,
      timeframes: OKX_TIMEFRAMES,
      context: { marketById: (id, type) => this.marketById(id, type) },
      environment: this.environment,
    });
  }

  protected rawRateLimits(auth: 'public' | 'private'): RateCost[] {
    return otherRateLimits(auth);
  }

  // ── public data ──────────────────────────────────────────────────────────────────────────────

  async fetchMarkets(): Promise<Market[]> {
    const replies = await Promise.all(
      INST_TYPES.map((instType) => this.call('instruments', { query: { instType }, schema: instrumentsSchema })),
    );
    const markets: Market[] = [];
    for (const reply of replies) {
      for (const instrument of reply.data) {
        const market = normalizeInstrument(instrument);
        if (market) markets.push(market);
      }
    }
    return markets;
  }

  override async fetchTime(): Promise<number> {
    const reply = await this.call('time', { schema: timeSchema });
    return Number(this.#first(reply.data, 'time').ts);
  }

  override async fetchTicker(symbol: string): Promise<Ticker> {
    const market = await this.loadMarket(symbol);
    const reply = await this.call('ticker', { query: { instId: market.id }, schema: tickersSchema });
    return normalizeTicker(this.#first(reply.data, 'ticker'), market);
  }

  override async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    await this.loadMarkets();
    const wanted = symbols?.map((symbol) => this.market(symbol));
    const instTypes = wanted ? [...new Set(wanted.map((market) => MARKET_TO_INST_TYPE[market.type]))] : [...INST_TYPES];
    const wantedSymbols = wanted ? new Set(wanted.map((market) => market.symbol)) : undefined;
    const replies = await Promise.all(instTypes.map((instType) => this.call('tickers', { query: { instType }, schema: tickersSchema })));
    const tickers: Record<string, Ticker> = {};
    replies.forEach((reply, index) => {
      const type = ownValue(WIRE_TO_MARKET_TYPE, instTypes[index]);
      for (const raw of reply.data) {
        const market = this.marketById(raw.instId, type);
        if (market && (!wantedSymbols || wantedSymbols.has(market.symbol))) tickers[market.symbol] = normalizeTicker(raw, market);
      }
    });
    return tickers;
  }

  /** Up to 400 levels from `books`; deeper requests (≤ 5000) go to `books-full`. */
  override async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook> {
    const market = await this.loadMarket(symbol);
    const levels = limit === undefined ? MAX_BOOK_LEVELS : this.#positiveInteger(limit, 'limit');
    const endpoint = levels > MAX_BOOK_LEVELS ? 'booksFull' : 'books';
    const reply = await this.call(endpoint, {
      query: { instId: market.id, sz: Math.min(levels, MAX_FULL_BOOK_LEVELS) },
      schema: booksSchema,
    });
    return normalizeOrderBook(this.#first(reply.data, 'order book'), market);
  }

  /** The latest trades (at most 500), oldest first; `since` filters them. */
  override async fetchTrades(symbol: string, since?: number, limit?: number): Promise<Trade[]> {
    const market = await this.loadMarket(symbol);
    const count = limit === undefined ? 100 : Math.min(this.#positiveInteger(limit, 'limit'), MAX_TRADES);
    const reply = await this.call('trades', { query: { instId: market.id, limit: count }, schema: tradesSchema });
    const trades = reply.data.map((raw) => normalizeTrade(raw, market)).reverse();
    return since === undefined ? trades : trades.filter((trade) => trade.timestamp >= since);
  }

  override async fetchOHLCV(symbol: string, timeframe = '1m', since?: number, limit?: number): Promise<OHLCV[]> {
    const market = await this.loadMarket(symbol);
    const bar = wireTimeframe('okx', OKX_TIMEFRAMES, timeframe);
    const barMs = timeframeToMs(timeframe);
    const historical = since !== undefined && since < this.pipeline.now() - RECENT_CANDLE_BARS * barMs;
    const maximum = historical ? MAX_HISTORY_CANDLES : MAX_RECENT_CANDLES;
    const count = limit === undefined ? Math.min(100, maximum) : Math.min(this.#positiveInteger(limit, 'limit'), maximum);
    const query: Record<string, unknown> = { instId: market.id, bar, limit: count };
    if (since !== undefined) {
      // `after` returns bars older than it, `before` newer: the window [since, since + count bars).
      query.after = since + count * barMs;
      query.before = since - 1;
    }
    const reply = await this.call(historical ? 'historyCandles' : 'candles', { query, schema: candlesSchema });
    return normalizeCandles(reply.data, market);
  }

  // ── account ──────────────────────────────────────────────────────────────────────────────────

  /**
   * The trading account; OKX keeps spot and derivatives in one unified account, so `spot`, `swap`
   * and `trading` read the same. `funding` reads the funding account (asset/balances).
   */
  override async fetchBalance(query: BalanceQuery = {}): Promise<Balances> {
    if (query.type === 'funding')
      return normalizeFundingBalances((await this.call('fundingBalance', { schema: fundingBalancesSchema })).data);
    if (query.type !== undefined && query.type !== 'spot' && query.type !== 'swap' && query.type !== 'trading') {
      throw this.error('BadRequest', {
        message: `balance type must be 'spot', 'swap', 'trading' or 'funding', got ${JSON.stringify(query.type)}`,
        hint: "OKX keeps one trading account and a funding account: fetchBalance() or fetchBalance({ type: 'funding' }).",
      });
    }
    const reply = await this.call('balance', { schema: balancesSchema });
    const account = reply.data[0];
    return account ? normalizeBalance(account) : { info: reply, assets: {} };
  }

  override fetchPositions(symbols?: string[]): Promise<Position[]> {
    return this.#derivatives.fetchPositions(symbols);
  }

  /**
   * Sets leverage for one contract market. In long/short mode an isolated leverage is per side:
   * `options.side` picks one, otherwise both sides are set.
   */
  override setLeverage(leverage: number, symbol: string, options: LeverageOptions = {}): Promise<void> {
    return this.#derivatives.setLeverage(leverage, symbol, options);
  }

  // ── orders (placement.ts, cancels.ts, order-reads.ts) ────────────────────────────────────────

  protected override orderParamsRules(): Omit<ParamsRules, 'orderState'> {
    return { owned: ORDER_WIRE_FIELDS, encoding: 'json' };
  }

  /** Lot size and margin mode are checked here, before the position-mode read an order body may need. */
  protected override async prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    const prepared = await super.prepareOrder(request);
    const { market } = prepared;
    if (market.contract) baseToContracts(market, prepared.amount, lotSizeOf(market), this.id);
    if (prepared.params.marginMode !== undefined) this.#checkMarginMode(prepared.params.marginMode, 'not-placed');
    return prepared;
  }

  protected override submitOrder(order: PreparedOrder): Promise<Order> {
    return this.#placement.submit(order);
  }

  protected override findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined> {
    return this.#placement.find(order);
  }

  /**
   * One chunk of createOrders (≤ 20). Orders are grouped per instrument, as OKX counts batch limits
   * per instrument; a group of one goes through the single-order endpoint.
   */
  protected override placeBatch(batch: PreparedOrder[]): Promise<Order[]> {
    return this.#placement.placeBatch(batch);
  }

  protected override cancelTriggerOrder(id: string, market: Market): Promise<OrderAck> {
    return this.#trading.cancelTrigger(id, market);
  }

  /** One id: `cancel-order`; more: `cancel-batch-orders` (≤ 20), weighted per order. The acks carry ids only. */
  protected override sendCancel(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    return this.#cancels.sendCancel(market, ids, trace);
  }

  /**
   * Cancels every open order (of one symbol, or all): the open orders are read (OKX has no
   * cancel-all for spot), then cancelled 20 per request. Results keep what the read said that a
   * cancel cannot change (side, price, amount…); fill amounts come from fetchOrder or `fetchFinalState`.
   */
  override cancelAllOrders(symbol?: string, options: CancelOptions = {}): Promise<OrderAck[]> {
    return this.#cancels.cancelAllOrders(symbol, options);
  }

  override fetchOrder(id: string, symbol: string): Promise<Order> {
    return this.#reads.fetchOrder(id, symbol);
  }

  /** Every open order (all pages), oldest first; `{ trigger: true }` the waiting trigger and TP/SL orders. */
  override fetchOpenOrders(symbol?: string, scope: OrderScope = {}): Promise<Order[]> {
    return this.#reads.fetchOpenOrders(symbol, scope);
  }

  /**
   * Filled and cancelled orders, the newest `limit` (default 100) since `since`, oldest first. The
   * last 7 days come from orders-history, older ones from the 3-month archive.
   */
  override fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]> {
    return this.#reads.fetchClosedOrders(symbol, since, limit);
  }

  /** Own fills, the newest `limit` (default 100) since `since`, oldest first (3 days, or 3 months via fills-history). */
  override fetchMyTrades(symbol?: string, since?: number, limit?: number): Promise<Trade[]> {
    return this.#reads.fetchMyTrades(symbol, since, limit);
  }

  // ── the rest of the trading surface (trading.ts, derivatives.ts) ────────────────────────────

  protected override submitEdit(edit: PreparedEdit): Promise<Order> {
    return this.#trading.edit(edit);
  }

  protected override async triggerReferencePrice(market: Market, type: TriggerPriceType): Promise<number> {
    return this.#trading.referencePrice(market, type);
  }

  override fetchFundingRate(symbol: string): Promise<FundingRate> {
    return this.#derivatives.fetchFundingRate(symbol);
  }

  override fetchFundingRateHistory(symbol: string, since?: number, limit?: number): Promise<FundingRateHistoryEntry[]> {
    return this.#derivatives.fetchFundingRateHistory(symbol, since, limit);
  }

  override fetchMarkPrice(symbol: string): Promise<MarkPrice> {
    return this.#derivatives.fetchMarkPrice(symbol);
  }

  override fetchLeverage(symbol: string): Promise<Leverage> {
    return this.#derivatives.fetchLeverage(symbol);
  }

  override setMarginMode(marginMode: MarginMode, symbol: string): Promise<void> {
    return this.#derivatives.setMarginMode(marginMode, symbol);
  }

  /** Account-wide on OKX: `symbol` is not needed (and not used). */
  override setPositionMode(hedged: boolean, _symbol?: string): Promise<void> {
    return this.#derivatives.setPositionMode(hedged);
  }

  override closePosition(symbol: string, side?: 'long' | 'short'): Promise<Order[]> {
    return this.#derivatives.closePosition(symbol, side);
  }

  override fetchTradingFees(symbols?: string[]): Promise<Record<string, TradingFee>> {
    return this.#derivatives.fetchTradingFees(symbols);
  }

  /** Between the funding account (`'funding'`) and the trading account (`'trading'`). */
  override transfer(
    currency: string,
    amount: Numeric,
    from: TransferAccount,
    to: TransferAccount,
    options?: TransferOptions,
  ): Promise<TransferResult> {
    return this.#derivatives.transfer(currency, amount, from, to, options);
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  #itemError(
    item: ItemFailure,
    intent: 'create' | 'cancel',
    path: string,
    clientOrderId?: string,
  ): { error: ExchangeError; outcomeUnknown: boolean } {
    const spec = classifyOkxCode(item.sCode, item.sMsg, 200, this.environment, this.options.baseUrl, item.subCode);
    const outcomeUnknown = spec.outcomeUnknown === true;
    const error = this.error(spec.kind, {
      message: spec.message,
      exchangeCode: spec.exchangeCode,
      exchangeMessage: spec.exchangeMessage,
      hint: spec.hint,
      retryable: spec.retryable,
      request: { method: 'POST', path },
      orderState: intent === 'create' ? (outcomeUnknown ? 'unknown' : 'not-placed') : undefined,
      clientOrderId,
    });
    return { error, outcomeUnknown };
  }

  /** Position mode from /account/config, read once per instance. */
  async #positionMode(): Promise<PositionMode> {
    this.#accountConfig ??= this.call('accountConfig', { schema: accountConfigsSchema })
      .then((reply) => this.#first(reply.data, 'account config'))
      .catch((error: unknown) => {
        this.#accountConfig = undefined;
        throw error;
      });
    const config = await this.#accountConfig;
    return config.posMode === 'long_short_mode' ? 'long_short_mode' : 'net_mode';
  }

  #rememberPositionMode(posMode: PositionMode): void {
    const current = this.#accountConfig;
    this.#accountConfig = (current ?? Promise.resolve({ posMode } as OkxAccountConfig)).then(
      (config) => ({ ...config, posMode }),
      () => ({ posMode }) as OkxAccountConfig,
    );
  }

  #marginModeOf(market: Market): MarginMode {
    return this.#marginModes.get(market.symbol) ?? this.#marginMode;
  }

  #contractMarket(symbol: string, method: string): Market {
    const market = this.market(symbol);
    if (!market.contract) {
      throw this.error('BadRequest', {
        message: `${method} applies to contract markets; ${market.symbol} is spot`,
        hint: 'Use a swap or future symbol such as BTC/USDT:USDT.',
      });
    }
    return market;
  }

  #checkMarginMode(mode: unknown, orderState?: 'not-placed'): MarginMode {
    if (mode !== 'cross' && mode !== 'isolated') {
      throw this.error('BadRequest', {
        message: `marginMode must be 'cross' or 'isolated', got ${describeValue(mode)}`,
        hint: "Pass marginMode: 'cross' or 'isolated'.",
        orderState,
      });
    }
    return mode;
  }

  #positiveInteger(value: number, field: string): number {
    if (!Number.isInteger(value) || value <= 0) {
      throw this.error('BadRequest', {
        message: `${field} must be a positive integer, got ${String(value)}`,
        hint: `Pass ${field} like 100.`,
      });
    }
    return value;
  }

  #first<T>(data: readonly T[], what: string): T {
    const item = data[0];
    if (item === undefined) {
      throw this.error('BadResponse', {
        message: `OKX answered the ${what} request with empty data`,
        hint: 'OKX returned no item where one was expected; retry, and report it if it persists.',
      });
    }
    return item;
  }
}
