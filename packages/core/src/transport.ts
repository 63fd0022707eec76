/**
 * The HTTP edge. A Transport sends one request and returns status, headers and body text; it never
 * throws on an HTTP status (bodies are read before statuses: OKX answers 50102 with HTTP 401).
 * It throws TransportError only when no complete response arrived, saying whether the request may
 * have reached the exchange — what decides if an order's outcome is unknown.
 */
import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance } from 'axios';

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PUT';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>;
  /** Loads what the first send needs, so that send goes out without delay once its rate-limit slot is granted. */
  prepare?(): Promise<void>;
  /** Releases pooled sockets. */
  close?(): void;
}

export class TransportError extends Error {
  constructor(
    message: string,
    /** The client library's code: ECONNREFUSED, ECONNRESET, ETIMEDOUT, … */
    readonly code: string,
    /** False only when the request provably never left this machine (refused, DNS failure). */
    readonly mayHaveReachedServer: boolean,
    readonly timedOut: boolean,
  ) {
    // No `cause`: a client error object carries the request config, signed headers included.
    super(message);
    this.name = 'TransportError';
  }
}

/** Codes raised before a connection exists: the request cannot have been seen by the exchange. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * axios over keep-alive agents. axios is loaded on the first request, not at import: it costs more
 * to load than the rest of core together, and a program that only formats prices never needs it.
 */
export class AxiosTransport implements Transport {
  #client: Promise<AxiosInstance> | undefined;
  readonly #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });

  #load(): Promise<AxiosInstance> {
    this.#client ??= import('axios').then(({ default: axios }) => this.#create(axios));
    return this.#client;
  }

  async prepare(): Promise<void> {
    await this.#load();
  }

  #create(axios: typeof import('axios').default): AxiosInstance {
    return axios.create({
      httpAgent: this.#httpAgent,
      httpsAgent: this.#httpsAgent,
      responseType: 'text',
      // Keep the body as text: parsing is ours (lossless ids), and statuses are ours to judge.
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
      proxy: false,
    });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const client = await this.#load();
    try {
      const response = await client.request<string>({
        method: request.method,
        url: request.url,
        headers: request.headers,
        data: request.body,
        timeout: request.timeoutMs,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && value !== null) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      }
      return { status: response.status, headers, body: typeof response.data === 'string' ? response.data : String(response.data ?? '') };
    } catch (error) {
      throw toTransportError(error);
    }
  }

  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }
}

function toTransportError(error: unknown): TransportError {
  const code = (error as { code?: unknown })?.code;
  const codeText = typeof code === 'string' ? code : 'EUNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  const timedOut = TIMEOUT_CODES.has(codeText) || /timeout/i.test(message);
  return new TransportError(message, codeText, !NOT_SENT_CODES.has(codeText), timedOut);
}
