#!/usr/bin/env node
// Start-up time of the exchange-adapters command line: wall time of a whole process running
// `exchange-adapters --help` (and a few other commands) against bare `node -e 0`, measured in the
// same run, alternating so machine noise hits both. Budget: --help under 150 ms more than bare node.
// Usage: node tools/bench/cli-startup.mjs [--runs 20]   (build first: pnpm build)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 10) throw new Error('--runs must be at least 10');
const bin = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
if (!existsSync(bin)) throw new Error(`${bin} is missing: run pnpm build first`);

const BUDGET_MS = 150;
const cases = [
  ['--help', [bin, '--help']],
  ['--version', [bin, '--version']],
  ['doctor --help', [bin, 'doctor', '--help']],
  ['explain okx 50102', [bin, 'explain', 'okx', '50102']],
];

function wallMs(args) {
  const started = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Warm the file cache once so the first sample is not an outlier for either side.
wallMs(['-e', '0']);
for (const [, args] of cases) wallMs(args);

const bare = [];
const samples = new Map(cases.map(([name]) => [name, []]));
for (let i = 0; i < runs; i++) {
  bare.push(wallMs(['-e', '0']));
  for (const [name, args] of cases) samples.get(name).push(wallMs(args));
}

const bareMs = median(bare);
console.log(`bare node -e 0: ${bareMs.toFixed(1)} ms (median of ${runs})`);
let overBudget = false;
for (const [name] of cases) {
  const ms = median(samples.get(name));
  const extra = ms - bareMs;
  const budget = name === '--help' ? (extra <= BUDGET_MS ? ` (budget +${BUDGET_MS} ms: ok)` : ` (budget +${BUDGET_MS} ms: OVER)`) : '';
  if (name === '--help' && extra > BUDGET_MS) overBudget = true;
  console.log(
    `exchange-adapters ${name}: ${ms.toFixed(1)} ms, +${extra.toFixed(1)} ms over bare node (×${(ms / bareMs).toFixed(2)})${budget}`,
  );
}
process.exitCode = overBudget ? 1 : 0;
