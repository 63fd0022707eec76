/**
 * The whole read path — parse, error mapping, validation, normalization — on recorded payloads,
 * pinned as full unified objects (info included). The payloads reach the adapter as body text
 * through a Transport that answers by path, so a change to parsing, to the validation fast paths
 * or to number conversion that alters any field of any result fails here.
 */
import type { HttpRequest, HttpResponse, Transport } from '@exchange-adapters/core';
import { OkxExchange } from '../src/index.js';
import { CREDENTIALS, fixture, instrumentPayloads, ok, type RecordedJson, useNock } from './helpers.js';

/** Answers each path with a recorded body; the test is about what the adapter makes of it. */
function recordedVenue(routes: Record<string, (url: URL) => unknown>): Transport & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(request: HttpRequest): Promise<HttpResponse> {
      const url = new URL(request.url);
      sent.push(`${request.method} ${url.pathname}`);
      const route = routes[url.pathname];
      if (!route) return { status: 404, headers: {}, body: '{"code":404,"msg":"Not Found","data":{}}' };
      const reply = route(url);
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: typeof reply === 'string' ? reply : JSON.stringify(reply),
      };
    },
  };
}

function exchangeOn(routes: Record<string, (url: URL) => unknown>): OkxExchange {
  const instruments = instrumentPayloads();
  const transport = recordedVenue({
    '/api/v5/public/instruments': (url) => instruments[url.searchParams.get('instType') as 'SPOT' | 'SWAP' | 'FUTURES'],
    ...routes,
  });
  return new OkxExchange({ baseUrl: 'https://okx.test', ...CREDENTIALS, clockSync: false, retry: false, rateLimit: false, transport });
}

describe('OKX unified results on recorded payloads', () => {
  // helpers.js loads nock, which patches http on import: restore it after this file like the others.
  useNock();

  it('normalizes every recorded instrument into the same markets', async () => {
    const exchange = exchangeOn({});
    expect(await exchange.loadMarkets()).toMatchSnapshot();
  });

  it('normalizes a ticker, a book, trades and candles', async () => {
    const books = fixture('ws-books-snapshot').response.data;
    const exchange = exchangeOn({
      '/api/v5/market/ticker': () => fixture('ticker-docs-zh').response,
      '/api/v5/market/books': () => ok(books),
      '/api/v5/market/trades': () => fixture('trades-nautilus').response,
      '/api/v5/market/candles': () => fixture('candles').response,
    });
    expect(await exchange.fetchTicker('BTC/USD:BTC')).toMatchSnapshot('ticker');
    const book = await exchange.fetchOrderBook('BTC/USDT');
    expect(book.bids.length).toBe(8);
    expect(book).toMatchSnapshot('book');
    expect(await exchange.fetchTrades('BTC/USDT')).toMatchSnapshot('trades');
    expect(await exchange.fetchOHLCV('BTC/USDT', '1h')).toMatchSnapshot('candles');
  });

  it('normalizes a balance, positions, open and closed orders and an order ack', async () => {
    const pending = fixture('orders-pending-swap').response;
    const history = fixture('orders-history-swap').response;
    const ack = fixture('place-order-attached-sl').response;
    const exchange = exchangeOn({
      '/api/v5/account/balance': () => fixture('balance-docs').response,
      '/api/v5/account/positions': () => fixture('position-inverse-cross').response,
      '/api/v5/account/config': () => fixture('account-config').response,
      '/api/v5/trade/orders-pending': () => pending,
      '/api/v5/trade/orders-history': (url) => (url.searchParams.get('instType') === 'SWAP' ? history : ok([])),
      '/api/v5/trade/order': () => ack,
    });
    expect(await exchange.fetchBalance()).toMatchSnapshot('balance');
    expect(await exchange.fetchPositions()).toMatchSnapshot('positions');
    expect(await exchange.fetchOpenOrders()).toMatchSnapshot('open orders');
    expect(await exchange.fetchClosedOrders()).toMatchSnapshot('closed orders');
    const order = await exchange.createOrder({
      symbol: 'BTC/USDT:USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.01',
      price: '100000',
      clientOrderId: (ack.data as RecordedJson[])[0].clOrdId,
    });
    expect({ ...order, timestamp: typeof order.timestamp }).toMatchSnapshot('order ack');
  });
});
