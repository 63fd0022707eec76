/**
 * The one strategy of the demo, written only against `Exchange`: it never asks which exchange it
 * is talking to. Each step records what it saw so main.ts can print it.
 */
import { type Exchange, isExchangeError } from '@exchange-adapters/core';

export interface Step {
  step: string;
  result: string;
}

export interface StrategyOptions {
  symbol: string;
  /** Places and cancels orders; false for the read-only live run. */
  trade: boolean;
}

export async function runStrategy(exchange: Exchange, { symbol, trade }: StrategyOptions): Promise<Step[]> {
  const steps: Step[] = [];
  const record = (step: string, result: string) => steps.push({ step, result });

  const markets = await exchange.loadMarkets();
  const market = exchange.market(symbol);
  record(
    'markets loaded',
    `${Object.keys(markets).length} (${symbol}: tick ${market.precision.price}, step ${market.precision.amount}, min ${market.limits.amount.min ?? '-'})`,
  );

  const book = await exchange.fetchOrderBook(symbol, 5);
  const bid = book.bids[0]?.[0];
  const ask = book.asks[0]?.[0];
  if (bid === undefined || ask === undefined) throw new Error(`${symbol} has an empty book`);
  record('best bid / ask', `${bid} / ${ask} (spread ${(((ask - bid) / bid) * 10_000).toFixed(1)} bp)`);

  const balance = await exchange.fetchBalance();
  record('balance', formatAssets(balance.assets, [market.base, market.quote]));
  if (!trade) return steps;

  const amount = exchange.amountToPrecision(symbol, Math.max(market.limits.amount.min ?? 0, market.precision.amount) * 2);
  const resting = await exchange.createOrder({
    symbol,
    type: 'limit',
    side: 'buy',
    amount,
    price: exchange.priceToPrecision(symbol, bid * 0.9),
  });
  record('order placed', `buy ${amount} @ ${resting.price} → ${resting.status} (id ${resting.id}, client id ${resting.clientOrderId})`);
  await exchange.cancelOrder(resting.id, symbol);
  const canceled = await exchange.fetchOrder(resting.id, symbol);
  record('order canceled', `${canceled.id} → ${canceled.status}`);

  const before = await exchange.fetchBalance();
  const taker = await exchange.createOrder({
    symbol,
    type: 'limit',
    side: 'buy',
    amount,
    price: exchange.priceToPrecision(symbol, ask * 1.01),
  });
  const filled = await exchange.fetchOrder(taker.id, symbol);
  const after = await exchange.fetchBalance();
  record('fill', `buy ${filled.filled} ${market.base} @ avg ${filled.average} → ${filled.status}`);
  record('balances before', formatAssets(before.assets, [market.base, market.quote]));
  record('balances after', formatAssets(after.assets, [market.base, market.quote]));

  const unaffordable = await exchange
    .createOrder({
      symbol,
      type: 'limit',
      side: 'buy',
      amount: exchange.amountToPrecision(symbol, 1_000),
      price: exchange.priceToPrecision(symbol, bid * 0.9),
    })
    .then(() => undefined)
    .catch((error: unknown) => error);
  record('insufficient funds', describeError(unaffordable));
  return steps;
}

export function describeError(error: unknown): string {
  if (error === undefined) return 'no error (unexpected)';
  if (!isExchangeError(error)) return `unexpected ${String(error)}`;
  const code = error.exchangeCode === undefined ? '' : ` ${error.exchangeCode}`;
  return `${error.kind}${code}: ${error.hint}`;
}

function formatAssets(assets: Record<string, { free: number; used: number; total: number } | undefined>, currencies: string[]): string {
  return currencies.map((currency) => `${currency} ${formatAmount(assets[currency]?.total ?? 0)}`).join(', ');
}

function formatAmount(value: number): string {
  return Number(value.toPrecision(12)).toString();
}
