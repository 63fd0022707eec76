/**
 * A scripted v1 venue on loopback: each expectation answers one request (in order, per route),
 * signed form bodies are verified the way the server verifies them, and a reply can drop the
 * connection after the request was read (a lost reply). nock 15 needs Node ≥ 22.20 and ships as
 * ESM, which this package's jest (CommonJS on Node 20) cannot load, hence real sockets.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OkexV1Exchange, type OkexV1Options } from '../src/index.js';
import { sign } from '../src/signer.js';

export const API_KEY = 'c821db84-6fbd-11e4-a9e3-c86000d26d7c';
export const SECRET = '0123456789ABCDEF0123456789ABCDEF';

export interface SentForm {
  params: Record<string, string>;
  raw: string;
}

export interface RawReply {
  status?: number;
  /** Sent as is instead of JSON. */
  text?: string;
  /** Destroy the socket once the request is read: the exchange may have acted, the reply is lost. */
  drop?: boolean;
}

type ReplySource = unknown | ((form: SentForm) => unknown);

interface Expectation {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  reply: ReplySource;
  raw?: RawReply;
  sent: SentForm[];
}

/** Parses a form body and checks its signature the way the server does. */
export function readSignedForm(raw: string, secret = SECRET): SentForm {
  const params = Object.fromEntries(new URLSearchParams(raw));
  const { sign: signature, ...rest } = params;
  if (signature !== sign(rest, secret)) throw new Error(`bad signature in ${raw}`);
  return { params: rest, raw };
}

export class Venue {
  url = '';
  readonly unexpected: string[] = [];
  #pending: Expectation[] = [];
  readonly #server = http.createServer((req, res) => this.#handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Forgets unanswered expectations and unexpected requests. */
  reset(): void {
    this.#pending = [];
    this.unexpected.length = 0;
  }

  /** True when every expectation was answered and nothing else arrived. */
  isDone(): boolean {
    return this.#pending.length === 0 && this.unexpected.length === 0;
  }

  /** Expects one `GET /api/v1/<name>.do`, with exactly `query` when given. */
  get(name: string, query: Record<string, string> | undefined, reply: ReplySource, raw?: RawReply, sent: SentForm[] = []): SentForm[] {
    this.#pending.push({ method: 'GET', path: `/api/v1/${name}.do`, query, reply, raw, sent });
    return sent;
  }

  /** Expects one signed `POST /api/v1/<name>.do`; its verified form is pushed to `sent`. */
  post(name: string, reply: ReplySource, sent: SentForm[] = [], raw?: RawReply): SentForm[] {
    this.#pending.push({ method: 'POST', path: `/api/v1/${name}.do`, reply, raw, sent });
    return sent;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://venue');
      const body = Buffer.concat(chunks).toString('utf8');
      const query = Object.fromEntries(url.searchParams);
      const index = this.#pending.findIndex(
        (item) => item.method === req.method && item.path === url.pathname && (item.query === undefined || sameRecord(item.query, query)),
      );
      if (index < 0) {
        this.unexpected.push(`${req.method} ${req.url}`);
        res.writeHead(599, { 'content-type': 'text/plain' }).end('unexpected request');
        return;
      }
      const [item] = this.#pending.splice(index, 1) as [Expectation];
      let form: SentForm;
      try {
        if (item.method === 'POST') {
          if (req.headers['content-type'] !== 'application/x-www-form-urlencoded')
            throw new Error(`content-type ${String(req.headers['content-type'])}`);
          form = readSignedForm(body);
        } else {
          form = { params: query, raw: url.search.slice(1) };
        }
      } catch (error) {
        this.unexpected.push(String(error));
        res.writeHead(599).end(String(error));
        return;
      }
      item.sent.push(form);
      if (item.raw?.drop) {
        req.socket.destroy();
        return;
      }
      const reply = typeof item.reply === 'function' ? (item.reply as (form: SentForm) => unknown)(form) : item.reply;
      const text = item.raw?.text ?? JSON.stringify(reply);
      res.writeHead(item.raw?.status ?? 200, { 'content-type': item.raw?.text ? 'text/html' : 'application/json' }).end(text);
    });
  }
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => b[key] === a[key]);
}

/** An exchange on the venue with no futures discovery, retries or client-side waits. */
export function exchangeOn(venue: Venue, options: OkexV1Options = {}): OkexV1Exchange {
  return new OkexV1Exchange({
    apiKey: API_KEY,
    secret: SECRET,
    baseUrl: venue.url,
    futuresCoins: [],
    retry: false,
    rateLimit: false,
    ...options,
  });
}
