/**
 * One trading process of the multi-process scenarios: its own OkxExchange sharing budgets through a
 * RedisRateLimitStore, hammering the simulator from several loops at once until told the run is
 * over. Started by workers.ts (bundled, forked with an IPC channel); reports every request it sent
 * (on the monotonic clock, so a skewed wall clock cannot bend the measurement), every failed call
 * and every event of its store.
 */
import { isExchangeError } from '@exchange-adapters/core';
import { OkxExchange } from '@exchange-adapters/okx';
import { createClient } from 'redis';
import { RedisRateLimitStore } from '../../src/index.js';

export interface WorkerConfig {
  redisUrl: string;
  namespace: string;
  fallbackShare: number;
  simUrl: string;
  credentials: { apiKey: string; secret: string; passphrase: string };
  /** Added to this process's wall clock (Date.now), as on a machine whose clock is off. */
  clockSkewMs: number;
  durationMs: number;
  /** Concurrent loops per call: balance (per account), ticker (per IP), createOrder (per account and instrument). */
  loops: { balance: number; ticker: number; order: number };
  /**
   * The loops of all processes start spread over this many ms, this process's interleaved with the
   * others' (`process` of `processes`): trading programs do not start on the same millisecond, and a
   * simulator on a shared 2-core machine stamps the tail of a 90-request burst late.
   */
  startSpread: { ms: number; process: number; processes: number };
  /** A buy price far below the market, so orders rest. */
  orderPrice: string;
  /** The store's timeoutMs; the scenarios share two cores with everything else the tests run. */
  storeTimeoutMs: number;
}

export interface SentRequest {
  endpoint: string;
  /** performance.timeOrigin + performance.now(): one scale across the processes of one machine. */
  at: number;
}

export interface WorkerReport {
  sent: SentRequest[];
  failures: string[];
  /** Retries the pipeline made, as `endpoint:reason` (a 429 answered by the exchange shows as `rate-limited`). */
  retries: string[];
  storeEvents: string[];
}

export type ParentMessage = { type: 'config'; config: WorkerConfig } | { type: 'go' };
export type WorkerMessage = { type: 'ready' } | { type: 'done'; report: WorkerReport } | { type: 'crashed'; error: string };

const monotonic = () => performance.timeOrigin + performance.now();

async function main(config: WorkerConfig): Promise<WorkerReport> {
  if (config.clockSkewMs !== 0) {
    const realNow = Date.now;
    Date.now = () => realNow() + config.clockSkewMs;
  }
  // Reconnects every 200 ms (the default strategy backs off to 2.2 s), to keep the outage run short.
  const redis = createClient({ url: config.redisUrl, socket: { reconnectStrategy: () => 200 } });
  redis.on('error', () => {}); // reconnects by itself; the store reads isReady
  await redis.connect();
  const store = new RedisRateLimitStore({
    client: redis,
    namespace: config.namespace,
    fallbackShare: config.fallbackShare,
    timeoutMs: config.storeTimeoutMs,
  });
  const report: WorkerReport = { sent: [], failures: [], retries: [], storeEvents: [] };
  store.on('fallback', ({ reason }) => report.storeEvents.push(`fallback:${reason}`));
  store.on('recovering', () => report.storeEvents.push('recovering'));
  store.on('recovered', () => report.storeEvents.push('recovered'));

  const exchange = new OkxExchange({ ...config.credentials, baseUrl: config.simUrl, rateLimit: { store } });
  exchange.on('request', ({ endpoint, path }) => report.sent.push({ endpoint: endpoint ?? path, at: monotonic() }));
  exchange.on('retry', ({ endpoint, path, reason }) => report.retries.push(`${endpoint ?? path}:${reason}`));
  // Markets and the clock offset (learned before the first signed call) before the start, so that
  // every process starts hammering at once.
  await exchange.loadMarkets();
  await exchange.fetchBalance();

  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  process.send?.({ type: 'ready' } satisfies WorkerMessage);
  await go;
  const stopAt = performance.now() + config.durationMs;

  const calls: Array<() => Promise<unknown>> = [
    ...Array.from({ length: config.loops.balance }, () => () => exchange.fetchBalance()),
    ...Array.from({ length: config.loops.ticker }, () => () => exchange.fetchTicker('BTC/USDT')),
    ...Array.from(
      { length: config.loops.order },
      () => () => exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.0001', price: config.orderPrice }),
    ),
  ];
  const { ms: spreadMs, process: index, processes } = config.startSpread;
  const loop = async (call: () => Promise<unknown>, position: number) => {
    await new Promise((resolve) => setTimeout(resolve, (spreadMs * (position * processes + index)) / (calls.length * processes)));
    while (performance.now() < stopAt) {
      try {
        await call();
      } catch (error) {
        report.failures.push(isExchangeError(error) ? `${error.kind}: ${error.message}` : String(error));
      }
    }
  };
  await Promise.all(calls.map((call, position) => loop(call, position)));
  await exchange.close();
  store.close();
  await redis.close();
  return report;
}

process.once('message', (message: ParentMessage) => {
  if (message.type !== 'config') return;
  main(message.config).then(
    (report) => process.send?.({ type: 'done', report } satisfies WorkerMessage, () => process.exit(0)),
    (error: unknown) => process.send?.({ type: 'crashed', error: String(error) } satisfies WorkerMessage, () => process.exit(1)),
  );
});
