/**
 * The scenarios the store exists for, with real processes: each worker is its own Node process with
 * its own OkxExchange, one OKX key between them, against the simulator, which enforces OKX's
 * documented limits and counts every request it had to reject. Bounded runs of a few seconds.
 */
import { OKX_BUCKETS, OkxExchange } from '@exchange-adapters/okx';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import type { WorkerConfig, WorkerReport } from './support/hammer-worker.js';
import { describeWithRedis, RedisServer } from './support/redis-server.js';
import { busiestWindow, utilisation, WorkerBundle } from './support/workers.js';

const LOOPS = { balance: 3, ticker: 6, order: 18 };
/** Buckets the workers hammer, with their documented limits: per account, per IP, per account and instrument. */
const HAMMERED = { balance: OKX_BUCKETS.balance, ticker: OKX_BUCKETS.ticker, placeOrder: OKX_BUCKETS.placeOrder };

/** Requests the simulator answered 429, as the pipeline reported them (it retries reads after a 429). */
function rejected(reports: readonly WorkerReport[]): string[] {
  return reports.flatMap((report) => report.retries.filter((retry) => retry.endsWith(':rate-limited')));
}

/** What went wrong, if anything, in one object so that a failure shows all of it: failed calls, 429s, store mode changes. */
function outcome(reports: readonly WorkerReport[]) {
  return { failures: reports.flatMap((r) => r.failures), rejected: rejected(reports), storeEvents: reports.map((r) => r.storeEvents) };
}

function sentTimes(reports: readonly WorkerReport[], endpoint: string): number[] {
  return reports.flatMap((report) => report.sent.filter((sent) => sent.endpoint === endpoint).map((sent) => sent.at));
}

async function lowBuyPrice(sim: Simulator): Promise<string> {
  const probe = new OkxExchange({ baseUrl: sim.url });
  const book = await probe.fetchOrderBook('BTC/USDT', 1);
  await probe.close();
  const [bestBid] = book.bids[0] ?? [];
  if (bestBid === undefined) throw new Error('empty book');
  return String(Math.round(bestBid * 0.5));
}

describeWithRedis('processes sharing one key through Redis (real redis-server, simulator, child processes)', () => {
  let redis: RedisServer;
  let bundle: WorkerBundle;

  beforeAll(async () => {
    [redis, bundle] = await Promise.all([RedisServer.start(), WorkerBundle.build()]);
  }, 120_000);
  afterAll(async () => {
    bundle?.remove();
    await redis?.stop();
  });

  async function withSimulator<T>(run: (sim: Simulator, config: Omit<WorkerConfig, 'durationMs'>) => Promise<T>): Promise<T> {
    const sim = await startSimulator({ port: 0 });
    try {
      const config = {
        redisUrl: redis.url,
        namespace: `run-${Math.random().toString(36).slice(2)}`,
        fallbackShare: 0.25,
        simUrl: sim.url,
        credentials: sim.credentials.okx,
        clockSkewMs: 0,
        loops: LOOPS,
        startSpread: { ms: 2_000, process: 0, processes: 4 },
        // A stalled event loop on a loaded machine is not a slow Redis: leave the fallback to real outages.
        storeTimeoutMs: 1_000,
        orderPrice: await lowBuyPrice(sim),
      };
      return await run(sim, config);
    } finally {
      await sim.close();
    }
  }

  it('four processes with one OKX key: no 429, and together ≥ 0.9 of each documented quota', async () => {
    await withSimulator(async (sim, config) => {
      const reports = await bundle.run(
        Array.from({ length: 4 }, (_, i) => ({ ...config, durationMs: 10_000, startSpread: { ...config.startSpread, process: i } })),
      );
      expect(outcome(reports)).toEqual({ failures: [], rejected: [], storeEvents: [[], [], [], []] });
      expect(sim.stats('okx').rejectedRateLimit).toBe(0);
      for (const [endpoint, { limit, windowMs }] of Object.entries(HAMMERED)) {
        const sent = sentTimes(reports, endpoint);
        expect(utilisation(sent, limit, windowMs)).toBeGreaterThanOrEqual(0.9);
      }
      // Every process got a share of every bucket: nobody was starved.
      for (const report of reports)
        for (const endpoint of Object.keys(HAMMERED)) expect(sentTimes([report], endpoint).length).toBeGreaterThan(0);
    });
  }, 60_000);

  it('Redis killed and restarted mid-run: no 429, no call failed, every process fell back and came back', async () => {
    await withSimulator(async (sim, config) => {
      // Reads saturate their buckets; orders go one at a time per process: the calls that must not fail.
      const loops = { balance: 3, ticker: 6, order: 1 };
      const monotonic = () => performance.timeOrigin + performance.now();
      let killedAt = 0;
      let restartedAt = 0;
      const reports = await bundle.run(
        Array.from({ length: 4 }, (_, i) => ({ ...config, loops, durationMs: 13_000, startSpread: { ...config.startSpread, process: i } })),
        async (elapsedMs) => {
          while (elapsedMs() < 2_500) await new Promise((resolve) => setTimeout(resolve, 20));
          await redis.kill();
          killedAt = monotonic();
          // Longer than a busy bucket waits after the fall (bookAheadMs + one window): local shares get used.
          while (elapsedMs() < 7_000) await new Promise((resolve) => setTimeout(resolve, 20));
          await redis.restart();
          restartedAt = monotonic();
        },
      );
      expect(reports.flatMap((r) => r.failures)).toEqual([]);
      expect(rejected(reports)).toEqual([]);
      expect(sim.stats('okx').rejectedRateLimit).toBe(0);
      for (const report of reports) {
        expect(report.storeEvents[0]).toMatch(/^fallback:(unreachable|timeout|error)$/);
        expect(report.storeEvents.slice(-2)).toEqual(['recovering', 'recovered']);
      }
      // Trading went on while Redis was gone, on the local shares (a quarter of 10 per window each).
      for (const endpoint of ['balance', 'placeOrder']) {
        const duringOutage = sentTimes(reports, endpoint).filter((at) => at > killedAt && at < restartedAt);
        expect({ endpoint, sent: duringOutage.length > 0 }).toEqual({ endpoint, sent: true });
      }
      // Each process kept to its share once the slots booked in Redis (up to bookAheadMs ahead) were sent.
      const { limit, windowMs } = OKX_BUCKETS.balance;
      for (const report of reports) {
        const local = sentTimes([report], 'balance').filter((at) => at > killedAt + 1_100 && at < restartedAt);
        expect(busiestWindow(local, windowMs - 150)).toBeLessThanOrEqual(Math.floor(limit * config.fallbackShare));
      }
    });
  }, 60_000);

  it('two namespaces do not share budgets: each gets the whole quota of the same key', async () => {
    // Two simulators with the same seed have the same keys: one account on each, so both can be filled.
    const [simA, simB] = await Promise.all([startSimulator({ port: 0 }), startSimulator({ port: 0 })]);
    try {
      expect(simA.credentials.okx).toEqual(simB.credentials.okx);
      const orderPrice = await lowBuyPrice(simA);
      // The account bucket alone: what a namespace keeps apart are budgets of one key.
      const loops = { balance: 3, ticker: 0, order: 0 };
      const base = { redisUrl: redis.url, fallbackShare: 0.5, clockSkewMs: 0, durationMs: 6_000, loops, orderPrice, storeTimeoutMs: 1_000 };
      const configs: WorkerConfig[] = [simA, simA, simB, simB].map((sim, i) => ({
        ...base,
        startSpread: { ms: 2_000, process: i % 2, processes: 2 },
        namespace: i < 2 ? 'desk-a' : 'desk-b',
        simUrl: sim.url,
        credentials: sim.credentials.okx,
      }));
      const reports = await bundle.run(configs);
      expect(outcome(reports)).toEqual({ failures: [], rejected: [], storeEvents: [[], [], [], []] });
      expect([simA.stats('okx').rejectedRateLimit, simB.stats('okx').rejectedRateLimit]).toEqual([0, 0]);
      for (const desk of [reports.slice(0, 2), reports.slice(2)]) {
        const { limit, windowMs } = OKX_BUCKETS.balance;
        expect(utilisation(sentTimes(desk, 'balance'), limit, windowMs)).toBeGreaterThanOrEqual(0.9);
      }
    } finally {
      await Promise.all([simA.close(), simB.close()]);
    }
  }, 60_000);

  it('one process with its clock 5 s ahead changes nothing: no 429, ≥ 0.9 of each quota, its part of the orders', async () => {
    await withSimulator(async (sim, config) => {
      const configs = Array.from({ length: 4 }, (_, i) => ({
        ...config,
        durationMs: 6_000,
        clockSkewMs: i === 0 ? 5_000 : 0,
        startSpread: { ...config.startSpread, process: i },
      }));
      const reports = await bundle.run(configs);
      expect(outcome(reports)).toEqual({ failures: [], rejected: [], storeEvents: [[], [], [], []] });
      expect(sim.stats('okx').rejectedRateLimit).toBe(0);
      for (const [endpoint, { limit, windowMs }] of Object.entries(HAMMERED)) {
        expect(utilisation(sentTimes(reports, endpoint), limit, windowMs)).toBeGreaterThanOrEqual(0.9);
      }
      // Neither favoured nor starved by its clock: about a quarter of the orders, as the others.
      const skewedShare = sentTimes(reports.slice(0, 1), 'placeOrder').length / sentTimes(reports, 'placeOrder').length;
      expect(skewedShare).toBeGreaterThan(0.125);
      expect(skewedShare).toBeLessThan(0.4);
    });
  }, 60_000);
});
