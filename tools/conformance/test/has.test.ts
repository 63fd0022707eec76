/**
 * `has` tells the truth, per instance: on the simulator, every method and order field marked true
 * is callable, and every one marked false is refused with NotSupported before a request leaves.
 * Written only against `Exchange` and `has`; the instances differ only in their options (WEEX in
 * demo mode offers less than WEEX live).
 */
import {
  type CapabilityName,
  createExchange,
  type Exchange,
  type ExchangeId,
  type ExchangeOptions,
  isExchangeError,
  type MarketType,
  type OrderAck,
  type TimeInForce,
} from '@exchange-adapters/core';
import { type Simulator, startSimulator } from '@exchange-adapters/simulator';
import { CASES } from './cases.js';

interface Instance {
  id: ExchangeId;
  options: ExchangeOptions;
}

const INSTANCES: Instance[] = [
  { id: 'okx', options: {} },
  { id: 'okx', options: { demo: true } },
  { id: 'weex', options: {} },
  { id: 'weex', options: { demo: true } },
  { id: 'okex-v1', options: {} },
];

const SPOT = 'BTC/USDT';
const ALL_TIF: readonly TimeInForce[] = ['GTC', 'IOC', 'FOK', 'PO'];

/** The method capabilities (not market types or `demo`), each with a call that exercises it. */
type MethodCapability = Exclude<CapabilityName, 'spot' | 'swap' | 'future' | 'demo'>;

interface Context {
  exchange: Exchange;
  /** A market of a type that takes orders on this instance. */
  symbol: string;
  /** The perpetual, where the exchange lists one; otherwise `symbol`. */
  perpetual: string;
  /** A limit buy far below the market: it rests. */
  restingBuy: () => Promise<OrderAck>;
}

const wallets = (id: ExchangeId) => CASES[id].wallets ?? { from: 'spot' as const, to: 'swap' as const };

/** Calls that exercise each capability; each resolves when the call works. */
const CALLS: Record<MethodCapability, (context: Context, id: ExchangeId) => Promise<unknown> | unknown> = {
  fetchMarkets: ({ exchange }) => exchange.fetchMarkets(),
  fetchTime: ({ exchange }) => exchange.fetchTime(),
  fetchTicker: ({ exchange, symbol }) => exchange.fetchTicker(symbol),
  fetchTickers: ({ exchange }) => exchange.fetchTickers(),
  fetchOrderBook: ({ exchange, symbol }) => exchange.fetchOrderBook(symbol, 5),
  fetchTrades: ({ exchange, symbol }) => exchange.fetchTrades(symbol),
  fetchOHLCV: ({ exchange, symbol }) => exchange.fetchOHLCV(symbol, '1m', undefined, 5),
  fetchBalance: ({ exchange }) => exchange.fetchBalance(),
  createOrder: async ({ exchange, symbol, restingBuy }) => exchange.cancelOrder((await restingBuy()).id, symbol),
  createOrders: async ({ exchange, symbol, restingBuy }) => {
    const order = await restingBuy();
    const request = { symbol, type: 'limit' as const, side: 'buy' as const, amount: String(order.amount), price: String(order.price) };
    const placed = await exchange.createOrders([request, request]);
    expect(placed.map((item) => item.error)).toEqual([undefined, undefined]);
    await exchange.cancelOrder(order.id, symbol);
    for (const item of placed) await exchange.cancelOrder(item.id, symbol);
  },
  cancelOrder: async ({ exchange, symbol, restingBuy }) => {
    expect(await exchange.cancelOrder((await restingBuy()).id, symbol)).toMatchObject({ status: 'canceled' });
  },
  cancelOrders: async ({ exchange, symbol, restingBuy }) => {
    const ids = [(await restingBuy()).id, (await restingBuy()).id];
    const acks = await exchange.cancelOrders(ids, symbol);
    expect(acks.map((ack) => ack.error)).toEqual([undefined, undefined]);
  },
  cancelAllOrders: async ({ exchange, symbol, restingBuy }) => {
    await restingBuy();
    expect((await exchange.cancelAllOrders(symbol)).length).toBeGreaterThan(0);
  },
  fetchOrder: async ({ exchange, symbol, restingBuy }) => {
    const order = await restingBuy();
    expect(await exchange.fetchOrder(order.id, symbol)).toMatchObject({ id: order.id, status: 'open' });
    await exchange.cancelOrder(order.id, symbol);
  },
  fetchOpenOrders: ({ exchange, symbol }) => exchange.fetchOpenOrders(symbol),
  fetchClosedOrders: ({ exchange, symbol }) => exchange.fetchClosedOrders(symbol),
  fetchMyTrades: ({ exchange, symbol }) => exchange.fetchMyTrades(symbol),
  fetchPositions: ({ exchange }) => exchange.fetchPositions(),
  setLeverage: ({ exchange, perpetual }) => exchange.setLeverage(3, perpetual),
  editOrder: async ({ exchange, symbol, restingBuy }) => {
    const order = await restingBuy();
    await exchange.editOrder(order.id, symbol, { price: exchange.priceToPrecision(symbol, (order.price ?? 0) - 1) });
    await exchange.cancelOrder(order.id, symbol);
  },
  createTriggerOrder: async ({ exchange }) => {
    const type = (['swap', 'spot', 'future'] as const).find((kind) => exchange.has.orderFeatures[kind].triggerPrice);
    const market = Object.values(exchange.markets ?? {}).find((candidate) => candidate.type === type && candidate.quote === 'USDT');
    if (!market) throw new Error(`no ${type} market with trigger orders`);
    const last = (await exchange.fetchTicker(market.symbol)).last ?? 0;
    const order = await exchange.createOrder({
      symbol: market.symbol,
      type: 'market',
      side: 'buy',
      amount: exchange.amountToPrecision(market.symbol, market.limits.amount.min ?? 0.001),
      triggerPrice: exchange.priceToPrecision(market.symbol, Math.round(last * 1.5)),
    });
    await exchange.cancelOrder(order.id, market.symbol, { trigger: true });
  },
  createOrderWithTakeProfitAndStopLoss: async ({ exchange, perpetual }) => {
    const last = (await exchange.fetchTicker(perpetual)).last ?? 0;
    const market = exchange.market(perpetual);
    const order = await exchange.createOrder({
      symbol: perpetual,
      type: 'limit',
      side: 'buy',
      amount: exchange.amountToPrecision(perpetual, market.limits.amount.min ?? 0.001),
      price: exchange.priceToPrecision(perpetual, Math.round(last * 0.8)),
      stopLoss: { triggerPrice: exchange.priceToPrecision(perpetual, Math.round(last * 0.7)) },
    });
    await exchange.cancelOrder(order.id, perpetual);
  },
  fetchFundingRate: ({ exchange, perpetual }) => exchange.fetchFundingRate(perpetual),
  fetchFundingRateHistory: ({ exchange, perpetual }) => exchange.fetchFundingRateHistory(perpetual),
  fetchMarkPrice: ({ exchange, perpetual }) => exchange.fetchMarkPrice(perpetual),
  fetchLeverage: ({ exchange, perpetual }) => exchange.fetchLeverage(perpetual),
  setMarginMode: ({ exchange, perpetual }) => exchange.setMarginMode('cross', perpetual),
  setPositionMode: ({ exchange, perpetual }) => exchange.setPositionMode(false, perpetual),
  closePosition: ({ exchange, perpetual }) => exchange.closePosition(perpetual),
  fetchTradingFees: ({ exchange, symbol }) => exchange.fetchTradingFees([symbol]),
  transfer: ({ exchange }, id) => exchange.transfer('USDT', 1, wallets(id).from, wallets(id).to),
  watchTicker: ({ exchange, symbol }) => exchange.watchTicker(symbol).close(),
  watchOrderBook: ({ exchange, symbol }) => exchange.watchOrderBook(symbol).close(),
  watchTrades: ({ exchange, symbol }) => exchange.watchTrades(symbol).close(),
  watchOHLCV: ({ exchange, symbol }) => exchange.watchOHLCV(symbol, '1m').close(),
  watchOrders: ({ exchange, symbol }) => exchange.watchOrders(symbol).close(),
  watchMyTrades: ({ exchange, symbol }) => exchange.watchMyTrades(symbol).close(),
  watchBalance: ({ exchange }) => exchange.watchBalance().close(),
  watchPositions: ({ exchange }) => exchange.watchPositions().close(),
};

const METHODS = Object.keys(CALLS) as MethodCapability[];

/** Methods that take a contract market. */
const CONTRACT_ONLY = new Set<MethodCapability>([
  'setLeverage',
  'createOrderWithTakeProfitAndStopLoss',
  'fetchFundingRate',
  'fetchFundingRateHistory',
  'fetchMarkPrice',
  'fetchLeverage',
  'setMarginMode',
  'setPositionMode',
  'closePosition',
]);

/**
 * The same methods called straight away with well-formed arguments and no preparation, so the
 * only request a refusal could send is the call's own.
 */
function callDirectly(exchange: Exchange, method: MethodCapability, symbol: string): unknown {
  const order = { symbol, type: 'limit', side: 'buy', amount: '1', price: '1' } as const;
  const args: Record<MethodCapability, unknown[]> = {
    fetchMarkets: [],
    fetchTime: [],
    fetchTicker: [symbol],
    fetchTickers: [],
    fetchOrderBook: [symbol],
    fetchTrades: [symbol],
    fetchOHLCV: [symbol, '1m'],
    fetchBalance: [],
    createOrder: [order],
    createOrders: [[order]],
    cancelOrder: ['1', symbol],
    cancelOrders: [['1'], symbol],
    cancelAllOrders: [symbol],
    fetchOrder: ['1', symbol],
    fetchOpenOrders: [symbol],
    fetchClosedOrders: [symbol],
    fetchMyTrades: [symbol],
    fetchPositions: [],
    setLeverage: [3, symbol],
    editOrder: ['1', symbol, { price: '1' }],
    createTriggerOrder: [{ ...order, type: 'market', price: undefined, triggerPrice: '1' }],
    createOrderWithTakeProfitAndStopLoss: [{ ...order, stopLoss: { triggerPrice: '1' } }],
    fetchFundingRate: [symbol],
    fetchFundingRateHistory: [symbol],
    fetchMarkPrice: [symbol],
    fetchLeverage: [symbol],
    setMarginMode: ['cross', symbol],
    setPositionMode: [false, symbol],
    closePosition: [symbol],
    fetchTradingFees: [],
    transfer: ['USDT', 1, 'spot', 'swap'],
    watchTicker: [symbol],
    watchOrderBook: [symbol],
    watchTrades: [symbol],
    watchOHLCV: [symbol, '1m'],
    watchOrders: [],
    watchMyTrades: [],
    watchBalance: [],
    watchPositions: [],
  };
  // The capability that createOrder with a trigger / TP-SL stands for is refused by createOrder.
  const name = method === 'createTriggerOrder' || method === 'createOrderWithTakeProfitAndStopLoss' ? 'createOrder' : method;
  return (exchange[name] as (...values: unknown[]) => unknown)(...args[method]);
}

describe('has, per instance, on the simulator', () => {
  let sim: Simulator;
  const open: Exchange[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, seed: 11, rateLimits: false });
  });

  afterAll(async () => {
    for (const exchange of open) await exchange.close();
    await sim.close();
  });

  const connect = async ({ id, options }: Instance): Promise<Context> => {
    const credentials = id === 'okx' && options.demo ? sim.demoCredentials.okx : sim.credentials[id];
    const exchange = await createExchange(id, { ...credentials, baseUrl: sim.url, ...options });
    open.push(exchange);
    await exchange.loadMarkets();
    const perpetual = CASES[id].perpetual;
    const symbol = exchange.has.orderFeatures.spot.timeInForce.length > 0 ? SPOT : (perpetual ?? SPOT);
    const restingBuy = async () => {
      const last = (await exchange.fetchTicker(symbol)).last ?? 0;
      const market = exchange.market(symbol);
      return exchange.createOrder({
        symbol,
        type: 'limit',
        side: 'buy',
        amount: exchange.amountToPrecision(symbol, market.limits.amount.min ?? 0.001),
        price: exchange.priceToPrecision(symbol, Math.round(last * 0.8)),
      });
    };
    return { exchange, symbol, perpetual: perpetual ?? symbol, restingBuy };
  };

  /** Runs `call` and returns what it threw, with the requests it sent. */
  const attempt = async (id: ExchangeId, call: () => unknown): Promise<{ error: unknown; sent: number }> => {
    const before = sim.stats(id).requests;
    let error: unknown;
    try {
      await call();
    } catch (caught) {
      error = caught;
    }
    return { error, sent: sim.stats(id).requests - before };
  };

  it('WEEX in demo mode reports what demo trading refuses as false, and live WEEX reports it true', async () => {
    const live = await createExchange('weex', { baseUrl: sim.url });
    const demo = await createExchange('weex', { baseUrl: sim.url, demo: true });
    open.push(live, demo);
    for (const method of ['setLeverage', 'cancelAllOrders', 'fetchOpenOrders', 'closePosition', 'createTriggerOrder'] as const) {
      expect([method, live.has[method], demo.has[method]]).toEqual([method, true, false]);
    }
    expect(demo.has.orderFeatures.spot).toMatchObject({ timeInForce: [], maxCreateBatch: 0, maxCancelBatch: 0 });
    expect(demo.has.orderFeatures.swap).toMatchObject({ postOnly: true, triggerPrice: false, maxCancelBatch: 1 });
    expect(live.has.orderFeatures.swap).toMatchObject({ postOnly: true, triggerPrice: true, maxCancelBatch: 50 });
  });

  describe.each(INSTANCES.map((instance) => [`${instance.id}${instance.options.demo ? ' (demo)' : ''}`, instance] as const))(
    '%s',
    (_name, instance) => {
      let context: Context;

      beforeAll(async () => {
        context = await connect(instance);
      });

      it('keeps postOnly equal to timeInForce including PO on every market type', () => {
        for (const features of Object.values(context.exchange.has.orderFeatures)) {
          expect(features.postOnly).toBe(features.timeInForce.includes('PO'));
        }
      });

      it('answers every method marked true', async () => {
        const failures: string[] = [];
        // The simulator lists no OKEx v1 futures (every future_*.do answers 20028): where it has no
        // contract market, the contract-only methods are covered by the adapter's wire tests instead.
        const simulated = (name: MethodCapability) => CASES[instance.id].perpetual !== undefined || !CONTRACT_ONLY.has(name);
        for (const method of METHODS.filter((name) => context.exchange.has[name] && simulated(name))) {
          const { error } = await attempt(instance.id, () => CALLS[method](context, instance.id));
          if (error !== undefined) failures.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
        }
        expect(failures).toEqual([]);
      });

      it('refuses every method marked false with NotSupported before sending', async () => {
        const failures: string[] = [];
        for (const method of METHODS.filter((name) => !context.exchange.has[name])) {
          const { error, sent } = await attempt(instance.id, () => callDirectly(context.exchange, method, context.perpetual));
          if (!isExchangeError(error, 'NotSupported') || sent !== 0) failures.push(`${method}: sent ${sent}, ${String(error)}`);
        }
        expect(failures).toEqual([]);
      });

      it('places a limit with every time in force a market type lists and refuses the others before sending', async () => {
        const { exchange } = context;
        const types: MarketType[] = ['spot', 'swap', 'future'];
        for (const type of types) {
          const features = exchange.has.orderFeatures[type];
          const symbol = type === 'spot' ? SPOT : type === 'swap' ? CASES[instance.id].perpetual : undefined;
          if (symbol === undefined || !exchange.markets?.[symbol]) continue;
          const last = (await exchange.fetchTicker(symbol)).last ?? 0;
          const market = exchange.market(symbol);
          const request = {
            symbol,
            type: 'limit' as const,
            side: 'buy' as const,
            amount: exchange.amountToPrecision(symbol, market.limits.amount.min ?? 0.001),
            price: exchange.priceToPrecision(symbol, Math.round(last * 0.8)),
          };
          for (const timeInForce of ALL_TIF) {
            const outcome = await attempt(instance.id, async () => {
              const order = await exchange.createOrder({ ...request, timeInForce });
              // GTC and PO rest far below the market; IOC and FOK expire at once.
              if (timeInForce === 'GTC' || timeInForce === 'PO') await exchange.cancelOrder(order.id, symbol);
            });
            if (features.timeInForce.includes(timeInForce)) {
              expect([type, timeInForce, outcome.error]).toEqual([type, timeInForce, undefined]);
            } else {
              expect([type, timeInForce, isExchangeError(outcome.error, 'NotSupported'), outcome.sent]).toEqual([
                type,
                timeInForce,
                true,
                0,
              ]);
              expect(isExchangeError(outcome.error) && outcome.error.hint).toMatch(`has.orderFeatures.${type}.`);
            }
          }
          if (type !== 'spot' && features.timeInForce.length > 0 && !features.reduceOnly) {
            const outcome = await attempt(instance.id, () => exchange.createOrder({ ...request, side: 'sell', reduceOnly: true }));
            expect([isExchangeError(outcome.error, 'NotSupported'), outcome.sent]).toEqual([true, 0]);
          }
        }
      });

      it('places in batches of maxCreateBatch orders', async () => {
        const { exchange, symbol, restingBuy } = context;
        const size = exchange.has.orderFeatures[exchange.market(symbol).type].maxCreateBatch;
        if (!exchange.has.createOrders) return;
        const template = await restingBuy();
        await exchange.cancelOrder(template.id, symbol);
        const request = {
          symbol,
          type: 'limit' as const,
          side: 'buy' as const,
          amount: String(template.amount),
          price: String(template.price),
        };
        let placed: Array<{ id: string; error?: unknown }> = [];
        const { error, sent } = await attempt(instance.id, async () => {
          placed = await exchange.createOrders(Array.from({ length: size + 1 }, () => request));
        });
        expect([error, placed.map((order) => order.error)]).toEqual([undefined, placed.map(() => undefined)]);
        // size + 1 orders: two place requests.
        expect(sent).toBe(2);
        for (const order of placed) await exchange.cancelOrder(order.id, symbol);
      });

      it('cancels in batches of maxCancelBatch ids', async () => {
        const { exchange, symbol, restingBuy } = context;
        const size = exchange.has.orderFeatures[exchange.market(symbol).type].maxCancelBatch;
        if (!exchange.has.cancelOrders) return;
        const ids: string[] = [];
        for (let index = 0; index <= size; index++) ids.push((await restingBuy()).id);
        const { error, sent } = await attempt(instance.id, async () => {
          const acks = await exchange.cancelOrders(ids, symbol);
          expect(acks.map((ack) => ack.error)).toEqual(ids.map(() => undefined));
        });
        expect(error).toBeUndefined();
        // size + 1 ids: two cancel requests.
        expect(sent).toBe(2);
      });
    },
  );
});
