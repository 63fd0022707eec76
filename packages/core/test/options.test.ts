/**
 * Options are checked when the exchange is made: a wrong one is BadRequest naming it, before any
 * request, instead of a silently disabled deadline, a live host or throttling to nothing.
 */
import { inspect } from 'node:util';
import { MemoryRateLimitStore } from '../src/adapter.js';
import { type ExchangeOptions, isExchangeError } from '../src/index.js';
import { TestExchange } from './support/test-exchange.js';

function refusal(options: unknown): { kind: string; message: string; text: string } {
  try {
    new TestExchange(options as ExchangeOptions);
  } catch (error) {
    if (!isExchangeError(error)) throw error;
    return { kind: error.kind, message: error.message, text: `${error.message}\n${JSON.stringify(error)}\n${inspect(error)}` };
  }
  throw new Error('expected the options to be refused');
}

describe('exchange options', () => {
  it.each<[string, unknown, RegExp]>([
    ['a string instead of an object', 'http://127.0.0.1:8080', /options must be an object, got a string/],
    ['an array', [], /options must be an object/],
    ['null', null, /options must be an object/],
    ['timeoutMs 0 (it would disable the deadline)', { timeoutMs: 0 }, /timeoutMs/],
    ['timeoutMs -1', { timeoutMs: -1 }, /timeoutMs/],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }, /timeoutMs/],
    ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }, /timeoutMs/],
    ['timeoutMs above ten minutes', { timeoutMs: 600_001 }, /timeoutMs/],
    ['timeoutMs as a string', { timeoutMs: '5000' }, /timeoutMs/],
    ['a baseUrl that is not a URL', { baseUrl: 'not a url' }, /baseUrl is not a valid URL/],
    ['an ftp baseUrl', { baseUrl: 'ftp://127.0.0.1' }, /baseUrl must use http: or https:/],
    ['a baseUrl with a query', { baseUrl: 'http://127.0.0.1:8080/?x=1' }, /baseUrl must not have a query/],
    ['a wsUrl with http', { wsUrl: 'http://127.0.0.1:8080' }, /wsUrl must use ws: or wss:/],
    ['utilization 0', { rateLimit: { utilization: 0 } }, /rateLimit\.utilization/],
    ['utilization NaN', { rateLimit: { utilization: Number.NaN } }, /rateLimit\.utilization/],
    ['utilization above 1', { rateLimit: { utilization: 1.5 } }, /rateLimit\.utilization/],
    ['a store without reserve()', { rateLimit: { store: {} } }, /rateLimit\.store\.reserve/],
    ['an unknown rateLimit field', { rateLimit: { burst: 3 } }, /rateLimit has an unknown field "burst"/],
    ['retry maxAttempts 0', { retry: { maxAttempts: 0 } }, /retry\.maxAttempts/],
    ['a retry policy field misspelt', { retry: { maxAttempt: 2 } }, /Did you mean maxAttempts\?/],
    ['a misspelt option', { timeout: 5000 }, /unknown field "timeout".*Did you mean timeoutMs\?/],
    ['a transport without send()', { transport: {} }, /transport\.send/],
    ['a logger whose warn is not a function', { logger: { warn: 'yes' } }, /logger\.warn/],
    ['demo as a string', { demo: 'true' }, /demo must be true or false/],
    ['an unknown region', { region: 'asia' }, /region must be one of/],
  ])('refuses %s', (_case, options, message) => {
    const refused = refusal(options);
    expect(refused.kind).toBe('BadRequest');
    expect(refused.message).toMatch(message);
  });

  it('never shows a credential value in the refusal, only its field and type', () => {
    const numericKey = refusal({ apiKey: 918_273_645_546_372 });
    expect(numericKey.message).toMatch(/apiKey must be a string, got a number/);
    expect(numericKey.text).not.toContain('918273645546372');
    const urlWithPassword = refusal({ baseUrl: 'http://user:Hunter2Secret@127.0.0.1:8080' });
    expect(urlWithPassword.message).toMatch(/must not carry a user name or password/);
    expect(urlWithPassword.text).not.toContain('Hunter2Secret');
    const brokenUrl = refusal({ baseUrl: 'http://[Hunter2Secret' });
    expect(brokenUrl.text).not.toContain('Hunter2Secret');
  });

  it('accepts every documented option, and leaves undefined ones out', async () => {
    const exchange = new TestExchange({
      apiKey: 'k-123456',
      secret: 's-123456',
      passphrase: undefined,
      baseUrl: 'https://proxy.example/okx/',
      wsUrl: 'wss://proxy.example',
      demo: false,
      region: 'eea',
      timeoutMs: 2500,
      clockSync: false,
      rateLimit: { store: new MemoryRateLimitStore(), maxConcurrency: 4, utilization: 0.8 },
      retry: { maxAttempts: 2, baseDelayMs: 50, budgetRefillPerSecond: 20 },
      validateResponses: true,
      logger: { warn: () => {} },
      now: Date.now,
    });
    expect(exchange.toJSON()).toMatchObject({ id: 'testex', baseUrl: 'https://proxy.example/okx/' });
    await exchange.close();
    const bare = new TestExchange();
    await bare.close();
  });
});
