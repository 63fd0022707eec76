#!/usr/bin/env node
/**
 * The demo: starts the exchange simulator in-process, runs one strategy on okx, weex and okex-v1
 * in turn, and prints what happened, including the normalized errors with their hints.
 *
 *   node tools/demo/dist/main.js                 embedded simulator, all three exchanges
 *   node tools/demo/dist/main.js --live okx      read-only steps against the real exchange, with
 *                                                OKX_API_KEY / OKX_SECRET / OKX_PASSPHRASE set
 */
import { parseArgs } from 'node:util';
import { type ClockSyncEvent, createExchange, type Exchange, type ExchangeId, type ExchangeOptions } from '@exchange-adapters/core';
import { startSimulator } from '@exchange-adapters/simulator';
import { describeError, runStrategy, type Step } from './strategy.js';
import { runStreams } from './streams.js';

const EXCHANGES: ExchangeId[] = ['okx', 'weex', 'okex-v1'];

const SYMBOL = 'BTC/USDT';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { live: { type: 'string' }, seed: { type: 'string', default: '1' } } });
  if (values.live) return runLive(values.live);

  const started = performance.now();
  const sim = await startSimulator({ port: 0, seed: Number(values.seed) });
  console.log(`exchange simulator on ${sim.url} (seed ${values.seed}, started in ${(performance.now() - started).toFixed(0)} ms)\n`);
  let failures = 0;
  try {
    for (const id of EXCHANGES) {
      // The exchange id is the only thing that differs: credentials, baseUrl and wsUrl, defaults everywhere else.
      const options: ExchangeOptions = { ...sim.exchangeOptions(id) };
      const steps: Step[] = [];
      const exchange = await createExchange(id, options);
      try {
        steps.push(...(await runStrategy(exchange, { symbol: SYMBOL, trade: true })));
        steps.push(...(await runStreams(exchange, SYMBOL, sim.liquidity(id))));
        steps.push(await skewStep(id, options, (ms) => sim.clock.setSkewMs(ms)));
        steps.push(await badKeyStep(id, options));
      } catch (error) {
        failures++;
        steps.push({ step: 'FAILED', result: describeError(error) });
      } finally {
        await exchange.close();
      }
      printTable(id, steps);
    }
  } finally {
    await sim.close();
  }
  return failures === 0 ? 0 : 1;
}

/** The simulator's clock jumps 45 s ahead: the adapter must notice, re-sync and carry on. */
async function skewStep(id: ExchangeId, options: ExchangeOptions, setSkewMs: (ms: number) => void): Promise<Step> {
  const exchange = await createExchange(id, options);
  const syncs: ClockSyncEvent[] = [];
  exchange.on('clockSync', (event) => syncs.push(event));
  setSkewMs(45_000);
  try {
    await exchange.fetchBalance();
    const offset = syncs.at(-1)?.serverTimeOffsetMs;
    return {
      step: 'clock 45 s off',
      result:
        offset === undefined
          ? 'no error; this API signs no timestamp, so skew cannot affect it'
          : `recovered: offset learned ${(offset / 1000).toFixed(1)} s, call succeeded`,
    };
  } catch (error) {
    return { step: 'clock 45 s off', result: `NOT recovered: ${describeError(error)}` };
  } finally {
    setSkewMs(0);
    await exchange.close();
  }
}

async function badKeyStep(id: ExchangeId, options: ExchangeOptions): Promise<Step> {
  const exchange = await createExchange(id, { ...options, secret: 'not-the-secret' });
  try {
    return {
      step: 'bad key',
      result: describeError(
        await exchange.fetchBalance().then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    };
  } finally {
    await exchange.close();
  }
}

async function runLive(id: string): Promise<number> {
  if (id !== 'okx' && id !== 'weex') {
    console.error(`--live takes okx or weex (OKEx v1 has no live venue), not ${JSON.stringify(id)}`);
    return 2;
  }
  const prefix = id.toUpperCase();
  const options: ExchangeOptions = {
    apiKey: process.env[`${prefix}_API_KEY`],
    secret: process.env[`${prefix}_SECRET`],
    passphrase: process.env[`${prefix}_PASSPHRASE`],
  };
  const exchange: Exchange = await createExchange(id, options);
  console.log(
    `live ${id}: read-only steps only. Skipped: placing, canceling and filling orders, the insufficient-funds and bad-key demonstrations (they would act on a real account).\n`,
  );
  try {
    printTable(`${id} (live)`, await runStrategy(exchange, { symbol: SYMBOL, trade: false }));
    return 0;
  } catch (error) {
    console.error(describeError(error));
    return 1;
  } finally {
    await exchange.close();
  }
}

function printTable(title: string, steps: Step[]): void {
  const width = Math.max(...steps.map((s) => s.step.length));
  console.log(`── ${title} ${'─'.repeat(Math.max(0, 96 - title.length))}`);
  for (const { step, result } of steps) console.log(`  ${step.padEnd(width)}  ${result}`);
  console.log('');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
