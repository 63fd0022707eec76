/**
 * v1 has no instruments endpoint (protocols/okex-v1.md §3.1–3.2), so spot markets come from a
 * shipped table, overridable through options; futures are discovered through `future_ticker.do`,
 * whose `contract_id` starts with the delivery date (`20190628…` → `BTC/USD:BTC-190628`).
 */
import { BadRequest, expiryCode, type Market } from '@exchange-adapters/core';
import { badArgument, checkNumeric, checkOneOf, describeValue, type OptionRules, readRecord } from '@exchange-adapters/core/adapter';

/** One spot pair of the table. Steps are optional; the exchange rejects too many decimals with 1028. */
export interface SpotMarketSpec {
  /** The v1 pair: lower-case `base_quote`, such as `btc_usdt`. */
  id: string;
  /** Smallest order in base units; defaults to the coin's entry in the minimum-size table. */
  minAmount?: number;
  /** Amount step in base units; default: none checked locally (the exchange refuses too many decimals). */
  amountStep?: number;
  /** Price tick; default: none checked locally. */
  priceTick?: number;
  /** False marks the pair suspended; default true. */
  active?: boolean;
}

/**
 * Spot pairs shipped by default: those the note names (§3.1) and the USDT and BTC pairs of its
 * coins. v1 publishes no tick or step; BTC/USDT and ETH/USDT carry the ones a v1 venue enforces
 * (the simulator's, answered with 1028 otherwise), so that a strategy written against
 * `market.precision` runs here with default options exactly as on OKX and WEEX. The conformance
 * suite checks that the two agree.
 */
export const SPOT_PAIRS: ReadonlyArray<string | SpotMarketSpec> = [
  { id: 'btc_usdt', priceTick: 0.1, amountStep: 0.0001 },
  { id: 'eth_usdt', priceTick: 0.01, amountStep: 0.001 },
  'ltc_usdt',
  'bch_usdt',
  'etc_usdt',
  'ltc_btc',
  'eth_btc',
  'bch_btc',
  'etc_btc',
  'etc_eth',
];

/**
 * Minimum order size per base coin. BTC 0.01 and LTC 0.1 are the note's (§3.2); ETH, BCH and ETC
 * follow the same era's rule (0.01 for coins priced like BTC, 0.1 for those priced like LTC) and
 * are the ones to override (`minOrderSizes`) when a venue differs.
 */
export const MIN_ORDER_SIZES: Readonly<Record<string, number>> = {
  BTC: 0.01,
  LTC: 0.1,
  ETH: 0.01,
  BCH: 0.01,
  ETC: 0.1,
};

/** Pairs without a known tick or step: 8 decimals accepts what the exchange accepts and lets it judge. */
export const DEFAULT_AMOUNT_STEP = 0.00000001;
export const DEFAULT_PRICE_TICK = 0.00000001;

const PAIR = /^([a-z0-9]+)_([a-z0-9]+)$/;

export function spotMarket(spec: SpotMarketSpec, minOrderSizes: Readonly<Record<string, number>> = MIN_ORDER_SIZES): Market {
  const match = PAIR.exec(spec.id);
  if (!match) {
    throw new BadRequest({
      exchange: 'okex-v1',
      message: `spot market id ${JSON.stringify(spec.id)} is not a v1 pair`,
      hint: 'Write v1 pairs as lower-case base_quote, such as btc_usdt.',
    });
  }
  const base = (match[1] as string).toUpperCase();
  const quote = (match[2] as string).toUpperCase();
  const amountStep = spec.amountStep ?? DEFAULT_AMOUNT_STEP;
  return {
    id: spec.id,
    symbol: `${base}/${quote}`,
    base,
    quote,
    type: 'spot',
    spot: true,
    contract: false,
    amountUnit: 'base',
    active: spec.active ?? true,
    precision: { price: spec.priceTick ?? DEFAULT_PRICE_TICK, amount: amountStep },
    limits: { amount: { min: spec.minAmount ?? minOrderSizes[base] ?? amountStep }, price: {}, cost: {} },
    info: { ...spec },
  };
}

/** The spot table: the shipped pairs, or the caller's, with minimum sizes merged over the defaults. */
export function spotMarkets(
  specs: ReadonlyArray<string | SpotMarketSpec> = SPOT_PAIRS,
  minOrderSizes: Readonly<Record<string, number>> = {},
): Market[] {
  const sizes = { ...MIN_ORDER_SIZES, ...upperKeys(minOrderSizes) };
  return specs.map((spec) => spotMarket(typeof spec === 'string' ? { id: spec } : spec, sizes));
}

function upperKeys(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).map(([coin, size]) => [coin.toUpperCase(), size]));
}

// ── futures ────────────────────────────────────────────────────────────────────────────────────

/** Coins whose `<coin>_usd` futures are looked for (§1.3). */
export const FUTURES_COINS: readonly string[] = ['btc', 'ltc', 'eth', 'etc', 'bch'];
export const CONTRACT_TYPES = ['this_week', 'next_week', 'quarter'] as const;
/** OKEx v1 futures contract types: this week, next week, quarter. */
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** What a futures market needs on the wire, kept in `Market.info`. */
export interface FuturesMarketInfo {
  /** `btc_usd` */
  pair: string;
  contractType: ContractType;
  contractId: string;
  ticker: unknown;
}

/** v1 futures prices have no published tick; 0.001 accepts every price seen in the docs. */
export const FUTURES_PRICE_TICK = 0.001;

/** Delivery date of a contract id (`20140926012` → 2014-09-26 UTC), or undefined when it has none. */
export function deliveryDate(contractId: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})\d*$/.exec(contractId);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = Date.UTC(year, month - 1, day);
  const check = new Date(date);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return date;
}

/** `BTC/USD:BTC-190628` from the coin and a contract id; undefined when the id carries no date. */
export function futuresSymbol(coin: string, contractId: string): string | undefined {
  const delivery = deliveryDate(contractId);
  if (delivery === undefined) return undefined;
  const base = coin.toUpperCase();
  return `${base}/USD:${base}-${expiryCode(delivery)}`;
}

/** A dated inverse contract: amounts in contracts of `unit_amount` USD, margined in the coin. */
export function futuresMarket(
  coin: string,
  contractType: ContractType,
  contractId: string,
  unitAmount: number,
  ticker: unknown,
): Market | undefined {
  const expiry = deliveryDate(contractId);
  const symbol = futuresSymbol(coin, contractId);
  if (expiry === undefined || symbol === undefined) return undefined;
  const base = coin.toUpperCase();
  const info: FuturesMarketInfo = { pair: `${coin.toLowerCase()}_usd`, contractType, contractId, ticker };
  return {
    id: contractId,
    symbol,
    base,
    quote: 'USD',
    settle: base,
    type: 'future',
    spot: false,
    contract: true,
    linear: false,
    inverse: true,
    contractSize: unitAmount,
    amountUnit: 'contracts',
    active: true,
    precision: { price: FUTURES_PRICE_TICK, amount: 1 },
    // Whole contracts, at least one (FAQ: otherwise 20007); lever_rate is 10 or 20.
    limits: { amount: { min: 1 }, price: {}, cost: {}, leverage: { min: 10, max: 20 } },
    expiry,
    info,
  };
}

export function isFuturesMarketInfo(info: unknown): info is FuturesMarketInfo {
  if (typeof info !== 'object' || info === null) return false;
  const record = info as Record<string, unknown>;
  return (
    typeof record.pair === 'string' && typeof record.contractId === 'string' && CONTRACT_TYPES.includes(record.contractType as ContractType)
  );
}

// ── options ────────────────────────────────────────────────────────────────────────────────────

const PAIR_ID = /^[a-z0-9]{1,16}_[a-z0-9]{1,16}$/;
const COIN = /^[A-Za-z0-9]{1,16}$/;
const SPOT_SPEC_FIELDS = ['id', 'minAmount', 'amountStep', 'priceTick', 'active'];

function positiveDecimal(value: unknown, name: string): void {
  checkNumeric(value, name, 'okex-v1');
  if (typeof value !== 'number' || value <= 0) {
    throw badArgument('okex-v1', `${name} must be a positive number, got ${describeValue(value)}`, `Pass ${name} like 0.01.`);
  }
}

function checkPairId(value: unknown, name: string): void {
  if (typeof value !== 'string' || !PAIR_ID.test(value)) {
    throw badArgument(
      'okex-v1',
      `${name} must be a v1 pair such as 'btc_usdt', got ${describeValue(value)}`,
      'Write v1 pairs as lower-case base_quote.',
    );
  }
}

function checkList(value: unknown, name: string, max: number): asserts value is unknown[] {
  if (!Array.isArray(value) || value.length > max) {
    throw badArgument(
      'okex-v1',
      `${name} must be an array of at most ${max} entries, got ${describeValue(value)}`,
      `Pass ${name} as [ … ].`,
    );
  }
}

/** The options that configure the market table (OkexV1Options), checked at construction like the shared ones. */
export const MARKET_OPTION_RULES: OptionRules = Object.freeze({
  spotMarkets: (value: unknown, name: string) => {
    checkList(value, name, 1000);
    for (const [index, spec] of value.entries()) {
      const at = `${name}[${index}]`;
      if (typeof spec === 'string') {
        checkPairId(spec, at);
        continue;
      }
      const fields = readRecord(spec, at, 'okex-v1', SPOT_SPEC_FIELDS);
      checkPairId(fields.id, `${at}.id`);
      for (const field of ['minAmount', 'amountStep', 'priceTick']) {
        if (fields[field] !== undefined) positiveDecimal(fields[field], `${at}.${field}`);
      }
      if (fields.active !== undefined && typeof fields.active !== 'boolean') {
        throw badArgument(
          'okex-v1',
          `${at}.active must be true or false, got ${describeValue(fields.active)}`,
          'Pass active: false to list a pair as suspended.',
        );
      }
    }
  },
  minOrderSizes: (value: unknown, name: string) => {
    for (const [coin, size] of Object.entries(readRecord(value, name, 'okex-v1', undefined))) {
      if (!COIN.test(coin))
        throw badArgument(
          'okex-v1',
          `${name} has a key that is not a coin: ${describeValue(coin)}`,
          'Key minOrderSizes by coin: { ETH: 0.001 }.',
        );
      positiveDecimal(size, `${name}.${coin}`);
    }
  },
  futuresDiscovery: (value: unknown, name: string) => checkOneOf(value, name, 'okex-v1', ['lazy', 'eager']),
  futuresCoins: (value: unknown, name: string) => {
    checkList(value, name, 50);
    for (const [index, coin] of value.entries()) {
      if (typeof coin !== 'string' || !COIN.test(coin)) {
        throw badArgument(
          'okex-v1',
          `${name}[${index}] must be a coin such as 'btc', got ${describeValue(coin)}`,
          "Pass futuresCoins: ['btc', 'eth'], or [] to skip futures.",
        );
      }
    }
  },
});
