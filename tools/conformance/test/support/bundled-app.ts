/**
 * A program bundled from the packages' sources with esbuild (no build of them needed) and run by
 * node in a process of its own, from a directory with no node_modules above it: nothing can be
 * loaded from outside the bundle. It reports by printing JSON; the last line is its result.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const packages = path.resolve(__dirname, '../../../../packages');

const alias = {
  // Longer keys first: esbuild would otherwise read a subpath as a path inside core's index.ts.
  '@exchange-adapters/core/adapter': path.join(packages, 'core/src/adapter.ts'),
  '@exchange-adapters/core/streams': path.join(packages, 'core/src/stream-engine.ts'),
  '@exchange-adapters/core/zod': path.join(packages, 'core/src/zod.ts'),
  '@exchange-adapters/core/undici': path.join(packages, 'core/src/undici.ts'),
  '@exchange-adapters/core/axios': path.join(packages, 'core/src/axios.ts'),
  '@exchange-adapters/okx/streams': path.join(packages, 'okx/src/streams.ts'),
  '@exchange-adapters/core': path.join(packages, 'core/src/index.ts'),
  '@exchange-adapters/okx': path.join(packages, 'okx/src/index.ts'),
};

/** A directory of bundled programs, removed by `dispose`. */
export class BundledApps {
  readonly dir = mkdtempSync(path.join(os.tmpdir(), 'ea-bundled-app-'));

  /** Bundles `source` (an ES module program) into one file; returns its path. */
  async bundle(name: string, source: string): Promise<string> {
    const entry = path.join(this.dir, `${name}-source.mjs`);
    writeFileSync(entry, source);
    const outfile = path.join(this.dir, `${name}.mjs`);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      alias,
      // Dependencies resolve from the workspace at build time only; the bundle runs from `dir`.
      nodePaths: [path.join(packages, 'core/node_modules'), path.join(packages, 'okx/node_modules')],
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    return outfile;
  }

  /** Runs a bundle with only `env` (and PATH) in its environment; resolves to its last line as JSON. */
  run(file: string, env: Record<string, string>): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [file],
        { cwd: this.dir, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
        (error, stdout, stderr) => {
          if (error) reject(new Error(`${error.message}\n${stderr}`));
          else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>);
        },
      );
    });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
