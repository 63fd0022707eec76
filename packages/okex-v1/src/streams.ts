/**
 * `@exchange-adapters/okex-v1/streams`: OKEx v1's WebSocket tables (ws.ts) and, through
 * `@exchange-adapters/core/streams`, the stream engine. `OkexV1Exchange` loads this subpath by
 * name when its first stream starts; a program never needs to import it, except a bundled app that
 * streams: its bundler cannot see that load, so the app imports this once
 * (`import '@exchange-adapters/okex-v1/streams';`) and carries what v1's streams need.
 *
 * @packageDocumentation
 * @module @exchange-adapters/okex-v1/streams
 */
import '@exchange-adapters/core/streams';
import { registerOptionalPart } from '@exchange-adapters/core/adapter';
import { createOkexV1WsSpec } from './ws.js';
import { OKEX_V1_STREAMS_ENTRY } from './ws-rules.js';

/** What `OkexV1Exchange` takes from this entry. */
export interface OkexV1StreamsModule {
  createOkexV1WsSpec: typeof createOkexV1WsSpec;
}

registerOptionalPart(OKEX_V1_STREAMS_ENTRY, { createOkexV1WsSpec } satisfies OkexV1StreamsModule);

export {
  classifyV1WsError,
  createOkexV1WsSpec,
  inflateV1Frame,
  type OkexV1WsSpecOptions,
  parseV1Frame,
  v1ChannelKey,
  v1LoginFrame,
  v1SubscribeFrame,
  v1UnsubscribeFrame,
} from './ws.js';
