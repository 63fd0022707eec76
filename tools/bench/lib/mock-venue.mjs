// A loopback mock of the OKX v5 and WEEX V3 REST endpoints the side-by-side benchmark calls, in
// its own process so that the client's CPU is measured alone. It verifies every private request's
// signature the way each exchange does (OKX: base64 HMAC-SHA256 of ts + METHOD + path?query + body;
// WEEX: the same prehash with ACCESS-* headers) and answers a bad one with the exchange's error,
// so a client cannot look fast by signing wrong. Bodies are precomputed (lib/payloads.mjs): the
// server's cost per request is a lookup and a write.
//
// Run: node lib/mock-venue.mjs  → prints {"url":…,"credentials":…} on its first stdout line.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { buildPayloads } from './payloads.mjs';

export const CREDENTIALS = Object.freeze({
  okx: { apiKey: 'bench-okx-key-0001', secret: 'bench-okx-secret-0001', passphrase: 'Bench-Pass-1' },
  weex: { apiKey: 'bench-weex-key-0001', secret: 'bench-weex-secret-0001', passphrase: 'Bench-Pass-2' },
});

const payloads = buildPayloads();
const stats = { requests: 0, badSignatures: 0, notFound: 0 };
let orderSequence = 0;

function hmacBase64(secret, text) {
  return createHmac('sha256', secret).update(text, 'utf8').digest('base64');
}

function sameText(a, b) {
  const left = Buffer.from(String(a ?? ''));
  const right = Buffer.from(String(b ?? ''));
  return left.length === right.length && timingSafeEqual(left, right);
}

function okxSigned(req, pathWithQuery, body) {
  const { apiKey, secret, passphrase } = CREDENTIALS.okx;
  const h = req.headers;
  if (!sameText(h['ok-access-key'], apiKey) || !sameText(h['ok-access-passphrase'], passphrase)) return false;
  const expected = hmacBase64(secret, `${h['ok-access-timestamp']}${req.method}${pathWithQuery}${body}`);
  return sameText(h['ok-access-sign'], expected);
}

function weexSigned(req, pathWithQuery, body) {
  const { apiKey, secret, passphrase } = CREDENTIALS.weex;
  const h = req.headers;
  if (!sameText(h['access-key'], apiKey) || !sameText(h['access-passphrase'], passphrase)) return false;
  const expected = hmacBase64(secret, `${h['access-timestamp']}${req.method}${pathWithQuery}${body}`);
  return sameText(h['access-sign'], expected);
}

const okxOk = (data) => JSON.stringify({ code: '0', msg: '', data });

/** An OKX order id as the exchange sends it: an 18-digit string. */
const okxOrderId = () => String(700000000000000000n + BigInt(++orderSequence));

function handleOkx(req, path, query, body) {
  const isPrivate = path.startsWith('/api/v5/account') || path.startsWith('/api/v5/trade') || path.startsWith('/api/v5/asset');
  if (isPrivate && !okxSigned(req, req.url, body)) {
    stats.badSignatures++;
    return [401, JSON.stringify({ code: '50113', msg: 'Invalid Sign', data: [] })];
  }
  switch (path) {
    case '/api/v5/public/time':
      return [200, okxOk([{ ts: String(Date.now()) }])];
    case '/api/v5/public/instruments':
      return [200, payloads.okx.instruments[query.get('instType') ?? 'SPOT'] ?? payloads.okx.instruments.OPTION];
    case '/api/v5/market/ticker':
      return [200, payloads.okx.ticker(query.get('instId') ?? 'BTC-USDT')];
    case '/api/v5/market/books': {
      const size = Number(query.get('sz') ?? 1);
      return [200, payloads.okx.books.get(size) ?? payloads.okx.books.get(400)];
    }
    case '/api/v5/account/balance':
      return [200, payloads.okx.balance];
    case '/api/v5/asset/currencies':
      return [200, payloads.okx.currencies];
    // ccxt places single orders through batch-orders by default; both answer the same ack.
    case '/api/v5/trade/order':
    case '/api/v5/trade/batch-orders': {
      if (req.method !== 'POST') break;
      const parsed = JSON.parse(body || '{}');
      const now = String(Date.now());
      const data = (Array.isArray(parsed) ? parsed : [parsed]).map((order) => ({
        clOrdId: order.clOrdId ?? '',
        ordId: okxOrderId(),
        tag: order.tag ?? '',
        ts: now,
        sCode: '0',
        sMsg: 'Order placed',
      }));
      return [200, JSON.stringify({ code: '0', msg: '', data, inTime: `${now}000`, outTime: `${now}100` })];
    }
  }
  stats.notFound++;
  return [404, JSON.stringify({ code: 404, msg: 'Not Found', data: {} })];
}

function handleWeex(req, path, query, body) {
  const isPrivate = path.startsWith('/api/v3/account') || path === '/api/v3/order' || path.startsWith('/capi/v3/account');
  if (isPrivate && !weexSigned(req, req.url, body)) {
    stats.badSignatures++;
    return [401, JSON.stringify({ code: -1022, msg: 'Signature for this request is not valid.' })];
  }
  switch (path) {
    case '/api/v3/time':
    case '/capi/v3/market/time':
      return [200, JSON.stringify({ serverTime: Date.now() })];
    case '/api/v3/exchangeInfo':
      return [200, payloads.weex.spotInfo];
    case '/capi/v3/market/exchangeInfo':
      return [200, payloads.weex.contractInfo];
    case '/api/v3/coins':
      return [200, payloads.weex.coins];
    case '/api/v3/market/ticker/24hr': {
      const symbol = query.get('symbol');
      return [200, symbol ? payloads.weex.ticker(symbol) : payloads.weex.tickers];
    }
    case '/api/v3/market/depth': {
      const limit = Number(query.get('limit') ?? 15);
      return [200, payloads.weex.books.get(limit <= 15 ? 15 : 200)];
    }
    case '/api/v3/account/':
      return [200, payloads.weex.account];
    case '/api/v3/order': {
      if (req.method !== 'POST') break;
      const order = JSON.parse(body || '{}');
      const clientOrderId = order.newClientOrderId ?? order.clientOrderId ?? '';
      // WEEX sends the 18-digit order id as a JSON number (protocols/weex.md §0).
      const orderId = String(702345678901234567n + BigInt(++orderSequence));
      return [
        200,
        `{"symbol":${JSON.stringify(order.symbol ?? 'BTCUSDT')},"orderId":${orderId},"clientOrderId":${JSON.stringify(clientOrderId)},"transactTime":${Date.now()}}`,
      ];
    }
  }
  stats.notFound++;
  return [404, JSON.stringify({ code: -1100, msg: `unknown path ${path}` })];
}

export function startMockVenue(port = 0) {
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      stats.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const url = req.url ?? '/';
      const mark = url.indexOf('?');
      const path = mark < 0 ? url : url.slice(0, mark);
      const query = new URLSearchParams(mark < 0 ? '' : url.slice(mark + 1));
      if (path === '/__stats') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
        return;
      }
      const [status, text] = path.startsWith('/api/v5/') ? handleOkx(req, path, query, body) : handleWeex(req, path, query, body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startMockVenue(Number(process.env.PORT ?? 0));
  process.stdout.write(`${JSON.stringify({ url, credentials: CREDENTIALS })}\n`);
  // Ends with its parent: the benchmark closes stdin when it is done.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
}
