#!/usr/bin/env node
// Import cost of built packages over bare node: wall time of a whole `node` process that imports the
// package versus one that imports nothing, and the RSS the import adds inside the process.
// Medians of N runs (default 10), alternating baseline and package runs so machine noise hits both.
// Usage: node tools/bench/import-cost.mjs [@exchange-adapters/core ...] [--runs 10]   (build first: pnpm build)
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { runs: { type: 'string', default: '10' } }, allowPositionals: true });
const runs = Number(values.runs);
const packages = positionals.length > 0 ? positionals : ['@exchange-adapters/core'];
const require = createRequire(import.meta.url);

const probe = (specifier) => `
const { performance } = await import('node:perf_hooks');
const rss0 = process.memoryUsage().rss;
const t0 = performance.now();
${specifier ? `await import(${JSON.stringify(specifier)});` : ''}
const t1 = performance.now();
globalThis.gc?.();
console.log(JSON.stringify({ importMs: t1 - t0, rssDeltaMb: (process.memoryUsage().rss - rss0) / 1048576 }));`;

function run(specifier) {
  const started = process.hrtime.bigint();
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', probe(specifier)], { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { wallMs, ...JSON.parse(output) };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

for (const name of packages) {
  const resolved = require.resolve(name);
  const base = [];
  const withPkg = [];
  for (let i = 0; i < runs; i++) {
    base.push(run(undefined));
    withPkg.push(run(resolved.replace(/\.cjs$/, '.js')));
  }
  const baseWall = median(base.map((r) => r.wallMs));
  const pkgWall = median(withPkg.map((r) => r.wallMs));
  console.log(
    `${name}: import ${median(withPkg.map((r) => r.importMs)).toFixed(1)} ms in-process, ` +
      `+${median(withPkg.map((r) => r.rssDeltaMb)).toFixed(1)} MB RSS (bare: +${median(base.map((r) => r.rssDeltaMb)).toFixed(1)} MB); ` +
      `process wall ${pkgWall.toFixed(1)} ms vs bare node ${baseWall.toFixed(1)} ms (×${(pkgWall / baseWall).toFixed(2)}, +${(pkgWall - baseWall).toFixed(1)} ms); median of ${runs}`,
  );
}
