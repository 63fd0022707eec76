/**
 * `explain [exchange] <code>`: what an exchange error code means, the kind it becomes, what to do and
 * whether a retry can help — read from the adapters' public error tables, which are built from the
 * same classifiers that throw the errors, so the text here is the text the error carries.
 */
import type { ErrorCodeInfo } from '@exchange-adapters/core';
import { EXCHANGE_IDS, EXCHANGE_NAMES, type ExchangeId } from './connect.js';
import type { Colors } from './io.js';

export async function errorTable(exchange: ExchangeId): Promise<readonly ErrorCodeInfo[]> {
  switch (exchange) {
    case 'okx':
      return (await import('@exchange-adapters/okx')).okxErrorTable();
    case 'weex':
      return (await import('@exchange-adapters/weex')).weexErrorTable();
    case 'okex-v1':
      return (await import('@exchange-adapters/okex-v1')).okexV1ErrorTable();
  }
}

/** Spellings people paste: `"50102"`, `50102,`, `51008-1001`, `40008.` */
export function normalizeCode(text: string): string {
  return text
    .trim()
    .replace(/^["'`]+|["'`.,;:]+$/g, '')
    .replace(/^(\d+)-(\d+)$/, '$1_$2');
}

/** Rows for `code` in one exchange's table, or in all three. */
export async function findCode(code: string, exchange?: ExchangeId): Promise<ErrorCodeInfo[]> {
  const wanted = normalizeCode(code);
  const exchanges = exchange ? [exchange] : [...EXCHANGE_IDS];
  const rows: ErrorCodeInfo[] = [];
  for (const id of exchanges) {
    const table = await errorTable(id);
    const match = table.find((row) => row.code === wanted) ?? table.find((row) => row.code.toLowerCase() === wanted.toLowerCase());
    if (match) rows.push(match);
  }
  return rows;
}

/** Kinds whose cause is usually in the setup, which `doctor` can find. */
const DIAGNOSABLE: ReadonlySet<string> = new Set([
  'AuthMissing',
  'AuthInvalid',
  'TimestampExpired',
  'PermissionDenied',
  'IpNotAllowed',
  'RateLimited',
]);

function retryText(row: ErrorCodeInfo): string {
  if (!row.retryable) return 'no: the same request fails the same way until the cause is fixed';
  if (row.kind === 'TimestampExpired') return 'yes, once the clocks agree: the library re-syncs its clock and retries once by itself';
  if (row.kind === 'RateLimited') return 'yes, after waiting: reads and cancels are retried for you with backoff';
  return 'yes: trying again later can succeed (reads and cancels are retried for you)';
}

/** The explanation of one row, as lines for a terminal. */
export function explainRow(row: ErrorCodeInfo, colors: Colors): string {
  const label = (text: string) => colors.dim(text.padEnd(12));
  const lines = [
    `${colors.bold(`${EXCHANGE_NAMES[row.exchange as ExchangeId] ?? row.exchange} ${row.code}`)} → ${colors.bold(row.kind)}${
      row.legacy ? colors.dim(`  (legacy ${row.legacy} code)`) : ''
    }`,
    `  ${label('means')}${row.meaning}`,
    `  ${label('what to do')}${row.hint || 'see the exchange message the error carries'}`,
    `  ${label('retry')}${retryText(row)}`,
  ];
  if (row.outcomeUnknown) {
    lines.push(
      `  ${label('orders')}the exchange does not say whether an order went through: the library looks the order up before it would send it again`,
    );
  }
  if (DIAGNOSABLE.has(row.kind)) {
    lines.push(
      `  ${label('diagnose')}exchange-adapters doctor ${row.exchange} checks the key, clock, IP, permissions and environment in turn`,
    );
  }
  if (row.legacy) {
    lines.push(
      `  ${label('legacy')}the current API does not send this code; it appears in older guides and fixtures and is mapped the same way`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** What `explain` prints for a code no table has. */
export function unknownCodeText(code: string, exchange?: ExchangeId): string {
  const where = exchange ? `the ${EXCHANGE_NAMES[exchange]} table` : `the tables of ${EXCHANGE_IDS.join(', ')}`;
  return (
    `${normalizeCode(code)} is not in ${where}.\n` +
    'An exchange code the adapter does not know reaches you as a plain ExchangeError that keeps the code and the exchange’s message; ' +
    'its HTTP status still decides RateLimited (429) and ExchangeUnavailable (5xx).\n'
  );
}
