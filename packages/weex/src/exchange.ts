/**
 * `WeexExchange`: the unified API over WEEX V3 spot (/api/v3) and USDT-margined futures
 * (/capi/v3). Wire details live in endpoints.ts, signer.ts, errors.ts, schemas.ts and
 * normalize.ts; orders are placed in placement.ts, read in order-reads.ts and cancelled in
 * cancels.ts, the rest of the futures surface is derivatives.ts; this file decides which endpoint
 * answers which unified call.
 */
import {
  type BalanceQuery,
  type Balances,
  type CancelOptions,
  type ExchangeCapabilities,
  type ExchangeOptions,
  type FundingRate,
  type FundingRateHistoryEntry,
  isExchangeError,
  type Leverage,
  type LeverageOptions,
  type MarginMode,
  type Market,
  type MarkPrice,
  type OHLCV,
  type Order,
  type OrderAck,
  type OrderBook,
  type OrderFeatures,
  type OrderScope,
  type Position,
  type Ticker,
  type Trade,
  type TradingFee,
  type TriggerPriceType,
  timeframeToMs,
} from '@exchange-adapters/core';
import {
  type AdapterSpec,
  BaseExchange,
  type CancelItem,
  type ClientOrderIdGrammar,
  type EndpointDef,
  loadOptionalPart,
  NO_CAPABILITIES,
  NO_ORDER_FEATURES,
  type ParamsRules,
  type PreparedOrder,
  type RateCost,
  reviseError,
  type WriteTrace,
  type WsRules,
  type WsSpec,
  wireTimeframe,
} from '@exchange-adapters/core/adapter';
import { WeexCancels } from './cancels.js';
import { WeexDerivatives } from './derivatives.js';
import {
  BUCKETS,
  CONTRACT_TIMEFRAMES,
  DEMO_ENDPOINTS,
  ENDPOINTS,
  type EndpointName,
  HOSTS,
  hostOfPath,
  MAX_IDS_PER_BATCH_CANCEL,
  rateLimitsOfPath,
  SPOT_TIMEFRAMES,
  type WeexWsUrls,
  weexWsUrls,
} from './endpoints.js';
import { classifyResponse, SIZE_LIMIT_CODES } from './errors.js';
import {
  parseCandle,
  parseContractBalances,
  parseContractMarket,
  parseOrderBook,
  parsePosition,
  parsePublicTrade,
  parseSpotBalances,
  parseSpotMarket,
  parseTicker,
  toNumber,
} from './normalize.js';
import { WeexOrderReads } from './order-reads.js';
import { ORDER_WIRE_FIELDS, WeexPlacement } from './placement.js';
import type { MarketKind, WeexPort } from './port.js';
import {
  bookTickerReplySchema,
  contractBalancesSchema,
  contractExchangeInfoSchema,
  klinesSchema,
  orderBookSchema,
  positionsSchema,
  publicTradesSchema,
  serverTimeSchema,
  spotAccountSchema,
  spotExchangeInfoSchema,
  tickerReplySchema,
} from './schemas.js';
import { signRequest } from './signer.js';
import type { WeexStreamsModule } from './streams.js';
import { WEEX_STREAMS, WEEX_STREAMS_ENTRY, weexWsRules } from './ws-rules.js';

/** ≤ 36 of `[A-Za-z0-9_-]`: WEEX's error text says 40, Weex.Net cuts at 36 (protocols/weex.md §3.8). */
export const CLIENT_ORDER_ID_GRAMMAR: ClientOrderIdGrammar = {
  maxLength: 36,
  pattern: /^[A-Za-z0-9_-]{1,36}$/,
  description: '1–36 characters of letters, digits, _ and -',
};

/** The pipeline spec of WEEX: hosts, buckets, signer, classifier, server time. */
export const WEEX_SPEC: AdapterSpec = {
  id: 'weex',
  name: 'WEEX',
  hosts: HOSTS,
  buckets: BUCKETS,
  credentials: ['apiKey', 'secret', 'passphrase'],
  sign: signRequest,
  classify: classifyResponse,
  // Spot and futures share one clock (§3.1); the spot endpoint is public in demo mode too.
  serverTime: { endpoint: ENDPOINTS.spotTime, parse: (body) => Number((body as { serverTime?: unknown } | undefined)?.serverTime) },
  timestampWindowMs: 30_000,
  // WEEX expects a User-Agent (§2.1).
  headers: { 'user-agent': 'exchange-adapters-weex/0.1' },
};

/**
 * Spot takes GTC, IOC and FOK limits (§3); futures also POST_ONLY (WEEX V3 `timeInForce`, as
 * Weex.Net sends it for maker-only futures orders), reduce-only, conditional orders (algoOrder)
 * and TP/SL trigger prices on orders, watching the last price and executing at market (§3.8).
 * Orders are placed one per request (V3 has no batch place); cancels take 50 ids (§3.10).
 */
const SPOT_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  ...NO_ORDER_FEATURES,
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK'] as const),
  maxCreateBatch: 1,
  maxCancelBatch: MAX_IDS_PER_BATCH_CANCEL,
});
const FUTURES_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  timeInForce: Object.freeze(['GTC', 'IOC', 'FOK', 'PO'] as const),
  postOnly: true,
  reduceOnly: true,
  maxCreateBatch: 1,
  maxCancelBatch: MAX_IDS_PER_BATCH_CANCEL,
  triggerPrice: true,
  stopLoss: true,
  takeProfit: true,
  triggerPriceTypes: Object.freeze(['last'] as const),
  attachedLimitPrice: false,
});

const CAPABILITIES: Readonly<ExchangeCapabilities> = Object.freeze({
  ...NO_CAPABILITIES,
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
  // No V3 endpoint amends an order (only modifyTpSlOrder, for TP/SL plans).
  editOrder: false,
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
  // V3 documents only the transfer history (GET /api/v3/account/transferRecords), no transfer.
  transfer: false,
  spot: true,
  swap: true,
  demo: true,
  ...WEEX_STREAMS,
  orderFeatures: Object.freeze({ spot: SPOT_FEATURES, swap: FUTURES_FEATURES, future: NO_ORDER_FEATURES }),
});

/**
 * Demo trading (/capi/v3/sim/*) has futures balance, positions, order placement, single cancel,
 * order detail and history only (DEMO_ENDPOINTS), no spot and no private WebSocket: every method
 * and field that would answer NotSupported there is marked false, so `has` tells the truth.
 */
const DEMO_CAPABILITIES: Readonly<ExchangeCapabilities> = Object.freeze({
  ...CAPABILITIES,
  fetchOpenOrders: false,
  fetchMyTrades: false,
  cancelAllOrders: false,
  setLeverage: false,
  fetchLeverage: false,
  setMarginMode: false,
  setPositionMode: false,
  closePosition: false,
  fetchTradingFees: false,
  createTriggerOrder: false,
  watchOrders: false,
  watchMyTrades: false,
  watchBalance: false,
  watchPositions: false,
  orderFeatures: Object.freeze({
    spot: NO_ORDER_FEATURES,
    // cancelOrders still works: one single cancel per id.
    swap: Object.freeze({ ...FUTURES_FEATURES, triggerPrice: false, maxCancelBatch: 1 }),
    future: NO_ORDER_FEATURES,
  }),
});

/** WEEX takes the options every exchange takes (`ExchangeOptions`); named for `createExchange('weex', …)`. */
export interface WeexExchangeOptions extends ExchangeOptions {}

const DEMO_HINT =
  'WEEX demo trading (/capi/v3/sim/*) documents balance, positions, order placement, cancel, detail and history only; use request() for other sim endpoints or demo: false.';

export class WeexExchange extends BaseExchange {
  readonly id = 'weex';
  /** What this instance supports: demo mode (`demo: true`) offers less than live trading. */
  readonly has: Readonly<ExchangeCapabilities>;
  protected readonly clientOrderIdGrammar: ClientOrderIdGrammar = CLIENT_ORDER_ID_GRAMMAR;
  protected readonly endpoints: Readonly<Record<string, EndpointDef>> = ENDPOINTS;
  readonly #demo: boolean;
  readonly #placement: WeexPlacement;
  readonly #reads: WeexOrderReads;
  readonly #cancels: WeexCancels;
  readonly #derivatives: WeexDerivatives;
  /** WebSocket URLs per socket kind (spot and futures hosts), for streams. */
  readonly wsUrls: Readonly<WeexWsUrls>;

  constructor(options: WeexExchangeOptions = {}) {
    super(options, WEEX_SPEC);
    this.#demo = this.options.demo === true;
    this.has = this.#demo ? DEMO_CAPABILITIES : CAPABILITIES;
    this.wsUrls = Object.freeze(weexWsUrls(this.options.wsUrl));
    const port: WeexPort = {
      id: this.id,
      pipeline: this.pipeline,
      call: (name, callOptions) => this.call(name, callOptions),
      error: (kind, details) => this.error(kind, details),
      loadMarket: (symbol) => this.loadMarket(symbol),
      loadMarkets: () => this.loadMarkets(),
      contract: (name, method) => this.#contract(name, method),
      wireSymbol: (market) => this.#wireSymbol(market),
      symbolOf: (id, kind = 'swap') => this.#symbolOf(id, kind),
      fetchPositions: (symbols) => this.fetchPositions(symbols),
      createOrder: (request) => this.createOrder(request),
      requireLiveSpot: (method) => this.#requireLiveSpot(method),
      requireLive: (method) => {
        if (this.#demo) throw this.notSupported(method, DEMO_HINT);
      },
    };
    this.#placement = new WeexPlacement(port);
    this.#reads = new WeexOrderReads(port);
    this.#cancels = new WeexCancels(port);
    this.#derivatives = new WeexDerivatives(port);
  }

  /** What WEEX streams on this instance's hosts and the `watch*` arguments it refuses (ws-rules.ts). */
  protected override wsRules(): WsRules {
    return weexWsRules(this.wsUrls, this.#demo);
  }

  /** Streams: WEEX's WebSocket tables (ws.ts, loaded with the engine) on this instance's hosts (or wsUrl). */
  protected override async wsSpec(): Promise<WsSpec> {
    const { createWeexWsSpec } = await loadOptionalPart<WeexStreamsModule>(
      WEEX_STREAMS_ENTRY,
      (name) => import(/* webpackIgnore: true */ name),
    );
    return createWeexWsSpec({
      urls: this.wsUrls,
      demo: this.#demo,
      userAgent: WEEX_SPEC.headers?.['user-agent'] ?? 'exchange-adapters-weex',
      context: { marketById: (id, type) => this.marketById(id, type) },
    });
  }

  // ── public data ────────────────────────────────────────────────────────────────────────────

  override async fetchTime(): Promise<number> {
    const reply = await this.call('spotTime', { schema: serverTimeSchema });
    return Number(reply.serverTime);
  }

  /** Spot and futures markets; `ETHUSDT` names both, as `ETH/USDT` and `ETH/USDT:USDT`. */
  async fetchMarkets(): Promise<Market[]> {
    const [spot, contract] = await Promise.all([
      this.call('spotExchangeInfo', { schema: spotExchangeInfoSchema }),
      this.call('contractExchangeInfo', { schema: contractExchangeInfoSchema }),
    ]);
    return [...spot.symbols.map(parseSpotMarket), ...contract.symbols.map(parseContractMarket)];
  }

  override async fetchTicker(symbol: string): Promise<Ticker> {
    const market = await this.loadMarket(symbol);
    const query = { symbol: market.id };
    if (market.spot) {
      const reply = await this.call('spotTicker24hr', { query, schema: tickerReplySchema, symbol: market.id });
      return parseTicker(this.#requireItem(findBySymbol(reply, market.id), market), market.symbol, this.pipeline.now());
    }
    // The futures 24 h ticker has no bid/ask; the book ticker supplies them.
    const [tickers, books] = await Promise.all([
      this.call('contractTicker24hr', { query, schema: tickerReplySchema, symbol: market.id }),
      this.call('contractBookTicker', { query, schema: bookTickerReplySchema, symbol: market.id }),
    ]);
    return parseTicker(
      this.#requireItem(findBySymbol(tickers, market.id), market),
      market.symbol,
      this.pipeline.now(),
      findBySymbol(books, market.id),
    );
  }

  override async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    await this.loadMarkets();
    const markets = symbols?.map((symbol) => this.market(symbol));
    const wanted = markets && new Set(markets.map((market) => market.symbol));
    const wantSpot = !markets || markets.some((market) => market.type === 'spot');
    const wantSwap = !markets || markets.some((market) => market.type === 'swap');
    const [spotTickers, contractTickers, books] = await Promise.all([
      wantSpot ? this.call('spotTicker24hr', { schema: tickerReplySchema }) : undefined,
      wantSwap ? this.call('contractTicker24hr', { schema: tickerReplySchema }) : undefined,
      wantSwap ? this.call('contractBookTicker', { schema: bookTickerReplySchema }) : undefined,
    ]);
    const now = this.pipeline.now();
    const result: Record<string, Ticker> = {};
    for (const raw of asArray(spotTickers)) {
      const market = this.marketById(raw.symbol, 'spot');
      if (market && (!wanted || wanted.has(market.symbol))) result[market.symbol] = parseTicker(raw, market.symbol, now);
    }
    const bookById = new Map(asArray(books).map((book) => [book.symbol, book]));
    for (const raw of asArray(contractTickers)) {
      const market = this.marketById(raw.symbol, 'swap');
      if (market && (!wanted || wanted.has(market.symbol)))
        result[market.symbol] = parseTicker(raw, market.symbol, now, bookById.get(raw.symbol));
    }
    return result;
  }

  /** WEEX serves 15 or 200 levels (§3.4): the smallest depth that covers `limit`, cut to it. */
  override async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook> {
    this.#checkLimit('fetchOrderBook', limit);
    const market = await this.loadMarket(symbol);
    const depth = limit === undefined || limit <= 15 ? 15 : 200;
    const reply = await this.call(market.spot ? 'spotDepth' : 'contractDepth', {
      query: { symbol: market.id, limit: depth },
      schema: orderBookSchema,
      symbol: market.id,
    });
    return parseOrderBook(reply, market.symbol, limit);
  }

  /** Recent trades, oldest first; WEEX takes no start time, so `since` filters what it returns. */
  override async fetchTrades(symbol: string, since?: number, limit?: number): Promise<Trade[]> {
    this.#checkLimit('fetchTrades', limit);
    const market = await this.loadMarket(symbol);
    const query = { symbol: market.id, limit: limit === undefined ? undefined : Math.min(limit, 1000) };
    const reply = await this.call(market.spot ? 'spotTrades' : 'contractTrades', { query, schema: publicTradesSchema, symbol: market.id });
    const trades = reply.map((raw) => parsePublicTrade(raw, market.symbol)).sort((a, b) => a.timestamp - b.timestamp);
    return since === undefined ? trades : trades.filter((trade) => trade.timestamp >= since);
  }

  /**
   * Candles, oldest first. Futures with `since` read the history endpoint (≤ 100 rows from
   * `since`); spot klines take no start time, so `since` filters the latest rows.
   */
  override async fetchOHLCV(symbol: string, timeframe = '1m', since?: number, limit?: number): Promise<OHLCV[]> {
    this.#checkLimit('fetchOHLCV', limit);
    const market = await this.loadMarket(symbol);
    const interval = wireTimeframe(this.id, market.spot ? SPOT_TIMEFRAMES : CONTRACT_TIMEFRAMES, timeframe);
    let rows: Array<Array<string | number>>;
    if (market.spot) {
      const rowLimit = since !== undefined ? 300 : limit === undefined ? undefined : Math.min(limit, 300);
      rows = await this.call('spotKlines', {
        query: { symbol: market.id, interval, limit: rowLimit },
        schema: klinesSchema,
        symbol: market.id,
      });
    } else if (since !== undefined) {
      const count = Math.min(limit ?? 100, 100);
      const query = {
        symbol: market.id,
        interval,
        startTime: since,
        endTime: since + count * timeframeToMs(timeframe),
        limit: count,
        priceType: 'LAST',
      };
      rows = await this.call('contractHistoryKlines', { query, schema: klinesSchema, symbol: market.id });
    } else {
      rows = await this.call('contractKlines', {
        query: { symbol: market.id, interval, limit: limit === undefined ? undefined : Math.min(limit, 1000) },
        schema: klinesSchema,
        symbol: market.id,
      });
    }
    let candles = rows.map(parseCandle).sort((a, b) => a[0] - b[0]);
    if (since !== undefined) candles = candles.filter((candle) => candle[0] >= since);
    if (limit !== undefined) candles = since === undefined ? candles.slice(-limit) : candles.slice(0, limit);
    return candles;
  }

  // ── account ────────────────────────────────────────────────────────────────────────────────

  /**
   * `{ type: 'swap' }` reads the futures account; the default is the spot account, or in demo mode
   * (which has no spot) the futures account.
   */
  override async fetchBalance(query: BalanceQuery = {}): Promise<Balances> {
    const type = query.type ?? (this.#demo ? 'swap' : 'spot');
    if (type === 'swap') {
      return parseContractBalances(await this.call(this.#contract('contractBalance', 'fetchBalance'), { schema: contractBalancesSchema }));
    }
    if (type !== 'spot') {
      throw this.error('BadRequest', {
        message: `fetchBalance type must be 'spot' or 'swap', got ${JSON.stringify(type)}`,
        hint: "WEEX keeps a spot account and a futures account: pass { type: 'spot' } or { type: 'swap' }.",
      });
    }
    this.#requireLiveSpot('fetchBalance');
    return parseSpotBalances(await this.call('spotAccount', { schema: spotAccountSchema }));
  }

  /** Open positions (size ≠ 0) of the futures account; in hedge mode a symbol may have a long and a short. */
  override async fetchPositions(symbols?: string[]): Promise<Position[]> {
    await this.loadMarkets();
    const wanted = symbols && new Set(symbols.map((symbol) => this.market(symbol).symbol));
    const reply = await this.call(this.#contract('contractPositions', 'fetchPositions'), { schema: positionsSchema });
    return reply
      .filter((raw) => toNumber(raw.size) !== 0)
      .map((raw) => parsePosition(raw, this.#symbolOf(raw.symbol, 'swap')))
      .filter((position) => !wanted || wanted.has(position.symbol));
  }

  /**
   * Sets the leverage of a futures market. Without `marginMode` the market's current mode is read
   * first, so cross leverage is not sent to an isolated position or the other way round.
   */
  override setLeverage(leverage: number, symbol: string, options: LeverageOptions = {}): Promise<void> {
    return this.#derivatives.setLeverage(leverage, symbol, options);
  }

  // ── orders ─────────────────────────────────────────────────────────────────────────────────

  protected override orderParamsRules(): Omit<ParamsRules, 'orderState'> {
    return { owned: ORDER_WIRE_FIELDS, encoding: 'json' };
  }

  protected override async submitOrder(order: PreparedOrder): Promise<Order> {
    try {
      if (order.triggerPrice !== undefined) return await this.#derivatives.submitTrigger(order);
      return order.market.spot ? await this.#placement.submitSpot(order) : await this.#placement.submitContract(order);
    } catch (error) {
      throw this.#withSizeLimits(error, order.market);
    }
  }

  protected override async findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined> {
    if (order.triggerPrice !== undefined) return this.#derivatives.findTrigger(order);
    return this.#placement.findByClientOrderId(order);
  }

  override async fetchOrder(id: string, symbol: string): Promise<Order> {
    this.checkOrderId(id, 'fetchOrder');
    return this.#reads.fetchOrder(id, symbol);
  }

  /** `{ trigger: true }`: waiting conditional orders and TP/SL plans (futures). */
  override async fetchOpenOrders(symbol?: string, scope: OrderScope = {}): Promise<Order[]> {
    if (scope.trigger) return this.#derivatives.fetchOpenTriggers(symbol === undefined ? undefined : await this.loadMarket(symbol));
    return this.#reads.fetchOpenOrders(symbol);
  }

  /** Finished orders of one market, oldest first; WEEX's spot history needs a symbol. */
  override async fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]> {
    this.#checkLimit('fetchClosedOrders', limit);
    return this.#reads.fetchClosedOrders(symbol, since, limit);
  }

  /** The account's fills in one market, oldest first. */
  override async fetchMyTrades(symbol?: string, since?: number, limit?: number): Promise<Trade[]> {
    this.#checkLimit('fetchMyTrades', limit);
    return this.#reads.fetchMyTrades(symbol, since, limit);
  }

  // ── cancels ────────────────────────────────────────────────────────────────────────────────

  /** `cancelOrder(id, symbol, { trigger: true })`: a conditional order (futures). */
  protected override cancelTriggerOrder(id: string, market: Market): Promise<OrderAck> {
    return this.#derivatives.cancelTrigger(id, market);
  }

  /** The single or the batch cancel (cancels.ts). */
  protected override async sendCancel(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    return this.#cancels.send(market, ids, trace);
  }

  /**
   * Cancels every open order of a market with one request. Without a symbol the open orders of
   * both accounts are read first (spot cancel-all needs a symbol), then each market with open
   * orders is cancelled, keeping what the read said that a cancel cannot change.
   */
  override async cancelAllOrders(symbol?: string, options: CancelOptions = {}): Promise<OrderAck[]> {
    this.refuseTriggerBatch('cancelAllOrders', options);
    if (symbol !== undefined) return this.#cancelAllOf(await this.loadMarket(symbol), options);
    await this.loadMarkets();
    this.#requireLiveSpot('cancelAllOrders');
    const open = await this.fetchOpenOrders();
    const results: OrderAck[] = [];
    for (const openSymbol of new Set(open.map((order) => order.symbol))) {
      const market = this.markets?.[openSymbol];
      if (!market) continue;
      const snapshot = new Map(open.filter((order) => order.symbol === openSymbol).map((order) => [order.id, order]));
      results.push(...(await this.#cancelAllOf(market, options, snapshot)));
    }
    return results;
  }

  async #cancelAllOf(market: Market, options: CancelOptions, snapshot?: ReadonlyMap<string, Order>): Promise<OrderAck[]> {
    const trace: WriteTrace = { outcomeUnknown: false };
    const items = await this.#cancels.cancelAll(market, trace);
    return this.settleCancels(market, items, trace, options, snapshot);
  }

  // ── the rest of the trading surface (derivatives.ts) ───────────────────────────────────────

  protected override triggerReferencePrice(market: Market, _type: TriggerPriceType): Promise<number> {
    return this.#derivatives.lastPrice(market);
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

  /** Per symbol on WEEX: `symbol` is required. */
  override setPositionMode(hedged: boolean, symbol?: string): Promise<void> {
    return this.#derivatives.setPositionMode(hedged, symbol);
  }

  override closePosition(symbol: string, side?: 'long' | 'short'): Promise<Order[]> {
    return this.#derivatives.closePosition(symbol, side);
  }

  override fetchTradingFees(symbols?: string[]): Promise<Record<string, TradingFee>> {
    return this.#derivatives.fetchTradingFees(symbols);
  }

  protected override unsupportedHint(method: string): string | undefined {
    if (method === 'transfer') {
      return 'WEEX V3 documents no transfer between the spot and futures accounts (only their history, GET /api/v3/account/transferRecords); move funds on the WEEX website.';
    }
    // Marked false for this instance only (DEMO_CAPABILITIES): live trading has it.
    if (this.#demo && CAPABILITIES[method as keyof ExchangeCapabilities] === true) return DEMO_HINT;
    return undefined;
  }

  // ── raw requests ───────────────────────────────────────────────────────────────────────────

  /** `/capi/*` paths go to the futures host, everything else to the spot host. */
  protected override rawHost(path: string): string {
    return hostOfPath(path);
  }

  protected rawRateLimits(auth: 'public' | 'private', path: string): RateCost[] {
    return rateLimitsOfPath(path, auth);
  }

  // ── helpers ────────────────────────────────────────────────────────────────────────────────

  /** A futures endpoint, or its /sim/ twin in demo mode; NotSupported when demo has none. */
  #contract(name: EndpointName, method: string): EndpointName {
    if (!this.#demo) return name;
    const demoName = DEMO_ENDPOINTS[name];
    if (!demoName) throw this.notSupported(method, DEMO_HINT);
    return demoName;
  }

  #requireLiveSpot(method: string): void {
    if (this.#demo)
      throw this.notSupported(
        method,
        'WEEX offers demo trading for futures only (/capi/v3/sim/*); spot account and order calls need demo: false.',
      );
  }

  /** Demo futures trade `<BASE>SUSDT` instead of `<BASE>USDT` (§1). */
  #wireSymbol(market: Market): string {
    return this.#demo && market.contract ? `${market.base}S${market.quote}` : market.id;
  }

  #symbolOf(id: string, kind: MarketKind): string {
    const market =
      this.marketById(id, kind) ?? (this.#demo && kind === 'swap' ? this.marketById(id.replace(/S(USDT)$/, '$1'), kind) : undefined);
    return market?.symbol ?? id;
  }

  #requireItem<T>(item: T | undefined, market: Market): T {
    if (item === undefined) {
      throw this.error('BadResponse', {
        message: `WEEX returned no ticker for ${market.id}`,
        hint: 'The market may have been delisted; reload markets with loadMarkets(true).',
      });
    }
    return item;
  }

  #checkLimit(method: string, limit: number | undefined): void {
    if (limit !== undefined && (!Number.isInteger(limit) || limit <= 0)) {
      throw this.error('BadRequest', {
        message: `${method}: limit must be a positive whole number, got ${limit}`,
        hint: 'Pass a limit such as 100, or leave it out.',
      });
    }
  }

  /** WEEX's size errors do not state the limits; the market does (43006/43007, -3007). */
  #withSizeLimits(error: unknown, market: Market): unknown {
    if (!isExchangeError(error) || !error.exchangeCode || !SIZE_LIMIT_CODES.has(error.exchangeCode)) return error;
    const { min, max } = market.limits.amount;
    return reviseError(error, {
      hint: `${market.symbol} accepts orders from ${min ?? 0} to ${max ?? 'no stated maximum'} ${market.base}; markets may have changed, reload them with loadMarkets(true).`,
    });
  }
}

function asArray<T>(reply: T | T[] | undefined): T[] {
  if (reply === undefined) return [];
  return Array.isArray(reply) ? reply : [reply];
}

function findBySymbol<T extends { symbol: string }>(reply: T | T[] | undefined, id: string): T | undefined {
  return asArray(reply).find((item) => item.symbol === id);
}
