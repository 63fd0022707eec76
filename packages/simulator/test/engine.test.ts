import { fixed, formatFixed, formatFixedPadded, parseFixed } from '../src/decimal.js';
import { BOOK_LEVELS, BUCKET_MS, MarketData } from '../src/engine/market-data.js';

/** Buckets of a MarketData whose origin is the Unix epoch. */
const bucketOf = (timeMs: number) => new MarketData(0).bucketOf(timeMs);

import { MARKETS, marketBySymbol } from '../src/engine/markets.js';
import { Venue, type VenueConfig } from '../src/engine/venue.js';

const BTC = marketBySymbol('BTC/USDT');
if (!BTC) throw new Error('BTC/USDT missing');

function venue(nowMs: number): Venue {
  const config: VenueConfig = {
    id: 'okx',
    symbols: MARKETS.map((market) => market.symbol),
    walletOf: () => 'trading',
    initialBalances: { trading: { USDT: '100000', BTC: '2' } },
    defaultLeverage: 10,
    makerFee: fixed('0.0008'),
    takerFee: fixed('0.001'),
    orderIdBase: 100n,
    uniqueLiveClientOrderIds: true,
  };
  const result = new Venue(config, new MarketData(5), nowMs);
  result.createAccount('a', '1');
  return result;
}

describe('decimal arithmetic', () => {
  it('adds and formats exactly', () => {
    expect(formatFixed(fixed('0.1') + fixed('0.2'))).toBe('0.3');
    expect(formatFixed(fixed('60000.10'))).toBe('60000.1');
    expect(formatFixed(fixed('-0.00001'))).toBe('-0.00001');
    expect(formatFixed(fixed('1.23456'), 4)).toBe('1.2346');
    expect(formatFixedPadded(fixed('2'), 3)).toBe('2.000');
  });

  it('accepts only plain decimals', () => {
    for (const text of ['1e-4', '-1', '.5', '1.', ' 1', '0x10', '']) expect(parseFixed(text)).toBeUndefined();
    expect(parseFixed('0.000000000000000001')).toBe(1n);
  });
});

describe('synthetic market data', () => {
  it('is a pure function of seed and bucket', () => {
    const bucket = bucketOf(Date.UTC(2025, 0, 1));
    expect(new MarketData(9).midTicks(BTC, bucket)).toBe(new MarketData(9).midTicks(BTC, bucket));
    expect(new MarketData(9).midTicks(BTC, bucket)).not.toBe(new MarketData(10).midTicks(BTC, bucket));
  });

  it('stays around the base price over months and moves between buckets', () => {
    const data = new MarketData(4);
    const start = bucketOf(Date.UTC(2025, 0, 1));
    const prices = Array.from({ length: 2_000 }, (_, i) => Number(data.midPrice(BTC, start + i * 1_000)) / 1e18);
    expect(Math.min(...prices)).toBeGreaterThan(60_000 * 0.8);
    expect(Math.max(...prices)).toBeLessThan(60_000 * 1.2);
    expect(new Set(prices.slice(0, 50)).size).toBeGreaterThan(40);
  });

  it('builds at least 20 levels a side around the mid, in whole ticks and lots', () => {
    const data = new MarketData(4);
    const bucket = bucketOf(Date.UTC(2025, 5, 1));
    expect(BOOK_LEVELS).toBeGreaterThanOrEqual(20);
    const mid = data.midPrice(BTC, bucket);
    let previousAsk = mid;
    let previousBid = mid;
    for (let level = 0; level < 20; level++) {
      const ask = data.level(BTC, bucket, 'ask', level);
      const bid = data.level(BTC, bucket, 'bid', level);
      expect(ask.price).toBeGreaterThan(previousAsk);
      expect(bid.price).toBeLessThan(previousBid);
      expect(ask.price % BTC.tick).toBe(0n);
      expect(ask.size % BTC.bookLot).toBe(0n);
      expect(ask.size).toBeGreaterThan(0n);
      previousAsk = ask.price;
      previousBid = bid.price;
    }
  });
});

describe('time and explicit moves', () => {
  it('gives the same book at the same age whatever the wall clock (origin) is', () => {
    const started = [Date.UTC(2025, 0, 1), Date.UTC(2026, 6, 13, 13, 37, 21, 123)];
    const books = started.map((origin) => {
      const data = new MarketData(7, origin);
      const bucket = data.bucketOf(origin + 42 * 60_000 + 1_234);
      return [0, 1, 2].map((level) => [data.level(BTC, bucket, 'bid', level), data.level(BTC, bucket, 'ask', level)]);
    });
    expect(books[0]).toEqual(books[1]);
    const trades = started.map((origin) => {
      const data = new MarketData(7, origin);
      const bucket = data.bucketOf(origin + 90_000);
      return data.tradesInBucket(BTC, bucket, Number.MAX_SAFE_INTEGER).map(({ tradeId, price, amount, takerSide, time }) => ({
        tradeId,
        price,
        amount,
        takerSide,
        age: time - origin,
      }));
    });
    expect(trades[0]).toEqual(trades[1]);
    expect(trades[0]?.every((trade) => trade.tradeId > 0)).toBe(true);
  });

  it('moves the mid of an asset to a price from a bucket on, and keeps earlier buckets', () => {
    const data = new MarketData(3, 0);
    const perpetual = marketBySymbol('BTC/USDT:USDT');
    if (!perpetual) throw new Error('BTC/USDT:USDT missing');
    const before = data.midPrice(BTC, 99);
    data.move(BTC, 100, fixed('65432.1'));
    expect(data.midPrice(BTC, 100)).toBe(fixed('65432.1'));
    expect(data.midPrice(perpetual, 100)).toBe(fixed('65432.1'));
    expect(data.midPrice(BTC, 99)).toBe(before);
    // The walk goes on from the new level.
    expect(Math.abs(Number(data.midPrice(BTC, 101)) / 1e18 - 65432.1)).toBeLessThan(65432.1 * 0.01);
  });

  it('fills a resting order as maker as soon as a move crosses it', () => {
    const start = 1_000_000;
    const data = new MarketData(5, 0);
    const v = new Venue(
      {
        id: 'okx',
        symbols: ['BTC/USDT'],
        walletOf: () => 'trading',
        initialBalances: { trading: { USDT: '100000', BTC: '2' } },
        defaultLeverage: 10,
        makerFee: fixed('0.0008'),
        takerFee: fixed('0.001'),
        orderIdBase: 100n,
        uniqueLiveClientOrderIds: true,
      },
      data,
      start,
    );
    v.createAccount('a', '1');
    const ask = v.book('BTC/USDT', 1, start)?.asks[0]?.price ?? 0n;
    const price = ask + fixed('10');
    const placed = v.place(
      {
        accountId: 'a',
        symbol: 'BTC/USDT',
        side: 'sell',
        type: 'limit',
        timeInForce: 'GTC',
        amount: fixed('0.01'),
        price,
        clientOrderId: 's',
        marginMode: 'cash',
        posSide: 'net',
      },
      start,
    );
    if (!placed.ok) throw new Error('rejected');
    expect(placed.order.status).toBe('live');
    data.move(BTC, v.bucket, price + fixed('20'));
    v.reprice(start + 1);
    expect(placed.order).toMatchObject({ status: 'filled', filled: fixed('0.01'), cost: (price * fixed('0.01')) / 10n ** 18n });
    expect(placed.order.lastFill).toMatchObject({ liquidity: 'maker', price });
  });
});

describe('matching engine', () => {
  const now = Math.floor(Date.UTC(2025, 2, 3) / BUCKET_MS) * BUCKET_MS + 10;

  it('fills user orders at one price in time priority', () => {
    const v = venue(now);
    const book = v.book('BTC/USDT', 1, now);
    const inside = (book?.asks[0]?.price ?? 0n) - BTC.tick;
    const base = {
      accountId: 'a',
      symbol: 'BTC/USDT',
      type: 'limit' as const,
      timeInForce: 'GTC' as const,
      marginMode: 'cash' as const,
      posSide: 'net' as const,
    };
    const first = v.place({ ...base, side: 'sell', amount: fixed('0.01'), price: inside, clientOrderId: 'first' }, now);
    const second = v.place({ ...base, side: 'sell', amount: fixed('0.01'), price: inside, clientOrderId: 'second' }, now + 1);
    const taker = v.place({ ...base, side: 'buy', amount: fixed('0.01'), price: inside, clientOrderId: 'taker' }, now + 2);
    if (!first.ok || !second.ok || !taker.ok) throw new Error('placement failed');
    expect(first.order.status).toBe('filled');
    expect(second.order.status).toBe('live');
    expect(taker.order.status).toBe('filled');
    expect(first.order.lastFill?.liquidity).toBe('maker');
    expect(v.book('BTC/USDT', 1, now + 3)?.asks[0]).toMatchObject({ price: inside, size: fixed('0.01'), orderCount: 1 });
  });

  it('kills a fill-or-kill order that the book cannot fill, leaving balances untouched', () => {
    const v = venue(now);
    const ask = v.book('BTC/USDT', 1, now)?.asks[0];
    if (!ask) throw new Error('no ask');
    const result = v.place(
      {
        accountId: 'a',
        symbol: 'BTC/USDT',
        side: 'buy',
        type: 'limit',
        timeInForce: 'FOK',
        amount: ask.size + fixed('0.01'),
        price: ask.price,
        clientOrderId: '',
        marginMode: 'cash',
        posSide: 'net',
      },
      now,
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.order).toMatchObject({ status: 'canceled', cancelReason: 'fok', filled: 0n });
    const usdt = v.balances('a', 'trading', now).find((view) => view.currency === 'USDT');
    expect(usdt).toMatchObject({ total: fixed('100000'), frozen: 0n });
  });

  it('releases what an order froze when it is canceled', () => {
    const v = venue(now);
    const placed = v.place(
      {
        accountId: 'a',
        symbol: 'BTC/USDT',
        side: 'sell',
        type: 'limit',
        timeInForce: 'GTC',
        amount: fixed('1.5'),
        price: fixed('90000'),
        clientOrderId: 'x',
        marginMode: 'cash',
        posSide: 'net',
      },
      now,
    );
    if (!placed.ok) throw new Error('rejected');
    expect(v.balances('a', 'trading', now).find((view) => view.currency === 'BTC')?.available).toBe(fixed('0.5'));
    const tooMuch = v.place(
      {
        accountId: 'a',
        symbol: 'BTC/USDT',
        side: 'sell',
        type: 'limit',
        timeInForce: 'GTC',
        amount: fixed('1'),
        price: fixed('90000'),
        clientOrderId: 'y',
        marginMode: 'cash',
        posSide: 'net',
      },
      now,
    );
    expect(tooMuch).toEqual({ ok: false, reason: 'insufficient-balance' });
    expect(v.cancel('a', { clientOrderId: 'x' }, undefined, now).ok).toBe(true);
    expect(v.balances('a', 'trading', now).find((view) => view.currency === 'BTC')).toMatchObject({ available: fixed('2'), frozen: 0n });
  });
});
