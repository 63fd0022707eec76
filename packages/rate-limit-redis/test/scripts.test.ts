import { MemoryRateLimitStore, type Reservation } from '@exchange-adapters/core/adapter';
import { createClient } from 'redis';
import { parseRecordReply, parseReserveReply, RECORD_SCRIPT, RESERVE_SCRIPT } from '../src/scripts.js';
import { describeWithRedis, RedisServer } from './support/redis-server.js';

type Client = ReturnType<typeof createClient>;

interface Slot {
  total: number;
  at: number;
  cost: number;
}

/** Largest total cost inside any window (t − windowMs, t] of the slots. */
function busiestWindow(slots: readonly { at: number; cost: number }[], windowMs: number): number {
  let worst = 0;
  for (const end of slots) {
    const inWindow = slots.filter((slot) => slot.at > end.at - windowMs && slot.at <= end.at).reduce((sum, slot) => sum + slot.cost, 0);
    worst = Math.max(worst, inWindow);
  }
  return worst;
}

/** A small deterministic generator, so a failing sequence can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeWithRedis('reservation script (real redis-server)', () => {
  let server: RedisServer;
  let client: Client;

  beforeAll(async () => {
    server = await RedisServer.start();
    client = createClient({ url: server.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });
  beforeEach(async () => {
    await client.flushAll();
  });

  async function book(on: Client, reservations: readonly Reservation[], options: { notBeforeMs?: number; bookAheadMs?: number } = {}) {
    const raw = await on.eval(RESERVE_SCRIPT, {
      keys: reservations.map(({ key }) => key),
      arguments: [
        String(options.notBeforeMs ?? 0),
        String(options.bookAheadMs ?? 1e12),
        ...reservations.flatMap(({ cost, limit, windowMs }) => [String(cost), String(limit), String(windowMs)]),
      ],
    });
    return parseReserveReply(raw, reservations.length);
  }

  async function slotsOf(key: string): Promise<Slot[]> {
    return (await client.zRange(key, 0, -1)).map((member) => {
      const [total, at, cost] = member.split('|').map(Number) as [number, number, number];
      return { total, at, cost };
    });
  }

  it('books exactly the slots the in-memory store gives for the same requests at the same moments', async () => {
    const random = prng(17);
    const buckets = [
      { key: 'a', limit: 3, windowMs: 7 },
      { key: 'b', limit: 5, windowMs: 23 },
      { key: 'c', limit: 8, windowMs: 41 },
      { key: 'd', limit: 2, windowMs: 3 },
    ];
    const memory = new MemoryRateLimitStore();
    for (let i = 0; i < 400; i++) {
      const picked = buckets.filter(() => random() < 0.5);
      const request = (picked.length > 0 ? picked : [buckets[i % buckets.length] as (typeof buckets)[number]]).map((bucket) => ({
        ...bucket,
        cost: 1 + Math.floor(random() * 3),
      }));
      const reply = await book(client, request);
      if (!reply.granted) throw new Error('booking ahead is unbounded here');
      // Same moment, same requests in the same order: the same wait, to the last bit of the double.
      expect(reply.waitMs).toBe(memory.reserve(request, reply.serverNowMs));
      // Irregular gaps, so that buckets both queue up and drain, and slots leave windows at every distance.
      const gapMs = random() < 0.1 ? 20 : Math.floor(random() * 3);
      if (gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  });

  it('books every bucket of a request at one moment, the moment the fullest bucket has room', async () => {
    const weight = { key: 'weight', limit: 2, windowMs: 1_000 };
    const orders = { key: 'orders', limit: 100, windowMs: 60_000 };
    const first = await book(client, [{ ...weight, cost: 2 }]);
    const both = await book(client, [
      { ...weight, cost: 1 },
      { ...orders, cost: 1 },
    ]);
    if (!first.granted || !both.granted) throw new Error('not granted');
    const firstAt = first.serverNowMs + first.waitMs;
    const [, weightSlot] = await slotsOf('weight');
    const [orderSlot] = await slotsOf('orders');
    expect(weightSlot?.at).toBe(firstAt + 1_000);
    expect(orderSlot?.at).toBe(firstAt + 1_000);
    expect(both.serverNowMs + both.waitMs).toBe(firstAt + 1_000);
  });

  it('lets a request that costs more than the limit go alone, then makes the next wait a full window', async () => {
    const bucket = { key: 'k', limit: 3, windowMs: 5_000 };
    const big = await book(client, [{ ...bucket, cost: 5 }]);
    const next = await book(client, [{ ...bucket, cost: 1 }]);
    if (!big.granted || !next.granted) throw new Error('not granted');
    expect(big.waitMs).toBe(0);
    expect(next.serverNowMs + next.waitMs).toBe(big.serverNowMs + 5_000);
  });

  it('never books before the limiter’s pause ends', async () => {
    const reply = await book(client, [{ key: 'k', cost: 1, limit: 10, windowMs: 1_000 }], { notBeforeMs: 750 });
    expect(reply).toMatchObject({ granted: true, waitMs: 750 });
  });

  it('books no further ahead than bookAheadMs and says when to ask again, booking nothing', async () => {
    const bucket = { key: 'k', cost: 1, limit: 1, windowMs: 10_000 };
    const first = await book(client, [bucket], { bookAheadMs: 1_000 });
    const second = await book(client, [bucket], { bookAheadMs: 1_000 });
    if (!first.granted || second.granted) throw new Error('expected a booking, then a refusal');
    const firstAt = first.serverNowMs + first.waitMs;
    expect(second.retryInMs).toBe(firstAt + 10_000 - 1_000 - second.serverNowMs);
    expect(await slotsOf('k')).toHaveLength(1);
  });

  it('holds under concurrent clients: the script is one atomic step, so no window ever gets more than the limit', async () => {
    const others = await Promise.all(Array.from({ length: 4 }, () => createClient({ url: server.url }).connect()));
    const bucket = { key: 'race', cost: 1, limit: 10, windowMs: 50 };
    try {
      const replies = await Promise.all(
        Array.from({ length: 200 }, (_, i) => book(others[i % others.length] as Client, [{ ...bucket, cost: 1 + (i % 2) }])),
      );
      const slots = replies.map((reply, i) => {
        if (!reply.granted) throw new Error('not granted');
        return { at: reply.serverNowMs + reply.waitMs, cost: 1 + (i % 2) };
      });
      expect(busiestWindow(slots, 50)).toBeLessThanOrEqual(10);
      // …and the budget is used: 300 cost at 10 per 50 ms takes 29 windows after the first (a few more where a
      // cost of 2 does not fit in the last unit of a window); a bucket halved for safety would take 59.
      const span = Math.max(...slots.map((s) => s.at)) - Math.min(...slots.map((s) => s.at));
      expect(span).toBeLessThan(35 * 50);
    } finally {
      await Promise.all(others.map((other) => other.close()));
    }
  });

  it('keeps a bucket only while a slot of it can be in a window: old slots are dropped, idle buckets expire', async () => {
    const bucket = { key: 'k', cost: 1, limit: 100, windowMs: 40 };
    for (let i = 0; i < 5; i++) await book(client, [bucket]);
    const ttl = await client.pTTL('k');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(41);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const reply = await book(client, [bucket]);
    // The five earlier slots left the window and were dropped when the next request came.
    const slots = await slotsOf('k');
    expect(slots).toHaveLength(1);
    expect(slots[0]?.at).toBe(reply.serverNowMs);
    // An idle bucket goes by itself (Redis expires it; bounded wait).
    for (let i = 0; i < 100 && (await client.exists('k')) === 1; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await client.exists('k')).toBe(0);
  });

  it('merges slots sent elsewhere into a bucket in time order, and sets the recovery marker once', async () => {
    const bucket = { key: 'k', cost: 1, limit: 100, windowMs: 10_000 };
    const booked = await book(client, [bucket], { notBeforeMs: 500 });
    if (!booked.granted) throw new Error('not granted');
    const record = async (graceMs: number, slots: Array<[number, number]>) =>
      parseRecordReply(
        await client.eval(RECORD_SCRIPT, {
          keys: ['marker', 'k'],
          arguments: [String(graceMs), '10000', String(slots.length), ...slots.flatMap(([offset, cost]) => [String(offset), String(cost)])],
        }),
      );
    // One slot 200 ms ago, one long out of the window (dropped), one 900 ms ahead.
    const remaining = await record(3_000, [
      [-200, 2],
      [-20_000, 1],
      [900, 1],
    ]);
    expect(remaining).toBeGreaterThan(2_900);
    expect(remaining).toBeLessThanOrEqual(3_000);
    const slots = await slotsOf('k');
    expect(slots.map((slot) => slot.cost)).toEqual([2, 1, 1]);
    expect(slots.map((slot) => slot.total)).toEqual([2, 3, 4]);
    expect(slots[1]?.at).toBe(booked.serverNowMs + booked.waitMs);
    expect(slots.map((slot) => slot.at)).toEqual([...slots.map((slot) => slot.at)].sort((x, y) => x - y));
    // A second process coming back finds the marker and keeps it.
    expect(await record(3_000, [])).toBeLessThanOrEqual(remaining);
    // The merged bucket is counted by the next booking: 4 of 5 used.
    const next = await book(client, [{ ...bucket, limit: 5, cost: 2 }]);
    if (!next.granted) throw new Error('not granted');
    expect(next.serverNowMs + next.waitMs).toBe((slots[0]?.at ?? 0) + 10_000);
  });
});
