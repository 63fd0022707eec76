/** Runs the command line in-process, on buffers instead of the process's streams. */
import type { Transport } from '@exchange-adapters/core';
import { MemoryRateLimitStore } from '@exchange-adapters/core/adapter';
import type { Simulator } from '@exchange-adapters/simulator';
import { run } from '../src/cli.js';
import { type ConnectionFlags, type ExchangeId, resolveTarget, type Target } from '../src/connect.js';
import type { Io } from '../src/io.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  transport?: Transport;
  tty?: boolean;
}

export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false, columns: 100 },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: options.env ?? {},
    ...(options.transport ? { transport: options.transport } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** Environment variables holding a set of simulator credentials, as a user would export them. */
export function credentialEnv(
  exchange: ExchangeId,
  credentials: { apiKey?: string; secret?: string; passphrase?: string },
): Record<string, string> {
  const prefix = exchange === 'okex-v1' ? 'OKEX_V1' : exchange.toUpperCase();
  const env: Record<string, string> = {};
  if (credentials.apiKey !== undefined) env[`${prefix}_API_KEY`] = credentials.apiKey;
  if (credentials.secret !== undefined) env[`${prefix}_SECRET`] = credentials.secret;
  if (credentials.passphrase !== undefined) env[`${prefix}_PASSPHRASE`] = credentials.passphrase;
  return env;
}

/** OKEx v1 publishes no precision: the simulator's, as `--sim` states them. */
export const SIM_V1_OPTIONS = {
  spotMarkets: [
    { id: 'btc_usdt', priceTick: 0.1, amountStep: 0.0001, minAmount: 0.0001 },
    { id: 'eth_usdt', priceTick: 0.01, amountStep: 0.001, minAmount: 0.001 },
  ],
  futuresCoins: [],
};

/** A doctor target pointed at a running simulator, with credentials as the environment gives them. */
export async function simTarget(
  sim: Simulator,
  exchange: ExchangeId,
  credentials: { apiKey?: string; secret?: string; passphrase?: string },
  flags: ConnectionFlags = {},
): Promise<Target> {
  const target = await resolveTarget(
    exchange,
    { baseUrl: sim.url, ...flags },
    { stdout: { write: () => {} }, stderr: { write: () => {} }, env: credentialEnv(exchange, credentials) },
  );
  // Each run gets a budget of its own, as a separate process would: the default store is shared by
  // every exchange instance in this process, and these tests run many doctors back to back.
  target.extra = { ...(exchange === 'okex-v1' ? SIM_V1_OPTIONS : {}), rateLimit: { store: new MemoryRateLimitStore() } };
  return target;
}
