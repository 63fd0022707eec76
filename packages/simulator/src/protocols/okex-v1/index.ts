/**
 * Legacy OKEx v1 front-end (`/api/v1/*.do`, protocols/okex-v1.md): public GETs, MD5 sort-signed
 * form POSTs, `{"result":false,"error_code":N}` errors with HTTP 200, HTTP 403 when an endpoint's
 * rate is exceeded. Futures are not simulated: every `future_*.do` answers 20028 (no such contract).
 */
import { createHash } from 'node:crypto';
import { div, type Fixed, formatFixed, isMultipleOf } from '../../decimal.js';
import { type BarSpec, barAfter, barOpenTimes, barStart, DURATION, fixedBar } from '../../engine/bars.js';
import type { MarketSpec } from '../../engine/markets.js';
import { type Account, isOpen, type Order, type PlaceRequest } from '../../engine/venue.js';
import { isWireObject, type JsonValue, num, parseWireJson, type WireValue, wireText } from '../../json.js';
import type { ApiKeyRecord } from '../../keys.js';
import type { Prng } from '../../random.js';
import { admit, type FrontEnd, type FrontEndContext, header, json, positiveDecimal, type SimReply, type SimRequest } from '../common.js';

interface Call {
  request: SimRequest;
  params: URLSearchParams;
  key?: ApiKeyRecord;
  account?: Account;
}

interface Route {
  signed: boolean;
  trade?: boolean;
  /** Requests per 2 s (protocols/okex-v1.md §6.1). */
  limit: number;
  handle: (call: Call) => SimReply;
}

const WINDOW_MS = 2_000;
const MAX_PRICE = 1_000_000n * 10n ** 18n;
const HISTORY_MS = 2 * 86_400_000;

const KLINE_TYPES: Record<string, BarSpec> = {
  '1min': fixedBar(DURATION.MINUTE),
  '3min': fixedBar(3 * DURATION.MINUTE),
  '5min': fixedBar(5 * DURATION.MINUTE),
  '15min': fixedBar(15 * DURATION.MINUTE),
  '30min': fixedBar(30 * DURATION.MINUTE),
  '1hour': fixedBar(DURATION.HOUR),
  '2hour': fixedBar(2 * DURATION.HOUR),
  '4hour': fixedBar(4 * DURATION.HOUR),
  '6hour': fixedBar(6 * DURATION.HOUR),
  '12hour': fixedBar(12 * DURATION.HOUR),
  '1day': fixedBar(DURATION.DAY),
  '3day': fixedBar(3 * DURATION.DAY),
  '1week': fixedBar(7 * DURATION.DAY),
};

function error(code: number): SimReply {
  return json(200, { result: false, error_code: code });
}

function html(status: number, title: string, text: string): SimReply {
  return {
    status,
    contentType: 'text/html',
    body: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<center>${text}</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
  };
}

/** MD5 over the sorted raw `name=value` pairs plus `&secret_key=…` at the end, upper-case hex (§4). */
export function okexV1Sign(params: Iterable<[string, string]>, secret: string): string {
  const pairs = [...params].filter(([name]) => name !== 'sign').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const text = `${pairs.map(([name, value]) => `${name}=${value}`).join('&')}&secret_key=${secret}`;
  return createHash('md5').update(text, 'utf8').digest('hex').toUpperCase();
}

const n = (value: Fixed): ReturnType<typeof num> => num(formatFixed(value, 12));

export class OkexV1FrontEnd implements FrontEnd {
  readonly id = 'okex-v1' as const;
  readonly #context: FrontEndContext;
  readonly #routes: Record<string, Route>;

  constructor(context: FrontEndContext) {
    this.#context = context;
    this.#routes = {
      'ticker.do': { signed: false, limit: 20, handle: (call) => this.#ticker(call) },
      'tickers.do': { signed: false, limit: 20, handle: (call) => this.#tickers(call) },
      'depth.do': { signed: false, limit: 20, handle: (call) => this.#depth(call) },
      'trades.do': { signed: false, limit: 20, handle: (call) => this.#trades(call) },
      'kline.do': { signed: false, limit: 20, handle: (call) => this.#kline(call) },
      'userinfo.do': { signed: true, limit: 6, handle: (call) => this.#userinfo(call) },
      'trade.do': { signed: true, trade: true, limit: 20, handle: (call) => this.#trade(call) },
      'batch_trade.do': { signed: true, trade: true, limit: 20, handle: (call) => this.#batchTrade(call) },
      'cancel_order.do': { signed: true, trade: true, limit: 20, handle: (call) => this.#cancel(call) },
      'order_info.do': { signed: true, limit: 20, handle: (call) => this.#orderInfo(call) },
      'orders_info.do': { signed: true, limit: 20, handle: (call) => this.#ordersInfo(call) },
      'order_history.do': { signed: true, limit: 20, handle: (call) => this.#orderHistory(call) },
    };
  }

  handles(path: string): boolean {
    return path.startsWith('/api/v1/');
  }

  rateLimitReply(): SimReply {
    return html(403, '403 Forbidden', 'Too many requests, IP is shielded');
  }

  unavailableReply(prng: Prng): SimReply {
    return prng.int(2) === 0 ? error(10002) : html(502, '502 Bad Gateway', 'The server is temporarily unavailable');
  }

  handle(request: SimRequest): SimReply {
    const name = request.path.slice('/api/v1/'.length);
    const route = this.#routes[name];
    if (!route) {
      if (name.startsWith('future_') && name.endsWith('.do')) return error(20028);
      return html(404, '404 Not Found', 'The requested URL was not found on this server');
    }
    const call: Call = { request, params: request.query };
    if (route.signed) {
      const authenticated = this.#authenticate(request);
      if ('status' in authenticated) return authenticated;
      call.params = authenticated.params;
      call.key = authenticated.key;
      call.account = this.#context.venue.account(authenticated.key.accountId);
    }
    const scope = call.key ? `key:${call.key.apiKey}` : `ip:${request.ip}`;
    if (!admit(this.#context, [{ key: `okex-v1:${scope}:${name}`, limit: route.limit, windowMs: WINDOW_MS, cost: 1 }], request)) {
      return this.rateLimitReply();
    }
    if (route.trade && call.key?.permission !== 'trade') return error(10017);
    this.#context.venue.sync(request.nowMs);
    return route.handle(call);
  }

  #authenticate(request: SimRequest): { key: ApiKeyRecord; params: URLSearchParams } | SimReply {
    if (request.method !== 'POST') return error(10000);
    const contentType = header(request, 'content-type') ?? '';
    if (!contentType.toLowerCase().includes('application/x-www-form-urlencoded')) return error(10000);
    const params = new URLSearchParams(request.bodyText);
    const apiKey = params.get('api_key');
    const sign = params.get('sign');
    if (!apiKey || !sign) return error(10000);
    const key = this.#context.keys.find('okex-v1', apiKey);
    if (!key) return error(10006);
    if (okexV1Sign(params, key.secret) !== sign) return error(10007);
    // The old OKCoin table words 10004 as "not allowed due to IP constraint" (protocols/okex-v1.md §5.1).
    if (key.ipWhitelist && !key.ipWhitelist.includes(request.ip)) return error(10004);
    return { key, params };
  }

  #market(call: Call): MarketSpec | undefined {
    const symbol = call.params.get('symbol') ?? '';
    return this.#context.venue.markets.find((market) => `${market.base}_${market.quote}`.toLowerCase() === symbol);
  }

  /** Public endpoints answer unknown pairs with a bare `{"error_code":1007}` (§3.6). */
  #publicMarket(call: Call): MarketSpec | SimReply {
    if (!call.params.get('symbol')) return json(200, { error_code: 10000 });
    return this.#market(call) ?? json(200, { error_code: 1007 });
  }

  #privateMarket(call: Call): MarketSpec | SimReply {
    if (!call.params.get('symbol')) return error(10000);
    return this.#market(call) ?? error(1007);
  }

  // ---- public --------------------------------------------------------------------------------

  #tickerFields(market: MarketSpec, nowMs: number): Record<string, JsonValue> {
    const view = this.#context.venue.ticker(market.symbol, nowMs);
    if (!view) throw new Error(`no ticker for ${market.symbol}`);
    const f = (value: Fixed) => formatFixed(value, 8);
    return {
      buy: f(view.bid.price),
      high: f(view.high24h),
      last: f(view.last),
      low: f(view.low24h),
      sell: f(view.ask.price),
      vol: f(view.volume24h),
    };
  }

  #ticker(call: Call): SimReply {
    const market = this.#publicMarket(call);
    if ('status' in market) return market;
    return json(200, { date: String(Math.floor(call.request.nowMs / 1000)), ticker: this.#tickerFields(market, call.request.nowMs) });
  }

  #tickers(call: Call): SimReply {
    const tickers = this.#context.venue.markets.map((market) => ({
      symbol: `${market.base}_${market.quote}`.toLowerCase(),
      ...this.#tickerFields(market, call.request.nowMs),
    }));
    return json(200, { date: String(Math.floor(call.request.nowMs / 1000)), tickers });
  }

  #depth(call: Call): SimReply {
    const market = this.#publicMarket(call);
    if ('status' in market) return market;
    const sizeText = call.params.get('size');
    const size = sizeText ? Number(sizeText) : 200;
    if (!Number.isInteger(size) || size < 1 || size > 200) return json(200, { error_code: 10008 });
    const book = this.#context.venue.book(market.symbol, size, call.request.nowMs);
    if (!book) return json(200, { error_code: 1007 });
    // Asks come highest first, best ask last, as the real API sent them (§3.3).
    return json(200, {
      asks: [...book.asks].reverse().map((level) => [n(level.price), n(level.size)]),
      bids: book.bids.map((level) => [n(level.price), n(level.size)]),
    });
  }

  #trades(call: Call): SimReply {
    const market = this.#publicMarket(call);
    if ('status' in market) return market;
    const sinceText = call.params.get('since');
    if (sinceText && !/^\d+$/.test(sinceText)) return json(200, { error_code: 10008 });
    const since = sinceText ? Number(sinceText) : undefined;
    const recent = this.#context.venue.trades(market.symbol, 600, call.request.nowMs).reverse();
    const after = since === undefined ? recent.slice(-60) : recent.filter((trade) => trade.tradeId > since).slice(0, 60);
    return json(
      200,
      after.map((trade) => ({
        date: String(Math.floor(trade.time / 1000)),
        date_ms: String(trade.time),
        price: n(trade.price),
        amount: n(trade.amount),
        tid: String(trade.tradeId),
        type: trade.takerSide,
      })),
    );
  }

  #kline(call: Call): SimReply {
    const market = this.#publicMarket(call);
    if ('status' in market) return market;
    const type = call.params.get('type');
    if (!type) return json(200, { error_code: 10000 });
    const bar = KLINE_TYPES[type];
    if (!bar) return json(200, { error_code: 1025 });
    const sizeText = call.params.get('size');
    const sinceText = call.params.get('since');
    if ((sizeText && !/^\d+$/.test(sizeText)) || (sinceText && !/^\d+$/.test(sinceText))) return json(200, { error_code: 10008 });
    const size = Math.min(sizeText ? Number(sizeText) || 2000 : 2000, 2000);
    const { nowMs } = call.request;
    let opens: number[];
    if (sinceText) {
      opens = [];
      let open = barStart(bar, Number(sinceText));
      if (open < Number(sinceText)) open = barAfter(bar, open);
      while (opens.length < size && open <= nowMs) {
        opens.push(open);
        open = barAfter(bar, open);
      }
    } else {
      opens = barOpenTimes(bar, nowMs, size).reverse();
    }
    const data = this.#context.venue.marketData;
    return json(
      200,
      opens.map((open) => {
        const candle = data.candle(market, open, barAfter(bar, open) - open, nowMs);
        return [open, n(candle.open), n(candle.high), n(candle.low), n(candle.close), n(candle.volume)];
      }),
    );
  }

  // ---- account and orders --------------------------------------------------------------------

  #userinfo(call: Call): SimReply {
    const views = this.#context.venue.balances((call.account as Account).id, 'spot', call.request.nowMs);
    const free: Record<string, JsonValue> = {};
    const freezed: Record<string, JsonValue> = {};
    for (const view of views) {
      free[view.currency.toLowerCase()] = formatFixed(view.available, 12);
      freezed[view.currency.toLowerCase()] = formatFixed(view.frozen, 12);
    }
    return json(200, { info: { funds: { free, freezed } }, result: true });
  }

  /** One order from v1 parameters; a number is the error code to answer with. */
  #parseOrder(
    market: MarketSpec,
    account: Account,
    type: string | undefined,
    priceText: string | undefined,
    amountText: string | undefined,
  ): PlaceRequest | number {
    if (!type) return 1013;
    if (!['buy', 'sell', 'buy_market', 'sell_market'].includes(type)) return 10101;
    const marketOrder = type.endsWith('_market');
    const side = type.startsWith('buy') ? 'buy' : 'sell';
    const request: PlaceRequest = {
      accountId: account.id,
      symbol: market.symbol,
      side,
      type: marketOrder ? 'market' : 'limit',
      timeInForce: marketOrder ? 'IOC' : 'GTC',
      clientOrderId: '',
      marginMode: 'cash',
      posSide: 'net',
      tags: { v1Type: type },
    };
    if (type === 'buy_market') {
      // buy_market spends `price` units of the quote currency (§3.2).
      if (!priceText) return 10000;
      const quote = positiveDecimal(priceText);
      if (quote === undefined) return 10014;
      request.quoteAmount = quote;
      return request;
    }
    if (!amountText) return 10000;
    const amount = positiveDecimal(amountText);
    if (amount === undefined) return 1027;
    if (!isMultipleOf(amount, market.step)) return 1028;
    if (amount < market.minAmount) return 10011;
    request.amount = amount;
    if (type === 'sell_market') return request;
    if (!priceText) return 10000;
    const price = positiveDecimal(priceText);
    if (price === undefined || price >= MAX_PRICE) return 10014;
    if (!isMultipleOf(price, market.tick)) return 1028;
    request.price = price;
    return request;
  }

  #place(request: PlaceRequest, nowMs: number): Order | number {
    const result = this.#context.venue.place(request, nowMs);
    if (result.ok) return result.order;
    return result.reason === 'unknown-symbol' ? 1007 : 10010;
  }

  #trade(call: Call): SimReply {
    const market = this.#privateMarket(call);
    if ('status' in market) return market;
    const parsed = this.#parseOrder(
      market,
      call.account as Account,
      call.params.get('type') ?? undefined,
      call.params.get('price') ?? undefined,
      call.params.get('amount') ?? undefined,
    );
    if (typeof parsed === 'number') return error(parsed);
    const placed = this.#place(parsed, call.request.nowMs);
    if (typeof placed === 'number') return error(placed);
    return json(200, { result: true, order_id: num(placed.id) });
  }

  /** `orders_data` is a JS-style literal with bare keys and single quotes (§3.2). */
  #parseOrdersData(text: string): WireValue[] | undefined {
    const normalized = text.replace(/'/g, '"').replace(/([{,]\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:/g, '$1"$2":');
    const parsed = parseWireJson(normalized);
    return Array.isArray(parsed) ? parsed : undefined;
  }

  #batchTrade(call: Call): SimReply {
    const market = this.#privateMarket(call);
    if ('status' in market) return market;
    const dataText = call.params.get('orders_data');
    if (!dataText) return error(10000);
    const items = this.#parseOrdersData(dataText);
    if (!items || items.length === 0 || items.length > 5) return error(10008);
    const defaultType = call.params.get('type') ?? undefined;
    let placedAny = false;
    const orderInfo = items.map((item) => {
      if (!isWireObject(item)) return { error_code: 10008, order_id: -1 };
      const parsed = this.#parseOrder(
        market,
        call.account as Account,
        wireText(item.type) ?? defaultType,
        wireText(item.price),
        wireText(item.amount),
      );
      const placed = typeof parsed === 'number' ? parsed : this.#place(parsed, call.request.nowMs);
      if (typeof placed === 'number') return { error_code: placed, order_id: -1 };
      placedAny = true;
      return { order_id: num(placed.id) };
    });
    return json(200, { order_info: orderInfo, result: placedAny });
  }

  #cancel(call: Call): SimReply {
    const market = this.#privateMarket(call);
    if ('status' in market) return market;
    const idsText = call.params.get('order_id');
    if (!idsText) return error(10000);
    const ids = idsText.split(',');
    if (ids.length > 3 || ids.some((id) => !/^\d+$/.test(id))) return error(10008);
    const venue = this.#context.venue;
    const account = call.account as Account;
    const outcomes = ids.map((id) => {
      const result = venue.cancel(account.id, { id }, market.symbol, call.request.nowMs);
      if (result.ok) return 0;
      return result.reason === 'not-found' ? 10009 : result.reason === 'canceled' ? 10050 : 10051;
    });
    if (ids.length === 1) {
      const code = outcomes[0] as number;
      return code === 0 ? json(200, { result: true, order_id: ids[0] as string }) : error(code);
    }
    return json(200, {
      success: ids.filter((_, i) => outcomes[i] === 0).join(','),
      error: ids.filter((_, i) => outcomes[i] !== 0).join(','),
    });
  }

  #orderJson(order: Order, withDuplicateId: boolean): Record<string, JsonValue> {
    const type = order.tags.v1Type ?? order.side;
    const average = order.filled > 0n ? div(order.cost, order.filled) : 0n;
    const price = type === 'buy_market' ? (order.quoteAmount ?? 0n) : type === 'sell_market' ? average : (order.price ?? 0n);
    return {
      amount: n(order.amount),
      avg_price: n(average),
      create_date: order.createdAt,
      deal_amount: n(order.filled),
      order_id: num(order.id),
      ...(withDuplicateId ? { orders_id: num(order.id) } : {}),
      price: n(price),
      status: order.status === 'live' ? 0 : order.status === 'partially_filled' ? 1 : order.status === 'filled' ? 2 : -1,
      symbol: `${order.market.base}_${order.market.quote}`.toLowerCase(),
      type,
    };
  }

  #orderInfo(call: Call): SimReply {
    const market = this.#privateMarket(call);
    if ('status' in market) return market;
    const id = call.params.get('order_id');
    if (!id) return error(10000);
    const venue = this.#context.venue;
    const account = call.account as Account;
    if (id === '-1') {
      const open = venue.openOrders(account.id, market.symbol);
      return json(200, { result: true, orders: open.map((order) => this.#orderJson(order, true)) });
    }
    if (!/^\d+$/.test(id)) return error(10008);
    const order = venue.findOrder(account.id, { id });
    // Unknown ids answer an empty list, not an error (issue #124 in §0).
    const orders = order && order.market === market ? [this.#orderJson(order, true)] : [];
    return json(200, { result: true, orders });
  }

  #ordersInfo(call: Call): SimReply {
    const market = this.#privateMarket(call);
    if ('status' in market) return market;
    const type = call.params.get('type');
    const idsText = call.params.get('order_id');
    if (!type || !idsText) return error(10000);
    if (type !== '0' && type !== '1') return error(10008);
    const ids = idsText.split(',');
    if (ids.length > 50 || ids.some((id) => !/^\d+$/.test(id))) return error(10008);
    const venue = this.#context.venue;
    const account = call.account as Account;
    const orders = ids
      .map((id) => venue.findOrder(account.id, { id }))
      .filter((order): order is Order => order !== undefined && order.market === market && isOpen(order) === (type === '0'));
    return json(200, { result: true, orders: orders.map((order) => this.#orderJson(order, false)) });
  }

  #orderHistory(call: Call): SimReply {
    const market = this.#privateMarket(call);
    if ('status' in market) return market;
    const status = call.params.get('status');
    const pageText = call.params.get('current_page');
    const lengthText = call.params.get('page_length');
    if (!status || !pageText || !lengthText) return error(10000);
    if ((status !== '0' && status !== '1') || !/^\d+$/.test(pageText) || !/^\d+$/.test(lengthText)) return error(10008);
    const pageLength = Number(lengthText);
    if (pageLength < 1 || pageLength > 200) return error(10008);
    const page = Math.max(1, Number(pageText));
    const since = call.request.nowMs - HISTORY_MS;
    const orders = (call.account as Account).orders
      .filter((order) => order.market === market && isOpen(order) === (status === '0') && order.updatedAt >= since)
      .reverse();
    const slice = orders.slice((page - 1) * pageLength, page * pageLength);
    return json(200, {
      current_page: page,
      orders: slice.map((order) => this.#orderJson(order, false)),
      page_length: pageLength,
      result: true,
      total: orders.length,
    });
  }
}
