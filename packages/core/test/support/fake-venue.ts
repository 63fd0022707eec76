/**
 * A scripted HTTP venue on loopback for testing the core pipeline over real sockets. Each test
 * installs route handlers; the venue records every request it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface VenueRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

export interface VenueReply {
  status?: number;
  headers?: Record<string, string>;
  /** Object → JSON; string → sent as is. */
  body?: unknown;
  /** Destroy the socket without answering (after the handler ran). */
  drop?: boolean;
  /** Send the headers, then the body one byte per `trickleMs` (a reply that never quite stalls). */
  trickleMs?: number;
}

export type Route = (request: VenueRequest) => VenueReply | Promise<VenueReply>;

export class FakeVenue {
  readonly requests: VenueRequest[] = [];
  /** Trickled replies that reached their last byte. */
  completedReplies = 0;
  readonly #closedListeners: Array<() => void> = [];
  readonly routes = new Map<string, Route>();
  #server = http.createServer((req, res) => this.#handle(req, res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** `route('GET /ticker', handler)` */
  route(key: string, handler: Route): this {
    this.routes.set(key, handler);
    return this;
  }

  hits(key: string): VenueRequest[] {
    const [method, path] = key.split(' ');
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** Called when a trickled reply's connection closes before its last byte. */
  onConnectionClosed(listener: () => void): void {
    this.#closedListeners.push(listener);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://venue');
      const request: VenueRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        receivedAt: Date.now(),
      };
      this.requests.push(request);
      const route = this.routes.get(`${request.method} ${request.path}`);
      const reply: VenueReply = route ? await route(request) : { status: 404, body: { code: 404, msg: 'Not Found' } };
      if (reply.drop) {
        req.socket.destroy();
        return;
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status ?? 200, {
        'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json',
        'content-length': Buffer.byteLength(text),
        ...reply.headers,
      });
      if (reply.trickleMs === undefined) {
        res.end(text);
        return;
      }
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return;
        res.write(text.slice(sent, ++sent));
        if (sent >= text.length) {
          clearInterval(timer);
          this.completedReplies++;
          res.end();
        }
      }, reply.trickleMs);
      res.on('close', () => {
        clearInterval(timer);
        if (sent < text.length) for (const listener of this.#closedListeners.splice(0)) listener();
      });
    });
  }
}
