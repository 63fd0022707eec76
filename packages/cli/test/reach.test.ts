/**
 * DNS and TLS reach against real loopback servers: a TLS server with a test certificate for
 * localhost (test/fixtures, self-signed, test only), a plain HTTP port, and a closed one. Only the
 * resolver is replaced, to stage a name that does not resolve without asking a DNS server.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { type Network, proxyVariables, reachHost } from '../src/doctor/reach.js';

const cert = readFileSync(path.join(__dirname, 'fixtures/localhost-cert.pem'), 'utf8');
const key = readFileSync(path.join(__dirname, 'fixtures/localhost-key.pem'), 'utf8');
const loopback: Network = { lookup: async () => ['127.0.0.1'], ca: cert };

function listen(server: Server | ReturnType<typeof createHttpServer>): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

describe('DNS and TLS reach', () => {
  let tlsServer: Server;
  let httpServer: ReturnType<typeof createHttpServer>;
  let tlsPort: number;
  let httpPort: number;

  beforeAll(async () => {
    tlsServer = createTlsServer({ cert, key }, (socket) => socket.end());
    httpServer = createHttpServer((_request, response) => response.end('plain'));
    tlsPort = await listen(tlsServer);
    httpPort = await listen(httpServer);
  });
  afterAll(async () => {
    await new Promise((resolve) => tlsServer.close(resolve));
    await new Promise((resolve) => httpServer.close(resolve));
  });

  it('resolves the host and completes a verified handshake, reporting the certificate expiry', async () => {
    const reach = await reachHost({ host: 'localhost', port: tlsPort, purpose: 'REST' }, loopback, 5_000);
    expect(reach).toMatchObject({ ok: true, addresses: ['127.0.0.1'], certificateValidTo: '2126-11-07' });
    expect(reach.handshakeMs).toEqual(expect.any(Number));
  });

  it('refuses a certificate this machine does not trust, and says TLS is intercepted', async () => {
    const reach = await reachHost({ host: 'localhost', port: tlsPort, purpose: 'REST' }, { lookup: loopback.lookup }, 5_000);
    expect(reach).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\): something on the path intercepts TLS/),
    });
  });

  it('refuses a certificate for another name', async () => {
    const reach = await reachHost({ host: 'www.okx.com', port: tlsPort, purpose: 'REST' }, loopback, 5_000);
    expect(reach).toMatchObject({ ok: false, problem: `the certificate of www.okx.com:${tlsPort} is for another name` });
  });

  it('names a port that does not speak TLS', async () => {
    const reach = await reachHost({ host: 'localhost', port: httpPort, purpose: 'REST' }, loopback, 5_000);
    expect(reach).toMatchObject({ ok: false, problem: expect.stringMatching(/did not speak TLS/) });
  });

  it('names a refused connection', async () => {
    const closed = createHttpServer();
    const port = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const reach = await reachHost({ host: 'localhost', port, purpose: 'REST' }, loopback, 5_000);
    expect(reach).toMatchObject({ ok: false, problem: `localhost:${port} refused the connection` });
  });

  it('names a host that does not resolve', async () => {
    const unresolvable: Network = {
      lookup: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    };
    const reach = await reachHost({ host: 'www.okx.com', port: 443, purpose: 'REST' }, unresolvable, 5_000);
    expect(reach).toMatchObject({
      ok: false,
      addresses: [],
      problem: 'DNS cannot resolve www.okx.com (ENOTFOUND)',
      fix: expect.stringMatching(/DNS settings/),
    });
  });

  it('notices proxy variables, which the library does not use', () => {
    expect(proxyVariables({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'x' })).toEqual(['HTTPS_PROXY']);
  });
});
