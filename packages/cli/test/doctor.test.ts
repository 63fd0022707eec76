/**
 * Every doctor check against the real simulator, with each fault the simulator can stage: the
 * diagnosis must name that cause — one failing check — and nothing else.
 */
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import type { ExchangeId, Target } from '../src/connect.js';
import type { CheckId } from '../src/doctor/profiles.js';
import { type DoctorReport, runDoctor } from '../src/doctor/run.js';
import { credentialEnv, runCli, simTarget } from './helpers.js';

let sim: Simulator;

beforeAll(async () => {
  // The simulator's own rate limits are off so that many doctor runs in a row are not throttled;
  // the rate-limit check is staged with injected 429 replies instead.
  sim = await startSimulator({ port: 0, seed: 7, okxRegions: true, rateLimits: false });
});
afterAll(() => sim.close());
afterEach(() => {
  sim.faults.clear();
  sim.clock.setSkewMs(0);
});

const statuses = (report: DoctorReport) => Object.fromEntries(report.checks.map((check) => [check.id, check.status]));

/** Exactly one check fails — `id` — with a summary naming the cause; nothing warns. */
function expectOnlyCause(report: DoctorReport, id: CheckId, cause: RegExp): void {
  const failed = report.checks.filter((check) => check.status === 'fail');
  expect(failed.map((check) => check.id)).toEqual([id]);
  expect(failed[0]?.summary).toMatch(cause);
  expect(failed[0]?.fix).toEqual(expect.any(String));
  expect(report.checks.filter((check) => check.status === 'warn')).toEqual([]);
  expect(report.ok).toBe(false);
}

async function doctor(
  exchange: ExchangeId,
  credentials: Parameters<typeof simTarget>[2],
  flags: Parameters<typeof simTarget>[3] = {},
  adjust?: (target: Target) => void,
) {
  const target = await simTarget(sim, exchange, credentials, flags);
  adjust?.(target);
  const before = sim.stats(exchange).ordersPlaced;
  const report = await runDoctor(target, { env: {} });
  // Only reads: the doctor never places an order.
  expect(sim.stats(exchange).ordersPlaced).toBe(before);
  return report;
}

const ALL_CHECKS: CheckId[] = ['credentials', 'reach', 'clock', 'key', 'permissions', 'ip', 'environment', 'region', 'rate-limit'];

describe('doctor on OKX', () => {
  const key = () => sim.credentials.okx;

  it('passes every check, in order, with a healthy key', async () => {
    const report = await doctor('okx', key());
    expect(report.checks.map((check) => check.id)).toEqual(ALL_CHECKS);
    expect(statuses(report)).toEqual({
      credentials: 'pass',
      reach: 'pass',
      clock: 'pass',
      key: 'pass',
      permissions: 'pass',
      ip: 'pass',
      environment: 'pass',
      region: 'pass',
      'rate-limit': 'pass',
    });
    expect(report.ok).toBe(true);
  });

  it('names a wrong secret (50113) and nothing else', async () => {
    const report = await doctor('okx', { ...key(), secret: 'A'.repeat(32) });
    expectOnlyCause(report, 'key', /secret is wrong.*50113/);
    expect(statuses(report)).toMatchObject({ permissions: 'skip', ip: 'skip', environment: 'skip', region: 'skip', 'rate-limit': 'pass' });
  });

  it('names a wrong passphrase (50105) and nothing else', async () => {
    expectOnlyCause(await doctor('okx', { ...key(), passphrase: 'NotTheOne1' }), 'key', /passphrase is wrong.*50105/);
  });

  it('names a key OKX does not know (50111)', async () => {
    expectOnlyCause(
      await doctor('okx', { ...key(), apiKey: '00000000-0000-4000-8000-000000000000' }),
      'key',
      /does not know this API key.*50111/,
    );
  });

  it('names a read-only key from the perm field of account/config', async () => {
    const report = await doctor('okx', sim.readOnlyCredentials.okx);
    expectOnlyCause(report, 'permissions', /read-only.*"read_only"/);
    expect(statuses(report).key).toBe('pass');
  });

  it('accepts the read-only key when the program only reads (--need read)', async () => {
    const target = await simTarget(sim, 'okx', sim.readOnlyCredentials.okx);
    const report = await runDoctor(target, { need: 'read' });
    expect(report.ok).toBe(true);
  });

  it('names an IP outside the whitelist (50110), with the IP OKX saw', async () => {
    const report = await doctor('okx', sim.ipRestrictedCredentials.okx);
    expectOnlyCause(report, 'ip', /IP \(127\.0\.0\.1, as OKX sees it\) is not on the key's whitelist/);
    expect(statuses(report).key).toBe('skip');
  });

  it('names a clock 45 s off, while clockSync keeps the signed checks working', async () => {
    sim.clock.setSkewMs(45_000);
    const report = await doctor('okx', key());
    expectOnlyCause(report, 'clock', /local clock is 4\d s behind OKX.*signing window ±30 s/);
    expect(statuses(report)).toMatchObject({ key: 'pass', permissions: 'pass', 'rate-limit': 'pass' });
  });

  it('names a demo-trading key used on the live environment (50101) and finds where it works', async () => {
    const report = await doctor('okx', sim.demoCredentials.okx);
    expectOnlyCause(report, 'environment', /demo-trading key, used for live trading/);
    expect(report.checks.find((check) => check.id === 'environment')?.fix).toMatch(/--demo/);
    // The rest is checked where the key does work.
    expect(statuses(report)).toMatchObject({ key: 'pass', permissions: 'pass', ip: 'pass', region: 'pass', 'rate-limit': 'pass' });
    expect(report.checks.find((check) => check.id === 'key')?.summary).toMatch(/accepted key …\w{4} for demo trading on www\.okx\.com/);
  });

  it('names a live key used with demo trading (the reverse)', async () => {
    expectOnlyCause(await doctor('okx', key(), { demo: true }), 'environment', /live key, used for demo trading/);
  });

  it('names a key made on the EEA site used on the global one (region mismatch)', async () => {
    const report = await doctor('okx', sim.okxRegionCredentials.eea, {}, (target) => {
      target.siteUrls = sim.okxRegionUrls;
    });
    expectOnlyCause(report, 'region', /created on my\.okx\.com \(EEA\), but requests went to www\.okx\.com/);
    expect(report.checks.find((check) => check.id === 'region')?.fix).toMatch(/--region eea/);
    expect(statuses(report)).toMatchObject({ key: 'pass', environment: 'pass', permissions: 'pass' });
  });

  it('passes the EEA key on the EEA site', async () => {
    const report = await doctor('okx', sim.okxRegionCredentials.eea, { region: 'eea' }, (target) => {
      target.siteUrls = sim.okxRegionUrls;
      target.baseUrl = sim.okxRegionUrls?.eea;
    });
    expect(report.ok).toBe(true);
  });

  it('says what it could not try when --base-url hides the other sites', async () => {
    const report = await doctor('okx', sim.okxRegionCredentials.us);
    expectOnlyCause(report, 'environment', /another environment.*did not accept it either/);
    expect(report.checks.find((check) => check.id === 'environment')?.details?.join(' ')).toMatch(/could not be tried/);
  });

  it('names throttling of the key’s reads as the rate-limit problem', async () => {
    sim.faults.set({ exchange: 'okx', path: '/api/v5/account/balance', rateLimitStormProbability: 1 });
    expectOnlyCause(await doctor('okx', key()), 'rate-limit', /throttled GET \/api\/v5\/account\/balance.*50011/);
  });

  it('names an unreachable origin and checks nothing that needs it', async () => {
    const closed = await startSimulator({ port: 0 });
    const url = closed.url;
    await closed.close();
    const report = await doctor('okx', key(), {}, (target) => {
      target.baseUrl = url;
    });
    expectOnlyCause(report, 'reach', /did not answer GET \/api\/v5\/public\/time.*NetworkError/);
    expect(statuses(report)).toMatchObject({ clock: 'skip', key: 'skip', permissions: 'skip', ip: 'skip', 'rate-limit': 'skip' });
  });

  it('without --base-url checks DNS and TLS of every OKX host, and names a name that does not resolve', async () => {
    const target = await simTarget(sim, 'okx', key(), { demo: true, region: 'eea' });
    target.baseUrl = undefined;
    const looked: string[] = [];
    const report = await runDoctor(target, {
      env: {},
      network: {
        lookup: async (host) => {
          looked.push(host);
          throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
        },
      },
    });
    // The REST and WebSocket hosts of OKX's EEA demo environment (protocols/okx-v5.md §1).
    expect(looked).toEqual(['eea.okx.com', 'wseeapap.okx.com']);
    expectOnlyCause(report, 'reach', /^DNS cannot resolve eea\.okx\.com \(ENOTFOUND\)$/);
    expect(report.checks.find((check) => check.id === 'reach')?.title).toBe('DNS and TLS');
    expect(statuses(report)).toMatchObject({ clock: 'skip', key: 'skip', 'rate-limit': 'skip' });
  });

  it.each([
    ['missing', { apiKey: undefined }, /apiKey is missing \(|apiKey is missing$/],
    ['whitespace', { secret: `${'B'.repeat(32)}\n` }, /secret has trailing whitespace \(from OKX_SECRET\)/],
    ['"undefined" text', { passphrase: 'undefined' }, /passphrase is the text "undefined" \(from OKX_PASSPHRASE\)/],
    ['wrong length', { apiKey: 'abc-123' }, /apiKey is 7 characters .* a UUID of 36 characters/],
    ['lower-case secret', { secret: 'b'.repeat(32) }, /secret has lower-case letters/],
  ])('names a credential format problem (%s) and sends no signed request', async (_name, change, cause) => {
    const credentials = { ...key(), ...change };
    const requests = sim.stats('okx').requests;
    const report = await doctor('okx', credentials);
    expectOnlyCause(report, 'credentials', cause);
    expect(statuses(report).key).toBe('skip');
    // reach, clock (3) and rate-limit (3) are public reads; nothing signed went out.
    expect(sim.stats('okx').requests - requests).toBe(7);
  });

  it('prints one line per check, the fix, and a diagnosis naming the one cause; exit status 1', async () => {
    const env = credentialEnv('okx', sim.readOnlyCredentials.okx);
    const result = await runCli(['doctor', 'okx', '--base-url', sim.url], { env });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => /^[✓✗!–] /.test(line))).toHaveLength(9);
    expect(lines.filter((line) => line.startsWith('✗ '))).toEqual([expect.stringMatching(/^✗ Permissions +the key is read-only/)]);
    expect(result.stdout).toMatch(/fix: enable Trade for this key/);
    expect(result.stdout).toMatch(/\n1 problem:\n {2}Permissions: the key is read-only/);
    // Secrets never reach the output.
    const { secret, passphrase, apiKey } = sim.readOnlyCredentials.okx;
    for (const value of [secret, passphrase, apiKey]) expect(result.stdout + result.stderr).not.toContain(value);
  });

  it('exits 0 with --json and a report every check is in', async () => {
    const result = await runCli(['doctor', 'okx', '--base-url', sim.url, '--json'], { env: credentialEnv('okx', key()) });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((check) => check.id)).toEqual(ALL_CHECKS);
  });
});

describe('doctor on WEEX', () => {
  const key = () => sim.credentials.weex;

  it('passes with a healthy key; permissions, demo and region are said not to apply', async () => {
    const report = await doctor('weex', key());
    expect(statuses(report)).toEqual({
      credentials: 'pass',
      reach: 'pass',
      clock: 'pass',
      key: 'pass',
      permissions: 'skip',
      ip: 'pass',
      environment: 'skip',
      region: 'skip',
      'rate-limit': 'pass',
    });
    expect(report.checks.find((check) => check.id === 'permissions')?.summary).toMatch(/reports no key permissions/);
    expect(report.ok).toBe(true);
  });

  it('names a wrong secret (-1047)', async () => {
    expectOnlyCause(await doctor('weex', { ...key(), secret: 'c'.repeat(64) }), 'key', /secret is wrong.*-1047/);
  });

  it('names a wrong passphrase (-1049)', async () => {
    expectOnlyCause(await doctor('weex', { ...key(), passphrase: 'wrong1' }), 'key', /passphrase is wrong.*-1049/);
  });

  it('names a key WEEX does not know (-1044)', async () => {
    expectOnlyCause(await doctor('weex', { ...key(), apiKey: `weex_${'0'.repeat(32)}` }), 'key', /does not know this API key.*-1044/);
  });

  it('names an IP outside the whitelist (-1056)', async () => {
    expectOnlyCause(await doctor('weex', sim.ipRestrictedCredentials.weex), 'ip', /not on the key's whitelist.*-1056/);
  });

  it('names a clock 45 s off', async () => {
    sim.clock.setSkewMs(45_000);
    expectOnlyCause(await doctor('weex', key()), 'clock', /local clock is 4\d s behind WEEX/);
  });

  it('cannot see a read-only key without an order, and says so instead of guessing', async () => {
    const report = await doctor('weex', sim.readOnlyCredentials.weex);
    expect(report.ok).toBe(true);
    expect(report.checks.find((check) => check.id === 'permissions')).toMatchObject({
      status: 'skip',
      summary: expect.stringMatching(/sends no order/),
    });
  });

  it('names throttling of the key’s reads', async () => {
    sim.faults.set({ exchange: 'weex', path: '/capi/v3/account/balance', rateLimitStormProbability: 1 });
    expectOnlyCause(await doctor('weex', key()), 'rate-limit', /throttled GET \/capi\/v3\/account\/balance/);
  });

  it('names a passphrase with characters WEEX does not allow', async () => {
    expectOnlyCause(
      await doctor('weex', { ...key(), passphrase: 'pass-phrase!' }),
      'credentials',
      /passphrase has characters WEEX does not use/,
    );
  });
});

describe('doctor on OKEx v1', () => {
  const key = () => sim.credentials['okex-v1'];

  it('passes with a healthy key; the clock does not apply (v1 signs no timestamp)', async () => {
    const report = await doctor('okex-v1', key());
    expect(statuses(report)).toEqual({
      credentials: 'pass',
      reach: 'pass',
      clock: 'skip',
      key: 'pass',
      permissions: 'skip',
      ip: 'pass',
      environment: 'skip',
      region: 'skip',
      'rate-limit': 'pass',
    });
  });

  it('is not affected by a clock 45 s off', async () => {
    sim.clock.setSkewMs(45_000);
    expect((await doctor('okex-v1', key())).ok).toBe(true);
  });

  it('names a wrong secret (10007)', async () => {
    expectOnlyCause(await doctor('okex-v1', { ...key(), secret: 'D'.repeat(32) }), 'key', /secret is wrong.*10007/);
  });

  it('names a key v1 does not know', async () => {
    expectOnlyCause(
      await doctor('okex-v1', { ...key(), apiKey: '00000000-0000-4000-8000-000000000000' }),
      'key',
      /does not know this API key/,
    );
  });

  it('names an IP outside the whitelist (10004)', async () => {
    expectOnlyCause(await doctor('okex-v1', sim.ipRestrictedCredentials['okex-v1']), 'ip', /not on the key's whitelist.*10004/);
  });

  it('names throttling of the key’s reads', async () => {
    sim.faults.set({ exchange: 'okex-v1', path: '/api/v1/order_info.do', rateLimitStormProbability: 1 });
    expectOnlyCause(await doctor('okex-v1', key()), 'rate-limit', /throttled POST \/api\/v1\/order_info\.do/);
  });

  it('names an apiKey and secret that were swapped', async () => {
    const { apiKey, secret } = key();
    expectOnlyCause(await doctor('okex-v1', { apiKey: secret, secret: apiKey }), 'credentials', /apiKey and secret are swapped/);
  });
});

describe('doctor --sim', () => {
  it('starts the embedded simulator, uses its keys and passes', async () => {
    const result = await runCli(['doctor', 'weex', '--sim']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/the embedded simulator/);
    expect(result.stdout).toMatch(/No problem found: 6 checks passed, 3 do not apply\./);
  });

  it('names the region when --region does not match where the key was made', async () => {
    // The embedded simulator runs with seed 1, so a simulator of seed 1 shows its keys.
    const reference = await startSimulator({ port: 0, seed: 1 });
    const { apiKey, secret, passphrase } = reference.credentials.okx;
    await reference.close();
    const result = await runCli([
      'doctor',
      'okx',
      '--sim',
      '--region',
      'us',
      '--api-key',
      apiKey,
      '--secret',
      secret,
      '--passphrase',
      passphrase,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('✗ '))).toEqual([
      expect.stringMatching(/^✗ Region +the key was created on www\.okx\.com, but requests went to app\.okx\.com \(US\)/),
    ]);
    expect(result.stdout).toMatch(/fix: use --region global/);
  });
});
