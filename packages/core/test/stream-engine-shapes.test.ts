/**
 * The engine with protocols shaped like OKEx v1 and WEEX rather than OKX (contract.ts): acks that
 * name a channel inside a bundled frame, books without sequence numbers whose first push is the
 * full book, a delete before it or a crossed book as gaps, refusals that name a channel; acks that
 * name only the request id, a refused signed upgrade read by its body, and a connection window.
 */
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type {
  BookMessage,
  ErrorSpec,
  ExchangeCapabilities,
  Market,
  OrderBook,
  Stream,
  StreamStatus,
  WsInbound,
  WsSpec,
} from '../src/index.js';
import { TestExchange } from './support/test-exchange.js';

async function until(condition: () => boolean, label: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function watch<T>(stream: Stream<T>) {
  const statuses: StreamStatus[] = [];
  let failure: unknown;
  stream.on('status', (status) => statuses.push(status));
  const reading = (async () => {
    try {
      for await (const _ of stream) {
        // the tests look at stream.latest
      }
    } catch (error) {
      failure = error;
    }
  })();
  return {
    statuses,
    reading,
    get failure() {
      return failure;
    },
  };
}

const REST_CAPABILITIES = new TestExchange().has;

class ShapedExchange extends TestExchange {
  override readonly has: ExchangeCapabilities = { ...REST_CAPABILITIES, watchOrderBook: true, watchTicker: true, watchOrders: true };

  constructor(readonly spec: () => WsSpec) {
    super({
      apiKey: 'key-1',
      secret: 'secret-1',
      passphrase: 'phrase-1',
      clockSync: false,
      streams: { reconnectDelayMs: { initial: 5, max: 20 }, requestTimeoutMs: 2_000, heartbeatMs: 10_000 },
    });
  }

  protected override wsSpec(): WsSpec {
    return this.spec();
  }
}

// ── a v1-shaped venue ─────────────────────────────────────────────────────────────────────────────

/** Channels by name, acks and pushes bundled in arrays, books without sequence numbers. */
class ChannelVenue {
  readonly server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  readonly sockets = new Set<WebSocket>();
  readonly requests: string[] = [];
  bids = new Map<number, number>([
    [99, 1],
    [98, 2],
  ]);
  asks = new Map<number, number>([[101, 1]]);
  /** The next full push is lost on the way. */
  loseFullPush = false;
  /** The next change is lost on the way. */
  loseChange = false;

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => this.#onMessage(socket, data.toString()));
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  change(side: 'bids' | 'asks', price: number, size: number): void {
    const levels = this[side];
    if (size === 0) levels.delete(price);
    else levels.set(price, size);
    if (this.loseChange) {
      this.loseChange = false;
      return;
    }
    const data = {
      bids: side === 'bids' ? [[String(price), String(size)]] : [],
      asks: side === 'asks' ? [[String(price), String(size)]] : [],
    };
    for (const socket of this.sockets) socket.send(JSON.stringify([{ channel: 'depth', data }]));
  }

  book(): Pick<OrderBook, 'bids' | 'asks'> {
    const sorted = (levels: Map<number, number>, descending: boolean) =>
      [...levels].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])) as Array<[number, number]>;
    return { bids: sorted(this.bids, true), asks: sorted(this.asks, false) };
  }

  #onMessage(socket: WebSocket, text: string): void {
    const request = JSON.parse(text) as { event: string; channel: string };
    this.requests.push(`${request.event} ${request.channel}`);
    if (request.event === 'removeChannel') {
      socket.send(JSON.stringify([{ channel: 'removeChannel', data: { result: true, channel: request.channel } }]));
      return;
    }
    if (request.channel !== 'depth') {
      socket.send(
        JSON.stringify([{ channel: request.channel, data: { result: false, error_code: 20116, error_msg: 'param not match.' } }]),
      );
      return;
    }
    const ack = { channel: 'addChannel', data: { result: true, channel: 'depth' } };
    const full = { channel: 'depth', data: this.book() };
    // The ack and the full book in one frame: the engine must read both, in order.
    const lost = this.loseFullPush;
    this.loseFullPush = false;
    socket.send(JSON.stringify(lost ? [ack] : [ack, full]));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function channelSpec(url: string): WsSpec {
  const readItem = (item: { channel: string; data: Record<string, unknown> }): WsInbound => {
    const { channel, data } = item;
    if (channel === 'addChannel') return { type: 'subscribed', key: String(data.channel) };
    if (channel === 'removeChannel') return { type: 'unsubscribed', key: String(data.channel) };
    if (data.result === false) return { type: 'error', code: String(data.error_code), message: String(data.error_msg), key: channel };
    return { type: 'data', key: channel, message: data };
  };
  return {
    id: 'channelex',
    name: 'ChannelEx',
    endpoints: { ws: url },
    limits: { subscriptionsPerConnection: 10, connectionsPerSecond: 10, argsPerFrame: 1 },
    heartbeat: { mode: 'interval', ping: '{"event":"ping"}', intervalMs: 10_000, timeoutMs: 20_000 },
    credentials: ['apiKey', 'secret'],
    subscribe: (args) => JSON.stringify({ event: 'addChannel', channel: args[0] }),
    unsubscribe: (args) => JSON.stringify({ event: 'removeChannel', channel: args[0] }),
    parse: (text) => (JSON.parse(text) as Array<{ channel: string; data: Record<string, unknown> }>).map(readItem),
    classifyError: (code, message): ErrorSpec => ({
      kind: code === '20116' ? 'BadRequest' : 'ExchangeError',
      exchangeCode: code,
      exchangeMessage: message,
      hint: 'channel unknown',
    }),
    channels: {
      orderBook: () => ({
        endpoint: 'ws',
        key: 'depth',
        arg: 'depth',
        private: false,
        depth: 200,
        snapshot: 'first-push',
        amountMultiplier: 1,
        // A push that deletes a level cannot be the full book; others do not say.
        parse: (message): BookMessage[] => {
          const { bids, asks } = message as { bids: string[][]; asks: string[][] };
          const deletes = [...bids, ...asks].some((level) => Number(level[1]) === 0);
          return [{ snapshot: deletes ? false : undefined, bids, asks }];
        },
      }),
      ticker: () => ({ endpoint: 'ws', key: 'ticker', arg: 'ticker', private: false, parse: () => [] }),
    },
  };
}

describe('stream engine with a channel-named, unsequenced venue (OKEx v1 shaped)', () => {
  let venue: ChannelVenue;
  let exchange: ShapedExchange;

  beforeEach(async () => {
    venue = new ChannelVenue();
    await new Promise((resolve) => venue.server.once('listening', resolve));
    exchange = new ShapedExchange(() => channelSpec(venue.url));
  });

  afterEach(async () => {
    await exchange.close();
    await venue.close();
  });

  const levels = (book: OrderBook | undefined) => ({ bids: book?.bids, asks: book?.asks });

  it('reads the ack and the full book bundled in one frame, then applies changes', async () => {
    const stream = exchange.watchOrderBook('BTC/USDT');
    const reader = watch(stream);
    await until(() => stream.status === 'live', 'live');
    expect(levels(stream.latest)).toEqual(venue.book());
    venue.change('bids', 98, 0);
    venue.change('asks', 100, 3);
    await until(() => JSON.stringify(levels(stream.latest)) === JSON.stringify(venue.book()), 'the changes');
    expect(reader.statuses).toEqual(['live']);
    expect(stream.latest?.sequence).toBeUndefined();
  });

  it('resubscribes when a push that deletes comes before the full book', async () => {
    venue.loseFullPush = true;
    const stream = exchange.watchOrderBook('BTC/USDT');
    const reader = watch(stream);
    await until(() => venue.requests.length === 1, 'the subscribe');
    venue.change('bids', 98, 0);
    await until(() => stream.status === 'live', 'live after the resync');
    expect(levels(stream.latest)).toEqual(venue.book());
    expect(venue.requests).toEqual(['addChannel depth', 'removeChannel depth', 'addChannel depth']);
    expect(reader.statuses).toEqual(expect.arrayContaining(['resyncing', 'live']));
  });

  it('resubscribes when the book crosses after a change: a change was lost', async () => {
    const stream = exchange.watchOrderBook('BTC/USDT');
    const reader = watch(stream);
    await until(() => stream.status === 'live', 'live');
    venue.loseChange = true;
    venue.change('bids', 99, 0);
    venue.change('asks', 99, 2);
    await until(() => reader.statuses.includes('resyncing') && stream.status === 'live', 'the resync');
    await until(() => JSON.stringify(levels(stream.latest)) === JSON.stringify(venue.book()), 'the fresh book');
    expect(stream.latest?.bids[0]?.[0]).toBeLessThan(stream.latest?.asks[0]?.[0] as number);
  });

  it('ends the stream whose channel a refusal names, and only that one', async () => {
    const book = exchange.watchOrderBook('BTC/USDT');
    watch(book);
    await until(() => book.status === 'live', 'live');
    const ticker = watch(exchange.watchTicker('BTC/USDT'));
    await ticker.reading;
    expect(ticker.failure).toMatchObject({ kind: 'BadRequest', exchangeCode: '20116', hint: 'channel unknown' });
    expect(book.status).toBe('live');
  });
});

// ── a WEEX-shaped venue ───────────────────────────────────────────────────────────────────────────

/** Acks name only the request id; the private upgrade is refused with a `{code,msg}` body while `refusal` is set. */
class RequestIdVenue {
  readonly server: WebSocketServer;
  readonly sockets = new Set<WebSocket>();
  upgrades = 0;
  refusal: { status: number; code: number; msg: string } | undefined;

  constructor() {
    this.server = new WebSocketServer({
      port: 0,
      host: '127.0.0.1',
      verifyClient: (_info: unknown, done: (ok: boolean, status?: number, message?: string, headers?: Record<string, string>) => void) => {
        this.upgrades++;
        const refusal = this.refusal;
        if (!refusal) {
          done(true);
          return;
        }
        // ws writes `message` as the body: WEEX answers its REST envelope.
        done(false, refusal.status, JSON.stringify({ code: refusal.code, msg: refusal.msg }), { 'Content-Type': 'application/json' });
      },
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        const request = JSON.parse(data.toString()) as { id: string };
        socket.send(JSON.stringify({ result: true, id: request.id }));
      });
    });
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function requestIdSpec(url: string, window?: { limit: number; windowMs: number }): WsSpec {
  const classify = (code: string, message: string | undefined): ErrorSpec =>
    code === '-1046'
      ? { kind: 'TimestampExpired', exchangeCode: code, exchangeMessage: message, hint: 'clock' }
      : { kind: 'AuthInvalid', exchangeCode: code, exchangeMessage: message, hint: 'check the key' };
  const value = (endpoint: string, key: string, isPrivate: boolean) => ({ endpoint, key, arg: key, private: isPrivate, parse: () => [] });
  return {
    id: 'idex',
    name: 'IdEx',
    endpoints: { public: url, private: `${url}/private` },
    limits: { subscriptionsPerConnection: 1, connectionsPerSecond: 10, argsPerFrame: 1, connectionsPerWindow: window },
    heartbeat: { mode: 'server-ping', timeoutMs: 20_000 },
    credentials: ['apiKey', 'secret', 'passphrase'],
    upgradeHeaders: (endpoint) => ({ headers: { 'x-signed': 'yes' }, authenticated: endpoint === 'private' }),
    upgradeRefusal: (_status, body) => {
      const { code, msg } = JSON.parse(body) as { code: number; msg: string };
      return classify(String(code), msg);
    },
    subscribe: (args, id) => JSON.stringify({ method: 'SUBSCRIBE', params: args, id }),
    unsubscribe: (args, id) => JSON.stringify({ method: 'UNSUBSCRIBE', params: args, id }),
    parse: (text): WsInbound => {
      const frame = JSON.parse(text) as { result?: boolean; id?: string };
      return frame.result === true && frame.id !== undefined ? { type: 'ack', requestId: frame.id } : { type: 'ignore' };
    },
    classifyError: classify,
    channels: {
      ticker: (market: Market) => value('public', `ticker:${market.id}`, false),
      orders: () => value('private', 'orders', true),
    },
  };
}

describe('stream engine with acks by request id and a signed upgrade (WEEX shaped)', () => {
  let venue: RequestIdVenue;
  const exchanges: ShapedExchange[] = [];
  const connect = (window?: { limit: number; windowMs: number }) => {
    const exchange = new ShapedExchange(() => requestIdSpec(venue.url, window));
    exchanges.push(exchange);
    return exchange;
  };

  beforeEach(async () => {
    venue = new RequestIdVenue();
    await new Promise((resolve) => venue.server.once('listening', resolve));
  });

  afterEach(async () => {
    for (const exchange of exchanges.splice(0)) await exchange.close();
    await venue.close();
  });

  it('goes live on an ack that names only the request', async () => {
    const stream = connect().watchTicker('BTC/USDT');
    watch(stream);
    await until(() => stream.status === 'live', 'live');
  });

  it('reconnects after an upgrade refused for its timestamp, and fails on one refused for the key', async () => {
    venue.refusal = { status: 401, code: -1046, msg: 'Request timestamp expired' };
    const exchange = connect();
    const orders = exchange.watchOrders();
    const reader = watch(orders);
    await until(() => venue.upgrades >= 2, 'a second attempt');
    expect(orders.status).not.toBe('closed');
    venue.refusal = undefined;
    await until(() => orders.status === 'live', 'live once the clock is right');
    expect(reader.failure).toBeUndefined();
    await orders.close();

    venue.refusal = { status: 401, code: -1047, msg: 'API authentication failed' };
    const refused = watch(connect().watchOrders());
    await refused.reading;
    expect(refused.failure).toMatchObject({
      kind: 'AuthInvalid',
      exchangeCode: '-1047',
      exchangeMessage: 'API authentication failed',
      httpStatus: 401,
    });
  });

  it('opens no more connections than the exchange window allows', async () => {
    const exchange = connect({ limit: 1, windowMs: 60_000 });
    const first = exchange.watchTicker('BTC/USDT');
    watch(first);
    await until(() => first.status === 'live', 'the first connection');
    // Another socket kind needs another connection, which the window does not allow yet.
    const second = exchange.watchOrders();
    watch(second);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(venue.upgrades).toBe(1);
    expect(second.status).toBe('connecting');
  });
});
