/**
 * undici's `request` over its keep-alive Agent: `transport: 'undici'`. undici is loaded on the
 * first request (or `prepare`), never by the default path, and by a name bundlers do not follow.
 */
import type { Agent, request as undiciRequest } from 'undici';
import {
  type HttpRequest,
  type HttpResponse,
  loadOptional,
  responseTooLarge,
  type Transport,
  TransportError,
  toTransportError,
  withoutContentLength,
} from './transport.js';

interface UndiciClient {
  agent: Agent;
  request: typeof undiciRequest;
}

/** HTTP through undici (option `transport: 'undici'`; undici is loaded only then). */
export class UndiciTransport implements Transport {
  #client: Promise<UndiciClient> | undefined;
  #closed = false;

  #load(): Promise<UndiciClient> {
    this.#client ??= loadOptional<{ Agent: typeof Agent; request: typeof undiciRequest }>('undici').then((undici) => {
      const agent = new undici.Agent({ connections: 64, pipelining: 1 });
      if (this.#closed) void agent.destroy();
      return { agent, request: undici.request };
    });
    return this.#client;
  }

  async prepare(): Promise<void> {
    await this.#load();
  }

  /** See `Transport.send`. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const client = await this.#load();
    // One deadline for the whole exchange, like the other transports; the caller's signal joins it.
    const deadline = AbortSignal.timeout(request.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    try {
      const response = await client.request(request.url, {
        method: request.method,
        headers: withoutContentLength(request.headers),
        body: request.body,
        dispatcher: client.agent,
        signal,
      });
      const body = await readBody(response, request.maxResponseBytes);
      const headers: Record<string, string> = {};
      for (const name in response.headers) {
        const value = response.headers[name];
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body };
    } catch (error) {
      if (deadline.aborted && !request.signal?.aborted)
        throw new TransportError(`no reply within ${request.timeoutMs} ms`, 'ETIMEDOUT', true, true);
      throw toTransportError(error, request.signal);
    }
  }

  close(): void {
    this.#closed = true;
    // destroy, not close: close waits for requests in flight, and close() must not hang a program.
    void this.#client?.then(({ agent }) => agent.destroy());
  }
}

/** The body as text, refusing one over `limit` bytes (by its declared length first, then as it streams). */
async function readBody(response: Awaited<ReturnType<typeof undiciRequest>>, limit: number | undefined): Promise<string> {
  if (limit === undefined) return response.body.text();
  if (Number(response.headers['content-length']) > limit) {
    response.body.destroy();
    throw responseTooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    received += (chunk as Buffer).length;
    if (received > limit) {
      response.body.destroy();
      throw responseTooLarge(limit);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
