import { runCli } from './helpers.js';

const COMMANDS = ['doctor', 'explain', 'markets', 'ticker', 'book', 'trades', 'balance', 'orders', 'positions'];

describe('command line', () => {
  it.each(COMMANDS)('%s --help prints its usage and an example, exit status 0', async (command) => {
    const result = await runCli([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^Usage: exchange-adapters ${command} \\[options\\] `));
    expect(result.stdout).toMatch(/Examples?:\n {2}exchange-adapters /);
  });

  it('prints the overview without arguments, exit status 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Usage: exchange-adapters \[options\] \[command\]/);
  });

  it('names the environment variables each exchange reads', async () => {
    const result = await runCli(['doctor', '--help']);
    for (const name of [
      'OKX_API_KEY',
      'OKX_SECRET',
      'OKX_PASSPHRASE',
      'WEEX_API_KEY',
      'WEEX_SECRET',
      'WEEX_PASSPHRASE',
      'OKEX_V1_API_KEY',
      'OKEX_V1_SECRET',
    ]) {
      expect(result.stdout).toContain(name);
    }
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['doctor', 'binance'], /unknown exchange "binance"/],
    [['doctor', 'weex', '--region', 'eea'], /--region is for OKX only/],
    [['doctor', 'okx', '--region', 'mars'], /Allowed choices are global, eea, us/],
    [['doctor', 'okx', '--sim', '--base-url', 'http://127.0.0.1:1'], /--sim and --base-url both choose where requests go/],
    [['doctor', 'okx', '--base-url', 'ftp://x'], /--base-url must use http or https/],
    [['doctor', 'okx', '--timeout', 'soon'], /--timeout must be milliseconds/],
    [['doctor', 'okx', '--need', 'withdraw'], /Allowed choices are read, trade/],
    [['book', 'okx', 'BTC/USDT', '--depth', '0', '--sim'], /--depth must be a whole number from 1 to 400/],
    [['explain'], /missing required argument/],
    [['doctor', 'okex-v1', '--demo'], /OKEx v1 has no demo trading/],
    [['balance', 'weex', '--sim', '--demo'], /the simulator does not serve WEEX demo trading/],
  ])('refuses %j with exit status 2', async (argv, message) => {
    const result = await runCli(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
