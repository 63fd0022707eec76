import nock from 'nock';
import { OkxExchange, okxRestHost, okxWsUrls } from '../src/index.js';
import { CREDENTIALS, fixture, ok, useNock } from './helpers.js';

useNock();

describe('environments', () => {
  it('talks to www.okx.com by default, without the demo header', async () => {
    const scope = nock('https://www.okx.com', { badheaders: ['x-simulated-trading'] })
      .get('/api/v5/public/time')
      .reply(200, fixture('time').response);
    const exchange = new OkxExchange({ clockSync: false });
    await expect(exchange.fetchTime()).resolves.toBe(1712250348676);
    expect(scope.isDone()).toBe(true);
    await exchange.close();
  });

  it('sends x-simulated-trading: 1 to the demo host when demo is on', async () => {
    const scope = nock('https://openapi.okx.com', { reqheaders: { 'x-simulated-trading': '1' } })
      .get('/api/v5/account/balance')
      .reply(200, ok([]));
    const exchange = new OkxExchange({ ...CREDENTIALS, demo: true, clockSync: false });
    await exchange.fetchBalance();
    expect(scope.isDone()).toBe(true);
    expect(exchange.wsUrls.private).toBe('wss://wspap.okx.com:8443/ws/v5/private');
    await exchange.close();
  });

  it('uses the regional hosts for eea and us, and baseUrl replaces them all', async () => {
    expect(okxRestHost({ region: 'eea', demo: false })).toBe('https://eea.okx.com');
    expect(okxRestHost({ region: 'us', demo: false })).toBe('https://us.okx.com');
    expect(okxWsUrls({ region: 'eea', demo: true }).public).toBe('wss://wseeapap.okx.com:8443/ws/v5/public');
    expect(okxWsUrls({ region: 'us', demo: false }, 'ws://127.0.0.1:9000/').business).toBe('ws://127.0.0.1:9000/ws/v5/business');
    expect(okxWsUrls({ region: 'global', demo: true }, { private: 'ws://127.0.0.1:9001/p' })).toEqual({
      public: 'wss://wspap.okx.com:8443/ws/v5/public',
      private: 'ws://127.0.0.1:9001/p',
      business: 'wss://wspap.okx.com:8443/ws/v5/business',
    });
    const eea = nock('https://eea.okx.com').get('/api/v5/public/time').reply(200, fixture('time').response);
    const regional = new OkxExchange({ region: 'eea', clockSync: false });
    await regional.fetchTime();
    expect(eea.isDone()).toBe(true);
    const proxy = nock('http://127.0.0.1:8080', { reqheaders: { 'x-simulated-trading': '1' } })
      .get('/api/v5/public/time')
      .reply(200, fixture('time').response);
    const viaProxy = new OkxExchange({ region: 'us', demo: true, baseUrl: 'http://127.0.0.1:8080/', clockSync: false });
    await viaProxy.fetchTime();
    expect(proxy.isDone()).toBe(true);
    await regional.close();
    await viaProxy.close();
  });

  it('refuses an unknown region', () => {
    expect(() => new OkxExchange({ region: 'asia' as 'global' })).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
  });
});
