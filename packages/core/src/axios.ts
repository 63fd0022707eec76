/**
 * `@exchange-adapters/core/axios`: the `transport: 'axios'` HTTP transport (AxiosTransport). Core loads
 * this subpath by name on the first request of an exchange created with that option, and axios
 * itself with it, so programs never need to import it — except a bundled app that uses it: its
 * bundler cannot see that load, so the app imports this once (`import '@exchange-adapters/core/axios';`)
 * and keeps axios installed beside the bundle.
 *
 * @packageDocumentation
 * @module @exchange-adapters/core/axios
 */
import { registerOptionalPart } from './optional-parts.js';
import { AxiosTransport } from './transport-axios.js';

registerOptionalPart('@exchange-adapters/core/axios', { AxiosTransport });

export { AxiosTransport };
