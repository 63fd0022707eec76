/**
 * Where the streaming code comes from. `watch*` returns its Stream at once (front.ts); the engine —
 * sockets, subscriptions, books, ledgers — and the adapter's spec (its ws.ts: frames, login, payload
 * codecs) are loaded when the first stream starts, so a program that never streams never loads
 * them, and a bundled REST-only app does not carry them.
 *
 * Each is loaded by package name, a subpath of its own package (`@exchange-adapters/core/streams`,
 * `@exchange-adapters/okx/streams`): an `import()` in the ES module build that resolves to the same
 * files as the rest of the package, a `require()` of the CommonJS files in the CommonJS build, so
 * either way it shares the program's copy of core. A bundler does not follow the name; a bundled app
 * that streams imports the adapter's subpath itself, which registers what it bundled here (see
 * stream-engine.ts and an adapter's streams.ts), and nothing is loaded at run time.
 */
import { loadOptional } from '../transport.js';
import type { StreamEngine } from './engine.js';

export interface StreamEngineModule {
  StreamEngine: typeof StreamEngine;
}

/** The subpath that carries the engine. */
export const STREAM_ENGINE_ENTRY = '@exchange-adapters/core/streams';

const registered = new Map<string, unknown>();
const loading = new Map<string, Promise<unknown>>();

/**
 * Called by a streaming entry when it is imported (the engine's, an adapter's): from then on the
 * module under `entry` is this one, and nothing is loaded by name.
 */
export function registerStreamModule(entry: string, module: object): void {
  if (!registered.has(entry)) registered.set(entry, module);
}

/**
 * The module under `entry`: the registered one, or loaded once by `load` (default: core's own
 * loader). An adapter passes its own `(name) => import(name)`, so its subpath is resolved from the
 * adapter's package, where it is installed, not from core's.
 */
export function loadStreamModule<T>(entry: string, load: (name: string) => Promise<unknown> = loadOptional): Promise<T> {
  const known = registered.get(entry);
  if (known) return Promise.resolve(known as T);
  let pending = loading.get(entry);
  if (!pending) {
    pending = load(entry).then(
      (module) => {
        registerStreamModule(entry, module as object);
        loading.delete(entry);
        return registered.get(entry);
      },
      (error: unknown) => {
        loading.delete(entry); // a later stream tries again (the package may be installed by then)
        throw error;
      },
    );
    loading.set(entry, pending);
  }
  return pending as Promise<T>;
}

/** Called by the engine's entry when it is imported. */
export function registerStreamEngine(module: StreamEngineModule): void {
  registerStreamModule(STREAM_ENGINE_ENTRY, module);
}

/** The engine: the registered one, or the package's own subpath, loaded once. */
export function loadStreamEngine(): Promise<StreamEngineModule> {
  return loadStreamModule<StreamEngineModule>(STREAM_ENGINE_ENTRY);
}
