/**
 * The streams part of the demo, written only against `Exchange`: a live order book over the
 * exchange's WebSocket while the simulator's second account moves it, then an order of our own
 * placed over REST and seen being filled on the private socket — its updates, its fills, and the
 * balance moving.
 */
import type { Balances, Exchange, Order, OrderBook, Trade } from '@exchange-adapters/core';
import type { SimulatorLiquidity } from '@exchange-adapters/simulator';
import type { Step } from './strategy.js';

const BOOK_LINES = 4;
/** Private updates are awaited this long at most: a demo that hangs explains nothing. */
const PRIVATE_TIMEOUT_MS = 10_000;

function top(book: OrderBook): string {
  const [bidPrice, bidAmount] = book.bids[0] ?? [];
  const [askPrice, askAmount] = book.asks[0] ?? [];
  const sequence = book.sequence === undefined ? '' : `#${book.sequence}  `;
  return `${sequence}bid ${bidAmount} @ ${bidPrice}  |  ask ${askAmount} @ ${askPrice}  (${book.bids.length}×${book.asks.length} levels)`;
}

function holdings(balances: Balances | undefined, currencies: readonly string[]): string {
  return currencies.map((currency) => `${currency} ${Number((balances?.assets[currency]?.total ?? 0).toPrecision(12))}`).join(', ');
}

export async function runStreams(exchange: Exchange, symbol: string, liquidity: SimulatorLiquidity): Promise<Step[]> {
  const steps: Step[] = [];
  const record = (step: string, result: string) => steps.push({ step, result });
  const offered = Object.entries(exchange.has)
    .filter(([name, value]) => name.startsWith('watch') && value)
    .map(([name]) => name);
  record('streams offered', offered.join(', '));
  if (!exchange.has.watchOrderBook || !exchange.has.watchOrders) return steps;

  // ── the book, moved by someone else ──
  const book = exchange.watchOrderBook(symbol, { depth: 5 });
  const statuses: string[] = [];
  book.on('status', (status) => statuses.push(status));
  let shown = 0;
  let resting: string | undefined;
  for await (const update of book) {
    record(shown === 0 ? 'live book (ws)' : '', top(update));
    if (++shown >= BOOK_LINES) break;
    // Move the market: the simulator's second account improves the best bid, then withdraws.
    const [bidPrice] = update.bids[0] ?? [];
    if (bidPrice === undefined) break;
    if (resting === undefined) {
      const price = exchange.priceToPrecision(symbol, bidPrice + exchange.market(symbol).precision.price);
      resting = liquidity.place({ symbol, side: 'buy', price, amount: exchange.amountToPrecision(symbol, 0.5) });
    } else {
      liquidity.cancel(resting);
      resting = undefined;
    }
  }
  if (resting !== undefined) liquidity.cancel(resting);
  record('book status', statuses.join(' → '));

  // ── our own order, filled, seen on the private socket ──
  const market = exchange.market(symbol);
  const orders = exchange.watchOrders(symbol);
  const fills = exchange.has.watchMyTrades ? exchange.watchMyTrades(symbol) : undefined;
  const balance = exchange.has.watchBalance ? exchange.watchBalance() : undefined;
  const updates: Order[] = [];
  const filled: Trade[] = [];
  const balances: Balances[] = [];
  orders.on('data', (order) => updates.push(order));
  fills?.on('data', (trade) => filled.push(trade));
  balance?.on('data', (value) => balances.push(value));
  try {
    await until(() => [orders, fills, balance].every((stream) => !stream || stream.status === 'live'), PRIVATE_TIMEOUT_MS);
    const before = balances.at(-1);
    const snapshot = await exchange.fetchOrderBook(symbol, 5);
    const amount = exchange.amountToPrecision(symbol, Math.max(market.limits.amount.min ?? 0, market.precision.amount) * 10);
    // A limit buy above the best ask: it takes liquidity at once, on every exchange.
    const price = exchange.priceToPrecision(symbol, (snapshot.asks[0]?.[0] ?? 0) * 1.005);
    const placed = await exchange.createOrder({ symbol, type: 'limit', side: 'buy', amount, price });
    record('order placed (REST)', `${placed.id} buy ${amount} @ ${price}`);
    const done = () => updates.some((order) => order.id === placed.id && order.status !== 'open');
    const allFilled = () =>
      !fills || filled.filter((fill) => fill.orderId === placed.id).reduce((sum, fill) => sum + fill.amount, 0) >= Number(amount) - 1e-12;
    await until(() => done() && allFilled(), PRIVATE_TIMEOUT_MS);
    for (const order of updates.filter((candidate) => candidate.id === placed.id)) {
      record(
        'order update (ws)',
        `${order.status}, filled ${order.filled}/${order.amount}${order.average ? ` @ avg ${order.average}` : ''}`,
      );
    }
    for (const fill of filled.filter((candidate) => candidate.orderId === placed.id)) {
      const fee = fill.fee ? `, fee ${fill.fee.cost} ${fill.fee.currency}` : '';
      record('fill (ws)', `${fill.id}: ${fill.amount} @ ${fill.price}${fee}`);
    }
    if (balance) {
      await until(() => balances.at(-1) !== before, PRIVATE_TIMEOUT_MS).catch(() => undefined);
      record(
        'balance (ws)',
        `${holdings(before, [market.base, market.quote])} → ${holdings(balances.at(-1), [market.base, market.quote])}`,
      );
    }
  } finally {
    await Promise.all([orders.close(), fills?.close(), balance?.close()]);
  }
  return steps;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the stream did not deliver in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
