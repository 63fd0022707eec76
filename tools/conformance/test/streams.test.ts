/**
 * Streams against the simulator over real sockets (DESIGN §7), written only against `Exchange` and
 * run on every adapter: under every WebSocket fault the book a stream yields ends equal to the
 * engine's and no yielded book ever differs from one the engine published; an order placed and
 * filled is seen on watchOrders and watchMyTrades exactly once, across a forced reconnect too;
 * balances move as the fills say; slow readers get the latest book, an overflowing private stream
 * fails typed; closing everything leaves nothing running. Per-exchange facts live in CASES only;
 * where an exchange lacks a stream, the scenario follows `has`.
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
  type Order,
  type OrderBook,
  type Stream,
  type StreamStatus,
  type Trade,
} from '@exchange-adapters/core';
import { multiply } from '@exchange-adapters/core/adapter';
import { type PublishedBook, type Simulator, startSimulator, type WsFaultKind } from '@exchange-adapters/simulator';

interface StreamCase {
  id: ExchangeId;
  /** Socket kinds as the simulator names them: where public and private channels live. */
  publicSocket: string;
  privateSocket: string;
  /** Where candles live (OKX keeps them on a socket of their own). */
  candleSocket: string;
  /** The simulator's push label of the default (full-depth) book channel. */
  bookChannel: string;
  /** Books carry the exchange's sequence (the engine's update id); OKEx v1 books carry none. */
  sequencedBook: boolean;
  /**
   * The book every fault scenario reads: its depth (undefined: the default) and push label. v1's
   * incremental book has no sequence, so a lost change is invisible; its top-20 channel repeats
   * the whole top each time and recovers from every fault.
   */
  faultBook: { depth?: number; channel: string; resyncsOnGap: boolean };
  /** Book sizes on the wire are contracts (OKX swaps) rather than base units. */
  wireInContracts: boolean;
  /** A perpetual the simulator lists for this exchange (none on v1). */
  perpetual?: string;
  /** A refused private connection: the exchange's code and the hint's gist. */
  authRefusal: { code: string; hint: RegExp };
  /** The private connection signs a timestamp (v1 signs none, so skew cannot refuse it). */
  signsTimestamp: boolean;
}

const CASES: StreamCase[] = [
  {
    id: 'okx',
    publicSocket: 'public',
    privateSocket: 'private',
    candleSocket: 'business',
    bookChannel: 'books',
    sequencedBook: true,
    faultBook: { channel: 'books', resyncsOnGap: true },
    wireInContracts: true,
    perpetual: 'BTC/USDT:USDT',
    authRefusal: { code: '60009', hint: /apiKey, secret and passphrase/ },
    signsTimestamp: true,
  },
  {
    id: 'weex',
    publicSocket: 'spot-public',
    privateSocket: 'spot-private',
    candleSocket: 'spot-public',
    bookChannel: 'depth200',
    sequencedBook: true,
    faultBook: { channel: 'depth200', resyncsOnGap: true },
    wireInContracts: false,
    perpetual: 'BTC/USDT:USDT',
    authRefusal: { code: '-1047', hint: /secret and passphrase/ },
    signsTimestamp: true,
  },
  {
    id: 'okex-v1',
    publicSocket: 'ws',
    privateSocket: 'ws',
    candleSocket: 'ws',
    bookChannel: 'depth',
    sequencedBook: false,
    faultBook: { depth: 20, channel: 'depth_20', resyncsOnGap: false },
    wireInContracts: false,
    authRefusal: { code: '10005', hint: /secret/ },
    signsTimestamp: false,
  },
];

const SPOT = 'BTC/USDT';

/** Short heartbeats and backoff, so a dead socket is noticed in a fraction of a second. */
const FAST: ExchangeOptions['streams'] = {
  heartbeatMs: 150,
  heartbeatTimeoutMs: 300,
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

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

describe.each(CASES)('$id streams on the simulator', (streamCase) => {
  const { id } = streamCase;
  let sim: Simulator;
  let exchange: Exchange;
  const created: Exchange[] = [];
  /** Every book the engine published, by symbol: by sequence, and by content (for books without one). */
  const published = new Map<string, Map<number, PublishedBook>>();

  const connect = async (options: ExchangeOptions = {}): Promise<Exchange> => {
    // Each instance would learn the clock from the same per-IP time bucket; the simulator's clock is this one.
    const instance = await createExchange(id, { ...sim.exchangeOptions(id), streams: FAST, clockSync: false, ...options });
    created.push(instance);
    return instance;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11, weexPingIntervalMs: 75 });
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

  /** An engine book in unified units (base for spot and linear contracts), cut to `depth` levels. */
  const expected = (symbol: string, book: PublishedBook, depth?: number) => {
    const market = exchange.market(symbol);
    const scale = streamCase.wireInContracts && market.contract && market.amountUnit === 'base' ? (market.contractSize ?? 1) : 1;
    const side = (levels: PublishedBook['bids']) =>
      levels.slice(0, depth ?? levels.length).map(([price, size]) => [Number(price), scale === 1 ? Number(size) : multiply(size, scale)]);
    return { bids: side(book.bids), asks: side(book.asks) };
  };

  const levelsOf = (book: OrderBook) => ({ bids: book.bids, asks: book.asks });

  /** Is the stream's book the engine's current one: same sequence where books carry one, same levels always. */
  const matchesEngine = (symbol: string, book: OrderBook | undefined, depth?: number) => {
    const engine = sim.streams.book(id, symbol);
    if (!engine || !book) return false;
    if (streamCase.sequencedBook && depth === undefined && book.sequence !== engine.sequence) return false;
    return JSON.stringify(levelsOf(book)) === JSON.stringify(expected(symbol, engine, depth));
  };

  /** Moves the book: resting orders of the simulator's second account, placed and cancelled in turn. */
  const moveBook = async (symbol: string, count: number) => {
    const liquidity = sim.liquidity(id);
    const resting: string[] = [];
    const top = sim.streams.book(id, symbol);
    const bestBid = Number(top?.bids[0]?.[0] ?? 60_000);
    const tick = 0.1;
    for (let i = 0; i < count; i++) {
      if (i % 3 === 2 && resting.length > 0) {
        liquidity.cancel(resting.shift() as string);
      } else {
        // Within the top 20, so every change shows on the shallowest book channel too.
        const price = (bestBid - tick * (1 + ((i * 7) % 15))).toFixed(1);
        resting.push(liquidity.place({ symbol, side: 'buy', price, amount: i % 2 === 0 ? '0.01' : '0.03' }));
      }
      await turn();
    }
    for (const order of resting) liquidity.cancel(order);
  };

  /** Waits until the stream has caught up with the engine, then checks its book is exactly the engine's. */
  const expectCaughtUp = async (symbol: string, stream: Stream<OrderBook>, depth?: number) => {
    await until(() => matchesEngine(symbol, stream.latest, depth), `the ${symbol} stream to reach the engine's book`);
    const engine = sim.streams.book(id, symbol) as PublishedBook;
    const latest = stream.latest as OrderBook;
    expect(levelsOf(latest)).toEqual(expected(symbol, engine, depth));
    if (streamCase.sequencedBook && depth === undefined) expect(latest.sequence).toBe(engine.sequence);
  };

  /**
   * Every yielded book is one the engine published: at its sequence, or (books without one) by
   * content; whole, or its top `depth` levels for a book of limited depth.
   */
  const expectAllConsistent = (symbol: string, books: readonly OrderBook[], depth?: number) => {
    expect(books.length).toBeGreaterThan(0);
    const engineBooks = [...(published.get(symbol)?.values() ?? [])];
    for (const book of books) {
      if (streamCase.sequencedBook && book.sequence !== undefined) {
        const engine = published.get(symbol)?.get(book.sequence);
        expect(engine).toBeDefined();
        expect(levelsOf(book)).toEqual(expected(symbol, engine as PublishedBook, depth));
      } else {
        const text = JSON.stringify(levelsOf(book));
        expect(engineBooks.some((engine) => JSON.stringify(expected(symbol, engine, depth)) === text)).toBe(true);
      }
    }
  };

  /** A limit buy above the best ask: it fills at once, as a taker, whatever the exchange's market-order rules. */
  const buyNow = async (target: Exchange, amount: string) => {
    const book = await target.fetchOrderBook(SPOT, 5);
    const price = target.priceToPrecision(SPOT, (book.asks[0]?.[0] ?? 60_000) * 1.01);
    return target.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount, price });
  };

  /** A limit buy far below the market: it rests. */
  const restingBuy = async (target: Exchange, factor = 0.9) => {
    const book = await target.fetchOrderBook(SPOT, 1);
    const price = target.priceToPrecision(SPOT, (book.bids[0]?.[0] ?? 60_000) * factor);
    // 0.01: at or above every venue's minimum (v1 asks 0.01 BTC).
    return target.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount: '0.01', price });
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

  const faults: Array<{ fault: WsFaultKind; extra?: { delayMs: number }; status?: StreamStatus | 'gap' }> = [
    { fault: 'drop', status: 'reconnecting' },
    { fault: 'silence', status: 'reconnecting' },
    { fault: 'skip', status: 'gap' },
    { fault: 'reorder', status: 'gap' },
    { fault: 'duplicate' },
    { fault: 'delay', extra: { delayMs: 80 } },
  ];

  it.each(faults)('recovers the exact book after a $fault fault', async ({ fault, extra, status }) => {
    const { depth, channel, resyncsOnGap } = streamCase.faultBook;
    const stream = exchange.watchOrderBook(SPOT, depth === undefined ? undefined : { depth });
    const reader = record(stream);
    await until(() => stream.status === 'live', 'live');
    sim.streams.faults.set({ fault, exchange: id, endpoint: streamCase.publicSocket, channel, after: 5, times: 1, ...extra });
    await moveBook(SPOT, 40);
    await expectCaughtUp(SPOT, stream, depth);
    // A lost or late change is a gap where books are sequenced; a book repeated whole heals by itself.
    const expectedStatus = status === 'gap' ? (resyncsOnGap ? 'resyncing' : undefined) : status;
    if (expectedStatus) expect(reader.statuses).toContain(expectedStatus);
    else expect(reader.statuses).not.toContain('resyncing');
    expect(reader.statuses.at(-1)).toBe('live');
    await stream.close();
    await reader.done;
    expectAllConsistent(SPOT, reader.values, depth);
  });

  it('resubscribes when the snapshot itself is lost and a change comes first', async () => {
    // A resting order whose removal will be the first change: every exchange's delta says it is
    // one (OKX prevSeqId, WEEX U, an OKEx v1 delete), so none can be taken for the full book.
    const liquidity = sim.liquidity(id);
    const top = sim.streams.book(id, SPOT);
    const bestBid = Number(top?.bids[0]?.[0] ?? (await exchange.fetchOrderBook(SPOT, 1)).bids[0]?.[0] ?? 60_000);
    let resting = liquidity.place({ symbol: SPOT, side: 'buy', price: (bestBid - 0.3).toFixed(1), amount: '0.07' });
    sim.streams.faults.set({ fault: 'skip', exchange: id, endpoint: streamCase.publicSocket, channel: streamCase.bookChannel, times: 1 });
    const stream = exchange.watchOrderBook(SPOT);
    const reader = record(stream);
    await until(() => sim.streams.subscriptions({ exchange: id, endpoint: streamCase.publicSocket }) > 0, 'the subscription');
    liquidity.cancel(resting);
    await until(() => stream.status === 'live' || reader.statuses.includes('resyncing'), 'the resync');
    resting = liquidity.place({ symbol: SPOT, side: 'buy', price: (bestBid - 0.3).toFixed(1), amount: '0.07' });
    await until(() => stream.status === 'live', 'live');
    await moveBook(SPOT, 12);
    liquidity.cancel(resting);
    await expectCaughtUp(SPOT, stream);
    expect(reader.statuses).toEqual(expect.arrayContaining(['resyncing', 'live']));
    await stream.close();
    await reader.done;
    expectAllConsistent(SPOT, reader.values);
  });

  it('keeps a linear perpetual book in base units, the same conversion as REST', async () => {
    const perpetual = streamCase.perpetual;
    if (!perpetual) {
      // No futures on this venue in the simulator: the symbol is refused before anything is sent.
      expect(() => exchange.watchOrderBook('BTC/USDT:USDT')).toThrow(expect.objectContaining({ kind: 'InvalidSymbol' }));
      return;
    }
    const stream = exchange.watchOrderBook(perpetual, { depth: 50 });
    const reader = record(stream);
    await until(() => stream.status === 'live', 'live');
    await moveBook(perpetual, 12);
    await until(() => matchesEngine(perpetual, stream.latest, 50), 'the perpetual book');
    const engine = expected(perpetual, sim.streams.book(id, perpetual) as PublishedBook, 50);
    const latest = stream.latest as OrderBook;
    expect(latest.bids).toEqual(engine.bids);
    expect(latest.asks).toEqual(engine.asks);
    expect(latest.bids.length).toBe(50);
    await stream.close();
    await reader.done;
  });

  it('gives a slow reader the latest book, never a backlog', async () => {
    const stream = exchange.watchOrderBook(SPOT);
    const iterator = stream[Symbol.asyncIterator]();
    const first = (await iterator.next()).value as OrderBook;
    await moveBook(SPOT, 90);
    await until(() => matchesEngine(SPOT, stream.latest), 'the stream to apply every change');
    const next = (await iterator.next()).value as OrderBook;
    expect(levelsOf(next)).toEqual(expected(SPOT, sim.streams.book(id, SPOT) as PublishedBook));
    // 90 changes later, one read gives the newest book (the sequence says how many it skipped).
    if (streamCase.sequencedBook) expect((next.sequence as number) - (first.sequence as number)).toBeGreaterThan(30);
    else expect(first.bids.length).toBeGreaterThan(0);
    expect(stream.buffered).toBe(0);
    await iterator.return?.();
  });

  it('streams tickers, trades and candles from the engine', async () => {
    const streams = [exchange.watchTicker(SPOT), exchange.watchTrades(SPOT), exchange.watchOHLCV(SPOT, '1m')] as const;
    const [tickers, trades, candles] = [record(streams[0]), record(streams[1]), record(streams[2])];
    await until(() => tickers.values.length > 0 && candles.values.length > 0, 'a ticker and a candle');
    await until(() => streams.every((stream) => stream.status === 'live'), 'live streams');
    const placed = await buyNow(exchange, '0.01');
    const bought = await exchange.fetchOrder(placed.id, SPOT);
    const isOurs = (trade: Trade) => trade.side === 'buy' && trade.amount === 0.01 && trade.price === bought.average;
    await until(() => trades.values.some(isOurs), 'the buy as a public trade');
    expect(trades.values.find(isOurs)?.symbol).toBe(SPOT);
    const ticker = tickers.values.at(-1);
    expect(ticker?.symbol).toBe(SPOT);
    expect(ticker?.last).toBeGreaterThan(0);
    if (ticker?.bid !== undefined && ticker.ask !== undefined) expect(ticker.bid).toBeLessThan(ticker.ask);
    const [openTime, open, high, low, close] = candles.values.at(-1) ?? [];
    expect(openTime).toBe(Math.floor(Date.now() / 60_000) * 60_000);
    expect(high).toBeGreaterThanOrEqual(Math.max(open ?? 0, close ?? 0));
    expect(low).toBeLessThanOrEqual(Math.min(open ?? 0, close ?? 0));
    expect(sim.streams.connections({ exchange: id, endpoint: streamCase.candleSocket })).toBe(1);
    expect(sim.streams.connections({ exchange: id, endpoint: streamCase.publicSocket })).toBe(1);
    await Promise.all(streams.map((stream) => stream.close()));
    await Promise.all([tickers.done, trades.done, candles.done]);
  });

  it('sees an order placed and filled once on watchOrders and watchMyTrades, and balances move as the fills say', async () => {
    expect(exchange.has.watchOrders && exchange.has.watchMyTrades && exchange.has.watchBalance).toBe(true);
    const market = exchange.market(SPOT);
    const streams = [exchange.watchOrders(SPOT), exchange.watchMyTrades(SPOT), exchange.watchBalance()] as const;
    const orders = record(streams[0]);
    const fills = record(streams[1]);
    const balances = record(streams[2]);
    await until(() => [orders, fills, balances].every((reader) => reader.statuses.includes('live')), 'live private streams');
    await until(() => balances.values.length > 0, 'the account');
    const before = balances.values.at(-1)?.assets ?? {};
    const placed = await buyNow(exchange, '0.02');
    await until(() => orders.values.some((order) => order.id === placed.id && order.status === 'closed'), 'the filled order');
    const final = orders.values.find((order) => order.id === placed.id && order.status === 'closed') as Order;
    await until(
      () => sum(fills.values.filter((fill) => fill.orderId === placed.id).map((fill) => fill.amount)) >= final.filled,
      'its fills',
    );
    const own = fills.values.filter((fill) => fill.orderId === placed.id);
    expect(new Set(own.map((fill) => fill.id)).size).toBe(own.length);
    expect(sum(own.map((fill) => fill.amount))).toBeCloseTo(0.02, 10);
    expect(sum(own.map((fill) => fill.cost))).toBeCloseTo(final.cost as number, 6);
    expect(own.every((fill) => fill.symbol === SPOT && fill.side === 'buy')).toBe(true);
    // Each order version once, in order, the last one closed.
    const versions = orders.values.filter((order) => order.id === placed.id);
    expect(new Set(versions.map((order) => `${order.filled}:${order.status}`)).size).toBe(versions.length);
    expect(versions.map((order) => order.filled)).toEqual([...versions.map((order) => order.filled)].sort((a, b) => a - b));
    // Balances: the stream ends where REST says, and moved by what the fills say.
    const rest = await exchange.fetchBalance();
    await until(
      () =>
        balances.values.at(-1)?.assets[market.quote]?.total === rest.assets[market.quote]?.total &&
        balances.values.at(-1)?.assets[market.base]?.total === rest.assets[market.base]?.total,
      'the balance stream to match REST',
    );
    const after = balances.values.at(-1)?.assets ?? {};
    const spent = sum(own.map((fill) => fill.cost));
    expect((before[market.quote]?.total ?? 0) - (after[market.quote]?.total ?? 0)).toBeCloseTo(spent, 6);
    const feesInBase = sum(own.map((fill) => (fill.fee?.currency === market.base ? fill.fee.cost : 0)));
    const gained = (after[market.base]?.total ?? 0) - (before[market.base]?.total ?? 0);
    if (own.every((fill) => fill.fee !== undefined)) expect(gained).toBeCloseTo(0.02 - feesInBase, 10);
    else expect(gained).toBeLessThanOrEqual(0.02);
    await Promise.all(streams.map((stream) => stream.close()));
  });

  it('yields position changes where the exchange streams positions', async () => {
    const perpetual = streamCase.perpetual;
    if (!exchange.has.watchPositions || !perpetual) {
      expect(exchange.has.watchPositions).toBe(false);
      expect(() => exchange.watchPositions()).toThrow(expect.objectContaining({ kind: 'NotSupported' }));
      return;
    }
    const streams = [exchange.watchMyTrades(perpetual), exchange.watchPositions([perpetual])] as const;
    const fills = record(streams[0]);
    const positions = record(streams[1]);
    await until(() => [fills, positions].every((reader) => reader.statuses.includes('live')), 'live private streams');
    const opened = await exchange.createOrder({ symbol: perpetual, type: 'market', side: 'buy', amount: '0.02' });
    await until(() => positions.values.some((position) => position.symbol === perpetual && position.amount === 0.02), 'the position');
    await until(() => sum(fills.values.filter((fill) => fill.orderId === opened.id).map((fill) => fill.amount)) >= 0.02, 'its fills');
    const closing = await exchange.createOrder({ symbol: perpetual, type: 'market', side: 'sell', amount: '0.02', reduceOnly: true });
    await until(() => positions.values.some((position) => position.amount === 0), 'the position to close');
    await until(() => fills.values.some((fill) => fill.orderId === closing.id), 'the closing fill');
    const filled = fills.values.filter((fill) => fill.orderId === opened.id);
    expect(sum(filled.map((fill) => fill.amount))).toBeCloseTo(0.02, 10);
    expect(filled.every((fill) => fill.symbol === perpetual && fill.fee && fill.fee.cost > 0)).toBe(true);
    await Promise.all(streams.map((stream) => stream.close()));
  });

  it('sees an order filled while the private socket was down once, after reconnecting, with its fills once', async () => {
    const watcher = await connect();
    const orders = watcher.watchOrders(SPOT);
    const fills = watcher.watchMyTrades(SPOT);
    const [orderReader, fillReader] = [record(orders), record(fills)];
    await until(() => orders.status === 'live' && fills.status === 'live', 'live');
    // One fill while connected: the catch-up after the drop must not repeat it.
    const before = await buyNow(exchange, '0.01');
    await until(() => fillReader.values.some((fill) => fill.orderId === before.id), 'the first fill');
    sim.streams.faults.set({ fault: 'refuse', exchange: id, endpoint: streamCase.privateSocket });
    expect(sim.streams.drop({ exchange: id, endpoint: streamCase.privateSocket })).toBeGreaterThan(0);
    await until(() => orders.status === 'reconnecting' && fills.status === 'reconnecting', 'reconnecting');
    const whileDown = await buyNow(exchange, '0.03');
    const resting = await restingBuy(exchange);
    expect(orderReader.values.some((order) => order.id === whileDown.id)).toBe(false);
    sim.streams.faults.clear();
    await until(() => orderReader.values.some((order) => order.id === whileDown.id && order.status === 'closed'), 'the filled order');
    await until(
      () => sum(fillReader.values.filter((fill) => fill.orderId === whileDown.id).map((fill) => fill.amount)) >= 0.03,
      'its fills',
    );
    await until(() => orders.status === 'live' && fills.status === 'live', 'live again');
    expect(orderReader.statuses).toEqual(expect.arrayContaining(['reconnecting', 'resyncing', 'live']));
    await exchange.cancelOrder(resting.id, SPOT);
    await until(() => orderReader.values.some((order) => order.id === resting.id && order.status === 'canceled'), 'the cancel push');
    // Exactly once: each state of each order, each fill.
    const states = (orderId: string) => orderReader.values.filter((order) => order.id === orderId).map((order) => order.status);
    expect(states(whileDown.id)).toEqual(['closed']);
    expect(states(resting.id)).toEqual(['open', 'canceled']);
    expect(states(before.id).filter((status) => status === 'closed')).toHaveLength(1);
    expect(new Set(fillReader.values.map((fill) => fill.id)).size).toBe(fillReader.values.length);
    expect(sum(fillReader.values.filter((fill) => fill.orderId === before.id).map((fill) => fill.amount))).toBeCloseTo(0.01, 10);
    expect(sum(fillReader.values.filter((fill) => fill.orderId === whileDown.id).map((fill) => fill.amount))).toBeCloseTo(0.03, 10);
    await Promise.all([orders.close(), fills.close()]);
  });

  it('fails an overflowing private stream with StreamOverflow', async () => {
    const slow = await connect({ streams: { ...FAST, maxBuffered: 5 } });
    const orders = slow.watchOrders(SPOT);
    const iterator = orders[Symbol.asyncIterator]();
    await until(() => orders.status === 'live', 'live');
    const placed: Order[] = [];
    for (let i = 0; i < 7; i++) placed.push(await restingBuy(exchange, 0.8));
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

  it('re-learns the clock when a private connection is refused as expired, then connects', async () => {
    const skewed = await connect({ clockSync: true });
    await skewed.fetchBalance(); // the offset is learned now, with the clocks in step
    const syncs: number[] = [];
    skewed.on('clockSync', (event) => syncs.push(event.serverTimeOffsetMs));
    sim.clock.setSkewMs(45_000);
    try {
      const orders = skewed.watchOrders(SPOT);
      const reader = record(orders);
      await until(() => orders.status === 'live', streamCase.signsTimestamp ? 'a connection after the re-sync' : 'a connection');
      expect(reader.failure).toBeUndefined();
      // Refused for its timestamp, the connection learned the new offset (v1 signs none: nothing to learn).
      if (streamCase.signsTimestamp) expect(syncs.some((offset) => Math.abs(offset - 45_000) < 5_000)).toBe(true);
      else expect(syncs).toEqual([]);
      await orders.close();
    } finally {
      sim.clock.setSkewMs(0);
    }
  });

  it('refuses a wrong key with AuthInvalid and never shows a secret', async () => {
    const logs: string[] = [];
    const log = (message: string, details?: unknown) => logs.push(`${message} ${JSON.stringify(details)}`);
    const options = sim.exchangeOptions(id);
    const wrong = await connect({ secret: 'not-the-secret-at-all', logger: { debug: log, info: log, warn: log, error: log } });
    const orders = wrong.watchOrders(SPOT);
    const reader = record(orders);
    await reader.done;
    expect(isExchangeError(reader.failure, 'AuthInvalid')).toBe(true);
    const error = reader.failure as Error & { exchangeCode?: string; hint?: string };
    expect(error.exchangeCode).toBe(streamCase.authRefusal.code);
    expect(error.hint).toMatch(streamCase.authRefusal.hint);
    const seen = [JSON.stringify(error), error.message, String(error.stack), ...logs, ...reader.errors.map(String)].join('\n');
    for (const secret of ['not-the-secret-at-all', options.secret, options.passphrase, options.apiKey]) {
      if (secret) expect(seen).not.toContain(secret);
    }
    expect(seen).not.toMatch(/"sign"|ACCESS-SIGN/);
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
    await instance.loadMarkets();
    const before = handles();
    const book = record(instance.watchOrderBook(SPOT));
    const orders = record(instance.watchOrders(SPOT));
    const balances = record(instance.watchBalance());
    await until(() => book.values.length > 0 && orders.statuses.includes('live') && balances.statuses.includes('live'), 'the streams live');
    expect(added(before).length).toBeGreaterThan(0);
    await instance.close();
    await Promise.all([book.done, orders.done, balances.done]);
    expect(book.statuses.at(-1)).toBe('closed');
    await until(() => added(before).length === 0, 'no timer or socket left behind', 3_000).catch((error) => {
      throw new Error(`${error}: still there: ${added(before).join(', ')}`);
    });
  });

  it('rejects bad arguments before anything is sent', () => {
    expect(() => exchange.watchOrderBook(SPOT, { depth: 0 })).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchOrderBook('NOPE/USDT')).toThrow(expect.objectContaining({ kind: 'InvalidSymbol' }));
    // As fetchTicker(''): the same argument checks run in front of every public method.
    expect(() => exchange.watchTicker('' as string)).toThrow(expect.objectContaining({ kind: 'InvalidSymbol' }));
    expect(() => exchange.watchTicker(10n as unknown as string)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => (exchange.watchTrades as (...args: unknown[]) => unknown)(SPOT, 'extra')).toThrow(
      expect.objectContaining({ kind: 'BadRequest' }),
    );
    expect(() => exchange.watchOrderBook(SPOT, { depth: 5, levels: 5 } as never)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchBalance('spot' as never)).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchBalance({ type: 'margin' as 'spot' })).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(() => exchange.watchOHLCV(SPOT, '7m')).toThrow(expect.objectContaining({ kind: 'BadRequest' }));
    expect(sim.streams.connections({ exchange: id })).toBe(0);
  });
});
