/**
 * `explain` against every row of every adapter's error table: the command shows the table's kind,
 * meaning, hint and retry flag, and each adapter's own tests pin those rows to the errors it throws.
 */
import type { ErrorCodeInfo } from '@exchange-adapters/core';
import { okexV1ErrorTable } from '@exchange-adapters/okex-v1';
import { okxErrorTable } from '@exchange-adapters/okx';
import { weexErrorTable } from '@exchange-adapters/weex';
import { normalizeCode } from '../src/explain.js';
import { runCli } from './helpers.js';

const TABLES: Array<[string, readonly ErrorCodeInfo[]]> = [
  ['okx', okxErrorTable()],
  ['weex', weexErrorTable()],
  ['okex-v1', okexV1ErrorTable()],
];
const ALL_ROWS = TABLES.flatMap(([, rows]) => rows);

describe('explain <exchange> <code>', () => {
  it.each(TABLES)('prints every row of the %s table as --json, exactly as the table has it', async (exchange, rows) => {
    for (const row of rows) {
      const result = await runCli(['explain', exchange, row.code, '--json']);
      expect([result.code, JSON.parse(result.stdout)]).toEqual([0, [row]]);
    }
  });

  it.each(TABLES)('explains every row of the %s table in words: kind, meaning, what to do, retry', async (exchange, rows) => {
    for (const row of rows) {
      const result = await runCli(['explain', exchange, row.code]);
      expect(result.code).toBe(0);
      const text = result.stdout;
      expect(text).toContain(`${row.code} → ${row.kind}`);
      expect(text).toContain(`means       ${row.meaning}`);
      expect(text).toContain(`what to do  ${row.hint}`);
      expect(text).toMatch(row.retryable ? /retry +yes/ : /retry +no: the same request fails/);
      expect(text.includes('orders      ')).toBe(row.outcomeUnknown);
      expect(text.includes(`legacy ${row.legacy} code`)).toBe(row.legacy !== undefined);
    }
  });
});

describe('explain <code> searches all three tables', () => {
  it('finds every code of every table, and names each exchange that has it', async () => {
    const codes = [...new Set(ALL_ROWS.map((row) => row.code))];
    for (const code of codes) {
      const result = await runCli(['explain', code, '--json']);
      const found = JSON.parse(result.stdout) as ErrorCodeInfo[];
      expect(found).toEqual(ALL_ROWS.filter((row) => row.code === code));
    }
  });

  it.each([
    ['30001', 'okx', 'AuthMissing'],
    ['30006', 'okx', 'AuthInvalid'],
    ['30008', 'okx', 'TimestampExpired'],
    ['30012', 'okx', 'AuthInvalid'],
    ['32008', 'okx', 'InsufficientMargin'],
    ['40008', 'weex', 'TimestampExpired'],
    ['40012', 'weex', 'AuthInvalid'],
    ['43012', 'weex', 'InsufficientFunds'],
  ])('explains the legacy code %s the seed guides quote (%s → %s)', async (code, exchange, kind) => {
    const result = await runCli(['explain', code]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^${exchange === 'okx' ? 'OKX' : 'WEEX'} ${code} → ${kind}  \\(legacy (OKEx v3|WEEX V1/V2) code\\)`),
    );
  });

  it('reads negative WEEX codes as codes, not options', async () => {
    const alone = await runCli(['explain', '-1046']);
    const withExchange = await runCli(['explain', 'weex', '-1046', '--json']);
    expect(alone.stdout).toMatch(/^WEEX -1046 → TimestampExpired/);
    expect(JSON.parse(withExchange.stdout)[0]).toMatchObject({ exchange: 'weex', code: '-1046', kind: 'TimestampExpired' });
  });

  it('reads an OKX sub-code written either way', async () => {
    expect(normalizeCode('51008-1001')).toBe('51008_1001');
    const result = await runCli(['explain', 'okx', '"51008-1001",', '--json']);
    expect(JSON.parse(result.stdout)[0]).toMatchObject({ code: '51008_1001', kind: 'InsufficientMargin' });
  });

  it('says what happens to a code no table has, and exits 1', async () => {
    const result = await runCli(['explain', '99999']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^99999 is not in the tables of okx, weex, okex-v1\.\nAn exchange code the adapter does not know reaches you as a plain ExchangeError/,
    );
    const json = await runCli(['explain', 'okx', '99999', '--json']);
    expect([json.code, json.stdout]).toEqual([1, '[]\n']);
  });

  it('refuses an unknown exchange with exit status 2', async () => {
    const result = await runCli(['explain', 'binance', '1000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown exchange "binance": use one of okx, weex, okex-v1/);
  });

  it('snapshots the text of one row per exchange', async () => {
    for (const [exchange, code] of [
      ['okx', '50101'],
      ['weex', '-1054'],
      ['okex-v1', '10002'],
    ]) {
      expect((await runCli(['explain', exchange as string, code as string])).stdout).toMatchSnapshot(`${exchange} ${code}`);
    }
  });
});
