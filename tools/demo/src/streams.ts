/**
 * The streams part of the demo, written only against `Exchange`: a live order book over the
 * exchange's WebSocket while the simulator's second account moves it, and an order placed over
 * REST arriving as updates on the private socket.
 */
import type { Exchange, Order, OrderBook } from '@exchange-adapters/core';
import type { SimulatorLiquidity } from '@exchange-adapters/simulator';
import type { Step } from './strategy.js';

const BOOK_LINES = 4;

function top(book: OrderBook): string {
  const [bidPrice, bidAmount] = book.bids[0] ?? [];
  const [askPrice, askAmount] = book.asks[0] ?? [];
  return `#${book.sequence}  bid ${bidAmount} @ ${bidPrice}  |  ask ${askAmount} @ ${askPrice}  (${book.bids.length}×${book.asks.length} levels)`;
}

export async function runStreams(exchange: Exchange, symbol: string, liquidity: SimulatorLiquidity): Promise<Step[]> {
  const steps: Step[] = [];
  const record = (step: string, result: string) => steps.push({ step, result });
  if (!exchange.has.watchOrderBook || !exchange.has.watchOrders) {
    record('streams', `not offered by ${exchange.id} yet (has.watchOrderBook is false)`);
    return steps;
  }

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

  const orders = exchange.watchOrders(symbol);
  const updates: Order[] = [];
  const reading = (async () => {
    for await (const order of orders) {
      updates.push(order);
      if (order.status !== 'open') break;
    }
  })();
  await new Promise<void>((resolve) => orders.once('status', (status) => status === 'live' && resolve()));
  const snapshot = await exchange.fetchOrderBook(symbol, 1);
  const price = exchange.priceToPrecision(symbol, (snapshot.bids[0]?.[0] ?? 0) * 0.99);
  const placed = await exchange.createOrder({
    symbol,
    type: 'limit',
    side: 'buy',
    amount: exchange.amountToPrecision(symbol, 0.001),
    price,
  });
  record('order placed (REST)', `${placed.id} buy 0.001 @ ${price}`);
  await exchange.cancelOrder(placed.id, symbol);
  await reading;
  for (const order of updates) record('order update (ws)', `${order.id} ${order.status}, filled ${order.filled}/${order.amount}`);
  return steps;
}
