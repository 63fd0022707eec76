/**
 * The shared jest setup refuses every connection that is not to loopback, so a misconfigured
 * adapter in a test can never reach a live exchange.
 */
import net from 'node:net';

// The guard's own state, shared through the net module (see tools/jest/loopback-guard.cjs).
const guardState = (net as unknown as Record<symbol, { violations: string[] }>)[Symbol.for('exchange-adapters:loopback-guard')];

function connectOutcome(options: net.NetConnectOpts): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(options);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.message));
  });
}

describe('loopback guard', () => {
  afterEach(() => {
    // This file provokes violations on purpose; clear them so the shared afterEach does not fail it.
    guardState?.violations.splice(0);
  });

  it('is installed in every test process', () => {
    expect(guardState).toBeDefined();
  });

  it('refuses a connection to a public address before anything is sent, and records it', async () => {
    const outcome = await connectOutcome({ host: '93.184.215.14', port: 443 });
    expect(outcome).toMatch(/loopback guard: a test tried to connect to 93\.184\.215\.14:443/);
    expect(guardState?.violations).toHaveLength(1);
  });

  it('refuses an exchange host name without resolving it', async () => {
    const outcome = await connectOutcome({ host: 'www.okx.com', port: 443 });
    expect(outcome).toMatch(/www\.okx\.com:443/);
  });

  it('lets loopback connections through', async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      expect(await connectOutcome({ host: '127.0.0.1', port })).toBe('connected');
      expect(await connectOutcome({ host: 'localhost', port, family: 4 })).toBe('connected');
      expect(guardState?.violations).toHaveLength(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
