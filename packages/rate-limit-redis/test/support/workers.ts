/**
 * Runs hammer-worker.ts in separate Node processes. The worker is bundled from source first (the
 * workspace packages resolved to their src/, as in jest), so each process is a plain `node` running
 * the real code, with its own event loop, clock and Redis connection.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'tsup';
import type { ParentMessage, WorkerConfig, WorkerMessage, WorkerReport } from './hammer-worker.js';

const packagesDir = path.resolve(__dirname, '../../..');

export class WorkerBundle {
  readonly #dir: string;

  private constructor(dir: string) {
    this.#dir = dir;
  }

  static async build(): Promise<WorkerBundle> {
    const cacheDir = path.resolve(__dirname, '../../node_modules/.cache');
    mkdirSync(cacheDir, { recursive: true });
    const dir = mkdtempSync(path.join(cacheDir, 'hammer-worker-'));
    await build({
      entry: { worker: path.join(__dirname, 'hammer-worker.ts') },
      outDir: dir,
      format: ['cjs'],
      outExtension: () => ({ js: '.cjs' }),
      target: 'node20',
      platform: 'node',
      noExternal: [/.*/],
      silent: true,
      dts: false,
      config: false,
      esbuildOptions(options) {
        options.alias = {
          // The longer keys first: esbuild would otherwise read a subpath as a path inside core's index.ts.
          '@exchange-adapters/core/adapter': path.join(packagesDir, 'core/src/adapter.ts'),
          '@exchange-adapters/core/zod': path.join(packagesDir, 'core/src/zod.ts'),
          ...Object.fromEntries(
            ['core', 'okx', 'simulator'].map((name) => [`@exchange-adapters/${name}`, path.join(packagesDir, name, 'src/index.ts')]),
          ),
        };
      },
    });
    return new WorkerBundle(dir);
  }

  /** Starts one process per config, waits until each is ready, starts them together, and collects their reports. */
  async run(configs: readonly WorkerConfig[], during?: (elapsedMs: () => number) => Promise<void>): Promise<WorkerReport[]> {
    const children: ChildProcess[] = [];
    try {
      const reports = configs.map((config) => {
        const child = fork(path.join(this.#dir, 'worker.cjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        children.push(child);
        let markReady: () => void = () => {};
        const ready = new Promise<void>((resolve) => {
          markReady = resolve;
        });
        const report = new Promise<WorkerReport>((resolve, reject) => {
          child.on('message', (message: WorkerMessage) => {
            if (message.type === 'ready') markReady();
            else if (message.type === 'done') resolve(message.report);
            else reject(new Error(`worker failed: ${message.error}`));
          });
          child.once('exit', (code) => reject(new Error(`worker exited with ${code} before reporting`)));
        });
        // Surfaces a worker that dies before it is ready instead of waiting forever.
        const readyOrFailed = Promise.race([ready, report.then(() => undefined)]);
        child.send({ type: 'config', config } satisfies ParentMessage);
        return { child, readyOrFailed, report };
      });
      await Promise.all(reports.map((r) => r.readyOrFailed));
      const started = performance.now();
      for (const { child } of reports) child.send({ type: 'go' } satisfies ParentMessage);
      const scripted = during?.(() => performance.now() - started);
      const results = await Promise.all(reports.map((r) => r.report));
      await scripted;
      return results;
    } finally {
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    }
  }

  remove(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}

/**
 * How much of a documented limit the sends used: W / the mean time it took for `limit` more
 * requests to go (sends sorted). A client at exactly the documented rate scores 1; the windows need
 * not line up with the run, and a late start or end moves the mean little.
 */
export function utilisation(sentAt: readonly number[], limit: number, windowMs: number): number {
  const times = [...sentAt].sort((a, b) => a - b);
  // The first window's sends went without waiting for a timer; every later one waited, and a timer
  // fires a little late: measured from the second window on, both ends of each span are alike.
  const from = 2 * limit;
  if (times.length <= from) return 0;
  let spans = 0;
  for (let i = from; i < times.length; i++) spans += (times[i] as number) - (times[i - limit] as number);
  return windowMs / (spans / (times.length - from));
}

/** Most sends inside any window (t − windowMs, t]. */
export function busiestWindow(sentAt: readonly number[], windowMs: number): number {
  const times = [...sentAt].sort((a, b) => a - b);
  let worst = 0;
  let first = 0;
  for (let i = 0; i < times.length; i++) {
    while ((times[first] as number) <= (times[i] as number) - windowMs) first++;
    worst = Math.max(worst, i - first + 1);
  }
  return worst;
}
