/**
 * `@exchange-adapters/okx/streams`: OKX's WebSocket tables (ws.ts), its WebSocket error and close
 * codes (ws-errors.ts) and, through
 * `@exchange-adapters/core/streams`, the stream engine. `OkxExchange` loads this subpath by name
 * when its first stream starts; a program never needs to import it, except a bundled app that
 * streams: its bundler cannot see that load, so the app imports this once
 * (`import '@exchange-adapters/okx/streams';`) and carries what OKX's streams need.
 *
 * @packageDocumentation
 * @module @exchange-adapters/okx/streams
 */
import '@exchange-adapters/core/streams';
import { registerOptionalPart } from '@exchange-adapters/core/adapter';
import { createOkxWsSpec } from './ws.js';
import { OKX_STREAMS_ENTRY } from './ws-rules.js';

/** What `OkxExchange` takes from this entry. */
export interface OkxStreamsModule {
  createOkxWsSpec: typeof createOkxWsSpec;
}

registerOptionalPart(OKX_STREAMS_ENTRY, { createOkxWsSpec } satisfies OkxStreamsModule);

export {
  crc32Signed,
  createOkxWsSpec,
  OKX_BOOK_CHANNELS,
  type OkxWsSpecOptions,
  okxAmountMultiplier,
  okxBookChecksum,
  okxBookSequence,
  okxChannelKey,
  okxLoginFrame,
  parseOkxFrame,
} from './ws.js';
export { classifyOkxWsError, OKX_WS_CLOSE_CODES, OKX_WS_ERROR_CODES } from './ws-errors.js';
