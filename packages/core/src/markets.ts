/**
 * The loaded markets of an exchange: indexed by unified symbol and by exchange id, and a symbol
 * resolved to its market, or refused naming the markets it may have meant.
 */
import { ownValue } from './arguments.js';
import { describeValue } from './describe.js';
import { BadRequest, InvalidSymbol } from './errors.js';
import type { Market } from './types.js';

/** The loaded market of a unified symbol (BaseExchange.market), or InvalidSymbol naming close matches. */
export function resolveMarket(exchange: string, markets: Readonly<Record<string, Market>> | undefined, symbol: string): Market {
  if (!markets) {
    throw new BadRequest({
      exchange,
      message: `markets are not loaded; cannot resolve ${describeValue(symbol)}`,
      hint: 'Call await exchange.loadMarkets() first.',
    });
  }
  const market = ownValue(markets, symbol);
  if (market) return market;
  const base = typeof symbol === 'string' ? (symbol.split(/[/:-]/)[0]?.toUpperCase() ?? '') : '';
  const similar = Object.keys(markets)
    .filter((known) => known.startsWith(`${base}/`))
    .slice(0, 5);
  throw new InvalidSymbol({
    exchange,
    message: `${describeValue(symbol)} is not a market on ${exchange}`,
    hint:
      similar.length > 0
        ? `Did you mean ${similar.join(', ')}?`
        : 'Use a unified symbol such as BTC/USDT or BTC/USDT:USDT; exchange.markets lists them all.',
  });
}

/** Markets by unified symbol, and by exchange id: one id may name several (WEEX `ETHUSDT`). */
export function indexMarkets(markets: readonly Market[]): { bySymbol: Record<string, Market>; byId: Map<string, Market[]> } {
  const bySymbol: Record<string, Market> = {};
  const byId = new Map<string, Market[]>();
  for (const market of markets) {
    bySymbol[market.symbol] = market;
    const list = byId.get(market.id) ?? [];
    list.push(market);
    byId.set(market.id, list);
  }
  return { bySymbol, byId };
}
