#!/usr/bin/env node
/**
 * `exchange-sim --port 8080 --seed 1`: the simulator as a command, for paper-trading a bot.
 * Prints the URL and the keys (these are simulator keys, printing them is the point); `--json`
 * prints the same as one JSON object for scripts, `--verbose` logs one line per request.
 */
import { parseArgs } from 'node:util';
import { EXCHANGES, type Simulator, type SimulatorRequestLog, startSimulator } from './index.js';

/** The package version, set by the build (tsup.config.ts). */
declare const __SIMULATOR_VERSION__: string;
const VERSION = typeof __SIMULATOR_VERSION__ === 'string' ? __SIMULATOR_VERSION__ : '0.0.0-source';

const USAGE = `Usage: exchange-sim [--port 8080] [--seed 1] [--host 127.0.0.1] [--no-rate-limits] [--json] [--verbose]

A local exchange speaking OKX v5 (/api/v5), WEEX V3 (/api/v3, /capi/v3) and OKEx v1 (/api/v1/*.do).

  -p, --port <n>       port to listen on; 0 picks a free one (default 8080)
  -s, --seed <n>       seeds prices, keys and faults (default 1)
      --host <host>    interface to listen on (default 127.0.0.1)
      --no-rate-limits serve every request, however fast
      --json           print the URLs and keys as one JSON object on stdout, for scripts
  -v, --verbose        log each request on stderr: method, path, status, milliseconds
      --version        print the version
  -h, --help           print this help`;

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be an integer, got "${text}"`);
  return Number(text);
}

/** One request as a log line. Path without query, no headers or bodies: nothing secret. */
function requestLine(entry: SimulatorRequestLog): string {
  const status = entry.status === undefined ? 'dropped' : String(entry.status);
  return `${entry.method} ${entry.path} ${status} ${Math.round(entry.durationMs)} ms`;
}

function describe(sim: Simulator): string {
  const lines = [`exchange-sim ${VERSION} listening on ${sim.url} (seed ${sim.seed})`, ''];
  const sets = [
    ['trade keys', sim.credentials],
    ['read-only keys', sim.readOnlyCredentials],
    ['IP-restricted keys (10.0.0.1 only)', sim.ipRestrictedCredentials],
  ] as const;
  for (const [title, credentials] of sets) {
    lines.push(`${title}:`);
    for (const exchange of EXCHANGES) {
      const { apiKey, secret, passphrase } = credentials[exchange];
      lines.push(`  ${exchange.padEnd(8)} apiKey=${apiKey} secret=${secret}${passphrase ? ` passphrase=${passphrase}` : ''}`);
    }
  }
  const demo = sim.demoCredentials.okx;
  lines.push('OKX demo-trading key (send x-simulated-trading: 1, i.e. demo: true):');
  lines.push(`  okx      apiKey=${demo.apiKey} secret=${demo.secret} passphrase=${demo.passphrase}`);
  lines.push('', `Use ${sim.url} as baseUrl and ${sim.wsUrl} as wsUrl.`);
  lines.push(
    `WEEX spot and futures sockets share paths, so WEEX takes wsUrl per socket kind: ${JSON.stringify(sim.exchangeOptions('weex').wsUrl)}.`,
    'Ctrl-C stops.',
  );
  return `${lines.join('\n')}\n`;
}

/** The same facts for scripts: `exchange-sim --port 0 --json | jq -r .credentials.okx.apiKey`. */
function describeJson(sim: Simulator): string {
  return `${JSON.stringify({
    version: VERSION,
    url: sim.url,
    wsUrl: sim.wsUrl,
    port: sim.port,
    seed: sim.seed,
    credentials: sim.credentials,
    readOnlyCredentials: sim.readOnlyCredentials,
    ipRestrictedCredentials: sim.ipRestrictedCredentials,
    demoCredentials: sim.demoCredentials,
  })}\n`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      seed: { type: 'string', short: 's' },
      host: { type: 'string' },
      'no-rate-limits': { type: 'boolean' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
      version: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const sim = await startSimulator({
    port: integer('port', values.port, 8080),
    seed: integer('seed', values.seed, 1),
    host: values.host ?? '127.0.0.1',
    rateLimits: !values['no-rate-limits'],
    ...(values.verbose ? { onRequest: (entry: SimulatorRequestLog) => process.stderr.write(`${requestLine(entry)}\n`) } : {}),
  });
  process.stdout.write(values.json ? describeJson(sim) : describe(sim));
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`exchange-sim: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
