/**
 * Hostile WebSocket frames, on every adapter's stream spec: the engine hands each text frame to
 * `spec.parse` inside the socket's message handler, so a throw there would escape as an uncaught
 * exception. The contract (WsSpec.parse) is that garbage reads as a notice or is ignored, never
 * thrown. Frames are generated three ways: any text, any JSON, and the recorded frames of each
 * exchange (shared/fixtures/<exchange>/ws-*.json) with one value replaced, one key dropped or the
 * whole frame wrapped or truncated. Error codes are classified without throwing too, to a kind of
 * the taxonomy.
 *
 * Then the pushes themselves: each recorded push, mutated the same way, goes to the channel it
 * names, built for the simulator's markets. A channel may refuse a push (the engine reports it as
 * BadResponse and, for a book, fetches it again), but never as the caller's fault (BadRequest),
 * and what it reads has no NaN or infinite number outside `info`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createExchange, ERROR_KINDS, type ExchangeId, isExchangeError, type Market } from '@exchange-adapters/core';
import type { WsBookChannel, WsInbound, WsSpec, WsSpecContext, WsValueChannel } from '@exchange-adapters/core/adapter';
import { okexV1WsUrls } from '@exchange-adapters/okex-v1';
import { createOkexV1WsSpec } from '@exchange-adapters/okex-v1/streams';
import { OKX_TIMEFRAMES, okxWsUrls } from '@exchange-adapters/okx';
import { createOkxWsSpec } from '@exchange-adapters/okx/streams';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import { weexWsUrls } from '@exchange-adapters/weex';
import { createWeexWsSpec } from '@exchange-adapters/weex/streams';
import fc from 'fast-check';
import { nonFinite } from './support/observe.js';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');

interface Adapter {
  id: ExchangeId;
  spec(context: WsSpecContext): WsSpec;
  /** Instruments of the recorded frames the simulator does not list → one it does, of the same kind. */
  renamed: Record<string, string>;
}

const ADAPTERS: Adapter[] = [
  {
    id: 'okx',
    spec: (context) => createOkxWsSpec({ urls: okxWsUrls({ region: 'global', demo: false }), timeframes: OKX_TIMEFRAMES, context }),
    renamed: { 'BCH-USDT-SWAP': 'ETH-USDT-SWAP', 'BTC-USD"': 'BTC-USDT"' },
  },
  {
    id: 'weex',
    spec: (context) =>
      createWeexWsSpec({
        urls: weexWsUrls({
          'spot-public': 'ws://127.0.0.1:1/v3/ws/public',
          'spot-private': 'ws://127.0.0.1:1/v3/ws/private',
          'contract-public': 'ws://127.0.0.1:1/capi/v3/ws/public',
          'contract-private': 'ws://127.0.0.1:1/capi/v3/ws/private',
        }),
        userAgent: 'hostile-input',
        context,
      }),
    renamed: {},
  },
  { id: 'okex-v1', spec: (context) => createOkexV1WsSpec({ urls: okexV1WsUrls('ws://127.0.0.1:1'), context }), renamed: {} },
];

/** A spec's context over `markets`. */
function contextOf(markets: readonly Market[]): WsSpecContext {
  return {
    marketById: (id, type) => markets.find((market) => market.id === id && (type === undefined || market.type === type)),
    markets: () => markets,
  };
}

/** The recorded WebSocket frames of an exchange, as JSON values. */
function recordedFrames(id: string): unknown[] {
  const dir = path.join(FIXTURES, id);
  const frames = fs
    .readdirSync(dir)
    .filter((name) => name.startsWith('ws-') && name.endsWith('.json'))
    .map((name) => (JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as { response: unknown }).response)
    .filter((response) => response !== undefined && typeof response !== 'string');
  return frames;
}

/** Every path to a value inside a JSON value. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out: Array<Array<string | number>> = [prefix];
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) out.push(...paths(item, [...prefix, index]));
  } else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) out.push(...paths(item, [...prefix, key]));
  return out;
}

/** `value` with the element at `at` replaced (or removed, when `replacement` is the marker). */
function edited(value: unknown, at: Array<string | number>, replacement: unknown, remove: boolean): unknown {
  if (at.length === 0) return replacement;
  const copy: unknown = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = at[at.length - 1] as string | number;
  if (remove && Array.isArray(parent)) parent.splice(Number(last), 1);
  else if (remove) delete parent[last];
  else parent[last] = replacement;
  return copy;
}

const hostileValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1e308, '', '0', 'NaN', '1e400', '-', 'undefined', '{}', '[]', '__proto__'),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('code', 'msg', 'event', 'arg', 'data', 'channel', 'e', 's', 'id'), fc.jsonValue({ maxDepth: 1 }), {
    maxKeys: 3,
  }),
);

/** A recorded frame with one value replaced or removed, or wrapped in an array, or cut short. */
function mutatedFrames(frames: unknown[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...frames), fc.nat(), hostileValue, fc.constantFrom('replace', 'remove', 'wrap', 'truncate'), fc.nat())
    .map(([frame, pick, replacement, how, cut]) => {
      if (how === 'wrap') return JSON.stringify([frame, frame]);
      if (how === 'truncate') {
        const text = JSON.stringify(frame);
        return text.slice(0, cut % text.length);
      }
      const all = paths(frame);
      const at = all[pick % all.length] as Array<string | number>;
      return JSON.stringify(edited(frame, at, replacement, how === 'remove'));
    });
}

const INBOUND_TYPES = new Set(['data', 'subscribed', 'unsubscribed', 'ack', 'login', 'error', 'pong', 'ping', 'notice', 'ignore']);

function expectInbound(inbound: WsInbound | readonly WsInbound[]): void {
  for (const item of Array.isArray(inbound) ? inbound : [inbound]) {
    expect(INBOUND_TYPES.has((item as WsInbound).type)).toBe(true);
  }
}

describe.each(ADAPTERS)('$id WebSocket spec', ({ id, spec: specOf }) => {
  const spec = specOf(contextOf([]));
  const endpoints = Object.keys(spec.endpoints);
  const frames = recordedFrames(id);

  it('has recorded frames to start from', () => {
    expect(frames.length).toBeGreaterThan(5);
  });

  it('reads any text, any JSON and every mutated recorded frame without throwing', () => {
    let parsed = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          { weight: 1, arbitrary: fc.string({ maxLength: 64 }) },
          { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
          { weight: 6, arbitrary: mutatedFrames(frames) },
        ),
        fc.constantFrom(...endpoints),
        (text, endpoint) => {
          expectInbound(spec.parse(text, endpoint));
          parsed++;
        },
      ),
      {
        numRuns: 10_000,
        seed: 7,
        // Found by this property with another seed: a push whose `arg` is null threw in OKX's parser.
        examples: [['{"arg":null,"data":[{"instId":"BTC-USD"}]}', endpoints[0] as string]],
      },
    );
    expect(parsed).toBe(10_000);
  });

  it('classifies any error code and message to a kind of the taxonomy without throwing', () => {
    const classify = spec.classifyError.bind(spec);
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1, max: 70_000 }).map(String)),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        (code, message) => {
          expect(ERROR_KINDS).toContain(classify(code, message).kind);
        },
      ),
      { numRuns: 2_000, seed: 7 },
    );
  });
});

// ── the pushes, through the channels they name ────────────────────────────────────────────────

type Channel = WsValueChannel<unknown> | WsBookChannel;

/** Every channel a spec builds for these markets (a builder may refuse some: NotSupported, BadRequest). */
function channelsOf(spec: WsSpec, markets: readonly Market[]): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  const { ticker, trades, orderBook, ohlcv, orders, myTrades, balance, positions } = spec.channels;
  const builds: Array<() => Channel | undefined> = [
    () => orders?.(undefined),
    () => myTrades?.(undefined),
    () => balance?.('spot'),
    () => balance?.('swap'),
    () => positions?.(),
  ];
  for (const market of markets) {
    builds.push(
      () => ticker?.(market),
      () => trades?.(market),
      () => orders?.(market),
      () => myTrades?.(market),
      ...[1, 5, 10, 15, 20, 200, 400].map((depth) => () => orderBook?.(market, depth)),
      ...['1m', '1h', '1d'].map((timeframe) => () => ohlcv?.(market, timeframe)),
    );
  }
  for (const build of builds) {
    try {
      const channel = build();
      if (channel) channels.set(channel.key, channel);
    } catch {
      // not streamed for this market or without a symbol: nothing to feed
    }
  }
  return channels;
}

describe('pushes through the channels they name', () => {
  let sim: Simulator;
  const markets = new Map<ExchangeId, Market[]>();

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5 });
    for (const { id } of ADAPTERS) {
      const exchange = await createExchange(id, sim.exchangeOptions(id));
      markets.set(id, Object.values(await exchange.loadMarkets()));
      await exchange.close();
    }
  });

  afterAll(async () => {
    await sim.close();
  });

  it.each(ADAPTERS)('$id: reads each mutated push to finite values, or refuses it as a reply problem', ({ id, spec: specOf, renamed }) => {
    const known = markets.get(id) ?? [];
    const spec = specOf(contextOf(known));
    const channels = channelsOf(spec, known);
    const endpoints = Object.keys(spec.endpoints);
    const frames = recordedFrames(id).map((frame) => {
      let text = JSON.stringify(frame);
      for (const [from, to] of Object.entries(renamed)) text = text.split(from).join(to);
      return JSON.parse(text) as unknown;
    });
    let read = 0;
    let refused = 0;
    fc.assert(
      fc.property(mutatedFrames(frames), fc.constantFrom(...endpoints), (text, endpoint) => {
        const inbound = spec.parse(text, endpoint);
        for (const item of Array.isArray(inbound) ? inbound : [inbound]) {
          if ((item as WsInbound).type !== 'data') continue;
          const { key, message } = item as Extract<WsInbound, { type: 'data' }>;
          const channel = channels.get(key);
          if (!channel) continue;
          let values: unknown[];
          try {
            values = channel.parse(message, 1_700_000_000_000) as unknown[];
          } catch (error) {
            refused++;
            expect(error).toBeInstanceOf(Error);
            expect({ key, kind: isExchangeError(error) ? error.kind : 'Error' }).not.toEqual({ key, kind: 'BadRequest' });
            continue;
          }
          read++;
          // Book frames carry wire levels and sequence numbers the engine checks (book-keeper.ts).
          if ('depth' in channel) continue;
          expect({ key, nonFinite: nonFinite(values, key) }).toEqual({ key, nonFinite: [] });
        }
      }),
      { numRuns: 4_000, seed: 7 },
    );
    // Many mutated frames are acks, logins or pushes of markets the simulator does not list; enough reach a channel.
    expect(read).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(0);
  });
});
