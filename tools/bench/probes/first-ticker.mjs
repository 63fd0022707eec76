// Fresh-process probe: ms from the process's start (performance.timeOrigin) until the first
// fetchTicker result, as a program that only wants one ticker would write it.
// Usage: node probes/first-ticker.mjs ours|okx-api <mock url>
const [library, url] = process.argv.slice(2);
let ticker;
if (library === 'ours') {
  const { OkxExchange } = await import('@exchange-adapters/okx');
  const exchange = new OkxExchange({ baseUrl: url });
  ticker = await exchange.fetchTicker('BTC/USDT');
  if (!(ticker.last > 0)) throw new Error('no last price');
  await exchange.close();
} else if (library === 'okx-api') {
  const { RestClient } = await import('okx-api');
  const client = new RestClient({ baseUrl: url });
  [ticker] = await client.getTicker({ instId: 'BTC-USDT' });
  if (!(Number(ticker.last) > 0)) throw new Error('no last price');
} else {
  throw new Error(`unknown library ${library}`);
}
console.log(JSON.stringify({ firstTickerMs: performance.now() }));
