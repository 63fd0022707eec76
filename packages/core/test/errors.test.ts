import {
  AuthenticationError,
  ERROR_KINDS,
  ExchangeError,
  InsufficientFunds,
  InsufficientMargin,
  isExchangeError,
  kindLineage,
  OrderNotFound,
  RateLimited,
  TimestampExpired,
} from '../src/index.js';

describe('error taxonomy', () => {
  it('carries every field and writes one line naming exchange, kind, code, message and hint', () => {
    const error = new TimestampExpired({
      exchange: 'okx',
      message: 'request rejected',
      exchangeCode: '50102',
      exchangeMessage: 'Timestamp request expired',
      httpStatus: 401,
      hint: 'Local clock is 41 s ahead of OKX (limit 30 s).',
      request: { method: 'GET', path: '/api/v5/account/balance' },
    });
    expect(error.message).toBe(
      '[okx] TimestampExpired (50102 "Timestamp request expired"): request rejected [GET /api/v5/account/balance]. Hint: Local clock is 41 s ahead of OKX (limit 30 s).',
    );
    expect(error.message).not.toContain('\n');
    expect(error).toMatchObject({ kind: 'TimestampExpired', exchange: 'okx', httpStatus: 401, retryable: true, name: 'TimestampExpired' });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toBeInstanceOf(ExchangeError);
  });

  it('knows retryable defaults per kind and lets the details override them', () => {
    expect(new RateLimited({ exchange: 'weex' }).retryable).toBe(true);
    expect(new InsufficientFunds({ exchange: 'weex' }).retryable).toBe(false);
    expect(new RateLimited({ exchange: 'weex', retryable: false }).retryable).toBe(false);
  });

  it('matches kinds and their ancestors', () => {
    const error = new InsufficientMargin({ exchange: 'okx' });
    expect(isExchangeError(error, 'InsufficientMargin')).toBe(true);
    expect(isExchangeError(error, 'InsufficientFunds')).toBe(true);
    expect(isExchangeError(error, 'ExchangeError')).toBe(true);
    expect(isExchangeError(error, 'InvalidOrder')).toBe(false);
    expect(isExchangeError(new Error('plain'))).toBe(false);
    expect(isExchangeError({ kind: 'RateLimited', exchange: 'x' })).toBe(false);
    expect(kindLineage('OrderNotFound')).toEqual(['OrderNotFound', 'InvalidOrder', 'ExchangeError']);
    expect(ERROR_KINDS).toHaveLength(20);
  });

  it('works across two loaded copies of core, where instanceof does not', () => {
    let copyA: typeof import('../src/index.js') | undefined;
    let copyB: typeof import('../src/index.js') | undefined;
    jest.isolateModules(() => {
      copyA = require('../src/index.ts');
    });
    jest.isolateModules(() => {
      copyB = require('../src/index.ts');
    });
    if (!copyA || !copyB) throw new Error('modules not loaded');
    expect(copyA.OrderNotFound).not.toBe(copyB.OrderNotFound);
    const thrownByA = new copyA.OrderNotFound({ exchange: 'weex', exchangeCode: '-2013' });
    expect(thrownByA instanceof copyB.OrderNotFound).toBe(false);
    expect(copyB.isExchangeError(thrownByA, 'OrderNotFound')).toBe(true);
    expect(copyB.isExchangeError(thrownByA, 'InvalidOrder')).toBe(true);
    expect(copyB.isExchangeError(thrownByA, 'RateLimited')).toBe(false);
    expect(isExchangeError(thrownByA)).toBe(true);
    expect(thrownByA instanceof OrderNotFound).toBe(false);
  });

  it('serialises to JSON with its facts and no stack', () => {
    const json = new RateLimited({ exchange: 'okx', retryAfterMs: 2000, exchangeCode: '50011' }).toJSON();
    expect(json).toMatchObject({ kind: 'RateLimited', retryAfterMs: 2000, exchangeCode: '50011' });
    expect(json).not.toHaveProperty('stack');
  });
});
