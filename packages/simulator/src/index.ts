/**
 * `startSimulator()`: a local exchange on loopback speaking the OKX v5, WEEX V3 and OKEx v1 wire protocols, with
 * seeded markets, a matching engine, accounts and injectable faults — for tests and paper trading.
 *
 * @packageDocumentation
 * @module @exchange-adapters/simulator
 */

export {
  type Credentials,
  EXCHANGES,
  type ExchangeId,
  type FaultController,
  type FaultRule,
  type PublishedBook,
  RESTRICTED_IP,
  type SimulatedFundingSettlement,
  type SimulatedMarket,
  type SimulatedOrder,
  type Simulator,
  type SimulatorClock,
  type SimulatorCredentials,
  type SimulatorExchangeOptions,
  type SimulatorFunding,
  type SimulatorLiquidity,
  type SimulatorMarket,
  type SimulatorOptions,
  type SimulatorRequestLog,
  type SimulatorStats,
  type SimulatorStreams,
  type SocketFilter,
  startSimulator,
  type WsFaultController,
  type WsFaultKind,
  type WsFaultRule,
} from './simulator.js';
