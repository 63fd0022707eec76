/**
 * `@exchange-adapters/core/undici`: the `transport: 'undici'` HTTP transport (UndiciTransport). Core loads
 * this subpath by name on the first request of an exchange created with that option, and undici
 * itself with it, so programs never need to import it — except a bundled app that uses it: its
 * bundler cannot see that load, so the app imports this once (`import '@exchange-adapters/core/undici';`)
 * and keeps undici installed beside the bundle.
 *
 * @packageDocumentation
 * @module @exchange-adapters/core/undici
 */
import { registerOptionalPart } from './optional-parts.js';
import { UndiciTransport } from './transport-undici.js';

registerOptionalPart('@exchange-adapters/core/undici', { UndiciTransport });

export { UndiciTransport };
