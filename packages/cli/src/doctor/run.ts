/**
 * `doctor`: checks, in order, everything that commonly breaks a setup — credential format, reach,
 * clock, key, permissions, IP whitelist, live vs demo, region, rate-limit headroom — and names the
 * one cause of a failure. The one signed read's answer decides which check, if any, fails; the
 * others say they passed, or why they could not be checked. Only reads are sent, never an order.
 */
import { type Exchange, type ExchangeError, isExchangeError } from '@exchange-adapters/core';
import { EXCHANGE_NAMES, type ExchangeId, exchangeOptions, openExchange, type Target } from '../connect.js';
import { checkFormat, type FormatFinding } from './format.js';
import { type EnvironmentFinding, environmentLabel, findOkxEnvironment, type OkxEnvironment, REGION_SITES } from './okx-environment.js';
import { type CheckId, checkOfError, type KeyFacts, PROFILES, type Profile } from './profiles.js';
import { type HostReach, type Network, proxyVariables, reachHost, SYSTEM_NETWORK } from './reach.js';

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

const CLOCK_SAMPLES = 3;
const BURST = 3;

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

function anyErrorText(error: unknown): string {
  return isExchangeError(error) ? errorText(error) : String(error);
}

function ipOf(text: string | undefined): string | undefined {
  return text?.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b/i)?.[0];
}

// Codes that say which credential was wrong, on each exchange and in the legacy tables.
const WRONG_SECRET = new Set(['50113', '30013', '-1047', '40009', '10007', '20024']);
const WRONG_PASSPHRASE = new Set(['50105', '30015', '40012']);
const UNKNOWN_KEY = new Set(['50111', '50119', '59506', '30006', '-1044', '40006', '10005', '10006', '20020']);

/** The one cause a refused key names. */
function keyCause(name: string, error: ExchangeError): string {
  const code = error.exchangeCode ?? '';
  if (WRONG_SECRET.has(code)) return `the signature does not match: the secret is wrong (${errorText(error)})`;
  if (WRONG_PASSPHRASE.has(code)) return `the passphrase is wrong (${errorText(error)})`;
  // WEEX says "key or passphrase"; it knows the key, or it would have answered -1044.
  if (code === '-1049') return `the passphrase is wrong: ${name} knows the key but refused it with this passphrase (${errorText(error)})`;
  if (UNKNOWN_KEY.has(code)) return `${name} does not know this API key (${errorText(error)})`;
  if (error.kind === 'AccountRestricted') return `the account or key is restricted (${errorText(error)})`;
  return `${name} refused the key (${errorText(error)})`;
}

/** What the one signed read established. */
interface KeyOutcome {
  /** The refusal, when the read failed, and the check it points at. */
  error?: ExchangeError;
  cause?: CheckId;
  /** Where the key works: the environment asked for, or the one found after a 50101. */
  working?: { exchange: Exchange; facts: KeyFacts; environment?: OkxEnvironment };
  okx?: EnvironmentFinding;
  /** Why the checks that need a working key were not run. */
  unchecked: string;
}

export function runDoctor(target: Target, options: DoctorOptions = {}): Promise<DoctorReport> {
  return new Doctor(target, options).run();
}

class Doctor {
  readonly #target: Target;
  readonly #options: DoctorOptions;
  readonly #profile: Profile;
  readonly #name: string;
  readonly #checks: CheckResult[] = [];
  readonly #opened: Exchange[] = [];

  constructor(target: Target, options: DoctorOptions) {
    this.#target = target;
    this.#options = options;
    this.#profile = PROFILES[target.exchange];
    this.#name = EXCHANGE_NAMES[target.exchange];
  }

  async run(): Promise<DoctorReport> {
    try {
      const format = this.#credentials();
      const reachable = await this.#reach();
      const clockOk = reachable ? await this.#clock() : this.#skip('clock', this.#unreachable);
      const key = await this.#key(format, reachable, clockOk);
      this.#permissions(key);
      this.#ip(key);
      this.#environment(key);
      this.#region(key);
      await this.#rateLimit(key, reachable);
    } finally {
      await Promise.allSettled(this.#opened.map((exchange) => exchange.close()));
    }
    return {
      exchange: this.#target.exchange,
      environment: this.#describeTarget(),
      checks: this.#checks,
      ok: this.#checks.every((check) => check.status !== 'fail'),
    };
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────────

  #record(id: CheckId, status: CheckStatus, summary: string, extra: { fix?: string; details?: string[]; title?: string } = {}): void {
    const result: CheckResult = { id, title: extra.title ?? CHECK_TITLES[id], status, summary };
    if (extra.fix) result.fix = extra.fix;
    if (extra.details && extra.details.length > 0) result.details = extra.details;
    this.#checks.push(result);
    this.#options.onCheck?.(result);
  }

  /** Records a skipped check; returns false, for checks whose result later ones depend on. */
  #skip(id: CheckId, why: string): false {
    this.#record(id, 'skip', why);
    return false;
  }

  #start(id: CheckId, title = CHECK_TITLES[id]): void {
    this.#options.onStart?.(title);
  }

  /** An adapter for one probe: retries off, so that each answer is seen as the exchange gave it. */
  async #open(overrides: Record<string, unknown> = {}): Promise<Exchange> {
    const exchange = await openExchange(this.#target.exchange, exchangeOptions(this.#target, { retry: false, ...overrides }));
    this.#opened.push(exchange);
    return exchange;
  }

  #openPublic(): Promise<Exchange> {
    return this.#open({ apiKey: undefined, secret: undefined, passphrase: undefined, clockSync: false });
  }

  get #unreachable(): string {
    return `not checked: ${this.#name} cannot be reached`;
  }

  #describeTarget(): string {
    const { demo, region, baseUrl, simulated, exchange } = this.#target;
    return [
      demo ? 'demo trading' : 'live trading',
      exchange === 'okx' ? `region ${region ?? 'global'}` : undefined,
      baseUrl ? `baseUrl ${baseUrl}${simulated ? ' (embedded simulator)' : ''}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
  }

  // ── 1. credential format: nothing is sent with credentials that cannot be right ──────────────

  #credentials(): FormatFinding {
    this.#start('credentials');
    const format = checkFormat(this.#target.exchange, this.#target.credentials, this.#target.sources);
    const [first, ...more] = format.problems;
    if (first) {
      this.#record('credentials', 'fail', first.problem, { fix: first.fix, details: more.map((problem) => `also: ${problem.problem}`) });
      return format;
    }
    const from = [...new Set(Object.values(this.#target.sources).map((source) => source?.name))].filter(Boolean).join(', ');
    this.#record(
      'credentials',
      'pass',
      `key ${format.keyTail ?? ''} and the other credentials are set and shaped as ${this.#name} issues them`.replace('  ', ' '),
      {
        details: from ? [`read from ${from}`] : [],
      },
    );
    return format;
  }

  // ── 2. reach: DNS and TLS of every host, or HTTP to the one origin that replaces them ─────────

  async #reach(): Promise<boolean> {
    return this.#target.baseUrl ? this.#httpReach(this.#target.baseUrl) : this.#hostReach();
  }

  async #httpReach(baseUrl: string): Promise<boolean> {
    this.#start('reach', 'HTTP reach');
    const probe = this.#profile.publicProbe;
    const exchange = await this.#openPublic();
    const started = performance.now();
    try {
      await probe.run(exchange, this.#target);
    } catch (error) {
      this.#record(
        'reach',
        'fail',
        `${baseUrl} did not answer ${probe.describe} (${isExchangeError(error) ? `${error.kind}: ${error.detail}` : String(error)})`,
        {
          title: 'HTTP reach',
          fix: this.#target.simulated
            ? 'the embedded simulator did not answer; report this'
            : 'check that --base-url points at a running server (exchange-sim --port 8080 for the simulator)',
        },
      );
      return false;
    }
    this.#record('reach', 'pass', `${baseUrl} answered ${probe.describe} in ${Math.round(performance.now() - started)} ms`, {
      title: 'HTTP reach',
      details: [`baseUrl replaces every ${this.#name} host, so HTTP reach of it was checked instead of DNS and TLS of the real hosts`],
    });
    return true;
  }

  async #hostReach(): Promise<boolean> {
    this.#start('reach');
    const hosts = await this.#profile.hosts({ demo: this.#target.demo, region: this.#target.region });
    const results: HostReach[] = [];
    for (const host of hosts)
      results.push(await reachHost(host, this.#options.network ?? SYSTEM_NETWORK, Math.min(this.#target.timeoutMs, 10_000)));
    const details = results.map(({ target, ok, addresses, handshakeMs, certificateValidTo, problem }) =>
      ok
        ? `${target.host}:${target.port} (${target.purpose}) → ${addresses.join(', ')}, TLS verified in ${Math.round(handshakeMs ?? 0)} ms${certificateValidTo ? `, certificate valid until ${certificateValidTo}` : ''}`
        : `${target.host}:${target.port} (${target.purpose}): ${problem}`,
    );
    const proxies = proxyVariables(this.#options.env ?? {});
    if (proxies.length > 0)
      details.push(
        `${proxies.join(', ')} is set; like the library, this check connects directly (the adapters do not read proxy variables)`,
      );
    const failed = results.find((result) => !result.ok);
    if (failed) {
      this.#record('reach', 'fail', failed.problem ?? 'unreachable', { fix: failed.fix, details });
      return false;
    }
    const which = hosts.length === 1 ? 'the host' : `all ${hosts.length} hosts`;
    this.#record('reach', 'pass', `${which} ${this.#name} uses resolve and complete a verified TLS handshake`, { details });
    return true;
  }

  // ── 3. clock: offset to the exchange's clock against its signing window ──────────────────────

  async #clock(): Promise<boolean> {
    this.#start('clock');
    const { serverTime, timestampWindowMs: windowMs } = this.#profile;
    if (!serverTime || windowMs === undefined) {
      this.#record('clock', 'skip', `${this.#name} signs no timestamp, so clock skew cannot affect it`);
      return true;
    }
    const now = this.#options.now ?? Date.now;
    const exchange = await this.#openPublic();
    const offsets: number[] = [];
    const trips: number[] = [];
    try {
      for (let sample = 0; sample < CLOCK_SAMPLES; sample++) {
        const sent = now();
        const serverMs = await serverTime.run(exchange, this.#target);
        const received = now();
        offsets.push(serverMs - (sent + received) / 2);
        trips.push(received - sent);
      }
    } catch (error) {
      this.#record('clock', 'fail', `could not read ${this.#name}'s time (${anyErrorText(error)})`, {
        fix: isExchangeError(error) ? error.hint : undefined,
      });
      return false;
    }
    const offset = median(offsets);
    const window = `round trip ${Math.round(median(trips))} ms; signing window ±${windowMs / 1000} s`;
    const measured =
      Math.abs(offset) < 1
        ? `local clock agrees with ${this.#name} to within 1 ms (${window})`
        : `local clock is ${duration(offset)} ${offset > 0 ? 'behind' : 'ahead of'} ${this.#name} (${window})`;
    if (Math.abs(offset) > windowMs) {
      this.#record('clock', 'fail', `${measured}: signed requests would be refused`, {
        fix: 'sync the system clock with NTP (timedatectl set-ntp true, or your OS time settings); until then clockSync (on by default) corrects signed requests, but other tools on this machine will fail',
      });
      return false;
    }
    if (Math.abs(offset) > windowMs / 2)
      this.#record('clock', 'warn', `${measured}: inside the window, but close to its edge`, { fix: 'sync the system clock with NTP' });
    else this.#record('clock', 'pass', measured);
    return true;
  }

  // ── 4. key: one signed read, whose answer decides which check, if any, is the cause ──────────

  async #key(format: FormatFinding, reachable: boolean, clockOk: boolean): Promise<KeyOutcome> {
    this.#start('key');
    if (format.problems.length > 0) {
      this.#skip('key', 'not checked: the credentials are not in a usable format (see above)');
      return { unchecked: 'not checked: the credentials are not usable (see above)' };
    }
    if (!reachable) {
      this.#skip('key', this.#unreachable);
      return { unchecked: this.#unreachable };
    }
    const name = this.#name;
    const accepted = (facts: KeyFacts, where = '') =>
      `${name} accepted key ${format.keyTail ?? ''}${where}${facts.description ? ` (${facts.description})` : ''}`.replace('  ', ' ');
    const probed = { details: [`signed ${this.#profile.keyProbe.describe}`] };
    const unchecked = 'not checked: the key was refused (see API key)';
    const exchange = await this.#open();
    try {
      const facts = await this.#profile.keyProbe.run(exchange, this.#target);
      this.#record('key', 'pass', accepted(facts), probed);
      return { working: { exchange, facts }, unchecked };
    } catch (error) {
      if (!isExchangeError(error)) throw error;
      const cause = checkOfError(this.#profile, error);
      const outcome: KeyOutcome = { error, cause, unchecked };
      if (cause === 'environment' && this.#target.exchange === 'okx') {
        outcome.okx = await findOkxEnvironment(this.#target, (overrides) => this.#open(overrides), error, errorText);
        outcome.working = outcome.okx.working;
      }
      if (cause === 'key') this.#record('key', 'fail', keyCause(name, error), { fix: error.hint, ...probed });
      else if (cause === 'environment' && outcome.working?.environment) {
        this.#record('key', 'pass', accepted(outcome.working.facts, ` for ${environmentLabel(outcome.working.environment)}`), probed);
      } else if (cause === 'clock' && !clockOk) this.#skip('key', `not confirmed: ${name} refused the timestamp (see Clock offset)`);
      else if (cause === 'clock') {
        // The clock looked right, yet the exchange refused the timestamp after a re-sync.
        this.#record('key', 'fail', `${name} refused the request time although the clock was synced (${errorText(error)})`, {
          fix: error.hint,
        });
      } else if (cause === 'reach')
        this.#record('key', 'fail', `the signed read failed on the network (${errorText(error)})`, { fix: error.hint });
      else this.#skip('key', `not confirmed: ${name} refused the request before the key could be confirmed (see ${CHECK_TITLES[cause]})`);
      return outcome;
    }
  }

  // ── 5. permissions, as the key endpoint reports them ──────────────────────────────────────────

  #permissions(key: KeyOutcome): void {
    this.#start('permissions');
    if (key.cause === 'permissions' && key.error) {
      this.#record('permissions', 'fail', `the key may not read this account (${errorText(key.error)})`, { fix: key.error.hint });
      return;
    }
    if (!key.working) return void this.#skip('permissions', key.unchecked);
    const permissions = key.working.facts.permissions;
    if (!permissions) return void this.#skip('permissions', this.#profile.permissionsNote ?? `${this.#name} does not report permissions`);
    const where = key.working.environment ? ` (in ${environmentLabel(key.working.environment)}, where the key works)` : '';
    const { trade, withdraw, reported } = permissions;
    const may = trade && withdraw ? 'read, trade and withdraw' : trade ? 'read and trade' : withdraw ? 'read and withdraw' : 'read';
    const need = this.#options.need ?? 'trade';
    if (need === 'trade' && !trade) {
      this.#record('permissions', 'fail', `the key is read-only: it may read but not trade (reported "${reported}")${where}`, {
        fix: `enable Trade for this key on ${this.#name}'s API management page, or pass --need read if this program only reads`,
      });
    } else if (withdraw) {
      this.#record('permissions', 'warn', `the key may ${may}${where}: this library never withdraws`, {
        fix: 'create a key without Withdraw for trading programs: a leaked key then cannot move funds out',
      });
    } else
      this.#record('permissions', 'pass', `the key may ${may}${where}${need === 'read' ? ' (read is what --need read asks for)' : ''}`);
  }

  // ── 6. IP whitelist ───────────────────────────────────────────────────────────────────────────

  #ip(key: KeyOutcome): void {
    this.#start('ip');
    if (key.cause === 'ip' && key.error) {
      const ip = ipOf(key.error.exchangeMessage);
      this.#record(
        'ip',
        'fail',
        `this machine's IP${ip ? ` (${ip}, as ${this.#name} sees it)` : ''} is not on the key's whitelist (${errorText(key.error)})`,
        {
          fix: key.error.hint || `add this IP to the key's whitelist on ${this.#name}, or run from a whitelisted machine`,
        },
      );
      return;
    }
    if (!key.working) return void this.#skip('ip', key.unchecked);
    const whitelist = key.working.facts.ipWhitelist;
    if (whitelist === undefined) this.#record('ip', 'pass', `${this.#name} accepted this machine's IP`);
    else if (whitelist.length === 0) this.#record('ip', 'pass', 'the key has no IP whitelist: it works from any IP');
    else this.#record('ip', 'pass', `the key is bound to ${whitelist.join(', ')}, and this machine was accepted`);
  }

  // ── 7–8. live vs demo, region (OKX) ──────────────────────────────────────────────────────────

  #environment(key: KeyOutcome): void {
    this.#start('environment');
    if (this.#target.exchange !== 'okx') return void this.#skip('environment', this.#profile.environmentNote ?? 'not applicable');
    if (key.okx) return void this.#record('environment', key.okx.environment.status, key.okx.environment.summary, key.okx.environment);
    if (!key.working) return void this.#skip('environment', key.unchecked);
    this.#record(
      'environment',
      'pass',
      this.#target.demo ? 'a demo-trading key, used with demo trading' : 'a live key, used for live trading',
    );
  }

  #region(key: KeyOutcome): void {
    this.#start('region');
    if (this.#target.exchange !== 'okx') return void this.#skip('region', this.#profile.regionNote ?? 'not applicable');
    if (key.okx) return void this.#record('region', key.okx.region.status, key.okx.region.summary, key.okx.region);
    if (!key.working) return void this.#skip('region', key.unchecked);
    const region = this.#target.region ?? 'global';
    this.#record('region', 'pass', `the key works on ${REGION_SITES[region]} (region ${region})`);
  }

  // ── 9. rate-limit headroom: a short burst of reads must not be throttled ─────────────────────

  async #rateLimit(key: KeyOutcome, reachable: boolean): Promise<void> {
    this.#start('rate-limit');
    if (!reachable) return void this.#skip('rate-limit', this.#unreachable);
    const budgets = await this.#profile.budgets();
    const share = 'or share one budget between processes (rateLimit.store)';
    if (key.cause === 'rate-limit' && key.error) {
      this.#record(
        'rate-limit',
        'fail',
        `${this.#name} throttled the first signed read (${errorText(key.error)}): something else spends this key's budget`,
        {
          fix: `find the other program using this key or IP, ${share}; ${budgets.signed}`,
        },
      );
      return;
    }
    // With a working key, the key's own budget; without, the IP's.
    const signed = key.working !== undefined;
    const exchange = key.working ? key.working.exchange : await this.#openPublic();
    const probe = signed ? this.#profile.budgetProbe : this.#profile.publicProbe;
    const budget = signed ? budgets.signed : budgets.public;
    for (let sent = 0; sent < BURST; sent++) {
      try {
        await probe.run(exchange, this.#target);
      } catch (error) {
        if (!isExchangeError(error)) throw error;
        if (error.kind !== 'RateLimited')
          return void this.#skip('rate-limit', `not measured: ${probe.describe} failed (${errorText(error)})`);
        this.#record(
          'rate-limit',
          'fail',
          `${this.#name} throttled ${probe.describe} within ${BURST} reads (${errorText(error)}): something else spends the same budget`,
          {
            fix: `find the other program using this ${signed ? 'key' : 'IP'}, ${share}; ${budget}`,
          },
        );
        return;
      }
    }
    this.#record(
      'rate-limit',
      'pass',
      `${BURST} ${signed ? 'signed' : 'public'} reads in a row (${probe.describe}), none throttled; documented ${budget}`,
      {
        details: [`${this.#name} reports no remaining-budget figure; headroom is measured by not being throttled`],
      },
    );
  }
}
