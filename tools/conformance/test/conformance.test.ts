/**
 * The conformance suite: one set of scenarios written only against `Exchange`, run on every
 * adapter against the simulator over real sockets. If a scenario needs an `if (id === …)`, the
 * library has failed its promise; the only per-exchange facts allowed are in CASES.
 */
import {
  type BalanceQuery,
  createExchange,
  type Exchange,
  type ExchangeId,
  type ExchangeOptions,
  isExchangeError,
  type Order,
  type TransferAccount,
} from '@exchange-adapters/core';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';

interface Case {
  id: ExchangeId;
  /** A perpetual the simulator lists for this exchange, if any. */
  perpetual?: string;
  /** The API signs a timestamp (OKEx v1 signs none, so skew cannot affect it). */
  signsTimestamps: boolean;
  /** The balance a perpetual's margin and funding payments live in. */
  marginAccount: BalanceQuery;
  /** Two of the account's own wallets a transfer moves funds between, the second one trading spot. */
  wallets?: { from: TransferAccount; to: TransferAccount };
}

const CASES: Case[] = [
  { id: 'okx', perpetual: 'BTC/USDT:USDT', signsTimestamps: true, marginAccount: {}, wallets: { from: 'funding', to: 'trading' } },
  { id: 'weex', perpetual: 'BTC/USDT:USDT', signsTimestamps: true, marginAccount: { type: 'swap' }, wallets: { from: 'swap', to: 'spot' } },
  { id: 'okex-v1', signsTimestamps: false, marginAccount: {} },
];

const SPOT = 'BTC/USDT';

describe.each(CASES)('$id on the simulator', ({ id, perpetual, signsTimestamps, marginAccount, wallets }) => {
  let sim: Simulator;
  let exchange: Exchange;
  const open: Exchange[] = [];

  const connect = async (options: ExchangeOptions = {}): Promise<Exchange> => {
    const created = await createExchange(id, { ...sim.credentials[id], baseUrl: sim.url, ...options });
    open.push(created);
    return created;
  };

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 7 });
    exchange = await connect();
    await exchange.loadMarkets();
  });

  afterEach(() => sim.faults.clear());

  afterAll(async () => {
    for (const created of open) await created.close();
    await sim.close();
  });

  const mid = async (symbol: string) => {
    const book = await exchange.fetchOrderBook(symbol, 5);
    const bid = book.bids[0]?.[0];
    const ask = book.asks[0]?.[0];
    if (bid === undefined || ask === undefined) throw new Error(`empty book on ${symbol}`);
    return (bid + ask) / 2;
  };

  /** Whole prices sit on every venue's tick, whatever precision the exchange publishes (OKEx v1 publishes none). */
  const wholePrice = (price: number) => exchange.priceToPrecision(SPOT, Math.round(price));
  /** The smallest order the market allows, as a decimal string. */
  const minAmount = (times = 1) => exchange.amountToPrecision(SPOT, (exchange.market(SPOT).limits.amount.min ?? 0.001) * times);

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
    for (const [, open, high, low, close, volume] of candles) {
      expect(high).toBeGreaterThanOrEqual(Math.max(open, close));
      expect(low).toBeLessThanOrEqual(Math.min(open, close));
      expect(volume).toBeGreaterThanOrEqual(0);
    }
  });

  it('fetches the balance with free + used = total', async () => {
    const balance = await exchange.fetchBalance();
    const usdt = balance.assets.USDT;
    expect(usdt?.free).toBeGreaterThan(0);
    expect((usdt?.free ?? 0) + (usdt?.used ?? 0)).toBeCloseTo(usdt?.total ?? -1, 6);
  });

  it('lists, fetches and cancels a resting limit order, which then shows canceled', async () => {
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
    await exchange.cancelOrder(order.id, SPOT);
    expect((await exchange.fetchOrder(order.id, SPOT)).status).toBe('canceled');
    expect((await exchange.fetchOpenOrders(SPOT)).map((o) => o.id)).not.toContain(order.id);
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
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => reader.fetchTicker(SPOT)));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(retries).toBeGreaterThan(0);
  });

  it('places 200 orders with 20% of replies dropped: exactly 200 on the exchange, no duplicates', async () => {
    const trader = await connect();
    await trader.loadMarkets();
    const top = (await mid(SPOT)) * 0.7;
    const placedBefore = sim.stats(id).ordersPlaced;
    sim.faults.set({ exchange: id, dropReplyProbability: 0.2 });
    const outcomes: Array<PromiseSettledResult<Order>> = [];
    // Distinct prices keep every order identifiable even where the API has no client ids.
    const requests = Array.from({ length: 200 }, (_, i) => ({
      symbol: SPOT,
      type: 'limit' as const,
      side: 'buy' as const,
      amount: minAmount(),
      price: trader.priceToPrecision(SPOT, Math.round(top) - i),
    }));
    for (let i = 0; i < requests.length; i += 10) {
      outcomes.push(...(await Promise.allSettled(requests.slice(i, i + 10).map((request) => trader.createOrder(request)))));
    }
    sim.faults.clear();
    const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => String(o.reason));
    expect(failures).toEqual([]);
    const stats = sim.stats(id);
    expect(stats.droppedReplies).toBeGreaterThan(10);
    expect(stats.ordersPlaced - placedBefore).toBe(200);
    expect(stats.duplicateClientOrderIds).toBe(0);
    const ids = outcomes.map((o) => (o.status === 'fulfilled' ? o.value.id : ''));
    expect(new Set(ids).size).toBe(200);
    await trader.cancelAllOrders(SPOT);
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
  const movePrice = (symbol: string, price: number) => sim.engine.movePrice(symbol, exchange.priceToPrecision(symbol, Math.round(price)));

  describe('trading surface', () => {
    afterEach(() => {
      sim.engine.releasePrice(SPOT);
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

      sim.engine.setFundingRate(perpetual, '0.0005');
      const rate = await exchange.fetchFundingRate(perpetual);
      expect(rate).toMatchObject({ symbol: perpetual, fundingRate: 0.0005 });
      expect(rate.fundingTimestamp).toBeGreaterThan(Date.UTC(2020, 0, 1));
      const mark = exchange.has.fetchMarkPrice ? (await exchange.fetchMarkPrice(perpetual)).markPrice : rate.markPrice;
      expect(mark).toBeGreaterThan(0);

      const before = (await exchange.fetchBalance(marginAccount)).assets.USDT?.total ?? 0;
      sim.engine.settleFunding(perpetual);
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
