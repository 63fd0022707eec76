import { createExchange, isExchangeError } from '../src/index.js';

describe('createExchange', () => {
  it('refuses an unknown id with BadRequest listing the known ids', async () => {
    const error = await createExchange('binance' as never).catch((e: unknown) => e);
    expect(isExchangeError(error, 'BadRequest')).toBe(true);
    expect((error as { hint: string }).hint).toBe('Use one of: okx, weex, okex-v1.');
  });

  it('names the package to install when the adapter is missing', async () => {
    await jest.isolateModulesAsync(async () => {
      jest.doMock(
        '@exchange-adapters/weex',
        () => {
          throw Object.assign(new Error("Cannot find module '@exchange-adapters/weex' from 'create-exchange.ts'"), {
            code: 'MODULE_NOT_FOUND',
          });
        },
        { virtual: true },
      );
      const core = require('../src/index.ts') as typeof import('../src/index.js');
      const error = await core.createExchange('weex').catch((e: unknown) => e);
      expect(core.isExchangeError(error, 'NotSupported')).toBe(true);
      expect((error as { hint: string }).hint).toContain('npm install @exchange-adapters/weex');
    });
  });
});
