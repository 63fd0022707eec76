#!/usr/bin/env node
// Redis RateLimitStore figures, rerunnable (build first: pnpm build; needs redis-server on PATH, the
// Debian package; one is started on a free loopback port and stopped at the end):
//   1. overhead per call: µs (p50 / p99 of N, one at a time) and calls/s with 16 in flight,
//      RedisRateLimitStore against core's MemoryRateLimitStore measured in the same run; one bucket,
//      and two at once (an order: per instrument + per account). A call is what the rate limiter
//      does around each request: reserveTicket, confirm right before the send (timed up to here: the
//      wait a caller sees), then settle when the reply came (not awaited, as the limiter does). No
//      call waits (the limit is never reached), so this is the store's own cost: script round trips
//      vs map lookups.
//   2. combined utilisation of OKX's documented quotas by 1, 2, 4 and 8 processes sharing one key
//      through Redis, hammering the simulator for S seconds (the same total number of loops split over
//      the processes), against one process on the in-memory store: W / the mean time `limit` more
//      requests took (the first window left out), and the simulator's 429 count.
// Usage: node tools/bench/rate-limit-redis.mjs [--reservations 20000 (calls)] [--seconds 10] [--processes 1,2,4,8]
import { fork, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MemoryRateLimitStore } from '@exchange-adapters/core/adapter';
import { OKX_BUCKETS, OkxExchange } from '@exchange-adapters/okx';
import { RedisRateLimitStore } from '@exchange-adapters/rate-limit-redis';
import { startSimulator } from '@exchange-adapters/simulator';
import { createClient } from 'redis';

const { values } = parseArgs({
  options: {
    reservations: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '10' },
    processes: { type: 'string', default: '1,2,4,8' },
  },
});

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function startRedis() {
  const binary = ['/usr/bin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]
    .map((dir) => path.join(dir, 'redis-server'))
    .find((candidate) => {
      try {
        accessSync(candidate, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
  if (!binary) throw new Error('redis-server not found: apt-get install redis-server');
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'ea-bench-redis-'));
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  child.stdout.resume();
  return {
    url: `redis://127.0.0.1:${port}`,
    stop() {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ── 1. overhead ──────────────────────────────────────────────────────────────────────────────────
/** What the rate limiter does around one request; resolves when the request may go (before its settle). */
async function call(store, reservations) {
  const ticket = await store.reserveTicket(reservations, Date.now());
  const waitMs = await store.confirm(ticket, Date.now());
  if (waitMs > 0) throw new Error(`the overhead benchmark must never wait (${waitMs} ms)`);
  return () => store.settle(ticket, Date.now());
}

/** One at a time: µs from reserveTicket until confirm says go, per call. */
async function latency(store, reservations) {
  const samples = [];
  for (let i = 0; i < Number(values.reservations); i++) {
    const request = reservations(i);
    const t0 = performance.now();
    const settle = await call(store, request);
    samples.push((performance.now() - t0) * 1000);
    settle();
  }
  return { p50: quantile(samples, 0.5), p99: quantile(samples, 0.99) };
}

/** 16 callers at once: calls per second (round trips overlap on the connection). */
async function throughput(store, reservations) {
  const n = Number(values.reservations);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < n) (await call(store, reservations(next++)))();
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

// ── 2. utilisation ───────────────────────────────────────────────────────────────────────────────
const HAMMERED = { balance: OKX_BUCKETS.balance, ticker: OKX_BUCKETS.ticker, placeOrder: OKX_BUCKETS.placeOrder };
const TOTAL_LOOPS = { balance: 12, ticker: 24, order: 72 };

function utilisation(times, limit, windowMs) {
  const sorted = [...times].sort((a, b) => a - b);
  const from = 2 * limit;
  if (sorted.length <= from) return Number.NaN;
  let spans = 0;
  for (let i = from; i < sorted.length; i++) spans += sorted[i] - sorted[i - limit];
  return windowMs / (spans / (sorted.length - from));
}

async function shared(processes, redisUrl) {
  const sim = await startSimulator({ port: 0 });
  const probe = new OkxExchange({ baseUrl: sim.url });
  const orderPrice = String(Math.round((await probe.fetchOrderBook('BTC/USDT', 1)).bids[0][0] * 0.5));
  await probe.close();
  const loops = Object.fromEntries(Object.entries(TOTAL_LOOPS).map(([name, total]) => [name, Math.ceil(total / processes)]));
  const namespace = `bench-${processes}-${Date.now()}`;
  const workers = Array.from({ length: processes }, (_, index) => {
    const child = fork(new URL('./rate-limit-redis-worker.mjs', import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = new Promise((resolve) => child.once('message', resolve));
    const done = ready.then(() => new Promise((resolve) => child.once('message', resolve)));
    child.send({
      config: {
        redisUrl,
        namespace,
        fallbackShare: 1 / processes,
        simUrl: sim.url,
        credentials: sim.credentials.okx,
        seconds: Number(values.seconds),
        loops,
        orderPrice,
        index,
        processes,
      },
    });
    return { child, ready, done };
  });
  await Promise.all(workers.map((w) => w.ready));
  for (const { child } of workers) child.send({ type: 'go' });
  const reports = await Promise.all(workers.map((w) => w.done));
  const stats = sim.stats('okx');
  await sim.close();
  const row = Object.fromEntries(
    Object.entries(HAMMERED).map(([endpoint, { limit, windowMs }]) => [
      endpoint,
      utilisation(
        reports.flatMap((r) => r.sent.filter((s) => s.endpoint === endpoint).map((s) => s.at)),
        limit,
        windowMs,
      ),
    ]),
  );
  return { ...row, rejected: stats.rejectedRateLimit, failed: reports.reduce((sum, r) => sum + r.failures.length, 0) };
}

const redis = await startRedis();
try {
  const client = createClient({ url: redis.url });
  await client.connect();
  const redisStore = new RedisRateLimitStore({ client, fallbackShare: 1, namespace: 'bench-overhead' });
  const memoryStore = new MemoryRateLimitStore();
  // Buckets in turn, so that each holds about as many slots as a busy real one: 200 per-instrument
  // buckets (~100 slots each in their window) and 20 per-account ones (~1 000, like OKX's 1 000 per 2 s).
  const KEYS = 200;
  const one = (i) => [{ key: `okx|balance|acct:bench${i % KEYS}`, cost: 1, limit: 1e9, windowMs: 2_200 }];
  const two = (i) => [
    { key: `okx|placeOrder|acct:bench|INST-${i % KEYS}`, cost: 1, limit: 1e9, windowMs: 2_200 },
    { key: `okx|subAccountOrders|acct:bench${i % 20}`, cost: 1, limit: 1e9, windowMs: 2_200 },
  ];
  console.log(
    `store overhead per call: reserveTicket + confirm, settle not awaited (${values.reservations} calls; the in-memory store measured in the same run):`,
  );
  for (const [label, reservations] of [
    ['1 bucket ', one],
    ['2 buckets', two],
  ]) {
    await latency(redisStore, reservations); // warm-up: script loaded, JIT warm
    const memory = await latency(memoryStore, reservations);
    const viaRedis = await latency(redisStore, reservations);
    const memoryRate = await throughput(memoryStore, reservations);
    const redisRate = await throughput(redisStore, reservations);
    console.log(
      `  ${label}: one at a time p50 / p99 Redis ${viaRedis.p50.toFixed(0)} / ${viaRedis.p99.toFixed(0)} µs, memory ${memory.p50.toFixed(1)} / ${memory.p99.toFixed(1)} µs` +
        ` (p50 +${(viaRedis.p50 - memory.p50).toFixed(0)} µs); 16 in flight ${redisRate.toFixed(0)} vs ${memoryRate.toFixed(0)} calls/s`,
    );
  }
  await client.close();

  console.log(
    `\nutilisation of OKX's documented quotas, ${values.seconds} s per run, one key (W / mean time per \`limit\` requests, first window left out):`,
  );
  console.log('  processes  store   balance 10/2s  ticker 20/2s  placeOrder 60/2s  429s  failed calls');
  const print = (label, store, row) =>
    console.log(
      `  ${label.padEnd(9)}  ${store.padEnd(6)}  ${row.balance.toFixed(3).padStart(13)}  ${row.ticker.toFixed(3).padStart(12)}  ${row.placeOrder.toFixed(3).padStart(16)}  ${String(row.rejected).padStart(4)}  ${String(row.failed).padStart(12)}`,
    );
  print('1', 'memory', await shared(1, undefined));
  for (const processes of values.processes.split(',').map(Number)) print(String(processes), 'redis', await shared(processes, redis.url));
} finally {
  redis.stop();
}
