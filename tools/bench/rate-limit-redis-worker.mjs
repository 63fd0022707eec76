// One process of the shared-utilisation benchmark (forked by rate-limit-redis.mjs): an OkxExchange
// whose limiter keeps its buckets in Redis (or in memory, for the baseline), hammering the simulator
// from several loops until told the run is over. Reports when each request went (one monotonic scale
// for all processes of the machine) and every failed call.
import { isExchangeError } from '@exchange-adapters/core';
import { MemoryRateLimitStore } from '@exchange-adapters/core/adapter';
import { OkxExchange } from '@exchange-adapters/okx';
import { RedisRateLimitStore } from '@exchange-adapters/rate-limit-redis';
import { createClient } from 'redis';

const monotonic = () => performance.timeOrigin + performance.now();

process.once('message', async ({ config }) => {
  let redis;
  let store = new MemoryRateLimitStore();
  if (config.redisUrl) {
    redis = createClient({ url: config.redisUrl });
    redis.on('error', () => {});
    await redis.connect();
    // A stalled process on this shared machine is not a slow Redis: this measures the shared mode.
    store = new RedisRateLimitStore({ client: redis, namespace: config.namespace, fallbackShare: config.fallbackShare, timeoutMs: 1000 });
  }
  const exchange = new OkxExchange({ ...config.credentials, baseUrl: config.simUrl, rateLimit: { store } });
  const sent = [];
  const failures = [];
  exchange.on('request', ({ endpoint, path }) => sent.push({ endpoint: endpoint ?? path, at: monotonic() }));
  await exchange.loadMarkets();
  await exchange.fetchBalance(); // learns the clock offset before the start
  const go = new Promise((resolve) => process.once('message', resolve));
  process.send({ type: 'ready' });
  await go;
  const stopAt = performance.now() + config.seconds * 1000;
  const calls = [
    ...Array.from({ length: config.loops.balance }, () => () => exchange.fetchBalance()),
    ...Array.from({ length: config.loops.ticker }, () => () => exchange.fetchTicker('BTC/USDT')),
    ...Array.from(
      { length: config.loops.order },
      () => () => exchange.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.0001', price: config.orderPrice }),
    ),
  ];
  // Loops start spread over one window, interleaved with the other processes': programs do not start
  // on one millisecond, and the simulator shares this machine's two cores with every process.
  const { index, processes } = config;
  await Promise.all(
    calls.map(async (call, position) => {
      await new Promise((resolve) => setTimeout(resolve, (2000 * (position * processes + index)) / (calls.length * processes)));
      while (performance.now() < stopAt) {
        try {
          await call();
        } catch (error) {
          failures.push(isExchangeError(error) ? error.kind : String(error));
        }
      }
    }),
  );
  await exchange.close();
  await redis?.close();
  process.send({ type: 'done', sent, failures }, () => process.exit(0));
});
