/**
 * Output: aligned, borderless tables for people (cli-table3, loaded only when a table is printed)
 * and JSON for scripts. Numbers are right-aligned; times are ISO-8601 UTC.
 */
import type { Colors } from './io.js';

export type Cell = string | number | boolean | undefined | null;

export interface Column<Row> {
  header: string;
  value: (row: Row) => Cell;
  /** Right-align (numbers). */
  numeric?: boolean;
}

const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

export function cellText(value: Cell): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

export function isoTime(ms: number | undefined): string {
  return ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString();
}

/** Rows as an aligned table with a bold header (on a terminal). */
export async function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], colors: Colors): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({
    head: columns.map((column) => colors.bold(column.header)),
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colAligns: columns.map((column) => (column.numeric ? 'right' : 'left')),
  });
  for (const row of rows) table.push(columns.map((column) => cellText(column.value(row))));
  // cli-table3 pads the last column too; trailing spaces only get in the way of diffs and pipes.
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** JSON for scripts: the unified objects without `info`, the exchange's raw payload. */
export function renderJson(value: unknown): string {
  return `${JSON.stringify(value, (key, item) => (key === 'info' ? undefined : item), 2)}\n`;
}
