import {
  type BalanceQuery,
  type Balances,
  type CancelOptions,
  type ExchangeCapabilities,
  type ExchangeOptions,
  isExchangeError,
  type Market,
  type MarkPrice,
  NotSupported,
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
} from '@exchange-adapters/core';
import {
  type AdapterSpec,
  BaseExchange,
  type CancelItem,
  checkExchangeOptions,
  checkOrderIds,
  checkSymbol,
  formatZodError,
  loadOptionalPart,
  type MethodSignature,
  NO_CAPABILITIES,
  NO_ORDER_FEATURES,
  type ParamsRules,
  type PreparedOrder,
  type RateCost,
  reviseError,
  validate,
  type WriteTrace,
  type WsRules,
  type WsSpec,
  wireTimeframe,
} from '@exchange-adapters/core/adapter';
import { OkexV1Cancels } from './cancels.js';
import { OkexV1Derivatives } from './derivatives.js';
import {
  BUCKETS,
  ENDPOINTS,
  HOSTS,
  MAX_BATCH_ORDERS,
  MAX_CANCEL_IDS,
  type OkexV1WsUrls,
  okexV1WsUrls,
  rawRateLimits,
  V1_TIMEFRAMES,
} from './endpoints.js';
import { classifyResponse } from './errors.js';
import { FuturesDiscovery } from './futures-discovery.js';
import {
  type ContractType,
  FUTURES_COINS,
  type FuturesMarketInfo,
  isFuturesMarketInfo,
  MARKET_OPTION_RULES,
  type SpotMarketSpec,
  spotMarkets,
} from './markets.js';
import {
  normalizeBalances,
  normalizeFuturesBalances,
  normalizeFuturesTicker,
  normalizeOHLCV,
  normalizeOrderBook,
  normalizeTicker,
  normalizeTickers,
  normalizeTrades,
} from './normalize.js';
import { OkexV1OrderReads } from './order-reads.js';
import { OkexV1Placement } from './placement.js';
import type { OkexV1Port } from './port.js';
import {
  depthSchema,
  type FutureTickerWire,
  futureTickerSchema,
  futureUserinfoSchema,
  klineSchema,
  tickerSchema,
  tickersSchema,
  tradesSchema,
  userinfoSchema,
} from './schemas.js';
import { signRequest } from './signer.js';
import type { OkexV1StreamsModule } from './streams.js';
import { OKEX_V1_STREAMS, OKEX_V1_STREAMS_ENTRY, OKEX_V1_WS_RULES } from './ws-rules.js';

export interface OkexV1Options extends ExchangeOptions {
  /** Spot pairs to offer instead of the shipped table: v1 ids (`btc_usdt`) or specs with sizes and steps. */
  spotMarkets?: ReadonlyArray<string | SpotMarketSpec> | undefined;
  /** Minimum order size per base coin, merged over the shipped table: `{ ETH: 0.001 }`. */
  minOrderSizes?: Readonly<Record<string, number>> | undefined;
  /** Coins whose `<coin>_usd` futures are discovered; default btc, ltc, eth, etc, bch. `[]` skips discovery. */
  futuresCoins?: readonly string[] | undefined;
  /**
   * When futures are discovered (`future_ticker.do`, up to 3 requests per coin): `'lazy'` (default)
   * the first time a futures symbol is used, so spot programs send no futures request at all;
   * `'eager'` with `loadMarkets`. Either way a failing discovery leaves futures out with one
   * `warning` event and never fails a spot call.
   */
  futuresDiscovery?: 'lazy' | 'eager' | undefined;
}

/** Wire fields of an order the adapter writes; `params` may not set them (cost, leverage and lever_rate are read by the adapter). */
const ORDER_WIRE_FIELDS = ['symbol', 'contract_type', 'type', 'price', 'amount', 'match_price', 'api_key', 'sign', 'orders_data'];

/** Public methods this adapter adds to Exchange, guarded like the rest. */
const ADAPTER_METHODS: Readonly<Record<string, MethodSignature>> = Object.freeze({
  fetchWalletBalance: { arguments: [] },
  loadFuturesMarkets: { arguments: [] },
  fetchOrdersByIds: {
    arguments: [
      { name: 'ids', optional: false, check: checkOrderIds },
      { name: 'symbol', optional: false, check: checkSymbol },
    ],
  },
});

const SPEC: AdapterSpec = {
  id: 'okex-v1',
  name: 'OKEx',
  hosts: HOSTS,
  buckets: BUCKETS,
  credentials: ['apiKey', 'secret'],
  sign: signRequest,
  classify: classifyResponse,
  // No serverTime: v1 signs no timestamp, so there is nothing to correct (protocols/okex-v1.md §4).
};

/**
 * OKEx v1 REST (`/api/v1/*.do`), spot and dated futures, faithful to protocols/okex-v1.md.
 *
 * - Auth: `apiKey` and `secret` (no passphrase). Private calls are MD5-signed form POSTs. v1 signs no
 *   timestamp, so clock skew cannot make a request fail and there is no clock sync.
 * - Markets: spot pairs come from a shipped table (`spotMarkets`, `minOrderSizes` override it) and
 *   cost no request. Futures (`BTC/USD:BTC-190628`, inverse, amounts in contracts) are discovered
 *   through `future_ticker.do` when a futures symbol is first used (`futuresDiscovery: 'eager'`: with
 *   `loadMarkets`). A coin that answers 20028/20021 or an empty ticker has no futures; a discovery that
 *   fails (404, HTML, 5xx) leaves futures out with one `warning` event — spot never depends on it.
 *   `this_week`/`next_week`/`quarter` roll weekly: reload markets after a delivery; orders on a
 *   contract's delivery day re-check it.
 * - Market buys spend quote currency: pass `price` (price × amount is spent) or `params.cost`.
 * - Time in force: v1 has none; limit orders are GTC and market orders IOC, anything else is refused.
 * - Client order ids: v1 has none. The generated or given `clientOrderId` is kept locally and echoed
 *   on orders this instance placed. When a create reply is lost, the order is looked for among the
 *   symbol's open orders and recent history: the earliest one matching side, type, price and amount,
 *   created at or after the send time (corrected by the server time of a ticker, minus a few seconds
 *   of slack, measured on the monotonic clock), that this instance has not already handed to a caller.
 *   One → returned; none → core may resend; several (another instance of the same key, or this
 *   program restarted, placed the same order) → never claimed: `orderState: 'unknown'` with the
 *   candidates in `candidateOrders`. This is what keeps "never place twice, never claim another's
 *   order" on v1.
 * - `fetchTrades` filters by time locally: v1's `since` is a trade id.
 */
/**
 * v1 has no time in force: limits are GTC (market orders IOC). Spot limit orders of one pair go
 * out five to a `batch_trade.do` call; futures one by one. Cancels take 3 ids per call. Futures
 * close orders (types 3/4) are reduce-only. No trigger orders or attached TP/SL.
 */
const SPOT_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  ...NO_ORDER_FEATURES,
  timeInForce: Object.freeze(['GTC'] as const),
  maxCreateBatch: MAX_BATCH_ORDERS,
  maxCancelBatch: MAX_CANCEL_IDS,
});
const FUTURES_FEATURES: Readonly<OrderFeatures> = Object.freeze({
  ...SPOT_FEATURES,
  reduceOnly: true,
  maxCreateBatch: 1,
});

export class OkexV1Exchange extends BaseExchange {
  readonly id = 'okex-v1';
  readonly has: Readonly<ExchangeCapabilities> = Object.freeze({
    ...NO_CAPABILITIES,
    fetchMarkets: true,
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
    fetchPositions: true,
    // Futures close orders (types 3/4) and the futures index; the rest of the surface has no v1 form.
    closePosition: true,
    fetchMarkPrice: true,
    spot: true,
    future: true,
    ...OKEX_V1_STREAMS,
    orderFeatures: Object.freeze({ spot: SPOT_FEATURES, swap: NO_ORDER_FEATURES, future: FUTURES_FEATURES }),
  });
  protected readonly clientOrderIdGrammar = undefined;
  protected readonly endpoints = ENDPOINTS;
  /** The WebSocket URL, for streams. */
  readonly wsUrls: Readonly<OkexV1WsUrls>;

  readonly #spotSpecs: ReadonlyArray<string | SpotMarketSpec> | undefined;
  readonly #minOrderSizes: Readonly<Record<string, number>>;
  readonly #futuresCoins: readonly string[];
  readonly #futuresDiscovery: 'lazy' | 'eager';
  readonly #discovery: FuturesDiscovery;
  readonly #derivatives: OkexV1Derivatives;
  readonly #reads: OkexV1OrderReads;
  readonly #placement: OkexV1Placement;
  readonly #cancels: OkexV1Cancels;

  constructor(options: OkexV1Options = {}) {
    const checked = checkExchangeOptions<OkexV1Options>('okex-v1', options, MARKET_OPTION_RULES);
    if (checked.demo) {
      throw new NotSupported({
        exchange: 'okex-v1',
        message: 'OKEx v1 has no demo trading',
        hint: 'Use the simulator (baseUrl) to paper-trade against the v1 protocol.',
      });
    }
    super(checked, SPEC, MARKET_OPTION_RULES);
    this.wsUrls = Object.freeze(okexV1WsUrls(checked.wsUrl));
    this.#spotSpecs = checked.spotMarkets;
    this.#minOrderSizes = checked.minOrderSizes ?? {};
    this.#futuresCoins = (checked.futuresCoins ?? FUTURES_COINS).map((coin) => coin.toLowerCase());
    this.#futuresDiscovery = checked.futuresDiscovery ?? 'lazy';
    this.#discovery = new FuturesDiscovery({
      coins: this.#futuresCoins,
      ticker: (coin, contractType) => this.#discoveryTicker(coin, contractType),
      badResponse: (message, hint) => this.error('BadResponse', { message, hint }),
      warn: (event) => this.warn(event),
    });
    const port: OkexV1Port = {
      pipeline: this.pipeline,
      call: (name, callOptions) => this.call(name, callOptions),
      error: (kind, details) => this.error(kind, details),
      loadMarket: (symbol) => this.loadMarket(symbol),
      loadFuturesMarkets: () => this.loadFuturesMarkets(),
      markets: () => this.markets,
      marketById: (id, type) => this.marketById(id, type),
      futuresInfo: (market) => this.#futures(market),
      contractQuery: (market) => this.#contractQuery(market),
      fetchPositions: (symbols) => this.fetchPositions(symbols),
      createOrder: (request) => this.createOrder(request),
      placedOrder: (id) => this.#placement.placedOrder(id),
      futuresTicker: (market) => this.#futuresTicker(market),
      recentOrders: (market) => this.#reads.recentOrders(market),
      failedOrder: (order, error) => this.failedOrder(order, error),
      findOrderByClientOrderId: (order) => this.findOrderByClientOrderId(order),
    };
    this.#derivatives = new OkexV1Derivatives(port);
    this.#reads = new OkexV1OrderReads(port);
    this.#placement = new OkexV1Placement(port);
    this.#cancels = new OkexV1Cancels(port);
  }

  protected override adapterMethods(): Readonly<Record<string, MethodSignature>> {
    return ADAPTER_METHODS;
  }

  protected rawRateLimits(auth: 'public' | 'private'): RateCost[] {
    return rawRateLimits(auth);
  }

  /** What v1 streams and the `watch*` arguments it refuses (ws-rules.ts). */
  protected override wsRules(): WsRules {
    return OKEX_V1_WS_RULES;
  }

  /** Streams: v1's WebSocket tables (ws.ts, loaded with the engine) on the live socket, or wsUrl. */
  protected override async wsSpec(): Promise<WsSpec> {
    const { createOkexV1WsSpec } = await loadOptionalPart<OkexV1StreamsModule>(
      OKEX_V1_STREAMS_ENTRY,
      (name) => import(/* webpackIgnore: true */ name),
    );
    return createOkexV1WsSpec({
      urls: this.wsUrls,
      context: {
        marketById: (id, type) => this.marketById(id, type),
        markets: () => Object.values(this.markets ?? {}),
      },
    });
  }

  // ── markets ────────────────────────────────────────────────────────────────────────────────

  /** The spot table; futures too with `futuresDiscovery: 'eager'` (a failed discovery leaves them out). */
  async fetchMarkets(): Promise<Market[]> {
    const spot = spotMarkets(this.#spotSpecs, this.#minOrderSizes);
    this.#discovery.forget();
    if (this.#futuresDiscovery === 'lazy') return spot;
    return [...spot, ...(await this.#discovery.run())];
  }

  /** Resolves a symbol; a futures symbol not yet known triggers futures discovery once. */
  protected override async loadMarket(symbol: string): Promise<Market> {
    await this.loadMarkets();
    if (isFuturesSymbol(symbol) && !this.markets?.[symbol]) await this.loadFuturesMarkets();
    return this.market(symbol);
  }

  override market(symbol: string): Market {
    try {
      return super.market(symbol);
    } catch (error) {
      if (!isFuturesSymbol(symbol) || !isExchangeError(error, 'InvalidSymbol')) throw error;
      throw reviseError(error, { hint: this.#discovery.hint });
    }
  }

  /**
   * Discovers the futures contracts now, if not done yet, and adds them to `markets`. Never throws:
   * a failure leaves futures out and emits one `warning` event; it is tried again a minute later.
   */
  async loadFuturesMarkets(): Promise<void> {
    await this.loadMarkets();
    if (!this.#discovery.due) return;
    const markets = await this.#discovery.run();
    if (markets.length > 0) this.addMarkets(markets);
  }

  /** One discovery ticker; undefined when the contract does not exist. */
  async #discoveryTicker(coin: string, contractType: ContractType): Promise<FutureTickerWire | undefined> {
    let body: unknown;
    try {
      body = await this.call('future_ticker', { query: { symbol: `${coin}_usd`, contract_type: contractType } });
    } catch (error) {
      // No such contract / no index: this coin has no futures here (the simulator answers 20028).
      if (isExchangeError(error) && (error.exchangeCode === '20028' || error.exchangeCode === '20021')) return undefined;
      throw error;
    }
    return this.#readFuturesTicker(body);
  }

  /** A discovery ticker, or undefined when it is empty (no contract). */
  #readFuturesTicker(body: unknown): FutureTickerWire | undefined {
    const ticker = isRecord(body) ? body.ticker : undefined;
    if (!isRecord(ticker) || ticker.contract_id === undefined || ticker.contract_id === null || Number(ticker.contract_id) === 0)
      return undefined;
    if (this.options.validateResponses === false) return body as FutureTickerWire;
    const parsed = validate(futureTickerSchema, body);
    if (parsed.success) return parsed.data;
    throw this.error('BadResponse', {
      message: `the reply of GET ${ENDPOINTS.future_ticker.path} does not have the expected shape: ${formatZodError(parsed.error)}`,
      hint: 'OKEx changed or truncated this payload; pass futuresCoins: [] to skip futures discovery.',
    });
  }

  #futures(market: Market): FuturesMarketInfo {
    if (!isFuturesMarketInfo(market.info)) {
      throw this.error('BadRequest', {
        message: `${market.symbol} is not a v1 futures market`,
        hint: 'Use a futures symbol such as BTC/USD:BTC-190628 from exchange.markets.',
      });
    }
    return market.info;
  }

  #contractQuery(market: Market): { symbol: string; contract_type: string } {
    const info = this.#futures(market);
    return { symbol: info.pair, contract_type: info.contractType };
  }

  // ── market data ────────────────────────────────────────────────────────────────────────────

  override async fetchTicker(symbol: string): Promise<Ticker> {
    const market = await this.loadMarket(symbol);
    if (market.spot) {
      const wire = await this.call('ticker', { query: { symbol: market.id }, schema: tickerSchema });
      this.#placement.noteServerTime(wire.date);
      return normalizeTicker(wire, market.symbol);
    }
    const wire = await this.#futuresTicker(market);
    return normalizeFuturesTicker(wire, market.symbol, market.contractSize ?? 0);
  }

  /** A contract's ticker; fails when `contract_type` now names another contract (after a delivery). */
  async #futuresTicker(market: Market): Promise<FutureTickerWire> {
    const wire = await this.call('future_ticker', { query: this.#contractQuery(market), schema: futureTickerSchema });
    const current = String(wire.ticker.contract_id);
    if (current !== market.id) {
      throw this.error('InvalidSymbol', {
        message: `${market.symbol} has been delivered: ${this.#futures(market).contractType} is now contract ${current}`,
        hint: 'Call loadMarkets(true) to pick up the new contracts.',
      });
    }
    return wire;
  }

  /** Spot tickers in one `tickers.do` call; futures tickers, one call each, only when asked for by symbol. */
  override async fetchTickers(symbols?: string[]): Promise<Record<string, Ticker>> {
    await this.loadMarkets();
    const wanted = symbols && (await Promise.all(symbols.map((symbol) => this.loadMarket(symbol))));
    const result: Record<string, Ticker> = {};
    if (!wanted || wanted.some((market) => market.spot)) {
      const wire = await this.call('tickers', { schema: tickersSchema });
      const all = normalizeTickers(wire, (pair) => this.marketById(pair, 'spot')?.symbol);
      for (const [symbol, ticker] of Object.entries(all)) {
        if (!wanted || wanted.some((market) => market.symbol === symbol)) result[symbol] = ticker;
      }
    }
    for (const market of wanted ?? []) {
      if (!market.spot) result[market.symbol] = await this.fetchTicker(market.symbol);
    }
    return result;
  }

  /** `limit` is the depth per side, 1–200 (v1's `size`). */
  override async fetchOrderBook(symbol: string, limit?: number): Promise<OrderBook> {
    const market = await this.loadMarket(symbol);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 200)) {
      throw this.error('BadRequest', {
        message: `order book limit must be a whole number from 1 to 200, got ${limit}`,
        hint: 'v1 returns at most 200 levels per side.',
      });
    }
    const query = market.spot ? { symbol: market.id, size: limit } : { ...this.#contractQuery(market), size: limit };
    const wire = await this.call(market.spot ? 'depth' : 'future_depth', { query, schema: depthSchema });
    return normalizeOrderBook(wire, market.symbol);
  }

  /** Recent public trades; `since` (ms) and `limit` apply locally, since v1's `since` is a trade id. */
  override async fetchTrades(symbol: string, since?: number, limit?: number): Promise<Trade[]> {
    const market = await this.loadMarket(symbol);
    const wire = market.spot
      ? await this.call('trades', { query: { symbol: market.id }, schema: tradesSchema })
      : await this.call('future_trades', { query: this.#contractQuery(market), schema: tradesSchema });
    let trades = normalizeTrades(wire, market.symbol, market.spot ? undefined : market.contractSize).sort(
      (a, b) => a.timestamp - b.timestamp,
    );
    if (since !== undefined) trades = trades.filter((trade) => trade.timestamp >= since);
    return limit === undefined ? trades : trades.slice(-limit);
  }

  /** Candles oldest first; futures volume is in contracts (the market's amount unit). */
  override async fetchOHLCV(symbol: string, timeframe = '1m', since?: number, limit?: number): Promise<OHLCV[]> {
    const market = await this.loadMarket(symbol);
    const type = wireTimeframe(this.id, V1_TIMEFRAMES, timeframe);
    const wire = market.spot
      ? await this.call('kline', { query: { symbol: market.id, type, size: limit, since }, schema: klineSchema })
      : await this.call('future_kline', { query: { ...this.#contractQuery(market), type, size: limit, since }, schema: klineSchema });
    return normalizeOHLCV(wire);
  }

  // ── balances ───────────────────────────────────────────────────────────────────────────────

  /** `spot` (default): the spot account (`userinfo.do`); `swap`: the cross-margin futures account. */
  override async fetchBalance(query: BalanceQuery = {}): Promise<Balances> {
    const type = query.type ?? 'spot';
    if (type === 'spot') return normalizeBalances(await this.call('userinfo', { schema: userinfoSchema }));
    if (type === 'swap') return normalizeFuturesBalances(await this.call('future_userinfo', { schema: futureUserinfoSchema }));
    throw this.error('BadRequest', {
      message: `balance type must be 'spot' or 'swap', got ${JSON.stringify(type)}`,
      hint: "Use 'spot' for the spot account or 'swap' for the futures account.",
    });
  }

  /** The wallet (funding) account, `wallet_info.do`. */
  async fetchWalletBalance(): Promise<Balances> {
    return normalizeBalances(await this.call('wallet_info', { schema: userinfoSchema }));
  }

  // ── orders: placing and lost replies (placement.ts) ────────────────────────────────────────

  protected override orderParamsRules(): Omit<ParamsRules, 'orderState'> {
    return { owned: ORDER_WIRE_FIELDS, encoding: 'form' };
  }

  protected override async prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    return this.#placement.checkPrepared(await super.prepareOrder(request));
  }

  protected override submitOrder(order: PreparedOrder): Promise<Order> {
    return this.#placement.submitOrder(order);
  }

  /**
   * After a lost create reply: the order among the symbol's open and recent orders that matches
   * what was sent, created after the send, and not already handed to a caller (placement.ts).
   */
  protected override findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined> {
    return this.#placement.findOrderByClientOrderId(order);
  }

  /** Spot limit orders of one pair go out together through `batch_trade.do`; the rest one by one. */
  protected override placeBatch(batch: PreparedOrder[]): Promise<Order[]> {
    return this.#placement.placeBatch(batch, (orders) => super.placeBatch(orders));
  }

  // ── orders: reading (order-reads.ts) ───────────────────────────────────────────────────────

  override fetchOrder(id: string, symbol: string): Promise<Order> {
    return this.#reads.fetchOrder(id, symbol);
  }

  /** Orders by id, up to 50 per call (`orders_info.do` / `future_orders_info.do`), in the order given; unknown ids are left out. */
  fetchOrdersByIds(ids: string[], symbol: string): Promise<Order[]> {
    return this.#reads.fetchOrdersByIds(ids, symbol);
  }

  /** Open orders of one symbol (`order_info.do` with order_id −1; futures paged by 50). */
  override async fetchOpenOrders(symbol?: string, scope?: OrderScope): Promise<Order[]> {
    this.refuseTriggerScope('fetchOpenOrders', scope);
    return this.#reads.fetchOpenOrders(symbol);
  }

  /**
   * Finished orders of one symbol, oldest first. Spot reads `order_history.do` (the last 2 days
   * only), futures the filled orders of `future_order_info.do`. With `since`, the first `limit`
   * after it; without, the latest `limit`.
   */
  override fetchClosedOrders(symbol?: string, since?: number, limit?: number): Promise<Order[]> {
    return this.#reads.fetchClosedOrders(symbol, since, limit);
  }

  /**
   * Orders by id for reads after a cancel: one id through `order_info.do` (any state, one call),
   * more 50 per `orders_info.do` / `future_orders_info.do` call.
   */
  protected override readOrders(market: Market, ids: readonly string[]): Promise<Map<string, Order>> {
    return this.#reads.readOrders(market, ids);
  }

  // ── orders: cancelling (cancels.ts) ────────────────────────────────────────────────────────

  /**
   * One `cancel_order.do` / `future_cancel.do` call for up to 3 ids; v1's client ids are added for
   * orders this instance placed.
   */
  protected override sendCancel(market: Market, ids: readonly string[], trace: WriteTrace): Promise<CancelItem[]> {
    return this.#cancels.sendCancel(market, ids, trace);
  }

  /** v1 ids are numbers; anything else is refused before a cancel batch starts. */
  protected override checkOrderId(id: unknown, method: string): string {
    return this.#reads.orderId(super.checkOrderId(id, method));
  }

  /**
   * Cancels every open order of one symbol: the open orders are read (v1 has no cancel-all), then
   * cancelled 3 per call; results keep what the read said that a cancel cannot change.
   */
  override async cancelAllOrders(symbol?: string, options: CancelOptions = {}): Promise<OrderAck[]> {
    this.refuseTriggerBatch('cancelAllOrders', options);
    const market = await this.loadMarket(this.#reads.requireSymbol('cancelAllOrders', symbol));
    const open = await this.fetchOpenOrders(market.symbol);
    if (open.length === 0) return [];
    const snapshot = new Map(open.map((order) => [order.id, order]));
    return this.cancelIds(
      market,
      open.map((order) => order.id),
      options,
      snapshot,
    );
  }

  // ── positions, futures close orders and index (derivatives.ts) ─────────────────────────────

  /**
   * Cross-margin positions (`future_position.do`), one call per contract (all futures markets by
   * default). Unrealized PnL is computed from the contract's last price, in the coin.
   */
  override fetchPositions(symbols?: string[]): Promise<Position[]> {
    return this.#derivatives.fetchPositions(symbols);
  }

  /** Closes a futures position with close orders (type 3 long, 4 short) at the best price. */
  override closePosition(symbol: string, side?: 'long' | 'short'): Promise<Order[]> {
    return this.#derivatives.closePosition(symbol, side);
  }

  /** The futures index (`future_index.do`); v1 has no mark price. */
  override fetchMarkPrice(symbol: string): Promise<MarkPrice> {
    return this.#derivatives.fetchMarkPrice(symbol);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** v1 futures symbols carry the settle currency and expiry after a colon: `BTC/USD:BTC-190628`. */
/** v1 futures are inverse and dated, `BTC/USD:BTC-190628`: only such a symbol can start a discovery. */
const FUTURES_SYMBOL = /^([A-Z0-9]{1,10})\/USD:\1-\d{6}$/;

function isFuturesSymbol(symbol: unknown): boolean {
  return typeof symbol === 'string' && FUTURES_SYMBOL.test(symbol);
}
