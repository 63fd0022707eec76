import { parseJson, wireTimeframe } from '../src/adapter.js';
import { expiryCode, formatSymbol, isExchangeError, parseSymbol, timeframeToMs } from '../src/index.js';

describe('lossless JSON', () => {
  it('keeps integers longer than 15 digits exact, as strings', () => {
    const parsed = parseJson('{"orderId":736775987680772201,"price":1.5,"qty":3,"list":[1234567890123456789]}') as Record<string, unknown>;
    expect(parsed.orderId).toBe('736775987680772201');
    expect(parsed.price).toBe(1.5);
    expect(parsed.qty).toBe(3);
    expect(parsed.list).toEqual(['1234567890123456789']);
    expect(String(JSON.parse('{"orderId":736775987680772201}').orderId)).not.toBe('736775987680772201');
  });

  it('leaves digit runs inside strings, fractions and exponents alone', () => {
    const text =
      '{"id":"12345678901234567890","note":"say \\"9007199254740993\\" twice","px":0.12345678901234567,"big":1.5e1234567890123456,' +
      '"neg":-702345678901234567,"n":[1234567890123456789.5, 702345678901234567]}';
    expect(parseJson(text)).toEqual({
      id: '12345678901234567890',
      note: 'say "9007199254740993" twice',
      px: Number('0.12345678901234567'),
      big: Number.POSITIVE_INFINITY,
      neg: '-702345678901234567',
      n: [Number('1234567890123456789.5'), '702345678901234567'],
    });
  });

  it('takes the plain path when no long integer is present', () => {
    expect(parseJson('{"a":"b","n":123456789012345}')).toEqual({ a: 'b', n: 123456789012345 });
  });
});

describe('unified symbols', () => {
  it.each([
    ['BTC/USDT', { base: 'BTC', quote: 'USDT', type: 'spot' }],
    ['BTC/USDT:USDT', { base: 'BTC', quote: 'USDT', settle: 'USDT', type: 'swap' }],
    ['BTC/USD:BTC', { base: 'BTC', quote: 'USD', settle: 'BTC', type: 'swap' }],
    ['BTC/USDT:USDT-251226', { base: 'BTC', quote: 'USDT', settle: 'USDT', expiry: '251226', type: 'future' }],
  ])('parses and formats %s', (symbol, parts) => {
    expect(parseSymbol(symbol)).toEqual(parts);
    expect(formatSymbol(parts)).toBe(symbol);
  });

  it('rejects malformed symbols with InvalidSymbol and a hint on the grammar', () => {
    for (const bad of ['BTCUSDT', 'btc/usdt', 'BTC/USDT:', 'BTC-USDT-SWAP']) {
      let caught: unknown;
      try {
        parseSymbol(bad);
      } catch (error) {
        caught = error;
      }
      expect(isExchangeError(caught, 'InvalidSymbol')).toBe(true);
    }
  });

  it('writes expiry codes as yymmdd in UTC', () => {
    expect(expiryCode(Date.UTC(2025, 11, 26, 8))).toBe('251226');
  });
});

describe('timeframes', () => {
  it('knows unified timeframes and maps them through an adapter table', () => {
    expect(timeframeToMs('4h')).toBe(14_400_000);
    expect(wireTimeframe('okx', { '1h': '1H', '1d': '1Dutc' }, '1d')).toBe('1Dutc');
    expect(() => wireTimeframe('okx', { '1h': '1H' }, '7m')).toThrow(/Use one of 1h/);
  });
});
