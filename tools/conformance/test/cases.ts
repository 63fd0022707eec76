/**
 * The only per-exchange facts the conformance suite may use: what the simulator lists, where each
 * exchange's order writes go on the wire (to aim faults at them), and how many requests each
 * unified call is allowed to send. Everything else is written once, against `Exchange`.
 */
import type { BalanceQuery, ExchangeId, TransferAccount } from '@exchange-adapters/core';

/** A unified call measured by the request budget, in the order the budget scenario runs them. */
export type BudgetCall =
  | 'fetchTicker'
  | 'fetchTicker (perpetual)'
  | 'fetchOrderBook'
  | 'fetchBalance'
  | 'createOrder'
  | 'createOrders (7 orders)'
  | 'fetchOrder'
  | 'fetchOpenOrders'
  | 'cancelOrder'
  | 'cancelOrders (7 ids)'
  | 'cancelAllOrders (5 open)'
  | 'cancelOrder + fetchFinalState'
  | 'loadMarkets (reload)';

/** Requests a call may send once markets are loaded and the clock is synced; `why` when more than one. */
export interface Budget {
  requests: number;
  why?: string;
}

export interface FaultTarget {
  /** Path prefix of the exchange's endpoint(s). */
  path: string;
  /** Method, where reads share the path. */
  method?: string;
}

export interface Case {
  id: ExchangeId;
  /** A perpetual the simulator lists for this exchange, if any. */
  perpetual?: string;
  /** The API signs a timestamp (OKEx v1 signs none, so skew cannot affect it). */
  signsTimestamps: boolean;
  /** Where order placement goes: faults drop these replies. */
  createWrites: FaultTarget;
  /** Where single and batch cancels go. */
  cancelWrites: FaultTarget;
  budget: Partial<Record<BudgetCall, Budget>>;
  /** The balance a perpetual's margin and funding payments live in. */
  marginAccount: BalanceQuery;
  /** Two of the account's own wallets a transfer moves funds between, the second one trading spot. */
  wallets?: { from: TransferAccount; to: TransferAccount };
}

export const CASES: Record<ExchangeId, Case> = {
  okx: {
    id: 'okx',
    perpetual: 'BTC/USDT:USDT',
    signsTimestamps: true,
    marginAccount: {},
    wallets: { from: 'funding', to: 'trading' },
    createWrites: { path: '/api/v5/trade/order', method: 'POST' },
    cancelWrites: { path: '/api/v5/trade/cancel-' },
    budget: {
      fetchTicker: { requests: 1 },
      'fetchTicker (perpetual)': { requests: 1 },
      fetchOrderBook: { requests: 1 },
      fetchBalance: { requests: 1 },
      createOrder: { requests: 1 },
      'createOrders (7 orders)': { requests: 1 },
      fetchOrder: { requests: 1 },
      fetchOpenOrders: { requests: 1 },
      cancelOrder: { requests: 1 },
      'cancelOrders (7 ids)': { requests: 1 },
      'cancelAllOrders (5 open)': {
        requests: 2,
        why: 'OKX has no spot cancel-all: the open orders are read (1), then cancelled 20 per request',
      },
      'cancelOrder + fetchFinalState': { requests: 2, why: 'the final fill state is one order read after the cancel' },
      'loadMarkets (reload)': { requests: 3, why: 'instruments are listed per type: SPOT, SWAP, FUTURES' },
    },
  },
  weex: {
    id: 'weex',
    perpetual: 'BTC/USDT:USDT',
    signsTimestamps: true,
    marginAccount: { type: 'swap' },
    wallets: { from: 'swap', to: 'spot' },
    createWrites: { path: '/api/v3/order', method: 'POST' },
    cancelWrites: { path: '/api/v3/order', method: 'DELETE' },
    budget: {
      fetchTicker: { requests: 1 },
      'fetchTicker (perpetual)': { requests: 2, why: 'the futures 24 h ticker has no bid/ask; the book ticker supplies them' },
      fetchOrderBook: { requests: 1 },
      fetchBalance: { requests: 1 },
      createOrder: { requests: 1 },
      'createOrders (7 orders)': { requests: 7, why: 'WEEX V3 has no batch-place endpoint: one request per order' },
      fetchOrder: { requests: 1 },
      fetchOpenOrders: { requests: 1 },
      cancelOrder: { requests: 1 },
      'cancelOrders (7 ids)': { requests: 1 },
      'cancelAllOrders (5 open)': { requests: 1 },
      'cancelOrder + fetchFinalState': { requests: 2, why: 'the final fill state is one order read after the cancel' },
      'loadMarkets (reload)': { requests: 2, why: 'spot and futures instruments live on two hosts' },
    },
  },
  'okex-v1': {
    id: 'okex-v1',
    signsTimestamps: false,
    marginAccount: {},
    createWrites: { path: '/api/v1/trade.do' },
    cancelWrites: { path: '/api/v1/cancel_order.do' },
    budget: {
      fetchTicker: { requests: 1 },
      fetchOrderBook: { requests: 1 },
      fetchBalance: { requests: 1 },
      createOrder: { requests: 1 },
      'createOrders (7 orders)': { requests: 2, why: 'batch_trade.do takes 5 orders: ⌈7 / 5⌉' },
      fetchOrder: { requests: 1 },
      fetchOpenOrders: { requests: 1 },
      cancelOrder: { requests: 1 },
      'cancelOrders (7 ids)': { requests: 3, why: 'cancel_order.do takes 3 ids: ⌈7 / 3⌉' },
      'cancelAllOrders (5 open)': { requests: 3, why: 'v1 has no cancel-all: the open orders are read (1), then cancelled 3 per call (2)' },
      'cancelOrder + fetchFinalState': { requests: 2, why: 'the final fill state is one orders_info.do read after the cancel' },
      'loadMarkets (reload)': { requests: 0, why: 'spot markets are a shipped table; futures are discovered only when one is used' },
    },
  },
};
