// Measuring helpers: medians, paired ratios, client CPU per call, fresh-process probes.
import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const gc = () => globalThis.gc?.();

/** User + system CPU µs per call over `count` sequential calls, and wall ms per call. */
export async function cpuPerCall(call, count, offset = 0) {
  gc();
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) await call(offset + i);
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  return { cpuUs: (cpu.user + cpu.system) / count, wallMs: wallMs / count };
}

/** The same for a synchronous function (in-process parse benchmarks). */
export function cpuPerCallSync(call, count) {
  gc();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i++) call(i);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / count;
}

/** Runs `count` calls with `concurrency` in flight; returns calls per second and failures. */
export async function throughput(call, count, concurrency) {
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        try {
          await call(i);
        } catch {
          failed++;
        }
      }
    }),
  );
  return { perSecond: count / ((performance.now() - started) / 1000), failed };
}

/**
 * Interleaved rounds: each round runs every contender once, in an order that rotates from round to
 * round, so drift in machine load reaches all of them alike. Returns per-contender samples.
 */
export async function interleave(contenders, rounds, measureOne) {
  const samples = new Map(contenders.map((contender) => [contender, []]));
  for (let round = 0; round < rounds; round++) {
    const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
    for (const contender of order) samples.get(contender).push(await measureOne(contender, round));
  }
  return samples;
}

/** Median over rounds of ours ÷ theirs, paired by round. */
export function pairedRatio(ours, theirs) {
  return median(ours.map((value, i) => value / theirs[i]));
}

/** Runs a probe script in a fresh node process and returns its one JSON line. */
export function probe(script, args = [], env = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [fileURLToPath(new URL(`../probes/${script}`, import.meta.url)), ...args],
      { env: { ...process.env, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${script} ${args.join(' ')} failed: ${stderr || error.message}`));
        const line = stdout.trim().split('\n').at(-1);
        try {
          resolve(JSON.parse(line));
        } catch {
          reject(new Error(`${script} printed no JSON: ${stdout}`));
        }
      },
    );
  });
}

/** Starts the mock venue in its own process; resolves with its URL and credentials. */
export async function startMock() {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./mock-venue.mjs', import.meta.url))], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`mock venue exited with ${code}`)));
    createInterface({ input: child.stdout }).once('line', resolve);
  });
  const { url, credentials } = JSON.parse(line);
  return {
    url,
    credentials,
    stats: async () => (await fetch(`${url}/__stats`)).json(),
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      }),
  };
}
