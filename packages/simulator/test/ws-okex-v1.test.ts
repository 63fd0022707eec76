/**
 * The simulator's OKEx v1 WebSocket endpoint (`/ws/v1`), driven by a raw `ws` client written from
 * the protocol note (§6.2) and the 2017–2019 WebSocket docs: raw-DEFLATE binary frames, ping/pong,
 * addChannel acks and 20116 refusals, the MD5 login and the private channels behind it, the
 * incremental depth channel (full book first, deletes as amount 0) beside the full top-N ones,
 * order pushes with this event's fill, balance pushes per pair, and the seeded faults.
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import WebSocket from 'ws';
import { type Simulator, startSimulator } from '../src/index.js';
import { v1Private } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: frames are inspected field by field
type Frame = any;

async function until(condition: () => boolean, label: string, timeoutMs = 4_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

class Client {
  /** Channel items and bare frames, inflated, in order. */
  readonly items: Frame[] = [];
  binaryFrames = 0;
  textFrames = 0;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) this.binaryFrames++;
      else this.textFrames++;
      const frame = JSON.parse((isBinary ? inflateRawSync(data) : data).toString('utf8'));
      for (const item of Array.isArray(frame) ? frame : [frame]) this.items.push(item);
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

  async next(match: (item: Frame) => boolean, label: string): Promise<Frame> {
    await until(() => this.items.some(match), label);
    return this.items.find(match);
  }

  all(match: (item: Frame) => boolean): Frame[] {
    return this.items.filter(match);
  }
}

const sign = (apiKey: string, secret: string) =>
  createHash('md5').update(`api_key=${apiKey}&secret_key=${secret}`).digest('hex').toUpperCase();

describe('OKEx v1 WebSocket on the simulator', () => {
  let sim: Simulator;
  const clients: Client[] = [];
  const open = async () => {
    const client = await Client.open(`${sim.wsUrl}/ws/v1`);
    clients.push(client);
    return client;
  };
  const login = async (client: Client, secret = sim.credentials['okex-v1'].secret) => {
    const { apiKey } = sim.credentials['okex-v1'];
    client.send({ event: 'login', parameters: { api_key: apiKey, sign: sign(apiKey, secret) } });
    return client.next((item) => item.channel === 'login', 'the login reply');
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 4 });
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.socket.terminate();
    sim.streams.faults.clear();
  });

  afterAll(() => sim.close());

  it('sends every frame as raw DEFLATE and answers {"event":"ping"} (single-quoted too) with pong', async () => {
    const client = await open();
    client.send("{'event':'ping'}");
    expect(await client.next((item) => item.event === 'pong', 'the pong')).toEqual({ event: 'pong' });
    expect(client.binaryFrames).toBe(1);
    expect(client.textFrames).toBe(0);
    expect(sim.exchangeOptions('okex-v1').wsUrl).toBe(sim.wsUrl);
  });

  it('acks addChannel per channel, refuses an unknown one with 20116 and a private one before login with 10002', async () => {
    const client = await open();
    client.send([
      { event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_ticker' },
      { event: 'addChannel', channel: 'ok_sub_spot_doge_usdt_ticker' },
      { event: 'addChannel', channel: 'ok_sub_futureusd_btc_ticker_this_week' },
      { event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_order' },
    ]);
    expect(await client.next((item) => item.channel === 'addChannel', 'the ack')).toEqual({
      binary: 0,
      channel: 'addChannel',
      data: { result: true, channel: 'ok_sub_spot_btc_usdt_ticker' },
    });
    const ticker = await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_ticker', 'the ticker');
    expect(ticker.data).toMatchObject({
      last: expect.any(String),
      buy: expect.any(String),
      sell: expect.any(String),
      timestamp: expect.any(Number),
    });
    expect(await client.next((item) => item.channel === 'ok_sub_spot_doge_usdt_ticker', 'a refusal')).toEqual({
      binary: 0,
      channel: 'ok_sub_spot_doge_usdt_ticker',
      data: { result: false, error_msg: 'param not match.', error_code: 20116 },
    });
    // Futures are not simulated on v1, as over REST.
    expect((await client.next((item) => item.channel === 'ok_sub_futureusd_btc_ticker_this_week', 'a refusal')).data.error_code).toBe(
      20116,
    );
    expect((await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_order', 'a refusal')).data.error_code).toBe(10002);
  });

  it('logs in with the MD5 sign and refuses a wrong one with 10005', async () => {
    const wrong = await open();
    expect(await login(wrong, 'not-the-secret')).toEqual({ binary: 0, channel: 'login', data: { result: false, error_code: 10005 } });
    const right = await open();
    expect(await login(right)).toEqual({ binary: 0, channel: 'login', data: { result: true } });
  });

  it('pushes the full book first and then the changed levels, a removed level as amount 0; _depth_N pushes its whole top', async () => {
    const client = await open();
    client.send({ event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_depth' });
    client.send({ event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_depth_5' });
    const full = await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_depth', 'the full book');
    const top = await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_depth_5', 'the top 5');
    expect(full.data.bids.length).toBeGreaterThan(5);
    expect(full.data.bids.every((level: string[]) => Number(level[1]) > 0)).toBe(true);
    expect(top.data.bids).toHaveLength(5);
    // Asks highest first, as v1 sends them.
    expect(Number(top.data.asks[0][0])).toBeGreaterThan(Number(top.data.asks[4][0]));
    const best = Number(full.data.bids[0][0]);
    const liquidity = sim.liquidity('okex-v1');
    const id = liquidity.place({ symbol: 'BTC/USDT', side: 'buy', price: (best + 0.1).toFixed(1), amount: '0.5' });
    await turn();
    liquidity.cancel(id);
    const price = (best + 0.1).toFixed(1);
    const changes = () => client.all((item) => item.channel === 'ok_sub_spot_btc_usdt_depth').slice(1);
    await until(
      () =>
        changes().some((item) => item.data.bids.some((level: string[]) => Number(level[0]) === Number(price) && Number(level[1]) === 0)),
      'the removal',
    );
    const added = changes().find((item) =>
      item.data.bids.some((level: string[]) => Number(level[0]) === Number(price) && Number(level[1]) === 0.5),
    );
    expect(added).toBeDefined();
    const tops = client.all((item) => item.channel === 'ok_sub_spot_btc_usdt_depth_5');
    expect(tops.length).toBeGreaterThanOrEqual(3);
    expect(tops.every((item) => item.data.bids.length === 5)).toBe(true);
  });

  it('pushes each order update with its fill, and the pair’s balances when they move', async () => {
    const client = await open();
    await login(client);
    client.send([
      { event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_order' },
      { event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_balance' },
    ]);
    await until(() => client.all((item) => item.channel === 'addChannel').length === 2, 'both acks');
    const depth = await v1Private(sim, 'order_info.do', { symbol: 'btc_usdt', order_id: '-1' });
    expect(depth.status).toBe(200);
    const ticker = (await fetch(`${sim.url}/api/v1/ticker.do?symbol=btc_usdt`).then((response) => response.json())) as {
      ticker: { sell: string };
    };
    const price = (Number(ticker.ticker.sell) * 1.01).toFixed(1);
    const placed = await v1Private(sim, 'trade.do', { symbol: 'btc_usdt', type: 'buy', price, amount: '0.01' });
    const orderId = placed.body.order_id;
    const filled = await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_order' && item.data.status === 2, 'the fill');
    expect(filled).toMatchObject({ base: 'btc', quote: 'usdt', product: 'spot', binary: 0 });
    expect(filled.data).toMatchObject({
      symbol: 'btc_usdt',
      orderId,
      tradeType: 'buy',
      tradeAmount: '0.01',
      completedTradeAmount: '0.01',
      sigTradeAmount: '0.01',
      tradeUnitPrice: String(Number(price)),
    });
    expect(Number(filled.data.averagePrice)).toBe(Number(filled.data.sigTradePrice));
    const opened = client.all((item) => item.channel === 'ok_sub_spot_btc_usdt_order' && item.data.status === 0);
    expect(opened[0]?.data.completedTradeAmount).toBe('0');
    const balance = await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_balance', 'the balance');
    expect(Object.keys(balance.data.info.free).sort()).toEqual(['btc', 'usdt']);
    expect(typeof balance.data.info.free.btc).toBe('number');
  });

  it('applies the seeded faults to pushes by channel', async () => {
    sim.streams.faults.set({ fault: 'skip', exchange: 'okex-v1', endpoint: 'ws', channel: 'ticker', times: 1 });
    const client = await open();
    client.send({ event: 'addChannel', channel: 'ok_sub_spot_btc_usdt_ticker' });
    await client.next((item) => item.channel === 'addChannel', 'the ack');
    const liquidity = sim.liquidity('okex-v1');
    const id = liquidity.place({ symbol: 'BTC/USDT', side: 'buy', price: '1000', amount: '0.5' });
    await turn();
    liquidity.cancel(id);
    await client.next((item) => item.channel === 'ok_sub_spot_btc_usdt_ticker', 'a ticker after the skipped one');
    expect(sim.streams.subscriptions({ exchange: 'okex-v1', endpoint: 'ws' })).toBe(1);
  });
});
