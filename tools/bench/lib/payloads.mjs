// Reply bodies for the side-by-side mock, built once from the recorded payloads in
// ../shared/fixtures and scaled to a live venue's size: ~600 spot, ~250 swap and ~150 futures
// instruments on OKX, 400-level OKX books and 200-level WEEX books. Values are deterministic
// (a seeded generator), so every run serves the same bytes.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** `shared/fixtures` beside the repository (a fresh clone has `../shared` as in the worktree layout). */
export function fixturesDir() {
  const candidates = [process.env.EXCHANGE_FIXTURES, join(here, '../../../../shared/fixtures'), join(here, '../../../shared/fixtures')];
  for (const dir of candidates) {
    if (!dir) continue;
    try {
      readFileSync(join(dir, 'okx/instruments-spot.json'));
      return dir;
    } catch {}
  }
  throw new Error('shared/fixtures not found: set EXCHANGE_FIXTURES to the fixtures folder');
}

const fixture = (path) => JSON.parse(readFileSync(join(fixturesDir(), path), 'utf8')).response;

function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const COINS = 'BTC ETH SOL XRP DOGE ADA TRX AVAX LINK DOT TON SHIB BCH LTC NEAR UNI APT ICP FIL ETC ATOM ARB OP INJ SUI'.split(' ');
/** Coin names for scaled instrument lists: the real ones first, then synthetic ones. */
const coin = (i) => COINS[i] ?? `C${String(i).padStart(3, '0')}X`;

function okxInstruments() {
  const [spotTemplate] = fixture('okx/instruments-spot.json').data;
  const swaps = fixture('okx/instruments-swap.json').data;
  const swapTemplate = swaps.find((row) => row.instId === 'BTC-USDT-SWAP') ?? swaps[0];
  const futuresTemplate = fixture('okx/instruments-futures.json').data[0];
  const spot = [];
  for (let i = 0; i < 300; i++) {
    for (const quote of ['USDT', 'USDC']) {
      const instId = `${coin(i)}-${quote}`;
      spot.push({
        ...spotTemplate,
        instId,
        baseCcy: coin(i),
        quoteCcy: quote,
        tickSz: i === 0 ? '0.1' : '0.0001',
        lotSz: '0.00000001',
        minSz: '0.00001',
        state: 'live',
      });
    }
  }
  const swap = [];
  for (let i = 0; i < 250; i++) {
    swap.push({
      ...swapTemplate,
      instId: `${coin(i)}-USDT-SWAP`,
      uly: `${coin(i)}-USDT`,
      instFamily: `${coin(i)}-USDT`,
      settleCcy: 'USDT',
      ctValCcy: coin(i),
      state: 'live',
    });
  }
  const futures = [];
  const expiries = ['260327', '260626', '260925', '261225', '270326'];
  for (let i = 0; i < 30; i++) {
    for (const expiry of expiries) {
      futures.push({
        ...futuresTemplate,
        instId: `${coin(i)}-USD-${expiry}`,
        uly: `${coin(i)}-USD`,
        instFamily: `${coin(i)}-USD`,
        settleCcy: coin(i),
        ctValCcy: 'USD',
        state: 'live',
      });
    }
  }
  const body = (data) => JSON.stringify({ code: '0', msg: '', data });
  return { SPOT: body(spot), SWAP: body(swap), FUTURES: body(futures), OPTION: body([]) };
}

/** `[px, sz, "0", orders]` levels around a 65 000 mid with 0.1 ticks, as OKX sends them. */
function okxBook(levels) {
  const random = prng(levels);
  const side = (sign) =>
    Array.from({ length: levels }, (_, i) => [
      (65000 + sign * (0.1 + i * 0.1 + Math.floor(random() * 3) * 0.1)).toFixed(1),
      (random() * 3).toFixed(8),
      '0',
      String(1 + Math.floor(random() * 20)),
    ]);
  return JSON.stringify({ code: '0', msg: '', data: [{ asks: side(1), bids: side(-1), ts: '1764506000123', seqId: 3235851742 }] });
}

function okxTicker(instId) {
  return JSON.stringify({
    code: '0',
    msg: '',
    data: [
      {
        instType: 'SPOT',
        instId,
        last: '65000.1',
        lastSz: '0.00123',
        askPx: '65000.2',
        askSz: '1.23456789',
        bidPx: '65000.1',
        bidSz: '0.98765432',
        open24h: '64123.4',
        high24h: '65555.5',
        low24h: '63210.9',
        volCcy24h: '1234567890.12345678',
        vol24h: '19234.56789',
        ts: '1764506000123',
        sodUtc0: '64500.1',
        sodUtc8: '64400.2',
      },
    ],
  });
}

function weexBook(levels) {
  const random = prng(levels + 7);
  const side = (sign) => Array.from({ length: levels }, (_, i) => [(69350 + sign * (0.1 + i * 0.1)).toFixed(1), (random() * 5).toFixed(4)]);
  return JSON.stringify({ lastUpdateId: 1234567890123, bids: side(-1), asks: side(1) });
}

function weexSpotSymbols() {
  const [template] = fixture('weex/spot-instruments-weexnet.json').symbols;
  const symbols = [];
  for (let i = 0; i < 300; i++)
    symbols.push({ ...template, symbol: `${coin(i)}USDT`, baseAsset: coin(i), tickSize: '0.01', stepSize: '0.0001' });
  return JSON.stringify({ timezone: 'UTC', serverTime: 1764506000123, symbols });
}

function weexContractSymbols() {
  const response = fixture('weex/futures-instruments-weexnet.json');
  const [template] = response.symbols;
  const symbols = [];
  for (let i = 0; i < 150; i++) symbols.push({ ...template, symbol: `${coin(i)}USDT`, baseAsset: coin(i) });
  return JSON.stringify({ ...response, symbols });
}

function weexTicker(symbol) {
  return {
    symbol,
    priceChange: '-72.98',
    priceChangePercent: '-0.033811',
    lastPrice: '69350.12',
    bidPrice: '69350.11',
    bidQty: '1.53848',
    askPrice: '69350.13',
    askQty: '0.95374',
    openPrice: '69423.10',
    highPrice: '70120.55',
    lowPrice: '68200.01',
    volume: '12345.678',
    quoteVolume: '856234567.1234',
    openTime: 1764419600123,
    closeTime: 1764506000123,
    count: 123456,
  };
}

export function buildPayloads() {
  const instruments = okxInstruments();
  const weexSpotInfo = weexSpotSymbols();
  const weexTickers = JSON.stringify(Array.from({ length: 300 }, (_, i) => weexTicker(`${coin(i)}USDT`)));
  return {
    okx: {
      instruments,
      books: new Map([400, 1, 5, 10, 20].map((size) => [size, okxBook(size)])),
      ticker: okxTicker,
      balance: JSON.stringify(fixture('okx/balance-docs.json')),
      currencies: JSON.stringify({ code: '0', msg: '', data: [] }),
    },
    weex: {
      spotInfo: weexSpotInfo,
      contractInfo: weexContractSymbols(),
      ticker: (symbol) => JSON.stringify(weexTicker(symbol)),
      tickers: weexTickers,
      books: new Map([200, 15].map((size) => [size, weexBook(size)])),
      account: JSON.stringify(fixture('weex/spot-balance-weexnet.json')),
      coins: '[]',
    },
  };
}
