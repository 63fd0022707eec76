/**
 * What the trading modules (placement.ts, order-reads.ts, cancels.ts, derivatives.ts) need from
 * WeexExchange: its pipeline, tables and a few helpers. The exchange hands them this view, so the
 * modules stay separate files without reaching into its private state.
 */
import type { ErrorKind, ExchangeError, ExchangeErrorDetails, Market, Order, OrderRequest, Position } from '@exchange-adapters/core';
import type { CallOptions, Pipeline } from '@exchange-adapters/core/adapter';
import type { EndpointName } from './endpoints.js';

/** WEEX's two accounts: spot (/api/v3) and USDT-margined perpetual futures (/capi/v3). */
export type MarketKind = 'spot' | 'swap';

export interface WeexPort {
  /** The exchange id errors name ('weex'). */
  readonly id: string;
  readonly pipeline: Pipeline;
  call<T>(name: EndpointName, options?: CallOptions<T>): Promise<T>;
  error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError;
  loadMarket(symbol: string): Promise<Market>;
  loadMarkets(): Promise<Record<string, Market>>;
  /** A futures endpoint, or NotSupported where demo trading has no twin. */
  contract(name: EndpointName, method: string): EndpointName;
  /** The id a futures market trades under (demo: `<BASE>SUSDT`). */
  wireSymbol(market: Market): string;
  /** Unified symbol of a futures id, or of a spot id when `kind` is 'spot'. */
  symbolOf(id: string, kind?: MarketKind): string;
  fetchPositions(symbols?: string[]): Promise<Position[]>;
  createOrder(request: OrderRequest): Promise<Order>;
  /** NotSupported in demo mode, which has no spot (§1). */
  requireLiveSpot(method: string): void;
  /** NotSupported in demo mode, for what demo trading does not document (DEMO_ENDPOINTS). */
  requireLive(method: string): void;
}
