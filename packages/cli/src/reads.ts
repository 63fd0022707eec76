/**
 * Quick reads: one unified call each, printed as an aligned table or, with --json, as the unified
 * objects. Nothing here writes to an exchange.
 */
import type { Exchange, OrderBook, Ticker } from '@exchange-adapters/core';
import { type Colors, UsageError } from './io.js';
import { type Column, isoTime, renderTable } from './render.js';

/** What a read produced: the value for --json, and the table for people. */
export interface ReadResult {
  json: unknown;
  rowCount: number;
  table(colors: Colors): Promise<string>;
  /** A line above the table (the book's symbol and sequence). */
  caption?: string;
}

function result<Row>(json: unknown, rows: readonly Row[], columns: readonly Column<Row>[], caption?: string): ReadResult {
  return { json, rowCount: rows.length, table: (colors) => renderTable(rows, columns, colors), ...(caption ? { caption } : {}) };
}

export interface ReadArgs {
  symbols: string[];
  type?: string;
  depth?: string;
  limit?: string;
  all?: boolean;
}

function positiveInteger(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max)
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${text}"`);
  return value;
}

function oneSymbol(args: ReadArgs, command: string): string {
  const [symbol, ...rest] = args.symbols;
  if (symbol === undefined) throw new UsageError(`${command} needs a symbol, e.g. BTC/USDT or BTC/USDT:USDT`);
  if (rest.length > 0) throw new UsageError(`${command} takes one symbol, got ${args.symbols.length}`);
  return symbol;
}

const MARKET_TYPES = ['spot', 'swap', 'future'];

async function markets(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  if (args.type !== undefined && !MARKET_TYPES.includes(args.type))
    throw new UsageError(`--type must be one of ${MARKET_TYPES.join(', ')}`);
  const loaded = Object.values(await exchange.loadMarkets());
  const rows = loaded
    .filter((market) => args.type === undefined || market.type === args.type)
    .sort((a, b) => a.symbol.localeCompare(b.symbol));
  return result(rows, rows, [
    { header: 'symbol', value: (m) => m.symbol },
    { header: 'id', value: (m) => m.id },
    { header: 'type', value: (m) => m.type },
    { header: 'tick', value: (m) => m.precision.price, numeric: true },
    { header: 'step', value: (m) => m.precision.amount, numeric: true },
    { header: 'min amount', value: (m) => m.limits.amount.min, numeric: true },
    { header: 'unit', value: (m) => (m.amountUnit === 'base' ? m.base : 'contracts') },
    { header: 'contract', value: (m) => m.contractSize, numeric: true },
    { header: 'active', value: (m) => m.active },
  ]);
}

async function ticker(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  if (args.symbols.length === 0) throw new UsageError('ticker needs at least one symbol, e.g. BTC/USDT');
  const rows: Ticker[] = [];
  for (const symbol of args.symbols) rows.push(await exchange.fetchTicker(symbol));
  return result(args.symbols.length === 1 ? rows[0] : rows, rows, [
    { header: 'symbol', value: (t) => t.symbol },
    { header: 'last', value: (t) => t.last, numeric: true },
    { header: 'bid', value: (t) => t.bid, numeric: true },
    { header: 'ask', value: (t) => t.ask, numeric: true },
    { header: 'high', value: (t) => t.high, numeric: true },
    { header: 'low', value: (t) => t.low, numeric: true },
    { header: 'base volume', value: (t) => t.baseVolume, numeric: true },
    { header: 'time', value: (t) => isoTime(t.timestamp) },
  ]);
}

interface BookRow {
  bidAmount?: number;
  bid?: number;
  ask?: number;
  askAmount?: number;
}

async function book(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  const symbol = oneSymbol(args, 'book');
  const depth = positiveInteger('depth', args.depth, 10, 400);
  const orderBook: OrderBook = await exchange.fetchOrderBook(symbol, depth);
  const rows: BookRow[] = [];
  for (let level = 0; level < Math.min(depth, Math.max(orderBook.bids.length, orderBook.asks.length)); level++) {
    const [bid, bidAmount] = orderBook.bids[level] ?? [];
    const [ask, askAmount] = orderBook.asks[level] ?? [];
    rows.push({ bidAmount, bid, ask, askAmount });
  }
  const facts = [orderBook.symbol, orderBook.sequence !== undefined ? `sequence ${orderBook.sequence}` : '', isoTime(orderBook.timestamp)];
  return result(
    { ...orderBook, bids: orderBook.bids.slice(0, depth), asks: orderBook.asks.slice(0, depth) },
    rows,
    [
      { header: 'bid amount', value: (r) => r.bidAmount, numeric: true },
      { header: 'bid', value: (r) => r.bid, numeric: true },
      { header: 'ask', value: (r) => r.ask, numeric: true },
      { header: 'ask amount', value: (r) => r.askAmount, numeric: true },
    ],
    facts.filter(Boolean).join('  '),
  );
}

async function trades(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  const symbol = oneSymbol(args, 'trades');
  const limit = positiveInteger('limit', args.limit, 20, 500);
  const rows = (await exchange.fetchTrades(symbol, undefined, limit)).slice(-limit);
  return result(rows, rows, [
    { header: 'time', value: (t) => isoTime(t.timestamp) },
    { header: 'side', value: (t) => t.side },
    { header: 'price', value: (t) => t.price, numeric: true },
    { header: 'amount', value: (t) => t.amount, numeric: true },
    { header: 'id', value: (t) => t.id },
  ]);
}

async function balance(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  if (args.type !== undefined && args.type !== 'spot' && args.type !== 'swap') throw new UsageError('--type must be spot or swap');
  const balances = await exchange.fetchBalance(args.type ? { type: args.type } : {});
  const rows = Object.entries(balances.assets)
    .map(([currency, amounts]) => ({ currency, ...amounts }))
    .filter((row) => args.all || row.total !== 0 || row.free !== 0 || row.used !== 0)
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return result(balances, rows, [
    { header: 'currency', value: (b) => b.currency },
    { header: 'free', value: (b) => b.free, numeric: true },
    { header: 'used', value: (b) => b.used, numeric: true },
    { header: 'total', value: (b) => b.total, numeric: true },
  ]);
}

async function orders(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  if (args.symbols.length > 1) throw new UsageError('orders takes at most one symbol');
  const rows = await exchange.fetchOpenOrders(args.symbols[0]);
  return result(rows, rows, [
    { header: 'id', value: (o) => o.id },
    { header: 'client id', value: (o) => o.clientOrderId },
    { header: 'symbol', value: (o) => o.symbol },
    { header: 'side', value: (o) => o.side },
    { header: 'type', value: (o) => o.type },
    { header: 'price', value: (o) => o.price, numeric: true },
    { header: 'amount', value: (o) => o.amount, numeric: true },
    { header: 'filled', value: (o) => o.filled, numeric: true },
    { header: 'status', value: (o) => o.status },
    { header: 'time', value: (o) => isoTime(o.timestamp) },
  ]);
}

async function positions(exchange: Exchange, args: ReadArgs): Promise<ReadResult> {
  const rows = await exchange.fetchPositions(args.symbols.length > 0 ? args.symbols : undefined);
  return result(rows, rows, [
    { header: 'symbol', value: (p) => p.symbol },
    { header: 'side', value: (p) => p.side },
    { header: 'amount', value: (p) => p.amount, numeric: true },
    { header: 'entry', value: (p) => p.entryPrice, numeric: true },
    { header: 'mark', value: (p) => p.markPrice, numeric: true },
    { header: 'unrealized pnl', value: (p) => p.unrealizedPnl, numeric: true },
    { header: 'leverage', value: (p) => p.leverage, numeric: true },
    { header: 'margin', value: (p) => p.marginMode },
    { header: 'liquidation', value: (p) => p.liquidationPrice, numeric: true },
  ]);
}

export const READS = { markets, ticker, book, trades, balance, orders, positions } as const;
export type ReadName = keyof typeof READS;

/** What each read does, for --help. */
export const READ_SUMMARIES: Readonly<Record<ReadName, string>> = {
  markets: 'list the markets: tick, step, minimum amount, unit',
  ticker: 'last price, best bid and ask, 24 h range and volume of one or more symbols',
  book: 'the order book of a symbol, bids beside asks',
  trades: 'the latest public trades of a symbol',
  balance: 'the account balance per currency (needs a key)',
  orders: 'open orders, of one symbol or all (needs a key)',
  positions: 'open positions of contract markets (needs a key)',
};

/** Whether the read needs credentials; used to say so before anything is sent. */
export const PRIVATE_READS: ReadonlySet<ReadName> = new Set(['balance', 'orders', 'positions']);
