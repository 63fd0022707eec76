// The same app on okx-api, for comparison.
import { RestClient } from 'okx-api';

const client = new RestClient({ baseUrl: process.env.OKX_BASE_URL });
const [ticker] = await client.getTicker({ instId: 'BTC-USDT' });
console.log(JSON.stringify({ last: Number(ticker.last) }));
