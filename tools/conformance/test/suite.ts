/**
 * The conformance suite: one set of scenarios written only against `Exchange`, run on every
 * adapter against the simulator over real sockets. If a scenario needs an `if (id === …)`, the
 * library has failed its promise; the only per-exchange facts allowed are in cases.ts. Each
 * exchange has its own test file calling `describeConformance`, so jest runs them side by side.
 */
import {
  createExchange,
  createTransport,
  type Exchange,
  type ExchangeOptions,
  type HttpRequest,
  type HttpResponse,
  isExchangeError,
  type Order,
  type OrderRequest,
  type Transport,
  type TransportChoice,
} from '@exchange-adapters/core';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import type { BudgetCall, Case } from './cases.js';

const SPOT = 'BTC/USDT';
/** The budget runs on its own market, so orders left by other scenarios cannot change its counts. */
const BUDGET_SPOT = 'ETH/USDT';
/** Orders placed with 20 % of their replies dropped and the client clock stepped back 45 s halfway. */
const LOST_CREATES = 50;
/** Resting orders cancelled with 30 % of cancel replies dropped: half one by one, half in batches. */
const LOST_CANCELS = 24;

interface Outcome<T> {
  value?: T;
  error?: unknown;
}

const settle = <T>(promise: Promise<T>): Promise<Outcome<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );

const stateOf = (error: unknown): string | undefined => (isExchangeError(error) ? error.orderState : undefined);

/**
 * A transport that, when a reply is lost, runs `onLost` once before the caller learns about it:
 * what another program does between this one's lost reply and its lookup.
 */
class LostReplyHook implements Transport {
  readonly #inner: Transport;
  #onLost: (() => Promise<void>) | undefined;

  constructor(transport: TransportChoice) {
    this.#inner = createTransport(transport);
  }

  arm(onLost: () => Promise<void>): void {
    this.#onLost = onLost;
  }

  async prepare(): Promise<void> {
    await this.#inner.prepare?.();
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      return await this.#inner.send(request);
    } catch (error) {
      const onLost = this.#onLost;
      this.#onLost = undefined;
      if (onLost) await onLost();
      throw error;
    }
  }

  close(): void {
    this.#inner.close?.();
  }
}

/** Every built-in HTTP transport: the suite runs on each (`transport` option). */
export const TRANSPORTS = ['http', 'undici', 'axios'] as const;

export function describeConformance(testCase: Case, transport: (typeof TRANSPORTS)[number]): void {
  const { id, perpetual, signsTimestamps, marginAccount, wallets } = testCase;

  describe(`${id} on the simulator over ${transport}`, () => {
    let sim: Simulator;
    let exchange: Exchange;
    const open: Exchange[] = [];

    const connect = async (options: ExchangeOptions = {}): Promise<Exchange> => {
      const created = await createExchange(id, { ...sim.credentials[id], baseUrl: sim.url, transport, ...options });
      open.push(created);
      return created;
    };

    beforeAll(async () => {
      // The simulator does not enforce rate limits here. Against real time on a shared machine, a
      // stalled event loop can bunch requests that left on time, and a count or a fault run would
      // then depend on the machine's load. The limits are held by the client (core tests) and
      // enforced by the simulator on a hand-moved clock (simulator tests); the client's own
      // limiter stays on here, so WEEX's 100 orders a minute still paces these runs.
      sim = await startSimulator({ port: 0, seed: 7, rateLimits: false });
      exchange = await connect();
      await exchange.loadMarkets();
    });

    afterEach(() => sim.faults.clear());

    afterAll(async () => {
      for (const created of open) await created.close();
      await sim.close();
    });

    const mid = async (symbol: string, on: Exchange = exchange) => {
      const book = await on.fetchOrderBook(symbol, 5);
      const bid = book.bids[0]?.[0];
      const ask = book.asks[0]?.[0];
      if (bid === undefined || ask === undefined) throw new Error(`empty book on ${symbol}`);
      return (bid + ask) / 2;
    };

    /** Whole prices sit on every venue's tick. */
    const wholePrice = (price: number, symbol = SPOT) => exchange.priceToPrecision(symbol, Math.round(price));
    /** The smallest order the market allows, as a decimal string. */
    const minAmount = (times = 1, symbol = SPOT) =>
      exchange.amountToPrecision(symbol, (exchange.market(symbol).limits.amount.min ?? 0.001) * times);

    const restingBuy = async (price: number, amount = minAmount()) =>
      exchange.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount, price: wholePrice(price) });

    it('loads markets with precision, limits and units', async () => {
      const markets = await exchange.loadMarkets();
      for (const symbol of ['BTC/USDT', 'ETH/USDT']) {
        const market = markets[symbol];
        expect(market).toMatchObject({ symbol, type: 'spot', spot: true, contract: false, amountUnit: 'base', active: true });
        expect(market?.precision.price).toBeGreaterThan(0);
        expect(market?.precision.amount).toBeGreaterThan(0);
        expect(market?.limits.amount.min).toBeGreaterThan(0);
      }
      if (perpetual) {
        expect(markets[perpetual]).toMatchObject({ type: 'swap', contract: true, linear: true, settle: 'USDT', amountUnit: 'base' });
      }
    });

    it("agrees with the venue's order rules with default options: tick, step and minimum of every spot market", () => {
      for (const rules of sim.markets(id).filter((market) => market.type === 'spot')) {
        const market = exchange.market(rules.symbol);
        expect({
          symbol: rules.symbol,
          tick: market.precision.price,
          step: market.precision.amount,
          min: market.limits.amount.min,
        }).toEqual({
          symbol: rules.symbol,
          tick: Number(rules.tick),
          step: Number(rules.step),
          min: Number(rules.minAmount),
        });
      }
    });

    it('fetches a ticker with bid below ask', async () => {
      const ticker = await exchange.fetchTicker(SPOT);
      expect(ticker.symbol).toBe(SPOT);
      expect(ticker.bid).toBeLessThan(ticker.ask ?? 0);
      expect(ticker.last).toBeGreaterThan(0);
      expect(ticker.timestamp).toBeGreaterThan(Date.UTC(2020, 0, 1));
    });

    it('orders the book: bids descending, asks ascending, not crossed', async () => {
      const book = await exchange.fetchOrderBook(SPOT, 10);
      expect(book.bids.length).toBeGreaterThanOrEqual(5);
      expect(book.asks.length).toBeGreaterThanOrEqual(5);
      const bidPrices = book.bids.map(([price]) => price);
      const askPrices = book.asks.map(([price]) => price);
      expect(bidPrices).toEqual([...bidPrices].sort((a, b) => b - a));
      expect(askPrices).toEqual([...askPrices].sort((a, b) => a - b));
      expect(bidPrices[0]).toBeLessThan(askPrices[0] ?? 0);
      expect(book.bids.every(([, amount]) => amount > 0)).toBe(true);
    });

    it('fetches public trades', async () => {
      const trades = await exchange.fetchTrades(SPOT);
      expect(trades.length).toBeGreaterThan(0);
      for (const trade of trades) {
        expect(trade.symbol).toBe(SPOT);
        expect(['buy', 'sell']).toContain(trade.side);
        expect(trade.price).toBeGreaterThan(0);
        expect(trade.cost).toBeCloseTo(trade.price * trade.amount, 6);
      }
    });

    it('fetches OHLCV oldest first with consistent candles', async () => {
      const candles = await exchange.fetchOHLCV(SPOT, '1m', undefined, 20);
      expect(candles.length).toBeGreaterThan(1);
      const times = candles.map(([ts]) => ts);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      for (const [, openPrice, high, low, close, volume] of candles) {
        expect(high).toBeGreaterThanOrEqual(Math.max(openPrice, close));
        expect(low).toBeLessThanOrEqual(Math.min(openPrice, close));
        expect(volume).toBeGreaterThanOrEqual(0);
      }
    });

    it('fetches the balance with free + used = total', async () => {
      const balance = await exchange.fetchBalance();
      const usdt = balance.assets.USDT;
      expect(usdt?.free).toBeGreaterThan(0);
      expect((usdt?.free ?? 0) + (usdt?.used ?? 0)).toBeCloseTo(usdt?.total ?? -1, 6);
    });

    // Early in the file: the simulator's own rate windows are still empty, so no 429 can add a retry to a count.
    it('sends no more requests per call than the budget: one for a cancel, one per batch', async () => {
      const measured = await connect();
      await measured.loadMarkets();
      await measured.fetchBalance(); // clock sync happens here, before anything is counted
      await measured.cancelAllOrders(BUDGET_SPOT);
      const sent: string[] = [];
      measured.on('request', (event) => sent.push(`${event.method} ${event.path}`));
      const top = Math.round((await mid(BUDGET_SPOT, measured)) * 0.7);
      const amount = minAmount(1, BUDGET_SPOT);
      let nextPrice = top;
      const buy = (): OrderRequest => ({
        symbol: BUDGET_SPOT,
        type: 'limit',
        side: 'buy',
        amount,
        price: measured.priceToPrecision(BUDGET_SPOT, nextPrice--),
      });
      const counted: Array<{ call: BudgetCall; requests: number; simulator: number; paths: string[] }> = [];
      const measure = async <T>(call: BudgetCall, run: () => Promise<T>): Promise<T> => {
        sent.length = 0;
        const before = sim.stats(id).requests;
        const result = await run();
        counted.push({ call, requests: sent.length, simulator: sim.stats(id).requests - before, paths: [...sent] });
        return result;
      };

      await measure('fetchTicker', () => measured.fetchTicker(BUDGET_SPOT));
      if (perpetual) await measure('fetchTicker (perpetual)', () => measured.fetchTicker(perpetual));
      await measure('fetchOrderBook', () => measured.fetchOrderBook(BUDGET_SPOT, 5));
      await measure('fetchBalance', () => measured.fetchBalance());
      const single = await measure('createOrder', () => measured.createOrder(buy()));
      const batch = await measure('createOrders (7 orders)', () => measured.createOrders(Array.from({ length: 7 }, buy)));
      expect(batch.filter((order) => order.error)).toEqual([]);
      await measure('fetchOrder', () => measured.fetchOrder(single.id, BUDGET_SPOT));
      await measure('fetchOpenOrders', () => measured.fetchOpenOrders(BUDGET_SPOT));
      await measure('cancelOrder', () => measured.cancelOrder(single.id, BUDGET_SPOT));
      const canceled = await measure('cancelOrders (7 ids)', () =>
        measured.cancelOrders(
          batch.map((order) => order.id),
          BUDGET_SPOT,
        ),
      );
      expect(canceled.map((order) => [order.status, order.error])).toEqual(batch.map(() => ['canceled', undefined]));
      await measured.createOrders(Array.from({ length: 5 }, buy));
      const all = await measure('cancelAllOrders (5 open)', () => measured.cancelAllOrders(BUDGET_SPOT));
      expect(all.map((order) => order.status)).toEqual(['canceled', 'canceled', 'canceled', 'canceled', 'canceled']);
      const last = await measured.createOrder(buy());
      const final = await measure('cancelOrder + fetchFinalState', () =>
        measured.cancelOrder(last.id, BUDGET_SPOT, { fetchFinalState: true }),
      );
      expect(final).toMatchObject({ status: 'canceled', filled: 0, side: 'buy' });
      await measure('loadMarkets (reload)', () => measured.loadMarkets(true));

      console.log(
        `request budget, ${id} (client requests / simulator requests / budget):\n${counted
          .map(({ call, requests, simulator }) => `  ${call.padEnd(30)} ${requests} / ${simulator} / ${testCase.budget[call]?.requests}`)
          .join('\n')}`,
      );
      const expected = counted.map(({ call }) => ({ call, requests: testCase.budget[call]?.requests }));
      expect(counted.map(({ call, requests }) => ({ call, requests }))).toEqual(expected);
      expect(counted.map(({ call, simulator }) => ({ call, requests: simulator }))).toEqual(expected);
    });

    it('lists, fetches and cancels a resting limit order; the cancel says what the ack knows, fetchOrder the rest', async () => {
      const order = await restingBuy((await mid(SPOT)) * 0.8);
      expect(order.id).not.toBe('');
      const listed = await exchange.fetchOpenOrders(SPOT);
      expect(listed.map((o) => o.id)).toContain(order.id);
      expect(await exchange.fetchOrder(order.id, SPOT)).toMatchObject({
        id: order.id,
        status: 'open',
        side: 'buy',
        amount: Number(minAmount()),
        filled: 0,
      });
      const canceled = await exchange.cancelOrder(order.id, SPOT);
      expect(canceled).toMatchObject({ id: order.id, symbol: SPOT, status: 'canceled' });
      expect(canceled.filled).toBeUndefined();
      expect((await exchange.fetchOrder(order.id, SPOT)).status).toBe('canceled');
      expect((await exchange.fetchOpenOrders(SPOT)).map((o) => o.id)).not.toContain(order.id);
    });

    it('fills a resting order as maker when the market moves through it', async () => {
      const price = wholePrice((await mid(SPOT)) * 0.95);
      const order = await exchange.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount: minAmount(), price });
      expect((await exchange.fetchOrder(order.id, SPOT)).status).toBe('open');
      sim.market.move(SPOT, (Number(price) - 100).toFixed(1));
      const filled = await exchange.fetchOrder(order.id, SPOT);
      expect(filled).toMatchObject({ status: 'closed', filled: Number(minAmount()), average: Number(price) });
    });

    it('fills a crossing order and moves balances by the amounts and the fee', async () => {
      const before = await exchange.fetchBalance();
      const ask = (await exchange.fetchOrderBook(SPOT, 5)).asks[0]?.[0] ?? 0;
      const amount = Number(minAmount(2));
      const placed = await exchange.createOrder({
        symbol: SPOT,
        type: 'limit',
        side: 'buy',
        amount: minAmount(2),
        price: wholePrice(ask * 1.01),
      });
      const filled = await exchange.fetchOrder(placed.id, SPOT);
      expect(filled.status).toBe('closed');
      expect(filled.filled).toBeCloseTo(amount, 9);
      const after = await exchange.fetchBalance();
      const spent = (before.assets.USDT?.total ?? 0) - (after.assets.USDT?.total ?? 0);
      const received = (after.assets.BTC?.total ?? 0) - (before.assets.BTC?.total ?? 0);
      const cost = filled.cost ?? (filled.average ?? 0) * filled.filled;
      expect(cost).toBeGreaterThan(0);
      // Taker fee 0.1 %, charged in the currency received (base) or on top of the cost (quote).
      const feeInBase = Math.abs(received - amount * (1 - 0.001)) < 1e-9 && Math.abs(spent - cost) < 1e-6;
      const feeInQuote = Math.abs(received - amount) < 1e-9 && Math.abs(spent - cost * 1.001) < 1e-6;
      expect({ spent, received, cost, feeCharged: feeInBase || feeInQuote }).toMatchObject({ feeCharged: true });
    });

    it('refuses an unaffordable order with InsufficientFunds', async () => {
      const error = await restingBuy((await mid(SPOT)) * 0.9, '50').catch((e: unknown) => e);
      expect(isExchangeError(error, 'InsufficientFunds')).toBe(true);
      expect((error as { orderState?: string }).orderState).toBe('not-placed');
    });

    if (perpetual) {
      it('refuses an unaffordable perpetual position with InsufficientMargin', async () => {
        const price = (await mid(perpetual)) * 0.9;
        const error = await exchange
          .createOrder({ symbol: perpetual, type: 'limit', side: 'buy', amount: '500', price: exchange.priceToPrecision(perpetual, price) })
          .catch((e: unknown) => e);
        expect(isExchangeError(error, 'InsufficientMargin')).toBe(true);
      });
    }

    it('refuses an amount below the minimum with InvalidOrder before any request', async () => {
      const sent: string[] = [];
      const listener = (event: { path: string }) => sent.push(event.path);
      exchange.on('request', listener);
      const requestsBefore = sim.stats(id).requests;
      const error = await exchange
        .createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount: '0.0000001', price: '1000' })
        .catch((e: unknown) => e);
      exchange.off('request', listener);
      expect(isExchangeError(error, 'InvalidOrder')).toBe(true);
      expect(sent).toEqual([]);
      expect(sim.stats(id).requests).toBe(requestsBefore);
    });

    it('reports a wrong secret as AuthInvalid', async () => {
      const wrong = await connect({ secret: 'wrong-secret-0000' });
      const error = await wrong.fetchBalance().catch((e: unknown) => e);
      expect(isExchangeError(error, 'AuthInvalid')).toBe(true);
    });

    it('reports an order from a read-only key as PermissionDenied', async () => {
      const readOnly = await connect({ ...sim.readOnlyCredentials[id] });
      await expect(readOnly.fetchBalance()).resolves.toHaveProperty('assets');
      const error = await readOnly
        .createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount: minAmount(), price: '1000' })
        .catch((e: unknown) => e);
      expect(isExchangeError(error, 'PermissionDenied')).toBe(true);
    });

    if (signsTimestamps) {
      it('absorbs 45 s of clock skew without an error reaching the caller', async () => {
        sim.clock.setSkewMs(45_000);
        try {
          const skewed = await connect();
          await expect(skewed.fetchBalance()).resolves.toHaveProperty('assets');
        } finally {
          sim.clock.setSkewMs(0);
        }
      });

      it('surfaces TimestampExpired with the skew in its hint when clock sync is off', async () => {
        sim.clock.setSkewMs(45_000);
        try {
          const unsynced = await connect({ clockSync: false });
          const error = await unsynced.fetchBalance().catch((e: unknown) => e);
          expect(isExchangeError(error, 'TimestampExpired')).toBe(true);
          expect((error as { hint: string }).hint).toMatch(/Local clock is 4[4-6] s behind .* Clock sync is off/);
        } finally {
          sim.clock.setSkewMs(0);
        }
      });
    } else {
      it('is unaffected by 45 s of clock skew: the API signs no timestamp', async () => {
        sim.clock.setSkewMs(45_000);
        try {
          const unsynced = await connect({ clockSync: false });
          await expect(unsynced.fetchBalance()).resolves.toHaveProperty('assets');
        } finally {
          sim.clock.setSkewMs(0);
        }
      });
    }

    it('slows reads down in a 429 storm and none of them fail', async () => {
      sim.faults.set({ exchange: id, rateLimitStormProbability: 0.3 });
      const reader = await connect();
      let retries = 0;
      reader.on('retry', () => retries++);
      // One read at a time: the storm's rolls then fall on the same requests in every run (seeded).
      const failures: string[] = [];
      for (let i = 0; i < 20; i++) await reader.fetchTicker(SPOT).catch((error: unknown) => failures.push(String(error)));
      expect(failures).toEqual([]);
      expect(retries).toBeGreaterThan(0);
    });

    it('loses 20 % of create replies, its clock stepped back 45 s between a send and its lookup: 0 duplicates, 0 wrong claims', async () => {
      let stepMs = 0;
      const hook = new LostReplyHook(transport);
      const trader = await connect({ now: () => Date.now() + stepMs, transport: hook });
      await trader.loadMarkets();
      const top = Math.round((await mid(SPOT, trader)) * 0.6);
      const droppedBefore = sim.stats(id).droppedReplies;
      const requests: OrderRequest[] = Array.from({ length: LOST_CREATES }, (_, i) => ({
        symbol: SPOT,
        type: 'limit',
        side: 'buy',
        amount: minAmount(),
        // A distinct price per order: each can be recognised on the exchange, client ids or not.
        price: trader.priceToPrecision(SPOT, top - i),
      }));
      sim.faults.set({ exchange: id, ...testCase.createWrites, dropReplyProbability: 0.2 });
      const outcomes: Array<Outcome<Order>> = [];
      for (const [i, request] of requests.entries()) {
        // Halfway, the clock is stepped back at the worst moment: after a send whose reply is lost, before the lookup.
        if (i === LOST_CREATES / 2)
          hook.arm(async () => {
            stepMs = -45_000;
          });
        outcomes.push(await settle(trader.createOrder(request)));
      }
      sim.faults.clear();
      expect(stepMs).toBe(-45_000);

      const prices = new Set(requests.map((request) => Number(request.price)));
      const onExchange = sim.orders(id).filter((order) => prices.has(Number(order.price)) && order.side === 'buy');
      const byId = new Map(onExchange.map((order) => [order.id, order]));
      const placedAt = (price: number) => onExchange.filter((order) => Number(order.price) === price).length;
      const figures = {
        orders: LOST_CREATES,
        droppedReplies: sim.stats(id).droppedReplies - droppedBefore,
        placedOnExchange: onExchange.length,
        duplicates: [...prices].reduce((sum, price) => sum + Math.max(0, placedAt(price) - 1), 0),
        wrongClaims: outcomes.filter(({ value }, i) => {
          if (!value) return false;
          const order = byId.get(value.id);
          const requested = Number(requests[i]?.price);
          return !order || Number(order.price) !== requested || (order.clientOrderId !== '' && order.clientOrderId !== value.clientOrderId);
        }).length,
        reportedNotPlacedButPlaced: outcomes.filter(
          ({ error }, i) => error !== undefined && stateOf(error) === 'not-placed' && placedAt(Number(requests[i]?.price)) > 0,
        ).length,
        unknown: outcomes.filter(({ error }) => stateOf(error) === 'unknown').length,
        failures: outcomes.filter(({ error }) => error !== undefined).map(({ error }) => String(error)),
      };
      console.log(`lost creates, ${id}: ${JSON.stringify(figures)}`);
      expect(figures).toMatchObject({
        duplicates: 0,
        wrongClaims: 0,
        reportedNotPlacedButPlaced: 0,
        unknown: 0,
        failures: [],
        placedOnExchange: LOST_CREATES,
      });
      expect(figures.droppedReplies).toBeGreaterThanOrEqual(3);
      await trader.cancelAllOrders(SPOT);
    });

    it('loses 30 % of cancel replies: no cancel that went through is reported as failed', async () => {
      const trader = await connect();
      await trader.loadMarkets();
      const top = Math.round((await mid(SPOT, trader)) * 0.5);
      const placed = await trader.createOrders(
        Array.from({ length: LOST_CANCELS }, (_, i) => ({
          symbol: SPOT,
          type: 'limit' as const,
          side: 'buy' as const,
          amount: minAmount(),
          price: trader.priceToPrecision(SPOT, top - i),
        })),
      );
      expect(placed.filter((order) => order.error)).toEqual([]);
      const droppedBefore = sim.stats(id).droppedReplies;
      sim.faults.set({ exchange: id, ...testCase.cancelWrites, dropReplyProbability: 0.3 });
      const outcomes: Array<{ id: string; reported: 'canceled' | 'failed'; error?: unknown }> = [];
      const half = LOST_CANCELS / 2;
      for (const order of placed.slice(0, half)) {
        const outcome = await settle(trader.cancelOrder(order.id, SPOT));
        outcomes.push({ id: order.id, reported: outcome.value?.status === 'canceled' ? 'canceled' : 'failed', error: outcome.error });
      }
      for (let i = half; i < LOST_CANCELS; i += 4) {
        const ids = placed.slice(i, i + 4).map((order) => order.id);
        const outcome = await settle(trader.cancelOrders(ids, SPOT));
        for (const [index, orderId] of ids.entries()) {
          const item = outcome.value?.[index];
          outcomes.push({
            id: orderId,
            reported: item?.status === 'canceled' && !item.error ? 'canceled' : 'failed',
            error: item?.error ?? outcome.error,
          });
        }
      }
      sim.faults.clear();
      const states = new Map(sim.orders(id).map((order) => [order.id, order.status]));
      const figures = {
        cancels: LOST_CANCELS,
        droppedReplies: sim.stats(id).droppedReplies - droppedBefore,
        canceledOnExchange: outcomes.filter((outcome) => states.get(outcome.id) === 'canceled').length,
        successfulReportedAsFailed: outcomes.filter((outcome) => outcome.reported === 'failed' && states.get(outcome.id) === 'canceled')
          .length,
        reportedCanceledButNot: outcomes.filter((outcome) => outcome.reported === 'canceled' && states.get(outcome.id) !== 'canceled')
          .length,
        failures: outcomes.filter((outcome) => outcome.error !== undefined).map((outcome) => String(outcome.error)),
      };
      console.log(`lost cancels, ${id}: ${JSON.stringify(figures)}`);
      expect(figures).toMatchObject({
        canceledOnExchange: LOST_CANCELS,
        successfulReportedAsFailed: 0,
        reportedCanceledButNot: 0,
        failures: [],
      });
      expect(figures.droppedReplies).toBeGreaterThanOrEqual(3);
    });

    it('never claims an identical order another instance of the same key placed around a lost reply', async () => {
      const hook = new LostReplyHook(transport);
      const mine = await connect({ transport: hook });
      const other = await connect();
      await mine.loadMarkets();
      await other.loadMarkets();
      const request: OrderRequest = {
        symbol: SPOT,
        type: 'limit',
        side: 'buy',
        amount: minAmount(),
        price: wholePrice((await mid(SPOT, mine)) * 0.55),
      };
      // The other program places the same order just before this one, and again while this one's reply is lost.
      const before = await other.createOrder(request);
      let during: Order | undefined;
      hook.arm(async () => {
        sim.faults.clear();
        during = await other.createOrder(request);
      });
      sim.faults.set({ exchange: id, ...testCase.createWrites, dropReplyProbability: 1 });
      const outcome = await settle(mine.createOrder(request));
      sim.faults.clear();

      const atPrice = sim.orders(id).filter((order) => Number(order.price) === Number(request.price) && order.status === 'live');
      expect(atPrice).toHaveLength(3);
      const theirs = [before.id, during?.id];
      const claimed = outcome.value?.id;
      console.log(
        `identical orders, ${id}: ${outcome.value ? `claimed ${claimed} (others ${theirs.join(', ')})` : `not claimed: ${String(outcome.error)}`}`,
      );
      if (outcome.value) {
        // Client ids tell the orders apart: this instance gets its own.
        expect(theirs).not.toContain(claimed);
        expect(atPrice.map((order) => order.id)).toContain(claimed);
      } else {
        // Without client ids they cannot be told apart: none is claimed, all are named.
        expect(outcome.error).toMatchObject({ orderState: 'unknown' });
        const candidates = isExchangeError(outcome.error) ? (outcome.error.candidateOrders ?? []).map((order) => order.id) : [];
        expect(candidates.sort()).toEqual(atPrice.map((order) => order.id).sort());
      }
      await mine.cancelAllOrders(SPOT);
    });
    // ── the trading surface (issue 15): each scenario runs where `has` says the call exists, and
    //    checks it is refused as NotSupported, before any request, where it does not ──────────────

    const refused = async (call: () => Promise<unknown>) => {
      const requestsBefore = sim.stats(id).requests;
      const error = await call().catch((e: unknown) => e);
      expect(isExchangeError(error, 'NotSupported')).toBe(true);
      expect(sim.stats(id).requests).toBe(requestsBefore);
    };

    /** Holds the asset's price at `price` (books re-cross, a trade prints, triggers see it). */
    const movePrice = (symbol: string, price: number) => sim.market.hold(symbol, exchange.priceToPrecision(symbol, Math.round(price)));

    describe('trading surface', () => {
      afterEach(() => {
        sim.market.release(SPOT);
      });

      /** Requires the perpetual in a scenario that only runs when it is set. */
      const perp = () => perpetual as string;
      const perpAmount = (times = 1) => exchange.amountToPrecision(perp(), (exchange.market(perp()).limits.amount.min ?? 0.01) * times);
      const perpPrice = (price: number) => exchange.priceToPrecision(perp(), Math.round(price));
      const openPositions = async () =>
        (await exchange.fetchPositions([perp()])).filter((position) => position.symbol === perp() && position.amount > 0);

      it('reads leverage and margin mode, switches the margin mode and back, and reads trading fees', async () => {
        if (!perpetual || !exchange.has.fetchLeverage) {
          await refused(() => exchange.fetchLeverage(perpetual ?? SPOT));
        } else {
          const leverage = await exchange.fetchLeverage(perpetual);
          expect(leverage).toMatchObject({ symbol: perpetual, marginMode: expect.stringMatching(/^(cross|isolated)$/) });
          expect(leverage.leverage).toBeGreaterThan(0);
          if (exchange.has.setMarginMode) {
            const other = leverage.marginMode === 'cross' ? 'isolated' : 'cross';
            await exchange.setMarginMode(other, perpetual);
            expect((await exchange.fetchLeverage(perpetual)).marginMode).toBe(other);
            await exchange.setMarginMode(leverage.marginMode, perpetual);
            expect((await exchange.fetchLeverage(perpetual)).marginMode).toBe(leverage.marginMode);
          }
        }
        if (!exchange.has.setMarginMode) await refused(() => exchange.setMarginMode('isolated', perpetual ?? SPOT));
        if (!exchange.has.fetchTradingFees) {
          await refused(() => exchange.fetchTradingFees());
          return;
        }
        const fees = await exchange.fetchTradingFees();
        // The simulator charges 0.08 % maker and 0.1 % taker everywhere; a fee is positive, a rebate negative.
        expect(fees[SPOT]).toMatchObject({ symbol: SPOT, maker: 0.0008, taker: 0.001 });
        expect(await exchange.fetchTradingFee(SPOT)).toMatchObject({ maker: 0.0008, taker: 0.001 });
      });

      it('amends a resting order, which then fills at the new price', async () => {
        const price = await mid(SPOT);
        const placed = await restingBuy(price * 0.8);
        if (!exchange.has.editOrder) {
          await refused(() => exchange.editOrder(placed.id, SPOT, { price: wholePrice(price * 0.9) }));
          await exchange.cancelOrder(placed.id, SPOT);
          return;
        }
        const newPrice = Number(wholePrice(price * 0.9));
        const edited = await exchange.editOrder(placed.id, SPOT, { price: newPrice, amount: minAmount(2) });
        expect(edited).toMatchObject({ id: placed.id, price: newPrice });
        expect(await exchange.fetchOrder(placed.id, SPOT)).toMatchObject({ status: 'open', price: newPrice, amount: Number(minAmount(2)) });
        // An amend that breaks the tick is refused locally and leaves the order as it was.
        const offTick = await exchange
          .editOrder(placed.id, SPOT, { price: newPrice + exchange.market(SPOT).precision.price / 3 })
          .catch((e: unknown) => e);
        expect(isExchangeError(offTick, 'InvalidOrder')).toBe(true);
        movePrice(SPOT, newPrice * 0.97);
        const filled = await exchange.fetchOrder(placed.id, SPOT);
        expect(filled).toMatchObject({ status: 'closed', filled: Number(minAmount(2)) });
        expect(filled.average ?? filled.price).toBe(newPrice);
      });

      it('a stop fires when the price crosses and fills; a trigger order can be listed and cancelled', async () => {
        if (!perpetual || !exchange.has.createTriggerOrder) {
          await refused(() => exchange.fetchOpenOrders(perpetual ?? SPOT, { trigger: true }));
          await refused(() => exchange.cancelOrder('1', perpetual ?? SPOT, { trigger: true }));
          await refused(() =>
            exchange.createOrder({ symbol: perpetual ?? SPOT, type: 'market', side: 'buy', amount: minAmount(), triggerPrice: '1000000' }),
          );
          return;
        }
        const price = await mid(perpetual);
        // A buy stop at or below the market would fire at once: refused before sending.
        const early = await exchange
          .createOrder({ symbol: perpetual, type: 'market', side: 'buy', amount: perpAmount(), triggerPrice: perpPrice(price * 0.98) })
          .catch((e: unknown) => e);
        expect(isExchangeError(early, 'InvalidOrder')).toBe(true);

        const spare = await exchange.createOrder({
          symbol: perpetual,
          type: 'market',
          side: 'sell',
          amount: perpAmount(),
          triggerPrice: perpPrice(price * 0.8),
        });
        const stop = await exchange.createOrder({
          symbol: perpetual,
          type: 'market',
          side: 'buy',
          amount: perpAmount(),
          triggerPrice: perpPrice(price * 1.02),
        });
        expect(stop).toMatchObject({ symbol: perpetual, side: 'buy', triggerPrice: Number(perpPrice(price * 1.02)) });
        const listed = await exchange.fetchOpenOrders(perpetual, { trigger: true });
        expect(listed.map((order) => order.id)).toEqual(expect.arrayContaining([stop.id, spare.id]));
        expect(listed.find((order) => order.id === stop.id)?.triggerPrice).toBe(Number(perpPrice(price * 1.02)));

        await exchange.cancelOrder(spare.id, perpetual, { trigger: true });
        expect((await exchange.fetchOpenOrders(perpetual, { trigger: true })).map((order) => order.id)).toEqual([stop.id]);
        expect(await openPositions()).toEqual([]);

        movePrice(perpetual, price * 1.03);
        expect(await exchange.fetchOpenOrders(perpetual, { trigger: true })).toEqual([]);
        const [long] = await openPositions();
        expect(long).toMatchObject({ side: 'long', amount: Number(perpAmount()) });

        if (!exchange.has.closePosition) {
          await refused(() => exchange.closePosition(perpetual));
          return;
        }
        const closing = await exchange.closePosition(perpetual);
        expect(closing.length).toBeGreaterThan(0);
        expect(await openPositions()).toEqual([]);
      });

      it('take-profit and stop-loss attached to an entry: the take-profit closes the position, the stop-loss goes with it', async () => {
        if (!perpetual || !exchange.has.createOrderWithTakeProfitAndStopLoss) {
          await refused(() =>
            exchange.createOrder({
              symbol: perpetual ?? SPOT,
              type: 'limit',
              side: 'buy',
              amount: minAmount(),
              price: '1000',
              stopLoss: { triggerPrice: '900' },
            }),
          );
          return;
        }
        const price = await mid(perpetual);
        const stopLoss = Number(perpPrice(price * 0.95));
        const takeProfit = Number(perpPrice(price * 1.05));
        // A long's stop-loss above the market is refused before sending.
        const wrong = await exchange
          .createOrder({ symbol: perpetual, type: 'market', side: 'buy', amount: perpAmount(), stopLoss: { triggerPrice: takeProfit } })
          .catch((e: unknown) => e);
        expect(isExchangeError(wrong, 'InvalidOrder')).toBe(true);

        const entry = await exchange.createOrder({
          symbol: perpetual,
          type: 'market',
          side: 'buy',
          amount: perpAmount(2),
          stopLoss: { triggerPrice: stopLoss },
          takeProfit: { triggerPrice: takeProfit },
        });
        expect(entry).toMatchObject({ stopLossPrice: stopLoss, takeProfitPrice: takeProfit });
        expect(await openPositions()).toMatchObject([{ side: 'long', amount: Number(perpAmount(2)) }]);

        movePrice(perpetual, price * 1.06);
        expect(await openPositions()).toEqual([]);
        expect(await exchange.fetchOpenOrders(perpetual, { trigger: true })).toEqual([]);
      });

      it('settles funding into the balance: a long pays size × mark × rate when the rate is positive', async () => {
        if (!perpetual || !exchange.has.fetchFundingRate) {
          await refused(() => exchange.fetchFundingRate(perpetual ?? SPOT));
          await refused(() => exchange.fetchFundingRateHistory(perpetual ?? SPOT));
          return;
        }
        const price = await mid(perpetual);
        movePrice(perpetual, price);
        await exchange.createOrder({ symbol: perpetual, type: 'market', side: 'buy', amount: perpAmount(3) });
        const [long] = await openPositions();
        expect(long?.amount).toBe(Number(perpAmount(3)));

        sim.funding.setRate(perpetual, '0.0005');
        const rate = await exchange.fetchFundingRate(perpetual);
        expect(rate).toMatchObject({ symbol: perpetual, fundingRate: 0.0005 });
        expect(rate.fundingTimestamp).toBeGreaterThan(Date.UTC(2020, 0, 1));
        const mark = exchange.has.fetchMarkPrice ? (await exchange.fetchMarkPrice(perpetual)).markPrice : rate.markPrice;
        expect(mark).toBeGreaterThan(0);

        const before = (await exchange.fetchBalance(marginAccount)).assets.USDT?.total ?? 0;
        sim.funding.settle(perpetual);
        const after = (await exchange.fetchBalance(marginAccount)).assets.USDT?.total ?? 0;
        expect(after - before).toBeCloseTo(-(long?.amount ?? 0) * (mark ?? 0) * 0.0005, 6);

        if (exchange.has.fetchFundingRateHistory) {
          const history = await exchange.fetchFundingRateHistory(perpetual);
          const times = history.map((entry) => entry.timestamp);
          expect(times).toEqual([...times].sort((a, b) => a - b));
          expect(history.at(-1)).toMatchObject({ symbol: perpetual, fundingRate: 0.0005 });
        }
        if (exchange.has.closePosition) await exchange.closePosition(perpetual);
        else await exchange.createOrder({ symbol: perpetual, type: 'market', side: 'sell', amount: perpAmount(3), reduceOnly: true });
        expect(await openPositions()).toEqual([]);
      });

      it('a transfer between the account’s own wallets makes an unaffordable order affordable', async () => {
        if (!wallets || !exchange.has.transfer) {
          await refused(() => exchange.transfer('USDT', 1, wallets?.from ?? 'spot', wallets?.to ?? 'swap'));
          return;
        }
        const price = Number(wholePrice((await mid(SPOT)) * 0.9));
        const free = (await exchange.fetchBalance({ type: wallets.to })).assets.USDT?.free ?? 0;
        const amount = exchange.amountToPrecision(SPOT, (free + 10_000) / price);
        const tooBig = await exchange.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount, price }).catch((e: unknown) => e);
        expect(isExchangeError(tooBig, 'InsufficientFunds')).toBe(true);

        const sourceBefore = (await exchange.fetchBalance({ type: wallets.from })).assets.USDT?.free ?? 0;
        const moved = await exchange.transfer('USDT', '20000', wallets.from, wallets.to);
        expect(moved).toMatchObject({ currency: 'USDT', amount: 20_000, from: wallets.from, to: wallets.to, status: 'ok' });
        expect((await exchange.fetchBalance({ type: wallets.from })).assets.USDT?.free).toBeCloseTo(sourceBefore - 20_000, 6);
        expect((await exchange.fetchBalance({ type: wallets.to })).assets.USDT?.free).toBeCloseTo(free + 20_000, 6);

        const order = await exchange.createOrder({ symbol: SPOT, type: 'limit', side: 'buy', amount, price });
        expect(order.status).toBe('open');
        await exchange.cancelOrder(order.id, SPOT);
      });
    });
  });
}
