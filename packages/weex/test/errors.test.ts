import type { ErrorKind } from '@exchange-adapters/core';
import type { EndpointDef, WireResponse } from '@exchange-adapters/core/adapter';
import { ENDPOINTS } from '../src/endpoints.js';
import { classifyResponse, errorSpecFor, WEEX_ERROR_CODES } from '../src/errors.js';
import { loadFixture } from './fixtures.js';

function wire(status: number, body: unknown, text = body === undefined ? '' : JSON.stringify(body)): WireResponse {
  return { status, headers: {}, text, body };
}

const GET: EndpointDef = ENDPOINTS.spotOrder;

describe('WEEX V3 error codes', () => {
  const cases: Array<[number, ErrorKind]> = [
    [-1000, 'ExchangeError'],
    [-1040, 'AuthMissing'],
    [-1041, 'AuthMissing'],
    [-1042, 'AuthMissing'],
    [-1043, 'TimestampExpired'],
    [-1044, 'AuthInvalid'],
    [-1045, 'BadRequest'],
    [-1046, 'TimestampExpired'],
    [-1047, 'AuthInvalid'],
    [-1049, 'AuthInvalid'],
    [-1050, 'AccountRestricted'],
    [-1051, 'PermissionDenied'],
    [-1052, 'PermissionDenied'],
    [-1053, 'PermissionDenied'],
    [-1054, 'ExchangeUnavailable'],
    [-1055, 'PermissionDenied'],
    [-1056, 'IpNotAllowed'],
    [-1057, 'AccountRestricted'],
    [-1058, 'PermissionDenied'],
    [-1115, 'InvalidOrder'],
    [-1116, 'InvalidOrder'],
    [-1117, 'InvalidOrder'],
    [-1121, 'InvalidSymbol'],
    [-1128, 'BadRequest'],
    [-1135, 'BadRequest'],
    [-1140, 'BadRequest'],
    [-1141, 'BadRequest'],
    [-1142, 'BadRequest'],
    [-1150, 'BadRequest'],
    [-1160, 'InvalidOrder'],
    [-1170, 'BadRequest'],
    [-1171, 'BadRequest'],
    [-1180, 'InvalidOrder'],
    [-1190, 'PermissionDenied'],
    [-2007, 'InvalidSymbol'],
    [-2200, 'OrderNotFound'],
    [-3006, 'InvalidOrder'],
    [-3007, 'InvalidOrder'],
    [-3200, 'OrderNotFound'],
    [-3235, 'PermissionDenied'],
    [-3236, 'PermissionDenied'],
    [-3313, 'BadRequest'],
    [-3613, 'ExchangeError'],
    [-4000, 'ExchangeUnavailable'],
    [-4002, 'PermissionDenied'],
  ];

  it.each(cases)('maps %i to %s from a {code, msg} body', (code, kind) => {
    const spec = classifyResponse(wire(400, { code, msg: 'some text' }), GET);
    expect(spec?.kind).toBe(kind);
    expect(spec?.exchangeCode).toBe(String(code));
    expect(spec?.exchangeMessage).toBe('some text');
    expect(spec?.hint).toMatch(/\w/);
  });

  it('maps -1150 from the recorded fixture (POST to a DELETE-only path)', () => {
    const fixture = loadFixture('error-method-not-supported');
    const spec = classifyResponse(wire(405, fixture.response), ENDPOINTS.spotBatchCancel);
    expect(spec).toMatchObject({ kind: 'BadRequest', exchangeCode: '-1150', exchangeMessage: "Request method 'POST' not supported" });
    expect(spec?.hint).toMatch(/DELETE/);
  });

  it('maps codes given as strings ("-1046") like numbers', () => {
    expect(classifyResponse(wire(400, { code: '-1046', msg: 'expired' }), GET)?.kind).toBe('TimestampExpired');
  });
});

describe('WEEX V1/V2 error codes', () => {
  const cases: Array<[string, ErrorKind]> = [
    ['40001', 'AuthMissing'],
    ['40002', 'AuthMissing'],
    ['40003', 'AuthMissing'],
    ['40004', 'TimestampExpired'],
    ['40005', 'TimestampExpired'],
    ['40006', 'AuthInvalid'],
    ['40007', 'BadRequest'],
    ['40008', 'TimestampExpired'],
    ['40009', 'AuthInvalid'],
    ['40010', 'ExchangeError'],
    ['40011', 'AuthMissing'],
    ['40012', 'AuthInvalid'],
    ['40013', 'AccountRestricted'],
    ['40014', 'PermissionDenied'],
    ['40015', 'ExchangeUnavailable'],
    ['40016', 'PermissionDenied'],
    ['40017', 'BadRequest'],
    ['40018', 'IpNotAllowed'],
    ['40102', 'InvalidSymbol'],
    ['40200', 'ExchangeUnavailable'],
    ['40305', 'InvalidOrder'],
    ['40409', 'BadRequest'],
    ['40704', 'BadRequest'],
    ['40707', 'BadRequest'],
    ['40724', 'BadRequest'],
    ['40725', 'ExchangeUnavailable'],
    ['40912', 'BadRequest'],
    ['40913', 'BadRequest'],
    ['41101', 'BadRequest'],
    ['42002', 'ExchangeError'],
    ['43001', 'OrderNotFound'],
    ['43002', 'InvalidOrder'],
    ['43003', 'InvalidOrder'],
    ['43004', 'OrderNotFound'],
    ['43005', 'InvalidOrder'],
    ['43006', 'InvalidOrder'],
    ['43007', 'InvalidOrder'],
    ['43008', 'InvalidOrder'],
    ['43009', 'InvalidOrder'],
    ['43010', 'InvalidOrder'],
    ['43011', 'BadRequest'],
    ['43012', 'InsufficientFunds'],
    ['429', 'RateLimited'],
  ];

  it.each(cases)('maps %s to %s from the V1 envelope', (code, kind) => {
    const spec = classifyResponse(wire(400, { code, msg: 'text', requestTime: 1764505776347, data: null }), GET);
    expect(spec?.kind).toBe(kind);
    expect(spec?.exchangeCode).toBe(code);
  });

  it('covers every code the issue lists, in both families', () => {
    const listed = [
      ...Array.from({ length: 18 }, (_, i) => String(40001 + i)),
      '40102',
      '40200',
      '40305',
      '40409',
      '40704',
      '40707',
      '40724',
      '40725',
      '40912',
      '40913',
      '41101',
      '42002',
      ...Array.from({ length: 12 }, (_, i) => String(43001 + i)),
      '429',
    ];
    for (const code of listed) expect(WEEX_ERROR_CODES[code]).toBeDefined();
  });

  it('treats the V1 success envelope "00000" and the V3 no-data envelope "200" as successes', () => {
    expect(classifyResponse(wire(200, { code: '00000', msg: 'success', requestTime: 1, data: {} }), GET)).toBeUndefined();
    expect(
      classifyResponse(wire(200, loadFixture('futures-set-margin-mode-weexnet').response), ENDPOINTS.contractLeverage),
    ).toBeUndefined();
    // Live capture: code and requestTime as strings.
    expect(classifyResponse(wire(200, loadFixture('futures-add-margin').response), ENDPOINTS.contractLeverage)).toBeUndefined();
  });
});

describe('WEEX error hints and message reading', () => {
  it('gives the issue’s kinds and hints for the auth family', () => {
    expect(errorSpecFor('40018', undefined)).toMatchObject({ kind: 'IpNotAllowed', hint: expect.stringMatching(/whitelist/) });
    expect(errorSpecFor('-1056', undefined)).toMatchObject({ kind: 'IpNotAllowed', hint: expect.stringMatching(/whitelist/) });
    for (const code of ['40006', '40012', '-1044', '-1049'])
      expect(errorSpecFor(code, undefined)).toMatchObject({ kind: 'AuthInvalid', hint: expect.stringMatching(/passphrase/) });
    for (const code of ['40014', '-1051', '-1052']) expect(errorSpecFor(code, undefined).kind).toBe('PermissionDenied');
    expect(errorSpecFor('-1052', undefined).hint).toMatch(/not tradable via the API/);
  });

  it('reads -1054 by its message: "not enough" is a funds failure, not an outage', () => {
    const margin = errorSpecFor('-1054', 'FAILED_PRECONDITION: Move margin available amount not enough. available=1.2');
    expect(margin.kind).toBe('InsufficientMargin');
    expect(margin.outcomeUnknown).toBeUndefined();
    const funds = errorSpecFor('-1054', 'FAILED_PRECONDITION: available amount not enough');
    expect(funds.kind).toBe('InsufficientFunds');
    const outage = errorSpecFor('-1054', 'System error, please retry later');
    expect(outage).toMatchObject({ kind: 'ExchangeUnavailable', outcomeUnknown: true });
  });

  it('does not let a message override a specific code', () => {
    expect(errorSpecFor('-1140', 'Either orderId or origClientOrderId must be sent. order not found').kind).toBe('BadRequest');
  });

  it('keeps an unknown code as a plain ExchangeError with code and message', () => {
    const spec = classifyResponse(wire(400, { code: -9999, msg: 'brand new failure' }), GET);
    expect(spec).toMatchObject({ kind: 'ExchangeError', exchangeCode: '-9999', exchangeMessage: 'brand new failure' });
  });
});

describe('WEEX classifier', () => {
  it('turns an empty HTTP 429 into RateLimited', () => {
    expect(classifyResponse(wire(429, undefined, ''), GET)).toMatchObject({ kind: 'RateLimited' });
  });

  it('keeps RateLimited for a 429 whose body carries another code', () => {
    expect(classifyResponse(wire(429, { code: -1054, msg: 'busy' }), GET)).toMatchObject({ kind: 'RateLimited', exchangeCode: '-1054' });
  });

  it('lets a success payload through', () => {
    expect(classifyResponse(wire(200, loadFixture('spot-time').response), ENDPOINTS.spotTime)).toBeUndefined();
    expect(classifyResponse(wire(200, loadFixture('futures-place-order-weexnet').response), ENDPOINTS.contractPlaceOrder)).toBeUndefined();
  });

  it('turns a futures success:false at HTTP 200 into the kind of its errorCode', () => {
    const spec = classifyResponse(
      wire(200, { orderId: '', clientOrderId: 'x', success: false, errorCode: '-3007', errorMessage: 'max quantity exceeded' }),
      ENDPOINTS.contractPlaceOrder,
    );
    expect(spec).toMatchObject({ kind: 'InvalidOrder', exchangeCode: '-3007', exchangeMessage: 'max quantity exceeded' });
  });

  it('reads an item error by message when the code is unknown', () => {
    const spec = classifyResponse(
      wire(200, { orderId: '1', success: false, errorCode: 'FAILED', errorMessage: 'insufficient balance' }),
      ENDPOINTS.contractPlaceOrder,
    );
    expect(spec?.kind).toBe('InsufficientFunds');
  });

  it('turns a spot cancel with status FAILED into OrderNotFound (protocol note §3.9 example)', () => {
    const spec = classifyResponse(
      wire(200, { orderId: 121231, status: 'FAILED', errorMsg: 'FAILED_ORDER_NOT_FOUND' }),
      ENDPOINTS.spotCancelOrder,
    );
    expect(spec).toMatchObject({ kind: 'OrderNotFound', exchangeMessage: 'FAILED_ORDER_NOT_FOUND' });
  });

  it('leaves a spot cancel with status CANCELED alone', () => {
    expect(classifyResponse(wire(200, { orderId: '1', status: 'CANCELED' }), ENDPOINTS.spotCancelOrder)).toBeUndefined();
  });
});
