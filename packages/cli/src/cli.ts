/**
 * The `exchange-adapters` command line (commander). Parsing and help load commander and nothing
 * else; a command's module, core and the adapter load only when it runs.
 */
import { Command, CommanderError, Option } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import type { Io } from './io.js';
import { READ_SUMMARIES, type ReadName } from './reads.js';

const EXCHANGES = 'okx, weex or okex-v1';

const CREDENTIALS_HELP = `
Credentials come from the environment — OKX_API_KEY, OKX_SECRET, OKX_PASSPHRASE; WEEX_API_KEY,
WEEX_SECRET, WEEX_PASSPHRASE; OKEX_V1_API_KEY, OKEX_V1_SECRET — or from --api-key, --secret and
--passphrase (flags end up in shell history; prefer the environment). With --sim the embedded
simulator's keys are used unless flags say otherwise.`;

/** Options every command that talks to an exchange takes. */
function connectionOptions(command: Command): Command {
  return command
    .option('--sim', 'start the embedded exchange simulator and talk to it (no keys needed)')
    .option('--demo', 'demo trading (OKX demo keys; WEEX futures sim endpoints)')
    .addOption(new Option('--region <region>', 'OKX site the key was created on').choices(['global', 'eea', 'us']))
    .option('--base-url <url>', 'one origin that replaces every host of the exchange (a proxy, or exchange-sim)')
    .option('--api-key <key>', 'API key (default: from the environment)')
    .option('--secret <secret>', 'API secret (default: from the environment)')
    .option('--passphrase <passphrase>', 'API passphrase, OKX and WEEX (default: from the environment)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds', undefined)
    .option('--json', 'print JSON for scripts instead of a table');
}

async function commands() {
  return import('./commands.js');
}

function build(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('exchange-adapters')
    .description('Diagnose an exchange setup, explain any error code, and read markets and accounts on OKX, WEEX and OKEx v1.')
    .version(packageJson.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .exitOverride();

  connectionOptions(
    program
      .command('doctor')
      .description('check, in order, everything that commonly breaks a setup, and name the cause')
      .argument('<exchange>', EXCHANGES)
      .addOption(
        new Option('--need <permission>', 'permission the program needs; a key without it fails')
          .choices(['read', 'trade'])
          .default('trade'),
      ),
  )
    .addHelpText(
      'after',
      `
Checks: credential format (missing, whitespace, "undefined" text, length, alphabet); DNS and TLS of
every host the adapter uses (with --base-url or --sim: HTTP reach of that origin); clock offset and
the signing window; the key; its permissions (OKX reports read/trade/withdraw); the IP whitelist;
live key on the demo environment or the reverse (OKX); region (OKX global/EEA/US); rate-limit
headroom. Only read requests are sent, never an order. Exit status 1 when a check fails.
${CREDENTIALS_HELP}

Examples:
  exchange-adapters doctor okx
  exchange-adapters doctor okx --demo --region eea
  exchange-adapters doctor weex --base-url http://127.0.0.1:8080`,
    )
    .action(async (exchange: string, flags) => setExit(await (await commands()).doctorCommand(io, exchange, flags)));

  program
    .command('explain')
    .description('what an error code means, what to do, and whether a retry can help')
    .argument('<exchange-or-code>', `${EXCHANGES}, or the code to look up in all three tables`)
    .argument('[code]', 'the exchange error code (negative WEEX codes work as they are: explain weex -1046)')
    .option('--json', 'print the table rows as JSON')
    .allowUnknownOption() // so that WEEX's negative codes are read as codes, not options
    .addHelpText(
      'after',
      `
The text is the adapters' own error tables — the kind, hint and retry flag the thrown error carries —
including legacy codes older guides quote (OKEx v3 30001–32008, WEEX V1/V2 400xx–43xxx).

Examples:
  exchange-adapters explain okx 50102
  exchange-adapters explain weex -1046
  exchange-adapters explain 30008`,
    )
    .action(async (_first: string, _second: string | undefined, flags, command: Command) => {
      const args = command.args.filter((arg) => arg !== '--json' && arg !== '--');
      setExit(await (await commands()).explainCommand(io, args, flags));
    });

  // name, its symbol argument (commander syntax), an example
  const reads: Array<[ReadName, string | undefined, string]> = [
    ['markets', undefined, 'exchange-adapters markets okx --type swap --sim'],
    ['ticker', '<symbols...>', 'exchange-adapters ticker okx BTC/USDT ETH/USDT --sim'],
    ['book', '<symbol>', 'exchange-adapters book weex BTC/USDT:USDT --depth 5 --sim'],
    ['trades', '<symbol>', 'exchange-adapters trades okex-v1 BTC/USDT --limit 10 --sim'],
    ['balance', undefined, 'exchange-adapters balance okx --json'],
    ['orders', '[symbol]', 'exchange-adapters orders okx BTC/USDT:USDT'],
    ['positions', '[symbols...]', 'exchange-adapters positions weex --sim'],
  ];
  for (const [name, symbolArgument, example] of reads) {
    const command = program.command(name).description(READ_SUMMARIES[name]).argument('<exchange>', EXCHANGES);
    if (symbolArgument) command.argument(symbolArgument, 'unified symbol: BTC/USDT spot, BTC/USDT:USDT perpetual');
    if (name === 'markets') command.addOption(new Option('--type <type>', 'only this market type').choices(['spot', 'swap', 'future']));
    if (name === 'balance') {
      command.addOption(new Option('--type <type>', 'account where the exchange keeps several').choices(['spot', 'swap']));
      command.option('--all', 'also list currencies with a zero balance');
    }
    if (name === 'book') command.option('--depth <levels>', 'levels per side', '10');
    if (name === 'trades') command.option('--limit <count>', 'number of trades', '20');
    connectionOptions(command);
    command.addHelpText('after', `${CREDENTIALS_HELP}\n\nExample:\n  ${example}`);
    command.action(async (exchange: string, ...rest: unknown[]) => {
      const given = symbolArgument ? rest[0] : undefined;
      const symbols = given === undefined ? [] : Array.isArray(given) ? (given as string[]) : [given as string];
      const flags =
        rest.find(
          (item): item is Record<string, unknown> =>
            typeof item === 'object' && item !== null && !Array.isArray(item) && !(item instanceof Command),
        ) ?? {};
      const readArgs = {
        symbols,
        type: flags.type as string | undefined,
        depth: flags.depth as string | undefined,
        limit: flags.limit as string | undefined,
        all: flags.all === true,
      };
      setExit(await (await commands()).readCommand(io, name, exchange, readArgs, flags));
    });
  }
  return program;
}

/**
 * Runs one command line (without `node` and the script) and returns the exit status: 0 done,
 * 1 a check or request failed, 2 the command line was wrong.
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let exitCode = 0;
  const program = build(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end parsing with code 0; anything else is a usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    const { reportError } = await commands();
    return reportError(io, error);
  }
}
