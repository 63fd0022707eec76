/**
 * A loopback proxy in front of the simulator: it records every request that reaches it (what the
 * library put on the wire, independent of the library's own events) and, while a fault is set,
 * replaces the simulator's reply with a malformed one — truncated, HTML, wrong types, huge,
 * trickling, reset — after the simulator has executed the request, as a broken network would.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path with query, as sent. */
  url: string;
  body: string;
}

export type Fault =
  /** The reply cut after `fraction` of its bytes. */
  | { kind: 'truncate'; fraction: number }
  /** A proxy's error page with HTTP 200. */
  | { kind: 'html' }
  | { kind: 'empty' }
  /** The connection destroyed without a reply. */
  | { kind: 'reset' }
  /** The real reply, one byte every `intervalMs`. */
  | { kind: 'trickle'; intervalMs: number }
  /** The real reply's JSON changed by `mutate` (wrong types, 1e400, huge values). */
  | { kind: 'mutate'; label: string; mutate: (json: unknown) => unknown }
  /** Something else entirely, as JSON text. */
  | { kind: 'replace'; label: string; body: string };

export function faultLabel(fault: Fault): string {
  return fault.kind === 'mutate' || fault.kind === 'replace' ? `${fault.kind}:${fault.label}` : fault.kind;
}

export class RecordingProxy {
  readonly requests: SeenRequest[] = [];
  fault: Fault | undefined;
  url = '';
  readonly #server = http.createServer((req, res) => {
    this.#handle(req, res).catch(() => res.destroy());
  });
  readonly #target: URL;
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(target: string) {
    this.#target = new URL(target);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#agent.destroy();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    this.requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', body });
    const upstream = await this.#forward(req, body);
    const fault = this.fault;
    if (!fault) {
      res.writeHead(upstream.status, upstream.headers);
      res.end(upstream.body);
      return;
    }
    switch (fault.kind) {
      case 'reset':
        req.socket.destroy();
        return;
      case 'trickle':
        // Leading spaces (valid JSON) so even a two-byte reply outlasts any deadline.
        this.#trickle(res, `${' '.repeat(16)}${upstream.body}`, fault.intervalMs);
        return;
      default:
        this.#reply(res, 200, fault.kind === 'html' ? 'text/html' : 'application/json', this.#faultyBody(fault, upstream.body));
    }
  }

  #faultyBody(fault: Exclude<Fault, { kind: 'reset' | 'trickle' }>, upstream: string): string {
    switch (fault.kind) {
      case 'truncate':
        return upstream.slice(0, Math.min(upstream.length - 1, Math.floor(upstream.length * fault.fraction)));
      case 'html':
        return '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr>nginx</body></html>';
      case 'empty':
        return '';
      case 'replace':
        return fault.body;
      case 'mutate': {
        let json: unknown;
        try {
          json = JSON.parse(upstream);
        } catch {
          return upstream;
        }
        return JSON.stringify(fault.mutate(json)) ?? '';
      }
    }
  }

  #reply(res: http.ServerResponse, status: number, contentType: string, body: string): void {
    res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  }

  #trickle(res: http.ServerResponse, body: string, intervalMs: number): void {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent >= body.length) {
        clearInterval(timer);
        this.#timers.delete(timer);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(body.slice(sent, ++sent));
    }, intervalMs);
    this.#timers.add(timer);
    res.on('close', () => {
      clearInterval(timer);
      this.#timers.delete(timer);
    });
  }

  #forward(req: http.IncomingMessage, body: string): Promise<{ status: number; headers: http.OutgoingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: this.#target.host };
      const upstream = http.request(
        { agent: this.#agent, hostname: this.#target.hostname, port: this.#target.port, method: req.method, path: req.url, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const { 'content-length': _length, 'transfer-encoding': _encoding, connection: _connection, ...rest } = response.headers;
            resolve({ status: response.statusCode ?? 502, headers: { ...rest, 'content-length': Buffer.byteLength(text) }, body: text });
          });
          response.on('error', reject);
        },
      );
      upstream.on('error', reject);
      upstream.end(body);
    });
  }
}
