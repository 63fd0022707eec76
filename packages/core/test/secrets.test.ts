import { inspect } from 'node:util';
import fc from 'fast-check';
import { Redactor, secretForms } from '../src/adapter.js';
import { isExchangeError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

/** One seed, so every run checks the same cases; FC_SEED=<n> replays a reported seed, FC_SEED=random explores. */
fc.configureGlobal({ seed: process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED ?? 20261201) });

const SECRET_VALUES = Object.values(CREDENTIALS);

function expectNoSecrets(text: string): void {
  for (const value of SECRET_VALUES) expect(text).not.toContain(value);
}

describe('secrets', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('are absent from util.inspect and JSON of the exchange', async () => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    await exchange.fetchPrivateBalance();
    expectNoSecrets(inspect(exchange, { depth: 10, showHidden: true }));
    expectNoSecrets(JSON.stringify(exchange));
    expect(inspect(exchange)).toContain('credentials: [redacted]');
    await exchange.close();
  });

  it('are absent from emitted events and logs, although they were sent', async () => {
    const exchange = new TestExchange({
      ...CREDENTIALS,
      baseUrl: venue.url,
      logger: { debug: (m, d) => logs.push(m + JSON.stringify(d)), info: (m, d) => logs.push(m + JSON.stringify(d)) },
    });
    const logs: string[] = [];
    const events: unknown[] = [];
    for (const name of ['request', 'response', 'retry', 'rateLimit', 'clockSync'] as const)
      exchange.on(name, (event: unknown) => events.push(event));
    await exchange.fetchPrivateBalance();
    expect(venue.hits('GET /balance')[0]?.headers['x-key']).toBe(CREDENTIALS.apiKey);
    const privateRequest = events.find((e) => (e as { path?: string }).path === '/balance') as { headers: Record<string, string> };
    expect(privateRequest.headers['X-SIGN']).toBe('[redacted]');
    expectNoSecrets(inspect(events, { depth: 10 }));
    expectNoSecrets(logs.join('\n'));
    await exchange.close();
  });

  it('are masked in errors even when the exchange echoes them back', async () => {
    venue.route('GET /balance', (request) => ({
      status: 401,
      body: {
        code: 'SIGN',
        msg: `Invalid sign for key ${request.headers['x-key']} passphrase ${request.headers['x-passphrase']}`,
        data: [],
      },
    }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    const error = await exchange.fetchPrivateBalance().catch((e: unknown) => e);
    expect(isExchangeError(error, 'AuthInvalid')).toBe(true);
    expectNoSecrets(String((error as Error).message));
    expectNoSecrets(inspect(error, { depth: 10 }));
    expectNoSecrets(JSON.stringify(error));
    expect((error as { exchangeMessage: string }).exchangeMessage).toContain('[redacted]');
    await exchange.close();
  });
});

/** Credentials whose encoded forms differ from the raw text: percent, `+`, JSON escapes, base64. */
const AWKWARD = { apiKey: 'key 7f3a/9c+2e=1b', secret: 'S3cr3t"with\\quotes&amp;=', passphrase: 'Pass phrase!#%42' };
const AWKWARD_FORMS = Object.values(AWKWARD).flatMap(secretForms);

describe('encoded secrets', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('masks the passphrase an exchange echoes percent-encoded, form-encoded or in base64', async () => {
    venue.route('GET /balance', (request) => {
      const passphrase = String(request.headers['x-passphrase']);
      const echoed = [
        encodeURIComponent(passphrase),
        new URLSearchParams({ p: passphrase }).toString(),
        Buffer.from(`user:${passphrase}`).toString('base64'),
        encodeURIComponent(passphrase).toLowerCase(),
      ].join(' ');
      return { status: 401, body: { code: 'SIGN', msg: `bad passphrase ${echoed}`, data: [] } };
    });
    const exchange = new TestExchange({ ...AWKWARD, baseUrl: venue.url, clockSync: false });
    const error = await exchange.fetchPrivateBalance().catch((e: unknown) => e);
    expect(isExchangeError(error, 'AuthInvalid')).toBe(true);
    const text = `${(error as Error).message}\n${inspect(error, { depth: 10 })}\n${JSON.stringify(error)}`;
    for (const form of AWKWARD_FORMS) expect(text).not.toContain(form);
    await exchange.close();
  });

  it('masks credentials sent in a raw request’s query, as they appear percent-encoded in events and errors', async () => {
    venue.route('GET /echo', () => ({ status: 400, body: { code: 'X', msg: 'no', data: [] } }));
    const exchange = new TestExchange({ ...AWKWARD, baseUrl: venue.url, clockSync: false, retry: false });
    const events: unknown[] = [];
    exchange.on('request', (event) => events.push(event));
    const error = await exchange.request({ method: 'GET', path: '/echo', query: { note: AWKWARD.passphrase } }).catch((e: unknown) => e);
    expect(isExchangeError(error)).toBe(true);
    expect(venue.hits('GET /echo')[0]?.query.get('note')).toBe(AWKWARD.passphrase);
    const text = `${inspect(events, { depth: 10 })}\n${(error as Error).message}`;
    for (const form of AWKWARD_FORMS) expect(text).not.toContain(form);
    await exchange.close();
  });

  it('finds a secret in any base64 text that contains it, at any byte alignment', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 64 }),
        fc.uint8Array({ maxLength: 5 }),
        fc.uint8Array({ maxLength: 5 }),
        (secret, before, after) => {
          fc.pre(secret.trim().length >= 8);
          const redactor = new Redactor([secret]);
          const encoded = Buffer.concat([before, Buffer.from(secret), after]).toString('base64');
          expect(redactor.text(encoded)).toContain('[redacted]');
          expect(redactor.text(`x=${encodeURIComponent(secret)}&y=1`)).not.toContain(encodeURIComponent(secret));
          expect(redactor.text(JSON.stringify({ echo: secret }))).not.toContain(JSON.stringify(secret).slice(1, -1));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('credential preflight', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it.each([
    ['a missing passphrase', { passphrase: undefined }, 'AuthMissing', /passphrase is required/],
    ['a key with a trailing newline', { apiKey: `${CREDENTIALS.apiKey}\n` }, 'AuthInvalid', /apiKey has leading or trailing whitespace/],
    [
      'a key with a line break inside (a header injected after it)',
      { apiKey: `${CREDENTIALS.apiKey}\r\nX-Injected: 1` },
      'AuthInvalid',
      /apiKey contains a control character/,
    ],
    ['a passphrase with a NUL inside', { passphrase: 'pass\u0000phrase' }, 'AuthInvalid', /passphrase contains a control character/],
    ['the text "undefined"', { secret: 'undefined' }, 'AuthMissing', /secret is the text "undefined"/],
    ['the text "NaN"', { passphrase: 'NaN' }, 'AuthMissing', /passphrase is the text "NaN"/],
  ] as const)('refuses %s with a typed error and sends nothing', async (_label, override, kind, message) => {
    const exchange = new TestExchange({ ...CREDENTIALS, ...override, baseUrl: venue.url });
    const error = await exchange.fetchPrivateBalance().catch((e: unknown) => e);
    expect(isExchangeError(error, kind)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as { hint: string }).hint.length).toBeGreaterThan(10);
    expect(venue.requests).toHaveLength(0);
    await exchange.close();
  });

  it('lets public calls through without credentials', async () => {
    const exchange = new TestExchange({ baseUrl: venue.url });
    await expect(exchange.fetchTicker('BTC/USDT')).resolves.toMatchObject({ last: 60000.1 });
    await exchange.close();
  });
});
