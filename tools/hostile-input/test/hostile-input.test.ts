/**
 * Hostile and careless input, on every adapter, against the simulator over real sockets:
 *
 * - generated bad arguments for every public method (and bad constructor options) must give a
 *   typed ExchangeError, at once, with no request reaching the venue;
 * - generated valid-but-careless arguments may fail, but only with a typed error, with clean
 *   content on the wire and finite numbers in the result;
 * - malformed replies (truncated, HTML, empty, reset, trickling, 1e400, huge values, wrong types,
 *   arbitrary JSON) must give BadResponse/NetworkError (or, where the adapter never reads the
 *   broken field, a clean result) within the request deadline;
 * - the credentials occur nowhere a program can look: errors, events, logs, inspect and JSON.
 *
 * Every figure is counted, asserted to be 0 and printed with the number of generated cases
 * (also written to .test-results/hostile-input.md). The seed is fixed so every run checks the
 * same cases; fast-check prints the seed and the shrunk counterexample of a failing property.
 * FC_SEED=<seed> replays one, FC_SEED=random explores new cases; REPLY_RUNS=<n> and VALID_RUNS=<n>
 * generate more malformed replies (70) and valid calls per method (4) than the test command runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  createExchange,
  type Exchange,
  type ExchangeId,
  type ExchangeOptions,
  isExchangeError,
  type Market,
} from '@exchange-adapters/core';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import fc from 'fast-check';
import { type CaseContext, type MethodCase, methodCases } from './support/cases.js';
import { nonFinite, Observer } from './support/observe.js';
import { type Fault, faultLabel, RecordingProxy, type SeenRequest } from './support/proxy.js';

interface AdapterFacts {
  id: ExchangeId;
  name: string;
  /** Wire fields of an order the adapter writes itself (from its protocol note). */
  ownedOrderFields: string[];
  ownedLeverageFields: string[];
  publicPaths: string[];
  /** Credentials whose encodings differ from their text, for the hostile instance. */
  awkward: ExchangeOptions;
  /** What the adapter needs to match the simulator's venue. */
  venueOptions?: Record<string, unknown>;
}

const ADAPTERS: AdapterFacts[] = [
  {
    id: 'okx',
    name: 'OKX',
    ownedOrderFields: ['instId', 'tdMode', 'clOrdId', 'side', 'ordType', 'px', 'sz', 'tgtCcy', 'posSide', 'reduceOnly'],
    ownedLeverageFields: ['instId', 'lever', 'mgnMode', 'posSide'],
    publicPaths: ['/api/v5/public/time', '/api/v5/market/ticker'],
    awkward: { apiKey: 'okx key/7f+3a=9c', secret: 'okx"secret\\with&quotes=', passphrase: 'Okx pass phrase!#%42' },
  },
  {
    id: 'weex',
    name: 'WEEX',
    ownedOrderFields: ['symbol', 'side', 'positionSide', 'type', 'quantity', 'price', 'timeInForce', 'newClientOrderId'],
    ownedLeverageFields: ['symbol', 'marginType', 'crossLeverage', 'isolatedLongLeverage', 'isolatedShortLeverage'],
    publicPaths: ['/api/v3/time', '/capi/v3/market/time'],
    awkward: { apiKey: 'weex_key 9/8+7=', secret: 'weex"secret&=?#', passphrase: 'Weex pass phrase!#%43' },
  },
  {
    id: 'okex-v1',
    name: 'OKEx v1',
    ownedOrderFields: ['symbol', 'type', 'price', 'amount', 'contract_type', 'match_price', 'api_key', 'sign'],
    ownedLeverageFields: [],
    publicPaths: ['/api/v1/ticker.do', '/api/v1/depth.do'],
    awkward: { apiKey: 'v1 api key/+=&42', secret: 'V1 SECRET"&=%?' },
    // v1 has no instruments endpoint: the venue's pairs are configuration (the simulator lists two).
    venueOptions: { spotMarkets: ['btc_usdt', 'eth_usdt'], futuresCoins: ['btc'] },
  },
];

/** Generated cases per property; the whole suite stays well under a minute on two cores. */
const RUNS = { invalid: 60, valid: Number(process.env.VALID_RUNS ?? 4), options: 150, replies: Number(process.env.REPLY_RUNS ?? 70) };
const SEED = process.env.FC_SEED === 'random' ? undefined : Number(process.env.FC_SEED ?? 20261201);
/** The request deadline of the instance that gets malformed replies. */
const TIMEOUT_MS = 1000;
/** The deadline of the instances that get valid calls: the simulator computes some replies (2 000 daily candles) slowly on a busy machine. */
const CALM_TIMEOUT_MS = 8000;
/**
 * A local refusal that takes longer than this has hung. Generous on purpose: a refusal settles in
 * microseconds, so only a call that never settles gets near it, however loaded the machine is.
 */
const LOCAL_BOUND_MS = 20_000;
/**
 * How far past its deadlines (and its rate-limit waits) a call may end before it counts as hung. A
 * call without a working total deadline never ends under a trickling or stalled reply and meets
 * settle's cap; the slack only absorbs scheduling delays on a shared machine (load 40 on 2 cores
 * stretched a 1 s deadline by seconds), so the figure never depends on wall-clock luck.
 */
const DEADLINE_SLACK_MS = 20_000;

interface Figures {
  invalidCases: number;
  validCases: number;
  optionCases: number;
  replyCases: number;
  untyped: number;
  acceptedInvalid: number;
  requestsWithInvalidContent: number;
  nonFiniteResults: number;
  malformedAccepted: number;
  /** A reply's problem reported as the caller's (BadRequest). */
  replyBlamedOnCaller: number;
  hangs: number;
  credentialOccurrences: number;
}

const FIGURES = new Map<ExchangeId, Figures>(
  ADAPTERS.map(({ id }) => [
    id,
    {
      invalidCases: 0,
      validCases: 0,
      optionCases: 0,
      replyCases: 0,
      untyped: 0,
      acceptedInvalid: 0,
      requestsWithInvalidContent: 0,
      nonFiniteResults: 0,
      malformedAccepted: 0,
      replyBlamedOnCaller: 0,
      hangs: 0,
      credentialOccurrences: 0,
    },
  ]),
);

type Outcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'typed'; error: { kind: string } }
  | { kind: 'untyped'; error: unknown }
  | { kind: 'hang' };

/** Runs a call (sync or async) under a hard cap; the cap only exists to report a hang instead of stalling the suite. */
async function settle(call: () => unknown, capMs: number): Promise<Outcome & { ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'hang' }), capMs);
  });
  const run = (async (): Promise<Outcome> => {
    try {
      return { kind: 'ok', value: await call() };
    } catch (error) {
      return isExchangeError(error) ? { kind: 'typed', error } : { kind: 'untyped', error };
    }
  })();
  const outcome = await Promise.race([run, cap]);
  clearTimeout(timer);
  return { ...outcome, ms: performance.now() - started };
}

const GARBAGE_VALUES = new Set(['NaN', 'Infinity', '-Infinity', 'undefined', 'null', '[object Object]', '']);
const EXPONENT = /^-?\d+(\.\d+)?e[+-]?\d+$/i;

/** What is wrong with the content of a request, or undefined: NaN, [object Object], exponents, huge values. */
function invalidContent(request: SeenRequest): string | undefined {
  const url = new URL(request.url, 'http://venue');
  const values: Array<[string, string]> = [...url.searchParams.entries()];
  const body = request.body.trim();
  if (body.startsWith('{') || body.startsWith('[')) {
    if (/[:[,]\s*-?\d+(\.\d+)?e[+-]?\d+/i.test(body)) return 'a number in exponent notation in the JSON body';
    const walk = (value: unknown, at: string): void => {
      if (typeof value === 'string') values.push([at, value]);
      else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, `${at}.${key}`);
    };
    walk(JSON.parse(body), 'body');
  } else if (body) {
    values.push(...new URLSearchParams(body).entries());
  }
  for (const [name, value] of values) {
    if (GARBAGE_VALUES.has(value) && name !== 'sign') return `${name}=${JSON.stringify(value)}`;
    if (value.includes('[object ') || value.startsWith('function')) return `${name} holds ${value.slice(0, 40)}`;
    if (EXPONENT.test(value)) return `${name}=${value} (exponent notation)`;
    if (value.length > 1024) return `${name} holds ${value.length} characters`;
  }
  if (request.url.length > 4096) return `a URL of ${request.url.length} characters`;
  return undefined;
}

interface Leaf {
  parent: Record<string, unknown>;
  key: string;
}

/** Every scalar of a JSON value with the object or array holding it. */
function leavesOf(value: unknown, leaves: Leaf[] = []): Leaf[] {
  if (value === null || typeof value !== 'object') return leaves;
  for (const [key, item] of Object.entries(value)) {
    if (item !== null && typeof item === 'object') leavesOf(item, leaves);
    else leaves.push({ parent: value as Record<string, unknown>, key });
  }
  return leaves;
}

/** Paths to numbers that are not finite in a unified result (`info` and `error` are the exchange's and ours). */
function credentialsOf(options: ExchangeOptions): string[] {
  return [options.apiKey, options.secret, options.passphrase].filter((value): value is string => typeof value === 'string');
}

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 11 });
});

afterAll(async () => {
  await sim.close();
  const lines = [`| measure | ${ADAPTERS.map(({ name }) => name).join(' | ')} |`, `|---|${ADAPTERS.map(() => '---').join('|')}|`];
  const row = (label: string, pick: (figures: Figures) => number) =>
    lines.push(`| ${label} | ${ADAPTERS.map(({ id }) => pick(FIGURES.get(id) as Figures)).join(' | ')} |`);
  row('generated cases: invalid arguments', (f) => f.invalidCases);
  row('generated cases: invalid constructor options', (f) => f.optionCases);
  row('generated cases: valid arguments', (f) => f.validCases);
  row('generated cases: malformed replies', (f) => f.replyCases);
  row('untyped errors (TypeError, big.js, …)', (f) => f.untyped);
  row('invalid inputs accepted', (f) => f.acceptedInvalid);
  row('requests with invalid content (sent for an invalid input, or garbage on the wire)', (f) => f.requestsWithInvalidContent);
  row('malformed replies not reported as BadResponse/NetworkError', (f) => f.malformedAccepted);
  row('malformed replies reported as the caller’s fault (BadRequest)', (f) => f.replyBlamedOnCaller);
  row('non-finite numbers in unified results', (f) => f.nonFiniteResults);
  row('calls hung past the deadline', (f) => f.hangs);
  row('credential occurrences in observable text', (f) => f.credentialOccurrences);
  const table = lines.join('\n');
  console.log(`Hostile-input figures (${SEED === undefined ? 'random seeds' : `seed ${SEED}`}):\n${table}`);
  const dir = path.join(__dirname, '..', '.test-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'hostile-input.md'), `${table}\n`);
});

describe.each(ADAPTERS)('$name', (facts) => {
  const figures = FIGURES.get(facts.id) as Figures;
  const observer = new Observer();
  let proxy: RecordingProxy;
  /** Simulator credentials: valid calls succeed. */
  let exchange: Exchange;
  let exchangeOptions: ExchangeOptions;
  /** Credentials whose encodings differ from their text: every bad argument goes here. */
  let hostile: Exchange;
  /** No retries and a short deadline: each malformed reply is one request. */
  let fragile: Exchange;
  /** No retries and the calm deadline: for a reply whose exact error is asserted, not its timing. */
  let strict: Exchange;
  let context: CaseContext;
  let cases: MethodCase[];
  const open: Exchange[] = [];

  /** Time a call spent waiting on purpose (retry backoff, rate-limit slots): not a hang. */
  let waitedMs = 0;
  const make = async (options: ExchangeOptions): Promise<Exchange> => {
    const created = await createExchange(facts.id, {
      baseUrl: proxy.url,
      timeoutMs: CALM_TIMEOUT_MS,
      logger: observer.logger,
      ...facts.venueOptions,
      ...options,
    } as ExchangeOptions);
    observer.watch(created);
    created.on('retry', (event) => {
      waitedMs += event.delayMs;
    });
    created.on('rateLimit', (event) => {
      waitedMs += event.waitMs;
    });
    open.push(created);
    return created;
  };

  const leaks: string[] = [];
  const scanCredentials = () => {
    for (const created of open) observer.exchange(created);
    const { count, samples } = observer.drainOccurrences([...credentialsOf(exchangeOptions), ...credentialsOf(facts.awkward)]);
    figures.credentialOccurrences += count;
    leaks.push(...samples.slice(0, Math.max(0, 5 - leaks.length)));
  };

  beforeAll(async () => {
    proxy = await new RecordingProxy(sim.url).start();
    exchangeOptions = { ...sim.credentials[facts.id] };
    exchange = await make(exchangeOptions);
    hostile = await make(facts.awkward);
    fragile = await make({ ...exchangeOptions, retry: false, timeoutMs: TIMEOUT_MS });
    strict = await make({ ...exchangeOptions, retry: false });
    const markets = await exchange.loadMarkets();
    await hostile.loadMarkets();
    await fragile.loadMarkets();
    await strict.loadMarkets();
    const symbols = Object.keys(markets).filter((symbol) => !(markets[symbol] as Market).inverse);
    const resting: Record<string, string> = {};
    for (const symbol of symbols) {
      const book = await exchange.fetchOrderBook(symbol, 5);
      resting[symbol] = exchange.priceToPrecision(symbol, Math.round((book.bids[0]?.[0] ?? 100) * 0.8));
    }
    context = {
      symbols,
      markets,
      restingPrice: (symbol) => resting[symbol] as string,
      timeframes: ['1m', '5m', '1h', '1d'],
      ownedOrderFields: facts.ownedOrderFields.length > 0 ? facts.ownedOrderFields : ['symbol'],
      ownedLeverageFields: facts.ownedLeverageFields.length > 0 ? facts.ownedLeverageFields : ['symbol'],
      // Only the hostile instance's own: an instance can mask its credentials, not another's.
      secrets: credentialsOf(facts.awkward),
      publicPaths: facts.publicPaths,
    };
    cases = methodCases(context).filter(({ name }) => !Object.hasOwn(exchange.has, name) || exchange.has[name as keyof Exchange['has']]);
    proxy.requests.length = 0;
  });

  afterAll(async () => {
    scanCredentials();
    for (const created of open) await created.close();
    await proxy.close();
  });

  afterEach(() => {
    proxy.fault = undefined;
    scanCredentials();
  });

  it('refuses generated invalid arguments to every public method with a typed error, sending nothing', async () => {
    for (const [index, method] of cases.entries()) {
      await fc.assert(
        fc.asyncProperty(method.invalid, async (args) => {
          const before = proxy.requests.length;
          const outcome = await settle(() => method.call(hostile, args), LOCAL_BOUND_MS);
          const sent = proxy.requests.length - before;
          figures.invalidCases++;
          if (outcome.kind === 'untyped') figures.untyped++;
          if (outcome.kind === 'ok') figures.acceptedInvalid++;
          if (outcome.kind === 'hang') figures.hangs++;
          figures.requestsWithInvalidContent += sent;
          if (outcome.kind === 'typed' || outcome.kind === 'untyped') observer.error(outcome.error);
          if (outcome.kind === 'untyped') throw new Error(`${method.name} threw an untyped error: ${String(outcome.error)}`);
          expect({ method: method.name, outcome: outcome.kind, requestsSent: sent }).toEqual({
            method: method.name,
            outcome: 'typed',
            requestsSent: 0,
          });
        }),
        { numRuns: RUNS.invalid, seed: SEED === undefined ? undefined : SEED + index },
      );
    }
  });

  it('refuses generated invalid constructor options with BadRequest naming the option', async () => {
    const validBase = { ...exchangeOptions, ...facts.venueOptions, baseUrl: proxy.url };
    const flag = fc.constantFrom<unknown>('yes', 'true', 0, 1, [], {}, null);
    const notObject = fc.constantFrom<unknown>('yes', 0, [], null, true);
    const INVALID_VALUES: Record<string, fc.Arbitrary<unknown>> = {
      apiKey: fc.constantFrom<unknown>(0, 918_273_645, [], {}, true, Symbol('key')),
      secret: fc.constantFrom<unknown>(0, 918_273_645, [], {}, true),
      timeoutMs: fc.constantFrom<unknown>(0, -1, Number.NaN, Number.POSITIVE_INFINITY, 600_001, 1e9, '5000', [], null),
      baseUrl: fc.constantFrom<unknown>(
        'ftp://127.0.0.1',
        'not a url',
        '',
        0,
        [],
        {},
        'http://user:pw@127.0.0.1',
        'http://127.0.0.1/?a=1',
        'ws://127.0.0.1',
      ),
      wsUrl: fc.constantFrom<unknown>('http://127.0.0.1', 'not a url', 0, [], { public: 'ftp://x' }),
      demo: flag,
      clockSync: flag,
      validateResponses: flag,
      region: fc.constantFrom<unknown>('asia', 'GLOBAL', 0, []),
      rateLimit: fc.constantFrom<unknown>(
        'yes',
        0,
        [],
        null,
        { bogus: 1 },
        { utilization: 0 },
        { utilization: Number.NaN },
        { utilization: 2 },
        { maxConcurrency: 0 },
        { store: {} },
      ),
      retry: fc.constantFrom<unknown>(
        'yes',
        0,
        [],
        null,
        { bogus: 1 },
        { maxAttempts: 0 },
        { baseDelayMs: -1 },
        { budgetRefillPerSecond: Number.NaN },
      ),
      logger: fc.constantFrom<unknown>('yes', 0, [], null, { warn: 'loudly' }),
      transport: fc.constantFrom<unknown>('yes', {}, { send: 1 }, null),
      now: notObject,
    };
    const corrupted = fc.oneof(
      fc.anything().filter((value) => value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))),
      fc
        .constantFrom(...Object.keys(INVALID_VALUES))
        .chain((name) => (INVALID_VALUES[name] as fc.Arbitrary<unknown>).map((value) => ({ ...validBase, [name]: value }))),
      fc
        .string({ minLength: 1, maxLength: 12 })
        .filter(
          (name) =>
            !Object.hasOwn(INVALID_VALUES, name) && !['passphrase', ...Object.keys(facts.venueOptions ?? {}), 'marginMode'].includes(name),
        )
        // defineProperty, so even "__proto__" is an own field (Object.assign would set the prototype).
        .map((name) => Object.defineProperty({ ...validBase }, name, { value: 1, enumerable: true, writable: true, configurable: true })),
    );
    await fc.assert(
      fc.asyncProperty(corrupted, async (options) => {
        const outcome = await settle(() => createExchange(facts.id, options as ExchangeOptions), LOCAL_BOUND_MS);
        figures.optionCases++;
        if (outcome.kind === 'untyped') figures.untyped++;
        if (outcome.kind === 'hang') figures.hangs++;
        if (outcome.kind === 'ok') {
          figures.acceptedInvalid++;
          await (outcome.value as Exchange).close();
        }
        if (outcome.kind === 'typed' || outcome.kind === 'untyped') observer.error(outcome.error);
        expect(outcome.kind === 'typed' ? outcome.error.kind : outcome.kind).toBe('BadRequest');
      }),
      { numRuns: RUNS.options, seed: SEED },
    );
  });

  it('answers generated valid arguments with a result or a typed error, clean wire content and finite numbers', async () => {
    for (const [index, method] of cases.entries()) {
      await fc.assert(
        fc.asyncProperty(method.valid, fc.boolean(), async (args, awkward) => {
          const target = awkward ? hostile : exchange;
          const before = proxy.requests.length;
          waitedMs = 0;
          const outcome = await settle(() => method.call(target, args), 120_000);
          const sent = proxy.requests.slice(before);
          figures.validCases++;
          if (outcome.kind === 'untyped') figures.untyped++;
          // Only the cap counts as a hang here. The simulator shares this process and computes some
          // valid replies (2 000 daily candles) for seconds on a loaded machine, blocking the event loop
          // and with it the client's deadline timer, so elapsed time says nothing about the client.
          // The deadline itself is proven against the proxy below (malformed and trickling replies).
          if (outcome.kind === 'hang') figures.hangs++;
          const dirty = sent.map(invalidContent).filter((problem): problem is string => problem !== undefined);
          figures.requestsWithInvalidContent += dirty.length;
          const broken = outcome.kind === 'ok' ? nonFinite(outcome.value) : [];
          figures.nonFiniteResults += broken.length;
          if (outcome.kind === 'typed' || outcome.kind === 'untyped') observer.error(outcome.error);
          if (outcome.kind === 'untyped') throw new Error(`${method.name} threw an untyped error: ${String(outcome.error)}`);
          expect({ method: method.name, dirty, broken, hung: outcome.kind === 'hang' }).toEqual({
            method: method.name,
            dirty: [],
            broken: [],
            hung: false,
          });
        }),
        { numRuns: RUNS.valid, seed: SEED === undefined ? undefined : SEED + index },
      );
    }
  });

  /** Calls with valid arguments whose replies the proxy breaks. */
  const replyCalls = (): Array<[string, (target: Exchange) => Promise<unknown>]> => {
    const spot = context.symbols.find((symbol) => (context.markets[symbol] as Market).spot) as string;
    const order = {
      symbol: spot,
      type: 'limit' as const,
      side: 'buy' as const,
      amount: String(context.markets[spot]?.limits.amount.min),
      price: context.restingPrice(spot),
    };
    const calls: Array<[string, (target: Exchange) => Promise<unknown>]> = [
      ['loadMarkets', (target) => target.loadMarkets(true)],
      ['fetchTime', (target) => target.fetchTime()],
      ['fetchTicker', (target) => target.fetchTicker(spot)],
      ['fetchTickers', (target) => target.fetchTickers()],
      ['fetchOrderBook', (target) => target.fetchOrderBook(spot, 5)],
      ['fetchTrades', (target) => target.fetchTrades(spot)],
      ['fetchOHLCV', (target) => target.fetchOHLCV(spot, '1m', undefined, 10)],
      ['fetchBalance', (target) => target.fetchBalance()],
      ['fetchOpenOrders', (target) => target.fetchOpenOrders(spot)],
      ['fetchClosedOrders', (target) => target.fetchClosedOrders(spot)],
      ['fetchMyTrades', (target) => target.fetchMyTrades(spot)],
      ['fetchOrder', (target) => target.fetchOrder('123456789', spot)],
      ['cancelOrder', (target) => target.cancelOrder('123456789', spot)],
      ['createOrder', (target) => target.createOrder(order)],
      ['fetchPositions', (target) => target.fetchPositions()],
    ];
    const contracts = context.symbols.some((symbol) => (context.markets[symbol] as Market).contract);
    return calls
      .filter(([name]) => !Object.hasOwn(exchange.has, name) || exchange.has[name as keyof Exchange['has']])
      .filter(([name]) => contracts || name !== 'fetchPositions');
  };

  /** Faults after which no reply can be read: only BadResponse or NetworkError will do. */
  const STRICT = new Set(['truncate', 'html', 'empty', 'reset', 'trickle']);

  const mutation = (label: string, replace: (leaf: unknown, key: string) => unknown): fc.Arbitrary<Fault> =>
    fc.nat().map((pick) => ({
      kind: 'mutate',
      label,
      mutate: (json) => {
        // One scalar of the reply, picked by the generated number.
        const leaves = leavesOf(json);
        const leaf = leaves[pick % Math.max(1, leaves.length)];
        if (leaf) leaf.parent[leaf.key] = replace(leaf.parent[leaf.key], leaf.key);
        return json;
      },
    }));

  const faults: fc.Arbitrary<Fault> = fc.oneof(
    fc.double({ min: 0, max: 0.99, noNaN: true }).map((fraction): Fault => ({ kind: 'truncate', fraction })),
    fc.constant<Fault>({ kind: 'html' }),
    fc.constant<Fault>({ kind: 'empty' }),
    fc.constant<Fault>({ kind: 'reset' }),
    mutation('1e400', (leaf) => (typeof leaf === 'number' ? 'INF' : typeof leaf === 'string' && /^-?\d/.test(leaf) ? '1e400' : leaf)),
    mutation('huge number', (leaf) => (typeof leaf === 'string' && /^-?\d/.test(leaf) ? '9'.repeat(200_000) : leaf)),
    fc.constantFrom<unknown>({}, [], 'text', -1, true, null, { nested: [] }).chain((wrong) => mutation('wrong type', () => wrong)),
    // Values an exchange does send: "not applicable", zero, dust below 1e-18, amounts past 1e21.
    fc
      .constantFrom<unknown>('', '0', '-0', '0.00000000000000000001', '1e-20', '170000000000000000000000000', 1.7e24)
      .chain((edge) => mutation('edge value', (leaf) => (typeof leaf === 'string' || typeof leaf === 'number' ? edge : leaf))),
    fc
      .jsonValue({ maxDepth: 3 })
      .map((body): Fault => ({ kind: 'replace', label: 'arbitrary JSON', body: JSON.stringify(body) ?? 'null' })),
  );

  it('reports generated malformed replies as BadResponse or NetworkError, within the deadline', async () => {
    const calls = replyCalls();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls), faults, async ([name, call], fault) => {
        proxy.fault = fault;
        const before = proxy.requests.length;
        waitedMs = 0;
        // 1e400 written as a bare JSON number becomes Infinity in JSON.parse: the sharpest form of it.
        if (fault.kind === 'mutate' && fault.label === '1e400') {
          const mutate = fault.mutate;
          proxy.fault = { ...fault, mutate: (json) => JSON.parse(JSON.stringify(mutate(json)).replace(/"INF"/g, '1e400')) };
        }
        const outcome = await settle(() => call(fragile), 30_000);
        proxy.fault = undefined;
        const sent = proxy.requests.length - before;
        figures.replyCases++;
        if (outcome.kind === 'untyped') figures.untyped++;
        const late = outcome.ms > Math.max(1, sent) * TIMEOUT_MS + waitedMs + DEADLINE_SLACK_MS;
        if (outcome.kind === 'hang' || late) figures.hangs++;
        const broken = outcome.kind === 'ok' ? nonFinite(outcome.value) : [];
        figures.nonFiniteResults += broken.length;
        const kind = outcome.kind === 'typed' ? outcome.error.kind : outcome.kind;
        if (kind === 'BadRequest') figures.replyBlamedOnCaller++;
        // A call that sent nothing (v1 positions without futures) read no reply to break.
        const strictOk = sent === 0 || kind === 'BadResponse' || kind === 'NetworkError';
        if (STRICT.has(fault.kind) && !strictOk) figures.malformedAccepted++;
        if (outcome.kind === 'typed' || outcome.kind === 'untyped') observer.error(outcome.error);
        if (outcome.kind === 'untyped')
          throw new Error(`${name} under ${faultLabel(fault)} threw an untyped error: ${String(outcome.error)}`);
        expect({
          name,
          fault: faultLabel(fault),
          broken,
          hung: outcome.kind === 'hang',
          timing: late ? { ms: Math.round(outcome.ms), requests: sent, waitedMs } : 'in time',
          strict: STRICT.has(fault.kind) ? strictOk : true,
          kind: kind === 'BadRequest' ? kind : 'not BadRequest',
        }).toEqual({
          name,
          fault: faultLabel(fault),
          broken: [],
          hung: false,
          timing: 'in time',
          strict: true,
          kind: 'not BadRequest',
        });
      }),
      { numRuns: RUNS.replies, seed: SEED },
    );
  });

  it('fails every call at its deadline when the reply trickles one byte every 500 ms', async () => {
    // A call that sends nothing (OKEx v1 loadMarkets: a shipped table) cannot meet a trickling reply.
    const calls: typeof replyCalls extends () => infer R ? R : never = [];
    for (const entry of replyCalls()) {
      const before = proxy.requests.length;
      await settle(() => entry[1](fragile), 30_000);
      if (proxy.requests.length > before) calls.push(entry);
    }
    expect(calls.length).toBeGreaterThan(5);
    proxy.fault = { kind: 'trickle', intervalMs: 500 };
    waitedMs = 0;
    const outcomes = await Promise.all(
      calls.map(async ([name, call]) => {
        const outcome = await settle(() => call(fragile), 30_000);
        return { name, outcome };
      }),
    );
    proxy.fault = undefined;
    for (const { name, outcome } of outcomes) {
      figures.replyCases++;
      if (outcome.kind === 'untyped') figures.untyped++;
      // Each of a call's sequential requests gets the deadline: no call here makes more than three in a
      // row (a clock sample, the call, an order's lookup); rate-limit waits of the calls come on top.
      const late = outcome.ms > 3 * TIMEOUT_MS + waitedMs + DEADLINE_SLACK_MS;
      if (outcome.kind === 'hang' || late) figures.hangs++;
      const kind = outcome.kind === 'typed' ? outcome.error.kind : outcome.kind;
      if (kind !== 'NetworkError') figures.malformedAccepted++;
      if (outcome.kind === 'typed' || outcome.kind === 'untyped') observer.error(outcome.error);
      const timing = late ? { ms: Math.round(outcome.ms), waitedMs } : 'in time';
      expect({ name, kind, hung: outcome.kind === 'hang', timing }).toEqual({ name, kind: 'NetworkError', hung: false, timing: 'in time' });
    }
  });

  it('reports 1e400 in a ticker as BadResponse naming the field, never as Infinity', async () => {
    const spot = context.symbols.find((symbol) => (context.markets[symbol] as Market).spot) as string;
    proxy.fault = {
      kind: 'mutate',
      label: 'every price 1e400',
      mutate: (json) => {
        for (const leaf of leavesOf(json)) {
          const value = leaf.parent[leaf.key];
          if (leaf.key === 'code') continue; // the envelope's status, not a price
          if (typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) leaf.parent[leaf.key] = 'INF';
        }
        // A bare 1e400 (JSON.parse makes it Infinity) where the venue sent a number, "1e400" where it sent text.
        return JSON.parse(JSON.stringify(json).replace(/"INF"/g, '"1e400"'));
      },
    };
    // Not the 1 s instance: on a busy machine that deadline can end the call before the reply is read,
    // and this case is about what the reply is reported as, not about the deadline.
    const outcome = await settle(() => strict.fetchTicker(spot), 30_000);
    proxy.fault = undefined;
    figures.replyCases++;
    const error = outcome.kind === 'typed' ? (outcome.error as { kind: string; message: string }) : undefined;
    if (error?.kind !== 'BadResponse') figures.malformedAccepted++;
    if (outcome.kind === 'ok') figures.nonFiniteResults += nonFinite(outcome.value).length;
    expect(error?.kind).toBe('BadResponse');
    expect(error?.message).toMatch(/\w+(\[\d+\])?: expected a decimal number, but it is not a finite number/);
  });

  it('does not read a reply larger than the client accepts', async () => {
    proxy.fault = { kind: 'replace', label: '33 MiB', body: `{"data":"${'x'.repeat(33 * 1024 * 1024)}"}` };
    // The calm instance: reading 32 MiB can take longer than the fragile one's 1 s on a busy machine.
    const outcome = await settle(() => exchange.request({ method: 'GET', path: facts.publicPaths[0] as string }), 30_000);
    proxy.fault = undefined;
    figures.replyCases++;
    const kind = outcome.kind === 'typed' ? outcome.error.kind : outcome.kind;
    if (kind !== 'BadResponse') figures.malformedAccepted++;
    expect(kind).toBe('BadResponse');
  });

  it('leaves no credential, raw or encoded, in any error, event, log, inspect or JSON', () => {
    scanCredentials();
    expect({ occurrences: figures.credentialOccurrences, leaks }).toEqual({ occurrences: 0, leaks: [] });
  });

  it('ends with every figure at zero', () => {
    const { invalidCases, validCases, optionCases, replyCases, ...failures } = figures;
    expect(invalidCases + validCases + optionCases + replyCases).toBeGreaterThan(0);
    expect(failures).toEqual({
      untyped: 0,
      acceptedInvalid: 0,
      requestsWithInvalidContent: 0,
      nonFiniteResults: 0,
      malformedAccepted: 0,
      replyBlamedOnCaller: 0,
      hangs: 0,
      credentialOccurrences: 0,
    });
  });
});
