/**
 * The stream engine against a loopback WebSocket venue whose protocol is shaped like WEEX's, not
 * OKX's: the server pings and expects pongs, depth deltas carry `U`/`u`, and the snapshot comes
 * from REST and is spliced with buffered deltas. It pins the adapter contract (contract.ts) for
 * specs other than OKX: REST snapshots, gap → refetch, server-ping heartbeats, dead-socket
 * detection, shared subscriptions, per-connection limits and fatal subscription errors.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { BookMessage, ErrorSpec, SequenceVerdict, WsInbound, WsSpec } from '../src/adapter.js';
import type { ExchangeCapabilities, Market, OrderBook, Stream, StreamStatus, Trade } from '../src/index.js';
import { TestExchange } from './support/test-exchange.js';

/** The venue: a book with a sequence, deltas `{U, u, b, a}`, pings every 40 ms. */
class DepthVenue {
  // The private path signs in with an upgrade header, as WEEX does; a wrong one gets HTTP 401.
  readonly server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    verifyClient: ({ req }: { req: { url?: string; headers: Record<string, unknown> } }) =>
      req.url !== '/private' || req.headers['x-auth'] === 'signed-with-the-secret',
  });
  readonly sockets = new Set<WebSocket>();
  readonly subscribes: unknown[] = [];
  pongs = 0;
  silent = false;
  sequence = 100;
  bids = new Map<number, number>([
    [99, 1],
    [98, 2],
  ]);
  asks = new Map<number, number>([[101, 1]]);
  #ping: NodeJS.Timeout;

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.#onMessage(socket, data.toString()));
    });
    this.#ping = setInterval(() => {
      if (!this.silent) for (const socket of this.sockets) socket.send(JSON.stringify({ ping: Date.now() }));
    }, 40);
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A change on the book, pushed to every subscriber; `skip` leaves a hole in the sequence. */
  change(side: 'b' | 'a', price: number, size: number, skip = false): void {
    const levels = side === 'b' ? this.bids : this.asks;
    if (size === 0) levels.delete(price);
    else levels.set(price, size);
    const first = this.sequence + 1;
    this.sequence += skip ? 2 : 1;
    const frame = JSON.stringify({
      ch: 'depth',
      s: 'BTC-USDT',
      U: skip ? first + 1 : first,
      u: this.sequence,
      [side]: [[String(price), String(size)]],
    });
    if (!this.silent) for (const socket of this.sockets) socket.send(frame);
  }

  /** What REST would answer. */
  /** Any frame, pushed to every subscriber as it is (text as it is, an object as JSON). */
  raw(frame: object | string): void {
    for (const socket of this.sockets) socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  snapshot(): OrderBook {
    const sorted = (levels: Map<number, number>, descending: boolean) =>
      [...levels].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])) as Array<[number, number]>;
    return { symbol: 'BTC/USDT', sequence: this.sequence, bids: sorted(this.bids, true), asks: sorted(this.asks, false) };
  }

  #onMessage(socket: WebSocket, text: string): void {
    const message = JSON.parse(text);
    if ('pong' in message) {
      this.pongs++;
      return;
    }
    if (message.op !== 'sub') return;
    this.subscribes.push(message.args);
    for (const arg of message.args) {
      if (arg.ch === 'ticker') socket.send(JSON.stringify({ event: 'error', code: 'E404', msg: 'no such channel', id: message.id }));
      else socket.send(JSON.stringify({ event: 'sub', arg }));
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#ping);
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const SECRET = 'the-secret-of-key-1';

/** U ≤ last + 1 ≤ u applies, u ≤ last is old, anything else is a gap (WEEX-style). */
function rangeRule(last: number | undefined, frame: BookMessage): SequenceVerdict {
  if (last === undefined || frame.sequence === undefined || frame.prevSequence === undefined) return 'gap';
  if (frame.sequence <= last) return 'skip';
  return frame.prevSequence <= last + 1 ? 'apply' : 'gap';
}

function venueSpec(url: string): WsSpec {
  const keyOf = (arg: { ch: string; s: string }) => `${arg.ch}:${arg.s}`;
  return {
    id: 'testex',
    name: 'TestEx',
    endpoints: { public: url, private: `${url}/private` },
    limits: { subscriptionsPerConnection: 1, connectionsPerSecond: 10, argsPerFrame: 5 },
    heartbeat: { mode: 'server-ping', timeoutMs: 250 },
    credentials: ['apiKey', 'secret', 'passphrase'],
    upgradeHeaders: (endpoint, credentials) =>
      endpoint === 'private'
        ? { headers: { 'x-auth': credentials.secret === SECRET ? 'signed-with-the-secret' : 'wrong' }, authenticated: true }
        : undefined,
    subscribe: (args, id) => JSON.stringify({ op: 'sub', args, id }),
    unsubscribe: (args, id) => JSON.stringify({ op: 'unsub', args, id }),
    parse: (text): WsInbound => {
      const message = JSON.parse(text);
      if ('ping' in message) return { type: 'ping', reply: JSON.stringify({ pong: message.ping }) };
      if (message.event === 'sub') return { type: 'subscribed', key: keyOf(message.arg) };
      if (message.event === 'error') return { type: 'error', code: message.code, message: message.msg, requestId: message.id };
      if (message.ch) return { type: 'data', key: keyOf(message), message };
      return { type: 'ignore' };
    },
    classifyError: (code, message): ErrorSpec => ({
      kind: code === 'E404' ? 'InvalidSymbol' : 'ExchangeError',
      exchangeCode: code,
      exchangeMessage: message,
      hint: 'no such channel here',
    }),
    channels: {
      orderBook: (market: Market) => ({
        endpoint: 'public',
        key: `depth:${market.id}`,
        arg: { ch: 'depth', s: market.id },
        private: false,
        depth: 50,
        snapshot: 'rest',
        amountMultiplier: 1,
        parse: (message) => {
          const frame = message as { U: number; u: number; T?: number; b?: string[][]; a?: string[][] };
          return [
            { snapshot: false, bids: frame.b ?? [], asks: frame.a ?? [], prevSequence: frame.U, sequence: frame.u, timestamp: frame.T },
          ];
        },
        sequence: rangeRule,
      }),
      trades: (market: Market) => ({
        endpoint: 'public',
        key: `trades:${market.id}`,
        arg: { ch: 'trades', s: market.id },
        private: false,
        parse: () => [] as Trade[],
      }),
      orders: () => ({
        endpoint: 'private',
        key: 'orders:all',
        arg: { ch: 'orders', s: 'all' },
        private: true,
        parse: () => [],
      }),
      ticker: (market: Market) => ({
        endpoint: 'public',
        key: `ticker:${market.id}`,
        arg: { ch: 'ticker', s: market.id },
        private: false,
        parse: () => [],
      }),
    },
  };
}

/** What TestExchange offers over REST (an instance without any call holds no timer or socket). */
const REST_CAPABILITIES = new TestExchange().has;

class StreamingExchange extends TestExchange {
  override readonly has: ExchangeCapabilities = {
    ...REST_CAPABILITIES,
    // The REST snapshot below: a method marked false in `has` answers NotSupported.
    fetchOrderBook: true,
    watchOrderBook: true,
    watchTrades: true,
    watchTicker: true,
    watchOrders: true,
  };
  snapshotDelayMs = 30;
  snapshots = 0;

  constructor(
    readonly venue: DepthVenue,
    readonly onSnapshot: () => void = () => undefined,
    secret = SECRET,
  ) {
    super({
      apiKey: 'key-1',
      secret,
      passphrase: 'phrase-1',
      clockSync: false,
      streams: { reconnectDelayMs: { initial: 5, max: 20 }, requestTimeoutMs: 2_000 },
    });
  }

  protected override wsSpec(): WsSpec {
    return venueSpec(this.venue.url);
  }

  /** REST: the venue's state when the request "arrives", answered after a delay (deltas keep flowing meanwhile). */
  override async fetchOrderBook(): Promise<OrderBook> {
    this.snapshots++;
    const book = this.venue.snapshot();
    this.onSnapshot();
    await new Promise((resolve) => setTimeout(resolve, this.snapshotDelayMs));
    return book;
  }
}

async function until(condition: () => boolean, label: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function watch(stream: Stream<OrderBook>) {
  const statuses: StreamStatus[] = [];
  stream.on('status', (status) => statuses.push(status));
  const reading = (async () => {
    for await (const _ of stream) {
      // conflated reads; the test looks at stream.latest
    }
  })();
  return { statuses, reading };
}

describe('stream engine with a REST-snapshot, server-ping venue', () => {
  let venue: DepthVenue;
  let exchange: StreamingExchange;

  beforeEach(async () => {
    venue = new DepthVenue();
    await new Promise((resolve) => venue.server.once('listening', resolve));
  });

  afterEach(async () => {
    await exchange?.close();
    await venue.close();
  });

  it('splices deltas that arrive during the REST snapshot, then follows U/u', async () => {
    // While the snapshot is in flight the venue moves twice: those deltas are held, then applied.
    exchange = new StreamingExchange(venue, () => {
      setImmediate(() => {
        venue.change('b', 97, 5);
        venue.change('a', 102, 4);
      });
    });
    const stream = exchange.watchOrderBook('BTC/USDT');
    const { statuses } = watch(stream);
    await until(() => stream.latest?.sequence === venue.sequence && venue.sequence === 102, 'the spliced book');
    expect(stream.latest).toMatchObject(venue.snapshot());
    venue.change('b', 99, 0);
    venue.change('a', 100.5, 3);
    await until(() => stream.latest?.sequence === venue.sequence, 'two more deltas');
    expect(stream.latest).toMatchObject(venue.snapshot());
    expect(exchange.snapshots).toBe(1);
    expect(statuses).toEqual(['live']);
    expect(venue.pongs).toBeGreaterThan(0);
  });

  it('refetches the snapshot on a gap and says resyncing', async () => {
    exchange = new StreamingExchange(venue);
    const stream = exchange.watchOrderBook('BTC/USDT');
    const { statuses } = watch(stream);
    await until(() => stream.status === 'live', 'live');
    venue.change('b', 96, 1, true);
    venue.change('b', 95, 1);
    await until(() => exchange.snapshots === 2 && stream.latest?.sequence === venue.sequence, 'the resync');
    expect(stream.latest).toMatchObject(venue.snapshot());
    expect(statuses).toEqual(['live', 'resyncing', 'live']);
  });

  it('resyncs on a frame whose time is not a number, never publishing a book with it', async () => {
    exchange = new StreamingExchange(venue);
    const stream = exchange.watchOrderBook('BTC/USDT');
    const books: OrderBook[] = [];
    stream.on('data', (book) => books.push(book));
    const { statuses } = watch(stream);
    await until(() => stream.status === 'live', 'live');
    // In sequence (it would apply), but dated "soon": the frame cannot be read, so the book is fetched again.
    venue.raw({ ch: 'depth', s: 'BTC-USDT', U: venue.sequence + 1, u: venue.sequence + 1, T: 'soon', b: [['96', '1']] });
    await until(() => exchange.snapshots === 2 && stream.status === 'live', 'the resync');
    expect(statuses).toEqual(['live', 'resyncing', 'live']);
    expect(books.every((book) => book.bids.every(([price]) => price !== 96))).toBe(true);
    expect(stream.latest).toMatchObject(venue.snapshot());
  });

  it('survives a spec whose parse throws on a frame: the frame is logged and skipped, the book goes on', async () => {
    // venueSpec's parse is JSON.parse without a guard: text that is not JSON throws inside the
    // socket's message handler, where nothing but the connection can catch it.
    exchange = new StreamingExchange(venue);
    const stream = exchange.watchOrderBook('BTC/USDT');
    const { statuses } = watch(stream);
    await until(() => stream.status === 'live', 'live');
    venue.raw('<html>502 Bad Gateway</html>');
    venue.change('b', 97, 5);
    await until(() => stream.latest?.sequence === venue.sequence, 'the delta after the garbage');
    expect(stream.latest).toMatchObject(venue.snapshot());
    expect(statuses).toEqual(['live']);
  });

  it('notices a venue that stops pinging, reconnects and reads a fresh snapshot', async () => {
    exchange = new StreamingExchange(venue);
    const stream = exchange.watchOrderBook('BTC/USDT');
    const { statuses } = watch(stream);
    await until(() => stream.status === 'live', 'live');
    venue.silent = true;
    venue.change('a', 101, 9);
    await until(() => statuses.includes('reconnecting'), 'the dead socket to be noticed');
    venue.silent = false;
    await until(() => stream.status === 'live' && stream.latest?.sequence === venue.sequence, 'live again');
    expect(stream.latest).toMatchObject(venue.snapshot());
    expect(exchange.snapshots).toBe(2);
  });

  it('shares one subscription between readers, spreads channels over connections, fails a refused one alone', async () => {
    exchange = new StreamingExchange(venue);
    const first = exchange.watchOrderBook('BTC/USDT');
    const second = exchange.watchOrderBook('BTC/USDT', { depth: 1 });
    watch(first);
    watch(second);
    await until(() => first.status === 'live' && second.status === 'live', 'both readers live');
    expect(venue.subscribes).toHaveLength(1);
    expect(second.latest?.bids).toHaveLength(1);
    const trades = exchange.watchTrades('BTC/USDT');
    trades[Symbol.asyncIterator]();
    await until(() => trades.status === 'live', 'trades live');
    // One subscription per connection (this venue's limit): the trades channel got its own socket.
    expect(venue.sockets.size).toBe(2);
    const ticker = exchange.watchTicker('BTC/USDT');
    const failure = await ticker[Symbol.asyncIterator]()
      .next()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ kind: 'InvalidSymbol', exchangeCode: 'E404', hint: 'no such channel here' });
    await until(() => venue.sockets.size === 2, "the refused channel's socket to close");
    expect(first.status).toBe('live');
    await first.close();
    expect(second.status).toBe('live');
    await second.close();
    await trades.close();
    await until(() => venue.sockets.size === 0, 'every socket to close');
  });

  it('signs a private socket with upgrade headers, and a refused upgrade ends private streams with AuthInvalid', async () => {
    exchange = new StreamingExchange(venue);
    const orders = exchange.watchOrders();
    orders[Symbol.asyncIterator]();
    await until(() => orders.status === 'live', 'the signed private socket');
    expect(venue.subscribes).toContainEqual([{ ch: 'orders', s: 'all' }]);
    await orders.close();
    const wrong = new StreamingExchange(venue, undefined, 'not-the-secret');
    const refused = wrong.watchOrders();
    const failure = await refused[Symbol.asyncIterator]()
      .next()
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ kind: 'AuthInvalid', httpStatus: 401 });
    expect(JSON.stringify(failure)).not.toContain('not-the-secret');
    await wrong.close();
  });
});
