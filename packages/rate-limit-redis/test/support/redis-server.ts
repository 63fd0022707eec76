/**
 * A real `redis-server` (the Debian package) on a free loopback port, without persistence, so that a
 * restart comes back empty the way a restarted cache does. Tests can kill it, start it again on the
 * same port, and freeze it (SIGSTOP) to make it slow rather than gone.
 *
 * Where no binary exists the Redis tests are skipped with a line saying so, unless REQUIRE_REDIS=1
 * (set by .ci/run, which installs the package): then its absence fails the run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

function findBinary(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export const REDIS_SERVER = findBinary();

if (!REDIS_SERVER) {
  if (process.env.REQUIRE_REDIS === '1') {
    throw new Error('REQUIRE_REDIS=1 but no redis-server binary was found on PATH: install it (apt-get install redis-server)');
  }
  console.warn(
    'redis-server not found: the Redis store tests in this file are skipped (install redis-server, or set REQUIRE_REDIS=1 to fail instead)',
  );
}

/** `describe` where a redis-server binary exists; skipped (with the line above) where none does and none is required. */
export const describeWithRedis: jest.Describe = REDIS_SERVER ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class RedisServer {
  readonly #dir = mkdtempSync(path.join(tmpdir(), 'ea-redis-'));
  #port = 0;
  #process: ChildProcess | undefined;

  get url(): string {
    return `redis://127.0.0.1:${this.#port}`;
  }

  get port(): number {
    return this.#port;
  }

  /** Starts on a free port (another if that one is taken before Redis binds it). */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer();
    for (let attempt = 1; ; attempt++) {
      server.#port = await freePort();
      try {
        await server.restart();
        return server;
      } catch (error) {
        if (attempt === 5) throw error;
      }
    }
  }

  /** Starts again on the same port, empty. */
  async restart(): Promise<void> {
    if (!REDIS_SERVER) throw new Error('no redis-server binary');
    const child = spawn(
      REDIS_SERVER,
      ['--port', String(this.#port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.#dir, '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`redis-server did not start in 10 s: ${output}`)), 10_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) done();
      };
      const onExit = (code: number | null) => fail(new Error(`redis-server exited with ${code}: ${output}`));
      const cleanup = () => {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.off('exit', onExit);
      };
      const done = () => {
        cleanup();
        resolve();
      };
      const fail = (error: Error) => {
        cleanup();
        child.kill('SIGKILL');
        reject(error);
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once('exit', onExit);
    });
    // Keep draining its output so a full pipe never blocks the server.
    child.stdout?.resume();
    child.stderr?.resume();
  }

  /** Gone at once, as a crash is: connections drop, nothing is saved. */
  async kill(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGCONT');
    child.kill('SIGKILL');
    await exited;
  }

  /** Frozen: connections stay open, nothing is answered. */
  pause(): void {
    this.#process?.kill('SIGSTOP');
  }

  resume(): void {
    this.#process?.kill('SIGCONT');
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
