/**
 * The private-stream ledgers that exchanges without a fills channel (OKEx v1) or without an
 * initial push (WEEX and v1 balances) rely on: fills derived from order updates, once each, across
 * a REST catch-up; a baseline of the orders already part-filled; balances read over REST first.
 */
import type { Balances, Order } from '../src/index.js';
import { BalanceLedger, OrderFillsLedger } from '../src/streams/handlers.js';

const base: Order = {
  id: '90300001',
  clientOrderId: '',
  symbol: 'BTC/USDT',
  type: 'limit',
  side: 'buy',
  status: 'open',
  price: 60_000,
  amount: 1,
  filled: 0,
  remaining: 1,
  timestamp: 1_000,
  info: {},
};
const version = (filled: number, average: number | undefined, extra: Partial<Order> = {}): Order => ({
  ...base,
  filled,
  remaining: 1 - filled,
  average,
  cost: average === undefined ? undefined : filled * average,
  status: filled === 1 ? 'closed' : 'open',
  ...extra,
});

function rest(open: Order[] = [], closed: Order[] = []) {
  const calls: string[] = [];
  return {
    calls,
    fetchOpenOrders: async (symbol?: string) => {
      calls.push(`open ${symbol}`);
      return open;
    },
    fetchClosedOrders: async (symbol?: string, since?: number) => {
      calls.push(`closed ${symbol} ${since}`);
      return closed;
    },
    fetchMyTrades: async () => [],
    fetchBalance: async () => ({ info: {}, assets: { USDT: { free: 90, used: 10, total: 100 }, BTC: { free: 1, used: 0, total: 1 } } }),
    fetchPositions: async () => [],
  };
}

describe('fills derived from order updates', () => {
  it('yields one fill per increase of the filled amount, priced by the increase of its cost', () => {
    const ledger = new OrderFillsLedger(rest(), 'BTC/USDT', () => 5_000);
    expect(ledger.admit(version(0, undefined))).toBeUndefined();
    const first = ledger.admit(version(0.25, 60_000));
    expect(first).toMatchObject({ id: '90300001:0.25', orderId: '90300001', amount: 0.25, price: 60_000, cost: 15_000, side: 'buy' });
    // Average moved to 60 040: the second 0.75 cost 45 120, at 60 160 each.
    const second = ledger.admit(version(1, 60_120));
    expect(second).toMatchObject({ id: '90300001:1', amount: 0.75, cost: 45_120, price: 60_160 });
    // No update time on the order: stamped when seen.
    expect(second?.timestamp).toBe(5_000);
    // A repeat, or an older version arriving late, raises nothing.
    expect(ledger.admit(version(1, 60_120))).toBeUndefined();
    expect(ledger.admit(version(0.25, 60_000))).toBeUndefined();
    expect(ledger.admit({ ...version(0.5, 60_000), symbol: 'ETH/USDT', id: 'other' })).toBeUndefined();
  });

  it('catches up from order states over REST: the part missed once, nothing seen twice', async () => {
    const venue = rest([], [version(1, 60_120, { lastUpdateTimestamp: 9_000 })]);
    const ledger = new OrderFillsLedger(venue, 'BTC/USDT', () => 0);
    ledger.admit(version(0.25, 60_000));
    const missed = await ledger.catchUp(2_000);
    expect(venue.calls).toEqual(['open BTC/USDT', 'closed BTC/USDT 2000']);
    const fills = missed.map((order) => ledger.admit(order));
    expect(fills).toEqual([expect.objectContaining({ id: '90300001:1', amount: 0.75, price: 60_160, timestamp: 9_000 })]);
    // The push for the same state, held while catching up, is the same fill: not yielded again.
    expect(ledger.admit(version(1, 60_120))).toBeUndefined();
  });

  it('counts fills from where open orders stood when the stream started', async () => {
    const ledger = new OrderFillsLedger(rest([version(0.5, 60_000)]), 'BTC/USDT', () => 0);
    await expect(ledger.initial()).resolves.toEqual([]);
    expect(ledger.admit(version(0.5, 60_000))).toBeUndefined();
    expect(ledger.admit(version(0.75, 60_040))).toMatchObject({ amount: 0.25, cost: 15_030 });
  });

  it('carries the increase of the fee when the order states its fee', () => {
    const ledger = new OrderFillsLedger(rest(), undefined, () => 0);
    ledger.admit(version(0.5, 60_000, { fee: { currency: 'BTC', cost: 0.0005 } }));
    expect(ledger.admit(version(1, 60_000, { fee: { currency: 'BTC', cost: 0.001 } }))?.fee).toEqual({ currency: 'BTC', cost: 0.0005 });
  });
});

describe('balances from change-only pushes', () => {
  it('reads the account over REST first, then lays each push over it', async () => {
    const ledger = new BalanceLedger(rest(), 'spot', true);
    const [snapshot] = (await ledger.initial?.()) ?? [];
    expect(ledger.admit(snapshot as Balances)?.assets).toEqual({
      USDT: { free: 90, used: 10, total: 100 },
      BTC: { free: 1, used: 0, total: 1 },
    });
    const merged = ledger.admit({ info: {}, assets: { BTC: { free: 1.5, used: 0, total: 1.5 } } });
    expect(merged?.assets).toEqual({ USDT: { free: 90, used: 10, total: 100 }, BTC: { free: 1.5, used: 0, total: 1.5 } });
    expect(ledger.admit({ info: {}, assets: { BTC: { free: 1.5, used: 0, total: 1.5 } } })).toBeUndefined();
  });

  it('reads nothing first where the exchange pushes the account on subscribe', () => {
    expect(new BalanceLedger(rest(), 'spot').initial).toBeUndefined();
  });
});
