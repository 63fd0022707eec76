/**
 * WEEX V3 front-end: spot `/api/v3/*` and futures `/capi/v3/*` (protocols/weex.md §3–§5).
 * Bare payloads on success, `{"code": <negative>, "msg"}` on errors, HTTP 429 when the 500-weight
 * per 10 s budget (per IP for public endpoints, per UID for signed ones) runs out.
 */
import { type Fixed, formatFixed, isMultipleOf } from '../../decimal.js';
import { type BarSpec, barAfter, barOpenTimes, DURATION, fixedBar, monthBar } from '../../engine/bars.js';
import type { MarketSpec } from '../../engine/markets.js';
import { type Account, isOpen, type Order, type PlaceRejection, type PositionSide } from '../../engine/venue.js';
import { isWireObject, type JsonValue, num, parseWireJson, wireText } from '../../json.js';
import type { Prng } from '../../random.js';
import {
  admit,
  type FrontEnd,
  type FrontEndContext,
  header,
  intParam,
  json,
  positiveDecimal,
  type SimReply,
  type SimRequest,
  timeParam,
} from '../common.js';
import { weexAuthenticate, weexError } from './auth.js';
import { parseOrderLegs, WeexDerivativeRoutes } from './derivatives.js';
import * as format from './format.js';
import { marketBySymbol, symbolOf } from './format.js';
import { badParam, badSymbol, type Call, type Method, missing, ok, type Route } from './route.js';

const WINDOW_MS = 10_000;
const WEIGHT_LIMIT = 500;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,40}$/;

export const SPOT_INTERVALS: Record<string, BarSpec> = {
  '1m': fixedBar(DURATION.MINUTE),
  '5m': fixedBar(5 * DURATION.MINUTE),
  '15m': fixedBar(15 * DURATION.MINUTE),
  '30m': fixedBar(30 * DURATION.MINUTE),
  '1h': fixedBar(DURATION.HOUR),
  '2h': fixedBar(2 * DURATION.HOUR),
  '4h': fixedBar(4 * DURATION.HOUR),
  '6h': fixedBar(6 * DURATION.HOUR),
  '8h': fixedBar(8 * DURATION.HOUR),
  '12h': fixedBar(12 * DURATION.HOUR),
  '1d': fixedBar(DURATION.DAY),
  '1w': fixedBar(7 * DURATION.DAY),
  '1M': monthBar(1),
};
export const FUTURES_INTERVALS = ['1m', '5m', '15m', '30m', '1h', '4h', '12h', '1d', '1w'];

export class WeexFrontEnd implements FrontEnd {
  readonly id = 'weex' as const;
  readonly #context: FrontEndContext;
  readonly #routes = new Map<string, Route>();
  readonly #paths = new Set<string>();
  /** Futures margin type per account and symbol (CROSSED unless changed). */
  readonly #marginTypes = new Map<string, 'CROSSED' | 'ISOLATED'>();
  /** Futures position combine type per account and symbol (COMBINED unless changed). */
  readonly #separatedTypes = new Map<string, 'COMBINED' | 'SEPARATED'>();

  constructor(context: FrontEndContext) {
    this.#context = context;
    for (const route of this.#table()) {
      this.#routes.set(`${route.method} ${route.path}`, route);
      this.#paths.add(route.path);
    }
  }

  handles(path: string): boolean {
    return path.startsWith('/api/v3/') || path.startsWith('/capi/v3/');
  }

  rateLimitReply(): SimReply {
    return json(429, { code: 429, msg: 'Too many requests' });
  }

  unavailableReply(prng: Prng): SimReply {
    return prng.int(2) === 0
      ? weexError(-1054, 'System error, please retry later', 503)
      : weexError(-1054, 'System error, please retry later', 500);
  }

  handle(request: SimRequest): SimReply {
    if (!this.#paths.has(request.path)) {
      // No WEEX capture of an unknown path exists; this is the Spring Boot default error body the
      // -1150 message ("Request method 'POST' not supported") suggests the gateway runs on.
      return json(404, { timestamp: new Date(request.nowMs).toISOString(), status: 404, error: 'Not Found', path: request.path });
    }
    const route = this.#routes.get(`${request.method} ${request.path}`);
    if (!route) return weexError(-1150, `Request method '${request.method}' not supported`, 405);
    const call: Call = { request, host: request.path.startsWith('/capi/') ? 'futures' : 'spot' };
    if (route.auth) {
      const key = weexAuthenticate(request, this.#context.keys);
      if (!('accountId' in key)) return key;
      call.key = key;
      call.account = this.#context.venue.account(key.accountId);
    }
    if (request.bodyText) {
      const contentType = header(request, 'content-type') ?? '';
      if (!contentType.toLowerCase().includes('application/json'))
        return weexError(-1045, 'Invalid Content-Type, please use "application/json"');
      const body = parseWireJson(request.bodyText);
      if (!isWireObject(body)) return weexError(-1135, 'Invalid JSON request');
      call.body = body;
    }
    const scope = call.account ? `uid:${call.account.uid}` : `ip:${request.ip}`;
    const check = { key: `weex:${call.host}:${scope}`, limit: WEIGHT_LIMIT, windowMs: WINDOW_MS, cost: route.weight };
    if (!admit(this.#context, [check], request)) return this.rateLimitReply();
    if (route.trade && call.key?.permission !== 'trade') return weexError(-1052, 'Insufficient permissions');
    this.#context.venue.sync(request.nowMs);
    return route.handle(call);
  }

  #table(): Route[] {
    const spot = (method: Method, path: string, weight: number, auth: boolean, handle: Route['handle'], trade = false): Route => ({
      method,
      path: `/api/v3/${path}`,
      weight,
      auth,
      trade,
      handle,
    });
    const futures = (method: Method, path: string, weight: number, auth: boolean, handle: Route['handle'], trade = false): Route => ({
      method,
      path: `/capi/v3/${path}`,
      weight,
      auth,
      trade,
      handle,
    });
    return [
      spot('GET', 'time', 1, false, (call) => ok({ serverTime: call.request.nowMs })),
      spot('GET', 'ping', 1, false, () => ok({})),
      spot('GET', 'exchangeInfo', 20, false, (call) => this.#spotExchangeInfo(call)),
      spot('GET', 'market/ticker/24hr', 2, false, (call) => this.#spotTicker(call)),
      spot('GET', 'market/ticker/bookTicker', 4, false, (call) => this.#bookTicker(call)),
      spot('GET', 'market/ticker/price', 4, false, (call) => this.#lastPrices(call)),
      spot('GET', 'market/depth', 5, false, (call) => this.#depth(call)),
      spot('GET', 'market/trades', 25, false, (call) => this.#trades(call)),
      spot('GET', 'market/klines', 2, false, (call) => this.#klines(call)),
      spot('GET', 'account/', 5, true, (call) => this.#spotAccount(call)),
      spot('POST', 'order', 5, true, (call) => this.#spotPlace(call), true),
      spot('DELETE', 'order', 1, true, (call) => this.#spotCancel(call), true),
      spot('GET', 'order', 2, true, (call) => this.#spotGetOrder(call)),
      spot('GET', 'openOrders', 3, true, (call) => this.#openOrders(call)),
      spot('DELETE', 'openOrders', 1, true, (call) => this.#cancelAll(call), true),
      spot('GET', 'allOrders', 10, true, (call) => this.#spotAllOrders(call)),
      spot('GET', 'myTrades', 5, true, (call) => this.#myTrades(call)),
      spot('DELETE', 'order/batch', 10, true, (call) => this.#batchCancel(call), true),

      futures('GET', 'market/time', 1, false, (call) => ok({ serverTime: call.request.nowMs })),
      futures('GET', 'market/exchangeInfo', 1, false, (call) => this.#futuresExchangeInfo(call)),
      futures('GET', 'market/ticker/24hr', 40, false, (call) => this.#futuresTicker(call)),
      futures('GET', 'market/ticker/bookTicker', 1, false, (call) => this.#bookTicker(call)),
      futures('GET', 'market/symbolPrice', 1, false, (call) => this.#symbolPrice(call)),
      futures('GET', 'market/depth', 1, false, (call) => this.#depth(call)),
      futures('GET', 'market/trades', 5, false, (call) => this.#trades(call)),
      futures('GET', 'market/klines', 1, false, (call) => this.#klines(call)),
      futures('GET', 'account/balance', 10, true, (call) => this.#futuresBalance(call)),
      futures('GET', 'account/position/allPosition', 15, true, (call) => this.#positions(call, false)),
      futures('GET', 'account/position/singlePosition', 3, true, (call) => this.#positions(call, true)),
      futures('GET', 'account/symbolConfig', 1, true, (call) => this.#symbolConfig(call)),
      futures('GET', 'account/commissionRate', 1, true, (call) => this.#commissionRate(call)),
      futures('POST', 'account/leverage', 10, true, (call) => this.#setLeverage(call), true),
      futures('POST', 'account/marginType', 1, true, (call) => this.#setMarginType(call), true),
      futures('POST', 'order', 5, true, (call) => this.#futuresPlace(call), true),
      futures('DELETE', 'order', 3, true, (call) => this.#futuresCancel(call), true),
      futures('GET', 'order', 3, true, (call) => this.#futuresGetOrder(call)),
      futures('GET', 'openOrders', 10, true, (call) => this.#openOrders(call)),
      futures('DELETE', 'allOpenOrders', 10, true, (call) => this.#cancelAll(call), true),
      futures('DELETE', 'batchOrders', 10, true, (call) => this.#batchCancel(call), true),
      futures('GET', 'order/history', 10, true, (call) => this.#futuresHistory(call)),
      futures('GET', 'userTrades', 5, true, (call) => this.#myTrades(call)),
      ...new WeexDerivativeRoutes({
        context: this.#context,
        marginType: (accountId, symbol) => this.#marginTypes.get(`${accountId}:${symbol}`) ?? 'CROSSED',
        param: (call, name) => this.#param(call, name),
      }).routes(),
    ];
  }

  // ---- helpers -------------------------------------------------------------------------------

  #type(call: Call): MarketSpec['type'] {
    return call.host === 'spot' ? 'spot' : 'swap';
  }

  /** A parameter from the JSON body (POST) or the query string. */
  #param(call: Call, name: string): string | undefined {
    const fromBody = call.body ? wireText(call.body[name]) : undefined;
    if (fromBody !== undefined) return fromBody;
    return call.request.query.get(name) ?? undefined;
  }

  #market(call: Call, required: boolean): MarketSpec | SimReply | undefined {
    const symbol = this.#param(call, 'symbol');
    if (!symbol) return required ? missing('symbol') : undefined;
    return marketBySymbol(this.#context.venue, symbol, this.#type(call)) ?? badSymbol();
  }

  #markets(call: Call): MarketSpec[] {
    return this.#context.venue.markets.filter((market) => market.type === this.#type(call));
  }

  #marginTypeOf(account: Account, symbol: string): 'CROSSED' | 'ISOLATED' {
    return this.#marginTypes.get(`${account.id}:${symbol}`) ?? 'CROSSED';
  }

  // ---- public --------------------------------------------------------------------------------

  #spotExchangeInfo(call: Call): SimReply {
    const wanted = (call.request.query.get('symbols') ?? call.request.query.get('symbol'))?.split(',').filter(Boolean);
    const markets = this.#markets(call).filter((market) => !wanted || wanted.includes(symbolOf(market)));
    return ok({
      timezone: 'UTC',
      serverTime: call.request.nowMs,
      symbols: markets.map((market) => format.spotSymbolInfo(market, this.#context.venue)),
    });
  }

  #futuresExchangeInfo(call: Call): SimReply {
    const wanted = call.request.query.get('symbol');
    const markets = this.#markets(call).filter((market) => !wanted || symbolOf(market) === wanted);
    return ok({
      assets: [{ asset: 'USDT', marginAvailable: true }],
      symbols: markets.map((market) => format.futuresSymbolInfo(market, this.#context.venue)),
    });
  }

  #tickerView(market: MarketSpec, nowMs: number) {
    const view = this.#context.venue.ticker(market.symbol, nowMs);
    if (!view) throw new Error(`no ticker for ${market.symbol}`);
    return view;
  }

  /** Spot: one object for `symbol`, an array otherwise (protocols/weex.md §3.3). */
  #spotTicker(call: Call): SimReply {
    const { query, nowMs } = call.request;
    const symbol = query.get('symbol');
    if (symbol) {
      const market = marketBySymbol(this.#context.venue, symbol, 'spot');
      return market ? ok(format.spotTicker(this.#tickerView(market, nowMs))) : badSymbol();
    }
    const wanted = query.get('symbols')?.split(',').filter(Boolean);
    const markets = this.#markets(call).filter((market) => !wanted || wanted.includes(symbolOf(market)));
    return ok(markets.map((market) => format.spotTicker(this.#tickerView(market, nowMs))));
  }

  /** Futures: always an array, even for one symbol. */
  #futuresTicker(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const markets = market ? [market] : this.#markets(call);
    return ok(markets.map((item) => format.futuresTicker(this.#tickerView(item, call.request.nowMs))));
  }

  #bookTicker(call: Call): SimReply {
    const wanted = (call.request.query.get('symbols') ?? call.request.query.get('symbol'))?.split(',').filter(Boolean);
    const markets = this.#markets(call).filter((market) => !wanted || wanted.includes(symbolOf(market)));
    if (wanted && markets.length === 0) return badSymbol();
    return ok(markets.map((market) => format.bookTicker(this.#tickerView(market, call.request.nowMs), call.host === 'futures')));
  }

  #lastPrices(call: Call): SimReply {
    const wanted = (call.request.query.get('symbols') ?? call.request.query.get('symbol'))?.split(',').filter(Boolean);
    const markets = this.#markets(call).filter((market) => !wanted || wanted.includes(symbolOf(market)));
    return ok(
      markets.map((market) => ({
        symbol: symbolOf(market),
        price: format.spotTicker(this.#tickerView(market, call.request.nowMs)).lastPrice ?? '',
      })),
    );
  }

  #symbolPrice(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const priceType = call.request.query.get('priceType') ?? 'INDEX';
    if (priceType !== 'INDEX' && priceType !== 'MARK') return badParam('priceType');
    const view = this.#tickerView(market, call.request.nowMs);
    return ok({ symbol: symbolOf(market), price: format.futuresTicker(view).markPrice ?? '', time: call.request.nowMs });
  }

  #depth(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const limit = intParam(call.request.query.get('limit'), 15, 1, 1000);
    if (limit === undefined) return badParam('limit');
    const book = this.#context.venue.book(market.symbol, limit <= 15 ? 15 : 200, call.request.nowMs);
    if (!book) return badSymbol();
    return ok({ lastUpdateId: book.sequence, bids: book.bids.map(format.level), asks: book.asks.map(format.level) });
  }

  #trades(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const limit = intParam(call.request.query.get('limit'), 500, 1, 1000);
    if (limit === undefined) return badParam('limit');
    const trades = this.#context.venue.trades(market.symbol, limit, call.request.nowMs);
    return ok(trades.map((trade) => format.trade(market, trade, call.host === 'futures')));
  }

  #klines(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const { query, nowMs } = call.request;
    const interval = query.get('interval');
    if (!interval) return missing('interval');
    const bar = SPOT_INTERVALS[interval];
    if (!bar || (call.host === 'futures' && !FUTURES_INTERVALS.includes(interval))) return badParam('interval');
    const limit = intParam(query.get('limit'), 500, 1, 1000);
    if (limit === undefined) return badParam('limit');
    const startTime = timeParam(query.get('startTime'));
    const endTime = timeParam(query.get('endTime'));
    if (startTime !== undefined && endTime !== undefined && startTime > endTime)
      return weexError(-1171, 'Start time is greater than end time.');
    const data = this.#context.venue.marketData;
    const opens = barOpenTimes(
      bar,
      nowMs,
      limit,
      endTime !== undefined ? endTime + 1 : undefined,
      startTime !== undefined ? startTime - 1 : undefined,
    );
    const rows = opens.reverse().map((openTime) => {
      const durationMs = barAfter(bar, openTime) - openTime;
      return format.kline(data.candle(market, openTime, durationMs, nowMs), durationMs, call.host === 'spot');
    });
    return ok(rows);
  }

  // ---- spot account and orders ---------------------------------------------------------------

  #spotAccount(call: Call): SimReply {
    const account = call.account as Account;
    const venue = this.#context.venue;
    const balances = venue.balances(account.id, 'spot', call.request.nowMs);
    const fmt = (value: Fixed): string => formatFixed(value, 12);
    return ok({
      makerCommission: 8,
      takerCommission: 10,
      commissionRates: { maker: '0.0008', taker: '0.0010' },
      canTrade: call.key?.permission === 'trade',
      canWithdraw: false,
      canDeposit: true,
      updateTime: call.request.nowMs,
      accountType: 'SPOT',
      balances: balances.map((view) => ({ asset: view.currency, free: fmt(view.available), locked: fmt(view.frozen) })),
      permissions: ['SPOT'],
      uid: num(account.uid),
    });
  }

  /** Shared order-parameter checks; the caller adds the venue-specific fields. */
  #orderParams(call: Call):
    | {
        ok: true;
        market: MarketSpec;
        side: 'buy' | 'sell';
        type: 'limit' | 'market';
        timeInForce: 'GTC' | 'IOC' | 'FOK' | 'PO';
        amount: Fixed;
        price?: Fixed;
        clientOrderId: string;
      }
    | { ok: false; reply: SimReply } {
    const fail = (reply: SimReply) => ({ ok: false as const, reply });
    for (const name of ['symbol', 'side', 'type', 'quantity']) if (!this.#param(call, name)) return fail(missing(name));
    const market = marketBySymbol(this.#context.venue, this.#param(call, 'symbol') as string, this.#type(call));
    if (!market) return fail(badSymbol());
    const sideText = this.#param(call, 'side');
    if (sideText !== 'BUY' && sideText !== 'SELL') return fail(weexError(-1117, 'Invalid side.'));
    const typeText = this.#param(call, 'type');
    if (typeText !== 'LIMIT' && typeText !== 'MARKET') return fail(weexError(-1116, 'Invalid orderType.'));
    const tifText = this.#param(call, 'timeInForce') ?? 'GTC';
    const timeInForce = tifText === 'POST_ONLY' ? 'PO' : tifText;
    if (timeInForce !== 'GTC' && timeInForce !== 'IOC' && timeInForce !== 'FOK' && timeInForce !== 'PO') {
      return fail(weexError(-1115, 'Invalid timeInForce.'));
    }
    const clientOrderId = this.#param(call, 'newClientOrderId') ?? '';
    if (clientOrderId && !CLIENT_ID.test(clientOrderId)) {
      return fail(weexError(-1180, 'Client order id length must not exceed 40 and must not contain special characters'));
    }
    const amount = positiveDecimal(this.#param(call, 'quantity'));
    if (amount === undefined) return fail(badParam('quantity'));
    if (!isMultipleOf(amount, market.step)) return fail(weexError(-1160, 'Quantity decimal precision exceeds the limit.'));
    if (amount < market.minAmount) return fail(weexError(-1142, 'Order quantity is less than the minimum transaction quantity.'));
    if (amount > market.maxAmount) return fail(weexError(-1142, 'Order quantity is greater than the maximum transaction quantity.'));
    let price: Fixed | undefined;
    if (typeText === 'LIMIT') {
      const priceText = this.#param(call, 'price');
      if (!priceText) return fail(missing('price'));
      price = positiveDecimal(priceText);
      if (price === undefined) return fail(badParam('price'));
      if (!isMultipleOf(price, market.tick)) return fail(weexError(-1160, 'Price decimal precision exceeds the limit.'));
    }
    return {
      ok: true,
      market,
      side: sideText === 'BUY' ? 'buy' : 'sell',
      type: typeText === 'LIMIT' ? 'limit' : 'market',
      timeInForce: typeText === 'MARKET' ? 'IOC' : timeInForce,
      amount,
      ...(price !== undefined ? { price } : {}),
      clientOrderId,
    };
  }

  #spotPlace(call: Call): SimReply {
    const params = this.#orderParams(call);
    if (!params.ok) return params.reply;
    const result = this.#context.venue.place(
      {
        accountId: (call.account as Account).id,
        symbol: params.market.symbol,
        side: params.side,
        type: params.type,
        timeInForce: params.timeInForce,
        amount: params.amount,
        ...(params.price !== undefined ? { price: params.price } : {}),
        clientOrderId: params.clientOrderId,
        marginMode: 'cash',
        posSide: 'net',
      },
      call.request.nowMs,
    );
    if (!result.ok) {
      const [code, msg] = rejection(result.reason);
      return weexError(code, msg);
    }
    return ok({
      symbol: symbolOf(params.market),
      orderId: num(result.order.id),
      clientOrderId: result.order.clientOrderId,
      transactTime: result.order.createdAt,
    });
  }

  /** `orderId` or `origClientOrderId`; ids must be whole numbers. */
  #orderRef(call: Call): { id: string } | { clientOrderId: string } | SimReply {
    const orderId = this.#param(call, 'orderId');
    const clientOrderId = this.#param(call, 'origClientOrderId');
    if (orderId) return /^\d{1,19}$/.test(orderId) ? { id: orderId } : badParam('orderId');
    if (clientOrderId) return { clientOrderId };
    return weexError(-1140, 'Either orderId or origClientOrderId must be sent.');
  }

  #findOrder(call: Call, ref: { id: string } | { clientOrderId: string }): Order | undefined {
    const order = this.#context.venue.findOrder((call.account as Account).id, ref);
    return order && order.market.type === this.#type(call) ? order : undefined;
  }

  #spotCancel(call: Call): SimReply {
    const ref = this.#orderRef(call);
    if ('status' in ref) return ref;
    return ok(this.#spotCancelItem(call, ref));
  }

  #spotCancelItem(call: Call, ref: { id: string } | { clientOrderId: string }): Record<string, JsonValue> {
    const echo: Record<string, JsonValue> = 'id' in ref ? { orderId: num(ref.id) } : { origClientOrderId: ref.clientOrderId };
    const order = this.#findOrder(call, ref);
    if (!order) return { ...echo, status: 'FAILED', errorMsg: 'FAILED_ORDER_NOT_FOUND' };
    const result = this.#context.venue.cancel(order.accountId, { id: order.id }, undefined, call.request.nowMs);
    if (!result.ok) return { ...echo, status: format.status(order), errorMsg: 'order not found' };
    return { ...echo, status: 'CANCELED' };
  }

  #spotGetOrder(call: Call): SimReply {
    const ref = this.#orderRef(call);
    if ('status' in ref) return ref;
    const order = this.#findOrder(call, ref);
    return order ? ok(format.spotOrder(order)) : weexError(-2200, 'Order does not exist.');
  }

  #openOrders(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const orders = this.#context.venue
      .openOrders((call.account as Account).id, market?.symbol)
      .filter((order) => order.market.type === this.#type(call))
      .reverse();
    return ok(orders.map((order) => (call.host === 'spot' ? format.spotOrder(order) : format.futuresOrder(order))));
  }

  #cancelAll(call: Call): SimReply {
    const market = this.#market(call, call.host === 'spot');
    if (market && 'status' in market) return market;
    const venue = this.#context.venue;
    const account = call.account as Account;
    const orders = venue.openOrders(account.id, market?.symbol).filter((order) => order.market.type === this.#type(call));
    const rows = orders.map((order) => {
      venue.cancel(account.id, { id: order.id }, undefined, call.request.nowMs);
      return call.host === 'spot'
        ? { orderId: num(order.id), status: 'CANCELED' }
        : { orderId: order.id, success: true, errorCode: '', errorMessage: '' };
    });
    return ok(rows);
  }

  #window(call: Call): { startTime?: number; endTime?: number; limit: number; page: number } | SimReply {
    const { query } = call.request;
    const startTime = timeParam(query.get('startTime'));
    const endTime = timeParam(query.get('endTime'));
    if (startTime !== undefined && endTime !== undefined && startTime > endTime)
      return weexError(-1171, 'Start time is greater than end time.');
    const limit = intParam(query.get('limit'), call.host === 'spot' ? 500 : 100, 1, 1000);
    if (limit === undefined) return badParam('limit');
    const page = intParam(query.get('page'), 1, 1, 1_000_000);
    if (page === undefined) return badParam('page');
    return { ...(startTime !== undefined ? { startTime } : {}), ...(endTime !== undefined ? { endTime } : {}), limit, page };
  }

  #spotAllOrders(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const window = this.#window(call);
    if ('status' in window) return window;
    const orders = (call.account as Account).orders.filter(
      (order) =>
        order.market === market &&
        (window.startTime === undefined || order.createdAt >= window.startTime) &&
        (window.endTime === undefined || order.createdAt <= window.endTime),
    );
    const start = (window.page - 1) * window.limit;
    return ok(orders.slice(start, start + window.limit).map(format.spotOrder));
  }

  #myTrades(call: Call): SimReply {
    const market = this.#market(call, call.host === 'spot');
    if (market && 'status' in market) return market;
    const window = this.#window(call);
    if ('status' in window) return window;
    const orderId = call.request.query.get('orderId');
    const venue = this.#context.venue;
    const type = this.#type(call);
    const fills = (call.account as Account).fills.filter((fill) => {
      const fillMarket = venue.market(fill.symbol) as MarketSpec;
      return (
        fillMarket.type === type &&
        (!market || fillMarket === market) &&
        (!orderId || fill.orderId === orderId) &&
        (window.startTime === undefined || fill.time >= window.startTime) &&
        (window.endTime === undefined || fill.time <= window.endTime)
      );
    });
    const selected = call.host === 'spot' ? fills.slice(-window.limit) : fills.slice(-window.limit).reverse();
    return ok(
      selected.map((fill) => {
        const fillMarket = venue.market(fill.symbol) as MarketSpec;
        return call.host === 'spot' ? format.spotFill(fill, fillMarket) : format.futuresFill(fill, fillMarket);
      }),
    );
  }

  /** DELETE with a JSON body of ids (protocols/weex.md §3.10); at most 50 per call. */
  #batchCancel(call: Call): SimReply {
    const body = call.body;
    const [idsName, clientIdsName] = call.host === 'spot' ? ['orderIds', 'origClientOrderIds'] : ['orderIdList', 'origClientOrderIdList'];
    const ids = body?.[idsName];
    const clientIds = body?.[clientIdsName];
    const list = Array.isArray(ids) ? ids : Array.isArray(clientIds) ? clientIds : undefined;
    if (!list || list.length === 0) return weexError(-1140, `Either ${idsName} or ${clientIdsName} must be sent.`);
    if (list.length > 50) return weexError(-1140, 'Batch cancellation cannot exceed 50 orders.');
    const byId = Array.isArray(ids);
    const rows: JsonValue[] = [];
    for (const item of list) {
      const text = wireText(item) ?? '';
      if (byId && !/^\d{1,19}$/.test(text)) return badParam(idsName);
      const ref = byId ? { id: text } : { clientOrderId: text };
      rows.push(call.host === 'spot' ? this.#spotCancelItem(call, ref) : this.#futuresCancelItem(call, ref));
    }
    return ok({ orderList: rows });
  }

  // ---- futures -------------------------------------------------------------------------------

  #futuresBalance(call: Call): SimReply {
    const views = this.#context.venue.balances((call.account as Account).id, 'futures', call.request.nowMs);
    return ok(views.map(format.futuresBalance));
  }

  #positions(call: Call, single: boolean): SimReply {
    const market = this.#market(call, single);
    if (market && 'status' in market) return market;
    const views = this.#context.venue
      .positions((call.account as Account).id, call.request.nowMs)
      .filter((view) => !market || view.market === market);
    return ok(views.map(format.position));
  }

  #leverageRow(account: Account, market: MarketSpec): Record<string, JsonValue> {
    const venue = this.#context.venue;
    return {
      symbol: symbolOf(market),
      marginType: this.#marginTypeOf(account, market.symbol),
      separatedType: this.#separatedTypes.get(`${account.id}:${market.symbol}`) ?? 'COMBINED',
      crossLeverage: String(venue.leverageOf(account, market, 'cross')),
      isolatedLongLeverage: String(venue.leverageOf(account, market, 'isolated', 'long')),
      isolatedShortLeverage: String(venue.leverageOf(account, market, 'isolated', 'short')),
    };
  }

  #symbolConfig(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const account = call.account as Account;
    return ok((market ? [market] : this.#markets(call)).map((item) => this.#leverageRow(account, item)));
  }

  #commissionRate(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const venue = this.#context.venue;
    return ok({
      symbol: symbolOf(market),
      makerCommissionRate: formatAmount(venue.makerFee),
      takerCommissionRate: formatAmount(venue.takerFee),
    });
  }

  #setLeverage(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const marginType = this.#param(call, 'marginType');
    if (!marginType) return missing('marginType');
    if (marginType !== 'CROSSED' && marginType !== 'ISOLATED') return badParam('marginType');
    const names = marginType === 'CROSSED' ? ['crossLeverage'] : ['isolatedLongLeverage', 'isolatedShortLeverage'];
    const values: number[] = [];
    for (const name of names) {
      const text = this.#param(call, name);
      if (!text) return missing(name);
      if (!/^\d+$/.test(text) || Number(text) < 1) return badParam(name);
      if (Number(text) > market.maxLeverage) return weexError(-3313, 'Leverage exceeds the maximum allowed for this contract.');
      values.push(Number(text));
    }
    const account = call.account as Account;
    const venue = this.#context.venue;
    if (marginType === 'CROSSED') venue.setLeverage(account.id, market.symbol, 'cross', values[0] as number, call.request.nowMs);
    else {
      venue.setLeverage(account.id, market.symbol, 'isolated', values[0] as number, call.request.nowMs, 'long');
      venue.setLeverage(account.id, market.symbol, 'isolated', values[1] as number, call.request.nowMs, 'short');
    }
    this.#marginTypes.set(`${account.id}:${market.symbol}`, marginType);
    return ok({
      symbol: symbolOf(market),
      marginType,
      crossLeverage: marginType === 'CROSSED' ? String(values[0]) : '0',
      isolatedLongLeverage: marginType === 'ISOLATED' ? String(values[0]) : '0',
      isolatedShortLeverage: marginType === 'ISOLATED' ? String(values[1]) : '0',
    });
  }

  #setMarginType(call: Call): SimReply {
    const market = this.#market(call, true);
    if (!market || 'status' in market) return market ?? missing('symbol');
    const marginType = this.#param(call, 'marginType');
    if (!marginType) return missing('marginType');
    if (marginType !== 'CROSSED' && marginType !== 'ISOLATED') return badParam('marginType');
    const account = call.account as Account;
    const hasExposure =
      this.#context.venue.openOrders(account.id, market.symbol).length > 0 ||
      [...account.positions.values()].some((position) => position.market === market);
    const separatedType = this.#param(call, 'separatedType');
    if (separatedType !== undefined && separatedType !== 'COMBINED' && separatedType !== 'SEPARATED') return badParam('separatedType');
    if (hasExposure) return weexError(-1054, 'FAILED_PRECONDITION: Margin type cannot be changed with open orders or positions.');
    this.#marginTypes.set(`${account.id}:${market.symbol}`, marginType);
    if (separatedType) this.#separatedTypes.set(`${account.id}:${market.symbol}`, separatedType);
    return ok({ code: '200', msg: 'success', requestTime: String(call.request.nowMs) });
  }

  #futuresPlace(call: Call): SimReply {
    const positionSide = this.#param(call, 'positionSide');
    if (!positionSide) return missing('positionSide');
    if (positionSide !== 'LONG' && positionSide !== 'SHORT') return badParam('positionSide');
    const params = this.#orderParams(call);
    if (!params.ok) return params.reply;
    const account = call.account as Account;
    const posSide: PositionSide = positionSide === 'LONG' ? 'long' : 'short';
    const legs = parseOrderLegs((name) => this.#param(call, name), params.market);
    if (!legs.ok) return legs.reply;
    const result = this.#context.venue.place(
      {
        accountId: account.id,
        symbol: params.market.symbol,
        side: params.side,
        type: params.type,
        timeInForce: params.timeInForce,
        amount: params.amount,
        ...(params.price !== undefined ? { price: params.price } : {}),
        clientOrderId: params.clientOrderId,
        marginMode: this.#marginTypeOf(account, params.market.symbol) === 'ISOLATED' ? 'isolated' : 'cross',
        posSide,
        ...(legs.legs ? { attached: legs.legs } : {}),
      },
      call.request.nowMs,
    );
    // Business rejections arrive with HTTP 200 and success:false (protocols/weex.md §3.8).
    if (!result.ok) {
      const [code, msg] = rejection(result.reason);
      return ok({ orderId: '', clientOrderId: params.clientOrderId, success: false, errorCode: String(code), errorMessage: msg });
    }
    return ok({ orderId: result.order.id, clientOrderId: result.order.clientOrderId, success: true, errorCode: '', errorMessage: '' });
  }

  #futuresCancelItem(call: Call, ref: { id: string } | { clientOrderId: string }): Record<string, JsonValue> {
    const order = this.#findOrder(call, ref);
    const orderId = order?.id ?? ('id' in ref ? ref.id : '');
    const origClientOrderId = order?.clientOrderId ?? ('clientOrderId' in ref ? ref.clientOrderId : '');
    const failure = (message: string) => ({ orderId, origClientOrderId, success: false, errorCode: '-3200', errorMessage: message });
    if (!order) return failure('FAILED_ORDER_NOT_FOUND: order does not exist');
    const result = this.#context.venue.cancel(order.accountId, { id: order.id }, undefined, call.request.nowMs);
    if (!result.ok) return failure('FAILED_ORDER_NOT_FOUND: order is already finished');
    return { orderId, origClientOrderId, success: true, errorCode: '', errorMessage: '' };
  }

  #futuresCancel(call: Call): SimReply {
    const ref = this.#orderRef(call);
    if ('status' in ref) return ref;
    return ok(this.#futuresCancelItem(call, ref));
  }

  #futuresGetOrder(call: Call): SimReply {
    const ref = this.#orderRef(call);
    if ('status' in ref) return ref;
    const order = this.#findOrder(call, ref);
    return order ? ok(format.futuresOrder(order)) : weexError(-3200, 'Order does not exist.');
  }

  #futuresHistory(call: Call): SimReply {
    const market = this.#market(call, false);
    if (market && 'status' in market) return market;
    const window = this.#window(call);
    if ('status' in window) return window;
    const orders = (call.account as Account).orders
      .filter(
        (order) =>
          order.market.type === 'swap' &&
          !isOpen(order) &&
          (!market || order.market === market) &&
          (window.startTime === undefined || order.createdAt >= window.startTime) &&
          (window.endTime === undefined || order.createdAt <= window.endTime),
      )
      .reverse();
    const start = (window.page - 1) * window.limit;
    return ok(orders.slice(start, start + window.limit).map(format.futuresOrder));
  }
}

function formatAmount(value: Fixed): string {
  return formatFixed(value, 12);
}

/** No dedicated V3 code exists for these; WEEX reports them as -1054 / -1140 with a telling message. */
function rejection(reason: PlaceRejection): [number, string] {
  switch (reason) {
    case 'insufficient-balance':
      return [-1054, 'FAILED_PRECONDITION: Insufficient balance, available amount not enough'];
    case 'insufficient-margin':
      return [-1054, 'FAILED_PRECONDITION: Insufficient margin, available amount not enough'];
    case 'duplicate-client-order-id':
      return [-1140, 'Duplicate newClientOrderId: an open order already uses this client order id'];
    case 'reduce-only-no-position':
      return [-1054, 'FAILED_PRECONDITION: Position not enough to close'];
    case 'unknown-symbol':
      return [-1121, 'Invalid symbol.'];
  }
}
