/**
 * The real bin in a real process: built here from source (as `pnpm build` would, with the workspace
 * packages bundled from their sources so that no other build is needed first), then spawned.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'tsup';

const root = path.resolve(__dirname, '../../..');
// Inside the package, so that the bin's own dependencies resolve as they do for dist/.
const cacheDir = path.resolve(__dirname, '../node_modules/.cache');
mkdirSync(cacheDir, { recursive: true });
const outDir = mkdtempSync(path.join(cacheDir, 'exchange-adapters-bin-'));
const bin = path.join(outDir, 'bin.mjs');
const version = (JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string }).version;

beforeAll(async () => {
  const alias = {
    // The longer keys first: esbuild would otherwise read a subpath as a path inside core's index.ts.
    '@exchange-adapters/core/adapter': path.join(root, 'packages/core/src/adapter.ts'),
    '@exchange-adapters/core/zod': path.join(root, 'packages/core/src/zod.ts'),
    ...Object.fromEntries(
      ['core', 'okx', 'weex', 'okex-v1', 'simulator'].map((name) => [
        `@exchange-adapters/${name}`,
        path.join(root, 'packages', name, 'src/index.ts'),
      ]),
    ),
  };
  await build({
    entry: { bin: path.resolve(__dirname, '../src/bin.ts') },
    outDir,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    target: 'node20',
    platform: 'node',
    noExternal: [/^@exchange-adapters\//],
    // The bundled CommonJS dependencies of core (axios) call require(); give the ES module one.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    esbuildOptions: (options) => {
      options.alias = alias;
    },
    silent: true,
    dts: false,
    config: false,
  });
}, 60_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

function spawnBin(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('exchange-adapters bin', () => {
  it('prints its version and help, exit status 0', async () => {
    expect(await spawnBin(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    const help = await spawnBin(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: exchange-adapters \[options\] \[command\]/);
    for (const command of ['doctor', 'explain', 'markets', 'ticker', 'book', 'trades', 'balance', 'orders', 'positions']) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${command} `));
    }
  });

  it('explains a code', async () => {
    const result = await spawnBin(['explain', 'okx', '50113']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^OKX 50113 → AuthInvalid\n {2}means {7}invalid signature\n/);
  });

  it('runs doctor against the embedded simulator and exits 0; with a broken credential it exits 1', async () => {
    const healthy = await spawnBin(['doctor', 'okx', '--sim']);
    expect(healthy.stdout).toMatch(/No problem found: 9 checks passed\./);
    expect([healthy.code, healthy.stderr]).toEqual([0, '']);
    const broken = await spawnBin(['doctor', 'okx', '--sim', '--secret', 'undefined']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/✗ Credential format +secret is the text "undefined" \(from --secret\)/);
    // Two processes, each starting a simulator: ~1 s on a quiet machine, past jest's 5 s default
    // while the whole test command loads the two cores.
  }, 30_000);

  it('colours only on a terminal, or when FORCE_COLOR asks', async () => {
    const piped = await spawnBin(['explain', 'okx', '50102']);
    expect(piped.stdout).not.toContain('\u001b[');
    const forced = await spawnBin(['explain', 'okx', '50102'], { FORCE_COLOR: '1' });
    expect(forced.stdout).toContain('\u001b[1mOKX 50102\u001b[22m');
  });

  it('refuses a bad command line with exit status 2 and the usage hint', async () => {
    const result = await spawnBin(['ticker']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/error: missing required argument 'exchange'\n\(add --help for usage\)/);
  });
});
