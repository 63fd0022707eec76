/**
 * Quick reads. Tables and JSON are snapshot-tested on OKX's recorded payloads (shared/fixtures/okx)
 * served to the real adapter through a recorded-reply transport, so the output is deterministic;
 * the same commands then run against the simulator on every exchange with --sim.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HttpRequest, HttpResponse, Transport } from '@exchange-adapters/core';
import { runCli } from './helpers.js';

const FIXTURES = path.resolve(__dirname, '../../../../shared/fixtures/okx');

// biome-ignore lint/suspicious/noExplicitAny: recorded payloads are arbitrary JSON, edited in place below
function recorded(name: string): any {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')).response;
}

/**
 * Replies recorded from OKX by path. The recorded spot instruments lack BTC-USDT, which the
 * recorded trades are for; it is cloned from the recorded BTC-USD with the quote changed, as the
 * OKX adapter's own tests do.
 */
function recordedOkx(): Transport & { paths: string[] } {
  const spot = recorded('instruments-spot');
  const btcUsd = spot.data.find((item: { instId: string }) => item.instId === 'BTC-USD');
  spot.data.push({ ...btcUsd, instId: 'BTC-USDT', quoteCcy: 'USDT' });
  const instruments: Record<string, unknown> = { SPOT: spot, SWAP: recorded('instruments-swap'), FUTURES: recorded('instruments-futures') };
  const byPath: Record<string, unknown> = {
    '/api/v5/public/time': recorded('time'),
    '/api/v5/market/ticker': recorded('ticker-docs-zh'),
    '/api/v5/market/books': recorded('books-docs-seqid'),
    '/api/v5/market/trades': recorded('trades-nautilus'),
    '/api/v5/account/balance': recorded('balance-docs'),
    '/api/v5/account/config': recorded('account-config'),
    '/api/v5/trade/orders-pending': recorded('orders-pending-swap'),
    '/api/v5/account/positions': recorded('position-inverse-cross'),
  };
  const paths: string[] = [];
  return {
    paths,
    async send(request: HttpRequest): Promise<HttpResponse> {
      const url = new URL(request.url);
      paths.push(url.pathname);
      const body =
        url.pathname === '/api/v5/public/instruments' ? instruments[url.searchParams.get('instType') ?? ''] : byPath[url.pathname];
      if (body === undefined) return { status: 404, headers: {}, body: '{"code":404,"data":{},"msg":"Not Found"}' };
      return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    },
  };
}

const KEYS = {
  OKX_API_KEY: 'a7f1c1f0-5b1e-4c2a-9d43-0c2b6f3e9a11',
  OKX_SECRET: '22582BD0CFF14C41EDBF1AB98506286D',
  OKX_PASSPHRASE: 'Recorded1',
};

const COMMANDS: Array<[string, string[]]> = [
  ['markets', ['markets', 'okx', '--type', 'swap']],
  ['ticker', ['ticker', 'okx', 'BTC/USD:BTC']],
  ['book', ['book', 'okx', 'BTC/USDT', '--depth', '5']],
  ['trades', ['trades', 'okx', 'BTC/USDT', '--limit', '2']],
  ['balance', ['balance', 'okx']],
  ['orders', ['orders', 'okx']],
  ['positions', ['positions', 'okx']],
];

describe('quick reads on recorded OKX payloads', () => {
  it.each(COMMANDS)('%s prints an aligned table', async (_name, argv) => {
    const result = await runCli(argv, { transport: recordedOkx(), env: KEYS });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatchSnapshot();
  });

  it.each(COMMANDS)('%s --json prints the unified objects without info', async (_name, argv) => {
    const result = await runCli([...argv, '--json'], { transport: recordedOkx(), env: KEYS });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/"info"/);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stdout).toMatchSnapshot();
  });

  it('aligns numbers to the right and leaves no trailing spaces', async () => {
    const result = await runCli(['book', 'okx', 'BTC/USDT'], { transport: recordedOkx(), env: KEYS });
    const [, header, row] = result.stdout.split('\n');
    expect(header).toBe('bid amount      bid      ask  ask amount');
    expect(row).toBe('0.30178218  41006.3  41006.8  0.60038921');
    expect(result.stdout.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });

  it('colours the table header only on a terminal', async () => {
    const plain = await runCli(['ticker', 'okx', 'BTC/USD:BTC'], { transport: recordedOkx(), env: KEYS });
    const tty = await runCli(['ticker', 'okx', 'BTC/USD:BTC'], { transport: recordedOkx(), env: KEYS, tty: true });
    const noColor = await runCli(['ticker', 'okx', 'BTC/USD:BTC'], {
      transport: recordedOkx(),
      env: { ...KEYS, NO_COLOR: '1' },
      tty: true,
    });
    expect(plain.stdout).not.toContain('\u001b[');
    expect(tty.stdout).toContain('\u001b[1msymbol\u001b[22m');
    expect(noColor.stdout).toBe(plain.stdout);
  });

  it('refuses a private read without a key before sending anything', async () => {
    const transport = recordedOkx();
    const result = await runCli(['balance', 'okx'], { transport });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/balance needs a key: set the OKX_\* variables/);
    expect(transport.paths).toEqual([]);
  });

  it('prints an exchange error as the library words it, with the code to explain', async () => {
    const result = await runCli(['ticker', 'okx', 'DOGE/XYZ'], { transport: recordedOkx(), env: KEYS });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: \[okx\] InvalidSymbol/);
  });
});

describe('quick reads against the simulator (--sim)', () => {
  it.each([
    ['okx', 'BTC/USDT:USDT'],
    ['weex', 'BTC/USDT:USDT'],
    ['okex-v1', 'BTC/USDT'],
  ])('%s: every read works without keys', async (exchange, symbol) => {
    const markets = await runCli(['markets', exchange, '--sim', '--json']);
    expect(JSON.parse(markets.stdout).map((market: { symbol: string }) => market.symbol)).toContain(symbol);
    const ticker = await runCli(['ticker', exchange, symbol, '--sim', '--json']);
    expect(JSON.parse(ticker.stdout)).toMatchObject({ symbol, last: expect.any(Number) });
    const book = await runCli(['book', exchange, symbol, '--depth', '3', '--sim']);
    expect(book.stdout.split('\n').filter(Boolean)).toHaveLength(5); // caption, header, 3 levels
    const trades = await runCli(['trades', exchange, symbol, '--limit', '5', '--sim', '--json']);
    expect(JSON.parse(trades.stdout).length).toBeLessThanOrEqual(5);
    const balance = await runCli(['balance', exchange, '--sim']);
    expect(balance.stdout).toMatch(/^currency +free +used +total\nBTC +2 +0 +2\n/);
    // OKEx v1 lists orders per pair only.
    const orders = await runCli(exchange === 'okex-v1' ? ['orders', exchange, symbol, '--sim'] : ['orders', exchange, '--sim']);
    expect([orders.code, orders.stdout]).toEqual([0, 'no orders\n']);
    const positions = await runCli(['positions', exchange, '--sim']);
    expect([positions.code, positions.stdout]).toEqual([0, 'no positions\n']);
  });
});
