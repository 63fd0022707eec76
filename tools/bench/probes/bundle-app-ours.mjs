// The app the bundle-size goal measures: import OkxExchange, fetch one ticker, print it.
import { OkxExchange } from '@exchange-adapters/okx';

const exchange = new OkxExchange({ baseUrl: process.env.OKX_BASE_URL });
const ticker = await exchange.fetchTicker('BTC/USDT');
console.log(JSON.stringify({ last: ticker.last }));
await exchange.close();
