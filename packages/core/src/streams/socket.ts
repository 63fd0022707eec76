/**
 * The WebSocket client, loaded on first use: a program that never calls `watch*` never loads `ws`
 * (DESIGN §7). Only the few members the engine uses are typed here, so `ws`'s types stay out of
 * the public declarations.
 */
import { loadOptional } from '../transport.js';

/** The few members of a WebSocket the stream engine uses (a `ws` WebSocket fits). */
export interface SocketLike {
  /** WebSocket ready state (1 = open). */
  readonly readyState: number;
  /** Sends a text frame. */
  send(data: string): void;
  /** Closes with a close frame. */
  close(code?: number, reason?: string): void;
  /** Destroys the connection at once. */
  terminate(): void;
  /** Listens to `open`, `message`, `close`, `error` or `unexpected-response` (a refused upgrade). */
  on(event: 'open', listener: () => void): this;
  on(event: 'message', listener: (data: Uint8Array | ArrayBuffer | Uint8Array[], isBinary: boolean) => void): this;
  on(event: 'close', listener: (code: number, reason: Uint8Array) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'unexpected-response', listener: (request: unknown, response: UpgradeResponse) => void): this;
  /** Removes every listener. */
  removeAllListeners(): this;
}

/** The HTTP answer to a refused upgrade (Node's IncomingMessage, as `ws` hands it over). */
export interface UpgradeResponse {
  statusCode?: number;
  on?(event: 'data', listener: (chunk: Uint8Array) => void): unknown;
  on?(event: 'end' | 'error', listener: () => void): unknown;
}

/** A refused upgrade's body, up to `limit` bytes and `timeoutMs`: enough for an error envelope, never a hang. */
export function readUpgradeBody(response: UpgradeResponse, limit = 4_096, timeoutMs = 1_000): Promise<string> {
  return new Promise((resolve) => {
    const on = response.on?.bind(response);
    if (!on) {
      resolve('');
      return;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = setTimeout(finish, timeoutMs);
    timer.unref();
    on('data', (chunk: Uint8Array) => {
      if (size >= limit) return;
      chunks.push(chunk);
      size += chunk.length;
    });
    on('end', finish);
    on('error', finish);
  });
}

export interface SocketOpenOptions {
  /** Upgrade request headers (WEEX authenticates private sockets with them). Secret. */
  headers?: Readonly<Record<string, string>>;
}

/** Opens a WebSocket (`streams.webSocket` option); default: the `ws` package. */
export type SocketFactory = (url: string, options?: SocketOpenOptions) => Promise<SocketLike>;

export const OPEN = 1;

type WebSocketClass = new (url: string, options: Record<string, unknown>) => SocketLike;

let loading: Promise<WebSocketClass> | undefined;

/**
 * Starts loading `ws` (once); the engine calls it on the first `watch*` call. By a name bundlers do
 * not follow, as the optional transports: a bundled REST-only app carries no WebSocket client, and
 * a bundled streaming app keeps `ws` installed beside it (or bundles it on purpose).
 */
export function loadWebSocket(): Promise<WebSocketClass> {
  loading ??= loadOptional<unknown>('ws').then((module) => {
    const namespace = module as unknown as { WebSocket?: WebSocketClass; default?: WebSocketClass | { WebSocket?: WebSocketClass } };
    const fromDefault = namespace.default;
    const found =
      namespace.WebSocket ?? (typeof fromDefault === 'function' ? fromDefault : (fromDefault as { WebSocket?: WebSocketClass })?.WebSocket);
    if (!found) throw new Error('the ws package did not export WebSocket');
    return found;
  });
  return loading;
}

/** Opens a socket with `ws`: no compression negotiation (exchanges compress their own way), bounded handshake. */
export const openWebSocket: SocketFactory = async (url, options) => {
  const WebSocket = await loadWebSocket();
  return new WebSocket(url, {
    perMessageDeflate: false,
    handshakeTimeout: 10_000,
    maxPayload: 64 * 1024 * 1024,
    ...(options?.headers ? { headers: { ...options.headers } } : {}),
  });
};

export function frameText(data: Uint8Array | ArrayBuffer | Uint8Array[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
