/**
 * What each command does once its arguments are parsed. Loaded only when a command runs, so that
 * `--help` and `--version` never load core or an adapter.
 */
import { isExchangeError } from '@exchange-adapters/core';
import { type ConnectionFlags, type ExchangeId, exchangeOptions, openExchange, parseExchangeId, resolveTarget } from './connect.js';
import { renderCheck, renderHeader, renderVerdict } from './doctor/report.js';
import { runDoctor } from './doctor/run.js';
import { explainRow, findCode, unknownCodeText } from './explain.js';
import { colorsFor, type Io, type Progress, startProgress, UsageError, withProgress } from './io.js';
import { PRIVATE_READS, READS, type ReadArgs, type ReadName } from './reads.js';
import { renderJson } from './render.js';

export interface OutputFlags {
  json?: boolean;
}

/** Prints an exchange error the way the library words it, and where to read more. */
export function reportError(io: Io, error: unknown, exchange?: ExchangeId): number {
  const colors = colorsFor(io);
  if (error instanceof UsageError) {
    io.stderr.write(`${colors.red('error:')} ${error.message}\n(add --help for usage)\n`);
    return 2;
  }
  if (isExchangeError(error)) {
    io.stderr.write(`${colors.red('error:')} ${error.message}\n`);
    if (error.exchangeCode && exchange) io.stderr.write(`more: exchange-adapters explain ${exchange} -- ${error.exchangeCode}\n`);
    return 1;
  }
  throw error;
}

export async function doctorCommand(
  io: Io,
  exchangeText: string,
  flags: ConnectionFlags & OutputFlags & { need?: string },
): Promise<number> {
  const exchange = parseExchangeId(exchangeText);
  if (flags.need !== undefined && flags.need !== 'read' && flags.need !== 'trade') throw new UsageError('--need must be read or trade');
  const colors = colorsFor(io);
  const target = await withProgress(io, flags.sim ? 'starting the simulator' : 'reading the setup', () =>
    resolveTarget(exchange, flags, io),
  );
  let progress: Progress | undefined;
  try {
    if (!flags.json) {
      const environment = [target.demo ? 'demo trading' : 'live trading', exchange === 'okx' ? `region ${target.region ?? 'global'}` : '']
        .filter(Boolean)
        .join(', ');
      io.stdout.write(renderHeader({ exchange, environment }, colors));
      if (target.baseUrl)
        io.stdout.write(`${colors.dim(`requests go to ${target.baseUrl}${target.simulated ? ' (the embedded simulator)' : ''}`)}\n\n`);
    }
    if (!flags.json) progress = await startProgress(io, 'checking');
    const report = await runDoctor(target, {
      need: (flags.need as 'read' | 'trade' | undefined) ?? 'trade',
      env: io.env,
      onStart: (title) => progress?.update(`checking ${title.toLowerCase()}`),
      onCheck: (check) => {
        if (flags.json) return;
        progress?.stop();
        io.stdout.write(renderCheck(check, colors));
      },
    });
    progress?.stop();
    io.stdout.write(flags.json ? renderJson(report) : renderVerdict(report, colors));
    return report.ok ? 0 : 1;
  } finally {
    progress?.stop();
    await target.close();
  }
}

export async function explainCommand(io: Io, args: string[], flags: OutputFlags): Promise<number> {
  if (args.length === 0 || args.length > 2) throw new UsageError('explain takes a code, or an exchange and a code: explain okx 50102');
  const [first, second] = args as [string, string | undefined];
  const exchange = second === undefined ? undefined : parseExchangeId(first);
  const code = second ?? first;
  const rows = await findCode(code, exchange);
  if (flags.json) {
    io.stdout.write(renderJson(rows));
    return rows.length > 0 ? 0 : 1;
  }
  if (rows.length === 0) {
    io.stderr.write(unknownCodeText(code, exchange));
    return 1;
  }
  const colors = colorsFor(io);
  io.stdout.write(rows.map((row) => explainRow(row, colors)).join('\n'));
  return 0;
}

export async function readCommand(
  io: Io,
  name: ReadName,
  exchangeText: string,
  args: ReadArgs,
  flags: ConnectionFlags & OutputFlags,
): Promise<number> {
  const exchange = parseExchangeId(exchangeText);
  const target = await withProgress(io, flags.sim ? 'starting the simulator' : 'connecting', () => resolveTarget(exchange, flags, io));
  try {
    if (PRIVATE_READS.has(name) && !target.credentials.apiKey) {
      throw new UsageError(
        `${name} needs a key: set the ${exchange.toUpperCase().replace('-', '_')}_* variables, pass --api-key/--secret, or try it with --sim`,
      );
    }
    const client = await openExchange(exchange, exchangeOptions(target));
    try {
      const result = await withProgress(io, `fetching ${name}`, () => READS[name](client, args));
      if (flags.json) {
        io.stdout.write(renderJson(result.json));
        return 0;
      }
      const colors = colorsFor(io);
      if (result.caption) io.stdout.write(`${colors.dim(result.caption)}\n`);
      io.stdout.write(result.rowCount === 0 ? colors.dim(`no ${name}\n`) : await result.table(colors));
      return 0;
    } finally {
      await client.close();
    }
  } catch (error) {
    return reportError(io, error, exchange);
  } finally {
    await target.close();
  }
}
