/**
 * axios over keep-alive agents, for programs that want axios's proxy and interceptor ecosystem:
 * `transport: 'axios'`. axios is loaded on the first request (or `prepare`), never by the default
 * path, and by a name bundlers do not follow.
 */
import http from 'node:http';
import https from 'node:https';
import type { AxiosInstance, AxiosStatic } from 'axios';
import { type HttpRequest, type HttpResponse, loadOptional, type Transport, toTransportError, withoutContentLength } from './transport.js';

/** HTTP through axios (option `transport: 'axios'`; axios is loaded only then). */
export class AxiosTransport implements Transport {
  readonly #httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  readonly #httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  #client: Promise<AxiosInstance> | undefined;

  #load(): Promise<AxiosInstance> {
    this.#client ??= loadOptional<{ default: AxiosStatic }>('axios').then(({ default: axios }) =>
      axios.create({
        httpAgent: this.#httpAgent,
        httpsAgent: this.#httpsAgent,
        responseType: 'text',
        // Keep the body as text: parsing is ours (lossless ids), and statuses are ours to judge.
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxRedirects: 0,
        proxy: false,
      }),
    );
    return this.#client;
  }

  async prepare(): Promise<void> {
    await this.#load();
  }

  /** See `Transport.send`. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const client = await this.#load();
    try {
      const response = await client.request<string>({
        method: request.method,
        url: request.url,
        headers: withoutContentLength(request.headers),
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
      throw toTransportError(error, request.signal);
    }
  }

  close(): void {
    this.#httpAgent.destroy();
    this.#httpsAgent.destroy();
  }
}
