/**
 * Streams against the simulator over real sockets (DESIGN §7), written only against `Exchange`:
 * under every WebSocket fault the book a stream yields ends equal to the engine's and no yielded
 * book ever differs from what the engine published at that sequence; private streams catch up over
 * REST after a reconnect and yield each order once; slow readers get the latest book, an
 * overflowing private stream fails typed; closing everything leaves nothing running.
 *
 * Time is driven, not waited on: book changes come from orders placed on the engine, faults fire
 * on the N-th push, heartbeats and backoff are configured short, and `until` waits for a
 * condition (with a deadline), never for luck.
 */
import {
  createExchange,
  type Exchange,
  type ExchangeId,
  type ExchangeOptions,
  isExchangeError,
  multiply,
  type Order,
  type OrderBook,
  type Stream,
  type StreamStatus,
} from '@exchange-adapters/core';
import { type PublishedBook, type Simulator, startSimulator, type WsFaultKind } from '@exchange-adapters/simulator';

const STREAMING: ExchangeId[] = ['okx'];
const NOT_STREAMING: ExchangeId[] = ['weex', 'okex-v1'];
const SPOT = 'BTC/USDT';
const PERPETUAL = 'BTC/USDT:USDT';

/** Short heartbeats and backoff, so a dead socket is noticed in a fraction of a second. */
const FAST: ExchangeOptions['streams'] = {
  heartbeatMs: 150,
  heartbeatTimeoutMs: 150,
  reconnectDelayMs: { initial: 10, max: 40 },
  requestTimeoutMs: 3_000,
};

async function until(condition: () => boolean, label: string, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Reads a stream in the background, keeping every value, status and error. */
function record<T>(stream: Stream<T>) {
  const values: T[] = [];
  const statuses: StreamStatus[] = [];
  const errors: unknown[] = [];
  let failure: unknown;
  stream.on('status', (status) => statuses.push(status));
  stream.on('error', (error) => errors.push(error));
  const done = (async () => {
    try {
      for await (const value of stream) values.push(value);
    } catch (error) {
      failure = error;
    }
  })();
  return {
    values,
    statuses,
    errors,
    done,
    get failure() {
      return failure;
    },
  };
}

describe.each(STREAMING)('%s streams on the simulator', (id) => {
  let sim: Simulator;
  let exchange: Exchange;
  const created: Exchange[] = [];
  /** Every book the engine published, by symbol and sequence. */
  const published = new Map<string, Map<number, PublishedBook>>();

  const connect = async (options: ExchangeOptions = {}): Promise<Exchange> => {
    // Each instance would learn the clock from the same per-IP time bucket; the simulator's clock is this one.
    const instance = await createExchange(id, { ...sim.exchangeOptions(id), streams: FAST, clockSync: false, ...options });
    created.push(instance);
    return instance;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11 });
    sim.streams.onBook((book) => {
      const bySequence = published.get(book.symbol) ?? new Map<number, PublishedBook>();
      published.set(book.symbol, bySequence);
      bySequence.set(book.sequence, book);
    });
    exchange = await connect();
    await exchange.loadMarkets();
  });

  // Faults count pushes on every matching socket: start each test with the last one's sockets gone.
  beforeEach(() => until(() => sim.streams.connections({ exchange: id }) === 0, 'the sockets of the previous test to close'));

  afterEach(() => {
    sim.streams.faults.clear();
    sim.faults.clear();
  });

  afterAll(async () => {
    for (const instance of created) await instance.close();
    await sim.close();
  });

  /** The engine's book at a sequence, in unified units (base for spot and linear contracts). */
  const expected = (symbol: string, book: PublishedBook) => {
    const market = exchange.market(symbol);
    const scale = market.contract && market.amountUnit === 'base' ? (market.contractSize ?? 1) : 1;
    const side = (levels: PublishedBook['bids']) =>
      levels.map(([price, size]) => [Number(price), scale === 1 ? Number(size) : multiply(size, scale)]);
    return { sequence: book.sequence, bids: side(book.bids), asks: side(book.asks) };
  };

  const asPublished = (book: OrderBook) => ({ sequence: book.sequence, bids: book.bids, asks: book.asks });

  /** Moves the book: resting orders of the simulator's second account, placed and cancelled in turn. */
  const moveBook = async (symbol: string, count: number) => {
    const liquidity = sim.liquidity(id);
    const resting: string[] = [];
    const top = sim.streams.book(id, symbol);
    const bestBid = Number(top?.bids[0]?.[0] ?? 60_000);
    const tick = exchange.market(symbol).precision.price;
    for (let i = 0; i < count; i++) {
      if (i % 3 === 2 && resting.length > 0) {
        liquidity.cancel(resting.shift() as string);
      } else {
        const price = (bestBid - tick * (1 + ((i * 7) % 40))).toFixed(1);
        resting.push(liquidity.place({ symbol, side: 'buy', price, amount: i % 2 === 0 ? '0.01' : '0.03' }));
      }
      await turn();
    }
    for (const order of resting) liquidity.cancel(order);
  };

  /** Waits until the stream has caught up with the engine, then checks the book is exactly the engine's. */
  const expectCaughtUp = async (symbol: string, stream: Stream<OrderBook>) => {
    await until(() => {
      const engine = sim.streams.book(id, symbol);
      return engine !== undefined && stream.latest?.sequence === engine.sequence;
    }, `the ${symbol} stream to reach the engine's sequence`);
    const engine = sim.streams.book(id, symbol) as PublishedBook;
    expect(asPublished(stream.latest as OrderBook)).toEqual(expected(symbol, engine));
  };

  /** Every yielded book equals what the engine published at that sequence. */
  const expectAllConsistent = (symbol: string, books: readonly OrderBook[]) => {
    expect(books.length).toBeGreaterThan(0);
    for (const book of books) {
      const engine = published.get(symbol)?.get(book.sequence as number);
      expect(engine).toBeDefined();
      expect(asPublished(book)).toEqual(expected(symbol, engine as PublishedBook));
    }
  };

  it('sends nothing until the stream is read, and the last close frees the socket', async () => {
    const stream = exchange.watchOrderBook(SPOT);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sim.streams.connections({ exchange: id })).toBe(0);
    const reader = record(stream);
    await until(() => reader.values.length > 0, 'a first book');
    expect(sim.streams.connections({ exchange: id })).toBe(1);
    await stream.close();
    await reader.done;
    await until(() => sim.streams.connections({ exchange: id }) === 0, 'the socket to close');
    expect(reader.statuses).toEqual(['live', 'closed']);
  });

  it('yields exactly the engine book after 60 engine events, every yielded book consistent', async () => {
    const stream = exchange.watchOrderBook(SPOT);
    const reader = record(stream);
    await until(() => stream.status === 'live', 'live');
    await moveBook(SPOT, 60);
    await expectCaughtUp(SPOT, stream);
    await stream.close();
    await reader.done;
    expectAllConsistent(SPOT, reader.values);
  });

  const faults: Array<{ fault: WsFaultKind; extra?: { delayMs: number }; status?: StreamStatus }> = [
    { fault: 'drop', status: 'reconnecting' },
    { fault: 'silence', status: 'reconnecting' },
    { fault: 'skip', status: 'resyncing' },
    { fault: 'reorder', status: 'resyncing' },
    { fault: 'duplicate' },
    { fault: 'delay', extra: { delayMs: 80 } },
  ];

  it.each(faults)('recovers the exact book after a $fault fault', async ({ fault, extra, status }) => {
    const stream = exchange.watchOrderBook(SPOT);
    const reader = record(stream);
    await until(() => stream.status === 'live', 'live');
    sim.streams.faults.set({ fault, exchange: id, endpoint: 'public', channel: 'books', after: 5, times: 1, ...extra });
    await moveBook(SPOT, 40);
    await expectCaughtUp(SPOT, stream);
    if (status) expect(reader.statuses).toContain(status);
    else expect(reader.statuses).not.toContain('resyncing');
    expect(reader.statuses.at(-1)).toBe('live');
    await stream.close();
    await reader.done;
    expectAllConsistent(SPOT, reader.values);
  });

  it('resubscribes when the snapshot itself is lost and deltas come first', async () => {
    sim.streams.faults.set({ fault: 'skip', exchange: id, endpoint: 'public', channel: 'books', times: 1 });
    const stream = exchange.watchOrderBook(SPOT);
    const reader = record(stream);
    // The book stays silent until it moves: move it until a delta has reached the new subscription.
    const deadline = Date.now() + 8_000;
    while (stream.status !== 'live' && Date.now() < deadline) await moveBook(SPOT, 2);
    await moveBook(SPOT, 12);
    await expectCaughtUp(SPOT, stream);
    expect(reader.statuses).toEqual(expect.arrayContaining(['resyncing', 'live']));
    await stream.close();
    await reader.done;
    expectAllConsistent(SPOT, reader.values);
  });

  it('keeps a linear perpetual book in base units, the same conversion as REST', async () => {
    const stream = exchange.watchOrderBook(PERPETUAL, { depth: 50 });
    const reader = record(stream);
    await until(() => stream.status === 'live', 'live');
    await moveBook(PERPETUAL, 12);
    await until(() => stream.latest?.sequence === sim.streams.book(id, PERPETUAL)?.sequence, 'the perpetual book');
    const engine = expected(PERPETUAL, sim.streams.book(id, PERPETUAL) as PublishedBook);
    const latest = stream.latest as OrderBook;
    expect(latest.bids).toEqual(engine.bids.slice(0, 50));
    expect(latest.asks).toEqual(engine.asks.slice(0, 50));
    expect(latest.bids.length).toBe(50);
    await stream.close();
    await reader.done;
  });

  it('gives a slow reader the latest book, never a backlog', async () => {
    const stream = exchange.watchOrderBook(SPOT);
    const iterator = stream[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as OrderBook;
    await moveBook(SPOT, 90);
    await until(() => stream.latest?.sequence === sim.streams.book(id, SPOT)?.sequence, 'the stream to apply every change');
    const next = (await iterator.next()).value as OrderBook;
    expect(next.sequence).toBe(sim.streams.book(id, SPOT)?.sequence);
    expect((next.sequence as number) - (first.sequence as number)).toBeGreaterThan(30);
    expect(stream.buffered).toBe(0);
    await iterator.return?.();
  });

  it('streams tickers, trades and candles from the engine', async () => {
    const streams = [exchange.watchTicker(SPOT), exchange.watchTrades(SPOT), exchange.watchOHLCV(SPOT, '1m')] as const;
    const [tickers, trades, candles] = [record(streams[0]), record(streams[1]), record(streams[2])];
    await until(() => tickers.values.length > 0 && candles.values.length > 0, 'a ticker and a candle');
    const placed = await exchange.createOrder({ symbol: SPOT, type: 'market', side: 'buy', amount: '0.01' });
    const bought = await exchange.fetchOrder(placed.id, SPOT);
    await until(() => trades.values.some((trade) => trade.side === 'buy' && trade.amount === 0.01), 'the market buy as a public trade');
    const trade = trades.values.find((candidate) => candidate.side === 'buy' && candidate.amount === 0.01);
    expect(trade?.symbol).toBe(SPOT);
    expect(trade?.price).toBe(bought.average);
    const ticker = tickers.values.at(-1);
    expect(ticker?.symbol).toBe(SPOT);
    expect(ticker?.bid).toBeLessThan(ticker?.ask ?? 0);
    const [openTime, open, high, low, close] = candles.values.at(-1) ?? [];
    expect(openTime).toBe(Math.floor(Date.now() / 60_000) * 60_000);
    expect(high).toBeGreaterThanOrEqual(Math.max(open ?? 0, close ?? 0));
    expect(low).toBeLessThanOrEqual(Math.min(open ?? 0, close ?? 0));
    expect(sim.streams.connections({ exchange: id, endpoint: 'business' })).toBe(1);
    expect(sim.streams.connections({ exchange: id, endpoint: 'public' })).toBe(1);
    await Promise.all(streams.map((stream) => stream.close()));
    await Promise.all([tickers.done, trades.done, candles.done]);
  });

  it('yields own orders, fills, balances and positions as they change', async () => {
    const streams = [
      exchange.watchOrders(),
      exchange.watchMyTrades(PERPETUAL),
      exchange.watchBalance(),
      exchange.watchPositions([PERPETUAL]),
    ] as const;
    const orders = record(streams[0]);
    const fills = record(streams[1]);
    const balances = record(streams[2]);
    const positions = record(streams[3]);
    await until(() => [orders, fills, balances, positions].every((reader) => reader.statuses.includes('live')), 'live private streams');
    expect(sim.streams.connections({ exchange: id, endpoint: 'private' })).toBe(1);
    const opened = await exchange.createOrder({ symbol: PERPETUAL, type: 'market', side: 'buy', amount: '0.02' });
    await until(() => orders.values.some((order) => order.id === opened.id && order.status === 'closed'), 'the filled order');
    await until(() => fills.values.some((fill) => fill.orderId === opened.id), 'its fill');
    await until(() => positions.values.some((position) => position.symbol === PERPETUAL && position.amount === 0.02), 'the position');
    const closing = await exchange.createOrder({ symbol: PERPETUAL, type: 'market', side: 'sell', amount: '0.02', reduceOnly: true });
    await until(() => positions.values.some((position) => position.amount === 0), 'the position to close');
    await until(() => fills.values.some((fill) => fill.orderId === closing.id), 'the closing fill');
    const filled = fills.values.filter((fill) => fill.orderId === opened.id);
    expect(filled.reduce((sum, fill) => sum + fill.amount, 0)).toBeCloseTo(0.02, 10);
    expect(filled.every((fill) => fill.symbol === PERPETUAL && fill.fee && fill.fee.cost > 0)).toBe(true);
    const states = orders.values.filter((order) => order.id === opened.id).map((order) => order.status);
    expect(states.at(-1)).toBe('closed');
    expect(new Set(orders.values.map((order) => `${order.id}:${order.filled}:${order.status}`)).size).toBe(orders.values.length);
    const rest = await exchange.fetchBalance();
    await until(() => balances.values.at(-1)?.assets.USDT?.total === rest.assets.USDT?.total, 'the balance stream to match REST');
    await Promise.all(streams.map((stream) => stream.close()));
  });

  it('yields an order placed over REST while the private socket was down, once, after reconnecting', async () => {
    const watcher = await connect();
    const orders = watcher.watchOrders(SPOT);
    const reader = record(orders);
    await until(() => orders.status === 'live', 'live');
    sim.streams.faults.set({ fault: 'refuse', exchange: id, endpoint: 'private' });
    expect(sim.streams.drop({ exchange: id, endpoint: 'private' })).toBeGreaterThan(0);
    await until(() => orders.status === 'reconnecting', 'reconnecting');
    const book = await exchange.fetchOrderBook(SPOT, 1);
    const price = exchange.priceToPrecision(SPOT, (book.bids[0]?.[0] ?? 60_000) * 0.9);
    const placed = await exchange.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount: '0.001', price });
    expect(reader.values.some((order) => order.id === placed.id)).toBe(false);
    sim.streams.faults.clear();
    await until(() => reader.values.some((order) => order.id === placed.id), 'the order from the catch-up');
    await until(() => orders.status === 'live', 'live again');
    expect(reader.statuses).toEqual(expect.arrayContaining(['reconnecting', 'resyncing', 'live']));
    await exchange.cancelOrder(placed.id, SPOT);
    await until(() => reader.values.some((order) => order.id === placed.id && order.status === 'canceled'), 'the cancel push');
    const seen = reader.values.filter((order) => order.id === placed.id);
    expect(seen.map((order) => order.status)).toEqual(['open', 'canceled']);
    await orders.close();
  });

  it('fails an overflowing private stream with StreamOverflow', async () => {
    const slow = await connect({ streams: { ...FAST, maxBuffered: 5 } });
    const orders = slow.watchOrders(SPOT);
    const iterator = orders[Symbol.asyncIterator]();
    await until(() => orders.status === 'live', 'live');
    const book = await exchange.fetchOrderBook(SPOT, 1);
    const price = exchange.priceToPrecision(SPOT, (book.bids[0]?.[0] ?? 60_000) * 0.8);
    const placed: Order[] = [];
    for (let i = 0; i < 7; i++)
      placed.push(await exchange.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount: '0.001', price }));
    await until(() => orders.status === 'closed', 'the overflow');
    const outcome = await iterator.next().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isExchangeError(outcome, 'StreamOverflow')).toBe(true);
    expect((outcome as Error).message).toContain('maxBuffered');
    await exchange.cancelOrders(
      placed.map((order) => order.id),
      SPOT,
    );
  });

  it('re-learns the clock when a login is refused as expired, then logs in', async () => {
    const skewed = await connect({ clockSync: true });
    await skewed.fetchBalance(); // the offset is learned now, with the clocks in step
    sim.clock.setSkewMs(45_000);
    try {
      const orders = skewed.watchOrders();
      const reader = record(orders);
      await until(() => orders.status === 'live', 'a login after the re-sync');
      expect(reader.failure).toBeUndefined();
      await orders.close();
    } finally {
      sim.clock.setSkewMs(0);
    }
  });

  it('refuses a wrong login with AuthInvalid and never shows a secret', async () => {
    const logs: string[] = [];
    const log = (message: string, details?: unknown) => logs.push(`${message} ${JSON.stringify(details)}`);
    const options = sim.exchangeOptions(id);
    const wrong = await connect({ secret: 'not-the-secret-at-all', logger: { debug: log, info: log, warn: log, error: log } });
    const orders = wrong.watchOrders();
    const reader = record(orders);
    await reader.done;
    expect(isExchangeError(reader.failure, 'AuthInvalid')).toBe(true);
    const error = reader.failure as Error & { exchangeCode?: string; hint?: string };
    expect(error.exchangeCode).toBe('60009');
    expect(error.hint).toMatch(/apiKey, secret and passphrase/);
    const seen = [JSON.stringify(error), error.message, String(error.stack), ...logs, ...reader.errors.map(String)].join('\n');
    for (const secret of ['not-the-secret-at-all', options.secret, options.passphrase as string, options.apiKey]) {
      expect(seen).not.toContain(secret);
    }
    expect(seen).not.toMatch(/"sign"/);
  });

  it('lets the process go idle once every stream and the exchange are closed', async () => {
    // Resources keeping the event loop alive, by type; other tests' sockets may close meanwhile, so
    // the check is that nothing was added, not that the lists are equal.
    const handles = () => {
      const counts = new Map<string, number>();
      for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
      return counts;
    };
    const added = (before: Map<string, number>) =>
      [...handles()]
        .filter(([type, count]) => count > (before.get(type) ?? 0))
        .map(([type, count]) => `${type} ${before.get(type) ?? 0}→${count}`);
    const instance = await connect();
    const before = handles();
    const book = record(instance.watchOrderBook(SPOT));
    const orders = record(instance.watchOrders());
    await until(() => book.values.length > 0 && orders.statuses.includes('live'), 'both streams live');
    expect(added(before).length).toBeGreaterThan(0);
    await instance.close();
    await Promise.all([book.done, orders.done]);
    expect(book.statuses.at(-1)).toBe('closed');
    await until(() => added(before).length === 0, 'no timer or socket left behind', 3_000).catch((error) => {
      throw new Error(`${error}: still there: ${added(before).join(', ')}`);
    });
  });

  it('rejects bad arguments before anything is sent', () => {
    expect(() => exchange.watchOrderBook(SPOT, { depth: 0 })).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchOrderBook('NOPE/USDT')).toThrow(expect.objectContaining({ kind: 'InvalidSymbol' }));
    expect(() => exchange.watchTicker('' as string)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchBalance({ type: 'margin' as 'spot' })).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchOHLCV(SPOT, '7m')).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
  });
});

describe.each(NOT_STREAMING)('%s without streams', (id) => {
  it('says so in has and throws NotSupported at the call', async () => {
    const exchange = await createExchange(id, {});
    expect(exchange.has.watchOrderBook).toBe(false);
    expect(() => exchange.watchOrderBook(SPOT)).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
    expect(() => exchange.watchOrders()).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
    await exchange.close();
  });
});
