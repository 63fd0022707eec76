import { ERROR_KINDS } from '@exchange-adapters/core';
import type { EndpointDef } from '@exchange-adapters/core/adapter';
import { ENDPOINTS } from '../src/endpoints.js';
import { classifyResponse, errorSpecForCode, FUTURES_ERRORS, REST_ERRORS, SPOT_ERRORS, SPOT_TRADE_ERRORS } from '../src/errors.js';
import { fixture } from './fixtures.js';

const wire = (body: unknown, status = 200, text = JSON.stringify(body)) => ({ status, headers: {}, text, body });
const read: EndpointDef = ENDPOINTS.order_info;
const create: EndpointDef = ENDPOINTS.trade;

describe('v1 error tables (protocols/okex-v1.md §5)', () => {
  it('cover the documented ranges, with only taxonomy kinds', () => {
    const codes = Object.keys(REST_ERRORS).map(Number);
    expect(
      Object.keys(SPOT_ERRORS)
        .map(Number)
        .every((code) => code >= 10000 && code <= 10216),
    ).toBe(true);
    expect(
      Object.keys(SPOT_TRADE_ERRORS)
        .map(Number)
        .every((code) => code >= 1002 && code <= 1218),
    ).toBe(true);
    expect(
      Object.keys(FUTURES_ERRORS)
        .map(Number)
        .every((code) => code >= 20001 && code <= 21026),
    ).toBe(true);
    expect(codes.length).toBe(Object.keys(SPOT_ERRORS).length + Object.keys(SPOT_TRADE_ERRORS).length + Object.keys(FUTURES_ERRORS).length);
    expect(Object.values(REST_ERRORS).every((entry) => ERROR_KINDS.includes(entry.kind))).toBe(true);
    // The note's AccountFrozen is core's AccountRestricted; no v1 code is TimestampExpired (§5).
    expect(Object.values(REST_ERRORS).some((entry) => entry.kind === 'TimestampExpired')).toBe(false);
  });

  it.each([
    [10000, 'BadRequest'],
    [10001, 'RateLimited'],
    [10002, 'ExchangeUnavailable'],
    [10005, 'AuthInvalid'],
    [10006, 'AuthInvalid'],
    [10007, 'AuthInvalid'],
    [10009, 'OrderNotFound'],
    [10010, 'InsufficientFunds'],
    [10011, 'InvalidOrder'],
    [10016, 'InsufficientFunds'],
    [10017, 'PermissionDenied'],
    [10100, 'AccountRestricted'],
    [10106, 'AuthInvalid'],
    [1002, 'InsufficientFunds'],
    [1003, 'InvalidOrder'],
    [1007, 'InvalidSymbol'],
    [1009, 'OrderNotFound'],
    [1014, 'AuthMissing'],
    [1019, 'ExchangeError'],
    [1048, 'AccountRestricted'],
    [1218, 'ExchangeUnavailable'],
    [20002, 'AccountRestricted'],
    [20007, 'BadRequest'],
    [20008, 'InsufficientMargin'],
    [20012, 'InsufficientMargin'],
    [20015, 'OrderNotFound'],
    [20019, 'IpNotAllowed'],
    [20024, 'AuthInvalid'],
    [20028, 'InvalidSymbol'],
    [20029, 'InsufficientFunds'],
    [20049, 'RateLimited'],
    [21025, 'InsufficientMargin'],
  ])('maps %i to %s', (code, kind) => {
    expect(errorSpecForCode(code)).toMatchObject({ kind, exchangeCode: String(code) });
  });

  it('explains 10007 and 20024 with the sorted-parameter MD5 recipe', () => {
    for (const code of [10007, 20024]) {
      const spec = errorSpecForCode(code);
      expect(spec.hint).toMatch(/sorted by name/);
      expect(spec.hint).toMatch(/secret_key/);
      expect(spec.hint).toMatch(/MD5/);
    }
  });

  it('says keys are bound to their site for 10006/10106', () => {
    expect(errorSpecForCode(10106).hint).toMatch(/bound to the site/);
  });

  it('keeps an unknown code as a plain ExchangeError with the code', () => {
    expect(errorSpecForCode(99999)).toMatchObject({ kind: 'ExchangeError', exchangeCode: '99999' });
  });

  it('marks system errors on an order call as outcome unknown, not on reads', () => {
    expect(errorSpecForCode(10002, create).outcomeUnknown).toBe(true);
    expect(errorSpecForCode(20014, ENDPOINTS.future_trade).outcomeUnknown).toBe(true);
    expect(errorSpecForCode(10002, read).outcomeUnknown).toBeUndefined();
    expect(errorSpecForCode(10010, create).outcomeUnknown).toBeUndefined();
  });
});

describe('classifyResponse', () => {
  it('reads {result:false,error_code} with HTTP 200', () => {
    expect(classifyResponse(wire({ result: false, error_code: 10007 }), read)).toMatchObject({
      kind: 'AuthInvalid',
      exchangeCode: '10007',
    });
  });

  it('reads the key order {error_code, result:false} (spot-funds_transfer-error)', () => {
    expect(classifyResponse(wire(fixture('spot-funds_transfer-error')), read)).toMatchObject({
      kind: 'InsufficientFunds',
      exchangeCode: '20029',
    });
  });

  it('reads a bare {error_code} from a public GET', () => {
    expect(classifyResponse(wire({ error_code: 1007 }), ENDPOINTS.depth)).toMatchObject({ kind: 'InvalidSymbol', exchangeCode: '1007' });
  });

  it('does not treat per-item error codes of a successful batch as a failure', () => {
    expect(classifyResponse(wire(fixture('spot-batch_trade')), ENDPOINTS.batch_trade)).toBeUndefined();
    expect(classifyResponse(wire(fixture('spot-cancel_order-batch')), ENDPOINTS.cancel_order)).toBeUndefined();
    expect(classifyResponse(wire(fixture('spot-funds_transfer-ok')), read)).toBeUndefined();
  });

  it('leaves an all-failed batch (result:false, per-item codes) to the per-item mapping', () => {
    const body = {
      order_info: [
        { error_code: 10011, order_id: -1 },
        { error_code: 10014, order_id: -1 },
      ],
      result: false,
    };
    expect(classifyResponse(wire(body), ENDPOINTS.batch_trade)).toBeUndefined();
  });

  it('reads result:false without a code as an ExchangeError', () => {
    expect(classifyResponse(wire({ result: false }), read)).toMatchObject({ kind: 'ExchangeError' });
  });

  it('maps HTTP 403 without JSON to RateLimited (IP shielded), not IpNotAllowed', () => {
    const spec = classifyResponse(wire(undefined, 403, '<html>Forbidden</html>'), read);
    expect(spec).toMatchObject({ kind: 'RateLimited' });
    expect(spec?.message).toMatch(/IP shielded/);
  });

  it('leaves arrays and successes alone', () => {
    expect(classifyResponse(wire(fixture('spot-trades')), ENDPOINTS.trades)).toBeUndefined();
    expect(classifyResponse(wire(fixture('spot-ticker')), ENDPOINTS.ticker)).toBeUndefined();
  });
});
