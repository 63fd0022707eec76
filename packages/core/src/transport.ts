/**
 * The HTTP edge. A Transport sends one request and returns status, headers and body text; it never
 * throws on an HTTP status (bodies are read before statuses: OKX answers 50102 with HTTP 401).
 * It throws TransportError only when no complete response arrived, saying whether the request may
 * have reached the exchange — what decides if an order's outcome is unknown.
 *
 * The deadline of a request (connect, send and the whole body) is the pipeline's: it aborts
 * `signal` when `timeoutMs` has passed and stops waiting at that moment, whether or not the
 * transport honours the signal. A transport should honour it, so the socket is released too.
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
  /** The whole request's deadline, ms; `signal` is aborted when it passes. */
  timeoutMs: number;
  /** Aborted at the deadline (or when the caller gives up): stop, and release the socket. */
  signal?: AbortSignal;
  /** A longer body is not read: TransportError with code ERESPONSETOOLARGE. */
  maxResponseBytes?: number;
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
/** A reply larger than `maxResponseBytes`. */
export const RESPONSE_TOO_LARGE = 'ERESPONSETOOLARGE';
/** The pipeline's deadline passed before a complete reply arrived. */
export const DEADLINE_EXCEEDED = 'EDEADLINE';

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
        // axios's timeout is an idle timer; the total deadline is the signal's.
        timeout: request.timeoutMs,
        signal: request.signal,
        maxContentLength: request.maxResponseBytes ?? -1,
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
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(message)) {
    return new TransportError('the reply is larger than the client accepts', RESPONSE_TOO_LARGE, true, false);
  }
  const codeText = typeof code === 'string' ? code : 'EUNKNOWN';
  const timedOut = TIMEOUT_CODES.has(codeText) || /timeout/i.test(message);
  return new TransportError(message, codeText, !NOT_SENT_CODES.has(codeText), timedOut);
}
