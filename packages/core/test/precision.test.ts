import Big from 'big.js';
import { amountToPrecision, baseToContracts, contractsToBase, formatDecimal, priceToPrecision, toDecimal } from '../src/adapter.js';
import { isExchangeError, type Market } from '../src/index.js';
import { TEST_MARKET } from './support/test-exchange.js';

const LINEAR_SWAP: Market = {
  ...TEST_MARKET,
  id: 'BTC-USDT-SWAP',
  symbol: 'BTC/USDT:USDT',
  settle: 'USDT',
  type: 'swap',
  spot: false,
  contract: true,
  linear: true,
  contractSize: 0.01,
  precision: { price: 0.1, amount: 0.01 },
  limits: { amount: { min: 0.01 }, price: {}, cost: {} },
};

describe('decimal formatting', () => {
  it('strips binary noise from floats and keeps decimal strings exact', () => {
    expect(formatDecimal(toDecimal(0.1 + 0.2, 'amount'))).toBe('0.3');
    expect(formatDecimal(toDecimal(1.1 * 3, 'amount'))).toBe('3.3');
    expect(formatDecimal(toDecimal(1e-8, 'amount'))).toBe('0.00000001');
    expect(formatDecimal(toDecimal('0.123456789012345678', 'amount'))).toBe('0.123456789012345678');
  });

  it('rejects NaN, Infinity and text that is not a number', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, 'abc', '1,5', '']) {
      expect(() => toDecimal(bad, 'amount')).toThrow(/amount must be/);
    }
  });

  it('truncates amounts to the step and rounds prices to the nearest tick', () => {
    expect(amountToPrecision(TEST_MARKET, 0.123456)).toBe('0.1234');
    expect(amountToPrecision(TEST_MARKET, '0.00019999')).toBe('0.0001');
    expect(priceToPrecision(TEST_MARKET, 60000.06)).toBe('60000.1');
    expect(priceToPrecision(TEST_MARKET, '60000.04')).toBe('60000');
  });
});

describe('base units and contracts', () => {
  it('converts a base amount to whole contracts exactly', () => {
    expect(baseToContracts(LINEAR_SWAP, '0.05', '1', 'okx')).toBe('5');
    expect(baseToContracts(LINEAR_SWAP, 0.1 + 0.2, '1', 'okx')).toBe('30');
    expect(contractsToBase(LINEAR_SWAP, '7')).toBe(0.07);
  });

  it('refuses a base amount that is not a whole number of lots, naming the nearest valid amounts', () => {
    let caught: unknown;
    try {
      baseToContracts(LINEAR_SWAP, '0.015', '1', 'okx');
    } catch (error) {
      caught = error;
    }
    expect(isExchangeError(caught, 'InvalidOrder')).toBe(true);
    expect((caught as { hint: string }).hint).toBe('Use 0.01 or 0.02 BTC.');
  });

  it('leaves inverse contract amounts as contracts', () => {
    const inverse: Market = {
      ...LINEAR_SWAP,
      symbol: 'BTC/USD:BTC',
      amountUnit: 'contracts',
      linear: false,
      inverse: true,
      contractSize: 100,
    };
    expect(baseToContracts(inverse, '3', '1', 'okx')).toBe('3');
    expect(contractsToBase(inverse, '3')).toBe(3);
    expect(new Big(baseToContracts(LINEAR_SWAP, '1', '1', 'okx')).toNumber()).toBe(100);
  });
});

describe('a leading plus sign', () => {
  it('is read as the number it signs, not an untyped error', () => {
    expect(formatDecimal(toDecimal('+0.5', 'amount'))).toBe('0.5');
    expect(formatDecimal(toDecimal(' +12 ', 'price'))).toBe('12');
  });
});
