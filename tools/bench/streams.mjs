#!/usr/bin/env node
// OKX `books` maintenance, this library vs ccxt.pro's watchOrderBook, in one run:
//   in-process  — a 400-level snapshot then N recorded-shape deltas handed to each client as text
//                 frames, no socket (ours through a `streams.webSocket` harness, ccxt through its
//                 client's onMessage): JSON parse, routing, sequence check, level updates;
//   end to end  — the same frames from a loopback WebSocket server, from the subscribe until each
//                 client has yielded the book at the last seqId.
// Deltas have OKX's shape (`{arg, action: 'update', data: [{asks, bids, ts, checksum: 0, prevSeqId,
// seqId}]}`, levels `[px, sz, '0', count]`), 1–6 changed levels a side, a fifth of them deletions,
// made by a seeded generator; both clients' final books are checked against the generator's.
// ccxt.pro verifies no checksum on OKX (OKX sends 0 since 2026-06), neither does ours for checksum 0.
// In-process figures are CPU time of the loop (user + system): on a shared, loaded machine wall
// time mostly measures the neighbours. End to end is wall time (the socket is the point there).
// Medians of --runs runs (default 9), alternating which client goes first, a full GC before each.
// Build first: pnpm build.
// Usage: node tools/bench/streams.mjs [--deltas 20000] [--runs 9]
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { parseArgs } from 'node:util';
import { OkxExchange } from '@exchange-adapters/okx';
import ccxt from 'ccxt';
import { WebSocketServer } from 'ws';

if (!globalThis.gc) {
  // Re-run with a collectable heap, so one client's garbage is not collected on the other's time.
  const child = spawnSync(process.execPath, ['--expose-gc', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({ options: { deltas: { type: 'string', default: '20000' }, runs: { type: 'string', default: '9' } } });
const DELTAS = Number(values.deltas);
const RUNS = Number(values.runs);
const LEVELS = 400;
const INST_ID = 'BTC-USDT';
const SYMBOL = 'BTC/USDT';

// ── the recorded-shape feed ──────────────────────────────────────────────────────────────────────

function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeFeed(seed = 42) {
  const random = prng(seed);
  const px = (ticks) => (ticks / 10).toFixed(1);
  const size = () => (random() * 3).toFixed(8).replace(/\.?0+$/, '') || '0.00000001';
  const bids = new Map();
  const asks = new Map();
  const mid = 600_000; // ticks of 0.1
  for (let i = 0; i < LEVELS; i++) {
    bids.set(mid - 1 - i * 2, size());
    asks.set(mid + 1 + i * 2, size());
  }
  const level = (ticks, sz) => [px(ticks), sz, '0', String(1 + Math.floor(random() * 9))];
  let seqId = 1_000_000;
  const snapshotFrame = {
    arg: { channel: 'books', instId: INST_ID },
    action: 'snapshot',
    data: [
      {
        asks: [...asks].sort((a, b) => a[0] - b[0]).map(([t, s]) => level(t, s)),
        bids: [...bids].sort((a, b) => b[0] - a[0]).map(([t, s]) => level(t, s)),
        ts: String(Date.now()),
        checksum: 0,
        prevSeqId: -1,
        seqId,
      },
    ],
  };
  const snapshot = JSON.stringify(snapshotFrame);
  const change = (side, isBid) => {
    const out = [];
    const count = 1 + Math.floor(random() * 6);
    const keys = [...side.keys()].sort((a, b) => (isBid ? b - a : a - b));
    for (let i = 0; i < count; i++) {
      // Mostly near the top, as real books move.
      const index = Math.min(keys.length - 1, Math.floor(random() ** 3 * keys.length));
      const ticks = keys[index];
      if (ticks === undefined) continue;
      if (random() < 0.2) {
        side.delete(ticks);
        out.push(level(ticks, '0'));
        // A new level takes its place (an odd tick, never an existing one), keeping ~400 a side.
        const fresh = ticks + (isBid ? -1 : 1) * (1 + 2 * Math.floor(random() * 3)) * (random() < 0.5 ? 1 : -1);
        if (!side.has(fresh) && (isBid ? fresh < mid : fresh > mid)) {
          const sz = size();
          side.set(fresh, sz);
          out.push(level(fresh, sz));
        }
      } else {
        const sz = size();
        side.set(ticks, sz);
        out.push(level(ticks, sz));
      }
    }
    return out;
  };
  const deltas = [];
  for (let i = 0; i < DELTAS; i++) {
    const prevSeqId = seqId;
    seqId += 1 + Math.floor(random() * 3);
    deltas.push(
      JSON.stringify({
        arg: { channel: 'books', instId: INST_ID },
        action: 'update',
        data: [{ asks: change(asks, false), bids: change(bids, true), ts: String(Date.now()), checksum: 0, prevSeqId, seqId }],
      }),
    );
  }
  const sorted = (side, isBid) =>
    [...side]
      .sort((a, b) => (isBid ? b[0] - a[0] : a[0] - b[0]))
      .slice(0, LEVELS)
      .map(([t, s]) => [t / 10, Number(s)]);
  return { snapshot, deltas, lastSeqId: seqId, final: { bids: sorted(bids, true), asks: sorted(asks, false) } };
}

const INSTRUMENT = {
  instType: 'SPOT',
  instId: INST_ID,
  baseCcy: 'BTC',
  quoteCcy: 'USDT',
  tickSz: '0.1',
  lotSz: '0.00000001',
  minSz: '0.00001',
  maxLmtSz: '9999999999',
  maxMktSz: '1000000',
  state: 'live',
  ctVal: '',
  ctMult: '',
  ctValCcy: '',
  ctType: '',
  settleCcy: '',
  listTime: '1548133413000',
  expTime: '',
  lever: '10',
  uly: '',
  instFamily: '',
  category: '1',
  alias: '',
  optType: '',
  stk: '',
  ruleType: 'normal',
};

function checkBook(name, bids, asks, final) {
  const top = (levels) =>
    levels
      .slice(0, 50)
      .map(([p, a]) => `${p}:${a}`)
      .join(',');
  if (top(bids) !== top(final.bids) || top(asks) !== top(final.asks)) throw new Error(`${name}: final book differs from the generator's`);
}

function cpuSeconds(since) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ── in-process ───────────────────────────────────────────────────────────────────────────────────

/** A socket that lives in this process: the engine writes to it, the bench hands it frames. */
class HarnessSocket {
  readyState = 0;
  listeners = new Map();
  sent = [];
  on(event, listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  removeAllListeners() {
    this.listeners.clear();
    return this;
  }
  emit(event, ...args) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  open() {
    this.readyState = 1;
    this.emit('open');
  }
  send(text) {
    this.sent.push(text);
  }
  frame(text) {
    this.emit('message', text, false);
  }
  close() {
    this.terminate();
  }
  terminate() {
    this.readyState = 3;
    this.emit('close', 1000, Buffer.alloc(0));
  }
}

async function oursInProcess(feed, restUrl) {
  let socket;
  const exchange = new OkxExchange({
    baseUrl: restUrl,
    wsUrl: 'ws://in-process',
    clockSync: false,
    streams: {
      webSocket: async () => {
        socket = new HarnessSocket();
        setImmediate(() => socket.open());
        return socket;
      },
    },
  });
  await exchange.loadMarkets();
  const stream = exchange.watchOrderBook(SYMBOL);
  const iterator = stream[Symbol.asyncIterator]();
  const first = iterator.next();
  while (!socket?.sent.length) await new Promise((resolve) => setImmediate(resolve));
  const { id, args } = JSON.parse(socket.sent[0]);
  socket.frame(JSON.stringify({ id, event: 'subscribe', arg: args[0], connId: 'bench' }));
  socket.frame(feed.snapshot);
  await first;
  globalThis.gc();
  const started = process.cpuUsage();
  for (const text of feed.deltas) socket.frame(text);
  const book = (await iterator.next()).value;
  const seconds = cpuSeconds(started);
  if (book.sequence !== feed.lastSeqId) throw new Error(`ours: ended at ${book.sequence}, not ${feed.lastSeqId}`);
  checkBook('ours', book.bids, book.asks, feed.final);
  await exchange.close();
  return seconds;
}

function ccxtExchange(wsOrigin) {
  const exchange = new ccxt.pro.okx({ enableRateLimit: false });
  exchange.setMarkets(exchange.parseMarkets([INSTRUMENT]));
  if (wsOrigin) exchange.urls.api.ws = `${wsOrigin}/ws/v5`;
  return exchange;
}

async function ccxtInProcess(feed) {
  const exchange = ccxtExchange();
  const client = exchange.client(exchange.getUrl('books', 'public'));
  // What watchOrderBook would have registered before the first frame.
  client.subscriptions[`books:${SYMBOL}`] = true;
  client.onMessage({ data: feed.snapshot });
  globalThis.gc();
  const started = process.cpuUsage();
  for (const text of feed.deltas) client.onMessage({ data: text });
  const book = exchange.orderbooks[SYMBOL].limit();
  const seconds = cpuSeconds(started);
  if (book.nonce !== feed.lastSeqId) throw new Error(`ccxt: ended at ${book.nonce}, not ${feed.lastSeqId}`);
  checkBook('ccxt', book.bids, book.asks, feed.final);
  await exchange.close();
  return seconds;
}

// ── end to end ───────────────────────────────────────────────────────────────────────────────────

async function startVenue(feed) {
  const server = http.createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    const instType = new URL(request.url, 'http://x').searchParams.get('instType');
    response.end(JSON.stringify({ code: '0', msg: '', data: instType === 'SPOT' ? [INSTRUMENT] : [] }));
  });
  const wss = new WebSocketServer({ server, perMessageDeflate: false });
  wss.on('connection', (socket) => {
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'ping') return socket.send('pong');
      const request = JSON.parse(text);
      if (request.op !== 'subscribe') return;
      socket.send(JSON.stringify({ ...(request.id ? { id: request.id } : {}), event: 'subscribe', arg: request.args[0], connId: 'bench' }));
      socket.send(feed.snapshot);
      for (const delta of feed.deltas) socket.send(delta);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(resolve);
      }),
  };
}

async function oursEndToEnd(feed, venue) {
  const exchange = new OkxExchange({ baseUrl: venue.http, wsUrl: venue.ws, clockSync: false });
  await exchange.loadMarkets();
  const started = process.hrtime.bigint();
  let last;
  for await (const book of exchange.watchOrderBook(SYMBOL)) {
    if (book.sequence === feed.lastSeqId) {
      last = book;
      break;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  checkBook('ours e2e', last.bids, last.asks, feed.final);
  await exchange.close();
  return seconds;
}

async function ccxtEndToEnd(feed, venue) {
  const exchange = ccxtExchange(venue.ws);
  // ccxt refuses plain ws:// until its http agent is loaded (not counted).
  await exchange.loadHttpProxyAgent();
  const started = process.hrtime.bigint();
  let book;
  do book = await exchange.watchOrderBook(SYMBOL);
  while (book.nonce !== feed.lastSeqId);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  checkBook('ccxt e2e', book.bids, book.asks, feed.final);
  await exchange.close();
  return seconds;
}

// ── run ──────────────────────────────────────────────────────────────────────────────────────────

const feed = makeFeed();
const venue = await startVenue(feed);
const results = { oursIn: [], ccxtIn: [], oursE2e: [], ccxtE2e: [] };
// One warm-up round each, not counted: both clients get JIT-compiled before measuring.
await oursInProcess(feed, venue.http);
await ccxtInProcess(feed);
for (let run = 0; run < RUNS; run++) {
  if (run % 2 === 0) {
    results.oursIn.push(await oursInProcess(feed, venue.http));
    results.ccxtIn.push(await ccxtInProcess(feed));
  } else {
    results.ccxtIn.push(await ccxtInProcess(feed));
    results.oursIn.push(await oursInProcess(feed, venue.http));
  }
}
await oursEndToEnd(feed, venue);
await ccxtEndToEnd(feed, venue);
for (let run = 0; run < RUNS; run++) {
  globalThis.gc();
  if (run % 2 === 0) {
    results.oursE2e.push(await oursEndToEnd(feed, venue));
    globalThis.gc();
    results.ccxtE2e.push(await ccxtEndToEnd(feed, venue));
  } else {
    results.ccxtE2e.push(await ccxtEndToEnd(feed, venue));
    globalThis.gc();
    results.oursE2e.push(await oursEndToEnd(feed, venue));
  }
}
await venue.close();

const rate = (seconds) => DELTAS / seconds;
// The ratio is the median of the runs' ratios: each pair ran back to back, under the same load.
const line = (label, ours, theirs) => {
  const a = rate(median(ours));
  const b = rate(median(theirs));
  const ratio = median(ours.map((seconds, index) => theirs[index] / seconds));
  console.log(
    `${label.padEnd(12)} ours ${Math.round(a).toLocaleString('en-US').padStart(9)} updates/s   ccxt.pro ${Math.round(b).toLocaleString('en-US').padStart(9)} updates/s   ratio ×${ratio.toFixed(2)}`,
  );
};
console.log(
  `OKX books: 400-level snapshot + ${DELTAS.toLocaleString('en-US')} deltas, median of ${RUNS} (ccxt ${ccxt.version}, node ${process.version})`,
);
line('in-process', results.oursIn, results.ccxtIn);
line('end to end', results.oursE2e, results.ccxtE2e);
console.log('(in-process: CPU time of the update loop; end to end: wall time from subscribe to the last seqId yielded)');
