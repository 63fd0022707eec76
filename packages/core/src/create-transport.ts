/**
 * Built-in transports by name. `'http'` (node:http) is always here. `'undici'` and `'axios'` are
 * optional parts (optional-parts.ts): the transport and its client library load on the first request
 * (or `prepare`), from `@exchange-adapters/core/undici` and `@exchange-adapters/core/axios`, so a
 * program that keeps the default never loads them and a bundled app that keeps it does not carry them.
 */
import { loadOptionalPart } from './optional-parts.js';
import { type HttpRequest, type HttpResponse, NodeHttpTransport, type Transport, type TransportChoice } from './transport.js';

/** The subpaths of the library-backed transports, and the class each exports. */
const LOADED: Record<'undici' | 'axios', { entry: string; exported: string }> = {
  undici: { entry: '@exchange-adapters/core/undici', exported: 'UndiciTransport' },
  axios: { entry: '@exchange-adapters/core/axios', exported: 'AxiosTransport' },
};

/** A transport by name (the default is 'http'); your own object is used as given. */
export function createTransport(choice: TransportChoice = 'http'): Transport {
  if (typeof choice === 'object' && choice !== null && typeof choice.send === 'function') return choice;
  if (choice === 'http') return new NodeHttpTransport();
  if (choice === 'undici' || choice === 'axios') return new LoadedTransport(choice);
  throw new RangeError(`transport must be 'http', 'undici', 'axios' or an object with send(), got ${JSON.stringify(choice)}`);
}

/** A library-backed transport, loaded with its subpath on the first `prepare` or `send`. */
class LoadedTransport implements Transport {
  readonly #name: 'undici' | 'axios';
  #loaded: Promise<Transport> | undefined;
  /** The transport once loaded: every request after the first goes to it without another promise. */
  #ready: Transport | undefined;
  #closed = false;

  constructor(name: 'undici' | 'axios') {
    this.#name = name;
  }

  #load(): Promise<Transport> {
    const { entry, exported } = LOADED[this.#name];
    this.#loaded ??= loadOptionalPart<Record<string, new () => Transport>>(entry).then(
      (module) => {
        const transport = new (module[exported] as new () => Transport)();
        if (this.#closed) transport.close?.();
        this.#ready = transport;
        return transport;
      },
      (cause: unknown) => {
        this.#loaded = undefined; // the next request tries again
        const reason = cause instanceof Error ? cause.message : String(cause);
        const error = new Error(`transport '${this.#name}' could not be loaded (${entry}): ${reason}`, { cause });
        // Read by the pipeline, which reports this as NotSupported before anything is sent.
        throw Object.assign(error, {
          hint: `Install ${this.#name} beside the program; a bundled app that uses this transport also adds \`import '${entry}';\`.`,
        });
      },
    );
    return this.#loaded;
  }

  async prepare(): Promise<void> {
    await (this.#ready ?? (await this.#load())).prepare?.();
  }

  send(request: HttpRequest): Promise<HttpResponse> {
    return this.#ready ? this.#ready.send(request) : this.#load().then((transport) => transport.send(request));
  }

  close(): void {
    this.#closed = true;
    void this.#loaded?.then(
      (transport) => transport.close?.(),
      () => undefined,
    );
  }
}
