/**
 * The simulator's WEEX V3 WebSocket endpoints, driven by a raw `ws` client written from the
 * protocol note (§2.2, §6): the signed private upgrade and its refusals, server pings and PONG,
 * SUBSCRIBE acks by id and `result:false` refusals, the channel limits, depthSnapshot then U/u
 * deltas, futures on their own paths, and private pushes per order, fill and changed coin.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { type Simulator, startSimulator } from '../src/index.js';
import { weex } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: frames are inspected field by field
type Frame = any;

async function until(condition: () => boolean, label: string, timeoutMs = 4_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

class Client {
  readonly frames: Frame[] = [];
  closed = false;
  /** Answers server pings, as every WEEX client must; a test turns it off to be dropped. */
  answerPings = true;
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString());
      this.frames.push(frame);
      if (this.answerPings && (frame.event === 'ping' || frame.type === 'ping')) this.send({ id: frame.time, method: 'PONG' });
    });
    socket.on('close', () => {
      this.closed = true;
    });
  }

  send(value: unknown): void {
    this.socket.send(JSON.stringify(value));
  }

  async next(match: (frame: Frame) => boolean, label: string): Promise<Frame> {
    await until(() => this.frames.some(match), label);
    return this.frames.find(match);
  }

  all(match: (frame: Frame) => boolean): Frame[] {
    return this.frames.filter(match);
  }
}

/** Opens a socket; resolves with the client, or the refused upgrade's status and body. */
function connect(url: string, headers: Record<string, string>): Promise<Client | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    socket.once('open', () => resolve(new Client(socket)));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

const UA = { 'User-Agent': 'weex-ws-test' };
const turn = () => new Promise((resolve) => setImmediate(resolve));

function signed(credentials: { apiKey: string; secret: string; passphrase?: string }, timestamp = Date.now(), secret = credentials.secret) {
  return {
    ...UA,
    'ACCESS-KEY': credentials.apiKey,
    'ACCESS-PASSPHRASE': credentials.passphrase ?? '',
    'ACCESS-TIMESTAMP': String(timestamp),
    'ACCESS-SIGN': createHmac('sha256', secret).update(`${timestamp}/v3/ws/private`).digest('base64'),
  };
}

describe('WEEX WebSocket on the simulator', () => {
  let sim: Simulator;
  let urls: Record<string, string>;
  const clients: Client[] = [];
  const open = async (kind: string, headers: Record<string, string> = UA) => {
    const client = await connect(urls[kind] as string, headers);
    if (!(client instanceof Client)) throw new Error(`refused: ${client.status} ${client.body}`);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 9, weexPingIntervalMs: 60 });
    urls = sim.exchangeOptions('weex').wsUrl as Record<string, string>;
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.terminate();
    sim.streams.faults.clear();
  });

  afterAll(() => sim.close());

  it('gives the adapter a URL per socket kind: spot and futures share WEEX paths, the simulator one port', () => {
    expect(urls).toEqual({
      'spot-public': `${sim.wsUrl}/v3/ws/public`,
      'spot-private': `${sim.wsUrl}/v3/ws/private`,
      'contract-public': `${sim.wsUrl}/capi/v3/ws/public`,
      'contract-private': `${sim.wsUrl}/capi/v3/ws/private`,
    });
  });

  it('checks the private upgrade as WEEX does and answers refusals with the REST envelope', async () => {
    const credentials = sim.credentials.weex;
    const refusal = async (headers: Record<string, string>) => connect(urls['spot-private'] as string, headers);
    expect(await refusal({})).toEqual({ status: 403, body: expect.stringContaining('User-Agent') });
    expect(await refusal(UA)).toEqual({ status: 401, body: JSON.stringify({ code: -1040, msg: 'ACCESS_KEY header is required' }) });
    expect(await refusal(signed(credentials, Date.now() - 45_000))).toEqual({
      status: 401,
      body: JSON.stringify({ code: -1046, msg: 'Request timestamp expired' }),
    });
    expect(await refusal(signed(credentials, Date.now(), 'wrong-secret'))).toEqual({
      status: 401,
      body: JSON.stringify({ code: -1047, msg: 'API authentication failed' }),
    });
    expect(await refusal({ ...signed(credentials), 'ACCESS-PASSPHRASE': 'nope' })).toMatchObject({ status: 401 });
    const client = await open('spot-private', signed(credentials));
    expect(client.closed).toBe(false);
  });

  it('pings public and private sockets its own way, and closes one that leaves 5 pings unanswered', async () => {
    const quiet = await open('spot-public');
    quiet.answerPings = false;
    const ping = await quiet.next((frame) => frame.event === 'ping', 'a public ping');
    expect(ping.time).toMatch(/^\d{13}$/);
    const privateSocket = await open('contract-private', signed(sim.credentials.weex));
    await privateSocket.next((frame) => frame.type === 'ping', 'a private ping');
    const polite = await open('spot-public');
    await until(() => quiet.closed, 'the unanswering socket to be closed');
    expect(polite.closed).toBe(false);
    expect(quiet.all((frame) => frame.event === 'ping').length).toBeGreaterThanOrEqual(5);
  });

  it('acks SUBSCRIBE by id and refuses a bad param, all or nothing', async () => {
    const client = await open('spot-public');
    client.send({ method: 'SUBSCRIBE', params: ['BTCUSDT@ticker'], id: 'a1' });
    expect(await client.next((frame) => frame.id === 'a1', 'the ack')).toEqual({ result: true, id: 'a1' });
    const ticker = await client.next((frame) => frame.e === 'ticker', 'a ticker push');
    expect(ticker).toMatchObject({ s: 'BTCUSDT', d: [expect.objectContaining({ c: expect.any(String), C: expect.any(Number) })] });
    client.send({ method: 'SUBSCRIBE', params: ['ETHUSDT@trade', 'ASDFS_SPBL@ticker'], id: 7 });
    expect(await client.next((frame) => frame.id === 7, 'the refusal')).toEqual({
      result: false,
      id: 7,
      msg: 'INVALID_ARGUMENT: invalid symbol : ASDFS_SPBL',
    });
    client.send({ method: 'SUBSCRIBE', params: ['BTCUSDT@kline_1m_MARK_PRICE'], id: 8 });
    expect(await client.next((frame) => frame.id === 8, 'spot mark candles refused')).toMatchObject({ result: false });
    expect(sim.streams.subscriptions({ exchange: 'weex', endpoint: 'spot-public' })).toBe(1);
    const privateSpot = await open('spot-private', signed(sim.credentials.weex));
    privateSpot.send({ method: 'SUBSCRIBE', params: ['positions'], id: 9 });
    expect(await privateSpot.next((frame) => frame.id === 9, 'positions refused on spot')).toMatchObject({ result: false });
  });

  it('holds a connection to 100 channels and 240 requests an hour', async () => {
    const client = await open('spot-public');
    const params = Array.from({ length: 101 }, (_, i) => `BTCUSDT@kline_${['1m', '5m', '15m'][i % 3]}_LAST_PRICE`);
    // 101 params, but only 3 distinct channels: within the limit.
    client.send({ method: 'SUBSCRIBE', params, id: 'k' });
    expect(await client.next((frame) => frame.id === 'k', 'the ack')).toMatchObject({ result: true });
    for (let i = 0; i < 239; i++) client.send({ method: 'UNSUBSCRIBE', params: ['BTCUSDT@trade'], id: `u${i}` });
    await client.next((frame) => frame.id === 'u238', 'the 240th request');
    client.send({ method: 'SUBSCRIBE', params: ['BTCUSDT@trade'], id: 'over' });
    expect(await client.next((frame) => frame.id === 'over', 'the 241st request')).toEqual({
      result: false,
      id: 'over',
      msg: expect.stringMatching(/240 subscribe\/unsubscribe requests per connection per hour/),
    });
  });

  it('sends depthSnapshot, then deltas whose U follows the last u; futures books on the futures paths', async () => {
    const client = await open('spot-public');
    client.send({ method: 'SUBSCRIBE', params: ['BTCUSDT@depth200', 'BTCUSDT@depth15'], id: 'd' });
    const full = await client.next((frame) => frame.e === 'depthSnapshot' && frame.l === 200, 'the 200 snapshot');
    const top = await client.next((frame) => frame.e === 'depthSnapshot' && frame.l === 15, 'the 15 snapshot');
    expect(full).toMatchObject({ s: 'BTCUSDT', d: 'SNAPSHOT', u: expect.any(Number) });
    expect(top.b).toHaveLength(15);
    expect(full.b.length).toBeGreaterThan(15);
    const best = Number(full.b[0][0]);
    const liquidity = sim.liquidity('weex');
    // One operation per turn: changes within one turn reach the socket as one net change.
    const ids: string[] = [];
    for (const below of [0.1, 0.2, 0.3]) {
      ids.push(liquidity.place({ symbol: 'BTC/USDT', side: 'buy', price: (best - below).toFixed(1), amount: '0.5' }));
      await turn();
    }
    for (const id of ids) {
      liquidity.cancel(id);
      await turn();
    }
    await until(() => client.all((frame) => frame.e === 'depth' && frame.l === 200).length >= 6, 'six deltas');
    const deltas = client.all((frame) => frame.e === 'depth' && frame.l === 200);
    let last = full.u;
    for (const delta of deltas) {
      expect(delta.U).toBe(last + 1);
      last = delta.u;
    }
    const shallow = client.all((frame) => frame.e === 'depth' && frame.l === 15);
    expect(shallow[0].U).toBeLessThanOrEqual(top.u + 1);
    expect(sim.streams.book('weex', 'BTC/USDT')?.sequence).toBe(last);
    const futures = await open('contract-public');
    futures.send({ method: 'SUBSCRIBE', params: ['BTCUSDT@depth15'], id: 'f' });
    const perpetual = await futures.next((frame) => frame.e === 'depthSnapshot', 'the futures snapshot');
    expect(perpetual.b).toHaveLength(15);
    expect(sim.streams.connections({ exchange: 'weex', endpoint: 'contract-public' })).toBe(1);
  });

  it('pushes each order update, each fill and the coins that changed to the private socket of the order’s market', async () => {
    const client = await open('spot-private', signed(sim.credentials.weex));
    const futures = await open('contract-private', signed(sim.credentials.weex));
    client.send({ method: 'SUBSCRIBE', params: ['orders', 'fill', 'account'], id: 's' });
    futures.send({ method: 'SUBSCRIBE', params: ['orders', 'fill', 'positions'], id: 'f' });
    await client.next((frame) => frame.id === 's', 'the spot ack');
    await futures.next((frame) => frame.id === 'f', 'the futures ack');
    // An order through the REST front-end, crossing the spread so it fills at once.
    const depth = await weex(sim, 'GET', '/api/v3/market/depth', { signed: false, query: { symbol: 'BTCUSDT', limit: 15 } });
    const price = (Number(depth.body.asks[0][0]) * 1.01).toFixed(1);
    const placed = await weex(sim, 'POST', '/api/v3/order', {
      body: { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price, timeInForce: 'GTC', newClientOrderId: 'ws-test-1' },
    });
    // The reply's orderId is an 18-digit JSON number: read from the text, exactly.
    const orderId = /"orderId":(\d+)/.exec(placed.text)?.[1];
    const filled = await client.next((frame) => frame.e === 'orders' && frame.d[0].status === 'FILLED', 'the filled order');
    expect(filled).toMatchObject({
      msgEvent: 'OrderUpdate',
      v: expect.any(Number),
      d: [{ id: orderId, symbol: 'BTCUSDT', clientOrderId: 'ws-test-1', cumFillSize: '0.01' }],
    });
    const fill = await client.next((frame) => frame.e === 'fill', 'the fill');
    expect(fill.d[0]).toMatchObject({ orderId, orderSide: 'BUY', fillSize: '0.01', direction: 'TAKER' });
    const account = await client.next((frame) => frame.e === 'account', 'the account');
    // Only the coins the order moved: ETH did not change.
    expect(account.d.map((item: { coin: string }) => item.coin).sort()).toEqual(['BTC', 'USDT']);
    expect(futures.all((frame) => frame.e === 'orders')).toEqual([]);
  });
});
