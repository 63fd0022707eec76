/**
 * The seeded markets. One definition per unified symbol; each front-end decides which of them it
 * lists and how it names them (OKX `BTC-USDT-SWAP`, WEEX `BTCUSDT`, v1 `btc_usdt`).
 */
import { type Fixed, fixed } from '../decimal.js';

export type MarketType = 'spot' | 'swap';

export interface MarketSpec {
  /** Unified symbol: `BTC/USDT`, `BTC/USDT:USDT`. */
  symbol: string;
  /** Small integer naming the market in hashes (book sizes, trade ids). */
  index: number;
  /** Which price path it follows: spot and perpetual of one asset share the mid. */
  asset: number;
  type: MarketType;
  base: string;
  quote: string;
  settle?: string;
  /** Mid price the path starts from. */
  basePrice: number;
  tick: Fixed;
  /** Finest amount step in base units (venues may be coarser, e.g. OKX contracts). */
  step: Fixed;
  minAmount: Fixed;
  maxAmount: Fixed;
  /** Synthetic book sizes are whole multiples of this (a multiple of every venue's lot). */
  bookLot: Fixed;
  maxLeverage: number;
}

export const MARKETS: readonly MarketSpec[] = [
  {
    symbol: 'BTC/USDT',
    index: 1,
    asset: 1,
    type: 'spot',
    base: 'BTC',
    quote: 'USDT',
    basePrice: 60_000,
    tick: fixed('0.1'),
    step: fixed('0.0001'),
    minAmount: fixed('0.0001'),
    maxAmount: fixed('1000'),
    bookLot: fixed('0.01'),
    maxLeverage: 10,
  },
  {
    symbol: 'ETH/USDT',
    index: 2,
    asset: 2,
    type: 'spot',
    base: 'ETH',
    quote: 'USDT',
    basePrice: 3_000,
    tick: fixed('0.01'),
    step: fixed('0.001'),
    minAmount: fixed('0.001'),
    maxAmount: fixed('10000'),
    bookLot: fixed('0.1'),
    maxLeverage: 10,
  },
  {
    symbol: 'BTC/USDT:USDT',
    index: 3,
    asset: 1,
    type: 'swap',
    base: 'BTC',
    quote: 'USDT',
    settle: 'USDT',
    basePrice: 60_000,
    tick: fixed('0.1'),
    step: fixed('0.0001'),
    minAmount: fixed('0.0001'),
    maxAmount: fixed('1000'),
    bookLot: fixed('0.01'),
    maxLeverage: 100,
  },
  {
    symbol: 'ETH/USDT:USDT',
    index: 4,
    asset: 2,
    type: 'swap',
    base: 'ETH',
    quote: 'USDT',
    settle: 'USDT',
    basePrice: 3_000,
    tick: fixed('0.01'),
    step: fixed('0.001'),
    minAmount: fixed('0.001'),
    maxAmount: fixed('10000'),
    bookLot: fixed('0.1'),
    maxLeverage: 100,
  },
];

export function marketBySymbol(symbol: string): MarketSpec | undefined {
  return MARKETS.find((market) => market.symbol === symbol);
}
