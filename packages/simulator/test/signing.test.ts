import { okexV1Sign } from '../src/protocols/okex-v1/index.js';
import { okxSign } from '../src/protocols/okx/auth.js';
import { weexSign } from '../src/protocols/weex/auth.js';
import { okxSignature, v1Signature } from './helpers.js';

// Vectors from protocols/okx-v5.md §2.1–2.2, weex.md §2.3 and okex-v1.md §4.1: both the simulator's
// verifiers and the independent test clients must reproduce them.

const OKX_SECRET = '22582BD0CFF14C41EDBF1AB98506286D';
const OKX_TS = '2020-12-08T09:08:57.715Z';
const ORDER = '{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}';
const ORDER_B16 = ORDER.replace('b15', 'b16');

const OKX_VECTORS: [string, string][] = [
  [`${OKX_TS}GET/api/v5/account/balance?ccy=BTC`, 'HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY='],
  [`${OKX_TS}GET/api/v5/market/books?instId=BTC-USDT&sz=5`, '6AJtqpCk0x4B59WQyYULjxI75Zz6d3N8QhtvNcyXoyc='],
  [`${OKX_TS}POST/api/v5/trade/order${ORDER}`, 'dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ='],
  [`${OKX_TS}POST/api/v5/trade/batch-orders[${ORDER},${ORDER_B16}]`, 'xLEQP3FnbR1jVHAMcG3nVZGeYZLK2TDU6rjb8ioi4I8='],
  ['1538054050GET/users/self/verify', '+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M='],
];

const WEEX_SECRET = 'weex-test-secret-0123456789';
const WEEX_VECTORS: [string, string][] = [
  ['1764505776347GET/api/v3/order?orderId=736807745679786974', 'DnJySlQ6WLpMtTZ6EXnaHgXRdWcnMv1HELcfsIOvhGs='],
  [
    '1764505776347POST/capi/v3/order{"symbol":"DOGEUSDT","side":"BUY","quantity":"200","type":"LIMIT","price":"0.01","positionSide":"LONG","timeInForce":"GTC","newClientOrderId":"my-order-0001"}',
    'nW897m5920OpIkRtoTLhM3xAyzxGEyFTW68yWp2IA2E=',
  ],
  ['1764505776347DELETE/api/v3/order/batch{"orderIds":["736792282333709278"]}', 'XYm96UTsI68Sh9EV14CvSBrFEEUc+SDQXNaa0Xp1dw4='],
  ['1764505776347GET/api/v3/account/', 'zR3S1uBIU6UuaFqVpNdCf6rv6vcIdh6jEK5tQNt4BqI='],
  ['1764505776347/v3/ws/private', 'fwKvimgcmpi7KbHELYZHNo8e5dkoCRad3JUAqvU4kgI='],
];

const KEY = 'c821db84-6fbd-11e4-a9e3-c86000d26d7c';
const V1_VECTORS: [Record<string, string>, string, string][] = [
  [{ amount: '1.0', api_key: KEY, price: '680', symbol: 'btc_cny', type: 'buy' }, 'secretKey', '305C4C9942D0D48EDFA4601D50FB6602'],
  [{ api_key: KEY }, 'secretKey', 'E866BBB88E0E685D3F4BBC2723E2CAF9'],
  [{ api_key: KEY }, '0123456789ABCDEF0123456789ABCDEF', 'AE0344D018E9422A8ED140FD1B2439E1'],
  [{ api_key: KEY, order_id: '123456,123457,123458', symbol: 'ltc_btc' }, 'secretKey', 'FE58F1198BA78969CBD6B7528AE60F34'],
  [{ api_key: KEY, price: '100', symbol: 'btc_usdt', type: 'buy_market' }, 'secretKey', '1A45F094E7A957683EC281C9483FE270'],
  [
    { api_key: KEY, current_page: '1', page_length: '200', status: '0', symbol: 'btc_usdt' },
    'secretKey',
    '87271A4DE19889A2715F416763010A5D',
  ],
  [
    {
      amount: '1',
      api_key: KEY,
      contract_type: 'this_week',
      lever_rate: '10',
      match_price: '0',
      price: '450',
      symbol: 'btc_usd',
      type: '1',
    },
    'secretKey',
    '71C1A4C516B8A9EC00F7A6F960246CE6',
  ],
  [
    { api_key: KEY, orders_data: "[{price:3,amount:5,type:'sell'},{price:3,amount:3,type:'buy'}]", symbol: 'ltc_btc', type: 'buy' },
    'secretKey',
    'B6B67D4E6E8F0E322CE3F91C80CB017B',
  ],
  [
    { api_key: KEY, contract_type: 'quarter', order_id: '161251,161256', symbol: 'btc_usd' },
    'secretKey',
    'B0823A7D9E05617558AA4B750229B29A',
  ],
];

describe('signature vectors from the protocol notes', () => {
  it.each(OKX_VECTORS)('OKX signs %s as %s', (prehash, expected) => {
    expect(okxSign(OKX_SECRET, prehash)).toBe(expected);
    expect(okxSignature(OKX_SECRET, prehash)).toBe(expected);
  });

  it('OKX: a body serialised with spaces signs differently (vector D)', () => {
    const spaced = ORDER.replace(/":"/g, '": "').replace(/","/g, '", "');
    expect(okxSign(OKX_SECRET, `${OKX_TS}POST/api/v5/trade/order${spaced}`)).toBe('bFEUGiGkCl0dGsPiDFbsfLwA93/UrLulontlA+Lb71o=');
  });

  it.each(WEEX_VECTORS)('WEEX signs %s as %s', (prehash, expected) => {
    expect(weexSign(WEEX_SECRET, prehash)).toBe(expected);
    expect(okxSignature(WEEX_SECRET, prehash)).toBe(expected);
  });

  it.each(V1_VECTORS)('OKEx v1 signs %j with %s as %s', (params, secret, expected) => {
    expect(okexV1Sign(Object.entries(params), secret)).toBe(expected);
    expect(v1Signature(params, secret)).toBe(expected);
  });

  it('OKEx v1: signing the percent-encoded comma list gives the wrong sign (vector V4)', () => {
    const encoded = { api_key: KEY, order_id: '123456%2C123457%2C123458', symbol: 'ltc_btc' };
    expect(okexV1Sign(Object.entries(encoded), 'secretKey')).toBe('1760F21734074268967ED32F2A4D01BF');
  });
});
