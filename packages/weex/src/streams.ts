/**
 * `@exchange-adapters/weex/streams`: WEEX's WebSocket tables (ws.ts) and, through
 * `@exchange-adapters/core/streams`, the stream engine. `WeexExchange` loads this subpath by name
 * when its first stream starts; a program never needs to import it, except a bundled app that
 * streams: its bundler cannot see that load, so the app imports this once
 * (`import '@exchange-adapters/weex/streams';`) and carries what WEEX's streams need.
 *
 * @packageDocumentation
 * @module @exchange-adapters/weex/streams
 */
import '@exchange-adapters/core/streams';
import { registerOptionalPart } from '@exchange-adapters/core/adapter';
import { createWeexWsSpec } from './ws.js';
import { WEEX_STREAMS_ENTRY } from './ws-rules.js';

/** What `WeexExchange` takes from this entry. */
export interface WeexStreamsModule {
  createWeexWsSpec: typeof createWeexWsSpec;
}

registerOptionalPart(WEEX_STREAMS_ENTRY, { createWeexWsSpec } satisfies WeexStreamsModule);

export {
  classifyWeexWsError,
  createWeexWsSpec,
  parseWeexFrame,
  WEEX_BOOK_CHANNELS,
  type WeexWsSpecOptions,
  weexBookSequence,
  weexChannelKey,
  weexPong,
  weexSubscribeFrame,
  weexUnsubscribeFrame,
  weexUpgradeRefusal,
} from './ws.js';
