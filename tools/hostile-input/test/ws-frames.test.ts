/**
 * Hostile WebSocket frames, on every adapter's stream spec: the engine hands each text frame to
 * `spec.parse` inside the socket's message handler, so a throw there would escape as an uncaught
 * exception. The contract (WsSpec.parse) is that garbage reads as a notice or is ignored, never
 * thrown. Frames are generated three ways: any text, any JSON, and the recorded frames of each
 * exchange (shared/fixtures/<exchange>/ws-*.json) with one value replaced, one key dropped or the
 * whole frame wrapped or truncated. Error codes and close reasons are classified without throwing
 * too, to a kind of the taxonomy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_KINDS } from '@exchange-adapters/core';
import type { WsInbound, WsSpec } from '@exchange-adapters/core/adapter';
import { createOkexV1WsSpec, okexV1WsUrls } from '@exchange-adapters/okex-v1';
import { createOkxWsSpec, okxWsUrls } from '@exchange-adapters/okx';
import { createWeexWsSpec, weexWsUrls } from '@exchange-adapters/weex';
import fc from 'fast-check';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures');
const context = { marketById: () => undefined, markets: () => [] };

const SPECS: Array<{ id: string; spec: WsSpec }> = [
  {
    id: 'okx',
    spec: createOkxWsSpec({ urls: okxWsUrls({ region: 'global', demo: false }), timeframes: {}, context }),
  },
  {
    id: 'weex',
    spec: createWeexWsSpec({
      urls: weexWsUrls({
        'spot-public': 'ws://127.0.0.1:1/v3/ws/public',
        'spot-private': 'ws://127.0.0.1:1/v3/ws/private',
        'contract-public': 'ws://127.0.0.1:1/capi/v3/ws/public',
        'contract-private': 'ws://127.0.0.1:1/capi/v3/ws/private',
      }),
      userAgent: 'hostile-input',
      context,
    }),
  },
  { id: 'okex-v1', spec: createOkexV1WsSpec({ urls: okexV1WsUrls('ws://127.0.0.1:1'), context }) },
];

/** The recorded WebSocket frames of an exchange, as the socket delivers them (text). */
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
  if (Array.isArray(value)) value.forEach((item, index) => out.push(...paths(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null)
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

describe.each(SPECS)('$id WebSocket spec', ({ id, spec }) => {
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
