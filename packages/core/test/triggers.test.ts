/**
 * Local checks of trigger orders, attached TP/SL and amendments (issue 15): everything here is
 * refused before a request is built, so no venue is involved.
 */
import {
  checkTriggersAgainstMarket,
  type ExchangeCapabilities,
  type ExchangeError,
  isExchangeError,
  type Market,
  NO_ORDER_FEATURES,
  type Order,
  type OrderFeatures,
  type OrderRequest,
  type PreparedEdit,
  prepareTriggers,
  type TriggerPriceType,
} from '../src/index.js';
import { TEST_MARKET, TestExchange } from './support/test-exchange.js';

const SWAP: Market = {
  ...TEST_MARKET,
  id: 'BTC-USDT-SWAP',
  symbol: 'BTC/USDT:USDT',
  type: 'swap',
  spot: false,
  contract: true,
  linear: true,
  settle: 'USDT',
  precision: { price: 0.1, amount: 0.001 },
};

const ALL: OrderFeatures = {
  triggerPrice: true,
  stopLoss: true,
  takeProfit: true,
  triggerPriceTypes: ['last', 'mark'],
  attachedLimitPrice: true,
};

function thrown(run: () => unknown): ExchangeError {
  try {
    run();
  } catch (error) {
    if (isExchangeError(error)) return error;
    throw error;
  }
  throw new Error('expected a throw');
}

async function rejected(promise: Promise<unknown>): Promise<ExchangeError> {
  try {
    await promise;
  } catch (error) {
    if (isExchangeError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const buy = (extra: Partial<OrderRequest>): OrderRequest => ({ symbol: SWAP.symbol, type: 'market', side: 'buy', amount: 1, ...extra });

describe('prepareTriggers', () => {
  it('puts trigger prices on the tick as exact strings and defaults a buy stop to fire above, on the first watched price', () => {
    const prepared = prepareTriggers('testex', buy({ triggerPrice: 61000.1 }), SWAP, ALL, undefined);
    expect(prepared).toMatchObject({ triggerPrice: '61000.1', triggerDirection: 'above', triggerPriceType: 'last' });
    const sell = prepareTriggers('testex', { ...buy({ triggerPrice: '59000' }), side: 'sell' }, SWAP, ALL, undefined);
    expect(sell.triggerDirection).toBe('below');
  });

  it('refuses a trigger price off the tick, naming the tick', () => {
    const error = thrown(() => prepareTriggers('testex', buy({ triggerPrice: 61000.05 }), SWAP, ALL, undefined));
    expect(error.kind).toBe('InvalidOrder');
    expect(error.orderState).toBe('not-placed');
  });

  it.each([
    ['triggerPrice', { triggerPrice: 61000 }],
    ['stopLoss', { stopLoss: { triggerPrice: 59000 } }],
    ['takeProfit', { takeProfit: { triggerPrice: 65000 } }],
  ] as const)('refuses %s where the market type has none, as NotSupported not-placed', (field, extra) => {
    const error = thrown(() => prepareTriggers('testex', buy(extra), SWAP, NO_ORDER_FEATURES, undefined));
    expect(error).toMatchObject({ kind: 'NotSupported', orderState: 'not-placed' });
    expect(error.hint).toContain(`orderFeatures.swap.${field}`);
  });

  it('refuses a watched price the exchange does not offer, and an unknown one', () => {
    expect(
      thrown(() => prepareTriggers('testex', buy({ triggerPrice: 61000, triggerPriceType: 'index' }), SWAP, ALL, undefined)).kind,
    ).toBe('NotSupported');
    const unknown = thrown(() =>
      prepareTriggers('testex', buy({ triggerPrice: 61000, triggerPriceType: 'fair' as TriggerPriceType }), SWAP, ALL, undefined),
    );
    expect(unknown.kind).toBe('BadRequest');
  });

  it('refuses direction or price type without a trigger price, and an unknown direction', () => {
    expect(thrown(() => prepareTriggers('testex', buy({ triggerDirection: 'above' }), SWAP, ALL, undefined)).kind).toBe('BadRequest');
    expect(
      thrown(() => prepareTriggers('testex', buy({ triggerPrice: 61000, triggerDirection: 'up' as 'above' }), SWAP, ALL, undefined)).kind,
    ).toBe('BadRequest');
  });

  it("checks a limit entry's legs against its price: a long's stop-loss below, take-profit above", () => {
    const ok = prepareTriggers(
      'testex',
      buy({ type: 'limit', price: 60000, stopLoss: { triggerPrice: 58000 }, takeProfit: { triggerPrice: 64000, price: 63990 } }),
      SWAP,
      ALL,
      '60000',
    );
    expect(ok.stopLoss).toEqual({ triggerPrice: '58000', price: undefined, triggerPriceType: 'last' });
    expect(ok.takeProfit).toEqual({ triggerPrice: '64000', price: '63990', triggerPriceType: 'last' });
    const wrong = thrown(() =>
      prepareTriggers('testex', buy({ type: 'limit', price: 60000, stopLoss: { triggerPrice: 61000 } }), SWAP, ALL, '60000'),
    );
    expect(wrong.kind).toBe('InvalidOrder');
    expect(wrong.message).toMatch(/stopLoss\.triggerPrice 61000 of a buy must be below the order price/);
    const short = thrown(() =>
      prepareTriggers(
        'testex',
        { ...buy({ type: 'limit', price: 60000, takeProfit: { triggerPrice: 61000 } }), side: 'sell' },
        SWAP,
        ALL,
        '60000',
      ),
    );
    expect(short.message).toMatch(/takeProfit.*must be below/);
  });

  it("checks a trigger market order's legs against the trigger price", () => {
    const error = thrown(() =>
      prepareTriggers('testex', buy({ triggerPrice: 62000, stopLoss: { triggerPrice: 62500 } }), SWAP, ALL, undefined),
    );
    expect(error.message).toMatch(/below the trigger price \(62000\)/);
  });

  it('refuses legs on a reduce-only order, a leg without a trigger price, and a limit leg where legs run at market', () => {
    expect(
      thrown(() => prepareTriggers('testex', buy({ reduceOnly: true, stopLoss: { triggerPrice: 1 } }), SWAP, ALL, undefined)).kind,
    ).toBe('BadRequest');
    expect(thrown(() => prepareTriggers('testex', buy({ stopLoss: {} as { triggerPrice: number } }), SWAP, ALL, undefined)).kind).toBe(
      'BadRequest',
    );
    const marketLegs = { ...ALL, attachedLimitPrice: false };
    expect(
      thrown(() => prepareTriggers('testex', buy({ stopLoss: { triggerPrice: 59000, price: 58990 } }), SWAP, marketLegs, undefined)).kind,
    ).toBe('NotSupported');
  });
});

describe('checkTriggersAgainstMarket', () => {
  const prepare = (request: OrderRequest) => prepareTriggers('testex', request, SWAP, ALL, undefined);

  it('refuses a buy stop at or below the market (it would fire at once) and explains the other direction', () => {
    const at = thrown(() => checkTriggersAgainstMarket('testex', SWAP, 'buy', 'market', prepare(buy({ triggerPrice: 60000 })), 60000));
    expect(at).toMatchObject({ kind: 'InvalidOrder', orderState: 'not-placed' });
    expect(at.message).toMatch(/not above the last price 60000/);
    expect(at.hint).toMatch(/triggerDirection: 'below'/);
    expect(() => checkTriggersAgainstMarket('testex', SWAP, 'buy', 'market', prepare(buy({ triggerPrice: 60000.1 })), 60000)).not.toThrow();
  });

  it('accepts a buy that fires on a fall when asked (a take-profit style entry)', () => {
    const prepared = prepare(buy({ triggerPrice: 59000, triggerDirection: 'below' }));
    expect(() => checkTriggersAgainstMarket('testex', SWAP, 'buy', 'market', prepared, 60000)).not.toThrow();
    expect(() => checkTriggersAgainstMarket('testex', SWAP, 'buy', 'market', prepared, 58000)).toThrow(/not below/);
  });

  it("checks a market entry's legs against the market price", () => {
    const prepared = prepare({ ...buy({ takeProfit: { triggerPrice: 59000 } }), side: 'sell' });
    expect(() => checkTriggersAgainstMarket('testex', SWAP, 'sell', 'market', prepared, 60000)).not.toThrow();
    expect(() => checkTriggersAgainstMarket('testex', SWAP, 'sell', 'market', prepared, 58000)).toThrow(/must be below the last price/);
  });
});

/** An exchange with triggers and amendments whose hooks record what they were handed. */
class TriggerExchange extends TestExchange {
  override readonly has: ExchangeCapabilities = {
    ...new TestExchange().has,
    editOrder: true,
    createTriggerOrder: true,
    orderFeatures: { ...new TestExchange().has.orderFeatures, spot: { ...ALL, stopLoss: false, takeProfit: false } },
  };
  readonly edits: PreparedEdit[] = [];
  referenceReads: TriggerPriceType[] = [];
  marketPrice = 60000;

  protected override async triggerReferencePrice(_market: Market, type: TriggerPriceType): Promise<number> {
    this.referenceReads.push(type);
    return this.marketPrice;
  }

  protected override async submitEdit(edit: PreparedEdit): Promise<Order> {
    this.edits.push(edit);
    return {
      id: edit.id,
      clientOrderId: '',
      symbol: edit.symbol,
      type: 'limit',
      side: 'buy',
      status: 'open',
      amount: 0,
      filled: 0,
      remaining: 0,
      timestamp: 0,
      info: {},
    };
  }
}

describe('BaseExchange: trigger orders and editOrder', () => {
  it('a trigger order reads the watched price once and is refused before sending when it would fire at once', async () => {
    const exchange = new TriggerExchange();
    const error = await rejected(
      exchange.createOrder({ symbol: 'BTC/USDT', type: 'market', side: 'buy', amount: 0.01, triggerPrice: 59000 }),
    );
    expect(error.kind).toBe('InvalidOrder');
    expect(exchange.referenceReads).toEqual(['last']);
  });

  it('createOrder with TP/SL on an exchange without them is NotSupported, nothing read or sent', async () => {
    const exchange = new TriggerExchange();
    const error = await rejected(
      exchange.createOrder({
        symbol: 'BTC/USDT',
        type: 'limit',
        side: 'buy',
        amount: 0.01,
        price: 60000,
        stopLoss: { triggerPrice: 59000 },
      }),
    );
    expect(error).toMatchObject({ kind: 'NotSupported', orderState: 'not-placed' });
    expect(exchange.referenceReads).toEqual([]);
  });

  it('editOrder checks lot and tick locally, generates a request id, and sends exact decimals', async () => {
    const exchange = new TriggerExchange();
    await exchange.editOrder('42', 'BTC/USDT', { amount: '0.0150', price: 60000.1 });
    expect(exchange.edits[0]).toMatchObject({ id: '42', symbol: 'BTC/USDT', amount: '0.015', price: '60000.1' });
    expect(exchange.edits[0]?.requestId).toMatch(/^[A-Za-z0-9]{1,32}$/);
  });

  it('an amendment off the lot says the order was not amended, without calling it not placed', async () => {
    const exchange = new TriggerExchange();
    const error = await rejected(exchange.editOrder('42', 'BTC/USDT', { amount: 0.00015 }));
    expect(error.kind).toBe('InvalidOrder');
    expect(error.orderState).toBeUndefined();
    expect(error.hint).toMatch(/The order was not amended; nothing was sent\./);
    expect(exchange.edits).toHaveLength(0);
  });

  it('editOrder refuses an empty amendment and a missing id', async () => {
    const exchange = new TriggerExchange();
    expect((await rejected(exchange.editOrder('42', 'BTC/USDT', {}))).kind).toBe('BadRequest');
    expect((await rejected(exchange.editOrder('', 'BTC/USDT', { price: 1 }))).kind).toBe('BadRequest');
  });

  it('the new calls are NotSupported by default, with a hint naming has', async () => {
    const exchange = new TestExchange();
    for (const call of [
      () => exchange.editOrder('1', 'BTC/USDT', { price: 1 }),
      () => exchange.fetchFundingRate('BTC/USDT'),
      () => exchange.transfer('USDT', 1, 'funding', 'trading'),
      () => exchange.closePosition('BTC/USDT'),
      () => exchange.fetchTradingFees(),
    ]) {
      const error = await rejected(call());
      expect(error.kind).toBe('NotSupported');
      expect(error.hint).toMatch(/exchange\.has\./);
    }
  });
});
