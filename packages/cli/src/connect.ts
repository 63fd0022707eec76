/**
 * From command-line flags to an exchange: which one, which credentials (flags, then the
 * environment, then — with --sim — the embedded simulator's keys), which environment and origin.
 * Adapters and the simulator load only when a command needs them, so `--help` stays fast.
 */
import type { Exchange, ExchangeOptions } from '@exchange-adapters/core';
import { type Io, UsageError } from './io.js';

export const EXCHANGE_IDS = ['okx', 'weex', 'okex-v1'] as const;
export type ExchangeId = (typeof EXCHANGE_IDS)[number];

export const OKX_REGIONS = ['global', 'eea', 'us'] as const;
export type Region = (typeof OKX_REGIONS)[number];

export type CredentialField = 'apiKey' | 'secret' | 'passphrase';

/** Fields each exchange signs with: OKEx v1 has no passphrase. */
export const CREDENTIAL_FIELDS: Readonly<Record<ExchangeId, readonly CredentialField[]>> = {
  okx: ['apiKey', 'secret', 'passphrase'],
  weex: ['apiKey', 'secret', 'passphrase'],
  'okex-v1': ['apiKey', 'secret'],
};

export const EXCHANGE_NAMES: Readonly<Record<ExchangeId, string>> = { okx: 'OKX', weex: 'WEEX', 'okex-v1': 'OKEx v1' };

const ENV_PREFIX: Readonly<Record<ExchangeId, string>> = { okx: 'OKX', weex: 'WEEX', 'okex-v1': 'OKEX_V1' };
const ENV_SUFFIX: Readonly<Record<CredentialField, string>> = { apiKey: 'API_KEY', secret: 'SECRET', passphrase: 'PASSPHRASE' };
const FLAG_OF: Readonly<Record<CredentialField, string>> = { apiKey: '--api-key', secret: '--secret', passphrase: '--passphrase' };

/** `OKX_API_KEY`, `OKEX_V1_SECRET`, … */
export function envName(exchange: ExchangeId, field: CredentialField): string {
  return `${ENV_PREFIX[exchange]}_${ENV_SUFFIX[field]}`;
}

export function parseExchangeId(text: string): ExchangeId {
  const id = text.toLowerCase();
  if ((EXCHANGE_IDS as readonly string[]).includes(id)) return id as ExchangeId;
  throw new UsageError(`unknown exchange "${text}": use one of ${EXCHANGE_IDS.join(', ')}`);
}

/** Flags shared by every command that talks to an exchange. */
export interface ConnectionFlags {
  sim?: boolean;
  demo?: boolean;
  region?: string;
  baseUrl?: string;
  apiKey?: string;
  secret?: string;
  passphrase?: string;
  timeout?: string;
}

export interface Credentials {
  apiKey?: string;
  secret?: string;
  passphrase?: string;
}

/** Where a credential came from, for messages that never show its value. */
export type CredentialSource = { kind: 'flag' | 'env' | 'simulator'; name: string };

/** OKEx v1 publishes no tick or step: the simulator's, as the demo states them (tools/demo). */
const SIMULATOR_V1_MARKETS = [
  { id: 'btc_usdt', priceTick: 0.1, amountStep: 0.0001, minAmount: 0.0001 },
  { id: 'eth_usdt', priceTick: 0.01, amountStep: 0.001, minAmount: 0.001 },
];

export interface Target {
  exchange: ExchangeId;
  demo: boolean;
  region?: Region;
  credentials: Credentials;
  sources: Partial<Record<CredentialField, CredentialSource>>;
  /** One origin that replaces every host (--base-url or the simulator). */
  baseUrl?: string;
  /** Origin of each OKX site, when known (the embedded simulator serves all three). */
  siteUrls?: Readonly<Record<Region, string>>;
  /** Set when --sim started the embedded simulator. */
  simulated: boolean;
  timeoutMs: number;
  /** Adapter options besides credentials, environment and origin. */
  extra: Record<string, unknown>;
  transport?: Io['transport'];
  /** Stops the embedded simulator, if any. */
  close(): Promise<void>;
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 10_000;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 100 || value > 120_000)
    throw new UsageError(`--timeout must be milliseconds between 100 and 120000, got "${text}"`);
  return value;
}

function parseRegion(exchange: ExchangeId, text: string | undefined): Region | undefined {
  if (text === undefined) return undefined;
  if (exchange !== 'okx') throw new UsageError(`--region is for OKX only (global, eea, us); ${EXCHANGE_NAMES[exchange]} has one site`);
  const region = text.toLowerCase();
  if (!(OKX_REGIONS as readonly string[]).includes(region))
    throw new UsageError(`--region must be one of ${OKX_REGIONS.join(', ')}, got "${text}"`);
  return region as Region;
}

function parseBaseUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--base-url must be an absolute http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--base-url must use http or https, got "${text}"`);
  return text.replace(/\/+$/, '');
}

/** Resolves flags into a target; with --sim, starts the embedded simulator first. */
export async function resolveTarget(exchange: ExchangeId, flags: ConnectionFlags, io: Io): Promise<Target> {
  const region = parseRegion(exchange, flags.region);
  const timeoutMs = parseTimeout(flags.timeout);
  const demo = flags.demo === true;
  if (flags.sim && flags.baseUrl !== undefined) throw new UsageError('--sim and --base-url both choose where requests go: pass one');
  if (demo && exchange === 'okex-v1')
    throw new UsageError('--demo: OKEx v1 has no demo trading (the simulator, --sim, paper-trades its protocol)');
  if (demo && exchange === 'weex' && flags.sim)
    throw new UsageError('--demo: the simulator does not serve WEEX demo trading (/capi/v3/sim/*); drop --demo');
  const credentials: Credentials = {};
  const sources: Partial<Record<CredentialField, CredentialSource>> = {};
  for (const field of CREDENTIAL_FIELDS[exchange]) {
    const flag = flags[field];
    if (flag !== undefined) {
      credentials[field] = flag;
      sources[field] = { kind: 'flag', name: FLAG_OF[field] };
    } else if (!flags.sim && io.env[envName(exchange, field)] !== undefined) {
      credentials[field] = io.env[envName(exchange, field)];
      sources[field] = { kind: 'env', name: envName(exchange, field) };
    }
  }
  const base = { exchange, demo, region, credentials, sources, timeoutMs, transport: io.transport };
  if (!flags.sim) {
    return { ...base, baseUrl: parseBaseUrl(flags.baseUrl), simulated: false, extra: {}, close: async () => {} };
  }

  const { startSimulator } = await import('@exchange-adapters/simulator');
  const sim = await startSimulator({ port: 0, okxRegions: exchange === 'okx' });
  // The simulator's key for the environment asked for, so every command works without keys.
  let simKeys: Credentials = sim.credentials[exchange];
  if (exchange === 'okx' && demo) simKeys = sim.demoCredentials.okx;
  else if (exchange === 'okx' && region && region !== 'global') simKeys = sim.okxRegionCredentials[region];
  for (const field of CREDENTIAL_FIELDS[exchange]) {
    if (sources[field]) continue;
    credentials[field] = simKeys[field];
    sources[field] = { kind: 'simulator', name: 'the simulator' };
  }
  const siteUrls = sim.okxRegionUrls;
  return {
    ...base,
    baseUrl: siteUrls && region ? siteUrls[region] : sim.url,
    siteUrls,
    simulated: true,
    extra: exchange === 'okex-v1' ? { spotMarkets: SIMULATOR_V1_MARKETS, futuresCoins: [] } : {},
    close: () => sim.close(),
  };
}

/** Adapter options for a target; `overrides` changes environment or origin for a probe. */
export function exchangeOptions(target: Target, overrides: Partial<ExchangeOptions> = {}): ExchangeOptions {
  const options: ExchangeOptions = {
    ...target.extra,
    ...target.credentials,
    timeoutMs: target.timeoutMs,
    ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
    ...(target.demo ? { demo: true } : {}),
    ...(target.region ? { region: target.region } : {}),
    ...(target.transport ? { transport: target.transport } : {}),
    ...overrides,
  };
  return options;
}

/**
 * The adapter, loaded on demand. Each import names its package literally, so that a bundle of this
 * command carries the adapters it needs.
 */
export async function openExchange(exchange: ExchangeId, options: ExchangeOptions): Promise<Exchange> {
  switch (exchange) {
    case 'okx': {
      const { OkxExchange } = await import('@exchange-adapters/okx');
      return new OkxExchange(options);
    }
    case 'weex': {
      const { WeexExchange } = await import('@exchange-adapters/weex');
      return new WeexExchange(options);
    }
    case 'okex-v1': {
      const { OkexV1Exchange } = await import('@exchange-adapters/okex-v1');
      return new OkexV1Exchange(options);
    }
  }
}
