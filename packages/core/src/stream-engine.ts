/**
 * `@exchange-adapters/core/streams`: the stream engine (DESIGN §7), loaded by core on the first
 * stream. Programs never need to import it, except a bundled app that streams: its bundler cannot
 * see the run-time load, so the app imports this subpath once (`import '@exchange-adapters/core/streams'`)
 * and the engine it bundles is the one every exchange uses.
 *
 * @packageDocumentation
 * @module @exchange-adapters/core/streams
 */
import { StreamEngine } from './streams/engine.js';
import { registerStreamEngine } from './streams/load-engine.js';

registerStreamEngine({ StreamEngine });

export { StreamEngine };
