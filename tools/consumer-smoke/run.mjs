#!/usr/bin/env node
/**
 * The consumer smoke test: what a stranger gets from npm, tried the way a stranger tries it.
 *
 *   1. packs every publishable package with pnpm (as `pnpm publish` would), and checks each tarball
 *      (LICENSE, CHANGELOG, metadata, no `workspace:` ranges; the simulator's bin without CJS or typings);
 *   2. installs all tarballs with npm into a fresh project outside the repository, in one
 *      `npm install`, so that they resolve each other and not the registry;
 *   3. type-checks program.ts as an ES module and as CommonJS with strict settings
 *      (strict, exactOptionalPropertyTypes, skipLibCheck off, module NodeNext);
 *   4. starts `exchange-sim` from the installed simulator tarball and runs both builds of the
 *      program against it, printing their output (REST over its URL, and a ticker over its
 *      WebSocket, which loads the stream engine by name from the installed core in each format).
 *
 * Usage: node tools/consumer-smoke/run.mjs [--keep]   (--keep leaves the temporary project in place)
 *
 * Each step counts as one test in tools/consumer-smoke/.test-results/summary.json, which .ci/run
 * adds to its closing "N passed, N failed" line. Needs npm and the registry (or npm's cache) for
 * the packages' third-party dependencies and for typescript and @types/node.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const keep = process.argv.includes('--keep');
// POSIX shells only, like .ci/run.
const npm = 'npm';
const npx = 'npx';

const results = [];

/** Runs one step; a throw fails it. Later steps that need its result are skipped as failures too. */
async function step(name, body) {
  process.stdout.write(`\n▶ ${name}\n`);
  const started = performance.now();
  try {
    const value = await body();
    results.push({ name, ok: true });
    process.stdout.write(`✓ ${name} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    return value;
  } catch (error) {
    results.push({ name, ok: false });
    process.stdout.write(`✗ ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return undefined;
  }
}

/** Runs a command to its end and returns its stdout; the output is echoed, indented (when quiet, only on failure). */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trimEnd();
  const failed = result.error !== undefined || result.status !== 0;
  if (output && (!options.quiet || failed)) process.stdout.write(`${output.replace(/^/gm, '  ')}\n`);
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return result.stdout ?? '';
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every package of the workspace that is published: not private, under packages/ or tools/. */
function publishablePackages() {
  const found = [];
  for (const group of ['packages', 'tools']) {
    for (const dir of readdirSync(path.join(repo, group))) {
      const manifestPath = path.join(repo, group, dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = readJson(manifestPath);
      if (!manifest.private) found.push({ dir: path.join(repo, group, dir), name: manifest.name, version: manifest.version });
    }
  }
  return found;
}

const workspaceVersion = (name) => readJson(path.join(repo, 'node_modules', name, 'package.json')).version;

const STRICT_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  target: 'ES2022',
  lib: ['ES2022'],
  types: ['node'],
  outDir: 'dist',
  rootDir: '.',
};

async function main() {
  const packages = publishablePackages();
  const root = mkdtempSync(path.join(os.tmpdir(), 'consumer-smoke-'));
  const tarballs = path.join(root, 'tarballs');
  const project = path.join(root, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  process.stdout.write(`consumer smoke test in ${root}: ${packages.map((p) => p.name).join(', ')}\n`);
  let simulator;

  try {
    const packed = await step(`build, then pack ${packages.length} packages with pnpm`, () => {
      // Usually cached by turbo: .ci/run has built everything for lint by now.
      run(npx, ['--yes', 'pnpm@10', 'build', '--output-logs=errors-only'], { cwd: repo, quiet: true });
      for (const pkg of packages) run(npx, ['--yes', 'pnpm@10', 'pack', '--pack-destination', tarballs], { cwd: pkg.dir, quiet: true });
      const files = readdirSync(tarballs).filter((file) => file.endsWith('.tgz'));
      if (files.length !== packages.length) throw new Error(`expected ${packages.length} tarballs, got ${files.join(', ')}`);
      return files.map((file) => path.join(tarballs, file));
    });

    await step('each tarball carries LICENSE, CHANGELOG and metadata, and no workspace: range', () => {
      if (!packed) throw new Error('nothing was packed');
      const problems = [];
      const license = readFileSync(path.join(repo, 'LICENSE'), 'utf8');
      for (const tarball of packed) {
        const entries = run('tar', ['-tzf', tarball], { quiet: true }).split('\n').filter(Boolean);
        const manifest = JSON.parse(run('tar', ['-xzOf', tarball, 'package/package.json'], { quiet: true }));
        const label = path.basename(tarball);
        for (const file of ['package/LICENSE', 'package/CHANGELOG.md']) {
          if (!entries.includes(file)) problems.push(`${label} has no ${file.slice('package/'.length)}`);
        }
        for (const field of ['license', 'repository', 'homepage', 'bugs', 'keywords', 'author']) {
          if (manifest[field] === undefined) problems.push(`${label} has no ${field} in package.json`);
        }
        if (entries.includes('package/LICENSE') && run('tar', ['-xzOf', tarball, 'package/LICENSE'], { quiet: true }) !== license) {
          problems.push(`${label} has a LICENSE other than the repository's`);
        }
        if (manifest.license !== 'MIT') problems.push(`${label} says license ${manifest.license}, the LICENSE file is MIT`);
        if (JSON.stringify(manifest).includes('workspace:')) problems.push(`${label} still has a workspace: range`);
        if (manifest.name === '@exchange-adapters/simulator') {
          const binExtras = entries.filter((entry) => /^package\/dist\/cli\.(cjs|d\.ts|d\.cts)/.test(entry));
          if (binExtras.length > 0) problems.push(`${label} ships ${binExtras.join(', ')} for its bin`);
          if (!entries.includes('package/dist/cli.js')) problems.push(`${label} has no dist/cli.js for its bin`);
        }
        process.stdout.write(`  ${label}: ${entries.length} files\n`);
      }
      if (problems.length > 0) throw new Error(problems.join('; '));
    });

    const installed = await step('npm installs every tarball into a fresh project, resolving them to each other', () => {
      if (!packed) throw new Error('nothing was packed');
      writeFileSync(
        path.join(project, 'package.json'),
        `${JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }, null, 2)}\n`,
      );
      const tools = [`typescript@${workspaceVersion('typescript')}`, `@types/node@${workspaceVersion('@types/node')}`];
      run(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed, ...tools], { cwd: project });
      const lock = readJson(path.join(project, 'package-lock.json'));
      const problems = [];
      for (const pkg of packages) {
        const entries = Object.entries(lock.packages).filter(([key]) => key.endsWith(`node_modules/${pkg.name}`));
        if (entries.length !== 1)
          problems.push(`${pkg.name} installed ${entries.length} times (${entries.map(([key]) => key).join(', ')})`);
        for (const [key, entry] of entries)
          if (!String(entry.resolved).startsWith('file:')) problems.push(`${key} came from ${entry.resolved}`);
      }
      if (problems.length > 0) throw new Error(problems.join('; '));
      return true;
    });

    await step("core's root typings and the adapters' own typings import neither big.js nor zod", () => {
      if (!installed) throw new Error('nothing was installed');
      const problems = [];
      const entries = ['core/dist/index', 'okx/dist/index', 'weex/dist/index', 'okex-v1/dist/index'];
      for (const entry of entries.flatMap((name) => [`${name}.d.ts`, `${name}.d.cts`])) {
        // The entry and every typings file it imports relatively (shared chunks).
        const seen = new Set();
        const queue = [path.join(project, 'node_modules', '@exchange-adapters', entry)];
        while (queue.length > 0) {
          const file = queue.pop();
          if (seen.has(file)) continue;
          seen.add(file);
          const text = readFileSync(file, 'utf8');
          for (const [, specifier] of text.matchAll(/from '([^']+)'/g)) {
            if (specifier.startsWith('.'))
              queue.push(
                path.resolve(
                  path.dirname(file),
                  specifier.replace(/\.c?js$/, (ext) => (ext === '.cjs' ? '.d.cts' : '.d.ts')),
                ),
              );
            else if (/^(zod|big\.js)(\/|$)/.test(specifier)) problems.push(`${path.relative(project, file)} imports ${specifier}`);
          }
        }
        process.stdout.write(
          `  ${entry.split('/')[0]} ${path.basename(entry)}: ${seen.size} typings files, none importing zod or big.js\n`,
        );
      }
      if (problems.length > 0) throw new Error(problems.join('; '));
    });

    const source = readFileSync(path.join(here, 'program.ts'), 'utf8');
    const tsc = path.join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    const formats = { esm: 'module', cjs: 'commonjs' };
    const compiled = {};
    for (const [format, type] of Object.entries(formats)) {
      compiled[format] = await step(
        `type-check and compile program.ts as ${format === 'esm' ? 'an ES module' : 'CommonJS'} (strict, exactOptionalPropertyTypes, skipLibCheck: false)`,
        () => {
          if (!installed) throw new Error('the tarballs are not installed');
          const dir = path.join(project, format);
          mkdirSync(dir, { recursive: true });
          writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ type }, null, 2)}\n`);
          writeFileSync(
            path.join(dir, 'tsconfig.json'),
            `${JSON.stringify({ compilerOptions: STRICT_OPTIONS, files: ['program.ts'] }, null, 2)}\n`,
          );
          writeFileSync(path.join(dir, 'program.ts'), source);
          run(process.execPath, [tsc, '-p', '.', '--pretty', 'false'], { cwd: dir });
          return path.join(dir, 'dist', 'program.js');
        },
      );
    }

    const info = await step('exchange-sim from the installed simulator tarball: --version, then --json', async () => {
      if (!installed) throw new Error('the tarballs are not installed');
      const bin = path.join(project, 'node_modules', '.bin', 'exchange-sim');
      const version = run(bin, ['--version'], { quiet: true }).trim();
      const expected = packages.find((p) => p.name === '@exchange-adapters/simulator')?.version;
      if (version !== expected) throw new Error(`exchange-sim --version printed ${version}, the package is ${expected}`);
      simulator = spawn(bin, ['--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const line = await new Promise((resolve, reject) => {
        let output = '';
        const timer = setTimeout(() => reject(new Error(`no JSON line from exchange-sim: ${output}`)), 30_000);
        simulator.stdout.on('data', (chunk) => {
          output += chunk;
          const end = output.indexOf('\n');
          if (end >= 0) {
            clearTimeout(timer);
            resolve(output.slice(0, end));
          }
        });
        simulator.once('exit', (code) => reject(new Error(`exchange-sim exited with ${code}: ${output}`)));
      });
      const parsed = JSON.parse(line);
      process.stdout.write(`  exchange-sim ${version} listening on ${parsed.url}\n`);
      return parsed;
    });

    for (const format of Object.keys(formats)) {
      await step(`run the ${format === 'esm' ? 'ES module' : 'CommonJS'} build against the simulator`, () => {
        if (!compiled[format] || !info) throw new Error('nothing to run');
        const { okx, weex } = info.credentials;
        const v1 = info.credentials['okex-v1'];
        const env = {
          ...process.env,
          SMOKE_BASE_URL: info.url,
          SMOKE_WS_URL: info.wsUrl,
          OKX_API_KEY: okx.apiKey,
          OKX_SECRET: okx.secret,
          OKX_PASSPHRASE: okx.passphrase,
          WEEX_API_KEY: weex.apiKey,
          WEEX_SECRET: weex.secret,
          WEEX_PASSPHRASE: weex.passphrase,
          OKEX_V1_API_KEY: v1.apiKey,
          OKEX_V1_SECRET: v1.secret,
        };
        const output = run(process.execPath, [compiled[format]], { cwd: project, env });
        const lines = output.trim().split('\n');
        // A post-only order on okx and weex, one tour per exchange, then one streamed ticker.
        if (lines.length !== 6 || !lines.every((line) => line.startsWith(`[${format}] `)))
          throw new Error('expected a post-only line for okx and weex, one tour line per exchange and a streamed ticker');
      });
    }

    await step('the CLI tarball runs: exchange-adapters explain okx 50102', () => {
      if (!installed) throw new Error('the tarballs are not installed');
      const bin = path.join(project, 'node_modules', '.bin', 'exchange-adapters');
      const output = run(bin, ['explain', 'okx', '50102'], { quiet: true });
      if (!output.includes('TimestampExpired')) throw new Error(`unexpected output: ${output}`);
      process.stdout.write(`  ${output.trim().split('\n')[0]}\n`);
    });
  } finally {
    simulator?.kill('SIGTERM');
    if (keep) process.stdout.write(`\nkept ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  }

  const passed = results.filter((result) => result.ok).length;
  const failed = results.length - passed;
  const summaryDir = path.join(here, '.test-results');
  mkdirSync(summaryDir, { recursive: true });
  writeFileSync(path.join(summaryDir, 'summary.json'), `${JSON.stringify({ passed, failed, skipped: 0 })}\n`);
  process.stdout.write(`\nconsumer smoke test: ${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
