import { prehash, signPrehash, signRequest, webSocketAuthHeaders } from '../src/signer.js';

// protocols/weex.md §2.3
const SECRET = 'weex-test-secret-0123456789';
const TIMESTAMP = '1764505776347';

describe('WEEX signing (protocol note §2.3 vectors)', () => {
  it('vector 1: GET with a query string', () => {
    const message = prehash({ timestamp: TIMESTAMP, method: 'GET', path: '/api/v3/order', queryString: 'orderId=736807745679786974' });
    expect(message).toBe('1764505776347GET/api/v3/order?orderId=736807745679786974');
    expect(signPrehash(SECRET, message)).toBe('DnJySlQ6WLpMtTZ6EXnaHgXRdWcnMv1HELcfsIOvhGs=');
  });

  it('vector 2: POST /capi/v3/order with a JSON body', () => {
    const body =
      '{"symbol":"DOGEUSDT","side":"BUY","quantity":"200","type":"LIMIT","price":"0.01","positionSide":"LONG","timeInForce":"GTC","newClientOrderId":"my-order-0001"}';
    const message = prehash({ timestamp: TIMESTAMP, method: 'POST', path: '/capi/v3/order', body });
    expect(message).toBe(`1764505776347POST/capi/v3/order${body}`);
    expect(signPrehash(SECRET, message)).toBe('nW897m5920OpIkRtoTLhM3xAyzxGEyFTW68yWp2IA2E=');
  });

  it('vector 3: DELETE batch cancel signs its JSON body', () => {
    const message = prehash({
      timestamp: TIMESTAMP,
      method: 'DELETE',
      path: '/api/v3/order/batch',
      body: '{"orderIds":["736792282333709278"]}',
    });
    expect(signPrehash(SECRET, message)).toBe('XYm96UTsI68Sh9EV14CvSBrFEEUc+SDQXNaa0Xp1dw4=');
  });

  it('vector 4: GET /api/v3/account/ keeps the trailing slash and adds no "?"', () => {
    const message = prehash({ timestamp: TIMESTAMP, method: 'get', path: '/api/v3/account/', queryString: '' });
    expect(message).toBe('1764505776347GET/api/v3/account/');
    expect(signPrehash(SECRET, message)).toBe('zR3S1uBIU6UuaFqVpNdCf6rv6vcIdh6jEK5tQNt4BqI=');
  });

  it('vector 5: private WebSocket handshake headers', () => {
    const headers = webSocketAuthHeaders({ apiKey: 'key', secret: SECRET, passphrase: 'phrase' }, Number(TIMESTAMP));
    expect(headers).toEqual({
      'ACCESS-KEY': 'key',
      'ACCESS-PASSPHRASE': 'phrase',
      'ACCESS-TIMESTAMP': TIMESTAMP,
      'ACCESS-SIGN': 'fwKvimgcmpi7KbHELYZHNo8e5dkoCRad3JUAqvU4kgI=',
    });
  });

  it('signRequest emits the four hyphenated headers with a 13-digit timestamp and base64 signature', () => {
    const output = signRequest({
      method: 'GET',
      path: '/api/v3/order',
      queryString: 'orderId=736807745679786974',
      bodyText: '',
      query: { orderId: '736807745679786974' },
      body: undefined,
      timestampMs: 1764505776347,
      credentials: { apiKey: 'my-key', secret: SECRET, passphrase: 'my-pass' },
    });
    expect(output.headers).toEqual({
      'ACCESS-KEY': 'my-key',
      'ACCESS-SIGN': 'DnJySlQ6WLpMtTZ6EXnaHgXRdWcnMv1HELcfsIOvhGs=',
      'ACCESS-TIMESTAMP': '1764505776347',
      'ACCESS-PASSPHRASE': 'my-pass',
    });
    expect(output.queryString).toBeUndefined();
    expect(output.bodyText).toBeUndefined();
  });
});
