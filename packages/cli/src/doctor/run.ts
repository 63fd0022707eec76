/**
 * `doctor`: checks, in order, everything that commonly breaks a setup — credential format, reach,
 * clock, key, permissions, IP whitelist, live vs demo, region, rate-limit headroom — and names the
 * one cause of a failure. Each signed request's answer decides one check; the others say they
 * passed, or why they could not be checked. Only read requests are sent, never an order.
 */
import { type Exchange, type ExchangeError, isExchangeError } from '@exchange-adapters/core';
import { EXCHANGE_NAMES, type ExchangeId, exchangeOptions, OKX_REGIONS, openExchange, type Region, type Target } from '../connect.js';
import { checkFormat } from './format.js';
import { type CheckId, checkOfError, type KeyFacts, PROFILES, type Profile } from './profiles.js';
import { type Network, proxyVariables, reachHost, SYSTEM_NETWORK } from './reach.js';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** What was found, in one line. */
  summary: string;
  /** What to do, for `fail` and `warn`. */
  fix?: string;
  /** What exactly was checked (hosts, endpoints), one line each. */
  details?: string[];
}

export interface DoctorReport {
  exchange: ExchangeId;
  /** `live trading, region global, baseUrl http://…` */
  environment: string;
  checks: CheckResult[];
  ok: boolean;
}

export interface DoctorOptions {
  /** Permission the program needs: `trade` (default) fails a read-only key. */
  need?: 'read' | 'trade';
  network?: Network;
  env?: Readonly<Record<string, string | undefined>>;
  /** Called as each check finishes (to print it) and before each starts (for a spinner). */
  onCheck?: (result: CheckResult) => void;
  onStart?: (title: string) => void;
  /** The local clock; injectable so tests can measure a known offset. */
  now?: () => number;
}

export const CHECK_TITLES: Readonly<Record<CheckId, string>> = {
  credentials: 'Credential format',
  reach: 'DNS and TLS',
  clock: 'Clock offset',
  key: 'API key',
  permissions: 'Permissions',
  ip: 'IP whitelist',
  environment: 'Live vs demo',
  region: 'Region',
  'rate-limit': 'Rate-limit headroom',
};

const REGION_SITES: Readonly<Record<Region, string>> = { global: 'www.okx.com', eea: 'my.okx.com (EEA)', us: 'app.okx.com (US)' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function duration(ms: number): string {
  const size = Math.abs(ms);
  return size < 1_000 ? `${Math.round(size)} ms` : `${(size / 1000).toFixed(size < 10_000 ? 1 : 0)} s`;
}

/** An error's facts for output: `50105 AuthInvalid: Request header "OK-ACCESS-PASSPHRASE" incorrect.` */
function errorText(error: ExchangeError): string {
  const said = error.exchangeMessage || error.detail || (error.httpStatus ? `HTTP ${error.httpStatus}` : '');
  return [error.exchangeCode, error.kind].filter(Boolean).join(' ') + (said ? `: ${said}` : '');
}

function ipOf(text: string | undefined): string | undefined {
  return text?.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/i)?.[0];
}

/** Which part of the credentials a refused key names, for the key check's one cause. */
function keyCause(name: string, error: ExchangeError): string {
  const code = error.exchangeCode ?? '';
  if (['50113', '-1047', '10007', '20024', '40009', '30013'].includes(code))
    return `the signature does not match: the secret is wrong (${errorText(error)})`;
  if (['50105', '40012', '30015'].includes(code)) return `the passphrase is wrong (${errorText(error)})`;
  // WEEX says "key or passphrase"; it knows the key, or it would have answered -1044.
  if (code === '-1049')
    return `the passphrase is wrong: ${name} knows the key but refused the key and passphrase together (${errorText(error)})`;
  if (['50111', '50119', '59506', '-1044', '10005', '10006', '20020', '40006', '30006'].includes(code))
    return `${name} does not know this API key (${errorText(error)})`;
  if (error.kind === 'AccountRestricted') return `the account or key is restricted (${errorText(error)})`;
  return `${name} refused the key (${errorText(error)})`;
}

interface KeyAttempt {
  exchange: Exchange;
  facts?: KeyFacts;
  error?: ExchangeError;
  /** Set when the key works only in another environment than the one asked for. */
  environment?: { demo: boolean; region: Region };
}

interface Finding {
  status: CheckStatus;
  summary: string;
  fix?: string;
  details?: string[];
}

/** `demo trading on www.okx.com` */
function found(attempt: KeyAttempt): string {
  const environment = attempt.environment;
  if (!environment) return '';
  return `${environment.demo ? 'demo trading' : 'live trading'} on ${REGION_SITES[environment.region]}`;
}

export async function runDoctor(target: Target, options: DoctorOptions = {}): Promise<DoctorReport> {
  const profile: Profile = PROFILES[target.exchange];
  const name = EXCHANGE_NAMES[target.exchange];
  const need = options.need ?? 'trade';
  const now = options.now ?? Date.now;
  const isOkx = target.exchange === 'okx';
  const checks: CheckResult[] = [];
  const opened: Exchange[] = [];

  const record = (id: CheckId, status: CheckStatus, summary: string, extra: { fix?: string; details?: string[]; title?: string } = {}) => {
    const result: CheckResult = { id, title: extra.title ?? CHECK_TITLES[id], status, summary };
    if (extra.fix) result.fix = extra.fix;
    if (extra.details && extra.details.length > 0) result.details = extra.details;
    checks.push(result);
    options.onCheck?.(result);
    return result;
  };
  const start = (id: CheckId, title = CHECK_TITLES[id]) => options.onStart?.(title);
  const open = async (overrides: Parameters<typeof exchangeOptions>[1] = {}) => {
    const exchange = await openExchange(target.exchange, exchangeOptions(target, { retry: false, ...overrides }));
    opened.push(exchange);
    return exchange;
  };
  const publicOverrides = { apiKey: undefined, secret: undefined, passphrase: undefined, clockSync: false };

  const environment = [
    target.demo ? 'demo trading' : 'live trading',
    isOkx ? `region ${target.region ?? 'global'}` : undefined,
    target.baseUrl ? `baseUrl ${target.baseUrl}${target.simulated ? ' (embedded simulator)' : ''}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');

  try {
    // 1. Credential format: nothing is sent with credentials that cannot be right.
    start('credentials');
    const format = checkFormat(target.exchange, target.credentials, target.sources);
    const [firstProblem] = format.problems;
    const credentialsOk = firstProblem === undefined;
    if (firstProblem) {
      record('credentials', 'fail', firstProblem.problem, {
        fix: firstProblem.fix,
        details: format.problems.slice(1).map((problem) => `also: ${problem.problem}`),
      });
    } else {
      const fields = Object.values(target.sources).map((source) => source?.name);
      const from = [...new Set(fields)].filter(Boolean).join(', ');
      record(
        'credentials',
        'pass',
        `key ${format.keyTail ?? ''} and the other credentials are set and shaped as ${name} issues them`.replace('  ', ' '),
        {
          details: from ? [`read from ${from}`] : [],
        },
      );
    }

    // 2. Reach: DNS and TLS of every host, or HTTP to the one origin that replaces them.
    let reachOk: boolean;
    if (target.baseUrl) {
      start('reach', 'HTTP reach');
      const exchange = await open(publicOverrides);
      const started = performance.now();
      try {
        await profile.publicProbe.run(exchange);
        reachOk = true;
        record(
          'reach',
          'pass',
          `${target.baseUrl} answered ${profile.publicProbe.describe} in ${Math.round(performance.now() - started)} ms`,
          {
            title: 'HTTP reach',
            details: [`baseUrl replaces every ${name} host, so HTTP reach of it was checked instead of DNS and TLS of the real hosts`],
          },
        );
      } catch (error) {
        reachOk = false;
        const text = isExchangeError(error) ? `${error.kind}: ${error.detail}` : String(error);
        record('reach', 'fail', `${target.baseUrl} did not answer ${profile.publicProbe.describe} (${text})`, {
          title: 'HTTP reach',
          fix: target.simulated
            ? 'the embedded simulator did not answer; report this'
            : 'check that --base-url points at a running server (exchange-sim --port 8080 for the simulator)',
        });
      }
    } else {
      start('reach');
      const hosts = await profile.hosts({ demo: target.demo, region: target.region });
      const results = [];
      for (const host of hosts) results.push(await reachHost(host, options.network ?? SYSTEM_NETWORK, Math.min(target.timeoutMs, 10_000)));
      const failed = results.find((result) => !result.ok);
      reachOk = failed === undefined;
      const details = results.map((result) =>
        result.ok
          ? `${result.target.host}:${result.target.port} (${result.target.purpose}) → ${result.addresses.join(', ')}, TLS verified in ${Math.round(result.handshakeMs ?? 0)} ms${result.certificateValidTo ? `, certificate valid until ${result.certificateValidTo}` : ''}`
          : `${result.target.host}:${result.target.port} (${result.target.purpose}): ${result.problem}`,
      );
      const proxies = proxyVariables(options.env ?? {});
      if (proxies.length > 0)
        details.push(
          `${proxies.join(', ')} is set; like the library, this check connects directly (the adapters do not read proxy variables)`,
        );
      if (failed) record('reach', 'fail', failed.problem ?? 'unreachable', { fix: failed.fix, details });
      else
        record(
          'reach',
          'pass',
          `${hosts.length === 1 ? 'the host' : `all ${hosts.length} hosts`} ${name} uses resolve and complete a verified TLS handshake`,
          { details },
        );
    }
    const unreachable = `not checked: ${name} cannot be reached`;

    // 3. Clock: offset to the exchange's clock against its signing window.
    start('clock');
    let clockOk = true;
    if (!reachOk) record('clock', 'skip', unreachable);
    else if (!profile.serverTime || profile.timestampWindowMs === undefined)
      record('clock', 'skip', `${name} signs no timestamp, so clock skew cannot affect it`);
    else {
      const exchange = await open(publicOverrides);
      const offsets: number[] = [];
      const trips: number[] = [];
      try {
        for (let sample = 0; sample < 3; sample++) {
          const sent = now();
          const serverMs = await profile.serverTime.run(exchange);
          const received = now();
          offsets.push(serverMs - (sent + received) / 2);
          trips.push(received - sent);
        }
        const offset = median(offsets);
        const windowMs = profile.timestampWindowMs;
        const direction = offset > 0 ? 'behind' : 'ahead of';
        const window = `round trip ${Math.round(median(trips))} ms; signing window ±${windowMs / 1000} s`;
        const measured =
          Math.abs(offset) < 1
            ? `local clock agrees with ${name} to within 1 ms (${window})`
            : `local clock is ${duration(offset)} ${direction} ${name} (${window})`;
        if (Math.abs(offset) > windowMs) {
          clockOk = false;
          record('clock', 'fail', `${measured}: signed requests would be refused`, {
            fix: 'sync the system clock with NTP (timedatectl set-ntp true, or your OS time settings); until then clockSync (on by default) corrects signed requests, but other tools on this machine will fail',
          });
        } else if (Math.abs(offset) > windowMs / 2) {
          record('clock', 'warn', `${measured}: inside the window, but close to its edge`, { fix: 'sync the system clock with NTP' });
        } else record('clock', 'pass', measured);
      } catch (error) {
        clockOk = false;
        record('clock', 'fail', `could not read ${name}'s time (${isExchangeError(error) ? errorText(error) : String(error)})`, {
          fix: isExchangeError(error) ? error.hint : undefined,
        });
      }
    }

    // 4. Key: one signed read. Its answer decides which later check, if any, is the cause.
    start('key');
    let attempt: KeyAttempt | undefined;
    let causeCheck: CheckId | undefined;
    // 7–8 are worked out here: a key of another environment is found by trying the others.
    let active: KeyAttempt | undefined;
    let environmentResult: Finding | undefined;
    let regionResult: Finding | undefined;
    const accepted = (facts: KeyFacts | undefined, where = '') =>
      `${name} accepted key ${format.keyTail ?? ''}${where}${facts?.description ? ` (${facts.description})` : ''}`.replace('  ', ' ');
    const probed = { details: [`signed ${profile.keyProbe.describe}`] };
    if (!credentialsOk) record('key', 'skip', 'not checked: the credentials are not in a usable format (see above)');
    else if (!reachOk) record('key', 'skip', unreachable);
    else {
      const exchange = await open();
      try {
        attempt = { exchange, facts: await profile.keyProbe.run(exchange) };
        active = attempt;
        record('key', 'pass', accepted(attempt.facts), probed);
      } catch (error) {
        if (!isExchangeError(error)) throw error;
        attempt = { exchange, error };
        causeCheck = checkOfError(profile, error);
        if (isOkx && causeCheck === 'environment') {
          const finding = await findOkxEnvironment(target, open, error);
          active = finding.attempt;
          environmentResult = finding.environment;
          regionResult = finding.region;
        }
        if (causeCheck === 'key') record('key', 'fail', keyCause(name, error), { fix: error.hint, ...probed });
        else if (causeCheck === 'environment' && active) {
          record('key', 'pass', accepted(active.facts, ` for ${found(active)}`), probed);
        } else if (causeCheck === 'clock' && !clockOk)
          record('key', 'skip', `not confirmed: ${name} refused the timestamp (see Clock offset)`);
        else if (causeCheck === 'clock') {
          // The clock looked right, yet the exchange refused the timestamp after a re-sync.
          record('key', 'fail', `${name} refused the request time although the clock was synced (${errorText(error)})`, {
            fix: error.hint,
          });
        } else if (causeCheck === 'reach')
          record('key', 'fail', `the signed read failed on the network (${errorText(error)})`, { fix: error.hint });
        else {
          const see = causeCheck === 'environment' ? 'Live vs demo' : CHECK_TITLES[causeCheck];
          record('key', 'skip', `not confirmed: ${name} refused the request before the key could be confirmed (see ${see})`);
        }
      }
    }
    const keyUnchecked = !credentialsOk
      ? 'not checked: the credentials are not usable (see above)'
      : !reachOk
        ? unreachable
        : 'not checked: the key was refused (see API key)';

    // 5. Permissions, as the key endpoint reports them.
    start('permissions');
    const where = active?.environment ? ` (in ${found(active)}, where the key works)` : '';
    if (causeCheck === 'permissions' && attempt?.error) {
      record('permissions', 'fail', `the key may not read this account (${errorText(attempt.error)})`, { fix: attempt.error.hint });
    } else if (!active?.facts) record('permissions', 'skip', keyUnchecked);
    else if (!active.facts.permissions) record('permissions', 'skip', profile.permissionsNote ?? `${name} does not report permissions`);
    else {
      const { trade, withdraw, reported } = active.facts.permissions;
      const can = ['read', trade ? 'trade' : undefined, withdraw ? 'withdraw' : undefined]
        .filter(Boolean)
        .join(' and ')
        .replace(' and ', withdraw && trade ? ', ' : ' and ');
      if (need === 'trade' && !trade) {
        record('permissions', 'fail', `the key is read-only: it may read but not trade (reported "${reported}")${where}`, {
          fix: `enable Trade for this key on ${name}'s API management page, or pass --need read if this program only reads`,
        });
      } else if (withdraw) {
        record('permissions', 'warn', `the key may ${can}${where}: this library never withdraws`, {
          fix: 'create a key without Withdraw for trading programs: a leaked key then cannot move funds out',
        });
      } else record('permissions', 'pass', `the key may ${can}${where}${need === 'read' ? ' (read is what --need read asks for)' : ''}`);
    }

    // 6. IP whitelist.
    start('ip');
    if (causeCheck === 'ip' && attempt?.error) {
      const ip = ipOf(attempt.error.exchangeMessage);
      record(
        'ip',
        'fail',
        `this machine's IP${ip ? ` (${ip}, as ${name} sees it)` : ''} is not on the key's whitelist (${errorText(attempt.error)})`,
        {
          fix: attempt.error.hint || `add this IP to the key's whitelist on ${name}, or run from a whitelisted machine`,
        },
      );
    } else if (!active?.facts) record('ip', 'skip', keyUnchecked);
    else if (active.facts.ipWhitelist === undefined) record('ip', 'pass', `${name} accepted this machine's IP`);
    else if (active.facts.ipWhitelist.length === 0) record('ip', 'pass', 'the key has no IP whitelist: it works from any IP');
    else record('ip', 'pass', `the key is bound to ${active.facts.ipWhitelist.join(', ')}, and this machine was accepted`);

    // 7. Live vs demo.
    start('environment');
    if (!isOkx) record('environment', 'skip', profile.environmentNote ?? 'not applicable');
    else if (environmentResult) record('environment', environmentResult.status, environmentResult.summary, environmentResult);
    else if (!active?.facts) record('environment', 'skip', keyUnchecked);
    else record('environment', 'pass', target.demo ? 'a demo-trading key, used with demo trading' : 'a live key, used for live trading');

    // 8. Region.
    start('region');
    const region = target.region ?? 'global';
    if (!isOkx) record('region', 'skip', profile.regionNote ?? 'not applicable');
    else if (regionResult) record('region', regionResult.status, regionResult.summary, regionResult);
    else if (!active?.facts) record('region', 'skip', keyUnchecked);
    else record('region', 'pass', `the key works on ${REGION_SITES[region]} (region ${region})`);

    // 9. Rate-limit headroom: a short burst of reads must not be throttled.
    start('rate-limit');
    const budgets = await profile.budgets();
    if (!reachOk) record('rate-limit', 'skip', unreachable);
    else if (causeCheck === 'rate-limit' && attempt?.error) {
      record(
        'rate-limit',
        'fail',
        `${name} throttled the first signed read (${errorText(attempt.error)}): something else spends this key's budget`,
        {
          fix: `find the other program using this key or IP, or share one budget between processes (rateLimit.store); ${budgets.signed}`,
        },
      );
    } else {
      const signed = active?.facts !== undefined;
      const exchange = signed && active ? active.exchange : await open(publicOverrides);
      const probe = signed ? profile.budgetProbe : profile.publicProbe;
      let throttled: ExchangeError | undefined;
      let failure: ExchangeError | undefined;
      for (let sent = 0; sent < 3 && !throttled && !failure; sent++) {
        try {
          await probe.run(exchange);
        } catch (error) {
          if (!isExchangeError(error)) throw error;
          if (error.kind === 'RateLimited') throttled = error;
          else failure = error;
        }
      }
      const budget = signed ? budgets.signed : budgets.public;
      if (throttled) {
        record(
          'rate-limit',
          'fail',
          `${name} throttled ${probe.describe} within 3 reads (${errorText(throttled)}): something else spends the same budget`,
          {
            fix: `find the other program using this ${signed ? 'key' : 'IP'}, or share one budget between processes (rateLimit.store); ${budget}`,
          },
        );
      } else if (failure) {
        record('rate-limit', 'skip', `not measured: ${probe.describe} failed (${errorText(failure)})`);
      } else {
        record(
          'rate-limit',
          'pass',
          `3 ${signed ? 'signed' : 'public'} reads in a row (${probe.describe}), none throttled; documented ${budget}`,
          {
            details: [`${name} reports no remaining-budget figure; headroom is measured by not being throttled`],
          },
        );
      }
    }
  } finally {
    await Promise.allSettled(opened.map((exchange) => exchange.close()));
  }
  return { exchange: target.exchange, environment, checks, ok: checks.every((check) => check.status !== 'fail') };
}

interface EnvironmentFinding {
  attempt?: KeyAttempt;
  environment: Finding;
  region: Finding;
}

/**
 * OKX answered 50101: the key belongs to another environment. Try the others — demo flipped on the
 * same site first, then the other sites — with the same read, and name the one that accepts it.
 */
async function findOkxEnvironment(
  target: Target,
  open: (overrides?: Record<string, unknown>) => Promise<Exchange>,
  refusal: ExchangeError,
): Promise<EnvironmentFinding> {
  const profile = PROFILES.okx;
  const region = target.region ?? 'global';
  const label = (demo: boolean, site: Region) => `${demo ? 'demo trading' : 'live trading'} on ${REGION_SITES[site]}`;
  // With one origin for every host (--base-url), only the demo header can change; the sites cannot be reached.
  const sitesReachable = target.baseUrl === undefined || target.siteUrls !== undefined;
  const candidates: Array<{ demo: boolean; region: Region }> = [{ demo: !target.demo, region }];
  if (sitesReachable) {
    for (const other of OKX_REGIONS.filter((site) => site !== region))
      candidates.push({ demo: target.demo, region: other }, { demo: !target.demo, region: other });
  }
  const tried: string[] = [];
  for (const candidate of candidates) {
    const baseUrl = target.siteUrls ? target.siteUrls[candidate.region] : target.baseUrl;
    const exchange = await open({ demo: candidate.demo, region: candidate.region, ...(baseUrl ? { baseUrl } : {}) });
    tried.push(label(candidate.demo, candidate.region));
    let facts: KeyFacts;
    try {
      facts = await profile.keyProbe.run(exchange);
    } catch {
      continue;
    }
    const demoWrong = candidate.demo !== target.demo;
    const regionWrong = candidate.region !== region;
    const demoFlag = candidate.demo ? '--demo (demo: true)' : 'no --demo (demo: false)';
    const environment = demoWrong
      ? {
          status: 'fail' as const,
          summary: candidate.demo
            ? 'this is a demo-trading key, used for live trading (OKX answered 50101)'
            : 'this is a live key, used for demo trading (OKX answered 50101)',
          fix: `use ${demoFlag}, or create a ${target.demo ? 'demo-trading' : 'live'} key for ${target.demo ? 'demo trading' : 'live trading'}`,
        }
      : {
          status: 'pass' as const,
          summary: target.demo ? 'a demo-trading key, used with demo trading' : 'a live key, used for live trading',
        };
    const region_ = regionWrong
      ? {
          status: 'fail' as const,
          summary: `the key was created on ${REGION_SITES[candidate.region]}, but requests went to ${REGION_SITES[region]} (OKX answered 50101)`,
          fix: `use --region ${candidate.region} (region: '${candidate.region}'), or create a key on ${REGION_SITES[region]}`,
        }
      : { status: 'pass' as const, summary: `the key works on ${REGION_SITES[region]} (region ${region})` };
    return { attempt: { exchange, facts, environment: candidate }, environment, region: region_ };
  }
  const details = [`tried with the same read: ${tried.join('; ')}`];
  if (!sitesReachable) details.push('--base-url replaces every OKX host, so the EEA and US sites could not be tried');
  return {
    environment: {
      status: 'fail',
      summary: `OKX says the key belongs to another environment (${errorText(refusal)}), and ${sitesReachable ? 'no other live/demo and site pairing accepted it' : `${label(!target.demo, region)} did not accept it either`}`,
      fix: refusal.hint,
      details,
    },
    region: { status: 'skip', summary: 'not confirmed: the key was not accepted anywhere (see Live vs demo)' },
  };
}
