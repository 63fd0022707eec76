/**
 * What the doctor needs to know about each exchange: its hosts, a public and a signed read to probe
 * with, what the key endpoint reports, the documented budgets, and which check an authentication
 * error belongs to. Everything comes from the adapters' public exports; every probe is a read.
 */
import type { Exchange, ExchangeError } from '@exchange-adapters/core';
import type { BucketDef } from '@exchange-adapters/core/adapter';
import type { ExchangeId, Region } from '../connect.js';
import type { HostTarget } from './reach.js';

export type CheckId = 'credentials' | 'reach' | 'clock' | 'key' | 'permissions' | 'ip' | 'environment' | 'region' | 'rate-limit';

/** What a successful signed read told about the key. */
export interface KeyFacts {
  /** "account 1234…5678, label bot" — never a secret. */
  description: string;
  /** As the exchange reports them; undefined when it does not. */
  permissions?: { read: boolean; trade: boolean; withdraw: boolean; reported: string };
  /** IPs the key is bound to; [] for none; undefined when not reported. */
  ipWhitelist?: string[];
}

export interface Probe<T> {
  /** `GET /api/v5/public/time`, for output that says what was checked. */
  describe: string;
  run(exchange: Exchange, environment: { demo: boolean }): Promise<T>;
}

export interface Profile {
  /** Hosts the adapter uses, for DNS and TLS. */
  hosts(environment: { demo: boolean; region?: Region }): Promise<HostTarget[]>;
  publicProbe: Probe<unknown>;
  /** Server time; absent when the API signs no timestamp (OKEx v1). */
  serverTime?: Probe<number>;
  timestampWindowMs?: number;
  keyProbe: Probe<KeyFacts>;
  /** A signed read on another endpoint than the key probe, for the rate-limit check. */
  budgetProbe: Probe<unknown>;
  budgets(): Promise<{ signed: string; public: string }>;
  /** Why permissions cannot be read, for exchanges that do not report them. */
  permissionsNote?: string;
  /** Why live/demo and region do not apply, for exchanges without them. */
  environmentNote?: string;
  regionNote?: string;
  /** Exchange codes that decide a check besides what the error's kind says. */
  codeChecks?: Readonly<Record<string, CheckId>>;
}

function budgetText(name: string, bucket: BucketDef | undefined, unit = 'requests'): string {
  if (!bucket) return name;
  const seconds = bucket.windowMs / 1000;
  const per = bucket.scope === 'ip' ? 'IP' : bucket.scope === 'account' ? 'account' : 'account and instrument';
  return `${name}: ${bucket.limit} ${unit} per ${seconds} s per ${per}`;
}

function shorten(id: string): string {
  return id.length > 10 ? `${id.slice(0, 4)}…${id.slice(-4)}` : id;
}

function okxConfig(body: unknown): Record<string, unknown> {
  const data = (body as { data?: unknown } | undefined)?.data;
  const first = Array.isArray(data) ? data[0] : undefined;
  return typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
}

const okx: Profile = {
  async hosts(environment) {
    const { okxRestHost, okxWsUrls } = await import('@exchange-adapters/okx');
    const env = { demo: environment.demo, region: environment.region ?? 'global' };
    const rest = new URL(okxRestHost(env));
    const ws = new URL(okxWsUrls(env).public);
    return [
      { host: rest.hostname, port: Number(rest.port || 443), purpose: 'REST' },
      { host: ws.hostname, port: Number(ws.port || 443), purpose: 'WebSocket' },
    ];
  },
  publicProbe: { describe: 'GET /api/v5/public/time', run: (exchange) => exchange.fetchTime() },
  serverTime: { describe: 'GET /api/v5/public/time', run: (exchange) => exchange.fetchTime() },
  timestampWindowMs: 30_000,
  keyProbe: {
    describe: 'GET /api/v5/account/config',
    async run(exchange) {
      const config = okxConfig(await exchange.request({ method: 'GET', path: '/api/v5/account/config', signed: true }));
      const perm = typeof config.perm === 'string' ? config.perm : '';
      const parts = perm.split(',').map((part) => part.trim());
      const ip = typeof config.ip === 'string' ? config.ip : '';
      const uid = typeof config.uid === 'string' ? config.uid : undefined;
      const label = typeof config.label === 'string' && config.label ? config.label : undefined;
      return {
        description: [uid ? `account ${shorten(uid)}` : undefined, label ? `label "${label}"` : undefined].filter(Boolean).join(', '),
        permissions: {
          read: parts.includes('read_only') || parts.includes('trade'),
          trade: parts.includes('trade'),
          withdraw: parts.includes('withdraw'),
          reported: perm,
        },
        ipWhitelist: ip
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      };
    },
  },
  budgetProbe: { describe: 'GET /api/v5/account/balance', run: (exchange) => exchange.fetchBalance() },
  async budgets() {
    const { OKX_BUCKETS } = await import('@exchange-adapters/okx');
    return { signed: budgetText('balance', OKX_BUCKETS.balance), public: budgetText('time', OKX_BUCKETS.time) };
  },
  codeChecks: { '50101': 'environment', '50035': 'ip', '50120': 'permissions', '50030': 'permissions' },
};

const weex: Profile = {
  async hosts() {
    const { HOSTS } = await import('@exchange-adapters/weex');
    return [
      { host: new URL(HOSTS.default).hostname, port: 443, purpose: 'REST (spot)' },
      { host: new URL(HOSTS.contract).hostname, port: 443, purpose: 'REST (futures)' },
    ];
  },
  publicProbe: { describe: 'GET /api/v3/time', run: (exchange) => exchange.fetchTime() },
  serverTime: { describe: 'GET /api/v3/time', run: (exchange) => exchange.fetchTime() },
  timestampWindowMs: 30_000,
  keyProbe: {
    describe: 'GET /api/v3/account/ (demo: /capi/v3/sim/ balance)',
    async run(exchange, { demo }) {
      // WEEX demo trading is futures only: its balance is the one demo read of the key.
      const balances = await exchange.fetchBalance({ type: demo ? 'swap' : 'spot' });
      return { description: `${Object.keys(balances.assets).length} currencies in the ${demo ? 'demo futures' : 'spot'} account` };
    },
  },
  budgetProbe: { describe: 'GET /capi/v3/account/balance', run: (exchange) => exchange.fetchBalance({ type: 'swap' }) },
  async budgets() {
    const { BUCKETS } = await import('@exchange-adapters/weex');
    return {
      signed: budgetText('signed futures reads', BUCKETS.contractPrivate, 'weight'),
      public: budgetText('public spot reads', BUCKETS.spotPublic, 'weight'),
    };
  },
  permissionsNote:
    'WEEX reports no key permissions on a read endpoint, and the doctor sends no order to find out; an order from a key without Spot or Futures trading fails with PermissionDenied (-1052)',
  environmentNote: 'WEEX demo trading uses the same key on the futures /capi/v3/sim/ endpoints: there is no demo key to mix up',
  regionNote: 'WEEX has one site',
};

const okexV1: Profile = {
  async hosts() {
    const { HOSTS } = await import('@exchange-adapters/okex-v1');
    return [{ host: new URL(HOSTS.default).hostname, port: 443, purpose: 'REST' }];
  },
  publicProbe: {
    describe: 'GET /api/v1/ticker.do',
    run: (exchange) => exchange.request({ method: 'GET', path: '/api/v1/ticker.do', query: { symbol: 'btc_usdt' } }),
  },
  keyProbe: {
    describe: 'POST /api/v1/userinfo.do',
    async run(exchange) {
      const balances = await exchange.fetchBalance();
      return { description: `${Object.keys(balances.assets).length} currencies in the spot account` };
    },
  },
  budgetProbe: {
    describe: 'POST /api/v1/order_info.do',
    run: (exchange) => exchange.request({ method: 'POST', path: '/api/v1/order_info.do', body: { symbol: 'btc_usdt', order_id: -1 } }),
  },
  async budgets() {
    const { BUCKETS } = await import('@exchange-adapters/okex-v1');
    return { signed: budgetText('order_info', BUCKETS.order_info), public: budgetText('ticker', BUCKETS.ticker) };
  },
  permissionsNote:
    'OKEx v1 reports no key permissions, and the doctor sends no order to find out; an order from a key without trade permission fails with PermissionDenied (10017)',
  environmentNote: 'OKEx v1 has no demo trading',
  regionNote: 'OKEx v1 keys belong to the site that issued them; this adapter talks to www.okex.com',
  // 10004 is documented by the older OKCoin table as "not allowed due to IP constraint" (§5.1).
  codeChecks: { '10004': 'ip' },
};

export const PROFILES: Readonly<Record<ExchangeId, Profile>> = { okx, weex, 'okex-v1': okexV1 };

/** The check an error of a signed read belongs to. */
export function checkOfError(profile: Profile, error: ExchangeError): CheckId {
  const byCode = error.exchangeCode !== undefined ? profile.codeChecks?.[error.exchangeCode] : undefined;
  if (byCode) return byCode;
  switch (error.kind) {
    case 'IpNotAllowed':
      return 'ip';
    case 'PermissionDenied':
      return 'permissions';
    case 'TimestampExpired':
      return 'clock';
    case 'RateLimited':
      return 'rate-limit';
    case 'NetworkError':
      return 'reach';
    default:
      return 'key';
  }
}
