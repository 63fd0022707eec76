import { type Simulator, startSimulator } from '../src/index.js';
import { okx } from './helpers.js';

// protocols/okx-v5.md §1.1–1.2: a key works only on the site and environment (live or demo) it was
// created for; anything else answers 50101 "APIKey does not match current environment".
describe('OKX keys are bound to their environment', () => {
  let sim: Simulator;
  const DEMO = { 'x-simulated-trading': '1' };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, okxRegions: true });
  });
  afterAll(() => sim.close());

  it('accepts a demo-trading key only with x-simulated-trading: 1', async () => {
    const credentials = sim.demoCredentials.okx;
    const live = await okx(sim, 'GET', '/api/v5/account/config', { credentials });
    expect([live.status, live.body.code, live.body.msg]).toEqual([401, '50101', 'APIKey does not match current environment.']);
    const demo = await okx(sim, 'GET', '/api/v5/account/config', { credentials, headers: DEMO });
    expect([demo.status, demo.body.code]).toEqual([200, '0']);
  });

  it('refuses a live key sent with the demo header', async () => {
    const reply = await okx(sim, 'GET', '/api/v5/account/balance', { headers: DEMO });
    expect([reply.status, reply.body.code]).toEqual([401, '50101']);
  });

  it('serves each site on its own origin and accepts a key only on the site that made it', async () => {
    const urls = sim.okxRegionUrls;
    if (!urls) throw new Error('okxRegions: true gives okxRegionUrls');
    expect(urls.global).toBe(sim.url);
    expect(new Set(Object.values(urls)).size).toBe(3);
    const eeaKey = sim.okxRegionCredentials.eea;
    const onGlobal = await okx(sim, 'GET', '/api/v5/account/config', { credentials: eeaKey });
    expect(onGlobal.body.code).toBe('50101');
    const onEea = await okx(sim, 'GET', '/api/v5/account/config', { credentials: eeaKey, origin: urls.eea });
    expect(onEea.body.code).toBe('0');
    const globalKeyOnUs = await okx(sim, 'GET', '/api/v5/account/config', { origin: urls.us });
    expect(globalKeyOnUs.body.code).toBe('50101');
    const usKeyOnUs = await okx(sim, 'GET', '/api/v5/account/config', { credentials: sim.okxRegionCredentials.us, origin: urls.us });
    expect(usKeyOnUs.body.code).toBe('0');
  });

  it('checks the environment before the passphrase, as a key of another environment has none here', async () => {
    const credentials = { ...sim.demoCredentials.okx, passphrase: 'wrong' };
    const reply = await okx(sim, 'GET', '/api/v5/account/config', { credentials });
    expect(reply.body.code).toBe('50101');
  });

  it('gives the same keys for a seed with or without okxRegions, and no extra listener by default', async () => {
    const plain = await startSimulator({ port: 0, seed: 5 });
    try {
      expect(plain.credentials).toEqual(sim.credentials);
      expect(plain.okxRegionUrls).toBeUndefined();
      const reply = await okx(plain, 'GET', '/api/v5/account/config');
      expect(reply.body.code).toBe('0');
    } finally {
      await plain.close();
    }
  });
});
