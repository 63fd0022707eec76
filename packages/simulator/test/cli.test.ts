import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'tsup';

// The command is built from source (as `pnpm build` would) so the test runs the real entry point;
// the output sits inside the package so that its dependencies resolve as they do for dist/.
const cacheDir = path.resolve(__dirname, '../node_modules/.cache');
mkdirSync(cacheDir, { recursive: true });
const outDir = mkdtempSync(path.join(cacheDir, 'exchange-sim-cli-'));
let child: ChildProcess | undefined;
const { version } = JSON.parse(readFileSync(path.resolve(__dirname, '../package.json'), 'utf8')) as { version: string };

beforeAll(async () => {
  await build({
    entry: { cli: path.resolve(__dirname, '../src/cli.ts') },
    outDir,
    format: ['esm'],
    outExtension: () => ({ js: '.mjs' }),
    target: 'node20',
    silent: true,
    dts: false,
    config: false,
    // As tsup.config.ts does for the published bin.
    define: { __SIMULATOR_VERSION__: JSON.stringify(version) },
  });
}, 60_000);

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(outDir, { recursive: true, force: true });
});

function waitForOutput(process: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no match for ${pattern} in: ${output}`)), 10_000);
    process.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    });
    process.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
}

/** Runs the command to its end: its output and exit code. */
function runToEnd(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const process = spawn(globalThis.process.execPath, [path.join(outDir, 'cli.mjs'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    process.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    process.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    process.once('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('exchange-sim command', () => {
  it('prints its URL and keys, serves all three protocols, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, [path.join(outDir, 'cli.mjs'), '--port', '0', '--seed', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = await waitForOutput(child, /Ctrl-C stops/);
    // How fast it starts is measured by tools/bench/simulator.mjs, not asserted here.
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(seed 1\)/.exec(output)?.[1] as string;
    expect(url).toBeDefined();
    expect(output).toContain(`exchange-sim ${version} listening on`);
    expect(output).toMatch(/okx\s+apiKey=[0-9a-f-]{36} secret=[0-9A-F]{32} passphrase=\S+/);
    expect(output).toMatch(/weex\s+apiKey=weex_[0-9a-f]{32} secret=[0-9a-f]{64} passphrase=\S+/);
    expect(output).toMatch(/okex-v1\s+apiKey=[0-9a-f-]{36} secret=[0-9A-F]{32}\n/);
    expect(output).toContain('read-only keys:');

    const okx = (await (await fetch(`${url}/api/v5/public/time`)).json()) as { code: string };
    expect(okx.code).toBe('0');
    const weex = (await (await fetch(`${url}/api/v3/time`)).json()) as { serverTime: unknown };
    expect(typeof weex.serverTime).toBe('number');
    const v1 = (await (await fetch(`${url}/api/v1/ticker.do?symbol=btc_usdt`)).json()) as { ticker: { last: string } };
    expect(v1.ticker.last).toMatch(/^\d+(\.\d+)?$/);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  }, 20_000);

  it('prints usage with --help and fails clearly on a bad --port', async () => {
    const help = spawn(process.execPath, [path.join(outDir, 'cli.mjs'), '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const text = await waitForOutput(help, /Usage: exchange-sim/);
    expect(text).toContain('--seed');
    const bad = spawn(process.execPath, [path.join(outDir, 'cli.mjs'), '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    bad.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => bad.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('--port must be an integer');
  }, 20_000);
  it('prints its version with --version', async () => {
    const { stdout, code } = await runToEnd(['--version']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${version}\n`);
  }, 20_000);

  it('prints URLs and keys as one JSON object with --json, and with --verbose logs each request on stderr without its query', async () => {
    child = spawn(process.execPath, [path.join(outDir, 'cli.mjs'), '--port', '0', '--json', '--verbose'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout = await waitForOutput(child, /\}\n/);
    const info = JSON.parse(stdout) as {
      version: string;
      url: string;
      wsUrl: string;
      port: number;
      seed: number;
      credentials: Record<string, { apiKey: string; secret: string; passphrase?: string }>;
      readOnlyCredentials: Record<string, { apiKey: string }>;
      demoCredentials: { okx: { apiKey: string } };
    };
    expect(info).toMatchObject({ version, seed: 1, url: `http://127.0.0.1:${info.port}`, wsUrl: `ws://127.0.0.1:${info.port}` });
    expect(Object.keys(info.credentials)).toEqual(['okx', 'weex', 'okex-v1']);
    expect(info.credentials.okx?.passphrase).toMatch(/\S+/);
    expect(info.readOnlyCredentials.weex?.apiKey).toMatch(/^weex_/);
    expect(info.demoCredentials.okx.apiKey).not.toBe(info.credentials.okx?.apiKey);

    let stderr = '';
    const logged = new Promise<void>((resolve) => {
      child?.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.split('\n').length > 2) resolve();
      });
    });
    const secret = info.credentials.okx?.secret as string;
    await fetch(`${info.url}/api/v5/public/time?secret=${secret}`);
    await fetch(`${info.url}/no/such/path`);
    await logged;
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^GET \/api\/v5\/public\/time 200 \d+ ms$/);
    expect(lines[1]).toMatch(/^GET \/no\/such\/path 404 \d+ ms$/);
    expect(stderr).not.toContain(secret);

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  }, 20_000);
});
