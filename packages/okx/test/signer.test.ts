import nock from 'nock';
import { okxPrehash, okxRestSignature, okxSign, okxTimestamp, okxWsLoginMessage, okxWsLoginSign, signOkxRequest } from '../src/index.js';
import { BASE_URL, CREDENTIALS, capture, newExchange, ok, SECRET, useNock } from './helpers.js';

const TIMESTAMP = '2020-12-08T09:08:57.715Z';
const ORDER_B15 = '{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b15","side":"buy","ordType":"limit","px":"2.15","sz":"2"}';
const ORDER_B16 = ORDER_B15.replace('b15', 'b16');

describe('OKX REST signature (protocol note §2.1 vectors)', () => {
  it('vector A: GET with a query string', () => {
    expect(okxRestSignature({ secret: SECRET, timestamp: TIMESTAMP, method: 'GET', requestPath: '/api/v5/account/balance?ccy=BTC' })).toBe(
      'HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=',
    );
  });

  it('vector A is base64 of the raw digest, not of its hex form', () => {
    const signature = okxSign(SECRET, `${TIMESTAMP}GET/api/v5/account/balance?ccy=BTC`);
    expect(Buffer.from(signature, 'base64').toString('hex')).toBe('1e2661bd27ccb56240dee5085575776bf6d25cd3c25af6055e8182552f15e336');
  });

  it('vector B: GET of the order book', () => {
    expect(
      okxRestSignature({ secret: SECRET, timestamp: TIMESTAMP, method: 'GET', requestPath: '/api/v5/market/books?instId=BTC-USDT&sz=5' }),
    ).toBe('6AJtqpCk0x4B59WQyYULjxI75Zz6d3N8QhtvNcyXoyc=');
  });

  it('vector C: POST with a compact JSON body', () => {
    expect(
      okxRestSignature({ secret: SECRET, timestamp: TIMESTAMP, method: 'POST', requestPath: '/api/v5/trade/order', body: ORDER_B15 }),
    ).toBe('dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=');
  });

  it('vector D: the same order serialised with spaces signs differently', () => {
    const spaced = JSON.stringify(JSON.parse(ORDER_B15)).replace(/":"/g, '": "').replace(/","/g, '", "');
    expect(spaced).toBe(
      '{"instId": "BTC-USDT", "tdMode": "cash", "clOrdId": "b15", "side": "buy", "ordType": "limit", "px": "2.15", "sz": "2"}',
    );
    expect(
      okxRestSignature({ secret: SECRET, timestamp: TIMESTAMP, method: 'POST', requestPath: '/api/v5/trade/order', body: spaced }),
    ).toBe('bFEUGiGkCl0dGsPiDFbsfLwA93/UrLulontlA+Lb71o=');
  });

  it('vector E: POST of a batch', () => {
    expect(
      okxRestSignature({
        secret: SECRET,
        timestamp: TIMESTAMP,
        method: 'POST',
        requestPath: '/api/v5/trade/batch-orders',
        body: `[${ORDER_B15},${ORDER_B16}]`,
      }),
    ).toBe('xLEQP3FnbR1jVHAMcG3nVZGeYZLK2TDU6rjb8ioi4I8=');
  });

  it('vector F: WebSocket login', () => {
    expect(okxWsLoginSign(SECRET, '1538054050')).toBe('+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=');
    expect(okxWsLoginSign(SECRET, 1538054050)).toBe('+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=');
    const message = okxWsLoginMessage(CREDENTIALS, 1538054050);
    expect(message).toEqual({
      op: 'login',
      args: [
        {
          apiKey: CREDENTIALS.apiKey,
          passphrase: CREDENTIALS.passphrase,
          timestamp: '1538054050',
          sign: '+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M=',
        },
      ],
    });
  });

  it('builds the prehash as timestamp + upper-case METHOD + path + body', () => {
    expect(okxPrehash(TIMESTAMP, 'get', '/api/v5/public/time')).toBe(`${TIMESTAMP}GET/api/v5/public/time`);
  });

  it('formats the timestamp as ISO-8601 with exactly three millisecond digits', () => {
    expect(okxTimestamp(Date.UTC(2020, 11, 8, 9, 8, 57, 715))).toBe(TIMESTAMP);
    expect(okxTimestamp(Date.UTC(2024, 0, 1, 0, 0, 0, 0))).toBe('2024-01-01T00:00:00.000Z');
  });

  it('signer sets the four OK-ACCESS headers and signs path + query', () => {
    const { headers } = signOkxRequest({
      method: 'GET',
      path: '/api/v5/account/balance',
      queryString: 'ccy=BTC',
      bodyText: '',
      query: { ccy: 'BTC' },
      body: undefined,
      timestampMs: Date.parse(TIMESTAMP),
      credentials: CREDENTIALS,
    });
    expect(headers).toEqual({
      'OK-ACCESS-KEY': CREDENTIALS.apiKey,
      'OK-ACCESS-SIGN': 'HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=',
      'OK-ACCESS-TIMESTAMP': TIMESTAMP,
      'OK-ACCESS-PASSPHRASE': CREDENTIALS.passphrase,
    });
  });
});

describe('signed requests on the wire', () => {
  useNock();

  it('sends the signature of vector A for GET /api/v5/account/balance?ccy=BTC', async () => {
    const exchange = newExchange({ now: () => Date.parse(TIMESTAMP) });
    const captured = capture(nock(BASE_URL).get('/api/v5/account/balance').query({ ccy: 'BTC' }).reply(200, ok([])));
    await exchange.request({ method: 'GET', path: '/api/v5/account/balance', query: { ccy: 'BTC' } });
    const sent = captured[0];
    expect(sent?.header('ok-access-sign')).toBe('HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=');
    expect(sent?.header('ok-access-timestamp')).toBe(TIMESTAMP);
    expect(sent?.header('ok-access-key')).toBe(CREDENTIALS.apiKey);
    expect(sent?.header('ok-access-passphrase')).toBe(CREDENTIALS.passphrase);
    expect(sent?.header('x-simulated-trading')).toBeNull();
    await exchange.close();
  });

  it('signs the exact body bytes of a POST', async () => {
    const exchange = newExchange({ now: () => Date.parse(TIMESTAMP) });
    const captured = capture(
      nock(BASE_URL)
        .post('/api/v5/trade/order')
        .reply(200, ok([{ ordId: '1', clOrdId: 'b15', sCode: '0', sMsg: '' }])),
    );
    await exchange.request({ method: 'POST', path: '/api/v5/trade/order', body: JSON.parse(ORDER_B15) });
    expect(captured[0]?.body).toBe(ORDER_B15);
    expect(captured[0]?.header('ok-access-sign')).toBe('dI6rrL9rXW/HdaPKJ/6LC1OgvH4/PYju6R3CqixMTNQ=');
    expect(captured[0]?.header('content-type')).toBe('application/json');
    await exchange.close();
  });

  it('never shows credentials in events, errors or inspection', async () => {
    const exchange = newExchange();
    const events: string[] = [];
    exchange.on('request', (event) => events.push(JSON.stringify(event)));
    nock(BASE_URL)
      .get('/api/v5/account/balance')
      .reply(401, { msg: `Invalid OK-ACCESS-KEY ${CREDENTIALS.apiKey}`, code: '50111' });
    const error = await exchange.fetchBalance().catch((e: unknown) => e as Error);
    const { inspect } = await import('node:util');
    const everything = [events.join('\n'), String(error), JSON.stringify(error), inspect(exchange), inspect(error)].join('\n');
    expect(everything).toContain('50111');
    for (const secret of Object.values(CREDENTIALS)) expect(everything).not.toContain(secret);
    await exchange.close();
  });
});
