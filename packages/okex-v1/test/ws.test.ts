/**
 * OKEx v1 ws.ts on the recorded WebSocket payloads (shared/fixtures/okex-v1/ws-*): raw-DEFLATE
 * frames, the MD5 login (vector V2), addChannel acks and refusals, the WS error table, and every
 * channel's payload normalized with its values checked.
 */
import { deflateRawSync } from 'node:zlib';
import type { Market } from '@exchange-adapters/core';
import { OKEX_V1_STREAMS, okexV1WsUrls, WS_URL } from '../src/index.js';
import { futuresMarket, spotMarket } from '../src/markets.js';
import { timeOfDayToMs } from '../src/normalize.js';
import {
  classifyV1WsError,
  createOkexV1WsSpec,
  inflateV1Frame,
  parseV1Frame,
  v1ChannelKey,
  v1LoginFrame,
  v1SubscribeFrame,
} from '../src/streams.js';
import { fixture } from './fixtures.js';

const API_KEY = 'c821db84-6fbd-11e4-a9e3-c86000d26d7c';
const bchBtc = spotMarket({ id: 'bch_btc' });
const btcUsdt = spotMarket({ id: 'btc_usdt' });
// The futures captures are of btc this_week, contract 20170324034 (delivered 2017-03-24), 100 USD a contract.
const btcWeek = futuresMarket('btc', 'this_week', '20170324034', 100, {}) as Market;
const markets: Market[] = [bchBtc, btcUsdt, btcWeek];
const spec = createOkexV1WsSpec({
  urls: okexV1WsUrls('ws://127.0.0.1:1'),
  context: { marketById: (id) => markets.find((market) => market.id === id), markets: () => markets },
});
const channels = spec.channels as Required<typeof spec.channels>;
/** A recorded push as the socket hands it over: one item of the array. */
const push = (name: string) => (fixture<unknown[]>(name) as unknown[])[0];

describe('OKEx v1 WebSocket frames', () => {
  it('inflates raw-DEFLATE frames (no zlib header)', () => {
    const text = JSON.stringify(fixture('ws-spot-ok_sub_spot_bch_btc_ticker'));
    expect(inflateV1Frame(deflateRawSync(Buffer.from(text)))).toBe(text);
    expect(spec.decodeBinary).toBe(inflateV1Frame);
  });

  it('logs in with the MD5 sign over api_key and secret_key (vector V2)', () => {
    expect(JSON.parse(v1LoginFrame({ apiKey: API_KEY, secret: 'secretKey' }))).toEqual({
      event: 'login',
      parameters: { api_key: API_KEY, sign: 'E866BBB88E0E685D3F4BBC2723E2CAF9' },
    });
    expect(parseV1Frame(JSON.stringify(fixture('ws-spot-login')))).toEqual([{ type: 'login' }]);
    expect(parseV1Frame(JSON.stringify(fixture('ws-futures-login')))).toEqual([{ type: 'login' }]);
    expect(parseV1Frame('[{"channel":"login","data":{"result":false,"error_code":10005}}]')).toEqual([
      { type: 'error', code: '10005', message: undefined },
    ]);
  });

  it('subscribes with addChannel, several channels as one array, and reads acks by channel', () => {
    expect(JSON.parse(v1SubscribeFrame(['ok_sub_spot_bch_btc_ticker']))).toEqual({
      event: 'addChannel',
      channel: 'ok_sub_spot_bch_btc_ticker',
    });
    expect(JSON.parse(spec.unsubscribe(['ok_sub_spot_bch_btc_ticker'], 'id'))).toEqual({
      event: 'removeChannel',
      channel: 'ok_sub_spot_bch_btc_ticker',
    });
    const balance = channels.balance('spot');
    expect(JSON.parse(spec.subscribe([balance.arg], 'id'))).toEqual([
      { event: 'addChannel', channel: 'ok_sub_spot_bch_btc_balance' },
      { event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_balance' },
    ]);
    expect(parseV1Frame('[{"binary":0,"channel":"addChannel","data":{"result":true,"channel":"ok_sub_spot_bch_btc_depth"}}]')).toEqual([
      { type: 'subscribed', key: 'ok_sub_spot_bch_btc_depth' },
    ]);
    // Every pair's balance channel acks into the one balance subscription.
    expect(parseV1Frame('[{"channel":"addChannel","data":{"result":true,"channel":"ok_sub_spot_btc_usdt_balance"}}]')).toEqual([
      { type: 'subscribed', key: balance.key },
    ]);
    expect(parseV1Frame('{"event":"pong"}')).toEqual({ type: 'pong' });
    expect(JSON.parse((spec.heartbeat as { ping: string }).ping)).toEqual({ event: 'ping' });
    expect(spec.heartbeat).toMatchObject({ mode: 'interval', intervalMs: 30_000 });
  });

  it('ties a refusal to the channel it names and classifies it with the WS table', () => {
    const refused =
      '[{"binary":0,"channel":"ok_sub_futu_btc_ticker_this_week","data":{"result":false,"error_msg":"param not match.","error_code":20116}}]';
    expect(parseV1Frame(refused)).toEqual([
      { type: 'error', code: '20116', message: 'param not match.', key: 'ok_sub_futu_btc_ticker_this_week' },
    ]);
    // A pair of the market table the venue does not list: its balance channel is skipped, not fatal.
    const unlisted = '[{"channel":"ok_sub_spot_ltc_btc_balance","data":{"result":false,"error_code":20116}}]';
    expect(parseV1Frame(unlisted)).toEqual([
      { type: 'notice', message: expect.objectContaining({ channel: 'ok_sub_spot_ltc_btc_balance' }) },
    ]);
    expect(parseV1Frame('[{"channel":"ok_sub_spot_x_ticker","success":false,"errorcode":10015}]')).toEqual([
      { type: 'error', code: '10015', message: undefined, key: 'ok_sub_spot_x_ticker' },
    ]);
    expect(classifyV1WsError('20116', 'param not match.')).toMatchObject({
      kind: 'BadRequest',
      hint: expect.stringMatching(/channel name/),
    });
    // WS numbers clash with REST ones: 10001 is a bad parameter here, a rate limit over REST.
    expect(classifyV1WsError('10001', undefined).kind).toBe('BadRequest');
    expect(classifyV1WsError('10005', undefined)).toMatchObject({ kind: 'AuthInvalid', hint: expect.stringMatching(/secret/) });
    expect(classifyV1WsError('20100', undefined)).toMatchObject({ kind: 'ExchangeUnavailable', retryable: true });
    expect(classifyV1WsError('10010', undefined).kind).toBe('InsufficientFunds');
  });

  it('routes pushes by channel name and reads garbage as a notice', () => {
    expect(parseV1Frame(JSON.stringify(fixture('ws-spot-ok_sub_spot_bch_btc_ticker')))).toEqual([
      { type: 'data', key: channels.ticker(bchBtc).key, message: push('ws-spot-ok_sub_spot_bch_btc_ticker') },
    ]);
    expect((parseV1Frame(JSON.stringify(fixture('ws-spot-ok_sub_spot_bch_btc_balance'))) as Array<{ key: string }>)[0]?.key).toBe(
      channels.balance('spot').key,
    );
    expect(parseV1Frame('not json')).toMatchObject({ type: 'notice' });
    expect(v1ChannelKey('ok_sub_spot_eth_usdt_balance')).toBe(v1ChannelKey('ok_sub_spot_btc_usdt_balance'));
  });
});

describe('OKEx v1 channels', () => {
  it('names spot and futures channels as the docs do', () => {
    expect(channels.ticker(bchBtc).arg).toBe('ok_sub_spot_bch_btc_ticker');
    expect(channels.ticker(btcWeek).arg).toBe('ok_sub_futureusd_btc_ticker_this_week');
    expect(channels.orderBook(bchBtc, 5)).toMatchObject({ arg: 'ok_sub_spot_bch_btc_depth_5', depth: 5, snapshot: 'channel' });
    expect(channels.orderBook(bchBtc, 12)).toMatchObject({ arg: 'ok_sub_spot_bch_btc_depth_20', depth: 20 });
    expect(channels.orderBook(bchBtc, 200)).toMatchObject({ arg: 'ok_sub_spot_bch_btc_depth', depth: 200, snapshot: 'first-push' });
    expect(channels.orderBook(btcWeek, 400).arg).toBe('ok_sub_futureusd_btc_depth_this_week');
    expect(channels.orderBook(btcWeek, 10).arg).toBe('ok_sub_futureusd_btc_depth_this_week_10');
    expect(channels.trades(bchBtc).arg).toBe('ok_sub_spot_bch_btc_deals');
    expect(channels.trades(btcWeek).arg).toBe('ok_sub_futureusd_btc_trade_this_week');
    expect(channels.ohlcv(bchBtc, '1m').arg).toBe('ok_sub_spot_bch_btc_kline_1min');
    expect(channels.ohlcv(bchBtc, '1d').arg).toBe('ok_sub_spot_bch_btc_kline_day');
    expect(channels.ohlcv(btcWeek, '1m').arg).toBe('ok_sub_futureusd_btc_kline_this_week_1min');
    expect(channels.orders(btcUsdt)).toMatchObject({ arg: 'ok_sub_spot_btc_usdt_order', private: true, endpoint: 'ws' });
  });

  it('derives fills from order pushes and streams no positions: v1 has no fills channel, futures user pushes are not streamed', () => {
    expect(spec.fillsFromOrders).toBe(true);
    expect(OKEX_V1_STREAMS).toMatchObject({ watchOrders: true, watchMyTrades: true, watchBalance: true, watchPositions: false });
    expect(() => channels.orders(undefined)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => channels.orders(btcWeek)).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
    expect(() => channels.balance('swap')).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
  });

  it('takes wsUrl as an origin or a map, and defaults to the one live socket', () => {
    expect(okexV1WsUrls()).toEqual({ ws: WS_URL });
    expect(okexV1WsUrls('ws://127.0.0.1:9/')).toEqual({ ws: 'ws://127.0.0.1:9/ws/v1' });
    expect(okexV1WsUrls({ ws: 'ws://proxy/v1' })).toEqual({ ws: 'ws://proxy/v1' });
  });
});

describe('OKEx v1 payloads → unified types', () => {
  it('normalizes a spot ticker push', () => {
    expect(channels.ticker(bchBtc).parse(push('ws-spot-ok_sub_spot_bch_btc_ticker'), 1)).toEqual([
      {
        symbol: 'BCH/BTC',
        timestamp: 1500444626000,
        last: 111,
        bid: 115,
        ask: 115,
        high: 10000,
        low: 0.00000001,
        baseVolume: 185.03743858,
        info: expect.any(Object),
      },
    ]);
  });

  it('normalizes a futures ticker push: volume in contracts becomes USD, stamped on arrival', () => {
    const [ticker] = channels.ticker(btcWeek).parse(push('ws-futures-ok_sub_futureusd_btc_ticker_this_week'), 1_490_341_322_021);
    expect(ticker).toMatchObject({
      symbol: btcWeek.symbol,
      timestamp: 1_490_341_322_021,
      last: 998.05,
      bid: 997.61,
      ask: 998.05,
      high: 1049.18,
      low: 973.15,
      quoteVolume: 27_640_600,
    });
    // After a delivery `this_week` names the next contract: its pushes are not this market's.
    const rolled = { ...(push('ws-futures-ok_sub_futureusd_btc_ticker_this_week') as object), data: { last: 1, contractId: 20170331034 } };
    expect(channels.ticker(btcWeek).parse(rolled, 0)).toEqual([]);
  });

  it('reads depth pushes: full channels are whole books, an incremental push says delta only when it deletes', () => {
    const [full] = channels.orderBook(bchBtc, 5).parse(push('ws-spot-ok_sub_spot_bch_btc_depth_5'));
    expect(full).toEqual({
      snapshot: true,
      asks: [],
      bids: [
        ['115', '1'],
        ['114', '1'],
        ['1E-8', '0.0008792'],
      ],
      timestamp: 1504529432367,
    });
    const incremental = channels.orderBook(bchBtc, 200);
    const [first] = incremental.parse(push('ws-spot-ok_sub_spot_bch_btc_depth'));
    expect(first?.snapshot).toBeUndefined();
    const [change] = incremental.parse({ channel: 'ok_sub_spot_bch_btc_depth', data: { asks: [], bids: [['114', '0']], timestamp: 1 } });
    expect(change?.snapshot).toBe(false);
    expect(incremental.sequence).toBeUndefined();
  });

  it('stamps deals with the UTC+8 time of day, yesterday when it is later than now', () => {
    const arrived = Date.UTC(2017, 8, 4, 8, 40, 0); // 16:40:00 in China
    expect(channels.trades(bchBtc).parse(push('ws-spot-ok_sub_spot_bch_btc_deals'), arrived)).toEqual([
      {
        id: '1001',
        symbol: 'BCH/BTC',
        timestamp: Date.UTC(2017, 8, 4, 8, 34, 7),
        side: 'sell',
        price: 2463.86,
        amount: 0.052,
        cost: 128.12072,
        info: ['1001', '2463.86', '0.052', '16:34:07', 'ask'],
      },
    ]);
    const justAfterMidnight = Date.UTC(2017, 8, 4, 16, 0, 30); // 00:00:30 on the 5th in China
    expect(timeOfDayToMs('23:59:50', justAfterMidnight)).toBe(Date.UTC(2017, 8, 4, 15, 59, 50));
    expect(() => timeOfDayToMs('4pm', 0)).toThrow(/HH:MM:SS/);
  });

  it('normalizes candles of spot and futures (futures add the coin volume, left out)', () => {
    expect(channels.ohlcv(bchBtc, '1m').parse(push('ws-spot-ok_sub_spot_bch_btc_kline_1min'), 0)).toEqual([
      [1490337840000, 995.37, 996.75, 995.36, 996.75, 9.112],
      [1490337840000, 995.37, 996.75, 995.36, 996.75, 9.112],
    ]);
    expect(channels.ohlcv(btcWeek, '1m').parse(push('ws-futures-ok_sub_futureusd_btc_kline_this_week_1min'), 0)).toEqual([
      [1490340480000, 998.96, 998.96, 998.96, 998.96, 12],
    ]);
  });

  it('normalizes an order push; one of another pair on the channel is dropped', () => {
    const orders = channels.orders(bchBtc);
    expect(orders.parse(push('ws-spot-ok_sub_spot_bch_btc_order'), 0)).toEqual([
      {
        id: '6191',
        clientOrderId: '',
        symbol: 'BCH/BTC',
        type: 'limit',
        side: 'buy',
        status: 'open',
        price: 113,
        average: undefined,
        amount: 1,
        filled: 0,
        remaining: 1,
        cost: 0,
        timestamp: 1504530228987,
        timeInForce: 'GTC',
        info: expect.any(Object),
      },
    ]);
    const filled = {
      channel: 'ok_sub_spot_bch_btc_order',
      data: {
        symbol: 'bch_btc',
        orderId: 6192,
        tradeType: 'sell_market',
        status: 2,
        tradeAmount: '0.5',
        completedTradeAmount: '0.5',
        averagePrice: '113.2',
        tradePrice: '56.6',
        createdDate: '1504530228987',
      },
    };
    expect(orders.parse(filled, 0)).toEqual([
      expect.objectContaining({ id: '6192', type: 'market', side: 'sell', status: 'closed', filled: 0.5, average: 113.2, cost: 56.6 }),
    ]);
    expect(orders.parse({ ...filled, data: { ...filled.data, symbol: 'eth_btc' } }, 0)).toEqual([]);
  });

  it('normalizes a balance push of the pair’s currencies; the account is read over REST first', () => {
    const balance = channels.balance('spot');
    expect(balance.restSnapshot).toBe(true);
    expect(balance.parse(push('ws-spot-ok_sub_spot_bch_btc_balance'), 0)).toEqual([
      { info: expect.any(Object), assets: { BTC: { free: 5814.850605790395, used: 7341, total: 13155.850605790394 } } },
    ]);
  });
});
