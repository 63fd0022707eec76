/**
 * OKX API v5 front-end (`/api/v5/*`), answering as protocols/okx-v5.md describes: `{code,msg,data}`
 * envelopes with string codes, per-item `sCode`/`sMsg` on trade endpoints, HTTP 401 for
 * authentication, 429 + 50011 for rate limits, the gateway's numeric-code 404 shape.
 */
import { type Fixed, fixed, isMultipleOf, mul, ZERO } from '../../decimal.js';
import { type BarSpec, barAfter, barOpenTimes, DURATION, fixedBar, monthBar } from '../../engine/bars.js';
import type { MarketSpec } from '../../engine/markets.js';
import type { Account, CancelResult, MarginMode, Order, PlaceRejection, PlaceRequest } from '../../engine/venue.js';
import { isOpen } from '../../engine/venue.js';
import { isWireObject, type JsonValue, parseWireJson, type WireValue, wireText } from '../../json.js';
import type { ApiKeyRecord } from '../../keys.js';
import type { Prng } from '../../random.js';
import type { LimitCheck } from '../../rate-limit.js';
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
import { accountPayload } from './account.js';
import { okxAuthenticate } from './auth.js';
import { OkxDerivativeRoutes, parseAttachedLegs } from './derivatives.js';
import * as format from './format.js';
import { contractValue, instIdOf, instTypeOf, marketByInstId } from './format.js';
import { type Call, empty, fail, invalid, ok, type Route, tradeReply, UNKNOWN_INSTRUMENT } from './reply.js';

const WINDOW_MS = 2_000;
const INST_TYPES = ['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION', 'EVENTS'];
const ORD_TYPES = ['market', 'limit', 'post_only', 'fok', 'ioc', 'optimal_limit_ioc'];
const CLIENT_ID = /^[A-Za-z0-9]{1,32}$/;
const TAG = /^[A-Za-z0-9]{1,16}$/;
const DAY_MS = 86_400_000;
const HK_OFFSET_MS = 8 * 3_600_000;

export const BARS: Record<string, BarSpec> = {
  '1m': fixedBar(DURATION.MINUTE),
  '3m': fixedBar(3 * DURATION.MINUTE),
  '5m': fixedBar(5 * DURATION.MINUTE),
  '15m': fixedBar(15 * DURATION.MINUTE),
  '30m': fixedBar(30 * DURATION.MINUTE),
  '1H': fixedBar(DURATION.HOUR),
  '2H': fixedBar(2 * DURATION.HOUR),
  '4H': fixedBar(4 * DURATION.HOUR),
  '6H': fixedBar(6 * DURATION.HOUR, HK_OFFSET_MS),
  '12H': fixedBar(12 * DURATION.HOUR, HK_OFFSET_MS),
  '1D': fixedBar(DURATION.DAY, HK_OFFSET_MS),
  '2D': fixedBar(2 * DURATION.DAY, HK_OFFSET_MS),
  '3D': fixedBar(3 * DURATION.DAY, HK_OFFSET_MS),
  '1W': fixedBar(7 * DURATION.DAY, HK_OFFSET_MS),
  '1M': monthBar(1, HK_OFFSET_MS),
  '3M': monthBar(3, HK_OFFSET_MS),
  '6Hutc': fixedBar(6 * DURATION.HOUR),
  '12Hutc': fixedBar(12 * DURATION.HOUR),
  '1Dutc': fixedBar(DURATION.DAY),
  '2Dutc': fixedBar(2 * DURATION.DAY),
  '3Dutc': fixedBar(3 * DURATION.DAY),
  '1Wutc': fixedBar(7 * DURATION.DAY),
  '1Mutc': monthBar(1),
  '3Mutc': monthBar(3),
};

interface ItemError {
  code: string;
  msg: string;
  subCode?: string;
  /** Parameter errors answer for the whole request when the order is sent alone. */
  topLevel: boolean;
}

type ParsedOrder = { ok: true; place: PlaceRequest } | { ok: false; error: ItemError };

export class OkxFrontEnd implements FrontEnd {
  readonly id = 'okx' as const;
  readonly #context: FrontEndContext;
  readonly #routes = new Map<string, Route>();
  readonly #paths = new Set<string>();
  /** Accounts switched to long/short (hedge) position mode; net_mode otherwise. */
  readonly #hedgeMode = new Set<string>();

  constructor(context: FrontEndContext) {
    this.#context = context;
    for (const route of this.#table()) {
      this.#routes.set(`${route.method} ${route.path}`, route);
      this.#paths.add(route.path);
    }
  }

  handles(path: string): boolean {
    return path.startsWith('/api/v5/');
  }

  rateLimitReply(): SimReply {
    return json(429, { msg: 'Too Many Requests', code: '50011' });
  }

  unavailableReply(prng: Prng): SimReply {
    const pick = prng.int(3);
    if (pick === 0) return json(503, { code: '50001', data: [], msg: 'Service temporarily unavailable. Please try again later.' });
    if (pick === 1) return json(429, { code: '50013', data: [], msg: 'Systems are busy. Please try again later.' });
    return json(500, {
      code: 500,
      data: {},
      detailMsg: '',
      error_code: '500',
      error_message: 'Internal Server Error',
      msg: 'Internal Server Error',
    });
  }

  handle(request: SimRequest): SimReply {
    if (!this.#paths.has(request.path)) {
      return json(404, { code: 404, data: {}, detailMsg: '', error_code: '404', error_message: 'Not Found', msg: 'Not Found' });
    }
    const route = this.#routes.get(`${request.method} ${request.path}`);
    if (!route) return json(405, { code: '50115', msg: 'Invalid request method.', data: [] });
    const call: Call = { request };
    if (route.auth) {
      const key = okxAuthenticate(request, this.#context.keys);
      if (!('accountId' in key)) return key;
      call.key = key;
      call.account = this.#context.venue.account(key.accountId);
    }
    if (request.method === 'POST') {
      if (!request.bodyText) return fail('50000', 'Body for POST request cannot be empty.');
      const contentType = header(request, 'content-type') ?? '';
      if (!contentType.toLowerCase().includes('application/json')) {
        return fail('50006', 'Invalid Content-Type, please use "application/json" format.');
      }
      const body = parseWireJson(request.bodyText);
      if (body === undefined) return fail('50002', 'JSON syntax error');
      call.body = body;
    }
    if (!admit(this.#context, route.limits(call), request)) return this.rateLimitReply();
    if (route.trade && call.key?.permission !== 'trade') {
      return json(200, { code: '50120', msg: "Your API key doesn't have permission to use this function.", data: [] });
    }
    this.#context.venue.sync(request.nowMs);
    return route.handle(call);
  }

  // ---- rate-limit scopes (protocols/okx-v5.md §5) --------------------------------------------

  #perIp(name: string, limit: number, extra?: (call: Call) => string): (call: Call) => LimitCheck[] {
    return (call) => [{ key: `okx:ip:${call.request.ip}:${name}:${extra?.(call) ?? ''}`, limit, windowMs: WINDOW_MS, cost: 1 }];
  }

  #perUser(name: string, limit: number): (call: Call) => LimitCheck[] {
    return (call) => [{ key: `okx:uid:${call.account?.uid}:${name}`, limit, windowMs: WINDOW_MS, cost: 1 }];
  }

  /** Trading endpoints count per user and instrument; a one-order batch counts as a single order. */
  #perInstrument(single: string, batch: string): (call: Call) => LimitCheck[] {
    return (call) => {
      const uid = call.account?.uid;
      if (call.request.method === 'GET') {
        return [{ key: `okx:uid:${uid}:${single}:${call.request.query.get('instId') ?? ''}`, limit: 60, windowMs: WINDOW_MS, cost: 1 }];
      }
      const items = Array.isArray(call.body) ? call.body : [call.body];
      const isBatch = Array.isArray(call.body) && items.length > 1;
      const counts = new Map<string, number>();
      for (const item of items) {
        const instId = isWireObject(item) ? (wireText(item.instId) ?? '') : '';
        counts.set(instId, (counts.get(instId) ?? 0) + 1);
      }
      return [...counts].map(([instId, count]) => ({
        key: `okx:uid:${uid}:${isBatch ? batch : single}:${instId}`,
        limit: isBatch ? 300 : 60,
        windowMs: WINDOW_MS,
        cost: count,
      }));
    };
  }

  #table(): Route[] {
    const get = (path: string, auth: boolean, limits: Route['limits'], handle: Route['handle']): Route => ({
      method: 'GET',
      path: `/api/v5/${path}`,
      auth,
      limits,
      handle,
    });
    const post = (path: string, trade: boolean, limits: Route['limits'], handle: Route['handle']): Route => ({
      method: 'POST',
      path: `/api/v5/${path}`,
      auth: true,
      trade,
      limits,
      handle,
    });
    return [
      get('public/time', false, this.#perIp('time', 10), (call) => ok([{ ts: String(call.request.nowMs) }])),
      get(
        'public/instruments',
        false,
        this.#perIp('instruments', 20, (call) => call.request.query.get('instType') ?? ''),
        (call) => this.#instruments(call),
      ),
      get('market/ticker', false, this.#perIp('ticker', 20), (call) => this.#ticker(call)),
      get('market/tickers', false, this.#perIp('tickers', 20), (call) => this.#tickers(call)),
      get('market/books', false, this.#perIp('books', 40), (call) => this.#books(call)),
      get('market/trades', false, this.#perIp('trades', 100), (call) => this.#trades(call)),
      get('market/candles', false, this.#perIp('candles', 40), (call) => this.#candles(call, 300)),
      get('market/history-candles', false, this.#perIp('history-candles', 20), (call) => this.#candles(call, 100)),
      get('account/balance', true, this.#perUser('balance', 10), (call) => this.#balance(call)),
      get('account/config', true, this.#perUser('config', 5), (call) => this.#config(call)),
      get('account/positions', true, this.#perUser('positions', 10), (call) => this.#positions(call)),
      post('account/set-leverage', true, this.#perUser('set-leverage', 20), (call) => this.#setLeverage(call)),
      post('account/set-position-mode', true, this.#perUser('set-position-mode', 5), (call) => this.#setPositionMode(call)),
      get('system/status', false, this.#perIp('system-status', 1), () => ok([])),
      post('trade/order', true, this.#perInstrument('order', 'batch-orders'), (call) => this.#placeOne(call)),
      post('trade/batch-orders', true, this.#perInstrument('order', 'batch-orders'), (call) => this.#placeBatch(call)),
      post('trade/cancel-order', true, this.#perInstrument('cancel-order', 'cancel-batch-orders'), (call) => this.#cancelOne(call)),
      post('trade/cancel-batch-orders', true, this.#perInstrument('cancel-order', 'cancel-batch-orders'), (call) =>
        this.#cancelBatch(call),
      ),
      get('trade/order', true, this.#perInstrument('get-order', 'get-order'), (call) => this.#getOrder(call)),
      get('trade/orders-pending', true, this.#perUser('orders-pending', 60), (call) => this.#pending(call)),
      get('trade/orders-history', true, this.#perUser('orders-history', 40), (call) => this.#history(call, 7 * DAY_MS)),
      get('trade/orders-history-archive', true, this.#perUser('orders-history-archive', 20), (call) => this.#history(call, 92 * DAY_MS)),
      get('trade/fills', true, this.#perUser('fills', 60), (call) => this.#fills(call, 3 * DAY_MS, false)),
      get('trade/fills-history', true, this.#perUser('fills-history', 10), (call) => this.#fills(call, 92 * DAY_MS, true)),
      ...new OkxDerivativeRoutes({
        context: this.#context,
        hedged: (accountId) => this.#hedgeMode.has(accountId),
        perIp: (name, limit) => this.#perIp(name, limit),
        perUser: (name, limit) => this.#perUser(name, limit),
        perInstrument: (single, batch) => this.#perInstrument(single, batch),
      }).routes(),
    ];
  }

  // ---- public --------------------------------------------------------------------------------

  #instruments(call: Call): SimReply {
    const { query } = call.request;
    const instType = query.get('instType');
    if (!instType) return empty('instType');
    if (!INST_TYPES.includes(instType)) return invalid('instType');
    if (instType === 'OPTION' && !query.get('instFamily') && !query.get('uly')) return empty('instFamily');
    const instId = query.get('instId');
    let markets = this.#context.venue.markets.filter((market) => instTypeOf(market) === instType);
    if (instId) {
      markets = markets.filter((market) => instIdOf(market) === instId);
      if (markets.length === 0) return fail('51001', UNKNOWN_INSTRUMENT);
    }
    return ok(markets.map(format.instrument));
  }

  #marketParam(call: Call): MarketSpec | SimReply {
    const instId = call.request.query.get('instId');
    if (!instId) return empty('instId');
    return marketByInstId(this.#context.venue, instId) ?? fail('51001', UNKNOWN_INSTRUMENT);
  }

  #tickerOf(market: MarketSpec, nowMs: number): Record<string, JsonValue> {
    const venue = this.#context.venue;
    const view = venue.ticker(market.symbol, nowMs);
    if (!view) throw new Error(`no ticker for ${market.symbol}`);
    const sodUtc0 = venue.priceAt(market, Math.floor(nowMs / DAY_MS) * DAY_MS);
    const sodUtc8 = venue.priceAt(market, Math.floor((nowMs + HK_OFFSET_MS) / DAY_MS) * DAY_MS - HK_OFFSET_MS);
    return format.ticker(view, sodUtc0, sodUtc8);
  }

  #ticker(call: Call): SimReply {
    const market = this.#marketParam(call);
    if ('status' in market) return market;
    return ok([this.#tickerOf(market, call.request.nowMs)]);
  }

  #tickers(call: Call): SimReply {
    const instType = call.request.query.get('instType');
    if (!instType) return empty('instType');
    if (!INST_TYPES.includes(instType)) return invalid('instType');
    const markets = this.#context.venue.markets.filter((market) => instTypeOf(market) === instType);
    return ok(markets.map((market) => this.#tickerOf(market, call.request.nowMs)));
  }

  #books(call: Call): SimReply {
    const market = this.#marketParam(call);
    if ('status' in market) return market;
    const depth = intParam(call.request.query.get('sz'), 1, 1, 400);
    if (depth === undefined) return invalid('sz');
    const book = this.#context.venue.book(market.symbol, depth, call.request.nowMs);
    if (!book) return fail('51001', UNKNOWN_INSTRUMENT);
    return ok([
      {
        asks: book.asks.map((level) => format.bookLevel(market, level)),
        bids: book.bids.map((level) => format.bookLevel(market, level)),
        ts: String(call.request.nowMs),
        seqId: book.sequence,
      },
    ]);
  }

  #trades(call: Call): SimReply {
    const market = this.#marketParam(call);
    if ('status' in market) return market;
    const limit = intParam(call.request.query.get('limit'), 100, 1, 500);
    if (limit === undefined) return invalid('limit');
    return ok(this.#context.venue.trades(market.symbol, limit, call.request.nowMs).map((trade) => format.trade(market, trade)));
  }

  #candles(call: Call, maxLimit: number): SimReply {
    const market = this.#marketParam(call);
    if ('status' in market) return market;
    const { query, nowMs } = call.request;
    const bar = BARS[query.get('bar') || '1m'];
    if (!bar) return invalid('bar');
    const limit = intParam(query.get('limit'), 100, 1, maxLimit);
    if (limit === undefined) return invalid('limit');
    const after = query.get('after') ? timeParam(query.get('after')) : undefined;
    const before = query.get('before') ? timeParam(query.get('before')) : undefined;
    if (query.get('after') && after === undefined) return invalid('after');
    if (query.get('before') && before === undefined) return invalid('before');
    const data = this.#context.venue.marketData;
    const rows = barOpenTimes(bar, nowMs, limit, after, before).map((openTime) =>
      format.candle(market, data.candle(market, openTime, barAfter(bar, openTime) - openTime, nowMs)),
    );
    return ok(rows);
  }

  // ---- account -------------------------------------------------------------------------------

  #balance(call: Call): SimReply {
    const wanted = call.request.query.get('ccy')?.split(',').filter(Boolean);
    return ok([accountPayload(this.#context.venue, (call.account as Account).id, call.request.nowMs, wanted)]);
  }

  #config(call: Call): SimReply {
    const key = call.key as ApiKeyRecord;
    const account = call.account as Account;
    return ok([
      {
        acctLv: '2',
        autoLoan: false,
        ctIsoMode: 'automatic',
        enableSpotBorrow: false,
        greeksType: 'PA',
        ip: key.ipWhitelist?.join(',') ?? '',
        kycLv: '2',
        label: key.permission === 'trade' ? 'simulator-trade' : 'simulator-read',
        level: 'Lv1',
        levelTmp: '',
        liquidationGear: '-1',
        mainUid: account.uid,
        mgnIsoMode: 'automatic',
        opAuth: '0',
        perm: key.permission === 'trade' ? 'read_only,trade' : 'read_only',
        posMode: this.#hedgeMode.has(account.id) ? 'long_short_mode' : 'net_mode',
        roleType: '0',
        spotBorrowAutoRepay: false,
        spotOffsetType: '',
        spotRoleType: '0',
        spotTraderInsts: [],
        traderInsts: [],
        type: '0',
        uid: account.uid,
      },
    ]);
  }

  #positions(call: Call): SimReply {
    const account = call.account as Account;
    const { query, nowMs } = call.request;
    const instType = query.get('instType');
    if (instType && !['MARGIN', 'SWAP', 'FUTURES', 'OPTION'].includes(instType)) return invalid('instType');
    const instIds = query.get('instId')?.split(',').filter(Boolean);
    if (instIds && instIds.length > 10) return invalid('instId');
    const posIds = query.get('posId')?.split(',').filter(Boolean);
    const venue = this.#context.venue;
    const views = venue
      .positions(account.id, nowMs)
      .filter((view) => !instType || instTypeOf(view.market) === instType)
      .filter((view) => !instIds || instIds.includes(instIdOf(view.market)))
      .filter((view) => !posIds || posIds.includes(view.id));
    return ok(views.map((view) => format.position(view, view.markPrice, nowMs)));
  }

  #setLeverage(call: Call): SimReply {
    const body = call.body;
    if (!isWireObject(body)) return invalid('body');
    const lever = wireText(body.lever);
    const mgnMode = wireText(body.mgnMode);
    const instId = wireText(body.instId);
    if (!lever) return empty('lever');
    if (!mgnMode) return empty('mgnMode');
    if (mgnMode !== 'cross' && mgnMode !== 'isolated') return invalid('mgnMode');
    if (!instId) return empty('instId');
    const market = marketByInstId(this.#context.venue, instId);
    if (!market) return fail('51001', UNKNOWN_INSTRUMENT);
    if (market.type === 'spot') return fail('54000', 'Margin trading is not supported.');
    if (!/^\d+(\.\d{1,2})?$/.test(lever)) return invalid('lever');
    const leverage = Number(lever);
    if (leverage < 1) return fail('59105', 'Leverage must be greater than or equal to 1.');
    if (leverage > market.maxLeverage) return fail('59102', 'Leverage exceeds the maximum leverage. Adjust the leverage.');
    const posSide = wireText(body.posSide);
    const leg = posSide === 'long' || posSide === 'short' ? posSide : undefined;
    this.#context.venue.setLeverage((call.account as Account).id, market.symbol, mgnMode, leverage, call.request.nowMs, leg);
    return ok([{ lever: String(leverage), mgnMode, instId, posSide: posSide ?? 'net' }]);
  }

  #setPositionMode(call: Call): SimReply {
    if (!isWireObject(call.body)) return invalid('body');
    const posMode = wireText(call.body.posMode);
    if (!posMode) return empty('posMode');
    if (posMode !== 'net_mode' && posMode !== 'long_short_mode') return invalid('posMode');
    const account = call.account as Account;
    const venue = this.#context.venue;
    const busy = venue.openOrders(account.id).some((order) => order.market.type === 'swap') || account.positions.size > 0;
    if (busy) return fail('59000', 'Settings failed. Close all positions and cancel all open orders before switching the position mode.');
    if (posMode === 'long_short_mode') this.#hedgeMode.add(account.id);
    else this.#hedgeMode.delete(account.id);
    return ok([{ posMode }]);
  }

  // ---- trading -------------------------------------------------------------------------------

  #placeOne(call: Call): SimReply {
    if (!isWireObject(call.body)) return invalid('body');
    const parsed = this.#parseOrder(call.body, call.account as Account, call.request.nowMs);
    if (!parsed.ok && parsed.error.topLevel) return fail(parsed.error.code, parsed.error.msg);
    return tradeReply(call.request, [this.#placeParsed(call, call.body, parsed)]);
  }

  #placeBatch(call: Call): SimReply {
    const items = call.body;
    if (!Array.isArray(items) || items.length === 0) return empty('body');
    if (items.length > 20) return fail('51111', 'Maximum of 20 orders can be placed in bulk.');
    const results = items.map((item) => {
      const parsed = isWireObject(item)
        ? this.#parseOrder(item, call.account as Account, call.request.nowMs)
        : ({ ok: false, error: { code: '51000', msg: 'Parameter error', topLevel: false } } as const);
      return this.#placeParsed(call, item, parsed);
    });
    return tradeReply(call.request, results);
  }

  #placeParsed(call: Call, item: WireValue, parsed: ParsedOrder): Record<string, JsonValue> {
    const clOrdId = (isWireObject(item) ? wireText(item.clOrdId) : undefined) ?? '';
    const tag = (isWireObject(item) ? wireText(item.tag) : undefined) ?? '';
    const ts = String(call.request.nowMs);
    if (!parsed.ok)
      return { clOrdId, ordId: '', sCode: parsed.error.code, sMsg: parsed.error.msg, subCode: parsed.error.subCode ?? '', tag, ts };
    const result = this.#context.venue.place(parsed.place, call.request.nowMs);
    if (result.ok) return { clOrdId, ordId: result.order.id, sCode: '0', sMsg: 'Order placed', subCode: '', tag, ts };
    const error = rejection(result.reason, parsed.place, this.#context.venue.market(parsed.place.symbol));
    return { clOrdId, ordId: '', sCode: error.code, sMsg: error.msg, subCode: error.subCode ?? '', tag, ts };
  }

  #parseOrder(item: { [key: string]: WireValue }, account: Account, nowMs: number): ParsedOrder {
    const fault = (code: string, msg: string, topLevel = true, subCode?: string): ParsedOrder => ({
      ok: false,
      error: { code, msg, topLevel, ...(subCode ? { subCode } : {}) },
    });
    for (const name of ['instId', 'tdMode', 'side', 'ordType', 'sz']) {
      if (!wireText(item[name])) return fault('50014', `Parameter ${name} can not be empty.`);
    }
    const instId = wireText(item.instId) as string;
    const tdMode = wireText(item.tdMode) as string;
    const side = wireText(item.side) as string;
    const ordType = wireText(item.ordType) as string;
    const clOrdId = wireText(item.clOrdId) ?? '';
    const tag = wireText(item.tag) ?? '';
    const tgtCcy = wireText(item.tgtCcy) ?? '';
    const posSide = wireText(item.posSide) ?? '';
    if (clOrdId && !CLIENT_ID.test(clOrdId)) return fault('51000', 'Parameter clOrdId error');
    if (tag && !TAG.test(tag)) return fault('51000', 'Parameter tag error');
    if (side !== 'buy' && side !== 'sell') return fault('51000', 'Parameter side error');
    if (!ORD_TYPES.includes(ordType)) return fault('51000', 'Parameter ordType error');
    if (!['cash', 'cross', 'isolated', 'spot_isolated'].includes(tdMode)) return fault('51000', 'Parameter tdMode error');
    if (!['', 'base_ccy', 'quote_ccy'].includes(tgtCcy)) return fault('51000', 'Parameter tgtCcy error');
    const reduceOnlyValue = item.reduceOnly;
    const reduceOnly = reduceOnlyValue === true || wireText(reduceOnlyValue) === 'true';
    const market = marketByInstId(this.#context.venue, instId);
    if (!market) return fault('51001', UNKNOWN_INSTRUMENT, false);
    const size = positiveDecimal(wireText(item.sz));
    if (size === undefined) return fault('51000', 'Parameter sz error');
    const needsPrice = ordType !== 'market' && ordType !== 'optimal_limit_ioc';
    let price: Fixed | undefined;
    if (needsPrice) {
      const pxText = wireText(item.px);
      if (!pxText) return fault('50014', 'Parameter px can not be empty.');
      price = positiveDecimal(pxText);
      if (price === undefined || !isMultipleOf(price, market.tick)) return fault('51000', 'Parameter px error');
    }
    const spot = market.type === 'spot';
    if (spot && tdMode !== 'cash') return fault('51000', 'Parameter tdMode error');
    if (!spot && tdMode !== 'cross' && tdMode !== 'isolated') return fault('51000', 'Parameter tdMode error');
    if (spot && ordType === 'optimal_limit_ioc') return fault('51000', 'Parameter ordType error');
    if (spot && posSide) return fault('51000', 'Parameter posSide error');
    // Long/short mode needs posSide long|short on derivatives; net mode takes none or `net` (§3.2).
    const hedge = this.#hedgeMode.has(account.id);
    if (!spot && hedge && posSide !== 'long' && posSide !== 'short') return fault('51000', 'Parameter posSide error');
    if (!spot && !hedge && posSide && posSide !== 'net') return fault('51000', 'Parameter posSide error');
    if (spot && reduceOnly) return fault('51000', 'Parameter reduceOnly error');

    const type = needsPrice ? 'limit' : 'market';
    const view = legsGiven(item.attachAlgoOrds) ? this.#context.venue.ticker(market.symbol, nowMs) : undefined;
    const legs = parseAttachedLegs(item.attachAlgoOrds, market, side, {
      ...(price !== undefined ? { limit: price } : {}),
      bestBid: view?.bid.price ?? ZERO,
      bestAsk: view?.ask.price ?? ZERO,
    });
    if (!legs.ok) return fault(legs.code, legs.msg, false);
    const timeInForce =
      ordType === 'post_only' ? 'PO' : ordType === 'fok' ? 'FOK' : ordType === 'ioc' ? 'IOC' : type === 'market' ? 'IOC' : 'GTC';
    const place: PlaceRequest = {
      accountId: account.id,
      symbol: market.symbol,
      side,
      type,
      timeInForce,
      clientOrderId: clOrdId,
      reduceOnly: reduceOnly && !hedge,
      marginMode: tdMode as MarginMode,
      posSide: !spot && hedge ? (posSide as 'long' | 'short') : 'net',
      tags: { ordType, tdMode, tag, tgtCcy },
      ...(price !== undefined ? { price } : {}),
      ...(legs.legs ? { attached: legs.legs } : {}),
    };
    if (spot) {
      const quoteSized = type === 'market' && (tgtCcy === 'quote_ccy' || (side === 'buy' && tgtCcy === ''));
      if (quoteSized && side === 'sell') return fault('51000', 'Parameter tgtCcy error');
      if (quoteSized) {
        place.quoteAmount = size;
        return { ok: true, place };
      }
      if (!isMultipleOf(size, market.step)) return fault('51121', 'Order quantity must be a multiple of the lot size.', false);
      if (size < market.minAmount) return fault('51020', 'Your order should meet or exceed the minimum order amount.', false);
      place.amount = size;
      return { ok: true, place };
    }
    if (!isMultipleOf(size, fixed('1'))) return fault('51121', 'Order quantity must be a multiple of the lot size.', false);
    place.amount = mul(size, contractValue(market));
    return { ok: true, place };
  }

  #cancelOne(call: Call): SimReply {
    if (!isWireObject(call.body)) return invalid('body');
    const item = call.body;
    if (!wireText(item.instId)) return empty('instId');
    if (!wireText(item.ordId) && !wireText(item.clOrdId)) return fail('51003', 'Either client order ID or order ID is required.');
    return tradeReply(call.request, [this.#cancelItem(call, item)]);
  }

  #cancelBatch(call: Call): SimReply {
    const items = call.body;
    if (!Array.isArray(items) || items.length === 0) return empty('body');
    if (items.length > 20) return fail('51406', 'Canceled order count exceeds the limit 20.');
    return tradeReply(
      call.request,
      items.map((item) =>
        isWireObject(item)
          ? this.#cancelItem(call, item)
          : { clOrdId: '', ordId: '', sCode: '51000', sMsg: 'Parameter error', ts: String(call.request.nowMs) },
      ),
    );
  }

  #cancelItem(call: Call, item: { [key: string]: WireValue }): Record<string, JsonValue> {
    const ordId = wireText(item.ordId) ?? '';
    const clOrdId = wireText(item.clOrdId) ?? '';
    const ts = String(call.request.nowMs);
    const failure = (sCode: string, sMsg: string) => ({ clOrdId, ordId, sCode, sMsg, ts });
    const instId = wireText(item.instId);
    if (!instId) return failure('50014', 'Parameter instId can not be empty.');
    if (!ordId && !clOrdId) return failure('51003', 'Either client order ID or order ID is required.');
    const market = marketByInstId(this.#context.venue, instId);
    if (!market) return failure('51001', UNKNOWN_INSTRUMENT);
    const ref = ordId ? { id: ordId } : { clientOrderId: clOrdId };
    const result: CancelResult = this.#context.venue.cancel((call.account as Account).id, ref, market.symbol, call.request.nowMs);
    if (result.ok) return { clOrdId: result.order.clientOrderId, ordId: result.order.id, sCode: '0', sMsg: '', ts };
    if (result.reason === 'canceled') return failure('51401', 'Order has been canceled.');
    if (result.reason === 'filled') return failure('51402', 'Order has been completed.');
    return failure('51400', 'Order cancellation failed as the order has been filled, canceled or does not exist.');
  }

  #getOrder(call: Call): SimReply {
    const market = this.#marketParam(call);
    if ('status' in market) return market;
    const { query } = call.request;
    const ordId = query.get('ordId');
    const clOrdId = query.get('clOrdId');
    if (!ordId && !clOrdId) return fail('51003', 'Either client order ID or order ID is required.');
    const order = this.#context.venue.findOrder((call.account as Account).id, ordId ? { id: ordId } : { clientOrderId: clOrdId as string });
    if (!order || order.market.symbol !== market.symbol) return fail('51603', 'Order does not exist.');
    return ok([format.order(order)]);
  }

  /** Filters shared by the order lists; undefined when a parameter is malformed. */
  #orderFilter(call: Call): ((order: Order) => boolean) | SimReply {
    const { query } = call.request;
    const instType = query.get('instType');
    const instId = query.get('instId');
    const ordType = query.get('ordType');
    const state = query.get('state');
    if (instType && !INST_TYPES.includes(instType)) return invalid('instType');
    const after = query.get('after');
    const before = query.get('before');
    if ((after && !/^\d+$/.test(after)) || (before && !/^\d+$/.test(before))) return invalid(after ? 'after' : 'before');
    const begin = timeParam(query.get('begin'));
    const end = timeParam(query.get('end'));
    return (order) =>
      (!instType || instTypeOf(order.market) === instType) &&
      (!instId || instIdOf(order.market) === instId) &&
      (!ordType || ordType.split(',').includes(order.tags.ordType ?? order.type)) &&
      (!state || order.status === state) &&
      (!after || BigInt(order.id) < BigInt(after)) &&
      (!before || BigInt(order.id) > BigInt(before)) &&
      (begin === undefined || order.createdAt >= begin) &&
      (end === undefined || order.createdAt <= end);
  }

  #pending(call: Call): SimReply {
    const filter = this.#orderFilter(call);
    if ('status' in filter) return filter;
    const limit = intParam(call.request.query.get('limit'), 100, 1, 100);
    if (limit === undefined) return invalid('limit');
    const orders = this.#context.venue.openOrders((call.account as Account).id).filter(filter);
    return ok(orders.slice(0, limit).map(format.order));
  }

  #history(call: Call, horizonMs: number): SimReply {
    if (!call.request.query.get('instType')) return empty('instType');
    const filter = this.#orderFilter(call);
    if ('status' in filter) return filter;
    const limit = intParam(call.request.query.get('limit'), 100, 1, 100);
    if (limit === undefined) return invalid('limit');
    const since = call.request.nowMs - horizonMs;
    const orders = (call.account as Account).orders
      .filter((order) => !isOpen(order) && order.updatedAt >= since)
      .filter(filter)
      .reverse();
    return ok(orders.slice(0, limit).map(format.order));
  }

  #fills(call: Call, horizonMs: number, instTypeRequired: boolean): SimReply {
    const account = call.account as Account;
    const { query, nowMs } = call.request;
    const instType = query.get('instType');
    if (instTypeRequired && !instType) return empty('instType');
    if (instType && !INST_TYPES.includes(instType)) return invalid('instType');
    const instId = query.get('instId');
    const ordId = query.get('ordId');
    const after = query.get('after');
    const before = query.get('before');
    if ((after && !/^\d+$/.test(after)) || (before && !/^\d+$/.test(before))) return invalid(after ? 'after' : 'before');
    const begin = timeParam(query.get('begin'));
    const end = timeParam(query.get('end'));
    const limit = intParam(query.get('limit'), 100, 1, 100);
    if (limit === undefined) return invalid('limit');
    const venue = this.#context.venue;
    const rows: JsonValue[] = [];
    for (let i = account.fills.length - 1; i >= 0 && rows.length < limit; i--) {
      const fill = account.fills[i];
      if (!fill || fill.time < nowMs - horizonMs) break;
      const market = venue.market(fill.symbol) as MarketSpec;
      if (instType && instTypeOf(market) !== instType) continue;
      if (instId && instIdOf(market) !== instId) continue;
      if (ordId && fill.orderId !== ordId) continue;
      if (after && BigInt(fill.id) >= BigInt(after)) continue;
      if (before && BigInt(fill.id) <= BigInt(before)) continue;
      if (begin !== undefined && fill.time < begin) continue;
      if (end !== undefined && fill.time > end) continue;
      const tag = venue.findOrder(account.id, { id: fill.orderId })?.tags.tag ?? '';
      rows.push(format.fill(market, fill, tag));
    }
    return ok(rows);
  }
}

function legsGiven(value: WireValue | undefined): boolean {
  return Array.isArray(value) && value.length > 0;
}

function rejection(reason: PlaceRejection, place: PlaceRequest, market: MarketSpec | undefined): ItemError {
  switch (reason) {
    case 'insufficient-balance': {
      const currency = market ? (place.side === 'buy' ? market.quote : market.base) : '';
      return { code: '51008', msg: `Order failed. Insufficient ${currency} balance in account.`, subCode: '1000', topLevel: false };
    }
    case 'insufficient-margin':
      return {
        code: '51008',
        msg: `Order failed. Insufficient ${market?.settle ?? 'USDT'} margin in account.`,
        subCode: '1001',
        topLevel: false,
      };
    case 'duplicate-client-order-id':
      return { code: '51016', msg: 'Duplicated clOrdId', topLevel: false };
    case 'reduce-only-no-position':
      return {
        code: '51169',
        msg: "Order failed because you don't have any positions in this direction for this contract to reduce or close.",
        topLevel: false,
      };
    case 'unknown-symbol':
      return { code: '51001', msg: UNKNOWN_INSTRUMENT, topLevel: false };
  }
}
