/**
 * Each adapter's stream rules (ws-rules.ts, carried by the exchange class) against its WebSocket
 * tables (ws.ts, loaded from the adapter's `/streams` subpath when a stream starts). The rules
 * decide `has.watch*` and refuse `watch*` arguments before anything is loaded or sent; the tables
 * build the channels. They must agree: a stream the rules offer has a channel, and an argument is
 * refused at the call exactly when, and as, the channel builder would refuse it.
 */
import { createExchange, type Exchange, type ExchangeId, isExchangeError, type Market } from '@exchange-adapters/core';
import { streamCapabilities, type WsChannels, type WsRules, type WsSpec, type WsSpecContext } from '@exchange-adapters/core/adapter';
import { OKEX_V1_WS_RULES, okexV1WsUrls } from '@exchange-adapters/okex-v1';
import { createOkexV1WsSpec } from '@exchange-adapters/okex-v1/streams';
import { OKX_TIMEFRAMES, OKX_WS_RULES, okxWsUrls } from '@exchange-adapters/okx';
import { createOkxWsSpec } from '@exchange-adapters/okx/streams';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import { type WeexWsUrls, weexWsRules, weexWsUrls } from '@exchange-adapters/weex';
import { createWeexWsSpec } from '@exchange-adapters/weex/streams';

type Kind = keyof WsChannels;
const KINDS: Kind[] = ['ticker', 'orderBook', 'trades', 'ohlcv', 'orders', 'myTrades', 'balance', 'positions'];
const TIMEFRAMES = ['1m', '5m', '1h', '4h', '6h', '1d', '1w', '1M', '7m', '', '1H'];

/** What a call did: returned, or threw which error. */
function outcome(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    return isExchangeError(error) ? `${error.kind}: ${error.message}` : `not an ExchangeError: ${String(error)}`;
  }
}

/** Every argument list a builder of `kind` takes, over these markets. */
function argumentsOf(kind: Kind, markets: readonly Market[]): unknown[][] {
  switch (kind) {
    case 'ticker':
    case 'trades':
      return markets.map((market) => [market]);
    case 'orderBook':
      return markets.flatMap((market) => [1, 5, 20, 400].map((depth) => [market, depth]));
    case 'ohlcv':
      return markets.flatMap((market) => TIMEFRAMES.map((timeframe) => [market, timeframe]));
    case 'orders':
    case 'myTrades':
      return [[undefined], ...markets.map((market) => [market])];
    case 'balance':
      return [['spot'], ['swap']];
    case 'positions':
      return [[]];
  }
}

function contextOf(markets: readonly Market[]): WsSpecContext {
  return {
    marketById: (id, type) => markets.find((market) => market.id === id && (type === undefined || market.type === type)),
    markets: () => markets,
  };
}

/** The rules of `rules` and the builders of `spec` agree on every argument over `markets`. */
function expectAgreement(rules: WsRules, spec: WsSpec, markets: readonly Market[]): number {
  expect(streamCapabilities(rules)).toEqual(streamCapabilities(spec));
  expect(rules.fillsFromOrders === true).toBe(spec.fillsFromOrders === true);
  let compared = 0;
  for (const kind of KINDS) {
    const rule = rules.channels[kind];
    const build = spec.channels[kind] as ((...args: unknown[]) => unknown) | undefined;
    expect([kind, rule !== undefined]).toEqual([kind, build !== undefined]);
    if (!rule || !build) continue;
    for (const args of argumentsOf(kind, markets)) {
      const checked = rule === true ? 'ok' : outcome(() => (rule as (...args: unknown[]) => void)(...args));
      const built = outcome(() => build.apply(spec.channels, args));
      expect({ kind, args: describe(args), refusal: checked }).toEqual({ kind, args: describe(args), refusal: built });
      compared++;
    }
  }
  return compared;
}

const describe = (args: unknown[]) => args.map((arg) => (typeof arg === 'object' && arg !== null ? (arg as Market).symbol : arg));

let sim: Simulator;
const markets = new Map<ExchangeId, Market[]>();
const exchanges: Exchange[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
  for (const id of ['okx', 'weex', 'okex-v1'] as const) {
    const exchange = await createExchange(id, sim.exchangeOptions(id));
    exchanges.push(exchange);
    markets.set(id, Object.values(await exchange.loadMarkets()));
  }
}, 60_000);

afterAll(async () => {
  await Promise.all(exchanges.map((exchange) => exchange.close()));
  await sim?.close();
});

const WEEX_SIM_URLS: Record<string, string> = {
  'spot-public': 'ws://127.0.0.1:1/v3/ws/public',
  'spot-private': 'ws://127.0.0.1:1/v3/ws/private',
  'contract-public': 'ws://127.0.0.1:1/capi/v3/ws/public',
  'contract-private': 'ws://127.0.0.1:1/capi/v3/ws/private',
};

it('OKX: the rules offer what ws.ts builds and refuse what it refuses', () => {
  const list = markets.get('okx') as Market[];
  const spec = createOkxWsSpec({
    urls: okxWsUrls({ region: 'global', demo: false }),
    timeframes: OKX_TIMEFRAMES,
    context: contextOf(list),
  });
  expect(expectAgreement(OKX_WS_RULES, spec, list)).toBeGreaterThan(list.length * TIMEFRAMES.length);
});

it.each([
  ['every socket named', WEEX_SIM_URLS, false],
  ['demo trading', WEEX_SIM_URLS, true],
  ['wsUrl naming the spot host only', 'ws://127.0.0.1:1', false],
])('WEEX (%s): the rules offer what ws.ts builds and refuse what it refuses', (_name, wsUrl, demo) => {
  const list = markets.get('weex') as Market[];
  const urls: Readonly<WeexWsUrls> = weexWsUrls(wsUrl);
  const spec = createWeexWsSpec({ urls, demo, userAgent: 'ws-rules-test', context: contextOf(list) });
  expect(expectAgreement(weexWsRules(urls, demo), spec, list)).toBeGreaterThan(list.length * TIMEFRAMES.length);
});

it('OKEx v1: the rules offer what ws.ts builds and refuse what it refuses', () => {
  const list = markets.get('okex-v1') as Market[];
  const spec = createOkexV1WsSpec({ urls: okexV1WsUrls('ws://127.0.0.1:1'), context: contextOf(list) });
  expect(expectAgreement(OKEX_V1_WS_RULES, spec, list)).toBeGreaterThan(list.length * TIMEFRAMES.length);
});

it('each exchange instance states the rules its class carries, and loads the same tables', async () => {
  for (const exchange of exchanges) {
    const internals = exchange as unknown as { wsRules(): WsRules; wsSpec(): Promise<WsSpec> };
    const rules = internals.wsRules();
    const spec = await internals.wsSpec();
    const flags = Object.fromEntries(Object.entries(exchange.has).filter(([name]) => name.startsWith('watch')));
    expect(flags).toEqual(streamCapabilities(rules));
    expect(expectAgreement(rules, spec, markets.get(exchange.id as ExchangeId) as Market[])).toBeGreaterThan(0);
  }
});
