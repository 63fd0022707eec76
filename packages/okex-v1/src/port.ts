/**
 * What the modules split out of OkexV1Exchange (order-reads.ts, placement.ts, cancels.ts,
 * derivatives.ts) need from it: its pipeline, endpoint calls and a few helpers. The exchange hands
 * them this view, so the modules stay separate files without reaching into its private state.
 */
import type {
  ErrorKind,
  ExchangeError,
  ExchangeErrorDetails,
  Market,
  MarketType,
  Order,
  OrderRequest,
  Position,
} from '@exchange-adapters/core';
import type { CallOptions, Pipeline, PreparedOrder } from '@exchange-adapters/core/adapter';
import type { EndpointName } from './endpoints.js';
import type { Candidate } from './lost-orders.js';
import type { FuturesMarketInfo } from './markets.js';
import type { FutureTickerWire } from './schemas.js';

export interface OkexV1Port {
  readonly pipeline: Pipeline;
  call<T>(name: EndpointName, options?: CallOptions<T>): Promise<T>;
  error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError;
  loadMarket(symbol: string): Promise<Market>;
  loadFuturesMarkets(): Promise<void>;
  /** The markets loaded so far (`exchange.markets`). */
  markets(): Readonly<Record<string, Market>> | undefined;
  marketById(id: string, type?: MarketType): Market | undefined;
  /** The market's v1 contract, or BadRequest when it is not a futures market. */
  futuresInfo(market: Market): FuturesMarketInfo;
  /** The two fields that name the contract on the wire: the coin pair and `this_week`/`next_week`/`quarter`. */
  contractQuery(market: Market): { symbol: string; contract_type: string };
  /** The contract's ticker; InvalidSymbol when `contract_type` now names another contract (after a delivery). */
  futuresTicker(market: Market): Promise<FutureTickerWire>;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  createOrder(request: OrderRequest): Promise<Order>;
  /** An order this instance handed to a caller (createOrder(s)), by id: v1 has no client ids, so they live here. */
  placedOrder(id: string): Order | undefined;
  /** The symbol's open and recent orders, where an order whose create reply was lost is looked for. */
  recentOrders(market: Market): Promise<Candidate[]>;
  /** An order of a batch that failed, as core reports it. */
  failedOrder(order: PreparedOrder, error: ExchangeError): Order;
  /** The exchange's lost-reply lookup (its override), for batch items whose reply was lost. */
  findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined>;
}
