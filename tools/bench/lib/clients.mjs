// The clients compared, each pointed at the mock venue, each doing the same four unified calls.
// Client-side rate limiting is off on both sides (the mock enforces none; the limiter's own cost
// is measured by the rate-limit suite), response validation stays on (our default).
import ccxt from 'ccxt';

export const SYMBOL = 'BTC/USDT';

/** The four calls per exchange, as functions of a connected client. */
export const CALLS = ['ticker', 'book', 'balance', 'createOrder'];

function orderRequest(i) {
  // Far below the mock's 65 000 / 69 350 market; unique price per call, as a bot would quote.
  return { symbol: SYMBOL, type: 'limit', side: 'buy', amount: '0.001', price: String(30000 + (i % 1000)) };
}

export async function ourClient(exchangeId, mock, transport) {
  const { createExchange } = await import('@exchange-adapters/core');
  const client = await createExchange(exchangeId, {
    ...mock.credentials[exchangeId],
    baseUrl: mock.url,
    rateLimit: false,
    ...(transport ? { transport } : {}),
  });
  await client.loadMarkets();
  const depth = exchangeId === 'okx' ? 400 : 200;
  return {
    name: transport ? `ours (${typeof transport === 'string' ? transport : 'custom'})` : 'ours',
    ticker: () => client.fetchTicker(SYMBOL),
    book: () => client.fetchOrderBook(SYMBOL, depth),
    balance: () => client.fetchBalance(),
    createOrder: (i) => {
      const request = orderRequest(i);
      return client.createOrder(request);
    },
    close: () => client.close(),
    raw: client,
  };
}

export async function ccxtClient(exchangeId, mock) {
  const Exchange = ccxt[exchangeId];
  const { apiKey, secret, passphrase } = mock.credentials[exchangeId];
  const client = new Exchange({ apiKey, secret, password: passphrase, enableRateLimit: false, timeout: 10_000 });
  if (exchangeId === 'okx') {
    client.urls.api = { rest: mock.url };
    client.options.fetchMarkets = { types: ['spot', 'swap', 'future'] };
  } else {
    client.urls.api = { public: mock.url, private: mock.url, contract: mock.url, contractPrivate: mock.url };
  }
  await client.loadMarkets();
  const depth = exchangeId === 'okx' ? 400 : 200;
  return {
    name: `ccxt ${ccxt.version}`,
    ticker: () => client.fetchTicker(SYMBOL),
    book: () => client.fetchOrderBook(SYMBOL, depth),
    balance: () => client.fetchBalance(),
    createOrder: (i) => {
      const { symbol, type, side, amount, price } = orderRequest(i);
      return client.createOrder(symbol, type, side, Number(amount), Number(price));
    },
    close: () => client.close?.(),
    raw: client,
  };
}

export const ccxtVersion = () => ccxt.version;
