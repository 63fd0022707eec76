/**
 * Where the stream engine comes from. `watch*` returns its Stream at once (front.ts); the engine —
 * sockets, subscriptions, books, ledgers — is loaded when the first stream starts, so a program that
 * never streams never loads it, and a bundled REST-only app does not carry it.
 *
 * Loaded by package name (`@exchange-adapters/core/streams`, the package's own subpath) through
 * `loadOptional`, as the optional transports and `ws` are: an `import()` in the ES module build that
 * resolves to the same files as the rest of core, a `require()` of the CommonJS files in the
 * CommonJS build, so either way the engine shares this copy of core. A bundler does not follow the
 * name; a bundled app that streams imports the subpath itself, which registers the engine it bundled
 * here (see stream-engine.ts), and nothing is loaded at run time.
 */
import { loadOptional } from '../transport.js';
import type { StreamEngine } from './engine.js';

export interface StreamEngineModule {
  StreamEngine: typeof StreamEngine;
}

/** The subpath a bundled app imports to carry the engine. */
export const STREAM_ENGINE_ENTRY = '@exchange-adapters/core/streams';

let registered: StreamEngineModule | undefined;
let loading: Promise<StreamEngineModule> | undefined;

/** Called by the engine's entry when it is imported: from then on nothing is loaded by name. */
export function registerStreamEngine(module: StreamEngineModule): void {
  registered ??= module;
}

/** The engine: the registered one, or the package's own subpath, loaded once. */
export function loadStreamEngine(): Promise<StreamEngineModule> {
  if (registered) return Promise.resolve(registered);
  loading ??= loadOptional<StreamEngineModule>(STREAM_ENGINE_ENTRY).then(
    (module) => {
      registerStreamEngine(module);
      return registered as StreamEngineModule;
    },
    (error: unknown) => {
      loading = undefined; // a later stream tries again (the package may be installed by then)
      throw error;
    },
  );
  return loading;
}
