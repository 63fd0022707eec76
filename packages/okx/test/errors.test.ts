import { type ErrorKind, isExchangeError } from '@exchange-adapters/core';
import type { EndpointDef, WireResponse } from '@exchange-adapters/core/adapter';
import nock from 'nock';
import { createOkxClassifier, OKX_ENDPOINTS, OKX_ERROR_CODES, OkxExchange } from '../src/index.js';
import { BASE_URL, CREDENTIALS, fixture, newExchange, ok, useNock } from './helpers.js';

const classify = createOkxClassifier({ region: 'global', demo: false });
const order = OKX_ENDPOINTS.placeOrder as EndpointDef;
const read = OKX_ENDPOINTS.balance as EndpointDef;

function wire(status: number, body: unknown): WireResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, headers: {}, text, body };
}

describe('OKX error table', () => {
  it.each<[string, ErrorKind]>([
    ['50001', 'ExchangeUnavailable'],
    ['50007', 'AccountRestricted'],
    ['50011', 'RateLimited'],
    ['50013', 'ExchangeUnavailable'],
    ['50014', 'BadRequest'],
    ['50020', 'AccountRestricted'],
    ['50030', 'PermissionDenied'],
    ['50035', 'IpNotAllowed'],
    ['50038', 'ExchangeError'],
    ['50061', 'RateLimited'],
    ['50071', 'InvalidOrder'],
    ['50101', 'AuthInvalid'],
    ['50102', 'TimestampExpired'],
    ['50103', 'AuthMissing'],
    ['50104', 'AuthMissing'],
    ['50105', 'AuthInvalid'],
    ['50110', 'IpNotAllowed'],
    ['50111', 'AuthInvalid'],
    ['50113', 'AuthInvalid'],
    ['50120', 'PermissionDenied'],
    ['51000', 'BadRequest'],
    ['51001', 'InvalidSymbol'],
    ['51004', 'InvalidOrder'],
    ['51008', 'InsufficientFunds'],
    ['51020', 'InvalidOrder'],
    ['51104', 'InvalidOrder'],
    ['51121', 'InvalidOrder'],
    ['51131', 'InsufficientFunds'],
    ['51203', 'InvalidOrder'],
    ['51400', 'OrderNotFound'],
    ['51502', 'InsufficientMargin'],
    ['51513', 'RateLimited'],
    ['51603', 'OrderNotFound'],
    ['54000', 'PermissionDenied'],
    ['58350', 'InsufficientFunds'],
    ['59102', 'BadRequest'],
    ['59106', 'InsufficientMargin'],
    ['4088', 'AccountRestricted'],
  ])('maps %s to %s', (code, kind) => {
    expect(OKX_ERROR_CODES[code]?.kind).toBe(kind);
    expect(classify(wire(200, { code, msg: 'm', data: [] }), read)?.kind).toBe(kind);
  });

  it('holds REST codes only: the WebSocket-only codes (60xxx, 63999, 64xxx) are the streams table', () => {
    expect(Object.keys(OKX_ERROR_CODES).filter((code) => /^6[0-4]\d{3}$/.test(code))).toEqual([]);
    expect(Object.keys(OKX_ERROR_CODES).length).toBeGreaterThan(200);
  });

  it('marks 50004, 51149, 51054 and 51412 as outcome unknown, and ordinary refusals not', () => {
    for (const code of ['50004', '51149', '51054', '51412']) {
      expect(classify(wire(200, { code, msg: 'timeout', data: [] }), order)).toMatchObject({
        kind: 'ExchangeUnavailable',
        outcomeUnknown: true,
      });
    }
    expect(classify(wire(200, { code: '51121', msg: 'lot', data: [] }), order)?.outcomeUnknown).toBeFalsy();
  });

  it('maps the legacy OKEx v3 codes the seed guides quote', () => {
    const v3 = (code: number) => classify(wire(401, { code, message: 'legacy' }), read);
    expect(v3(30001)).toMatchObject({ kind: 'AuthMissing', exchangeCode: '30001', exchangeMessage: 'legacy' });
    expect(v3(30006)?.kind).toBe('AuthInvalid');
    expect(v3(30008)?.kind).toBe('TimestampExpired');
    expect(v3(30012)?.kind).toBe('AuthInvalid');
    expect(classify(wire(400, { error_code: '32008', error_message: 'you may open extra 0 contracts' }), order)).toMatchObject({
      kind: 'InsufficientMargin',
      exchangeCode: '32008',
    });
    expect(v3(30008)?.hint).toContain('50102');
  });
});

describe('OKX classifier: body first, then status', () => {
  it('reads 50102 sent with HTTP 401 as TimestampExpired, not a generic auth error', () => {
    expect(classify(wire(401, { msg: 'Timestamp request expired', code: '50102' }), read)).toMatchObject({
      kind: 'TimestampExpired',
      exchangeCode: '50102',
      exchangeMessage: 'Timestamp request expired',
    });
    expect(classify(wire(401, { msg: 'Invalid OK-ACCESS-KEY', code: '50111' }), read)?.kind).toBe('AuthInvalid');
  });

  it('maps HTTP 429 to RateLimited with and without a body, and 50011 with HTTP 200', () => {
    expect(classify(wire(429, undefined), read)?.kind).toBe('RateLimited');
    expect(classify(wire(429, { msg: 'Too Many Requests', code: '50011' }), read)).toMatchObject({
      kind: 'RateLimited',
      exchangeCode: '50011',
    });
    expect(classify(wire(200, { msg: 'Rate limit reached.', code: '50011', data: [] }), read)?.kind).toBe('RateLimited');
    expect(classify(wire(429, { msg: 'busy', code: '50013' }), read)).toMatchObject({ kind: 'ExchangeUnavailable', retryable: true });
  });

  it('reads the recorded gateway 404 and 500 shapes (numeric code, object data)', () => {
    expect(classify(wire(404, fixture('error-http-404').response), read)).toMatchObject({
      kind: 'BadRequest',
      exchangeCode: '404',
      exchangeMessage: 'Not Found',
    });
    expect(classify(wire(500, fixture('error-http-500').response), order)).toMatchObject({
      kind: 'ExchangeUnavailable',
      exchangeCode: '500',
      outcomeUnknown: true,
    });
  });

  it('reads the recorded 4088 KYC refusal as AccountRestricted', () => {
    const spec = classify(wire(200, fixture('error-kyc-4088').response), order);
    expect(spec).toMatchObject({ kind: 'AccountRestricted', exchangeCode: '4088' });
    expect(spec?.exchangeMessage).toContain('verified your identity');
  });

  it('reads top-level "1" through the item sCode, and 51008 sub-codes 1001/1003 as InsufficientMargin', () => {
    const failed = (sCode: string, subCode?: string) =>
      classify(
        wire(200, { code: '1', msg: 'All operations failed', data: [{ ordId: '', clOrdId: 'a1', sCode, sMsg: 'Insufficient', subCode }] }),
        order,
      );
    expect(failed('51008', '1001')).toMatchObject({ kind: 'InsufficientMargin', exchangeCode: '51008', exchangeMessage: 'Insufficient' });
    expect(failed('51008', '1003')?.kind).toBe('InsufficientMargin');
    expect(failed('51008', '1000')?.kind).toBe('InsufficientFunds');
    expect(failed('51008')?.kind).toBe('InsufficientFunds');
    expect(failed('51400')?.kind).toBe('OrderNotFound');
  });

  it('leaves per-item codes of batch endpoints to the adapter (top-level "1" and "2")', () => {
    const items = [
      { ordId: '1', sCode: '0', sMsg: '' },
      { ordId: '', sCode: '51121', sMsg: 'lot' },
    ];
    expect(classify(wire(200, { code: '2', msg: '', data: items }), OKX_ENDPOINTS.batchOrders as EndpointDef)).toBeUndefined();
    expect(classify(wire(200, { code: '1', msg: '', data: items }), OKX_ENDPOINTS.batchCancel as EndpointDef)).toBeUndefined();
    expect(classify(wire(200, { code: '50011', msg: '', data: [] }), OKX_ENDPOINTS.batchOrders as EndpointDef)?.kind).toBe('RateLimited');
  });

  it('keeps an unknown code and its message on a plain ExchangeError', () => {
    expect(classify(wire(200, { code: '99999', msg: 'something new', data: [] }), read)).toMatchObject({
      kind: 'ExchangeError',
      exchangeCode: '99999',
      exchangeMessage: 'something new',
    });
    expect(classify(wire(200, { code: '0', msg: '', data: [] }), read)).toBeUndefined();
  });

  it('names the other environments when a key belongs elsewhere (50101)', () => {
    const eea = createOkxClassifier({ region: 'eea', demo: false });
    const hint = eea(wire(401, { code: '50101', msg: 'APIKey does not match current environment.' }), read)?.hint ?? '';
    expect(hint).toContain('https://eea.okx.com');
    expect(hint).toContain("region: 'global'");
    expect(hint).toContain('www.okx.com');
    expect(hint).toContain("region: 'us'");
    expect(hint).toContain('demo: true');
    const demo = createOkxClassifier({ region: 'global', demo: true })(wire(401, { code: '50101', msg: '' }), read)?.hint ?? '';
    expect(demo).toContain('demo: false');
  });
});

describe('errors on the wire', () => {
  useNock();

  it('surfaces 50102 with HTTP 401 as TimestampExpired when clock sync is off', async () => {
    nock(BASE_URL).get('/api/v5/account/balance').reply(401, { msg: 'Timestamp request expired', code: '50102' });
    nock(BASE_URL).get('/api/v5/public/time').reply(200, fixture('time').response);
    const exchange = newExchange();
    const error = await exchange.fetchBalance().catch((e: unknown) => e);
    expect(isExchangeError(error, 'TimestampExpired')).toBe(true);
    expect(error).toMatchObject({ httpStatus: 401, exchangeCode: '50102' });
    await exchange.close();
  });

  it('re-syncs the clock after 50102 and retries once', async () => {
    const serverTime = 1_712_250_348_676;
    nock(BASE_URL)
      .get('/api/v5/public/time')
      .times(6)
      .reply(200, ok([{ ts: String(serverTime) }]));
    nock(BASE_URL).get('/api/v5/account/balance').reply(401, { msg: 'Timestamp request expired', code: '50102' });
    nock(BASE_URL).get('/api/v5/account/balance').reply(200, fixture('balance-docs').response);
    const exchange = new OkxExchange({ baseUrl: BASE_URL, ...CREDENTIALS, retry: false, clockSync: true, now: () => serverTime - 45_000 });
    const syncs: string[] = [];
    exchange.on('clockSync', (event) => syncs.push(event.reason));
    const balances = await exchange.fetchBalance();
    expect(balances.assets.USDT?.total).toBe(4992.890093622894);
    expect(syncs).toEqual(['initial', 'timestamp-expired']);
    await exchange.close();
  });

  it.each<[number, unknown, ErrorKind]>([
    [429, '', 'RateLimited'],
    [429, { msg: 'Too Many Requests', code: '50011' }, 'RateLimited'],
    [401, { msg: 'Invalid OK-ACCESS-KEY', code: '50111' }, 'AuthInvalid'],
    [401, { msg: 'IP not whitelisted', code: '50110' }, 'IpNotAllowed'],
    [200, { msg: 'no permission', code: '50120', data: [] }, 'PermissionDenied'],
    [503, { msg: 'Service temporarily unavailable', code: '50001' }, 'ExchangeUnavailable'],
    [502, '<html>Bad Gateway</html>', 'ExchangeUnavailable'],
    [404, fixture('error-http-404').response, 'BadRequest'],
    [500, fixture('error-http-500').response, 'ExchangeUnavailable'],
  ])('HTTP %s %j → %s', async (status, body, kind) => {
    nock(BASE_URL)
      .get('/api/v5/account/balance')
      .reply(status, body as string);
    const exchange = newExchange();
    const error = await exchange.fetchBalance().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind, httpStatus: status });
    expect(isExchangeError(error, kind)).toBe(true);
    await exchange.close();
  });

  it('refuses to sign without a passphrase, before anything is sent', async () => {
    const exchange = new OkxExchange({ baseUrl: BASE_URL, apiKey: CREDENTIALS.apiKey, secret: CREDENTIALS.secret, clockSync: false });
    const sent: string[] = [];
    exchange.on('request', (event) => sent.push(event.path));
    await expect(exchange.fetchBalance()).rejects.toMatchObject({ kind: 'AuthMissing' });
    expect(sent).toEqual([]);
    await exchange.close();
  });
});
