/**
 * What every adapter shares: options, events, the pipeline, markets, precision, order validation
 * and the idempotent create path. An adapter extends this class with its tables and the unified
 * methods its exchange offers; a method it does not override answers NotSupported.
 *
 * The class holds the state and the hooks adapters override; the work is in modules named for it
 * (method-guard.ts, markets.ts, order-checks.ts, order-batches.ts, writes.ts, streams/), which
 * reach the hooks through `this`.
 */
import { EventEmitter } from 'eventemitter3';
import { checkRawRequest, METHOD_ARGUMENTS, type MethodSignature, ownValue, type ParamsRules } from './arguments.js';
import { startStackAtCaller } from './caller-stack.js';
import type { StreamCapability } from './capabilities.js';
import type { ClientOrderIdGrammar } from './client-order-id.js';
import {
  BadRequest,
  type ErrorKind,
  type ExchangeError,
  type ExchangeErrorDetails,
  isExchangeError,
  NotSupported,
  reviseError,
} from './errors.js';
import type { ExchangeEvents, WarningEvent } from './events.js';
import { emitToListeners } from './listeners.js';
import { indexMarkets, resolveMarket } from './markets.js';
import { guardPublicMethods } from './method-guard.js';
import { checkExchangeOptions, type OptionRules } from './options.js';
import { chunk, failedOrder, placeOneByOne } from './order-batches.js';
import { type OrderChecks, type PreparedEdit, type PreparedOrder, prepareEdit, prepareOrder } from './order-checks.js';
import type { OrderFeature } from './order-request.js';
import { type AdapterSpec, type CallOptions, type EndpointDef, Pipeline, type WriteTrace } from './pipeline.js';
import { amountToPrecision, priceToPrecision } from './precision.js';
import type { RateCost } from './rate-limit.js';
import type { WsRules, WsSpec } from './streams/contract.js';
import { StreamFront, type StreamFrontHost, wsRulesOf } from './streams/front.js';
import { pipelineStreamHooks } from './streams/pipeline-host.js';
import { resolveStreamSettings } from './streams/settings.js';
import type { Stream } from './streams/stream.js';
import { NO_ORDER_FEATURES } from './triggers.js';
import type {
  BalanceQuery,
  Balances,
  CancelOptions,
  CapabilityName,
  Exchange,
  ExchangeCapabilities,
  ExchangeOptions,
  FundingRate,
  FundingRateHistoryEntry,
  Leverage,
  LeverageOptions,
  MarginMode,
  Market,
  MarkPrice,
  Numeric,
  OHLCV,
  Order,
  OrderAck,
  OrderBook,
  OrderBookWatchOptions,
  OrderEdit,
  OrderFeatures,
  OrderRequest,
  OrderScope,
  Position,
  RawRequest,
  Ticker,
  Trade,
  TradingFee,
  TransferAccount,
  TransferOptions,
  TransferResult,
  TriggerPriceType,
} from './types.js';
import { type AfterWriteDeps, type CancelItem, cancelInRequests, readAfterWrite, readOrdersOneByOne, settleCancels } from './writes.js';

export abstract class BaseExchange extends EventEmitter<ExchangeEvents> implements Exchange {
  abstract readonly id: string;
  abstract readonly has: Readonly<ExchangeCapabilities>;
  /** The exchange's client order id grammar; undefined where the API has no client ids (OKEx v1). */
  protected abstract readonly clientOrderIdGrammar: ClientOrderIdGrammar | undefined;
  /** Endpoint table, so `request()` spends from the right buckets for known paths. */
  protected abstract readonly endpoints: Readonly<Record<string, EndpointDef>>;

  /**
   * The request pipeline (signing, rate limits, retries, error mapping) every call of this instance goes
   * through.
   */
  protected readonly pipeline: Pipeline;
  /** The options as checked at construction. */
  protected readonly options: Readonly<ExchangeOptions>;
  #markets: Record<string, Market> | undefined;
  #marketsById = new Map<string, Market[]>();
  #loading: Promise<Record<string, Market>> | undefined;
  #streams: StreamFront | undefined;

  /**
   * `optionRules` checks the adapter's own options; together with the shared ones they are every
   * option the exchange accepts, so a misspelt one is BadRequest here rather than ignored.
   */
  protected constructor(options: ExchangeOptions, spec: AdapterSpec, optionRules: OptionRules = {}) {
    super();
    let checked: ExchangeOptions;
    try {
      checked = checkExchangeOptions(spec.id, options, optionRules);
    } catch (error) {
      throw startStackAtCaller(error, new.target);
    }
    this.options = Object.freeze({ ...checked, apiKey: undefined, secret: undefined, passphrase: undefined });
    this.pipeline = new Pipeline({ spec, options: checked, events: this });
    this.#guardPublicMethods();
  }

  /** Signatures of public methods an adapter adds beyond `Exchange`; they are guarded like the rest. */
  protected adapterMethods(): Readonly<Record<string, MethodSignature>> {
    return {};
  }

  /**
   * Puts the argument check (arguments.ts) in front of every public method: a method the exchange
   * lacks answers NotSupported, a bad argument BadRequest, before any adapter code runs, and every
   * error leaving the method has the credentials masked and its stack starting at the caller's
   * code (startStackAtCaller). The adapter's own method is called unchanged otherwise.
   */
  #guardPublicMethods(): void {
    guardPublicMethods(
      this,
      { ...METHOD_ARGUMENTS, ...this.adapterMethods() },
      {
        notSupported: (name) => this.notSupported(name, this.unsupportedHint(name)),
        redact: (error) => this.pipeline.redactor.error(error),
      },
    );
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
    return resolveMarket(this.id, this.#markets, symbol);
  }

  /** Market by exchange id; `type` picks one where the same id names several (WEEX `ETHUSDT`). */
  protected marketById(id: string, type?: Market['type']): Market | undefined {
    const candidates = this.#marketsById.get(id);
    if (!candidates) return undefined;
    return type ? candidates.find((market) => market.type === type) : candidates[0];
  }

  /** Loads markets if needed and resolves the symbol. */
  protected loadMarket(symbol: string): Promise<Market> {
    // Loaded: resolved at once, without the promise and the wait of loading them.
    if (!this.#markets) return this.loadMarkets().then(() => this.market(symbol));
    try {
      return Promise.resolve(this.market(symbol));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * Adds markets found after loading (OKEx v1 discovers futures when one is first used); a market
   * with a known symbol replaces it. Markets must be loaded.
   */
  protected addMarkets(markets: readonly Market[]): void {
    if (!this.#markets) throw new RangeError(`${this.id}: addMarkets before loadMarkets`);
    const kept = Object.values(this.#markets).filter((known) => !markets.some((market) => market.symbol === known.symbol));
    this.#storeMarkets([...kept, ...markets]);
  }

  #storeMarkets(markets: readonly Market[]): Record<string, Market> {
    const { bySymbol, byId } = indexMarkets(markets);
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
    const prepared = await this.#prepare(request);
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
    for (const request of requests) prepared.push(await this.#prepare(request));
    const results: Order[] = [];
    for (const batch of chunk(prepared, this.maxOrdersPerBatch())) {
      results.push(...(await this.placeBatch(batch)));
    }
    return results;
  }

  /** prepareOrder, with every refusal saying that nothing was placed. */
  async #prepare(request: OrderRequest): Promise<PreparedOrder> {
    try {
      return await this.prepareOrder(request);
    } catch (error) {
      if (isExchangeError(error) && error.orderState === undefined) throw reviseError(error, { orderState: 'not-placed' });
      throw error;
    }
  }

  /**
   * Orders per chunk of `createOrders`: the largest `has.orderFeatures[type].maxCreateBatch`.
   * `placeBatch` groups a chunk further where the exchange batches per market or order type.
   */
  protected maxOrdersPerBatch(): number {
    const { spot, swap, future } = this.has.orderFeatures;
    return Math.max(1, spot.maxCreateBatch, swap.maxCreateBatch, future.maxCreateBatch);
  }

  /** Sends one batch; by default the orders one at a time through the single-order path. */
  protected placeBatch(batch: PreparedOrder[]): Promise<Order[]> {
    return placeOneByOne(
      batch,
      (order) =>
        this.pipeline.placeOrder(
          order.clientOrderId,
          () => this.submitOrder(order),
          () => this.findOrderByClientOrderId(order),
        ),
      (order, error) => this.failedOrder(order, error),
    );
  }

  /** An Order standing for a batch item that failed: the request echoed, `error` set. */
  protected failedOrder(order: PreparedOrder, error: ExchangeError): Order {
    return failedOrder(order, error, this.pipeline.now());
  }

  /**
   * Checks an order request locally; nothing is sent when it is wrong. Unknown fields are
   * BadRequest and order features the adapter does not implement on this market NotSupported:
   * never dropped, since an order without its trigger price is a different order.
   */
  protected prepareOrder(request: OrderRequest): Promise<PreparedOrder> {
    return prepareOrder(request, this.#orderChecks());
  }

  /** What order-checks.ts needs of this exchange: its tables and the hooks adapters override. */
  #orderChecks(): OrderChecks {
    return {
      id: this.id,
      demo: this.options.demo,
      clientOrderIdGrammar: this.clientOrderIdGrammar,
      loadMarket: (symbol) => this.loadMarket(symbol),
      orderFeatures: (market) => this.#orderFeatures(market),
      supportsOrderFeature: (feature, market) => this.supportsOrderFeature(feature, market),
      orderParamsRules: (market) => this.orderParamsRules(market),
      triggerReferencePrice: (market, type) => this.triggerReferencePrice(market, type),
      badOrder: (message) => this.badOrder(message),
    };
  }

  /** The order features (`has.orderFeatures`) of a market's type. */
  #orderFeatures(market: Market): OrderFeatures {
    return this.has.orderFeatures?.[market.type] ?? NO_ORDER_FEATURES;
  }

  /**
   * Whether this adapter implements an order feature (a trigger price, an attached stop-loss…) on
   * a market. Triggers and attached TP/SL follow `has.orderFeatures` of the market's type (their
   * values arrive checked in `PreparedOrder`); an adapter implementing another feature says so
   * here and reads its value from `PreparedOrder.features`.
   */
  protected supportsOrderFeature(feature: OrderFeature, market: Market): boolean {
    const features = this.#orderFeatures(market);
    switch (feature) {
      case 'triggerPrice':
      case 'triggerDirection':
      case 'triggerPriceType':
        return features.triggerPrice;
      case 'stopLoss':
        return features.stopLoss;
      case 'takeProfit':
        return features.takeProfit;
      default:
        return false;
    }
  }

  /**
   * What an order's `params` may hold: the wire fields the adapter writes itself are refused (a
   * `clOrdId` in params would defeat the lost-reply lookup, an `sz` the size checks). Adapters
   * list theirs; the encoding says whether nested values can be sent at all.
   */
  protected orderParamsRules(_market: Market): Omit<ParamsRules, 'orderState'> {
    return { owned: [], encoding: 'json' };
  }

  /**
   * The price a trigger watches, now; read before a trigger order (or TP/SL on a market order) is
   * sent, so one that would fire at once is refused locally. Adapters with trigger orders override.
   */
  protected triggerReferencePrice(_market: Market, _type: TriggerPriceType): Promise<number> {
    throw this.notSupported('createTriggerOrder');
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

  // ── cancels: one request per batch, settled by the write rule (writes.ts) ────────────────────

  /**
   * Cancels one order with one request. Resolves with the order as the acknowledgement describes
   * it (`OrderAck`); throws the exchange's refusal. After a lost reply, a retry that meets "already
   * cancelled" or fails outright reads the order and resolves when it is cancelled.
   */
  async cancelOrder(id: string, symbol: string, options: CancelOptions = {}): Promise<OrderAck> {
    this.requireCapability('cancelOrder');
    const orderId = this.checkOrderId(id, 'cancelOrder');
    // Refused before the market is even loaded where the exchange has no trigger orders at all.
    if (options.trigger && !this.has.createTriggerOrder) throw this.#noTriggerOrders('cancelOrder');
    const market = await this.loadMarket(symbol);
    if (options.trigger) return this.cancelTriggerOrder(orderId, market);
    const [ack] = await this.cancelIds(market, [orderId], options);
    if (!ack) throw this.error('BadResponse', { message: `the cancel of order ${orderId} produced no result` });
    if (ack.error) throw ack.error;
    return ack;
  }

  /** Cancels orders of one market, one request per exchange batch; a refused id carries `error`. */
  async cancelOrders(ids: string[], symbol: string, options: CancelOptions = {}): Promise<OrderAck[]> {
    this.requireCapability('cancelOrders');
    this.refuseTriggerBatch('cancelOrders', options);
    if (!Array.isArray(ids) || ids.length === 0) {
      throw this.error('BadRequest', {
        message: 'cancelOrders needs a non-empty array of order ids',
        hint: 'Pass the ids as returned by createOrder, and the symbol.',
      });
    }
    const orderIds = ids.map((id) => this.checkOrderId(id, 'cancelOrders'));
    const market = await this.loadMarket(symbol);
    return this.cancelIds(market, orderIds, options);
  }

  /**
   * Cancels `ids` of one market in chunks of the exchange's batch size. `snapshot` (open orders
   * read for the same call) adds what cannot have changed since, such as side and price.
   */
  protected cancelIds(
    market: Market,
    ids: readonly string[],
    options: CancelOptions,
    snapshot?: ReadonlyMap<string, Order>,
  ): Promise<OrderAck[]> {
    return cancelInRequests(ids, {
      perRequest: () => this.maxCancelsPerRequest(market),
      send: (part, trace) => this.sendCancel(market, part, trace),
      settle: (items, trace) => this.settleCancels(market, items, trace, options, snapshot),
    });
  }

  /**
   * Cancels a trigger (algo / conditional) order: `cancelOrder(id, symbol, { trigger: true })`.
   * Adapters whose exchange has trigger orders override.
   */
  protected cancelTriggerOrder(_id: string, _market: Market): Promise<OrderAck> {
    throw this.#noTriggerOrders('cancelOrder');
  }

  #noTriggerOrders(method: string): ExchangeError {
    return this.notSupported(
      `${method} with { trigger: true }`,
      `${this.id} has no trigger orders (exchange.has.createTriggerOrder is false); leave out the trigger option for orders on the book.`,
    );
  }

  /** Trigger orders are cancelled one at a time: a batch of their ids must not reach the order endpoints. */
  protected refuseTriggerBatch(method: string, options: CancelOptions | undefined): void {
    if (options?.trigger) {
      throw this.notSupported(
        `${method} with { trigger: true }`,
        'Cancel trigger orders one at a time with cancelOrder(id, symbol, { trigger: true }).',
      );
    }
  }

  /** Applies the write rule to what a cancel request said (for cancel endpoints of their own shape). */
  protected settleCancels(
    market: Market,
    items: readonly CancelItem[],
    trace: WriteTrace,
    options: CancelOptions,
    snapshot?: ReadonlyMap<string, Order>,
  ): Promise<OrderAck[]> {
    return settleCancels(items, trace, options, { ...this.#afterWriteDeps(market), snapshot });
  }

  /** Orders read after a write; a failure leaves them out and emits one `warning`, never throws. */
  protected readAfterWrite(market: Market, ids: readonly string[], purpose: string): Promise<Map<string, Order>> {
    return readAfterWrite(ids, purpose, this.#afterWriteDeps(market));
  }

  #afterWriteDeps(market: Market): AfterWriteDeps {
    return {
      market,
      readOrders: (ids) => this.readOrders(market, ids),
      warn: (event) => this.warn(event),
    };
  }

  /** Ids per cancel request: `has.orderFeatures[market.type].maxCancelBatch` (0: no cancels there). */
  protected maxCancelsPerRequest(market: Market): number {
    const size = this.#orderFeatures(market).maxCancelBatch;
    if (size >= 1) return size;
    throw new NotSupported({
      exchange: this.id,
      message: `${this.id} has no cancels on ${market.type} markets such as ${market.symbol}${this.options.demo ? ' in demo mode' : ''}`,
      hint: `exchange.has.orderFeatures.${market.type}.maxCancelBatch is 0 on this instance; nothing was sent.`,
    });
  }

  /**
   * One cancel request for at most `maxCancelsPerRequest` ids, passing `trace` to the pipeline.
   * Returns what the reply says per id; throws for failures of the request as a whole.
   */
  protected sendCancel(_market: Market, _ids: readonly string[], _trace: WriteTrace): Promise<CancelItem[]> {
    throw this.notSupported('cancelOrder');
  }

  /**
   * Orders by id, for reads after a write; ids the exchange does not know are left out. By default
   * one `fetchOrder` each; adapters with a multi-id read override.
   */
  protected readOrders(market: Market, ids: readonly string[]): Promise<Map<string, Order>> {
    return readOrdersOneByOne(ids, (id) => this.fetchOrder(id, market.symbol));
  }

  /** An order id argument as a string, or `BadRequest` naming the method. */
  protected checkOrderId(id: unknown, method: string): string {
    if (typeof id !== 'string' || id.trim() === '') {
      throw this.error('BadRequest', {
        message: `${method}: order id must be a non-empty string, got ${JSON.stringify(id)}`,
        hint: 'Pass Order.id as returned by createOrder or fetchOpenOrders (ids are strings: some exceed 2^53).',
      });
    }
    return id;
  }

  /** Emits a `warning` event: something went wrong that the call absorbed. */
  protected warn(event: Omit<WarningEvent, 'exchange'>): void {
    emitToListeners<ExchangeEvents, 'warning'>(this, 'warning', { exchange: this.id, ...event });
  }

  // ── amendments ──────────────────────────────────────────────────────────────────────────────

  async editOrder(id: string, symbol: string, edit: OrderEdit): Promise<Order> {
    this.requireCapability('editOrder');
    return this.submitEdit(await this.prepareEdit(id, symbol, edit));
  }

  /** Checks an amendment locally (lot, tick, limits); nothing is sent when it is wrong. */
  protected prepareEdit(id: string, symbol: string, edit: OrderEdit): Promise<PreparedEdit> {
    return prepareEdit(id, symbol, edit, this.#orderChecks());
  }

  /** Sends a checked amendment; adapters whose exchange amends in place override. */
  protected submitEdit(_edit: PreparedEdit): Promise<Order> {
    throw this.notSupported('editOrder');
  }

  // ── raw requests ─────────────────────────────────────────────────────────────────────────────

  /** A call to any endpoint through the same pipeline (signing, limits, errors). */
  async request<T = unknown>(request: RawRequest): Promise<T> {
    const { method, path, query, body, signed } = checkRawRequest(request, this.id);
    const known = Object.entries(this.endpoints).find(([, endpoint]) => endpoint.method === method && endpoint.path === path);
    const auth = signed === undefined ? (known?.[1].auth ?? 'public') : signed ? 'private' : 'public';
    const endpoint: EndpointDef = known
      ? { ...known[1], auth }
      : {
          method,
          path,
          auth,
          host: this.rawHost(path),
          rateLimits: this.rawRateLimits(auth, path),
          intent: method === 'GET' ? 'read' : 'write',
          bigIntegers: true,
        };
    return this.pipeline.call<T>(endpoint, { query, body, name: known?.[0] ?? 'request' });
  }

  /** Buckets an unknown path spends from. */
  protected abstract rawRateLimits(auth: 'public' | 'private', path: string): RateCost[];

  /** Host key (of `AdapterSpec.hosts`) an unknown path goes to; adapters with several hosts override. */
  protected rawHost(_path: string): string | undefined {
    return undefined;
  }

  /** Shorthand for adapters: a call to a named endpoint of the table. */
  protected call<T>(name: string, options: CallOptions<T> = {}): Promise<T> {
    const endpoint = ownValue(this.endpoints, name);
    if (!endpoint) throw new RangeError(`${this.id}: no endpoint named ${name}`);
    return this.pipeline.call(endpoint, { name, ...options });
  }

  /** An error of `kind` for this exchange. */
  protected error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError {
    return this.pipeline.error(kind, details);
  }

  // ── unsupported by default ───────────────────────────────────────────────────────────────────

  /** Throws `NotSupported` when `has[method]` is false. */
  protected requireCapability(method: CapabilityName): void {
    if (!this.has[method]) throw this.notSupported(method);
  }

  /**
   * Refuses `{ trigger: true }` on an adapter without trigger orders, so a program asking for
   * trigger orders is never handed plain ones (adapters call it first in fetchOpenOrders/cancelOrder).
   */
  protected refuseTriggerScope(method: string, scope: OrderScope | undefined): void {
    if (scope?.trigger && !this.has.createTriggerOrder) {
      throw this.notSupported(
        `${method} with { trigger: true }`,
        `${this.id} has no trigger orders (exchange.has.createTriggerOrder is false).`,
      );
    }
  }

  /**
   * Why this exchange lacks a method `has` marks false, when there is more to say than "check
   * exchange.has" (WEEX documents no transfer endpoint…); the guard puts it in the NotSupported hint.
   */
  protected unsupportedHint(_method: string): string | undefined {
    return undefined;
  }

  /** The `NotSupported` error of a method, with a hint (`check exchange.has…` by default). */
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
  async cancelAllOrders(_symbol?: string, _options?: CancelOptions): Promise<OrderAck[]> {
    throw this.notSupported('cancelAllOrders');
  }
  async fetchOrder(_id: string, _symbol: string): Promise<Order> {
    throw this.notSupported('fetchOrder');
  }
  async fetchOpenOrders(_symbol?: string, _scope?: OrderScope): Promise<Order[]> {
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
  async fetchLeverage(_symbol: string): Promise<Leverage> {
    throw this.notSupported('fetchLeverage');
  }
  async setMarginMode(_marginMode: MarginMode, _symbol: string): Promise<void> {
    throw this.notSupported('setMarginMode');
  }
  async setPositionMode(_hedged: boolean, _symbol?: string): Promise<void> {
    throw this.notSupported('setPositionMode');
  }
  async closePosition(_symbol: string, _side?: 'long' | 'short'): Promise<Order[]> {
    throw this.notSupported('closePosition');
  }
  async fetchFundingRate(_symbol: string): Promise<FundingRate> {
    throw this.notSupported('fetchFundingRate');
  }
  async fetchFundingRateHistory(_symbol: string, _since?: number, _limit?: number): Promise<FundingRateHistoryEntry[]> {
    throw this.notSupported('fetchFundingRateHistory');
  }
  async fetchMarkPrice(_symbol: string): Promise<MarkPrice> {
    throw this.notSupported('fetchMarkPrice');
  }
  async fetchTradingFees(_symbols?: string[]): Promise<Record<string, TradingFee>> {
    throw this.notSupported('fetchTradingFees');
  }
  async fetchTradingFee(symbol: string): Promise<TradingFee> {
    this.requireCapability('fetchTradingFees');
    const market = await this.loadMarket(symbol);
    const fee = (await this.fetchTradingFees([market.symbol]))[market.symbol];
    if (!fee) {
      throw new BadRequest({
        exchange: this.id,
        message: `${this.id} reported no fee for ${market.symbol}`,
        hint: 'fetchTradingFees() lists the fees the exchange reports.',
      });
    }
    return fee;
  }
  async transfer(
    _currency: string,
    _amount: Numeric,
    _from: TransferAccount,
    _to: TransferAccount,
    _options?: TransferOptions,
  ): Promise<TransferResult> {
    throw this.notSupported('transfer');
  }

  // ── streams (DESIGN §7) ────────────────────────────────────────────────────────────────────────

  /**
   * What the adapter streams and the arguments it refuses (its `ws-rules.ts`), known without its
   * spec; undefined when it streams nothing, or when `wsSpec()` answers synchronously.
   */
  protected wsRules(): WsRules | undefined {
    return undefined;
  }

  /**
   * The adapter's WebSocket tables (its `ws.ts`), asked for when the first stream starts: a promise
   * when the adapter loads them from its `/streams` subpath (with `wsRules()`), or the spec itself,
   * whose builders then also serve as the argument checks. Undefined when it streams nothing.
   */
  protected wsSpec(): WsSpec | Promise<WsSpec> | undefined {
    return undefined;
  }

  watchTicker(symbol: string): Stream<Ticker> {
    return this.#streamFront('watchTicker').watchTicker(symbol);
  }
  watchOrderBook(symbol: string, options?: OrderBookWatchOptions): Stream<OrderBook> {
    return this.#streamFront('watchOrderBook').watchOrderBook(symbol, options);
  }
  watchTrades(symbol: string): Stream<Trade> {
    return this.#streamFront('watchTrades').watchTrades(symbol);
  }
  watchOHLCV(symbol: string, timeframe: string): Stream<OHLCV> {
    return this.#streamFront('watchOHLCV').watchOHLCV(symbol, timeframe);
  }
  watchOrders(symbol?: string): Stream<Order> {
    return this.#streamFront('watchOrders').watchOrders(symbol);
  }
  watchMyTrades(symbol?: string): Stream<Trade> {
    return this.#streamFront('watchMyTrades').watchMyTrades(symbol);
  }
  watchBalance(query?: BalanceQuery): Stream<Balances> {
    return this.#streamFront('watchBalance').watchBalance(query);
  }
  watchPositions(symbols?: string[]): Stream<Position> {
    return this.#streamFront('watchPositions').watchPositions(symbols);
  }

  #streamFront(method: StreamCapability): StreamFront {
    this.requireCapability(method);
    if (this.#streams) return this.#streams;
    this.#streams = new StreamFront({
      id: this.id,
      ...this.#streamTables(method),
      settings: resolveStreamSettings(this.options.streams),
      exchange: this,
      marketsLoaded: () => this.#markets !== undefined,
      ...pipelineStreamHooks(this.pipeline, () => this.notSupported(method, `${this.id} has no WebSocket login`)),
      openSocket: this.options.streams?.webSocket,
    });
    return this.#streams;
  }

  /** The adapter's rules and the loader of its spec; a spec given synchronously serves as its own rules. */
  #streamTables(method: StreamCapability): Pick<StreamFrontHost, 'rules' | 'loadSpec'> {
    const rules = this.wsRules();
    if (rules) {
      return {
        rules,
        loadSpec: async () => {
          const spec = await this.wsSpec();
          if (!spec) throw this.notSupported(method);
          return spec;
        },
      };
    }
    const spec = this.wsSpec();
    if (!spec || spec instanceof Promise) throw this.notSupported(method);
    return { rules: wsRulesOf(spec), loadSpec: () => Promise.resolve(spec) };
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

  /** Id, number of loaded markets and `baseUrl`: never credentials. */
  toJSON(): Record<string, unknown> {
    return { id: this.id, markets: this.#markets ? Object.keys(this.#markets).length : 0, baseUrl: this.options.baseUrl };
  }
}
