/**
 * The simulator's OKX v5 WebSocket endpoints, driven by a raw `ws` client written from the
 * protocol note (§2.2, §6): login checks and error codes, ping/pong, idle close, subscription
 * errors, books snapshot + deltas with continuous seqId/prevSeqId, private pushes per fill, and the
 * seeded faults.
 */
import { createHmac } from 'node:crypto';
import WebSocket from 'ws';
import { type Simulator, startSimulator } from '../src/index.js';

// biome-ignore lint/suspicious/noExplicitAny: frames are inspected field by field
type Frame = any;

class Client {
  readonly frames: Frame[] = [];
  readonly texts: string[] = [];
  closeCode: number | undefined;
  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.texts.push(text);
      try {
        this.frames.push(JSON.parse(text));
      } catch {
        this.frames.push(text);
      }
    });
    socket.on('close', (code) => {
      this.closeCode = code;
    });
  }

  static async open(url: string): Promise<Client> {
    const socket = new WebSocket(url);
    const client = new Client(socket);
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return client;
  }

  send(value: unknown): void {
    this.socket.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  async next(match: (frame: Frame) => boolean, label: string): Promise<Frame> {
    await until(() => this.frames.some(match), label);
    return this.frames.find(match);
  }

  close(): void {
    this.socket.terminate();
  }
}

async function until(condition: () => boolean, label: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function login(credentials: { apiKey: string; secret: string; passphrase?: string }, timestamp: string, secret = credentials.secret) {
  const sign = createHmac('sha256', secret).update(`${timestamp}GET/users/self/verify`).digest('base64');
  return { op: 'login', args: [{ apiKey: credentials.apiKey, passphrase: credentials.passphrase, timestamp, sign }] };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));
const nowSeconds = () => String(Math.floor(Date.now() / 1000));

describe('OKX WebSocket on the simulator', () => {
  let sim: Simulator;
  const clients: Client[] = [];
  const open = async (path: string) => {
    const client = await Client.open(`${sim.wsUrl}${path}`);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 5, wsIdleCloseMs: 400 });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    sim.streams.faults.clear();
  });

  afterAll(() => sim.close());

  it('offers complete adapter options: credentials, baseUrl and wsUrl on the REST port', () => {
    const options = sim.exchangeOptions('okx');
    expect(options).toEqual({ ...sim.credentials.okx, baseUrl: sim.url, wsUrl: sim.url.replace('http://', 'ws://') });
    // OKEx v1's shipped markets agree with the simulator's v1 venue: no per-exchange venue config.
    expect(Object.keys(sim.exchangeOptions('okex-v1')).sort()).toEqual(['apiKey', 'baseUrl', 'secret', 'wsUrl']);
  });

  it('answers ping with pong and closes an idle connection with 4004', async () => {
    const client = await open('/ws/v5/public');
    client.send('ping');
    await client.next((frame) => frame === 'pong', 'pong');
    await until(() => client.closeCode !== undefined, 'the idle close', 3_000);
    expect(client.closeCode).toBe(4004);
  });

  it('checks the login like OKX: window, key, passphrase, signature', async () => {
    const { okx } = sim.credentials;
    const client = await open('/ws/v5/private');
    const cases: Array<[unknown, string]> = [
      [login(okx, String(Math.floor(Date.now() / 1000) - 45)), '60006'],
      [login({ ...okx, apiKey: 'unknown-key' }, nowSeconds()), '60005'],
      [login({ ...okx, passphrase: 'wrong' }, nowSeconds()), '60024'],
      [login(okx, nowSeconds(), 'not-the-secret'), '60009'],
      [{ op: 'login', args: [{ passphrase: 'x', timestamp: nowSeconds(), sign: 'x' }] }, '60001'],
      [{ op: 'login', args: [{ apiKey: okx.apiKey, passphrase: 'x', timestamp: 'yesterday', sign: 'x' }] }, '60004'],
    ];
    for (const [frame, code] of cases) {
      const before = client.frames.length;
      client.send(frame);
      await until(() => client.frames.length > before, `reply ${code}`);
      expect(client.frames.at(-1)).toMatchObject({ event: 'error', code });
    }
    client.send({ op: 'subscribe', args: [{ channel: 'orders', instType: 'ANY' }] });
    await client.next((frame) => frame.code === '60011', 'please log in');
    client.send(login(okx, `${Date.now() / 1000}`));
    await client.next((frame) => frame.event === 'login', 'login');
    expect(client.frames.find((frame) => frame.event === 'login')).toMatchObject({ code: '0' });
  });

  it('refuses channels on the wrong URL and unknown instruments with 60018, echoing the request id', async () => {
    const client = await open('/ws/v5/public');
    client.send({ id: 'a1', op: 'subscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT' }] });
    await client.next((frame) => frame.id === 'a1', 'wrong URL');
    expect(client.frames.find((frame) => frame.id === 'a1')).toMatchObject({ event: 'error', code: '60018' });
    client.send({ id: 'a2', op: 'subscribe', args: [{ channel: 'books', instId: 'DOGE-USDT' }] });
    await client.next((frame) => frame.id === 'a2', 'unknown instrument');
    expect(client.frames.find((frame) => frame.id === 'a2')).toMatchObject({ event: 'error', code: '60018' });
    client.send('{not json');
    await client.next((frame) => frame.code === '60012', 'illegal request');
  });

  it('sends a books snapshot, then deltas whose prevSeqId is the previous seqId', async () => {
    const client = await open('/ws/v5/public');
    client.send({ id: 'b1', op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    const ack = await client.next((frame) => frame.event === 'subscribe', 'ack');
    expect(ack).toMatchObject({ id: 'b1', arg: { channel: 'books', instId: 'BTC-USDT' } });
    const snapshot = await client.next((frame) => frame.action === 'snapshot', 'snapshot');
    expect(snapshot.data[0]).toMatchObject({ prevSeqId: -1, checksum: 0 });
    const liquidity = sim.liquidity('okx');
    const bestBid = Number(snapshot.data[0].bids[0][0]);
    // One engine action per turn: changes made in the same turn go out as one delta.
    const ids: string[] = [];
    for (const i of [1, 2, 3]) {
      ids.push(liquidity.place({ symbol: 'BTC/USDT', side: 'buy', price: (bestBid - 0.1 * i).toFixed(1), amount: '0.02' }));
      await turn();
    }
    liquidity.cancel(ids[1] as string);
    await until(() => client.frames.filter((frame) => frame.action === 'update').length >= 4, 'four updates');
    const frames = client.frames.filter((frame) => frame.action);
    expect(frames[0].action).toBe('snapshot');
    for (let i = 1; i < frames.length; i++) expect(frames[i].data[0].prevSeqId).toBe(frames[i - 1].data[0].seqId);
    // The synthetic market may move on its own meanwhile (a new time bucket); the user levels are there regardless.
    // Prices are compared as numbers: the wire drops trailing zeros ("61171", not "61171.0").
    const levels = frames
      .slice(1)
      .flatMap((frame) => frame.data[0].bids)
      .map(([price, ...rest]: string[]) => [Number(price).toFixed(1), ...rest]);
    expect(levels).toContainEqual([(bestBid - 0.1).toFixed(1), '0.02', '0', '1']);
    expect(levels).toContainEqual([(bestBid - 0.2).toFixed(1), '0', '0', '0']);
    expect(sim.streams.book('okx', 'BTC/USDT')?.sequence).toBe(frames.at(-1).data[0].seqId);
    for (const id of [ids[0], ids[2]]) liquidity.cancel(id as string);
  });

  it('pushes an order per fill, the account and positions to the logged-in account', async () => {
    const { okx } = sim.credentials;
    const client = await open('/ws/v5/private');
    client.send(login(okx, nowSeconds()));
    await client.next((frame) => frame.event === 'login', 'login');
    client.send({
      op: 'subscribe',
      args: [{ channel: 'orders', instType: 'ANY' }, { channel: 'account' }, { channel: 'positions', instType: 'ANY' }],
    });
    await client.next((frame) => frame.arg?.channel === 'account' && frame.data, 'the first account push');
    // Two resting sells inside the spread become the best asks; a buy for both fills twice.
    const top: Frame = await (await fetch(`${sim.url}/api/v5/market/books?instId=BTC-USDT-SWAP&sz=1`)).json();
    const bestAsk = Number(top.data[0].asks[0][0]);
    const liquidity = sim.liquidity('okx');
    liquidity.place({ symbol: 'BTC/USDT:USDT', side: 'sell', price: (bestAsk - 0.2).toFixed(1), amount: '0.01' });
    liquidity.place({ symbol: 'BTC/USDT:USDT', side: 'sell', price: (bestAsk - 0.1).toFixed(1), amount: '0.01' });
    const response = await placeRest(sim, {
      instId: 'BTC-USDT-SWAP',
      tdMode: 'cross',
      side: 'buy',
      ordType: 'limit',
      px: (bestAsk - 0.1).toFixed(1),
      sz: '2',
    });
    expect(response.code).toBe('0');
    const ordId = response.data[0].ordId;
    await until(
      () => client.frames.filter((frame) => frame.arg?.channel === 'orders' && frame.data?.[0]?.ordId === ordId).length >= 3,
      'three order pushes',
    );
    const pushes = client.frames
      .filter((frame) => frame.arg?.channel === 'orders' && frame.data?.[0]?.ordId === ordId)
      .map((frame) => frame.data[0]);
    expect(pushes.map((push) => [push.state, push.fillSz, push.accFillSz])).toEqual([
      ['live', '0', '0'],
      ['partially_filled', '1', '1'],
      ['filled', '1', '2'],
    ]);
    expect(pushes[1]).toMatchObject({ execType: 'T', fillFeeCcy: 'USDT' });
    expect([Number(pushes[1].fillPx).toFixed(1), Number(pushes[2].fillPx).toFixed(1)]).toEqual([
      (bestAsk - 0.2).toFixed(1),
      (bestAsk - 0.1).toFixed(1),
    ]);
    expect(pushes[1].tradeId).not.toBe(pushes[2].tradeId);
    await client.next((frame) => frame.arg?.channel === 'positions' && frame.data?.[0]?.pos === '2', 'the position push');
    expect(client.frames.find((frame) => frame.arg?.channel === 'orders' && frame.data)?.arg).toMatchObject({
      instType: 'ANY',
      uid: expect.any(String),
    });
  });

  it('applies seeded faults: skip leaves a hole in the sequence, duplicate repeats a push, refuse turns connections away', async () => {
    const client = await open('/ws/v5/public');
    client.send({ op: 'subscribe', args: [{ channel: 'books', instId: 'ETH-USDT' }] });
    const snapshot = await client.next((frame) => frame.action === 'snapshot', 'snapshot');
    sim.streams.faults.set({ fault: 'skip', exchange: 'okx', channel: 'books', after: 1, times: 1 });
    sim.streams.faults.set({ fault: 'duplicate', exchange: 'okx', channel: 'books', after: 3, times: 1 });
    const liquidity = sim.liquidity('okx');
    const bestBid = Number(snapshot.data[0].bids[0][0]);
    const ids: string[] = [];
    for (let i = 1; i <= 4; i++) {
      ids.push(liquidity.place({ symbol: 'ETH/USDT', side: 'buy', price: (bestBid - 0.01 * i).toFixed(2), amount: '0.1' }));
      await turn();
    }
    await until(() => client.frames.filter((frame) => frame.action === 'update').length >= 4, 'updates');
    const updates = client.frames.filter((frame) => frame.action === 'update').map((frame) => frame.data[0]);
    let holes = 0;
    let repeats = 0;
    let previous = snapshot.data[0];
    for (const update of updates) {
      if (update.seqId === previous.seqId && update.prevSeqId === previous.prevSeqId) repeats++;
      else if (update.prevSeqId !== previous.seqId) holes++;
      previous = update;
    }
    expect([holes, repeats]).toEqual([1, 1]);
    for (const id of ids) liquidity.cancel(id);
    sim.streams.faults.set({ fault: 'refuse', exchange: 'okx', endpoint: 'public', times: 1 });
    await expect(Client.open(`${sim.wsUrl}/ws/v5/public`)).rejects.toThrow(/503/);
    clients.push(await open('/ws/v5/public'));
    expect(() => sim.streams.faults.set({ fault: 'delay' })).toThrow(/delayMs/);
  });
});

/** A signed REST order, written from the protocol note like the other simulator tests. */
async function placeRest(sim: Simulator, body: Record<string, string>): Promise<Frame> {
  const { apiKey, secret, passphrase } = sim.credentials.okx;
  const timestamp = new Date().toISOString();
  const text = JSON.stringify(body);
  const sign = createHmac('sha256', secret).update(`${timestamp}POST/api/v5/trade/order${text}`).digest('base64');
  const response = await fetch(`${sim.url}/api/v5/trade/order`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'OK-ACCESS-KEY': apiKey,
      'OK-ACCESS-SIGN': sign,
      'OK-ACCESS-TIMESTAMP': timestamp,
      'OK-ACCESS-PASSPHRASE': passphrase,
    },
    body: text,
  });
  return response.json();
}
