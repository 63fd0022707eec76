/**
 * WEEX ws.ts on recorded payloads (shared/fixtures/weex/ws-*): frames, server pings and PONG,
 * acks by request id, `result:false` refusals → kinds, the upgrade signature (vector 5), the
 * U/u depth rule, every channel's payload normalized with its values checked, and wsUrl per
 * socket kind.
 */
import { isExchangeError, type Market } from '@exchange-adapters/core';
import { BookState, type WsBookChannel } from '@exchange-adapters/core/adapter';
import { WEEX_STREAMS, weexWsUrls } from '../src/index.js';
import { parseContractMarket, parseSpotMarket } from '../src/normalize.js';
import type { ContractSymbol, SpotSymbol } from '../src/schemas.js';
import {
  classifyWeexWsError,
  createWeexWsSpec,
  parseWeexFrame,
  weexBookSequence,
  weexChannelKey,
  weexUpgradeRefusal,
} from '../src/streams.js';
import { loadFixture, responseText } from './fixtures.js';

const SECRET = 'weex-test-secret-0123456789';
const spotRecord = (loadFixture('spot-instruments-weexnet').response as { symbols: SpotSymbol[] }).symbols[0] as SpotSymbol;
const futuresRecord = (loadFixture('futures-instruments-weexnet').response as { symbols: ContractSymbol[] }).symbols[0] as ContractSymbol;
// The public captures are of ETHUSDT, the private ones of BTCUSDT: ETHUSDT is BTCUSDT's record renamed.
const markets: Market[] = [
  parseSpotMarket(spotRecord),
  parseContractMarket(futuresRecord),
  parseSpotMarket({ ...spotRecord, symbol: 'ETHUSDT', baseAsset: 'ETH' }),
  parseContractMarket({ ...futuresRecord, symbol: 'ETHUSDT', baseAsset: 'ETH' }),
];
const marketById = (id: string, type?: Market['type']) => markets.find((market) => market.id === id && (!type || market.type === type));
const market = (id: string, type: Market['type']) => marketById(id, type) as Market;

const urls = weexWsUrls({
  'spot-public': 'ws://127.0.0.1:1/v3/ws/public',
  'spot-private': 'ws://127.0.0.1:1/v3/ws/private',
  'contract-public': 'ws://127.0.0.1:1/capi/v3/ws/public',
  'contract-private': 'ws://127.0.0.1:1/capi/v3/ws/private',
});
const spec = createWeexWsSpec({ urls, userAgent: 'test-agent', context: { marketById } });
const channels = spec.channels as Required<typeof spec.channels>;
const push = (name: string) => loadFixture(name).response;

describe('WEEX WebSocket frames', () => {
  it('answers public and private server pings with PONG, and reads a PONG echo', () => {
    expect(parseWeexFrame(responseText('ws-ping-public'), 'spot-public')).toEqual({
      type: 'ping',
      reply: JSON.stringify({ id: '1776078750000', method: 'PONG' }),
    });
    expect(parseWeexFrame(responseText('ws-ping-private'), 'contract-private')).toEqual({
      type: 'ping',
      reply: JSON.stringify({ id: '1776172740000', method: 'PONG' }),
    });
    expect(parseWeexFrame('{"id":"5","method":"PONG"}', 'spot-public')).toEqual({ type: 'pong' });
  });

  it('subscribes with SUBSCRIBE/UNSUBSCRIBE frames and reads acks by request id', () => {
    expect(JSON.parse(spec.subscribe(['ETHUSDT@depth15', 'ETHUSDT@trade'], '7n1'))).toEqual({
      method: 'SUBSCRIBE',
      params: ['ETHUSDT@depth15', 'ETHUSDT@trade'],
      id: '7n1',
    });
    expect(JSON.parse(spec.unsubscribe(['orders'], '7n2'))).toEqual({ method: 'UNSUBSCRIBE', params: ['orders'], id: '7n2' });
    const ack = loadFixture('ws-spot-orderbook-weexnet') as unknown as { ack: unknown };
    expect(parseWeexFrame(JSON.stringify(ack.ack), 'spot-public')).toEqual({ type: 'ack', requestId: '|1|' });
    expect(parseWeexFrame('{"result":true,"id":12}', 'spot-public')).toEqual({ type: 'ack', requestId: '12' });
  });

  it('turns a result:false reply into an error frame tied to its request, classified with a hint', () => {
    const frame = parseWeexFrame(responseText('error-ws-invalid-symbol'), 'spot-public');
    expect(frame).toEqual({
      type: 'error',
      code: 'INVALID_ARGUMENT',
      message: 'INVALID_ARGUMENT: invalid symbol : ASDFS_SPBL',
      requestId: '1',
    });
    const spec_ = classifyWeexWsError('INVALID_ARGUMENT', 'INVALID_ARGUMENT: invalid symbol : ASDFS_SPBL');
    expect(spec_.kind).toBe('InvalidSymbol');
    expect(spec_.hint).toMatch(/exchange\.markets/);
    expect(classifyWeexWsError('INVALID_ARGUMENT', 'INVALID_ARGUMENT: invalid channel : foo')).toMatchObject({
      kind: 'BadRequest',
      hint: expect.stringMatching(/argument/),
    });
    expect(classifyWeexWsError('result:false', 'Too many requests: at most 240 subscribe/unsubscribe requests')).toMatchObject({
      kind: 'RateLimited',
      retryable: true,
      hint: expect.stringMatching(/100 channels per connection and 240/),
    });
  });

  it('reads garbage as a notice and never throws', () => {
    expect(parseWeexFrame('<html>502</html>', 'spot-public')).toMatchObject({ type: 'notice' });
    expect(parseWeexFrame('[1,2]', 'spot-public')).toEqual({ type: 'ignore' });
    expect(parseWeexFrame('{"e":"mystery","s":"ETHUSDT"}', 'spot-public')).toMatchObject({ type: 'notice' });
  });

  it('routes every recorded push to the subscription its channel builder makes, per socket kind', () => {
    const route = (name: string, endpoint: string) => (parseWeexFrame(responseText(name), endpoint) as { key?: string }).key;
    expect(route('ws-spot-ticker-weexnet', 'spot-public')).toBe(channels.ticker(market('ETHUSDT', 'spot')).key);
    expect(route('ws-futures-ticker-weexnet', 'contract-public')).toBe(channels.ticker(market('ETHUSDT', 'swap')).key);
    expect(route('ws-spot-orderbook-weexnet', 'spot-public')).toBe(channels.orderBook(market('ETHUSDT', 'spot'), 15).key);
    expect(route('ws-futures-orderbook-weexnet', 'contract-public')).toBe(channels.orderBook(market('ETHUSDT', 'swap'), 10).key);
    expect(route('ws-spot-trades-weexnet', 'spot-public')).toBe(channels.trades(market('ETHUSDT', 'spot')).key);
    // The Weex.Net capture subscribed 1m but carries a 1d candle: a push is routed by its own interval.
    expect(route('ws-spot-kline-weexnet', 'spot-public')).toBe(channels.ohlcv(market('ETHUSDT', 'spot'), '1d').key);
    expect(route('ws-spot-orders-weexnet', 'spot-private')).toBe(channels.orders(market('BTCUSDT', 'spot')).key);
    expect(route('ws-futures-orders-weexnet', 'contract-private')).toBe(channels.orders(market('BTCUSDT', 'swap')).key);
    expect(route('ws-futures-fills-weexnet', 'contract-private')).toBe(channels.myTrades(market('BTCUSDT', 'swap')).key);
    expect(route('ws-spot-account-weexnet', 'spot-private')).toBe(channels.balance('spot').key);
    expect(route('ws-futures-positions-weexnet', 'contract-private')).toBe(channels.positions().key);
    // Spot and futures name the market alike; the socket kind keeps their subscriptions apart.
    expect(channels.ticker(market('ETHUSDT', 'spot')).key).toBe(weexChannelKey('spot-public', 'ETHUSDT@ticker'));
    expect(channels.ticker(market('ETHUSDT', 'swap')).key).toBe(weexChannelKey('contract-public', 'ETHUSDT@ticker'));
  });
});

describe('WEEX private sockets', () => {
  it('signs the private upgrade as vector 5 and sends a User-Agent on every socket', () => {
    const credentials = { apiKey: 'key', secret: SECRET, passphrase: 'phrase' };
    expect(spec.upgradeHeaders?.('spot-private', credentials, 1_764_505_776_347)).toEqual({
      headers: {
        'User-Agent': 'test-agent',
        'ACCESS-KEY': 'key',
        'ACCESS-PASSPHRASE': 'phrase',
        'ACCESS-TIMESTAMP': '1764505776347',
        'ACCESS-SIGN': 'fwKvimgcmpi7KbHELYZHNo8e5dkoCRad3JUAqvU4kgI=',
      },
      authenticated: true,
    });
    // The futures socket signs the same path: WEEX's rule, whatever URL the socket has.
    expect(spec.upgradeHeaders?.('contract-private', credentials, 1_764_505_776_347)?.headers['ACCESS-SIGN']).toBe(
      'fwKvimgcmpi7KbHELYZHNo8e5dkoCRad3JUAqvU4kgI=',
    );
    expect(spec.upgradeHeaders?.('spot-public', credentials, 1_764_505_776_347)).toEqual({
      headers: { 'User-Agent': 'test-agent' },
      authenticated: false,
    });
  });

  it('reads a refused upgrade body as REST reads the code', () => {
    expect(weexUpgradeRefusal(401, '{"code":-1046,"msg":"Request timestamp expired"}')).toMatchObject({ kind: 'TimestampExpired' });
    expect(weexUpgradeRefusal(401, '{"code":-1047,"msg":"API authentication failed"}')).toMatchObject({
      kind: 'AuthInvalid',
      exchangeCode: '-1047',
    });
    expect(weexUpgradeRefusal(401, '<html>')).toBeUndefined();
  });

  it('refuses what it cannot stream before anything is sent', () => {
    expect(() => channels.orders(undefined)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => channels.myTrades(undefined)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => channels.balance('swap')).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
    const demo = createWeexWsSpec({ urls, userAgent: 'x', demo: true, context: { marketById } });
    expect(() => demo.channels.positions?.()).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
    expect(() => demo.channels.ticker?.(market('ETHUSDT', 'swap'))).not.toThrow();
  });

  it('offers every watch method', () => {
    expect(WEEX_STREAMS).toEqual({
      watchTicker: true,
      watchOrderBook: true,
      watchTrades: true,
      watchOHLCV: true,
      watchOrders: true,
      watchMyTrades: true,
      watchBalance: true,
      watchPositions: true,
    });
  });
});

describe('WEEX wsUrl', () => {
  it('defaults to the live hosts, spot and futures apart', () => {
    expect(weexWsUrls()).toEqual({
      'spot-public': 'wss://ws-spot.weex.com/v3/ws/public',
      'spot-private': 'wss://ws-spot.weex.com/v3/ws/private',
      'contract-public': 'wss://ws-contract.weex.com/v3/ws/public',
      'contract-private': 'wss://ws-contract.weex.com/v3/ws/private',
    });
  });

  it('takes one origin for the spot sockets only, since the futures ones share their paths', () => {
    const single = weexWsUrls('ws://127.0.0.1:9000/');
    expect(single).toEqual({ 'spot-public': 'ws://127.0.0.1:9000/v3/ws/public', 'spot-private': 'ws://127.0.0.1:9000/v3/ws/private' });
    const origin = createWeexWsSpec({ urls: single, userAgent: 'x', context: { marketById } });
    let refusal: unknown;
    try {
      origin.channels.orderBook?.(market('ETHUSDT', 'swap'), 15);
    } catch (error) {
      refusal = error;
    }
    expect(isExchangeError(refusal, 'NotSupported')).toBe(true);
    expect((refusal as { hint: string }).hint).toMatch(/contract-public/);
    expect(origin.channels.orderBook?.(market('ETHUSDT', 'spot'), 15).endpoint).toBe('spot-public');
  });
});

describe('WEEX books', () => {
  const frames = (channel: WsBookChannel, message: unknown) => channel.parse(message);

  it('reads a delta with U/u and applies the depth rule', () => {
    const channel = channels.orderBook(market('ETHUSDT', 'spot'), 15);
    expect(channel).toMatchObject({ depth: 15, snapshot: 'channel', amountMultiplier: 1, arg: 'ETHUSDT@depth15' });
    expect(channels.orderBook(market('ETHUSDT', 'spot'), 400)).toMatchObject({ depth: 200, arg: 'ETHUSDT@depth200' });
    const [delta] = frames(channel, push('ws-spot-orderbook-weexnet'));
    expect(delta).toEqual({
      snapshot: false,
      bids: [['2048.74', '1.18796']],
      asks: [['2048.75', '1.18796']],
      sequence: 971193552,
      prevSequence: 971193541,
      timestamp: 1775118171935,
    });
    expect(weexBookSequence(971193540, delta as never)).toBe('apply');
    expect(weexBookSequence(971193545, delta as never)).toBe('apply'); // overlapping: absolute sizes as of u
    expect(weexBookSequence(971193552, delta as never)).toBe('skip');
    expect(weexBookSequence(971193539, delta as never)).toBe('gap');
    expect(weexBookSequence(undefined, delta as never)).toBe('gap');
  });

  it('takes a depthSnapshot as the book and applies deltas over it, size 0 removing a level', () => {
    const channel = channels.orderBook(market('ETHUSDT', 'swap'), 15);
    const snapshot = {
      e: 'depthSnapshot',
      E: 1775120521000,
      s: 'ETHUSDT',
      u: 14104794688,
      l: 15,
      d: 'SNAPSHOT',
      b: [
        ['2043.20', '12.5'],
        ['2043.10', '3'],
      ],
      a: [['2043.21', '9']],
    };
    const state = new BookState({ symbol: 'ETH/USDT:USDT', depth: 15, amountMultiplier: 1, keepText: false });
    const [full] = frames(channel, snapshot);
    expect(full?.snapshot).toBe(true);
    expect(weexBookSequence(undefined, full as never)).toBe('apply');
    state.apply(full as never);
    const [delta] = frames(channel, {
      ...(push('ws-futures-orderbook-weexnet') as object),
      b: [
        ['2043.20', '40.724'],
        ['2043.10', '0'],
      ],
    });
    expect(weexBookSequence(state.sequence, delta as never)).toBe('apply');
    state.apply(delta as never);
    expect(state.toOrderBook(15)).toEqual({
      symbol: 'ETH/USDT:USDT',
      sequence: 14104794703,
      timestamp: 1775120521971,
      bids: [[2043.2, 40.724]],
      asks: [[2043.21, 46.901]],
    });
  });
});

describe('WEEX payloads → unified types', () => {
  it('normalizes spot and futures tickers', () => {
    const [spot] = channels.ticker(market('ETHUSDT', 'spot')).parse(push('ws-spot-ticker-weexnet'), 0);
    expect(spot).toMatchObject({
      symbol: 'ETH/USDT',
      timestamp: 1775117700000,
      last: 2050.15,
      open: 2126.48,
      high: 2167.84,
      low: 2039.23,
      baseVolume: 203103.73511,
      quoteVolume: 430000249.8506988,
      bid: undefined,
      ask: undefined,
    });
    const [futures] = channels.ticker(market('ETHUSDT', 'swap')).parse(push('ws-futures-ticker-weexnet'), 0);
    expect(futures).toMatchObject({ symbol: 'ETH/USDT:USDT', last: 2045.89, baseVolume: 760383.679, timestamp: 1775119500000 });
  });

  it('normalizes trades: m (buyer is maker) means the taker sold', () => {
    const [trade] = channels.trades(market('ETHUSDT', 'spot')).parse(push('ws-spot-trades-weexnet'), 0);
    expect(trade).toEqual({
      id: '8cd20870-d3b0-41d8-91bb-ccdfbdd6576f',
      symbol: 'ETH/USDT',
      timestamp: 1775118619691,
      side: 'sell',
      price: 2050.56,
      amount: 0.02625,
      cost: 53.8272,
      takerOrMaker: 'taker',
      info: expect.any(Object),
    });
    expect(channels.trades(market('ETHUSDT', 'spot')).parse({ e: 'tradeSnapshot', s: 'ETHUSDT', d: [{}] }, 0)).toEqual([]);
  });

  it('normalizes candles', () => {
    expect(channels.ohlcv(market('ETHUSDT', 'spot'), '1d').parse(push('ws-spot-kline-weexnet'), 0)).toEqual([
      [1775088000000, 2140.35, 2159.37, 2039.23, 2049.42, 80563.02764],
    ]);
    expect(channels.ohlcv(market('ETHUSDT', 'spot'), '1m').arg).toBe('ETHUSDT@kline_1m_LAST_PRICE');
  });

  it('normalizes a filled spot market buy: amount is what filled, fee in the base coin', () => {
    const [order] = channels.orders(market('BTCUSDT', 'spot')).parse(push('ws-spot-orders-weexnet'), 0);
    expect(order).toMatchObject({
      id: '625138763307155610',
      clientOrderId: '1749044695347g1xrdKa2xuDzbDHgTTkbu',
      symbol: 'BTC/USDT',
      type: 'market',
      side: 'buy',
      status: 'closed',
      amount: 0.000952,
      filled: 0.000952,
      remaining: 0,
      cost: 99.967616,
      average: 105008,
      timestamp: 1749044695689,
      lastUpdateTimestamp: 1749044695720,
      timeInForce: 'IOC',
      fee: { currency: 'BTC', cost: 0.00000095 },
    });
    expect(order?.price).toBeUndefined();
    expect(order?.reduceOnly).toBeUndefined();
  });

  it('normalizes a pending futures order, and a fill with its price, fee and maker/taker', () => {
    const [order] = channels.orders(market('BTCUSDT', 'swap')).parse(push('ws-futures-orders-weexnet'), 0);
    expect(order).toMatchObject({
      id: '617414920861909658',
      symbol: 'BTC/USDT:USDT',
      status: 'open',
      amount: 0.1,
      filled: 0,
      remaining: 0.1,
      reduceOnly: false,
      fee: { currency: 'USDT', cost: 0 },
    });
    const [fill] = channels.myTrades(market('BTCUSDT', 'swap')).parse(push('ws-futures-fills-weexnet'), 0);
    expect(fill).toEqual({
      id: '617414920887075482',
      symbol: 'BTC/USDT:USDT',
      timestamp: 1747203188154,
      side: 'buy',
      price: 103812.7,
      amount: 0.1,
      cost: 10381.27,
      orderId: '617414920861909658',
      takerOrMaker: 'taker',
      fee: { currency: 'USDT', cost: 6.228762 },
      info: expect.any(Object),
    });
  });

  it('keeps 18-digit ids exact when they arrive as JSON numbers', () => {
    const text = responseText('ws-futures-fills-weexnet')
      .replace('"617414920887075482"', '737255283637617023')
      .replace('"617414920861909658"', '737255283637617001');
    const inbound = parseWeexFrame(text, 'contract-private') as { message: unknown };
    const [fill] = channels.myTrades(market('BTCUSDT', 'swap')).parse(inbound.message, 0);
    expect(fill).toMatchObject({ id: '737255283637617023', orderId: '737255283637617001' });
  });

  it('normalizes a spot account push of the changed coin; the channel reads the account over REST first', () => {
    const channel = channels.balance('spot');
    expect(channel.restSnapshot).toBe(true);
    expect(channel.parse(push('ws-spot-account-weexnet'), 0)).toEqual([
      { info: expect.any(Array), timestamp: 1773295738123, assets: { USDT: { free: 950, used: 250, total: 1200 } } },
    ]);
  });

  it('normalizes positions: entry = openValue ÷ size, no unrealized PnL on the wire', () => {
    const channel = channels.positions();
    expect(channel.restSnapshot).toBe(true);
    const [position] = channel.parse(push('ws-futures-positions-weexnet'), 0);
    expect(position).toMatchObject({
      symbol: 'BTC/USDT:USDT',
      side: 'long',
      amount: 0.01,
      entryPrice: 99240.5443,
      unrealizedPnl: 0,
      leverage: 20,
      marginMode: 'cross',
    });
  });

  it('refuses an unreadable private push rather than guessing', () => {
    expect(() => channels.orders(market('BTCUSDT', 'spot')).parse({ e: 'orders', d: [{ id: 1 }] }, 0)).toThrow();
    expect(() => channels.positions().parse({ e: 'positions' }, 0)).toThrow(/d array/);
  });
});
