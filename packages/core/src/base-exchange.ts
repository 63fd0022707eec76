/**
 * What every adapter shares: options, events, the pipeline, markets, precision, order validation
 * and the idempotent create path. An adapter extends this class with its tables and the unified
 * methods its exchange offers; a method it does not override answers NotSupported.
 */
import { EventEmitter } from 'eventemitter3';
import type { ClientOrderIdGrammar } from './client-order-id.js';
import { checkClientOrderId, generateClientOrderId } from './client-order-id.js';
import {
  BadRequest,
  type ErrorKind,
  type ExchangeError,
  type ExchangeErrorDetails,
  InvalidSymbol,
  isExchangeError,
  NotSupported,
} from './errors.js';
import type { ExchangeEvents } from './events.js';
import { type AdapterSpec, type CallOptions, type EndpointDef, Pipeline } from './pipeline.js';
import { amountToPrecision, checkOrderAmount, checkOrderPrice, priceToPrecision } from './precision.js';
import type { RateCost } from './rate-limit.js';
import type { WsSpec } from './streams/contract.js';
import { StreamEngine } from './streams/engine.js';
import { resolveStreamSettings } from './streams/settings.js';
import type { Stream } from './streams/stream.js';
import type {
  BalanceQuery,
  Balances,
  Exchange,
  ExchangeCapabilities,
  ExchangeOptions,
  LeverageOptions,
  Market,
  Numeric,
  OHLCV,
  Order,
  OrderBook,
  OrderBookWatchOptions,
  OrderRequest,
  Position,
  RawRequest,
  Ticker,
  TimeInForce,
  Trade,
} from './types.js';

/** An order request after local checks: exact decimal strings, a client id, a resolved market. */
export interface PreparedOrder {
  request: OrderRequest;
  market: Market;
  symbol: string;
  type: OrderRequest['type'];
  side: OrderRequest['side'];
  /** Unified units (base, or contracts for inverse), on the step, within limits. */
  amount: string;
  /** On the tick; present for limit orders and when the caller gave one. */
  price?: string;
  clientOrderId: string;
  timeInForce: TimeInForce;
  reduceOnly: boolean;
  params: Record<string, unknown>;
}

export const NO_CAPABILITIES: Readonly<ExchangeCapabilities> = Object.freeze({
  fetchMarkets: false,
  fetchTime: false,
  fetchTicker: false,
  fetchTickers: false,
  fetchOrderBook: false,
  fetchTrades: false,
  fetchOHLCV: false,
  fetchBalance: false,
  createOrder: false,
  createOrders: false,
  cancelOrder: false,
  cancelOrders: false,
  cancelAllOrders: false,
  fetchOrder: false,
  fetchOpenOrders: false,
  fetchClosedOrders: false,
  fetchMyTrades: false,
  fetchPositions: false,
  setLeverage: false,
  spot: false,
  swap: false,
  future: false,
  demo: false,
  watchTicker: false,
  watchOrderBook: false,
  watchTrades: false,
  watchOHLCV: false,
  watchOrders: false,
  watchMyTrades: false,
  watchBalance: false,
  watchPositions: false,
});

type StreamCapability =
  | 'watchTicker'
  | 'watchOrderBook'
  | 'watchTrades'
  | 'watchOHLCV'
  | 'watchOrders'
  | 'watchMyTrades'
  | 'watchBalance'
  | 'watchPositions';

/** An adapter without streams spreads this into its `has`. */
export const NO_STREAMS: Readonly<Record<StreamCapability, false>> = Object.freeze({
  watchTicker: false,
  watchOrderBook: false,
  watchTrades: false,
  watchOHLCV: false,
  watchOrders: false,
  watchMyTrades: false,
  watchBalance: false,
  watchPositions: false,
});

/** The `has.watch*` flags of a WebSocket spec: what its channel table offers. */
export function streamCapabilities(spec: WsSpec): Readonly<Record<StreamCapability, boolean>> {
  const { channels } = spec;
  return Object.freeze({
    watchTicker: channels.ticker !== undefined,
    watchOrderBook: channels.orderBook !== undefined,
    watchTrades: channels.trades !== undefined,
    watchOHLCV: channels.ohlcv !== undefined,
    watchOrders: channels.orders !== undefined,
    // Derived from order updates where the exchange has no fills channel (WsSpec.fillsFromOrders).
    watchMyTrades: channels.myTrades !== undefined || (spec.fillsFromOrders === true && channels.orders !== undefined),
    watchBalance: channels.balance !== undefined,
    watchPositions: channels.positions !== undefined,
  });
}

const ORDER_TYPES = new Set(['limit', 'market']);
const ORDER_SIDES = new Set(['buy', 'sell']);
const TIME_IN_FORCE = new Set(['GTC', 'IOC', 'FOK', 'PO']);

export abstract class BaseExchange extends EventEmitter<ExchangeEvents> implements Exchange {
  abstract readonly id: string;
  abstract readonly has: Readonly<ExchangeCapabilities>;
  /** The exchange's client order id grammar; undefined where the API has no client ids (OKEx v1). */
  protected abstract readonly clientOrderIdGrammar: ClientOrderIdGrammar | undefined;
  /** Endpoint table, so `request()` spends from the right buckets for known paths. */
  protected abstract readonly endpoints: Readonly<Record<string, EndpointDef>>;

  protected readonly pipeline: Pipeline;
  protected readonly options: Readonly<ExchangeOptions>;
  #markets: Record<string, Market> | undefined;
  #marketsById = new Map<string, Market[]>();
  #loading: Promise<Record<string, Market>> | undefined;
  #streams: StreamEngine | undefined;

  protected constructor(options: ExchangeOptions, spec: AdapterSpec) {
    super();
    this.options = Object.freeze({ ...options, apiKey: undefined, secret: undefined, passphrase: undefined });
    this.pipeline = new Pipeline({ spec, options, events: this });
  }

  get markets(): Readonly<Record<string, Market>> | undefined {
    return this.#markets;
  }

  // ── markets ────────────────────────────────────────────────────────────────────────────────

  abstract fetchMarkets(): Promise<Market[]>;

  /** Loads markets once; concurrent callers share one request. */
  loadMarkets(reload = false): Promise<Record<string, Market>> {
    if (this.#markets && !reload) return Promise.resolve(this.#markets);
    this.#loading ??= this.fetchMarkets()
      .then((markets) => this.#storeMarkets(markets))
      .finally(() => {
        this.#loading = undefined;
      });
    return this.#loading;
  }

  /** The loaded market of a unified symbol, or InvalidSymbol naming close matches. */
  market(symbol: string): Market {
    if (!this.#markets) {
      throw new BadRequest({
        exchange: this.id,
        message: `markets are not loaded; cannot resolve ${symbol}`,
        hint: 'Call await exchange.loadMarkets() first.',
      });
    }
    const market = this.#markets[symbol];
    if (market) return market;
    const base = String(symbol).split(/[/:-]/)[0]?.toUpperCase() ?? '';
    const similar = Object.keys(this.#markets)
      .filter((known) => known.startsWith(`${base}/`))
      .slice(0, 5);
    throw new InvalidSymbol({
      exchange: this.id,
      message: `${JSON.stringify(symbol)} is not a market on ${this.id}`,
      hint:
        similar.length > 0
          ? `Did you mean ${similar.join(', ')}?`
          : 'Use a unified symbol such as BTC/USDT or BTC/USDT:USDT; exchange.markets lists them all.',
    });
  }

  /** Market by exchange id; `type` picks one where the same id names several (WEEX `ETHUSDT`). */
  protected marketById(id: string, type?: Market['type']): Market | undefined {
    const candidates = this.#marketsById.get(id);
    if (!candidates) return undefined;
    return type ? candidates.find((market) => market.type === type) : candidates[0];
  }

  /** Loads markets if needed and resolves the symbol. */
  protected async loadMarket(symbol: string): Promise<Market> {
    await this.loadMarkets();
    return this.market(symbol);
  }

  #storeMarkets(markets: Market[]): Record<string, Market> {
    const bySymbol: Record<string, Market> = {};
    const byId = new Map<string, Market[]>();
    for (const market of markets) {
      bySymbol[market.symbol] = market;
      const list = byId.get(market.id) ?? [];
      list.push(market);
      byId.set(market.id, list);
    }
    this.#markets = bySymbol;
    this.#marketsById = byId;
    return bySymbol;
  }

  // ── precision ──────────────────────────────────────────────────────────────────────────────

  amountToPrecision(symbol: string, amount: Numeric): string {
    return amountToPrecision(this.market(symbol), amount, this.id);
  }

  priceToPrecision(symbol: string, price: Numeric): string {
    return priceToPrecision(this.market(symbol), price, this.id);
  }

  // ── orders: checks and the idempotent create path ───────────────────────────────────────────

  async createOrder(request: OrderRequest): Promise<Order> {
    this.requireCapability('createOrder');
    const prepared = await this.prepareOrder(request);
    return this.pipeline.placeOrder(
      prepared.clientOrderId,
      () => this.submitOrder(prepared),
      () => this.findOrderByClientOrderId(prepared),
    );
  }

  /**
   * Places several orders. Every request is checked before anything is sent; the batches go out
   * in the exchange's batch size, and each result either is an order or carries `error`.
   */
  async createOrders(requests: OrderRequest[]): Promise<Order[]> {
    this.requireCapability('createOrders');
    if (!Array.isArray(requests) || requests.length === 0) {
      throw new BadRequest({
        exchange: this.id,
        message: 'createOrders needs a non-empty array of order requests',
        hint: 'Pass [{ symbol, type, side, amount, price }, …].',
      });
    }
    const prepared: PreparedOrder[] = [];
    for (const request of requests) prepared.push(await this.prepareOrder(request));
    const results: Order[] = [];
    for (const batch of chunk(prepared, this.maxOrdersPerBatch())) {
      results.push(...(await this.placeBatch(batch)));
    }
    return results;
  }

  /** Orders per batch request; adapters with batch endpoints override. */
  protected maxOrdersPerBatch(): number {
    return 1;
  }

  /** Sends one batch; by default the orders one at a time through the single-order path. */
  protected async placeBatch(batch: PreparedOrder[]): Promise<Order[]> {
    const results: Order[] = [];
    for (const order of batch) {
      try {
        results.push(
          await this.pipeline.placeOrder(
            order.clientOrderId,
            () => this.submitOrder(order),
            () => this.findOrderByClientOrderId(order),
          ),
        );
      } catch (error) {
        if (!isExchangeError(error)) throw error;
        results.push(this.failedOrder(order, error));
      }
    }
    return results;
  }

  /** An Order standing for a batch item that failed: the request echoed, `error` set. */
  protected failedOrder(order: PreparedOrder, error: ExchangeError): Order {
    return {
      id: '',
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      type: order.type,
      side: order.side,
      status: 'rejected',
      price: order.price === undefined ? undefined : Number(order.price),
      amount: Number(order.amount),
      filled: 0,
      remaining: Number(order.amount),
      timestamp: this.pipeline.now(),
      timeInForce: order.timeInForce,
      reduceOnly: order.reduceOnly,
      error,
      info: undefined,
    };
  }

  /** Checks an order request locally; nothing is sent when it is wrong. */
  protected async prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    if (typeof request !== 'object' || request === null) {
      throw new BadRequest({
        exchange: this.id,
        message: 'order request must be an object',
        orderState: 'not-placed',
        hint: 'Pass { symbol, type, side, amount, price? }.',
      });
    }
    const market = await this.loadMarket(request.symbol);
    if (!ORDER_TYPES.has(request.type)) throw this.badOrder(`type must be 'limit' or 'market', got ${JSON.stringify(request.type)}`);
    if (!ORDER_SIDES.has(request.side)) throw this.badOrder(`side must be 'buy' or 'sell', got ${JSON.stringify(request.side)}`);
    const timeInForce = request.timeInForce ?? (request.type === 'market' ? 'IOC' : 'GTC');
    if (!TIME_IN_FORCE.has(timeInForce)) throw this.badOrder(`timeInForce must be GTC, IOC, FOK or PO, got ${JSON.stringify(timeInForce)}`);
    if (request.type === 'market' && timeInForce === 'PO') throw this.badOrder('a market order cannot be post-only');
    if (request.type === 'limit' && (request.price === undefined || request.price === null))
      throw this.badOrder('a limit order needs a price');
    if (request.reduceOnly && market.spot) throw this.badOrder('reduceOnly applies to contract markets only');
    if (!market.active) {
      throw new InvalidSymbol({
        exchange: this.id,
        message: `${market.symbol} is not trading now`,
        orderState: 'not-placed',
        hint: 'The market is suspended or not yet listed; check exchange.markets[symbol].active.',
      });
    }
    const amount = checkOrderAmount(market, request.amount, this.id);
    const price = request.price === undefined || request.price === null ? undefined : checkOrderPrice(market, request.price, this.id);
    let clientOrderId = request.clientOrderId;
    const grammar = this.clientOrderIdGrammar;
    if (clientOrderId === undefined) clientOrderId = generateClientOrderId(grammar?.maxLength ?? 32);
    else if (grammar) checkClientOrderId(this.id, clientOrderId, grammar);
    return {
      request,
      market,
      symbol: market.symbol,
      type: request.type,
      side: request.side,
      amount,
      price,
      clientOrderId,
      timeInForce,
      reduceOnly: request.reduceOnly === true,
      params: request.params ?? {},
    };
  }

  /** One attempt at placing a checked order. */
  protected submitOrder(_order: PreparedOrder): Promise<Order> {
    throw this.notSupported('createOrder');
  }

  /** Finds an order by its client id after a lost reply; undefined when the exchange has none. */
  protected findOrderByClientOrderId(_order: PreparedOrder): Promise<Order | undefined> {
    throw this.notSupported('createOrder');
  }

  private badOrder(message: string): ExchangeError {
    return new BadRequest({ exchange: this.id, message, orderState: 'not-placed', hint: 'Fix the order request; nothing was sent.' });
  }

  // ── raw requests ─────────────────────────────────────────────────────────────────────────────

  /** A call to any endpoint through the same pipeline (signing, limits, errors). */
  async request<T = unknown>(request: RawRequest): Promise<T> {
    if (typeof request?.path !== 'string' || !request.path.startsWith('/')) {
      throw new BadRequest({
        exchange: this.id,
        message: 'request() needs a path starting with /',
        hint: "Pass { method: 'GET', path: '/api/v5/…' }.",
      });
    }
    const method = request.method ?? 'GET';
    const known = Object.entries(this.endpoints).find(([, endpoint]) => endpoint.method === method && endpoint.path === request.path);
    const auth = request.signed === undefined ? (known?.[1].auth ?? 'public') : request.signed ? 'private' : 'public';
    const endpoint: EndpointDef = known
      ? { ...known[1], auth }
      : {
          method,
          path: request.path,
          auth,
          host: this.rawHost(request.path),
          rateLimits: this.rawRateLimits(auth, request.path),
          intent: method === 'GET' ? 'read' : 'write',
        };
    return this.pipeline.call<T>(endpoint, { query: request.query, body: request.body, name: known?.[0] ?? 'request' });
  }

  /** Buckets an unknown path spends from. */
  protected abstract rawRateLimits(auth: 'public' | 'private', path: string): RateCost[];

  /** Host key (of `AdapterSpec.hosts`) an unknown path goes to; adapters with several hosts override. */
  protected rawHost(_path: string): string | undefined {
    return undefined;
  }

  /** Shorthand for adapters: a call to a named endpoint of the table. */
  protected call<T>(name: string, options: CallOptions<T> = {}): Promise<T> {
    const endpoint = this.endpoints[name];
    if (!endpoint) throw new RangeError(`${this.id}: no endpoint named ${name}`);
    return this.pipeline.call(endpoint, { name, ...options });
  }

  protected error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError {
    return this.pipeline.error(kind, details);
  }

  // ── unsupported by default ───────────────────────────────────────────────────────────────────

  protected requireCapability(method: keyof ExchangeCapabilities): void {
    if (!this.has[method]) throw this.notSupported(method);
  }

  protected notSupported(method: string, hint?: string): ExchangeError {
    return new NotSupported({
      exchange: this.id,
      message: `${method} is not supported by ${this.id}`,
      hint: hint ?? `Check exchange.has.${method} before calling; request() reaches endpoints the unified API does not cover.`,
    });
  }

  async fetchTime(): Promise<number> {
    throw this.notSupported('fetchTime');
  }
  async fetchTicker(_symbol: string): Promise<Ticker> {
    throw this.notSupported('fetchTicker');
  }
  async fetchTickers(_symbols?: string[]): Promise<Record<string, Ticker>> {
    throw this.notSupported('fetchTickers');
  }
  async fetchOrderBook(_symbol: string, _limit?: number): Promise<OrderBook> {
    throw this.notSupported('fetchOrderBook');
  }
  async fetchTrades(_symbol: string, _since?: number, _limit?: number): Promise<Trade[]> {
    throw this.notSupported('fetchTrades');
  }
  async fetchOHLCV(_symbol: string, _timeframe?: string, _since?: number, _limit?: number): Promise<OHLCV[]> {
    throw this.notSupported('fetchOHLCV');
  }
  async fetchBalance(_query?: BalanceQuery): Promise<Balances> {
    throw this.notSupported('fetchBalance');
  }
  async cancelOrder(_id: string, _symbol: string): Promise<Order> {
    throw this.notSupported('cancelOrder');
  }
  async cancelOrders(_ids: string[], _symbol: string): Promise<Order[]> {
    throw this.notSupported('cancelOrders');
  }
  async cancelAllOrders(_symbol?: string): Promise<Order[]> {
    throw this.notSupported('cancelAllOrders');
  }
  async fetchOrder(_id: string, _symbol: string): Promise<Order> {
    throw this.notSupported('fetchOrder');
  }
  async fetchOpenOrders(_symbol?: string): Promise<Order[]> {
    throw this.notSupported('fetchOpenOrders');
  }
  async fetchClosedOrders(_symbol?: string, _since?: number, _limit?: number): Promise<Order[]> {
    throw this.notSupported('fetchClosedOrders');
  }
  async fetchMyTrades(_symbol?: string, _since?: number, _limit?: number): Promise<Trade[]> {
    throw this.notSupported('fetchMyTrades');
  }
  async fetchPositions(_symbols?: string[]): Promise<Position[]> {
    throw this.notSupported('fetchPositions');
  }
  async setLeverage(_leverage: number, _symbol: string, _options?: LeverageOptions): Promise<void> {
    throw this.notSupported('setLeverage');
  }

  // ── streams (DESIGN §7) ────────────────────────────────────────────────────────────────────────

  /** The adapter's WebSocket tables (its `ws.ts`); undefined when it streams nothing. Built once, on the first watch* call. */
  protected wsSpec(): WsSpec | undefined {
    return undefined;
  }

  watchTicker(symbol: string): Stream<Ticker> {
    return this.#streamEngine('watchTicker').watchTicker(symbol);
  }
  watchOrderBook(symbol: string, options?: OrderBookWatchOptions): Stream<OrderBook> {
    return this.#streamEngine('watchOrderBook').watchOrderBook(symbol, options);
  }
  watchTrades(symbol: string): Stream<Trade> {
    return this.#streamEngine('watchTrades').watchTrades(symbol);
  }
  watchOHLCV(symbol: string, timeframe: string): Stream<OHLCV> {
    return this.#streamEngine('watchOHLCV').watchOHLCV(symbol, timeframe);
  }
  watchOrders(symbol?: string): Stream<Order> {
    return this.#streamEngine('watchOrders').watchOrders(symbol);
  }
  watchMyTrades(symbol?: string): Stream<Trade> {
    return this.#streamEngine('watchMyTrades').watchMyTrades(symbol);
  }
  watchBalance(query?: BalanceQuery): Stream<Balances> {
    return this.#streamEngine('watchBalance').watchBalance(query);
  }
  watchPositions(symbols?: string[]): Stream<Position> {
    return this.#streamEngine('watchPositions').watchPositions(symbols);
  }

  #streamEngine(method: StreamCapability): StreamEngine {
    this.requireCapability(method);
    if (this.#streams) return this.#streams;
    const spec = this.wsSpec();
    if (!spec) throw this.notSupported(method);
    const pipeline = this.pipeline;
    this.#streams = new StreamEngine({
      id: this.id,
      spec,
      settings: resolveStreamSettings(this.options.streams),
      exchange: this,
      marketsLoaded: () => this.#markets !== undefined,
      loginFrame: async () => {
        const login = spec.login;
        if (!login) throw this.notSupported(method, `${this.id} has no WebSocket login`);
        const timestampMs = await pipeline.syncedNow();
        return pipeline.withCredentials((credentials) => login(credentials, timestampMs));
      },
      upgradeHeaders: async (endpoint) => {
        const build = spec.upgradeHeaders;
        if (!build) return undefined;
        const timestampMs = await pipeline.syncedNow();
        return pipeline.withCredentials((credentials) => build(endpoint, credentials, timestampMs));
      },
      checkCredentials: () => pipeline.checkCredentials(),
      error: (kind, details) => pipeline.error(kind, details),
      log: (level, message, details) => pipeline.log(level, message, details),
      exchangeNow: () => pipeline.now(),
      resyncClock: async () => {
        if (pipeline.clockSyncEnabled) await pipeline.clock.sync('timestamp-expired');
      },
      openSocket: this.options.streams?.webSocket,
    });
    return this.#streams;
  }

  async close(): Promise<void> {
    await this.#streams?.close();
    this.pipeline.close();
    this.removeAllListeners();
  }

  // ── no secrets in inspection or JSON ─────────────────────────────────────────────────────────

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const markets = this.#markets ? Object.keys(this.#markets).length : 0;
    const where = this.options.baseUrl ? ` baseUrl=${this.options.baseUrl}` : '';
    return `${this.constructor.name} { id: '${this.id}', credentials: ${this.pipeline.hasCredentials() ? '[redacted]' : 'none'}, markets: ${markets}${where} }`;
  }

  toJSON(): Record<string, unknown> {
    return { id: this.id, markets: this.#markets ? Object.keys(this.#markets).length : 0, baseUrl: this.options.baseUrl };
  }
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) chunks.push(items.slice(i, i + Math.max(1, size)));
  return chunks;
}
