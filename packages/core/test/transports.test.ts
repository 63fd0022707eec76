/**
 * Every built-in transport against a real loopback server: statuses are returned, not thrown;
 * failures are TransportErrors that say whether the request may have reached the server.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTransport, type Transport, TransportError } from '../src/index.js';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let origin: string;
const routes = new Map<string, Handler>();
/** Request heads /head received, in order. */
const heads: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => (routes.get(req.url?.split('?')[0] ?? '') ?? ((_q, r) => r.writeHead(404).end('nope')))(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  routes.set('/echo', (req, res, body) => {
    res.writeHead(418, { 'content-type': 'application/json', 'x-seen-method': req.method ?? '', 'set-cookie': ['a=1', 'b=2'] });
    res.end(JSON.stringify({ body, signed: req.headers['x-sign'], length: req.headers['content-length'] ?? null }));
  });
  routes.set('/head', (req, res, body) => {
    heads.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ body }));
  });
  routes.set('/slow', (_req, res) => {
    setTimeout(() => res.writeHead(200).end('{}'), 2_000).unref();
  });
  routes.set('/cut', (_req, res) => {
    res.writeHead(200, { 'content-length': '100' });
    res.write('{"partial":');
    setTimeout(() => res.socket?.destroy(), 20).unref();
  });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe.each(['http', 'undici', 'axios'] as const)('%s transport', (name) => {
  let transport: Transport;
  beforeAll(async () => {
    transport = createTransport(name);
    await transport.prepare?.();
  });
  afterAll(() => transport.close?.());

  it('returns status, lower-case headers and body text without throwing on a status', async () => {
    const response = await transport.send({
      method: 'POST',
      url: `${origin}/echo?x=1`,
      headers: { 'x-sign': 'abc', 'content-type': 'application/json' },
      body: '{"sz":"0.3"}',
      timeoutMs: 5_000,
    });
    expect(response.status).toBe(418);
    expect(response.headers['x-seen-method']).toBe('POST');
    expect(response.headers['set-cookie']).toBe('a=1, b=2');
    expect(JSON.parse(response.body)).toEqual({ body: '{"sz":"0.3"}', signed: 'abc', length: '12' });
  });

  it('says a refused connection never reached the server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await transport
      .send({ method: 'GET', url: `http://127.0.0.1:${port}/x`, headers: {}, timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', mayHaveReachedServer: false, timedOut: false });
  });

  it('times out as a whole and says the request may have arrived', async () => {
    const error = await transport.send({ method: 'GET', url: `${origin}/slow`, headers: {}, timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ mayHaveReachedServer: true, timedOut: true });
  });

  it('honours an abort signal', async () => {
    const controller = new AbortController();
    const pending = transport.send({ method: 'GET', url: `${origin}/slow`, headers: {}, timeoutMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ mayHaveReachedServer: true });
    const early = await transport
      .send({ method: 'GET', url: `${origin}/echo`, headers: {}, timeoutMs: 5_000, signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(early).toBeInstanceOf(TransportError);
  });

  it('sends the byte length of the body, whatever Content-Length the headers carry', async () => {
    const body = '{"note":"naïve €"}';
    for (const stated of ['1', '999', undefined]) {
      heads.length = 0;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (stated !== undefined) headers['Content-Length'] = stated;
      const response = await transport.send({ method: 'POST', url: `${origin}/head`, headers, body, timeoutMs: 5_000 });
      expect(JSON.parse(response.body)).toEqual({ body });
      expect(heads.map((head) => head['content-length'])).toEqual([String(Buffer.byteLength(body))]);
      // The caller's headers are left as they were.
      expect(headers['Content-Length']).toBe(stated);
    }
  });

  it('reports a reply cut off mid-body as a failure, not as a short body', async () => {
    const error = await transport.send({ method: 'GET', url: `${origin}/cut`, headers: {}, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).toMatchObject({ mayHaveReachedServer: true });
  });
});

// The built-in transport writes the request head itself (headers as a list, Host added by it):
// what reaches the server must be what node would have written, and still checked by node.
describe('http transport request head', () => {
  let transport: Transport;
  beforeAll(() => {
    transport = createTransport('http');
  });
  afterAll(() => transport.close?.());

  it('sends Host and the byte length of the body, and the headers as given', async () => {
    heads.length = 0;
    const body = '{"note":"naïve €"}';
    const response = await transport.send({
      method: 'POST',
      url: `${origin}/head`,
      headers: { 'ACCESS-SIGN': 'c2ln', 'content-type': 'application/json', 'content-length': '1' },
      body,
      timeoutMs: 5_000,
    });
    expect(JSON.parse(response.body)).toEqual({ body });
    expect(heads).toHaveLength(1);
    expect(heads[0]).toMatchObject({
      host: new URL(origin).host,
      'access-sign': 'c2ln',
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
  });

  it('refuses a header value with a line break before anything is sent', async () => {
    heads.length = 0;
    await expect(
      transport.send({ method: 'GET', url: `${origin}/head`, headers: { 'x-sign': 'abc\r\nx-injected: 1' }, timeoutMs: 5_000 }),
    ).rejects.toThrow();
    // A well-formed request afterwards is the only one the server saw.
    await transport.send({ method: 'GET', url: `${origin}/head`, headers: {}, timeoutMs: 5_000 });
    expect(heads).toHaveLength(1);
    expect(heads[0]?.['x-injected']).toBeUndefined();
  });

  it('keeps a Host the caller set', async () => {
    heads.length = 0;
    await transport.send({ method: 'GET', url: `${origin}/head`, headers: { Host: 'api.example.test' }, timeoutMs: 5_000 });
    expect(heads[0]?.host).toBe('api.example.test');
  });
});

it('refuses an unknown transport name', () => {
  expect(() => createTransport('fetch' as never)).toThrow(/transport must be/);
});
