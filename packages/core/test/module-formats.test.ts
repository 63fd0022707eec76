/**
 * Core and an adapter, built as `pnpm build` builds them (their own tsup configs), installed side by
 * side in a temporary node_modules, and used from a CommonJS and an ES module program in child
 * processes. Each program must see one copy of core: the errors the adapter throws are
 * `instanceof` the classes the program imported, whichever module format it is written in.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'tsup';

const run = promisify(execFile);
const PACKAGES = path.resolve(__dirname, '../..');
// Outside the repository, so that nothing resolves to the workspace's own packages by walking up.
const root = mkdtempSync(path.join(os.tmpdir(), 'module-formats-'));
const modules = path.join(root, 'node_modules');

/** Builds a workspace package with its own tsup config into node_modules/@exchange-adapters/<dir>. */
async function install(dir: string): Promise<void> {
  const source = path.join(PACKAGES, dir);
  const manifest = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8')) as {
    name: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const target = path.join(modules, manifest.name);
  mkdirSync(target, { recursive: true });
  writeFileSync(path.join(target, 'package.json'), JSON.stringify(manifest));
  await build({
    config: path.join(source, 'tsup.config.ts'),
    // Core's entries the adapters import besides the root: `/adapter` and `/zod`.
    entry: ['index.ts', ...(dir === 'core' ? ['adapter.ts', 'zod.ts'] : [])].map((file) => path.join(source, 'src', file)),
    outDir: path.join(target, 'dist'),
    dts: false,
    sourcemap: false,
    silent: true,
    // What tsup externalizes when it runs in the package's own directory.
    external: [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})],
  });
  // Third-party dependencies: the workspace's own copies, where an npm install would put them.
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    if (dependency.startsWith('@exchange-adapters/')) continue;
    const link = path.join(modules, dependency);
    mkdirSync(path.dirname(link), { recursive: true });
    try {
      symlinkSync(realpathSync(path.join(source, 'node_modules', dependency)), link, 'dir');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Creates an OKX exchange through createExchange, provokes a local error, asks for an adapter that
 * is not installed, and reports what it sees.
 */
const PROGRAM = {
  cjs: `
const core = require('@exchange-adapters/core');
const { OkxExchange } = require('@exchange-adapters/okx');
(async () => {
  const exchange = await core.createExchange('okx', {});
  const error = await exchange.fetchTicker(42).catch((e) => e);
  const missing = await core.createExchange('weex').catch((e) => e);
  console.log(JSON.stringify({
    kind: error.kind,
    notInstalled: missing.kind,
    instanceOfExchangeError: error instanceof core.ExchangeError,
    instanceOfBadRequest: error instanceof core.BadRequest,
    isExchangeError: core.isExchangeError(error, 'BadRequest'),
    sameAdapterClass: exchange instanceof OkxExchange,
    coreFiles: Object.keys(require.cache).filter((file) => file.includes('@exchange-adapters')).map((file) => file.slice(file.indexOf('@exchange-adapters'))).sort(),
  }));
})();
`,
  esm: `
import * as core from '@exchange-adapters/core';
import { OkxExchange } from '@exchange-adapters/okx';
const exchange = await core.createExchange('okx', {});
const error = await exchange.fetchTicker(42).catch((e) => e);
const missing = await core.createExchange('weex').catch((e) => e);
console.log(JSON.stringify({
  kind: error.kind,
  notInstalled: missing.kind,
  instanceOfExchangeError: error instanceof core.ExchangeError,
  instanceOfBadRequest: error instanceof core.BadRequest,
  isExchangeError: core.isExchangeError(error, 'BadRequest'),
  sameAdapterClass: exchange instanceof OkxExchange,
}));
`,
};

beforeAll(async () => {
  await install('core');
  await install('okx');
  writeFileSync(path.join(root, 'program.cjs'), PROGRAM.cjs);
  writeFileSync(path.join(root, 'program.mjs'), PROGRAM.esm);
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function runProgram(file: string): Promise<Record<string, unknown>> {
  // pnpm puts its virtual store on NODE_PATH for scripts; a fresh install has no such path.
  const { NODE_PATH: _workspaceModules, ...env } = process.env;
  const { stdout } = await run(process.execPath, [path.join(root, file)], { cwd: root, env });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('built packages in both module formats', () => {
  it('a CommonJS program gets the CommonJS adapter from createExchange, so instanceof ExchangeError holds', async () => {
    const seen = await runProgram('program.cjs');
    const { coreFiles, ...facts } = seen as { coreFiles: string[] };
    expect(facts).toEqual({
      kind: 'BadRequest',
      notInstalled: 'NotSupported',
      instanceOfExchangeError: true,
      instanceOfBadRequest: true,
      isExchangeError: true,
      sameAdapterClass: true,
    });
    // One copy of each: the CommonJS builds, nothing loaded twice. Core's root, `/adapter` and
    // `/zod` (which the adapter imports) share chunks of common code.
    expect(coreFiles.filter((file) => !/^@exchange-adapters\/core\/dist\/chunk-[A-Z0-9]+\.cjs$/.test(file))).toEqual([
      '@exchange-adapters/core/dist/adapter.cjs',
      '@exchange-adapters/core/dist/index.cjs',
      '@exchange-adapters/core/dist/zod.cjs',
      '@exchange-adapters/okx/dist/index.cjs',
    ]);
    expect(coreFiles.every((file) => file.endsWith('.cjs'))).toBe(true);
  });

  it('an ES module program gets the ES module adapter, so instanceof ExchangeError holds', async () => {
    const seen = await runProgram('program.mjs');
    expect(seen).toEqual({
      kind: 'BadRequest',
      notInstalled: 'NotSupported',
      instanceOfExchangeError: true,
      instanceOfBadRequest: true,
      isExchangeError: true,
      sameAdapterClass: true,
    });
  });

  it('isExchangeError recognises an error from the other copy of core, where instanceof cannot', async () => {
    writeFileSync(
      path.join(root, 'mixed.mjs'),
      `
import { createRequire } from 'node:module';
import * as esm from '@exchange-adapters/core';
const cjs = createRequire(import.meta.url)('@exchange-adapters/core');
const error = new cjs.InsufficientMargin({ exchange: 'okx', message: 'from the CommonJS copy' });
console.log(JSON.stringify({
  instanceOf: error instanceof esm.ExchangeError,
  isExchangeError: esm.isExchangeError(error),
  asParentKind: esm.isExchangeError(error, 'InsufficientFunds'),
  asOtherKind: esm.isExchangeError(error, 'RateLimited'),
}));
`,
    );
    expect(await runProgram('mixed.mjs')).toEqual({ instanceOf: false, isExchangeError: true, asParentKind: true, asOtherKind: false });
  });

  it('a program bundled with core does not pull the adapters in', async () => {
    writeFileSync(
      path.join(root, 'bundled.mjs'),
      `import { createExchange } from '@exchange-adapters/core';\nexport const make = () => createExchange('okx');\n`,
    );
    for (const format of ['esm', 'cjs'] as const) {
      const outDir = path.join(root, `bundle-${format}`);
      await build({
        config: false,
        entry: [path.join(root, 'bundled.mjs')],
        outDir,
        format: [format],
        platform: 'node',
        target: 'node20',
        noExternal: [/.*/],
        splitting: false,
        silent: true,
        dts: false,
      });
      const bundle = readFileSync(path.join(outDir, format === 'esm' ? 'bundled.js' : 'bundled.cjs'), 'utf8');
      expect(bundle).toContain('function isExchangeError(');
      // The adapter is loaded when the program runs, from where it is installed.
      expect(bundle).toMatch(/(import|require)\(packageName\)/);
      expect(bundle).not.toContain('function okxErrorTable(');
    }
  }, 60_000);
});
