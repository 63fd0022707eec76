/**
 * Where the stream engine comes from. `watch*` returns its Stream at once (front.ts); the engine —
 * sockets, subscriptions, books, ledgers — and the adapter's spec (its ws.ts: frames, login, payload
 * codecs) are optional parts (optional-parts.ts), loaded when the first stream starts. The engine's
 * entry (stream-engine.ts) registers itself when a bundled app imports it, directly or through an
 * adapter's `/streams` subpath.
 */
import { loadOptionalPart, registerOptionalPart } from '../optional-parts.js';
import type { StreamEngine } from './engine.js';

export interface StreamEngineModule {
  StreamEngine: typeof StreamEngine;
}

/** The subpath that carries the engine. */
export const STREAM_ENGINE_ENTRY = '@exchange-adapters/core/streams';

/** Called by the engine's entry when it is imported. */
export function registerStreamEngine(module: StreamEngineModule): void {
  registerOptionalPart(STREAM_ENGINE_ENTRY, module);
}

/** The engine: the registered one, or the package's own subpath, loaded once. */
export function loadStreamEngine(): Promise<StreamEngineModule> {
  return loadOptionalPart<StreamEngineModule>(STREAM_ENGINE_ENTRY);
}
