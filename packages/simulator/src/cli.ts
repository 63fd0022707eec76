#!/usr/bin/env node
/**
 * `exchange-sim --port 8080 --seed 1`: the simulator as a command, for paper-trading a bot.
 * Prints the URL and the keys (these are simulator keys, printing them is the point).
 */
import { parseArgs } from 'node:util';
import { EXCHANGES, startSimulator } from './simulator.js';

const USAGE = `Usage: exchange-sim [--port 8080] [--seed 1] [--host 127.0.0.1] [--no-rate-limits]

A local exchange speaking OKX v5 (/api/v5), WEEX V3 (/api/v3, /capi/v3) and OKEx v1 (/api/v1/*.do).`;

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) throw new Error(`--${name} must be an integer, got "${text}"`);
  return Number(text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      seed: { type: 'string', short: 's' },
      host: { type: 'string' },
      'no-rate-limits': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = await startSimulator({
    port: integer('port', values.port, 8080),
    seed: integer('seed', values.seed, 1),
    host: values.host ?? '127.0.0.1',
    rateLimits: !values['no-rate-limits'],
  });
  const lines = [`exchange-sim listening on ${sim.url} (seed ${sim.seed})`, ''];
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
  process.stdout.write(`${lines.join('\n')}\n`);
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
