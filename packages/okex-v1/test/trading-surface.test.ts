/**
 * The trading surface on OKEx v1 (issue 15): futures close orders and the futures index are the
 * only parts v1 can answer; the rest is NotSupported before anything is sent.
 */
import { type ExchangeError, isExchangeError } from '@exchange-adapters/core';
import type { OkexV1Options } from '../src/index.js';
import { fixture } from './fixtures.js';
import { API_KEY, exchangeOn, Venue } from './support.js';

const venue = new Venue();
const exchange = (options: OkexV1Options = {}) => exchangeOn(venue, options);

beforeAll(() => venue.start());
afterEach(() => {
  const clean = venue.isDone();
  const leftover = venue.unexpected.join('; ');
  venue.reset();
  expect(leftover).toBe('');
  expect(clean).toBe(true);
});
afterAll(() => venue.close());

async function caught(promise: Promise<unknown>): Promise<ExchangeError> {
  try {
    await promise;
  } catch (error) {
    if (isExchangeError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

const ticker = fixture<{ date: string; ticker: Record<string, number> }>('futures-future_ticker');
const symbol = 'BTC/USD:BTC-140926';

function withFutures() {
  venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
  venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'next_week' }, { result: false, error_code: 20028 });
  // Discovered at loadMarkets, so the two future_ticker replies above are read there.
  return exchange({ futuresCoins: ['btc'], futuresDiscovery: 'eager', now: () => Date.UTC(2014, 8, 24) });
}

/** The recorded holding, moved onto this week's contract (20140926012) with `buy_available` set. */
function holding(available: { buy?: number; sell?: number; sellAmount?: number }) {
  const recorded = fixture<{ holding: Array<Record<string, unknown>> }>('futures-future_position');
  const [row] = recorded.holding;
  return {
    ...recorded,
    holding: [
      {
        ...row,
        contract_id: 20140926012,
        buy_available: available.buy ?? row?.buy_available,
        sell_amount: available.sellAmount ?? row?.sell_amount,
        sell_available: available.sell ?? row?.sell_available,
        sell_price_avg: available.sellAmount ? 430 : row?.sell_price_avg,
      },
    ],
  };
}

describe('capabilities', () => {
  it('declares only the futures close orders and the index', () => {
    const ex = exchange();
    expect(ex.has).toMatchObject({
      closePosition: true,
      fetchMarkPrice: true,
      editOrder: false,
      createTriggerOrder: false,
      createOrderWithTakeProfitAndStopLoss: false,
      fetchFundingRate: false,
      fetchFundingRateHistory: false,
      fetchLeverage: false,
      setMarginMode: false,
      setPositionMode: false,
      fetchTradingFees: false,
      transfer: false,
    });
    expect(ex.has.orderFeatures.future.triggerPrice).toBe(false);
  });
});

describe('closePosition: close orders at the best price (future_trade.do types 3 and 4)', () => {
  it('closes the available long contracts with a type 3 order at match_price 1', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    const positions = venue.post('future_position', holding({ buy: 1 }));
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    const trades = venue.post('future_trade', fixture('futures-future_trade'));
    const orders = await ex.closePosition(symbol);
    expect(positions[0]?.params).toEqual({ api_key: API_KEY, symbol: 'btc_usd', contract_type: 'this_week' });
    expect(trades[0]?.params).toEqual({
      api_key: API_KEY,
      symbol: 'btc_usd',
      contract_type: 'this_week',
      price: '409.2',
      amount: '1',
      type: '3',
      match_price: '1',
    });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: '986', symbol, side: 'sell', reduceOnly: true, amount: 1 });
  });

  it("closes only the side asked for: 'short' sends a type 4 buy", async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    venue.post('future_position', holding({ buy: 1, sellAmount: 2, sell: 2 }));
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    const trades = venue.post('future_trade', { result: true, order_id: 990 });
    const orders = await ex.closePosition(symbol, 'short');
    expect(trades[0]?.params).toMatchObject({ type: '4', amount: '2', match_price: '1' });
    expect(orders.map((order) => [order.id, order.side])).toEqual([['990', 'buy']]);
  });

  it('sends nothing when every contract is held by pending close orders (the recorded buy_available 0)', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    venue.post('future_position', holding({}));
    venue.get('future_ticker', { symbol: 'btc_usd', contract_type: 'this_week' }, ticker);
    expect(await ex.closePosition(symbol)).toEqual([]);
  });

  it('refuses spot symbols and unknown sides before sending', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    expect((await caught(ex.closePosition('BTC/USDT'))).kind).toBe('BadRequest');
    expect((await caught(ex.closePosition(symbol, 'both' as 'long'))).kind).toBe('BadRequest');
  });
});

describe('fetchMarkPrice: the futures index (future_index.do)', () => {
  it('reads the recorded index as indexPrice; v1 has no mark price', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    const sent = venue.get('future_index', { symbol: 'btc_usd' }, fixture('futures-future_index'));
    const mark = await ex.fetchMarkPrice(symbol);
    expect(sent).toHaveLength(1);
    expect(mark).toMatchObject({ symbol, indexPrice: 471.0817 });
    expect(mark.markPrice).toBeUndefined();
  });
});

describe('the rest is NotSupported, nothing sent', () => {
  it.each([
    ['editOrder', (ex: ReturnType<typeof exchange>) => ex.editOrder('986', symbol, { price: 400 })],
    ['fetchFundingRate', (ex: ReturnType<typeof exchange>) => ex.fetchFundingRate(symbol)],
    ['fetchFundingRateHistory', (ex: ReturnType<typeof exchange>) => ex.fetchFundingRateHistory(symbol)],
    ['fetchLeverage', (ex: ReturnType<typeof exchange>) => ex.fetchLeverage(symbol)],
    ['setMarginMode', (ex: ReturnType<typeof exchange>) => ex.setMarginMode('isolated', symbol)],
    ['setPositionMode', (ex: ReturnType<typeof exchange>) => ex.setPositionMode(true)],
    ['fetchTradingFees', (ex: ReturnType<typeof exchange>) => ex.fetchTradingFees()],
    ['transfer', (ex: ReturnType<typeof exchange>) => ex.transfer('BTC', 1, 'spot', 'swap')],
    ['fetchOpenOrders trigger', (ex: ReturnType<typeof exchange>) => ex.fetchOpenOrders(symbol, { trigger: true })],
    ['cancelOrder trigger', (ex: ReturnType<typeof exchange>) => ex.cancelOrder('986', symbol, { trigger: true })],
  ])('%s', async (_name, call) => {
    const ex = exchange();
    expect((await caught(call(ex))).kind).toBe('NotSupported');
  });

  it('createOrder with a trigger price or TP/SL', async () => {
    const ex = withFutures();
    await ex.loadMarkets();
    const trigger = await caught(ex.createOrder({ symbol, type: 'market', side: 'buy', amount: 1, triggerPrice: 450 }));
    expect(trigger.kind).toBe('NotSupported');
    const attached = await caught(
      ex.createOrder({ symbol, type: 'limit', side: 'buy', amount: 1, price: 400, stopLoss: { triggerPrice: 380 } }),
    );
    expect(attached.kind).toBe('NotSupported');
  });
});
