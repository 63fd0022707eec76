/**
 * Unified symbols: `BTC/USDT` spot, `BTC/USDT:USDT` linear perpetual, `BTC/USD:BTC` inverse
 * perpetual, `BTC/USDT:USDT-251226` dated future (settle currency after the colon, expiry yymmdd).
 */
import { InvalidSymbol } from './errors.js';
import type { MarketType } from './types.js';

/** A unified symbol taken apart. */
export interface SymbolParts {
  /** Base currency. */
  base: string;
  /** Quote currency. */
  quote: string;
  /** Settle currency (contracts). */
  settle?: string;
  /** yymmdd, dated futures only. */
  expiry?: string;
  /** Spot without settle, swap with settle, future with settle and expiry. */
  type: MarketType;
}

const SYMBOL = /^([A-Z0-9]+)\/([A-Z0-9]+)(?::([A-Z0-9]+)(?:-(\d{6}))?)?$/;

/**
 * Takes a unified symbol apart (`BTC/USDT:USDT-251226` → base, quote, settle, expiry, `future`);
 * `InvalidSymbol` when it is not one.
 */
export function parseSymbol(symbol: string, exchange = 'core'): SymbolParts {
  const match = SYMBOL.exec(symbol);
  if (!match) {
    throw new InvalidSymbol({
      exchange,
      message: `${JSON.stringify(symbol)} is not a unified symbol`,
      hint: 'Write BASE/QUOTE for spot (BTC/USDT), BASE/QUOTE:SETTLE for perpetuals (BTC/USDT:USDT) and BASE/QUOTE:SETTLE-YYMMDD for dated futures.',
    });
  }
  const [, base, quote, settle, expiry] = match as unknown as [string, string, string, string | undefined, string | undefined];
  if (settle === undefined) return { base, quote, type: 'spot' };
  if (expiry === undefined) return { base, quote, settle, type: 'swap' };
  return { base, quote, settle, expiry, type: 'future' };
}

/** Builds a unified symbol from its parts. */
export function formatSymbol(parts: Omit<SymbolParts, 'type'>): string {
  let symbol = `${parts.base}/${parts.quote}`;
  if (parts.settle) symbol += `:${parts.settle}`;
  if (parts.settle && parts.expiry) symbol += `-${parts.expiry}`;
  return symbol;
}

/** yymmdd of a UTC timestamp: the expiry suffix of a dated future. */
export function expiryCode(timestampMs: number): string {
  const date = new Date(timestampMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCFullYear() % 100)}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}`;
}
