/**
 * The WebSocket adapter contract: what an adapter's `src/ws.ts` supplies so that core can stream
 * its exchange (DESIGN §7). Everything here is a table or a pure function; the engine in core owns
 * sockets, timers, heartbeats, reconnects, login, resubscription, limits, book maintenance,
 * conflation, buffering and REST reconciliation.
 *
 * How an adapter plugs in: two parts, so a REST-only program (or bundled app) never carries the
 * codecs. The rules say what the exchange streams and check `watch*` arguments synchronously, before
 * anything is sent; the spec (frames, login, payload → unified types) loads with the engine on the
 * first started stream, from the adapter's own `/streams` subpath.
 *
 * ```ts
 * // src/ws-rules.ts — what OKX streams and the arguments it refuses; small, always loaded
 * export const OKX_WS_RULES: WsRules = { entry: '@exchange-adapters/okx/streams', channels: { ticker: true, ohlcv: checkTimeframe, … } };
 * export const OKX_STREAMS = streamCapabilities(OKX_WS_RULES); // the has.watch* flags
 * // src/ws.ts — tables and pure functions only
 * export function createOkxWsSpec(options: { urls; timeframes; context: WsSpecContext }): WsSpec { return { … } }
 * // src/streams.ts — the `/streams` entry: the engine and ws.ts, registered for a bundled app
 * import '@exchange-adapters/core/streams';
 * registerOptionalPart(OKX_WS_RULES.entry, { createOkxWsSpec });
 * // src/exchange.ts
 * readonly has = Object.freeze({ …rest flags, ...OKX_STREAMS });
 * protected override wsRules(): WsRules { return OKX_WS_RULES; }
 * protected override async wsSpec(): Promise<WsSpec> {
 *   const { createOkxWsSpec } = await loadOptionalPart<OkxStreamsModule>(OKX_WS_RULES.entry, (name) => import(name));
 *   return createOkxWsSpec({ urls: this.wsUrls, timeframes: OKX_TIMEFRAMES, context: { marketById: (id, type) => this.marketById(id, type) } });
 * }
 * ```
 *
 * The adapter's package.json exports `./streams` and lists its files under `sideEffects`, so a
 * bundler keeps the registration of a bundled app that imports it.
 *
 * An adapter may also return its spec synchronously from `wsSpec()` and give no rules: its builders
 * then serve as the checks, and the spec is part of every program that imports the adapter.
 *
 * The engine asks for the spec once, when the first stream starts. What a spec never does: open
 * sockets, keep timers or state, retry, or read the clock — it is given timestamps.
 *
 * Rules every spec follows:
 * - **Keys.** A {@link WsChannel.key} names one wire subscription. Streams whose channels share a key
 *   share one subscription (ref-counted); `parse` must return the same key for that channel's data
 *   frames, and the subscribe/unsubscribe acks must carry it back, so the engine can route them.
 * - **Frames are text.** `subscribe`/`unsubscribe`/`login` return text frames; binary frames are turned into text by
 *   {@link WsSpec.decodeBinary} (OKEx v1 sends raw-DEFLATE frames).
 * - **Login frames are secrets.** {@link WsSpec.login} output (and {@link WsSpec.upgradeHeaders})
 *   is sent and never logged, emitted or put in an error; the spec must not echo credentials
 *   anywhere else.
 * - **Errors are tables.** WS error codes map through {@link WsSpec.classifyError} to the same kinds
 *   and hints REST uses; close codes through {@link WsSpec.closeCodes}.
 * - **Books.** A book channel says how snapshots arrive (`channel` frames or a REST `fetchOrderBook`
 *   spliced with buffered deltas), which sequence rule detects gaps, and optionally a checksum. The
 *   engine resyncs on a gap or a checksum mismatch and never yields a book known to be wrong.
 *
 * Examples for the three venues:
 * - OKX v5: client `ping` text after 25 s of silence, `pong` back; login on `/private`; `books`
 *   sequences `prevSeqId`/`seqId`; snapshots arrive on the channel.
 * - WEEX V3: the server pings (`heartbeat: { mode: 'server-ping' }`, `parse` returns `{ type: 'ping',
 *   reply }`); private sockets authenticate with upgrade headers (`upgradeHeaders`), no login
 *   frame; acks name only the request id (`{ type: 'ack', requestId }`); depth deltas carry `U`/`u`
 *   after a `depthSnapshot` on the channel (`sequence` = "U ≤ last + 1 ≤ u"); spot and futures
 *   share paths, so `endpoints` has one kind per host (`spot-public`, `contract-private`, …) and
 *   `parse` is told which socket a frame came from.
 * - OKEx v1: `{'event':'ping'}` every 30 s (`heartbeat: { mode: 'interval' }`), raw-DEFLATE frames
 *   (`decodeBinary`); the incremental depth channel has no sequence numbers: its first push after a
 *   subscribe is the full book (`snapshot: 'first-push'`) and a push that deletes a level before it
 *   is a gap; order pushes are per pair and carry no fill ids, so own fills are derived from them
 *   (`fillsFromOrders`).
 */
import type { ErrorSpec } from '../failures.js';
import type { Balances, Credentials, Market, OHLCV, Order, Position, Ticker, Trade } from '../types.js';

/** One wire subscription. */
export interface WsChannel {
  /** Endpoint kind it lives on: a key of {@link WsSpec.endpoints} (`public`, `private`, `business`). */
  endpoint: string;
  /** Identity of the wire subscription: `books:BTC-USDT`. Channels with equal keys share one subscription. */
  key: string;
  /** The exchange's argument for subscribe/unsubscribe frames (`{ channel: 'books', instId: 'BTC-USDT' }`). */
  arg: unknown;
  /** Needs a logged-in connection. */
  private: boolean;
}

/** A channel whose data frames become values of type T. */
export interface WsValueChannel<T> extends WsChannel {
  /**
   * Values carried by one data frame (already routed by key). `receivedMs` is the exchange's time
   * when it arrived (skew-corrected), for payloads that carry no full timestamp (v1 deals carry a
   * time of day). May throw; the engine reports a BadResponse.
   */
  parse(message: unknown, receivedMs: number): T[];
  /**
   * Private channels whose pushes carry only what changed and no initial state (v1 and WEEX
   * balances, WEEX positions): the stream reads the state over REST once subscribed, then applies
   * pushes over it.
   */
  restSnapshot?: boolean;
}

/** A book level as it came off the wire: `[price, size, …]` as decimal strings (numbers tolerated). */
export type WireBookLevel = readonly (string | number)[];

/** One book frame: a full snapshot or a set of changed levels (size 0 removes a level). */
export interface BookMessage {
  /**
   * A full book (true) or changed levels (false). Undefined: the frame does not say — on a
   * `first-push` channel the first frame after a subscribe is the full book, later ones are changes.
   */
  snapshot?: boolean;
  /** Bid levels changed, as on the wire (size 0 removes a level). */
  bids: readonly WireBookLevel[];
  /** Ask levels changed, as on the wire. */
  asks: readonly WireBookLevel[];
  /** The exchange's sequence number after this frame (OKX `seqId`, WEEX `u`). */
  sequence?: number;
  /** The sequence this frame follows (OKX `prevSeqId`, WEEX `U`). */
  prevSequence?: number;
  /** Exchange time of the update, ms. */
  timestamp?: number;
  /** The exchange's checksum of the book after this frame; undefined or 0 = absent. */
  checksum?: number;
}

/** What to do with a book frame, given the sequence of the last frame applied. */
export type SequenceVerdict = 'apply' | 'skip' | 'gap';

export interface WsBookChannel extends WsChannel {
  /** Levels the exchange maintains per side on this channel; the engine trims its state to it. */
  depth: number;
  /**
   * Where snapshots come from: `channel` (a snapshot frame after each subscribe; a gap resubscribes),
   * `first-push` (like `channel`, but frames do not say which is the snapshot: the first one after a
   * subscribe is; a frame marked `snapshot: false` before it is a gap), or `rest` (deltas are
   * buffered while `fetchOrderBook(symbol, depth)` is read and spliced by `sequence`; a gap refetches).
   * Without a `sequence` rule a crossed book (best bid ≥ best ask) after a delta counts as a gap.
   */
  snapshot: 'channel' | 'first-push' | 'rest';
  /** Unified amount per wire size unit: 1, or the contract value for linear contracts (base units). */
  amountMultiplier: number;
  /** The book updates in a channel message. */
  parse(message: unknown): BookMessage[];
  /**
   * The sequence rule: `last` is the sequence after the last applied frame (the snapshot's for the
   * first delta). Absent: every frame applies (channels of full snapshots).
   */
  sequence?(last: number | undefined, message: BookMessage): SequenceVerdict;
  /** The exchange's checksum over the book's first `checksumDepth` levels, computed from the wire strings. */
  checksum?(bids: readonly WireLevelText[], asks: readonly WireLevelText[]): number;
  /** Levels per side the checksum covers; default 25. */
  checksumDepth?: number;
}

/** `[price text, size text]` exactly as received, for checksums. */
export type WireLevelText = readonly [price: string, size: string];

/** What a text frame means to the engine. */
export type WsInbound =
  /** A data frame for the subscription `key`. */
  | { type: 'data'; key: string; message: unknown }
  | { type: 'subscribed'; key: string }
  | { type: 'unsubscribed'; key: string }
  /** An ack that names only the request (WEEX `{"result":true,"id":…}`): every key of that subscribe is live. */
  | { type: 'ack'; requestId: string }
  | { type: 'login' }
  /**
   * An error frame. `requestId` ties it to the subscribe/login request that caused it, `key` to the
   * subscription it refuses (OKEx v1 names the channel, not a request), when known.
   */
  | { type: 'error'; code: string; message?: string; requestId?: string; key?: string }
  | { type: 'pong' }
  /** A server ping; `reply` is sent back as is. */
  | { type: 'ping'; reply: string }
  /** Something to log and otherwise ignore (connection-count notices and the like). */
  | { type: 'notice'; message: unknown }
  | { type: 'ignore' };

/** How a socket is kept alive and found dead. */
export type WsHeartbeat =
  /** Send `ping` after `idleMs` without any frame; the connection is dead when nothing arrives within `timeoutMs` after it. */
  | { mode: 'idle'; ping: string; idleMs: number; timeoutMs: number }
  /** Send `ping` every `intervalMs` whatever the traffic; dead after `timeoutMs` without any frame. */
  | { mode: 'interval'; ping: string; intervalMs: number; timeoutMs: number }
  /** The server pings (parse answers `{ type: 'ping', reply }`); dead after `timeoutMs` without any frame. */
  | { mode: 'server-ping'; timeoutMs: number };

/** The exchange's documented WebSocket limits; the engine stays inside them. */
export interface WsLimits {
  /** Subscriptions one connection carries before the engine opens another of the same kind. */
  subscriptionsPerConnection: number;
  /** New connections per second (per IP). */
  connectionsPerSecond: number;
  /** A longer window the exchange also counts new connections over (WEEX: 300 per 5 minutes per IP). */
  connectionsPerWindow?: { limit: number; windowMs: number };
  /** Subscribe + unsubscribe + login frames per hour per connection; past it new subscriptions go to a fresh connection. */
  requestsPerHour?: number;
  /** Arguments per subscribe/unsubscribe frame. */
  argsPerFrame: number;
}

/** What an adapter knows when it builds its spec. */
export interface WsSpecContext {
  /** The adapter's unified market of an exchange id (and type, where ids repeat across types). */
  marketById(id: string, type?: Market['type']): Market | undefined;
  /** Every loaded market, for channels kept per market (v1 pushes balances per pair). */
  markets?(): readonly Market[];
}

/**
 * The streams an exchange offers: each builder maps unified arguments to a channel. A builder may
 * throw an ExchangeError (BadRequest, NotSupported) for arguments its exchange cannot stream; the
 * engine calls it before anything is sent.
 */
export interface WsChannels {
  /** Ticker channel of a market. */
  ticker?(market: Market): WsValueChannel<Ticker>;
  /** Book channel of a market at a depth. */
  orderBook?(market: Market, depth: number): WsBookChannel;
  /** Public trades channel of a market. */
  trades?(market: Market): WsValueChannel<Trade>;
  /** Candle channel of a market and timeframe. */
  ohlcv?(market: Market, timeframe: string): WsValueChannel<OHLCV>;
  /**
   * Own orders, of `market` when the caller named one (undefined: all markets); the engine filters
   * by symbol. Exchanges that push orders per market or per account type choose the channel by it.
   */
  orders?(market: Market | undefined): WsValueChannel<Order>;
  /** Own fills, chosen like `orders`; the engine filters by symbol. */
  myTrades?(market: Market | undefined): WsValueChannel<Trade>;
  /** Balance channel of an account type. */
  balance?(type: 'spot' | 'swap'): WsValueChannel<Balances>;
  /** Position changes; a closed position is reported with amount 0. */
  positions?(): WsValueChannel<Position>;
}

/**
 * The argument check of one stream kind: the builder's arguments, nothing returned; throws an
 * ExchangeError (BadRequest, NotSupported) for arguments the exchange cannot stream.
 */
export type WsChannelCheck<K extends keyof WsChannels> = (...args: Parameters<NonNullable<WsChannels[K]>>) => void;

/**
 * What an exchange streams, known without its spec: carried by the exchange class, so `has.watch*`
 * and every refusal of `watch*` arguments come before anything is loaded or sent. Each offered kind
 * is `true` (nothing to refuse before its market is known) or its check; the spec's builders refuse
 * the same arguments (the adapter's ws.ts calls the same checks).
 */
export interface WsRules {
  /** The subpath that carries the spec and the engine for a bundled app (`@exchange-adapters/okx/streams`). */
  entry?: string;
  /** The stream kinds offered, each with its argument check. */
  channels: { readonly [K in keyof WsChannels]?: true | WsChannelCheck<K> };
  /** As {@link WsSpec.fillsFromOrders}. */
  fillsFromOrders?: boolean;
}

/**
 * Everything the stream engine needs to know about one exchange's WebSocket API: endpoints, limits,
 * heartbeat, channels, frames, login and error codes.
 */
export interface WsSpec {
  /** Exchange id, as in errors. */
  id: string;
  /**
   * The exchange has no own-fills channel, but its order pushes carry each order's cumulative
   * filled amount and cost: `watchMyTrades` then reads the `orders` channel and yields one fill per
   * increase of an order's filled amount (id `<orderId>:<filled>`, no fee), catching up from order
   * states over REST after a reconnect.
   */
  fillsFromOrders?: boolean;
  /** Display name for hints. */
  name: string;
  /** Endpoint kind → URL, already resolved for demo/region/`wsUrl`. */
  endpoints: Readonly<Record<string, string>>;
  /** Documented connection and subscription limits. */
  limits: WsLimits;
  /** Keep-alive rule. */
  heartbeat: WsHeartbeat;
  /** Channel builders per stream. */
  channels: WsChannels;
  /** Credentials a login needs; checked (AuthMissing) before a private stream connects. */
  credentials: readonly (keyof Credentials)[];
  /** The login frame for a timestamp from the skew-corrected clock. Secret: never logged. */
  login?(credentials: Readonly<Credentials>, timestampMs: number): string;
  /**
   * Headers for the WebSocket upgrade of an endpoint kind, built at every connect: WEEX signs its
   * private sockets with `ACCESS-*` headers instead of a login frame (`authenticated: true`), and
   * wants a User-Agent everywhere. Secret: never logged. A refused upgrade (HTTP 401/403) of an
   * authenticated endpoint ends its private streams with AuthInvalid.
   */
  upgradeHeaders?(
    endpoint: string,
    credentials: Readonly<Credentials>,
    timestampMs: number,
  ): { headers: Readonly<Record<string, string>>; authenticated: boolean } | undefined;
  /**
   * Reads a refused upgrade (HTTP status and body) of an authenticated endpoint: WEEX answers its
   * V3 `{code, msg}`. A TimestampExpired refusal re-learns the clock and reconnects; other
   * authentication kinds end the private streams. Undefined: a 401/403 is AuthInvalid.
   */
  upgradeRefusal?(status: number, body: string): ErrorSpec | undefined;
  /** The subscribe frame for channel args. */
  subscribe(args: readonly unknown[], requestId: string): string;
  /** The unsubscribe frame for channel args. */
  unsubscribe(args: readonly unknown[], requestId: string): string;
  /**
   * Reads one text frame from a socket of `endpoint` kind (where kinds share a wire format but not
   * a namespace: WEEX spot and futures both name `ETHUSDT`). Must not throw on garbage: answer
   * `{ type: 'ignore' }` or a notice. A frame that bundles several messages (OKEx v1 sends arrays)
   * reads as a list, handled in order.
   */
  parse(text: string, endpoint: string): WsInbound | readonly WsInbound[];
  /** Binary frames → text, for exchanges that compress (OKEx v1 raw DEFLATE). */
  decodeBinary?(data: Uint8Array): string;
  /** An error frame's code and message → kind and hint (the REST table where codes are shared). */
  classifyError(code: string, message: string | undefined): ErrorSpec;
  /** WebSocket close codes the exchange uses → kind and hint. */
  closeCodes?: Readonly<Record<number, { kind: ErrorSpec['kind']; hint: string }>>;
}
