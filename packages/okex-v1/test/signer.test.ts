import { sign, signedForm, signingString, signRequest } from '../src/signer.js';

// protocols/okex-v1.md §4.1: every vector uses this key; V3 alone uses another secret.
const API_KEY = 'c821db84-6fbd-11e4-a9e3-c86000d26d7c';
const SECRET = 'secretKey';

describe('v1 signing vectors (protocols/okex-v1.md §4.1)', () => {
  const vectors: Array<[name: string, params: Record<string, string>, secret: string, hashed: string, signature: string]> = [
    [
      'V1 trade.do (the seed example)',
      { amount: '1.0', api_key: API_KEY, price: '680', symbol: 'btc_cny', type: 'buy' },
      SECRET,
      `amount=1.0&api_key=${API_KEY}&price=680&symbol=btc_cny&type=buy&secret_key=secretKey`,
      '305C4C9942D0D48EDFA4601D50FB6602',
    ],
    ['V2 userinfo.do', { api_key: API_KEY }, SECRET, `api_key=${API_KEY}&secret_key=secretKey`, 'E866BBB88E0E685D3F4BBC2723E2CAF9'],
    [
      'V3 userinfo.do with a 32-hex secret',
      { api_key: API_KEY },
      '0123456789ABCDEF0123456789ABCDEF',
      `api_key=${API_KEY}&secret_key=0123456789ABCDEF0123456789ABCDEF`,
      'AE0344D018E9422A8ED140FD1B2439E1',
    ],
    [
      'V4 cancel_order.do with raw commas',
      { symbol: 'ltc_btc', order_id: '123456,123457,123458', api_key: API_KEY },
      SECRET,
      `api_key=${API_KEY}&order_id=123456,123457,123458&symbol=ltc_btc&secret_key=secretKey`,
      'FE58F1198BA78969CBD6B7528AE60F34',
    ],
    [
      'V5 trade.do market buy without amount',
      { symbol: 'btc_usdt', type: 'buy_market', price: '100', api_key: API_KEY },
      SECRET,
      `api_key=${API_KEY}&price=100&symbol=btc_usdt&type=buy_market&secret_key=secretKey`,
      '1A45F094E7A957683EC281C9483FE270',
    ],
    [
      'V6 order_history.do',
      { symbol: 'btc_usdt', status: '0', current_page: '1', page_length: '200', api_key: API_KEY },
      SECRET,
      `api_key=${API_KEY}&current_page=1&page_length=200&status=0&symbol=btc_usdt&secret_key=secretKey`,
      '87271A4DE19889A2715F416763010A5D',
    ],
    [
      'V7 future_trade.do',
      {
        symbol: 'btc_usd',
        contract_type: 'this_week',
        price: '450',
        amount: '1',
        type: '1',
        match_price: '0',
        lever_rate: '10',
        api_key: API_KEY,
      },
      SECRET,
      `amount=1&api_key=${API_KEY}&contract_type=this_week&lever_rate=10&match_price=0&price=450&symbol=btc_usd&type=1&secret_key=secretKey`,
      '71C1A4C516B8A9EC00F7A6F960246CE6',
    ],
    [
      'V8 batch_trade.do with orders_data',
      { symbol: 'ltc_btc', type: 'buy', orders_data: "[{price:3,amount:5,type:'sell'},{price:3,amount:3,type:'buy'}]", api_key: API_KEY },
      SECRET,
      `api_key=${API_KEY}&orders_data=[{price:3,amount:5,type:'sell'},{price:3,amount:3,type:'buy'}]&symbol=ltc_btc&type=buy&secret_key=secretKey`,
      'B6B67D4E6E8F0E322CE3F91C80CB017B',
    ],
    [
      'V9 future_cancel.do',
      { symbol: 'btc_usd', contract_type: 'quarter', order_id: '161251,161256', api_key: API_KEY },
      SECRET,
      `api_key=${API_KEY}&contract_type=quarter&order_id=161251,161256&symbol=btc_usd&secret_key=secretKey`,
      'B0823A7D9E05617558AA4B750229B29A',
    ],
  ];

  it.each(vectors)('%s', (_name, params, secret, hashed, signature) => {
    expect(signingString(params, secret)).toBe(hashed);
    expect(sign(params, secret)).toBe(signature);
  });

  it('does not sign the %2C form of an id list (the wrong V4 signature)', () => {
    const encoded = sign({ symbol: 'ltc_btc', order_id: '123456%2C123457%2C123458', api_key: API_KEY }, SECRET);
    expect(encoded).toBe('1760F21734074268967ED32F2A4D01BF');
    expect(sign({ symbol: 'ltc_btc', order_id: '123456,123457,123458', api_key: API_KEY }, SECRET)).not.toBe(encoded);
  });
});

describe('signed form bodies', () => {
  it('builds the V2 body exactly', () => {
    expect(signedForm({}, API_KEY, SECRET)).toBe(`api_key=${API_KEY}&sign=E866BBB88E0E685D3F4BBC2723E2CAF9`);
  });

  it('builds the V4 body exactly: encoded commas on the wire, raw commas in the signature', () => {
    expect(signedForm({ symbol: 'ltc_btc', order_id: '123456,123457,123458' }, API_KEY, SECRET)).toBe(
      `api_key=${API_KEY}&order_id=123456%2C123457%2C123458&symbol=ltc_btc&sign=FE58F1198BA78969CBD6B7528AE60F34`,
    );
  });

  it('sorts by byte order, so order_id comes before orders_data and amount before api_key', () => {
    const text = signingString({ orders_data: 'x', order_id: '1', api_key: 'k', amount: '2' }, 's');
    expect(text).toBe('amount=2&api_key=k&order_id=1&orders_data=x&secret_key=s');
  });

  it('drops empty and absent values and ignores a sign parameter', () => {
    expect(signingString({ price: '', amount: undefined, symbol: 'btc_usdt', sign: 'OLD', api_key: 'k' }, 's')).toBe(
      'api_key=k&symbol=btc_usdt&secret_key=s',
    );
  });

  it('writes numbers without exponent so body and signature carry the same text', () => {
    expect(signingString({ amount: 1e-8, price: 25000, api_key: 'k' }, 's')).toBe('amount=0.00000001&api_key=k&price=25000&secret_key=s');
  });

  it('refuses objects, which must be serialized by the caller', () => {
    expect(() => signingString({ orders_data: [{ price: 1 }] as unknown as string }, 's')).toThrow(/orders_data/);
  });

  it('signs query and body together into a form body for a POST, clearing the query string', () => {
    const output = signRequest({
      method: 'POST',
      path: '/api/v1/cancel_order.do',
      queryString: 'symbol=ltc_btc',
      bodyText: '',
      query: { symbol: 'ltc_btc' },
      body: { order_id: '123456,123457,123458' },
      timestampMs: 0,
      credentials: { apiKey: API_KEY, secret: SECRET },
    });
    expect(output.queryString).toBe('');
    expect(output.bodyText).toBe(
      `api_key=${API_KEY}&order_id=123456%2C123457%2C123458&symbol=ltc_btc&sign=FE58F1198BA78969CBD6B7528AE60F34`,
    );
    expect(output.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('ignores the timestamp: v1 signs none, so clock skew cannot change a signature', () => {
    const input = {
      method: 'POST' as const,
      path: '/api/v1/userinfo.do',
      queryString: '',
      bodyText: '',
      query: {},
      body: undefined,
      credentials: { apiKey: API_KEY, secret: SECRET },
    };
    expect(signRequest({ ...input, timestampMs: 0 }).bodyText).toBe(signRequest({ ...input, timestampMs: 9_999_999_999_999 }).bodyText);
  });
});
