/**
 * What an adapter says it offers (`exchange.has`): the all-false tables an adapter spreads and
 * switches on, and the stream flags read off its WebSocket spec.
 */
import type { WsRules, WsSpec } from './streams/contract.js';
import { NO_ORDER_FEATURES } from './triggers.js';
import type { ExchangeCapabilities } from './types.js';

/** The `has` flags of the watch* methods. */
export type StreamCapability =
  | 'watchTicker'
  | 'watchOrderBook'
  | 'watchTrades'
  | 'watchOHLCV'
  | 'watchOrders'
  | 'watchMyTrades'
  | 'watchBalance'
  | 'watchPositions';

/** An adapter without streams spreads this into its `has`. */
export const NO_STREAMS: Readonly<Record<StreamCapability, false>> = Object.freeze({
  watchTicker: false,
  watchOrderBook: false,
  watchTrades: false,
  watchOHLCV: false,
  watchOrders: false,
  watchMyTrades: false,
  watchBalance: false,
  watchPositions: false,
});

/** Every capability false: the base adapters spread it and switch on what they implement. */
export const NO_CAPABILITIES: Readonly<ExchangeCapabilities> = Object.freeze({
  fetchMarkets: false,
  fetchTime: false,
  fetchTicker: false,
  fetchTickers: false,
  fetchOrderBook: false,
  fetchTrades: false,
  fetchOHLCV: false,
  fetchBalance: false,
  createOrder: false,
  createOrders: false,
  cancelOrder: false,
  cancelOrders: false,
  cancelAllOrders: false,
  fetchOrder: false,
  fetchOpenOrders: false,
  fetchClosedOrders: false,
  fetchMyTrades: false,
  fetchPositions: false,
  setLeverage: false,
  editOrder: false,
  createTriggerOrder: false,
  createOrderWithTakeProfitAndStopLoss: false,
  fetchFundingRate: false,
  fetchFundingRateHistory: false,
  fetchMarkPrice: false,
  fetchLeverage: false,
  setMarginMode: false,
  setPositionMode: false,
  closePosition: false,
  fetchTradingFees: false,
  transfer: false,
  spot: false,
  swap: false,
  future: false,
  demo: false,
  ...NO_STREAMS,
  orderFeatures: Object.freeze({ spot: NO_ORDER_FEATURES, swap: NO_ORDER_FEATURES, future: NO_ORDER_FEATURES }),
});

/** The `has.watch*` flags of an exchange's stream rules (or of a spec): what its channel table offers. */
export function streamCapabilities(spec: WsRules | WsSpec): Readonly<Record<StreamCapability, boolean>> {
  const { channels } = spec;
  return Object.freeze({
    watchTicker: channels.ticker !== undefined,
    watchOrderBook: channels.orderBook !== undefined,
    watchTrades: channels.trades !== undefined,
    watchOHLCV: channels.ohlcv !== undefined,
    watchOrders: channels.orders !== undefined,
    // Derived from order updates where the exchange has no fills channel (WsSpec.fillsFromOrders).
    watchMyTrades: channels.myTrades !== undefined || (spec.fillsFromOrders === true && channels.orders !== undefined),
    watchBalance: channels.balance !== undefined,
    watchPositions: channels.positions !== undefined,
  });
}
