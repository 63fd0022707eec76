/**
 * The engine features behind the trading surface, driven by explicit time and price: amendments
 * and queue priority, triggers that fire when the held price crosses, TP/SL placed on a fill,
 * funding settled on demand and on schedule, transfers between wallets.
 */
import { fixed, formatFixed, mul } from '../src/decimal.js';
import { FUNDING_INTERVAL_MS, FundingSchedule } from '../src/engine/funding.js';
import { MarketData } from '../src/engine/market-data.js';
import { MARKETS, type MarketSpec, marketBySymbol } from '../src/engine/markets.js';
import { Transfers } from '../src/engine/transfers.js';
import { TriggerBook } from '../src/engine/triggers.js';
import { Venue, type VenueConfig } from '../src/engine/venue.js';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const SPOT = marketBySymbol('BTC/USDT') as MarketSpec;
const SWAP = marketBySymbol('BTC/USDT:USDT') as MarketSpec;

interface Engine {
  venue: Venue;
  data: MarketData;
  triggers: TriggerBook;
  funding: FundingSchedule;
  transfers: Transfers;
  /** Holds BTC at `price` from `nowMs` and lets the venue see it. */
  move(price: string, nowMs: number): void;
}

function engine(overrides: Partial<VenueConfig> = {}): Engine {
  const config: VenueConfig = {
    id: 'okx',
    symbols: MARKETS.map((market) => market.symbol),
    walletOf: () => 'trading',
    initialBalances: { trading: { USDT: '100000', BTC: '2' }, funding: { USDT: '5000' } },
    defaultLeverage: 10,
    makerFee: fixed('0.0008'),
    takerFee: fixed('0.001'),
    orderIdBase: 100n,
    uniqueLiveClientOrderIds: true,
    amendKeepsPriority: 'size-decrease',
    ...overrides,
  };
  const data = new MarketData(3);
  data.holdPrice(SPOT.asset, fixed('60000'), data.bucketOf(T0));
  const venue = new Venue(config, data, T0);
  venue.createAccount('a', '1');
  venue.createAccount('b', '2');
  const triggers = new TriggerBook(venue, 5_000n);
  const funding = new FundingSchedule(venue, 3, T0);
  const transfers = new Transfers(venue, ['funding', 'trading'], 9_000n);
  return {
    venue,
    data,
    triggers,
    funding,
    transfers,
    move(price, nowMs) {
      data.holdPrice(SPOT.asset, fixed(price), data.bucketOf(nowMs));
      venue.reprice(nowMs);
    },
  };
}

const limitBuy = (venue: Venue, accountId: string, price: string, amount: string, clientOrderId = '') =>
  venue.place(
    {
      accountId,
      symbol: SPOT.symbol,
      side: 'buy',
      type: 'limit',
      timeInForce: 'GTC',
      amount: fixed(amount),
      price: fixed(price),
      clientOrderId,
      marginMode: 'cash',
      posSide: 'net',
    },
    T0,
  );

const sellInto = (venue: Venue, price: string, amount: string, nowMs = T0) =>
  venue.place(
    {
      accountId: 'b',
      symbol: SPOT.symbol,
      side: 'sell',
      type: 'limit',
      timeInForce: 'IOC',
      amount: fixed(amount),
      price: fixed(price),
      clientOrderId: '',
      marginMode: 'cash',
      posSide: 'net',
    },
    nowMs,
  );

function placed<T extends { ok: boolean }>(result: T): Extract<T, { ok: true }> {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result as Extract<T, { ok: true }>;
}

describe('held prices (engine hook)', () => {
  it('holds the mid of a spot pair and its perpetual from a bucket on, leaving earlier buckets as they were', () => {
    const data = new MarketData(3);
    const before = data.midPrice(SPOT, data.bucketOf(T0) - 1);
    data.holdPrice(SPOT.asset, fixed('61234.5'), data.bucketOf(T0));
    expect(formatFixed(data.midPrice(SPOT, data.bucketOf(T0)))).toBe('61234.5');
    expect(formatFixed(data.midPrice(SWAP, data.bucketOf(T0) + 100))).toBe('61234.5');
    expect(data.midPrice(SPOT, data.bucketOf(T0) - 1)).toBe(before);
    data.holdPrice(SPOT.asset, undefined, data.bucketOf(T0) + 10);
    expect(formatFixed(data.midPrice(SPOT, data.bucketOf(T0) + 9))).toBe('61234.5');
    expect(formatFixed(data.midPrice(SPOT, data.bucketOf(T0) + 10))).not.toBe('61234.5');
  });

  it('a moved price is the last price even after the clock went back (a removed skew)', () => {
    const e = engine();
    const ahead = T0 + 45_000;
    e.venue.sync(ahead);
    placed(limitBuy(e.venue, 'a', '60100', '0.01'));
    placed(sellInto(e.venue, '60100', '0.01', ahead));
    e.move('52000', T0 + 1_000);
    e.move('61000', T0 + 2_000);
    expect(formatFixed(e.venue.lastPrice(SPOT, T0 + 2_000))).toBe('61000');
    expect(formatFixed(e.venue.trades(SPOT.symbol, 1, T0 + 2_000)[0]?.price ?? 0n)).toBe('61000');
  });
});

describe('amend', () => {
  // The held mid is 60000 and the synthetic best bid 1.2 below it: bids at 60000 lead the book.
  it('keeps queue priority when only the amount shrinks at the same price', () => {
    const { venue } = engine();
    const first = placed(limitBuy(venue, 'a', '60000', '0.02')).order;
    const second = placed(limitBuy(venue, 'a', '60000', '0.02')).order;
    const amended = placed(venue.amend('a', { id: first.id }, SPOT.symbol, { amount: fixed('0.01') }, T0)).order;
    expect(formatFixed(amended.amount)).toBe('0.01');
    sellInto(venue, '60000', '0.01');
    expect(first.status).toBe('filled');
    expect(second.filled).toBe(0n);
  });

  it('moves the order to the back of its price level when the amount grows', () => {
    const { venue } = engine();
    const first = placed(limitBuy(venue, 'a', '60000', '0.01')).order;
    const second = placed(limitBuy(venue, 'a', '60000', '0.01')).order;
    placed(venue.amend('a', { id: first.id }, SPOT.symbol, { amount: fixed('0.02') }, T0));
    sellInto(venue, '60000', '0.01');
    expect(second.status).toBe('filled');
    expect(first.filled).toBe(0n);
  });

  it('re-queues on every change when the venue says amendments never keep priority', () => {
    const { venue } = engine({ amendKeepsPriority: 'never' });
    const first = placed(limitBuy(venue, 'a', '60000', '0.02')).order;
    const second = placed(limitBuy(venue, 'a', '60000', '0.02')).order;
    placed(venue.amend('a', { id: first.id }, SPOT.symbol, { amount: fixed('0.01') }, T0));
    sellInto(venue, '60000', '0.02');
    expect(second.status).toBe('filled');
    expect(first.filled).toBe(0n);
  });

  it('fills at the book when a new price crosses it, and re-reserves the quote for what remains', () => {
    const { venue } = engine();
    const order = placed(limitBuy(venue, 'a', '59000', '0.01')).order;
    expect(formatFixed(order.frozen)).toBe('590');
    const amended = placed(venue.amend('a', { id: order.id }, SPOT.symbol, { price: fixed('60100') }, T0)).order;
    expect(amended.status).toBe('filled');
    // Bought from the synthetic asks, at or below the new limit, never at the old one.
    const average = Number(formatFixed(amended.cost)) / 0.01;
    expect(average).toBeGreaterThan(60000);
    expect(average).toBeLessThanOrEqual(60100);
    expect(venue.balances('a', 'trading', T0).find((view) => view.currency === 'USDT')?.frozen).toBe(0n);
  });

  it('refuses what the exchange refuses and leaves the order as it was', () => {
    const { venue } = engine();
    const order = placed(limitBuy(venue, 'a', '59000', '0.01')).order;
    expect(venue.amend('a', { id: order.id }, SPOT.symbol, { amount: fixed('10') }, T0)).toMatchObject({
      ok: false,
      reason: 'insufficient-balance',
    });
    expect(formatFixed(order.amount)).toBe('0.01');
    expect(formatFixed(order.frozen)).toBe('590');
    expect(venue.amend('a', { id: 'nope' }, SPOT.symbol, { amount: fixed('0.02') }, T0)).toEqual({ ok: false, reason: 'not-found' });
    venue.cancel('a', { id: order.id }, undefined, T0);
    expect(venue.amend('a', { id: order.id }, SPOT.symbol, { amount: fixed('0.02') }, T0)).toMatchObject({ ok: false, reason: 'canceled' });
  });
});

describe('trigger orders', () => {
  const stop = (e: Engine, overrides: Partial<Parameters<TriggerBook['create']>[0]> = {}) =>
    placed(
      e.triggers.create(
        {
          accountId: 'a',
          symbol: SWAP.symbol,
          side: 'buy',
          type: 'market',
          amount: fixed('0.01'),
          triggerPrice: fixed('61000'),
          direction: 'above',
          priceType: 'mark',
          clientOrderId: 'stop1',
          reduceOnly: false,
          marginMode: 'cross',
          posSide: 'net',
          ...overrides,
        },
        T0,
      ),
    ).order;

  it('waits while the price stays on its side, then fires once when it crosses', () => {
    const e = engine();
    const order = stop(e);
    e.move('60900', T0 + 1_000);
    expect(order.status).toBe('live');
    expect(e.triggers.open('a').map((item) => item.id)).toEqual([order.id]);
    e.move('61050', T0 + 2_000);
    expect(order).toMatchObject({ status: 'effective', firedBy: 'trigger', triggeredAt: T0 + 2_000 });
    const fired = e.venue.findOrder('a', { id: order.firedOrderId as string });
    expect(fired).toMatchObject({ status: 'filled', side: 'buy', triggerOrderId: order.id });
    const position = e.venue.positions('a', T0 + 2_000)[0];
    expect(formatFixed(position?.size ?? 0n)).toBe('0.01');
    expect(e.triggers.open('a')).toEqual([]);
  });

  it('fires a sell stop when the last price falls through it', () => {
    const e = engine();
    const order = stop(e, { side: 'sell', triggerPrice: fixed('59000'), direction: 'below', priceType: 'last', clientOrderId: 's2' });
    e.move('59500', T0 + 1_000);
    expect(order.status).toBe('live');
    e.move('58990', T0 + 2_000);
    expect(order.status).toBe('effective');
  });

  it('fails a reduce-only trigger whose position is gone, and cannot cancel it afterwards', () => {
    const e = engine();
    const order = stop(e, { side: 'sell', reduceOnly: true, triggerPrice: fixed('59000'), direction: 'below', clientOrderId: 'r1' });
    e.move('58000', T0 + 1_000);
    expect(order).toMatchObject({ status: 'failed', failReason: 'reduce-only-no-position' });
    expect(e.triggers.cancel('a', { id: order.id }, T0 + 2_000)).toMatchObject({ ok: false, reason: 'triggered' });
  });

  it('cancels by client id and refuses a client id that a live trigger already uses', () => {
    const e = engine();
    stop(e);
    expect(e.triggers.create({ ...baseRequest(), clientOrderId: 'stop1' }, T0)).toEqual({ ok: false, reason: 'duplicate-client-order-id' });
    expect(e.triggers.cancel('a', { clientOrderId: 'stop1' }, T0)).toMatchObject({ ok: true, order: { status: 'canceled' } });
    e.move('62000', T0 + 1_000);
    expect(e.venue.positions('a', T0 + 1_000)).toEqual([]);
  });
});

function baseRequest() {
  return {
    accountId: 'a',
    symbol: SWAP.symbol,
    side: 'buy' as const,
    type: 'market' as const,
    amount: fixed('0.01'),
    triggerPrice: fixed('61000'),
    direction: 'above' as const,
    priceType: 'mark' as const,
    clientOrderId: '',
    reduceOnly: false,
    marginMode: 'cross' as const,
    posSide: 'net' as const,
  };
}

describe('take-profit / stop-loss attached to an entry', () => {
  const entry = (e: Engine) =>
    placed(
      e.venue.place(
        {
          accountId: 'a',
          symbol: SWAP.symbol,
          side: 'buy',
          type: 'market',
          timeInForce: 'IOC',
          amount: fixed('0.02'),
          clientOrderId: 'entry',
          marginMode: 'cross',
          posSide: 'net',
          attached: {
            takeProfit: { triggerPrice: fixed('63000'), priceType: 'last' },
            stopLoss: { triggerPrice: fixed('57000'), priceType: 'mark' },
            clientOrderId: 'tpsl1',
          },
        },
        T0,
      ),
    ).order;

  it('places a closing TP/SL for what filled, and the take-profit closes the position', () => {
    const e = engine();
    const order = entry(e);
    expect(order.status).toBe('filled');
    const [tpsl] = e.triggers.open('a');
    expect(tpsl).toMatchObject({ kind: 'tpsl', side: 'sell', reduceOnly: true, clientOrderId: 'tpsl1', parentOrderId: order.id });
    expect(formatFixed(tpsl?.amount ?? 0n)).toBe('0.02');
    e.move('62000', T0 + 1_000);
    expect(tpsl?.status).toBe('live');
    e.move('63100', T0 + 2_000);
    expect(tpsl).toMatchObject({ status: 'effective', firedBy: 'takeProfit' });
    expect(e.venue.positions('a', T0 + 2_000)).toEqual([]);
  });

  it('stops out below the entry', () => {
    const e = engine();
    entry(e);
    e.move('56900', T0 + 1_000);
    expect(e.triggers.all('a')[0]).toMatchObject({ status: 'effective', firedBy: 'stopLoss' });
    expect(e.venue.positions('a', T0 + 1_000)).toEqual([]);
  });

  it('cancels the TP/SL of a position closed some other way', () => {
    const e = engine();
    entry(e);
    placed(
      e.venue.place(
        {
          accountId: 'a',
          symbol: SWAP.symbol,
          side: 'sell',
          type: 'market',
          timeInForce: 'IOC',
          amount: fixed('0.02'),
          clientOrderId: '',
          reduceOnly: true,
          marginMode: 'cross',
          posSide: 'net',
        },
        T0,
      ),
    );
    e.move('60001', T0 + 1_000);
    expect(e.triggers.all('a')[0]?.status).toBe('canceled');
  });
});

describe('funding', () => {
  const openLong = (e: Engine, amount: string) =>
    placed(
      e.venue.place(
        {
          accountId: 'a',
          symbol: SWAP.symbol,
          side: 'buy',
          type: 'market',
          timeInForce: 'IOC',
          amount: fixed(amount),
          clientOrderId: '',
          marginMode: 'cross',
          posSide: 'net',
        },
        T0,
      ),
    );

  const usdt = (e: Engine, accountId = 'a') => e.venue.account(accountId).balance('trading', 'USDT').total;

  it('settles the current period on demand: a long pays size × mark × rate', () => {
    const e = engine();
    openLong(e, '0.5');
    e.funding.setRate(SWAP.symbol, fixed('0.0001'));
    const before = usdt(e);
    const [settlement] = e.funding.settleNow(T0 + 1_000, SWAP.symbol);
    // 0.5 BTC × 60000 × 0.0001 = 3 USDT.
    expect(formatFixed(before - usdt(e))).toBe('3');
    expect(settlement).toMatchObject({ symbol: SWAP.symbol, time: T0 + 1_000, payments: [{ accountId: 'a', amount: fixed('-3') }] });
    expect(e.funding.history(SWAP.symbol)[0]?.rate).toBe(fixed('0.0001'));
  });

  it('pays a short when the rate is positive, and charges it when negative', () => {
    const e = engine();
    placed(
      e.venue.place(
        {
          accountId: 'b',
          symbol: SWAP.symbol,
          side: 'sell',
          type: 'market',
          timeInForce: 'IOC',
          amount: fixed('1'),
          clientOrderId: '',
          marginMode: 'cross',
          posSide: 'net',
        },
        T0,
      ),
    );
    e.funding.setRate(SWAP.symbol, fixed('0.0002'));
    let before = usdt(e, 'b');
    e.funding.settleNow(T0, SWAP.symbol);
    expect(formatFixed(usdt(e, 'b') - before)).toBe('12');
    e.funding.setRate(SWAP.symbol, fixed('-0.0001'));
    before = usdt(e, 'b');
    e.funding.settleNow(T0, SWAP.symbol);
    expect(formatFixed(usdt(e, 'b') - before)).toBe('-6');
  });

  it('settles on its 8-hour schedule when time reaches it, with seeded rates between -0.01 % and +0.03 %', () => {
    const e = engine();
    openLong(e, '0.1');
    const next = e.funding.nextTime(SWAP.symbol);
    expect(next % FUNDING_INTERVAL_MS).toBe(0);
    expect(next).toBeGreaterThan(T0);
    const rate = e.funding.currentRate(SWAP.symbol);
    expect(rate).toBeGreaterThanOrEqual(fixed('-0.0001'));
    expect(rate).toBeLessThan(fixed('0.0003'));
    const before = usdt(e);
    e.venue.sync(next - 1);
    expect(e.funding.history(SWAP.symbol)).toEqual([]);
    e.venue.sync(next);
    expect(e.funding.history(SWAP.symbol).map((item) => item.time)).toEqual([next]);
    expect(usdt(e)).toBe(before - mul(mul(fixed('0.1'), fixed('60000')), rate));
    expect(e.funding.nextTime(SWAP.symbol)).toBe(next + FUNDING_INTERVAL_MS);
  });
});

describe('transfers', () => {
  it('moves what is available between wallets, findable by client id', () => {
    const { transfers, venue } = engine();
    const result = transfers.transfer(
      { accountId: 'a', currency: 'USDT', amount: fixed('1200.5'), from: 'funding', to: 'trading', clientId: 't1' },
      T0,
    );
    expect(result).toMatchObject({ ok: true, transfer: { currency: 'USDT', from: 'funding', to: 'trading', clientId: 't1' } });
    const account = venue.account('a');
    expect(formatFixed(account.balance('funding', 'USDT').total)).toBe('3799.5');
    expect(formatFixed(account.balance('trading', 'USDT').total)).toBe('101200.5');
    expect(transfers.find('a', { clientId: 't1' })?.amount).toBe(fixed('1200.5'));
    expect(transfers.find('b', { clientId: 't1' })).toBeUndefined();
  });

  it('refuses more than is available, an unknown or equal wallet, and a client id used before', () => {
    const { transfers, venue } = engine();
    const request = { accountId: 'a', currency: 'USDT', amount: fixed('5000.01'), from: 'funding', to: 'trading' };
    expect(transfers.transfer(request, T0)).toEqual({ ok: false, reason: 'insufficient-balance' });
    expect(transfers.transfer({ ...request, amount: fixed('1'), to: 'margin' }, T0)).toEqual({ ok: false, reason: 'unknown-wallet' });
    expect(transfers.transfer({ ...request, amount: fixed('1'), to: 'funding' }, T0)).toEqual({ ok: false, reason: 'same-wallet' });
    expect(transfers.transfer({ ...request, amount: fixed('1'), clientId: 'x' }, T0).ok).toBe(true);
    expect(transfers.transfer({ ...request, amount: fixed('1'), clientId: 'x' }, T0)).toEqual({ ok: false, reason: 'duplicate-client-id' });
    // Funds held by an open order are not available to move.
    limitBuy(venue, 'a', '50000', '1.9');
    expect(transfers.transfer({ accountId: 'a', currency: 'USDT', amount: fixed('10000'), from: 'trading', to: 'funding' }, T0)).toEqual({
      ok: false,
      reason: 'insufficient-balance',
    });
  });
});
