/**
 * OKX ws.ts on recorded payloads (shared/fixtures/okx/ws-*): frames, login (vector F), error codes,
 * the seqId rule on the docs' example sequence, the legacy checksum vectors, and every channel's
 * payload normalized with its values checked.
 */
import type { Market } from '@exchange-adapters/core';
import { BookState, type WsBookChannel } from '@exchange-adapters/core/adapter';
import { OKX_ERROR_CODES, OKX_TIMEFRAMES, okxWsUrls } from '../src/index.js';
import { normalizeInstrument } from '../src/normalize.js';
import type { OkxInstrument } from '../src/schemas.js';
import {
  classifyOkxWsError,
  createOkxWsSpec,
  OKX_WS_CLOSE_CODES,
  OKX_WS_ERROR_CODES,
  okxBookChecksum,
  okxBookSequence,
  okxLoginFrame,
  parseOkxFrame,
} from '../src/streams.js';
import { fixture, instrumentPayloads, type RecordedJson, SECRET, useNock } from './helpers.js';

// helpers.ts loads nock, which patches http on import: useNock removes the patch after this file,
// so the next file in this worker starts clean.
useNock();

const payloads = instrumentPayloads();
const instruments: OkxInstrument[] = [...payloads.SPOT.data, ...payloads.SWAP.data, ...payloads.FUTURES.data];
// BCH-USDT-SWAP (the docs' books5 and bbo-tbt examples) is not in the recorded instruments: a
// sibling of ETH-USDT-SWAP with OKX's contract value of 0.1 BCH.
const ethSwap = payloads.SWAP.data.find((item: RecordedJson) => item.instId === 'ETH-USDT-SWAP');
instruments.push({ ...ethSwap, instId: 'BCH-USDT-SWAP', instFamily: 'BCH-USDT', uly: 'BCH-USDT', ctVal: '0.1', ctValCcy: 'BCH' });
const markets = instruments.map(normalizeInstrument).filter((market): market is Market => market !== undefined);
const byId = (id: string, type?: Market['type']) => markets.find((market) => market.id === id && (!type || market.type === type));
const market = (id: string) => byId(id) as Market;

const spec = createOkxWsSpec({
  urls: okxWsUrls({ region: 'global', demo: false }),
  timeframes: OKX_TIMEFRAMES,
  context: { marketById: byId },
});
const channels = spec.channels as Required<typeof spec.channels>;
const response = (name: string) => fixture(name).response;

describe('OKX WebSocket frames', () => {
  it('routes acks, pushes, login replies, errors and notices', () => {
    expect(parseOkxFrame(JSON.stringify(response('ws-subscribe-ack')))).toEqual({ type: 'subscribed', key: 'books:BTC-USDT' });
    expect(parseOkxFrame(JSON.stringify(response('ws-books-snapshot')))).toMatchObject({ type: 'data', key: 'books:BTC-USDT' });
    expect(parseOkxFrame(JSON.stringify(response('ws-login-success')))).toEqual({ type: 'login' });
    expect(parseOkxFrame(JSON.stringify(response('ws-login-error')))).toEqual({ type: 'error', code: '60009', message: 'Login failed.' });
    expect(parseOkxFrame(JSON.stringify(response('ws-subscribe-error')))).toMatchObject({
      type: 'error',
      code: '60012',
      requestId: '1512',
    });
    expect(parseOkxFrame(JSON.stringify(response('ws-channel-conn-count-error')))).toMatchObject({ type: 'notice' });
    expect(parseOkxFrame('pong')).toEqual({ type: 'pong' });
    expect(parseOkxFrame('<html>bad gateway</html>')).toMatchObject({ type: 'notice' });
    // A push's arg names the same subscription as the subscribe arg, whatever OKX adds (uid).
    expect(parseOkxFrame(JSON.stringify({ arg: { channel: 'orders', instType: 'ANY', uid: '77' }, data: [] }))).toMatchObject({
      key: channels.orders(undefined).key,
    });
  });

  it('signs the login as vector F, with the timestamp in seconds', () => {
    const frame = JSON.parse(okxLoginFrame({ apiKey: 'key', secret: SECRET, passphrase: 'phrase' }, 1_538_054_050_123));
    expect(frame).toEqual({
      op: 'login',
      args: [{ apiKey: 'key', passphrase: 'phrase', timestamp: '1538054050', sign: '+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=' }],
    });
  });

  it.each([
    ['60009', 'AuthInvalid'],
    ['60005', 'AuthInvalid'],
    ['60024', 'AuthInvalid'],
    ['60001', 'AuthMissing'],
    ['60011', 'AuthMissing'],
    ['60006', 'TimestampExpired'],
    ['60012', 'BadRequest'],
    ['64002', 'BadRequest'],
    ['60014', 'RateLimited'],
    ['60018', 'InvalidSymbol'],
    ['64003', 'PermissionDenied'],
    ['63999', 'ExchangeUnavailable'],
    ['64008', 'ExchangeUnavailable'],
    ['69999', 'ExchangeError'],
  ])('maps WS code %s to %s with a hint', (code, kind) => {
    const spec = classifyOkxWsError(code, 'message');
    expect(spec).toMatchObject({ kind, exchangeCode: code, exchangeMessage: 'message' });
    expect(spec.hint?.length).toBeGreaterThan(10);
    expect(OKX_WS_ERROR_CODES[code]?.kind).toBe(kind === 'ExchangeError' ? undefined : kind);
  });

  it('names the environment in use when a login is refused with 50101 (a key of another environment)', () => {
    const frame = parseOkxFrame(
      JSON.stringify({ ...response('ws-login-error'), code: '50101', msg: 'APIKey does not match current environment.' }),
    );
    if (!('type' in frame) || frame.type !== 'error') throw new Error('not read as an error frame');
    const context = { marketById: () => undefined };
    const demo = { region: 'global', demo: true } as const;
    const urls = okxWsUrls(demo);
    const spec = createOkxWsSpec({ urls, timeframes: OKX_TIMEFRAMES, context, environment: demo });
    const refused = spec.classifyError(frame.code, frame.message);
    expect(refused).toMatchObject({ kind: 'AuthInvalid', exchangeCode: '50101' });
    expect(refused.hint).toContain(urls.private);
    expect(refused.hint).toContain('demo: false for live-trading keys');
    // Without the environment (a spec built by hand) the table's entry stands, which has no hint of its own.
    expect(createOkxWsSpec({ urls, timeframes: OKX_TIMEFRAMES, context }).classifyError('50101', undefined).hint).toBeUndefined();
  });

  it('reads REST codes in WebSocket error frames from the REST table', () => {
    // The recorded login refusal carrying a REST code: WS replies share OKX's code space.
    const frame = (code: string) => parseOkxFrame(JSON.stringify({ ...response('ws-login-error'), code }));
    for (const [code, kind] of [
      ['50111', 'AuthInvalid'],
      ['50113', 'AuthInvalid'],
      ['50011', 'RateLimited'],
      ['51008', 'InsufficientFunds'],
    ] as const) {
      const inbound = frame(code);
      expect(inbound).toMatchObject({ type: 'error', code });
      if (inbound.type !== 'error') continue;
      expect(spec.classifyError(inbound.code, inbound.message)).toEqual({
        kind,
        exchangeCode: code,
        exchangeMessage: 'Login failed.',
        hint: OKX_ERROR_CODES[code]?.hint,
        retryable: OKX_ERROR_CODES[code]?.retryable,
      });
    }
  });

  it('keeps WebSocket-only codes apart from the REST table, so neither shadows the other', () => {
    const ws = Object.keys(OKX_WS_ERROR_CODES);
    expect(ws).toHaveLength(30); // protocols/okx-v5.md §4.1, the WS rows
    expect(ws.filter((code) => code in OKX_ERROR_CODES)).toEqual([]);
  });

  it('maps close codes to kinds with hints', () => {
    expect(spec.closeCodes?.[4001]).toMatchObject({ kind: 'AuthInvalid' });
    expect(spec.closeCodes?.[4004]?.hint).toMatch(/30 s/);
    expect(Object.keys(OKX_WS_CLOSE_CODES).map(Number)).toEqual([4001, 4002, 4003, 4004, 4005, 4006, 4007, 4008]);
    for (const [code, kind] of Object.entries(OKX_WS_CLOSE_CODES)) {
      expect(spec.closeCodes?.[Number(code)]).toEqual({ kind, hint: expect.stringMatching(/^OKX closed the connection/) });
    }
  });

  it('puts candles on the business socket and books, tickers, trades on the public one', () => {
    expect(channels.ohlcv(market('BTC-USDT'), '1h')).toMatchObject({
      endpoint: 'business',
      arg: { channel: 'candle1H', instId: 'BTC-USDT' },
    });
    expect(channels.ohlcv(market('BTC-USDT'), '1d').arg).toEqual({ channel: 'candle1Dutc', instId: 'BTC-USDT' });
    expect(() => channels.ohlcv(market('BTC-USDT'), '7m')).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(channels.orderBook(market('BTC-USDT'), 1).arg).toEqual({ channel: 'bbo-tbt', instId: 'BTC-USDT' });
    expect(channels.orderBook(market('BTC-USDT'), 5).arg).toEqual({ channel: 'books5', instId: 'BTC-USDT' });
    expect(channels.orderBook(market('BTC-USDT'), 6)).toMatchObject({ arg: { channel: 'books', instId: 'BTC-USDT' }, depth: 400 });
    expect(channels.ticker(market('BTC-USDT')).endpoint).toBe('public');
    expect(channels.orders(undefined)).toMatchObject({ endpoint: 'private', private: true, arg: { channel: 'orders', instType: 'ANY' } });
    expect(channels.myTrades(undefined).key).toBe(channels.orders(undefined).key);
    expect(channels.balance('spot').arg).toEqual({ channel: 'account' });
  });
});

describe('OKX books', () => {
  const keep = (channel: WsBookChannel, message: unknown) => {
    const state = new BookState({ symbol: 'x', depth: channel.depth, amountMultiplier: channel.amountMultiplier, keepText: true });
    for (const frame of channel.parse(message)) expect(state.apply(frame)).toBe(true);
    return state;
  };

  it('reads the docs snapshot: 8 levels a side, seqId 123456, checksum 0 (absent)', () => {
    const channel = channels.orderBook(market('BTC-USDT'), 400);
    const [frame] = channel.parse(response('ws-books-snapshot'));
    expect(frame).toMatchObject({ snapshot: true, sequence: 123456, prevSequence: -1, timestamp: 1597026383085, checksum: 0 });
    const book = keep(channel, response('ws-books-snapshot')).toOrderBook(400);
    expect(book.bids[0]).toEqual([8476.97, 256]);
    expect(book.asks[0]).toEqual([8476.98, 415]);
    expect(book.bids.at(-1)).toEqual([8446, 95]);
    expect(book.asks.at(-1)).toEqual([8506.96, 100]);
    expect(book).toMatchObject({ sequence: 123456, timestamp: 1597026383085 });
    expect(book.bids).toHaveLength(8);
  });

  it('computes the legacy checksum of the docs snapshot and the protocol note vectors', () => {
    const state = keep(channels.orderBook(market('BTC-USDT'), 400), response('ws-books-snapshot'));
    const { bids, asks } = state.textLevels(25);
    expect(okxBookChecksum(bids, asks)).toBe(-2102840145);
    expect(
      okxBookChecksum(
        [
          ['3366.1', '7'],
          ['3366', '6'],
        ],
        [
          ['3366.8', '9'],
          ['3368', '8'],
        ],
      ),
    ).toBe(-1881014294);
    expect(
      okxBookChecksum(
        [['3366.1', '7']],
        [
          ['3366.8', '9'],
          ['3368', '8'],
          ['3372', '8'],
        ],
      ),
    ).toBe(831078360);
    expect(okxBookChecksum([['0.10', '1.500']], [['0.11', '2']])).toBe(-1399548593);
    expect(okxBookChecksum([['0.1', '1.5']], [['0.11', '2']])).toBe(-2142564955);
  });

  it('keeps books5 and bbo-tbt of a linear swap in base units (contracts × 0.1 BCH)', () => {
    const book5 = keep(channels.orderBook(market('BCH-USDT-SWAP'), 5), response('ws-books5')).toOrderBook(5);
    expect(book5.bids).toEqual([
      [111.05, 5774.5],
      [111.04, 5710.9],
      [111.03, 6956.3],
      [111.02, 7124.8],
      [111.01, 6509],
    ]);
    expect(book5.asks[4]).toEqual([111.1, 6727.2]);
    expect(book5.sequence).toBe(363996337);
    const bbo = keep(channels.orderBook(market('BCH-USDT-SWAP'), 1), response('ws-bbo-tbt')).toOrderBook(1);
    expect(bbo).toMatchObject({ bids: [[111.05, 5774.5]], asks: [[111.06, 5515.4]], sequence: 363996337, timestamp: 1670324386802 });
  });

  it('follows the docs sequence: snapshot, update, no-change, reset, update; skips duplicates, flags gaps', () => {
    const frame = (prevSequence: number, sequence: number) => ({ snapshot: false, bids: [], asks: [], prevSequence, sequence });
    expect(okxBookSequence(undefined, { snapshot: true, bids: [], asks: [], prevSequence: -1, sequence: 10 })).toBe('apply');
    expect(okxBookSequence(10, frame(10, 15))).toBe('apply');
    expect(okxBookSequence(15, frame(15, 15))).toBe('apply');
    expect(okxBookSequence(15, frame(15, 3))).toBe('apply');
    expect(okxBookSequence(3, frame(3, 5))).toBe('apply');
    expect(okxBookSequence(15, frame(10, 15))).toBe('skip');
    expect(okxBookSequence(15, frame(16, 20))).toBe('gap');
    expect(okxBookSequence(undefined, frame(10, 15))).toBe('gap');
    expect(okxBookSequence(20, { snapshot: true, bids: [], asks: [], sequence: 12 })).toBe('skip');
  });
});

describe('OKX channel payloads', () => {
  it('normalizes the tickers push', () => {
    const [ticker] = channels.ticker(market('BTC-USDT')).parse(response('ws-tickers'), 0);
    expect(ticker).toMatchObject({
      symbol: 'BTC/USDT',
      timestamp: 1597026383085,
      last: 9999.99,
      bid: 8888.88,
      bidSize: 5,
      ask: 9999.99,
      askSize: 11,
      open: 9000,
      high: 10000,
      low: 8888.88,
      baseVolume: 2222,
      quoteVolume: 2222,
    });
  });

  it('normalizes the trades push', () => {
    const [trade] = channels.trades(market('BTC-USD')).parse(response('ws-trades'), 0);
    expect(trade).toMatchObject({
      id: '130639474',
      symbol: 'BTC/USD',
      side: 'buy',
      price: 42219.9,
      amount: 0.12060306,
      timestamp: 1630048897897,
    });
    expect(trade?.cost).toBeCloseTo(42219.9 * 0.12060306, 9);
  });

  it('normalizes the candle push (spot volume in base units)', () => {
    expect(channels.ohlcv(market('BTC-USDT'), '1d').parse(response('ws-candle'), 0)).toEqual([
      [1597026383085, 8533.02, 8553.74, 8527.17, 8548.26, 45247],
    ]);
  });

  it('normalizes the account push', () => {
    const [balances] = channels.balance('spot').parse(response('ws-account'), 0);
    expect(balances?.timestamp).toBe(1751531646836);
    expect(balances?.assets.USDT).toEqual({ free: 100.52768569797846, used: 0, total: 100.52768569797846 });
    expect(balances?.assets.BTC).toEqual({ free: 0.0000000051, used: 0, total: 0.0000000051 });
    expect(Object.keys(balances?.assets ?? {})).toHaveLength(3);
  });

  /** The recorded order object (orders-history) pushed on the `orders` channel, with the fill fields WS adds. */
  const orderPush = () => {
    const row = { ...fixture('orders-history-swap').response.data[0], fillFee: '-0.00003412', fillFeeCcy: 'USDT', execType: 'T' };
    return { arg: { channel: 'orders', instType: 'ANY', uid: '77' }, data: [row] };
  };

  it('normalizes an orders push into an Order and, for its fill, a Trade', () => {
    const [order] = channels.orders(undefined).parse(orderPush(), 0);
    expect(order).toMatchObject({
      id: '672515387010932736',
      symbol: 'LTC/USDT:USDT',
      status: 'closed',
      amount: 1,
      filled: 1,
      remaining: 0,
    });
    const [fill] = channels.myTrades(undefined).parse(orderPush(), 0);
    expect(fill).toMatchObject({
      id: '38002016',
      orderId: '672515387010932736',
      symbol: 'LTC/USDT:USDT',
      price: 68.24,
      amount: 1,
      timestamp: 1706612162995,
      takerOrMaker: 'taker',
      fee: { currency: 'USDT', cost: 0.00003412 },
    });
  });

  it('yields no trade for an order push without a fill', () => {
    const push = orderPush();
    Object.assign(push.data[0], { fillSz: '0', tradeId: '', fillPx: '' });
    expect(channels.myTrades(undefined).parse(push, 0)).toEqual([]);
  });

  it('normalizes a positions push, and a flat position as amount 0', () => {
    const row = fixture('position-inverse-cross').response.data[0];
    const push = { arg: { channel: 'positions', instType: 'ANY' }, data: [row, { ...row, pos: '0', upl: '0' }] };
    const [open, flat] = channels.positions().parse(push, 0);
    expect(open).toMatchObject({
      symbol: 'BTC/USD:BTC',
      side: 'long',
      amount: 1,
      contracts: 1,
      entryPrice: 91957.1,
      leverage: 20,
      marginMode: 'cross',
    });
    expect(flat).toMatchObject({ symbol: 'BTC/USD:BTC', side: 'long', amount: 0, contracts: 0, unrealizedPnl: 0 });
  });

  it('refuses a push that does not have the recorded shape', () => {
    expect(() => channels.orders(undefined).parse({ arg: {}, data: [{ ordId: 5 }] }, 0)).toThrow();
    expect(() => channels.orderBook(market('BTC-USDT'), 400).parse({ arg: {}, data: [{ bids: 'x' }] })).toThrow();
  });
});
