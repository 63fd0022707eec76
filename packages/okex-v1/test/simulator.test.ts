/**
 * End to end against the embedded simulator, which speaks v1 spot and answers every futures
 * endpoint with 20028 (or, with a fault, 404 like a venue that has no futures API at all). The
 * simulator is loaded by name at run time (jest maps workspace packages), since this package does
 * not depend on it; the shape below is the part of its API used here.
 */
import { isExchangeError } from '@exchange-adapters/core';
import { OkexV1Exchange } from '../src/index.js';

interface SimCredentials {
  apiKey?: string;
  secret?: string;
}
interface Sim {
  url: string;
  credentials: { 'okex-v1': SimCredentials };
  readOnlyCredentials: { 'okex-v1': SimCredentials };
  faults: {
    set(rule: { exchange?: string; path?: string; dropReplyProbability?: number; replyStatus?: number }): void;
    clear(): void;
  };
  stats(exchange: 'okex-v1'): { ordersPlaced: number; droppedReplies: number };
  close(): Promise<void>;
}
type SimModule = { startSimulator(options: { port: number; seed: number }): Promise<Sim> };

const SIMULATOR_PACKAGE = '@exchange-adapters/simulator';

let sim: Sim;
let ex: OkexV1Exchange;

beforeAll(async () => {
  const { startSimulator } = (await import(SIMULATOR_PACKAGE)) as SimModule;
  sim = await startSimulator({ port: 0, seed: 1 });
  ex = new OkexV1Exchange({ ...sim.credentials['okex-v1'], baseUrl: sim.url });
});
afterEach(() => sim.faults.clear());
afterAll(async () => {
  await ex.close();
  await sim.close();
});

/** A whole-dollar price well below the market, so a buy rests on the book. */
async function restingBuyPrice(): Promise<string> {
  const ticker = await ex.fetchTicker('BTC/USDT');
  return String(Math.floor((ticker.bid ?? 0) * 0.5));
}

describe('OKEx v1 against the simulator', () => {
  it('loads the spot table without asking for futures; asked for them, finds none (future_ticker answers 20028)', async () => {
    const fresh = new OkexV1Exchange({ ...sim.credentials['okex-v1'], baseUrl: sim.url });
    const paths: string[] = [];
    const warnings: string[] = [];
    fresh.on('request', (event) => paths.push(event.path));
    fresh.on('warning', (event) => warnings.push(event.message));
    const markets = await fresh.loadMarkets();
    expect(markets['BTC/USDT']).toMatchObject({ id: 'btc_usdt', spot: true, precision: { price: 0.1, amount: 0.0001 } });
    expect(markets['ETH/USDT']).toMatchObject({ id: 'eth_usdt' });
    expect(paths).toEqual([]);
    await fresh.loadFuturesMarkets();
    expect(Object.values(fresh.markets ?? {}).some((market) => market.contract)).toBe(false);
    expect(paths.filter((path) => path.startsWith('/api/v1/future_ticker.do'))).toHaveLength(5);
    expect(warnings).toEqual([expect.stringMatching(/no coin of btc, ltc, eth, etc, bch has a futures contract/)]);
    await fresh.close();
  });

  it('runs the whole spot flow against a venue that answers 404 to every futures path', async () => {
    sim.faults.set({ exchange: 'okex-v1', path: '/api/v1/future_', replyStatus: 404 });
    // Default options: nothing tells the adapter that this venue has no futures.
    const spot = new OkexV1Exchange({ ...sim.credentials['okex-v1'], baseUrl: sim.url });
    const paths: string[] = [];
    const statuses: number[] = [];
    const warnings: Array<{ code: string; error?: { httpStatus?: number } }> = [];
    spot.on('request', (event) => paths.push(event.path));
    spot.on('response', (event) => statuses.push(event.status));
    spot.on('warning', (event) => warnings.push(event));

    await spot.loadMarkets();
    const ticker = await spot.fetchTicker('BTC/USDT');
    expect((await spot.fetchOrderBook('BTC/USDT', 5)).bids.length).toBeGreaterThan(0);
    expect((await spot.fetchBalance()).assets.USDT?.free).toBeGreaterThan(0);
    const price = spot.priceToPrecision('BTC/USDT', (ticker.bid ?? 0) * 0.5);
    const order = await spot.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price });
    expect((await spot.fetchOpenOrders('BTC/USDT')).map((open) => open.id)).toContain(order.id);
    expect(await spot.cancelOrder(order.id, 'BTC/USDT')).toMatchObject({ id: order.id, status: 'canceled' });
    const batch = await spot.createOrders(
      [1, 2, 3].map((i) => ({
        symbol: 'BTC/USDT',
        type: 'limit' as const,
        side: 'buy' as const,
        amount: '0.01',
        price: String(Number(price) - i),
      })),
    );
    expect(batch.filter((placed) => placed.error)).toEqual([]);
    expect((await spot.cancelAllOrders('BTC/USDT')).map((canceled) => canceled.status)).toEqual(['canceled', 'canceled', 'canceled']);
    expect((await spot.fetchClosedOrders('BTC/USDT')).map((closed) => closed.id)).toContain(order.id);
    expect(paths.filter((path) => path.includes('future_'))).toEqual([]);
    expect(warnings).toEqual([]);
    expect(statuses.every((status) => status === 200)).toBe(true);

    // A futures symbol is what makes the adapter look: one discovery, one warning, InvalidSymbol for that call only.
    const error = await spot.fetchTicker('BTC/USD:BTC-190628').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'InvalidSymbol' });
    expect((error as { hint: string }).hint).toMatch(/Futures are not available: discovery failed/);
    expect(warnings).toMatchObject([{ code: 'futures-unavailable', error: { httpStatus: 404 } }]);
    expect(statuses.filter((status) => status === 404).length).toBeGreaterThan(0);
    await expect(spot.fetchTicker('BTC/USDT')).resolves.toMatchObject({ symbol: 'BTC/USDT' });
    await spot.close();

    // Discovery with loadMarkets (futuresDiscovery: 'eager') fails the same way: spot markets, one warning, no error.
    const eager = new OkexV1Exchange({ ...sim.credentials['okex-v1'], baseUrl: sim.url, futuresDiscovery: 'eager' });
    const eagerWarnings: string[] = [];
    eager.on('warning', (event) => eagerWarnings.push(event.code));
    const markets = await eager.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(Object.keys(spot.markets ?? {}).sort());
    expect(eagerWarnings).toEqual(['futures-unavailable']);
    await eager.close();
    // About 40 requests: more than jest's default 5 s on a loaded 2-core CI machine with cold caches.
  }, 30_000);

  it('reads ticker, order book (asks ascending), trades and candles', async () => {
    const ticker = await ex.fetchTicker('BTC/USDT');
    expect(ticker.bid).toBeGreaterThan(0);
    expect(ticker.ask).toBeGreaterThan(ticker.bid ?? 0);
    expect(Math.abs(ticker.timestamp - Date.now())).toBeLessThan(5_000);
    const book = await ex.fetchOrderBook('BTC/USDT', 10);
    expect(book.asks.length).toBeGreaterThan(1);
    expect(book.asks.map(([price]) => price)).toEqual([...book.asks.map(([price]) => price)].sort((a, b) => a - b));
    expect(book.bids.map(([price]) => price)).toEqual([...book.bids.map(([price]) => price)].sort((a, b) => b - a));
    expect((book.asks[0] as [number, number])[0]).toBeGreaterThan((book.bids[0] as [number, number])[0]);
    const candles = await ex.fetchOHLCV('BTC/USDT', '1m', undefined, 5);
    expect(candles).toHaveLength(5);
    expect((candles[4] as number[])[0]).toBeGreaterThan((candles[0] as number[])[0] as number);
    const tickers = await ex.fetchTickers();
    expect(Object.keys(tickers).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it('signs private calls the way the server checks them: balances', async () => {
    const balances = await ex.fetchBalance();
    expect(balances.assets.USDT?.total).toBeGreaterThan(0);
    expect(balances.assets.BTC?.free).toBeGreaterThan(0);
  });

  it('places, reads and cancels a limit order', async () => {
    const price = await restingBuyPrice();
    const placed = await ex.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.01',
      price,
      clientOrderId: 'simLimit1',
    });
    expect(placed).toMatchObject({ symbol: 'BTC/USDT', status: 'open', clientOrderId: 'simLimit1' });
    const open = await ex.fetchOpenOrders('BTC/USDT');
    expect(open.map((order) => order.id)).toContain(placed.id);
    const fetched = await ex.fetchOrder(placed.id, 'BTC/USDT');
    expect(fetched).toMatchObject({
      id: placed.id,
      clientOrderId: 'simLimit1',
      status: 'open',
      price: Number(price),
      amount: 0.01,
      filled: 0,
    });
    const canceled = await ex.cancelOrder(placed.id, 'BTC/USDT');
    expect(canceled).toMatchObject({ id: placed.id, status: 'canceled' });
  });

  it('batches 6 orders as 5 + 1 with per-item errors, then cancels them 3 ids at a time', async () => {
    const price = await restingBuyPrice();
    const requests = Array.from({ length: 6 }, (_, i) => ({
      symbol: 'BTC/USDT',
      type: 'limit' as const,
      side: 'buy' as const,
      // The third costs more than the account holds: only the exchange can tell.
      amount: i === 2 ? '100' : '0.01',
      price: String(Number(price) - i),
    }));
    const placed = await ex.createOrders(requests);
    expect(placed).toHaveLength(6);
    expect(placed[2]?.error).toMatchObject({ kind: 'InsufficientFunds', exchangeCode: '10010', orderState: 'not-placed' });
    const ok = placed.filter((order) => !order.error);
    expect(ok).toHaveLength(5);
    const canceled = await ex.cancelOrders(
      ok.map((order) => order.id),
      'BTC/USDT',
    );
    expect(canceled.map((order) => [order.id, order.status, order.error])).toEqual(ok.map((order) => [order.id, 'canceled', undefined]));
    const again = await ex.cancelOrders([ok[0]?.id ?? '', ok[1]?.id ?? ''], 'BTC/USDT');
    expect(again.every((order) => isExchangeError(order.error, 'InvalidOrder'))).toBe(true);
  });

  it('market buy spends params.cost of USDT; market sell sells the amount', async () => {
    const bought = await ex.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: '0.01', params: { cost: '500' } });
    const boughtState = await ex.fetchOrder(bought.id, 'BTC/USDT');
    expect(boughtState).toMatchObject({ type: 'market', side: 'buy', status: 'closed' });
    expect(boughtState.filled).toBeGreaterThan(0);
    // The venue fills whole 0.0001 BTC steps, so up to one step of the 500 USDT stays unspent.
    const bestAsk = (await ex.fetchTicker('BTC/USDT')).ask ?? 0;
    expect(boughtState.cost).toBeLessThanOrEqual(500);
    expect(boughtState.cost).toBeGreaterThan(500 - 0.0001 * bestAsk * 1.05);
    expect(boughtState.info).toMatchObject({ type: 'buy_market', price: 500 });
    expect(boughtState.price).toBeUndefined();
    const sold = await ex.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'sell', amount: '0.01' });
    expect(await ex.fetchOrder(sold.id, 'BTC/USDT')).toMatchObject({ type: 'market', side: 'sell', status: 'closed', filled: 0.01 });
    const closed = await ex.fetchClosedOrders('BTC/USDT');
    expect(closed.map((order) => order.id)).toEqual(expect.arrayContaining([bought.id, sold.id]));
  });

  it('finds an order whose reply was dropped after executing, and places it once', async () => {
    const price = await restingBuyPrice();
    const before = sim.stats('okex-v1');
    sim.faults.set({ exchange: 'okex-v1', path: '/api/v1/trade.do', dropReplyProbability: 1 });
    const order = await ex.createOrder({
      symbol: 'BTC/USDT',
      type: 'limit',
      side: 'buy',
      amount: '0.02',
      price,
      clientOrderId: 'simLost1',
    });
    const after = sim.stats('okex-v1');
    expect(after.droppedReplies - before.droppedReplies).toBe(1);
    expect(after.ordersPlaced - before.ordersPlaced).toBe(1);
    expect(order).toMatchObject({ clientOrderId: 'simLost1', status: 'open', price: Number(price), amount: 0.02 });
    sim.faults.clear();
    expect((await ex.fetchOrder(order.id, 'BTC/USDT')).clientOrderId).toBe('simLost1');
    await ex.cancelAllOrders('BTC/USDT');
    expect(await ex.fetchOpenOrders('BTC/USDT')).toEqual([]);
  });

  it('maps the server’s auth answers: wrong secret 10007, read-only key 10017', async () => {
    const wrong = new OkexV1Exchange({
      apiKey: sim.credentials['okex-v1'].apiKey,
      secret: 'F'.repeat(32),
      baseUrl: sim.url,
      futuresCoins: [],
    });
    await expect(wrong.fetchBalance()).rejects.toMatchObject({ kind: 'AuthInvalid', exchangeCode: '10007' });
    await wrong.close();
    const readOnly = new OkexV1Exchange({ ...sim.readOnlyCredentials['okex-v1'], baseUrl: sim.url, futuresCoins: [] });
    expect((await readOnly.fetchBalance()).assets.USDT?.total).toBeGreaterThan(0);
    await expect(
      readOnly.createOrder({ symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: '0.01', price: '1000' }),
    ).rejects.toMatchObject({
      kind: 'PermissionDenied',
      exchangeCode: '10017',
      orderState: 'not-placed',
    });
    await readOnly.close();
  });
});
