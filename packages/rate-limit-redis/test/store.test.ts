import { isExchangeError } from '@exchange-adapters/core';
import { RateLimiter, type Reservation } from '@exchange-adapters/core/adapter';
import { createClient } from 'redis';
import { type FallbackEvent, RedisRateLimitStore, type RedisRateLimitStoreOptions } from '../src/index.js';
import { describeWithRedis, RedisServer } from './support/redis-server.js';

const PREFIX = 'exchange-adapters:rate-limit';

/** The limiter's clock, driven by the test: the local share never reads the wall clock. */
class FakeClock {
  nowMs = 1_000_000;
  readonly now = () => this.nowMs;
}

async function connect(url: string) {
  const client = createClient({ url, socket: { reconnectStrategy: () => 50 } });
  // A client without an error listener throws when its server goes away; the store learns it from isReady.
  client.on('error', () => {});
  await client.connect();
  return client;
}

type Client = Awaited<ReturnType<typeof connect>>;

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 250; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/** A bucket's slots in Redis (scripts.ts): `state|at|cost|window|margin|end` by request id, plus `#` fields. */
async function slotsIn(client: Client, key: string): Promise<Array<{ id: string; state: string; at: number; end?: number }>> {
  return Object.entries(await client.hGetAll(key))
    .filter(([id]) => !id.startsWith('#'))
    .map(([id, text]) => {
      const [state = '', at, , , , end] = text.split('|');
      return { id, state, at: Number(at), ...(end ? { end: Number(end) } : {}) };
    })
    .sort((a, b) => a.at - b.at);
}

async function slotTimes(client: Client, key: string): Promise<number[]> {
  return (await slotsIn(client, key)).map((slot) => slot.at);
}

describeWithRedis('RedisRateLimitStore (real redis-server)', () => {
  let server: RedisServer;
  let client: Client;

  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.stop();
  });
  beforeEach(async () => {
    client = await connect(server.url);
    await client.flushAll();
  });
  afterEach(async () => {
    server.resume();
    if (client.isOpen) await client.close();
  });

  const store = (options: Partial<RedisRateLimitStoreOptions> = {}) => new RedisRateLimitStore({ client, fallbackShare: 0.3, ...options });
  const bucket = (key: string, limit = 10, windowMs = 1_000): Reservation => ({ key, cost: 1, limit, windowMs });

  describe('shared', () => {
    it('honours the utilisation and window margin the limiter adds: 5 of 10 per 1 s + 500 ms', async () => {
      const waits: number[] = [];
      // The limiter's clock stands still here, so no reply can look late (see the stale-slot test).
      const clock = new FakeClock();
      const limiter = new RateLimiter({
        namespace: 'okx',
        buckets: { balance: { limit: 10, windowMs: 1_000, scope: 'account' } },
        store: store({ bookAheadMs: 60_000, now: clock.now }),
        utilization: 0.5,
        windowMarginMs: () => 500,
        now: clock.now,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      for (let i = 0; i < 12; i++) await limiter.acquire([{ bucket: 'balance' }], { ip: 'host', account: 'acct1' });
      const slots = await slotTimes(client, `${PREFIX}:{default}:okx|balance|acct:acct1`);
      expect(slots).toHaveLength(12);
      // Five go at once; each later one exactly a widened window after the one five before it.
      for (let i = 5; i < 12; i++) expect(slots[i]).toBe((slots[i - 5] as number) + 1_500);
      expect(waits).toHaveLength(7);
    });

    it('shares one budget between stores of one namespace, and none between namespaces', async () => {
      const other = await connect(server.url);
      try {
        const options = { fallbackShare: 0.3, bookAheadMs: 60_000 };
        const a = store({ ...options, namespace: 'team-a' });
        const alsoA = new RedisRateLimitStore({ ...options, client: other, namespace: 'team-a' });
        const b = new RedisRateLimitStore({ ...options, client: other, namespace: 'team-b' });
        const wait = (s: RedisRateLimitStore) => s.reserve([bucket('k', 4, 10_000)], Date.now());
        // Two each from team-a's two stores fill its 4 together: the next one waits a window.
        for (const s of [a, alsoA, a, alsoA]) await wait(s);
        expect(await wait(alsoA)).toBeGreaterThan(9_000);
        // team-b has its own 4.
        expect(await wait(b)).toBeLessThan(1_000);
      } finally {
        await other.close();
      }
    });

    it('asks again when its slot is further away than bookAheadMs, then books it exactly', async () => {
      const clock = new FakeClock();
      const shared = store({ bookAheadMs: 100, now: clock.now });
      expect(await shared.reserve([bucket('k', 1, 300)], clock.nowMs)).toBe(0);
      const waitMs = await shared.reserve([bucket('k', 1, 300)], clock.nowMs);
      const [firstAt, secondAt] = await slotTimes(client, `${PREFIX}:{default}:k`);
      expect(secondAt).toBe((firstAt as number) + 300);
      // It booked only once the slot was within 100 ms, and returned the rest of the wait.
      expect(waitMs).toBeLessThanOrEqual(100);
    });
    it('does not use a slot whose reply came late (this process stalled): books a fresh one, a few times at most', async () => {
      // A clock that moves 100 ms between sending and reading each reply: every reply is "late".
      let ms = 0;
      const stalling = store({
        now: () => {
          ms += 100;
          return ms;
        },
      });
      const waitMs = await stalling.reserve([bucket('k')], ms);
      // The first three slots are left unused in Redis (counted, never sent); the fourth is taken.
      expect(await slotTimes(client, `${PREFIX}:{default}:k`)).toHaveLength(4);
      expect(waitMs).toBe(0);
      // A clock that moves 10 ms: replies in time, one slot.
      let calm = 0;
      const inTime = store({
        now: () => {
          calm += 10;
          return calm;
        },
      });
      await inTime.reserve([bucket('other')], calm);
      expect(await slotTimes(client, `${PREFIX}:{default}:other`)).toHaveLength(1);
    });
  });

  describe('exact accounting (tickets, as the rate limiter uses them)', () => {
    /** The client, counting the scripts the store runs. */
    function counting(inner: Client) {
      const calls: string[] = [];
      const wrapped = {
        get isReady() {
          return inner.isReady;
        },
        evalSha: (sha1: string, options: { keys: string[]; arguments: string[] }) => {
          calls.push(sha1);
          return inner.evalSha(sha1, options);
        },
        eval: (script: string, options: { keys: string[]; arguments: string[] }) => inner.eval(script, options),
      };
      return { wrapped, calls };
    }

    it('sends a request that can go at once after one round trip, and reports its reply with one more', async () => {
      const { wrapped, calls } = counting(client);
      const clock = new FakeClock();
      const limiter = new RateLimiter({
        namespace: 'okx',
        buckets: { balance: { limit: 10, windowMs: 1_000, scope: 'account' } },
        store: store({ client: wrapped, now: clock.now }),
        now: clock.now,
        sleep: async () => {},
      });
      const ticket = await limiter.acquire([{ bucket: 'balance' }], { ip: 'host', account: 'acct1' });
      await limiter.confirm(ticket);
      expect(calls).toHaveLength(1);
      limiter.settle(ticket);
      await until(() => calls.length === 2, 'the reply to be reported');
      const [slot] = await slotsIn(client, `${PREFIX}:{default}:okx|balance|acct:acct1`);
      await until(async () => (await slotsIn(client, `${PREFIX}:{default}:okx|balance|acct:acct1`))[0]?.state === 'e', 'the slot to end');
      expect(slot?.state).toMatch(/^[se]$/);
    });

    it('holds a request of another process until a window after the reply of the one before it, on the server’s clock', async () => {
      const other = await connect(server.url);
      try {
        // A documented window of 300 ms, planned with a margin of 100.
        const bucket = { key: 'k', cost: 1, limit: 1, windowMs: 400, marginMs: 100 };
        const [a, b] = [store(), new RedisRateLimitStore({ client: other, fallbackShare: 0.3 })];
        const first = await a.reserveTicket([bucket], Date.now());
        expect(await a.confirm(first, Date.now())).toBe(0);
        const second = await b.reserveTicket([bucket], Date.now());
        // Planned a window and a margin after the first; then held for as long as the first has no reply.
        expect(second.waitMs).toBeGreaterThan(350);
        await new Promise((resolve) => setTimeout(resolve, second.waitMs + 20));
        expect(await b.confirm(second, Date.now())).toBe(10);
        a.settle(first, Date.now());
        await until(async () => (await slotsIn(client, `${PREFIX}:{default}:k`))[0]?.state === 'e', 'the first reply to be reported');
        const [ended] = await slotsIn(client, `${PREFIX}:{default}:k`);
        const waitMs = await b.confirm(second, Date.now());
        // A full window from the reply, on Redis's clock (≥ 0 ms has passed since).
        expect(waitMs).toBeGreaterThan(200);
        expect(waitMs).toBeLessThanOrEqual(300);
        await new Promise((resolve) => setTimeout(resolve, waitMs + 5));
        expect(await b.confirm(second, Date.now())).toBe(0);
        // The first has left the window; the second went a full window after its reply.
        const slots = await slotsIn(client, `${PREFIX}:{default}:k`);
        expect(slots.map((slot) => slot.state)).toEqual(['s']);
        expect((slots[0]?.at ?? 0) - (ended?.end ?? 0)).toBeGreaterThanOrEqual(300);
      } finally {
        await other.close();
      }
    });

    it('books nothing when the wait would pass maxWaitMs, so the limiter fails the call at once', async () => {
      const bucket = { key: 'k', cost: 1, limit: 1, windowMs: 10_000 };
      const shared = store();
      await shared.reserveTicket([bucket], Date.now());
      const refused = await shared.reserveTicket([bucket], Date.now(), 2_000);
      expect(refused.waitMs).toBeGreaterThan(2_000);
      expect(await slotsIn(client, `${PREFIX}:{default}:k`)).toHaveLength(1);
    });

    it('decides on the local share a request planned in Redis when Redis goes away before it is sent', async () => {
      const clock = new FakeClock();
      const shared = store({ now: clock.now, bookAheadMs: 1_500 });
      const bucket = { key: 'k', cost: 1, limit: 10, windowMs: 1_000 };
      // Ten planned (a caller that never confirms) fill the bucket; one more is planned a window later.
      for (let i = 0; i < 10; i++) await shared.reserve([bucket], clock.nowMs);
      const ticket = await shared.reserveTicket([bucket], clock.nowMs);
      expect(ticket.waitMs).toBeGreaterThan(900);
      await server.kill();
      try {
        await until(() => !client.isReady, 'the client to notice');
        // Busy when Redis went: nothing on the share until whatever was booked there (up to
        // bookAheadMs ahead) has left the window.
        const waitMs = await shared.confirm(ticket, clock.nowMs);
        expect(shared.mode).toBe('fallback');
        expect(waitMs).toBe(2_500);
        clock.nowMs += waitMs;
        expect(await shared.confirm(ticket, clock.nowMs)).toBe(0);
        shared.settle(ticket, clock.nowMs);
      } finally {
        await server.restart();
        shared.close();
      }
    });

    it('tells Redis what it sent on its share, and later the reply to it', async () => {
      const clock = new FakeClock();
      const local = store({ now: clock.now, bookAheadMs: 200, recoveryGraceMs: 60_000 });
      await server.kill();
      try {
        await until(() => !client.isReady, 'the client to notice');
        await local.reserve([{ key: 'warm-up', cost: 1, limit: 10, windowMs: 1_000 }], clock.nowMs); // goes local
      } finally {
        await server.restart();
      }
      // Past the window the outage made unknown: the share has room.
      clock.nowMs += 2_000;
      const bucket = { key: 'k', cost: 1, limit: 10, windowMs: 1_000 };
      const ticket = await local.reserveTicket([bucket], clock.nowMs);
      expect(local.mode).toBe('fallback');
      expect(await local.confirm(ticket, clock.nowMs)).toBe(0);
      await until(() => local.mode === 'recovering', 'the store to reach Redis');
      const [recorded] = await slotsIn(client, `${PREFIX}:{default}:k`);
      expect(recorded?.state).toBe('s');
      local.settle(ticket, clock.nowMs);
      await until(async () => (await slotsIn(client, `${PREFIX}:{default}:k`))[0]?.state === 'e', 'the reply to be reported');
      local.close();
    });

    it('back on Redis alone, decides in Redis a request that was planned on the local share, giving its local slot back', async () => {
      const clock = new FakeClock();
      const returning = store({ now: clock.now, bookAheadMs: 200, recoveryGraceMs: 1_000 });
      const bucket = { key: 'k', cost: 1, limit: 10, windowMs: 60_000 };
      let ticket: Awaited<ReturnType<RedisRateLimitStore['reserveTicket']>>;
      await server.kill();
      try {
        await until(() => !client.isReady, 'the client to notice');
        // Planned on the share, far ahead (a bucket never seen counts as full until bookAheadMs + one window).
        ticket = await returning.reserveTicket([bucket], clock.nowMs);
        expect(ticket.waitMs).toBe(60_200);
      } finally {
        await server.restart();
      }
      await until(() => returning.mode === 'recovering', 'the store to reach Redis');
      clock.nowMs += 2_000;
      await returning.reserve([{ key: 'other', cost: 1, limit: 10, windowMs: 1_000 }], clock.nowMs);
      expect(returning.mode).toBe('shared');
      // Redis has room: the request goes now, counted there, instead of waiting out its local plan.
      expect(await returning.confirm(ticket, clock.nowMs)).toBe(0);
      const slots = await slotsIn(client, `${PREFIX}:{default}:k`);
      expect(slots.map((slot) => slot.state)).toEqual(['s']);
      returning.close();
    });
  });

  describe('when Redis is unreachable', () => {
    it('books on the local share and says so; a bucket it never saw counts as full until bookAheadMs + one window', async () => {
      const clock = new FakeClock();
      const events: FallbackEvent[] = [];
      const local = store({ now: clock.now, bookAheadMs: 400 });
      local.on('fallback', (event) => events.push(event));
      await server.kill();
      await until(() => !client.isReady, 'the client to notice');
      const waits: number[] = [];
      for (let i = 0; i < 4; i++) waits.push(await local.reserve([bucket('k', 10, 1_000)], clock.nowMs));
      // 3 per window (0.3 of 10) after the unknown window has passed.
      expect(waits).toEqual([1_400, 1_400, 1_400, 2_400]);
      expect(local.mode).toBe('fallback');
      expect(events).toEqual([{ namespace: 'default', reason: 'unreachable', message: 'the Redis client is not connected', share: 0.3 }]);
      await server.restart();
    });

    it('counts what it last saw of each bucket: a busy one waits until every slot booked in Redis has left the window', async () => {
      const clock = new FakeClock();
      const local = store({ now: clock.now, bookAheadMs: 400 });
      for (let i = 0; i < 10; i++) await local.reserve([bucket('busy', 10, 1_000)], clock.nowMs);
      await local.reserve([bucket('quiet', 10, 1_000)], clock.nowMs);
      await server.kill();
      await until(() => !client.isReady, 'the client to notice');
      // busy: 10 used ≥ 3 → nothing until the window after bookAheadMs.
      expect(await local.reserve([bucket('busy', 10, 1_000)], clock.nowMs)).toBe(1_400);
      // quiet: 1 used → 2 more on the share from bookAheadMs on, the next when that slot has left.
      const quiet = [];
      for (let i = 0; i < 3; i++) quiet.push(await local.reserve([bucket('quiet', 10, 1_000)], clock.nowMs));
      expect(quiet).toEqual([400, 400, 1_400]);
      await server.restart();
    });

    it('goes local when Redis does not answer in time (frozen server), without failing the call', async () => {
      const clock = new FakeClock();
      const events: FallbackEvent[] = [];
      const slow = store({ now: clock.now, timeoutMs: 100 });
      slow.on('fallback', (event) => events.push(event));
      expect(await slow.reserve([bucket('k')], clock.nowMs)).toBe(0);
      server.pause();
      expect(typeof (await slow.reserve([bucket('k')], clock.nowMs))).toBe('number');
      expect(slow.mode).toBe('fallback');
      expect(events.map((event) => [event.reason, event.message])).toEqual([['timeout', 'Redis did not answer within 100 ms']]);
    });

    it('goes local when Redis answers with an error', async () => {
      const events: FallbackEvent[] = [];
      const failing = store();
      failing.on('fallback', (event) => events.push(event));
      await client.set(`${PREFIX}:{default}:k`, 'not a bucket');
      expect(typeof (await failing.reserve([bucket('k')], Date.now()))).toBe('number');
      expect(events[0]?.reason).toBe('error');
      expect(events[0]?.message).toMatch(/WRONGTYPE/);
    });

    it('comes back: writes its local slots into Redis, keeps to its share through the grace period, then uses Redis alone', async () => {
      const clock = new FakeClock();
      const modes: string[] = [];
      const returning = store({ now: clock.now, bookAheadMs: 200, probeIntervalMs: 500, recoveryGraceMs: 3_000 });
      returning.on('fallback', () => modes.push('fallback'));
      returning.on('recovering', ({ graceMs }) => modes.push(`recovering ${graceMs > 2_900 && graceMs <= 3_000}`));
      returning.on('recovered', () => modes.push('recovered'));
      await server.kill();
      await until(() => !client.isReady, 'the client to notice');
      const key = bucket('k', 10, 60_000);
      // Never seen: full until 200 ms + one window; then 3 (0.3 of 10) per window.
      const waits = [];
      for (let i = 0; i < 3; i++) waits.push(await returning.reserve([key], clock.nowMs));
      expect(waits).toEqual([60_200, 60_200, 60_200]);

      await server.restart();
      // It tries Redis again every probeIntervalMs by itself, with no call needed.
      await until(() => returning.mode === 'recovering', 'the store to reach Redis');
      // Its three local slots are in Redis now, for every process to count.
      expect(await slotTimes(client, `${PREFIX}:{default}:k`)).toHaveLength(3);

      // While recovering, a request fits its share (here: once the unknown window has passed) and is
      // booked in Redis, where the processes already back count it.
      clock.nowMs += 500;
      expect(await returning.reserve([bucket('short', 10, 100)], clock.nowMs)).toBe(0);
      expect(await slotTimes(client, `${PREFIX}:{default}:short`)).toHaveLength(1);
      expect(returning.mode).toBe('recovering');

      clock.nowMs += 3_000;
      await returning.reserve([bucket('other')], clock.nowMs);
      expect(returning.mode).toBe('shared');
      expect(await slotTimes(client, `${PREFIX}:{default}:other`)).toHaveLength(1);
      expect(modes).toEqual(['fallback', 'recovering true', 'recovered']);
    });
  });

  it('while recovering, a request that fits its share still waits for room in Redis', async () => {
    const clock = new FakeClock();
    // Windows of 30 s, booked without asking again (bookAheadMs past them): the slots Redis holds
    // are measured on the server's real clock, so the outcome must not hang on how fast this
    // machine runs the five reservations; the grace period outlasts the fake clock's jump.
    const returning = store({ now: clock.now, bookAheadMs: 60_000, recoveryGraceMs: 600_000 });
    await server.kill();
    await until(() => !client.isReady, 'the client to notice');
    await returning.reserve([bucket('warm-up')], clock.nowMs); // goes local
    await server.restart();
    await until(() => returning.mode === 'recovering', 'the store to reach Redis');
    // A process already back on Redis fills the bucket.
    const other = store({ namespace: 'default' });
    for (let i = 0; i < 4; i++) await other.reserve([bucket('both', 4, 30_000)], Date.now());
    // Past what the outage made unknown (bookAheadMs and a window), its share (1 of 4) has room;
    // Redis has none until the first slot leaves.
    clock.nowMs += 100_000;
    await returning.reserve([bucket('both', 4, 30_000)], clock.nowMs);
    const slots = await slotTimes(client, `${PREFIX}:{default}:both`);
    expect(slots).toHaveLength(5);
    expect(slots[4]).toBe((slots[0] as number) + 30_000);
    returning.close();
  });

  it('refuses options that would make it unlimited or unsafe, with a typed error', () => {
    const attempt = (options: Partial<RedisRateLimitStoreOptions>) => () =>
      new RedisRateLimitStore({ client, fallbackShare: 0.5, ...options });
    for (const fallbackShare of [0, -1, 1.5, Number.NaN, undefined as unknown as number]) {
      expect(attempt({ fallbackShare })).toThrow(/fallbackShare must be a number in \(0, 1\]/);
    }
    expect(attempt({ namespace: 'a{b}' })).toThrow(/namespace/);
    expect(attempt({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(attempt({ client: {} as Client })).toThrow(/client/);
    try {
      attempt({ fallbackShare: 2 })();
    } catch (error) {
      expect(isExchangeError(error, 'BadRequest')).toBe(true);
    }
  });
});
