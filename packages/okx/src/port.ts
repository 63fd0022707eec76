/**
 * What the trading-surface modules (placement.ts, cancels.ts, order-reads.ts, trading.ts,
 * derivatives.ts) need from OkxExchange: its pipeline, tables and a few helpers. The exchange
 * hands them this view, so the modules stay separate files without reaching into its private state.
 */
import type {
  CancelOptions,
  ErrorKind,
  ExchangeError,
  ExchangeErrorDetails,
  LeverageOptions,
  MarginMode,
  Market,
  MarketType,
  Order,
  OrderAck,
  Position,
} from '@exchange-adapters/core';
import type { CallOptions, Pipeline, PreparedOrder } from '@exchange-adapters/core/adapter';
import type { OkxEndpointName, OkxEnvironment } from './endpoints.js';

export type PositionMode = 'net_mode' | 'long_short_mode';

/** An item of a trade reply that failed: `{sCode, sMsg, subCode}`. */
export interface ItemFailure {
  sCode: string;
  sMsg?: string;
  subCode?: string;
}

export interface OkxPort {
  readonly pipeline: Pipeline;
  readonly environment: OkxEnvironment;
  call<T>(name: OkxEndpointName, options?: CallOptions<T>): Promise<T>;
  error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError;
  loadMarket(symbol: string): Promise<Market>;
  loadMarkets(): Promise<Record<string, Market>>;
  /** A loaded market by unified symbol (BaseExchange.market). */
  market(symbol: string): Market;
  marketById(id: string, type?: MarketType): Market | undefined;
  /** The market, or BadRequest when it is spot. */
  contractMarket(symbol: string, method: string): Market;
  /** Account position mode, read once (and kept current by setPositionMode). */
  positionMode(): Promise<PositionMode>;
  rememberPositionMode(mode: PositionMode): void;
  /** The margin mode (`tdMode`) contract orders of this market use. */
  marginModeOf(market: Market): MarginMode;
  rememberMarginMode(market: Market, mode: MarginMode): void;
  /** `mode` as a MarginMode, or BadRequest (with `orderState` when given). */
  checkMarginMode(mode: unknown, orderState?: 'not-placed'): MarginMode;
  /** A failed trade-reply item as a typed error. */
  itemError(
    item: ItemFailure,
    intent: 'create' | 'cancel',
    path: string,
    clientOrderId?: string,
  ): { error: ExchangeError; outcomeUnknown: boolean };
  first<T>(data: readonly T[], what: string): T;
  /** `value` when it is a positive integer, or BadRequest naming `field`. */
  positiveInteger(value: number, field: string): number;
  fetchOrder(id: string, symbol: string): Promise<Order>;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  setLeverage(leverage: number, symbol: string, options?: LeverageOptions): Promise<void>;
}

/**
 * Order placement (placement.ts) also reaches the exchange's own hooks: a lost reply is resolved
 * through `submitOrder` and `findOrderByClientOrderId` as the exchange answers them, overrides included.
 */
export interface OkxPlacementPort extends OkxPort {
  submitOrder(order: PreparedOrder): Promise<Order>;
  findOrderByClientOrderId(order: PreparedOrder): Promise<Order | undefined>;
  /** An Order standing for a batch item that failed (BaseExchange.failedOrder). */
  failedOrder(order: PreparedOrder, error: ExchangeError): Order;
}

/**
 * Cancelling (cancels.ts) also reaches the exchange's cancel machinery: cancel-all reads the open
 * orders and cancels them through BaseExchange's write rule, as the exchange answers them.
 */
export interface OkxCancelPort extends OkxPort {
  refuseTriggerBatch(method: string, options: CancelOptions | undefined): void;
  cancelIds(market: Market, ids: readonly string[], options: CancelOptions, snapshot?: ReadonlyMap<string, Order>): Promise<OrderAck[]>;
  fetchOpenOrders(symbol?: string): Promise<Order[]>;
}
