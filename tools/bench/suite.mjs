#!/usr/bin/env node
// The side-by-side benchmark behind `pnpm bench` (build first; the root script does). Prints one
// table of ratios against the goals of issue 13, with the date, machine and versions, then the
// figures behind them. Every ratio is measured in this run: interleaved rounds, paired per round,
// medians. Client CPU is process.cpuUsage() around a batch of sequential calls, with the mock venue
// in its own process.
//
// Usage: node --expose-gc tools/bench/suite.mjs [--rounds 9] [--quick] [--only cpu,book,...]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { bookInProcess } from './lib/book.mjs';
import { bundleSizes } from './lib/bundle.mjs';
import { CALLS, ccxtClient, ourClient } from './lib/clients.mjs';
import { cpuPerCall, interleave, median, pairedRatio, probe, startMock, throughput } from './lib/measure.mjs';
import { rateLimitUtilisation } from './lib/rate-limits.mjs';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    quick: { type: 'boolean', default: false },
    only: { type: 'string', default: 'cpu,throughput,book,load,first,bundle,limits' },
    transports: { type: 'string', default: 'http,undici,axios' },
  },
});
const quick = values.quick;
const rounds = quick ? 3 : Number(values.rounds);
const only = new Set(values.only.split(','));
const started = Date.now();
const load0 = os.loadavg();
const log = (text) => process.stderr.write(`${text}\n`);

const version = (name) => JSON.parse(readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), 'utf8')).version;
const oursVersion = JSON.parse(readFileSync(new URL('../../packages/okx/package.json', import.meta.url), 'utf8')).version;
const gitCommit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

/** Calls per CPU batch: enough for a few tens of ms of work each. */
const BATCH = { ticker: 150, book: 40, balance: 150, createOrder: 150 };
const TRANSPORTS = values.transports.split(',').filter(Boolean);

const goals = [];
const details = [];
const goal = (name, value, budget, pass, note = '') => goals.push({ name, value, budget, pass, note });
const fmt = (x, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

// ── client CPU per call, side by side ────────────────────────────────────────────────────────────
const mock = ['cpu', 'throughput', 'first', 'bundle'].some((part) => only.has(part)) ? await startMock() : undefined;

if (only.has('cpu')) {
  for (const exchangeId of ['okx', 'weex']) {
    log(`cpu: ${exchangeId}…`);
    const contenders = [await ourClient(exchangeId, mock), await ccxtClient(exchangeId, mock)];
    for (const transport of TRANSPORTS) contenders.push(await ourClient(exchangeId, mock, transport));
    let offset = 0;
    for (const call of CALLS) {
      const count = quick ? Math.ceil(BATCH[call] / 3) : BATCH[call];
      // Warm-up: JIT and pooled sockets before anything counts.
      // Each batch numbers its calls from a fresh offset, so order prices never repeat.
      const nextOffset = () => {
        offset += count;
        return offset;
      };
      for (const contender of contenders) await cpuPerCall(contender[call], Math.ceil(count / 3), nextOffset());
      const samples = await interleave(contenders, rounds, async (contender) => {
        const { cpuUs } = await cpuPerCall(contender[call], count, nextOffset());
        return cpuUs;
      });
      const [ours, theirs] = contenders;
      const ratio = pairedRatio(samples.get(ours), samples.get(theirs));
      goal(`client CPU per call, ${exchangeId} ${call}: ours ÷ ccxt`, ratio, '≤ 0.80', ratio <= 0.8);
      details.push(
        `cpu ${exchangeId} ${call}: ours ${fmt(median(samples.get(ours)), 0)} µs, ccxt ${fmt(median(samples.get(theirs)), 0)} µs; ` +
          contenders
            .slice(2)
            .map((c) => `${c.name} ${fmt(median(samples.get(c)), 0)} µs (÷ccxt ${fmt(pairedRatio(samples.get(c), samples.get(theirs)))})`)
            .join(', '),
      );
    }
    for (const contender of contenders) await contender.close();
  }
}

// ── throughput at 16 in flight ───────────────────────────────────────────────────────────────────
if (only.has('throughput')) {
  for (const exchangeId of ['okx', 'weex']) {
    log(`throughput: ${exchangeId}…`);
    const contenders = [await ourClient(exchangeId, mock), await ccxtClient(exchangeId, mock)];
    const count = quick ? 300 : 1500;
    await throughput(contenders[0].ticker, 100, 16);
    await throughput(contenders[1].ticker, 100, 16);
    const samples = await interleave(contenders, Math.max(3, Math.ceil(rounds / 2)), async (contender) => {
      const { perSecond, failed } = await throughput(contender.ticker, count, 16);
      if (failed > 0) throw new Error(`${contender.name}: ${failed} of ${count} calls failed`);
      return perSecond;
    });
    const [ours, theirs] = contenders;
    // Time per call, ours ÷ ccxt: above 1 means slower, like every other ratio here.
    const ratio = pairedRatio(samples.get(theirs), samples.get(ours));
    goal(`tickers at 16 in flight, ${exchangeId}: time per call ours ÷ ccxt`, ratio, '(info)', undefined);
    details.push(
      `throughput ${exchangeId} ticker at 16 in flight: ours ${fmt(median(samples.get(ours)), 0)}/s, ccxt ${fmt(median(samples.get(theirs)), 0)}/s`,
    );
    for (const contender of contenders) await contender.close();
  }
}

// ── in-process 400-level book ────────────────────────────────────────────────────────────────────
if (only.has('book')) {
  log('book: in-process…');
  const book = await bookInProcess({ rounds, calls: quick ? 30 : 100 });
  goal('400-level OKX book in-process: parse + validate + normalize ÷ JSON.parse', book.oursOverParse, '≤ 1.50', book.oursOverParse <= 1.5);
  details.push(
    `book in-process (${(book.bodyBytes / 1024).toFixed(0)} KB body): JSON.parse ${fmt(book.parseUs, 0)} µs, ours ${fmt(book.oursUs, 0)} µs, ` +
      `ccxt ${fmt(book.ccxtUs, 0)} µs (ccxt ÷ JSON.parse ${fmt(book.ccxtOverParse)}); ` +
      `200-level WEEX depth (${(book.weexBodyBytes / 1024).toFixed(0)} KB): JSON.parse ${fmt(book.weexParseUs, 0)} µs, ` +
      `ours ${fmt(book.weexUs, 0)} µs (ours ÷ JSON.parse ${fmt(book.weexOverParse)})`,
  );
}

// ── module load in fresh processes ───────────────────────────────────────────────────────────────
if (only.has('load')) {
  log('module load: fresh processes…');
  const samples = await interleave(
    ['ours', 'okx-api', 'ccxt'],
    quick ? 5 : 15,
    async (library) => (await probe('import.mjs', [library])).importMs,
  );
  const vsOkxApi = pairedRatio(samples.get('ours'), samples.get('okx-api'));
  goal('module load: ours ÷ okx-api', vsOkxApi, '≤ 0.50', vsOkxApi <= 0.5);
  goal('module load: ours ÷ ccxt', pairedRatio(samples.get('ours'), samples.get('ccxt')), '(info)', undefined);
  details.push(
    `module load (import, ms): ours ${fmt(median(samples.get('ours')), 1)}, okx-api ${fmt(median(samples.get('okx-api')), 1)}, ccxt ${fmt(median(samples.get('ccxt')), 1)}`,
  );
}

// ── time to first fetchTicker in a fresh process ─────────────────────────────────────────────────
if (only.has('first')) {
  log('first fetchTicker: fresh processes…');
  const samples = await interleave(
    ['ours', 'okx-api'],
    quick ? 5 : 15,
    async (library) => (await probe('first-ticker.mjs', [library, mock.url])).firstTickerMs,
  );
  const ratio = pairedRatio(samples.get('ours'), samples.get('okx-api'));
  goal('time to first fetchTicker, fresh process: ours ÷ okx-api', ratio, '≤ 1.20', ratio <= 1.2);
  details.push(
    `first fetchTicker (ms since process start): ours ${fmt(median(samples.get('ours')), 1)}, okx-api ${fmt(median(samples.get('okx-api')), 1)}`,
  );
}

// ── bundle size ──────────────────────────────────────────────────────────────────────────────────
if (only.has('bundle')) {
  log('bundle: esbuild…');
  const bundles = await bundleSizes(mock?.url);
  goal('bundled OkxExchange + fetchTicker app (esbuild, node, minified), gzip KB', bundles.ours.gzipKb, '≤ 60', bundles.ours.gzipKb <= 60);
  details.push(
    `bundle (esbuild node min, gzip): ours ${fmt(bundles.ours.gzipKb, 1)} KB (${fmt(bundles.ours.minKb, 0)} KB min), okx-api ${fmt(bundles.okxApi.gzipKb, 1)} KB (${fmt(bundles.okxApi.minKb, 0)} KB min); ` +
      `largest inputs of ours: ${bundles.ours.top.map(([name, kb]) => `${name} ${fmt(kb, 1)} KB`).join(', ')}; ran against the mock: ${bundles.ours.ran}`,
  );
}

if (mock) {
  const stats = await mock.stats();
  if (stats.badSignatures > 0 || stats.notFound > 0)
    throw new Error(`mock venue saw ${stats.badSignatures} bad signatures and ${stats.notFound} unknown paths`);
  details.push(`mock venue: ${stats.requests} requests, every signature verified`);
  await mock.close();
}

// ── rate-limit utilisation on the simulator ──────────────────────────────────────────────────────
if (only.has('limits')) {
  log('rate limits: simulator…');
  const { results, total429 } = await rateLimitUtilisation({ windows: quick ? 2 : 4 });
  const worst = Math.min(...results.map((r) => r.utilisation));
  goal(
    `rate-limit long-run throughput ÷ documented quota, worst of ${results.length} (429s)`,
    worst,
    '≥ 0.95, 0 × 429',
    worst >= 0.95 && total429 === 0,
    `${total429} × 429`,
  );
  for (const r of results)
    details.push(
      `rate limit ${r.id} ${r.quota}: ${fmt(r.utilisation, 3)} of quota over ${r.requests} requests (${r.failed} failed; retries: ${
        Object.entries(r.retries)
          .map(([reason, count]) => `${count} ${reason}`)
          .join(', ') || 'none'
      })`,
    );
}

// ── the table ────────────────────────────────────────────────────────────────────────────────────
const load1 = os.loadavg();
const cpus = os.cpus();
const lines = [];
lines.push(
  `exchange-adapters ${oursVersion} (${gitCommit}) vs ccxt ${version('ccxt')} and okx-api ${version('okx-api')} — ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
);
lines.push(
  `machine: ${cpus.length} × ${cpus[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, node ${process.version}; ` +
    `load average ${load0.map((x) => x.toFixed(2)).join(' ')} at start, ${load1.map((x) => x.toFixed(2)).join(' ')} at end; ` +
    `${rounds} interleaved rounds, medians of paired ratios; ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
lines.push('');
// Columns padded as a markdown formatter would, so the table reads in a terminal and pastes as is.
const rows = [
  ['goal', 'measured', 'budget', ''],
  ...goals.map((g) => [
    g.name,
    `${fmt(g.value)}${g.note ? ` (${g.note})` : ''}`,
    g.budget,
    g.pass === undefined ? '' : g.pass ? 'met' : '**not met**',
  ]),
];
const widths = rows[0].map((_, column) => Math.max(3, ...rows.map((cells) => cells[column].length)));
const tableRow = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
lines.push(tableRow(rows[0]));
lines.push(tableRow(widths.map((width) => '-'.repeat(width))));
for (const cells of rows.slice(1)) lines.push(tableRow(cells));
lines.push('');
for (const d of details) lines.push(`- ${d}`);
console.log(lines.join('\n'));
