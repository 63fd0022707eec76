/**
 * What a stranger writes on the first day, compiled as they would compile it (strict,
 * exactOptionalPropertyTypes, skipLibCheck off, NodeNext) against the packed tarballs, and run
 * once as an ES module and once as CommonJS against the simulator the tarball installed.
 * run.mjs copies this file unchanged into both projects; nothing here may depend on the format.
 */
import {
  createExchange,
  type Exchange,
  ExchangeError,
  type ExchangeOptions,
  InvalidOrder,
  isExchangeError,
  type Order,
  OrderNotFound,
} from '@exchange-adapters/core';
// The subpath for adapter authors resolves too, in both formats, to the same copy of core.
import { BaseExchange } from '@exchange-adapters/core/adapter';
import type { OkexV1Exchange } from '@exchange-adapters/okex-v1';
import { OkxExchange } from '@exchange-adapters/okx';
import { WeexExchange } from '@exchange-adapters/weex';

const format = typeof require === 'function' ? 'cjs' : 'esm';
const SYMBOL = 'BTC/USDT';

function fail(message: string): never {
  throw new Error(`[${format}] ${message}`);
}

const baseUrl = process.env.SMOKE_BASE_URL ?? fail('SMOKE_BASE_URL is not set');

/** Credentials straight from the environment, as the README reads them: `string | undefined`. */
function optionsFromEnv(prefix: string): ExchangeOptions {
  return {
    apiKey: process.env[`${prefix}_API_KEY`],
    secret: process.env[`${prefix}_SECRET`],
    passphrase: process.env[`${prefix}_PASSPHRASE`],
    baseUrl,
  };
}

/** Markets, ticker, book, one resting order placed and cancelled, and two typed errors caught. */
async function tour(label: string, exchange: Exchange): Promise<string> {
  const markets = await exchange.loadMarkets();
  const ticker = await exchange.fetchTicker(SYMBOL);
  const book = await exchange.fetchOrderBook(SYMBOL, 5);
  const bestBid = book.bids[0]?.[0] ?? fail(`${label}: the ${SYMBOL} book has no bids`);
  const order: Order = await exchange.createOrder({
    symbol: SYMBOL,
    type: 'limit',
    side: 'buy',
    amount: 0.01,
    price: exchange.priceToPrecision(SYMBOL, bestBid * 0.9),
  });
  if (order.status !== 'open') fail(`${label}: a buy 10 % under the bid is ${order.status}, not open`);
  const canceled = await exchange.cancelOrder(order.id, SYMBOL);
  if (canceled.status !== 'canceled') fail(`${label}: the cancel says ${canceled.status}`);

  let refused: unknown;
  try {
    await exchange.createOrder({ symbol: SYMBOL, type: 'limit', side: 'buy', amount: '0.000001', price: bestBid });
  } catch (error) {
    refused = error;
  }
  if (!(refused instanceof InvalidOrder) || !(refused instanceof ExchangeError) || !isExchangeError(refused, 'InvalidOrder')) {
    fail(`${label}: an amount under the step is not an InvalidOrder of this copy of core: ${String(refused)}`);
  }
  if (refused.orderState !== 'not-placed') fail(`${label}: the refused order says orderState ${refused.orderState}`);

  let missing: unknown;
  try {
    await exchange.fetchOrder('1234567', SYMBOL);
  } catch (error) {
    missing = error;
  }
  if (!(missing instanceof OrderNotFound)) fail(`${label}: an unknown order id is not OrderNotFound: ${String(missing)}`);
  if (missing.orderState !== undefined) fail(`${label}: a read error carries orderState ${missing.orderState}`);

  await exchange.close();
  return [
    `${label}: ${Object.keys(markets).length} markets`,
    `${SYMBOL} last ${ticker.last}`,
    `book ${book.bids.length}x${book.asks.length}, best bid ${bestBid}`,
    `order ${order.id} ${order.status} -> ${canceled.status}`,
    `caught ${refused.kind} (instanceof ExchangeError, orderState ${refused.orderState}) and ${missing.kind}`,
  ].join('; ');
}

const PERPETUAL = 'BTC/USDT:USDT';

/** The README's headline: a post-only limit on the perpetual, placed only where `has` says it is taken. */
async function postOnly(label: string, exchange: Exchange): Promise<string> {
  const features = exchange.has.orderFeatures.swap;
  if (!features.postOnly || !features.timeInForce.includes('PO')) return `${label}: no post-only on swaps, not sent`;
  const market = (await exchange.loadMarkets())[PERPETUAL] ?? fail(`${label}: no ${PERPETUAL}`);
  const bid = (await exchange.fetchOrderBook(PERPETUAL, 5)).bids[0]?.[0] ?? fail(`${label}: the ${PERPETUAL} book has no bids`);
  const order = await exchange.createOrder({
    symbol: PERPETUAL,
    type: 'limit',
    side: 'buy',
    amount: exchange.amountToPrecision(PERPETUAL, market.limits.amount.min ?? 0.01),
    price: exchange.priceToPrecision(PERPETUAL, bid * 0.9),
    timeInForce: 'PO',
  });
  if (order.status !== 'open') fail(`${label}: a post-only buy 10 % under the bid is ${order.status}, not open`);
  await exchange.cancelOrder(order.id, PERPETUAL);
  // A limit order without a price does not compile; were it sent anyway, it is refused before sending.
  // @ts-expect-error a limit order needs a price
  const unpriced = await exchange.createOrder({ symbol: PERPETUAL, type: 'limit', side: 'buy', amount: 1 }).catch((e: unknown) => e);
  if (!isExchangeError(unpriced, 'BadRequest')) fail(`${label}: a limit order without price is not BadRequest: ${String(unpriced)}`);
  return `${label}: post-only ${order.id} ${order.status} on ${PERPETUAL}, cancelled; an unpriced limit is ${unpriced.kind}`;
}

/**
 * A ticker over the simulator's WebSocket: `watch*` returns at once and the stream engine loads by
 * name from the installed core when the stream starts (in this format: `require` in CommonJS).
 */
async function stream(label: string): Promise<string> {
  const exchange = new OkxExchange({ baseUrl, wsUrl: process.env.SMOKE_WS_URL ?? fail('SMOKE_WS_URL is not set') });
  try {
    const ticker = exchange.watchTicker(SYMBOL);
    if (ticker.status !== 'connecting') fail(`${label}: a new stream is ${ticker.status}, not connecting`);
    for await (const value of ticker) {
      if (!((value.last ?? 0) > 0)) fail(`${label}: the streamed ticker has no last price: ${JSON.stringify(value)}`);
      return `${label}: streamed ${SYMBOL} last ${value.last}, the stream ${ticker.status}`;
    }
    return fail(`${label}: the ticker stream ended without a value`);
  } finally {
    await exchange.close();
  }
}

/** Compiled, never called: an id that is no exchange does not compile; an id known only at run time gives `Exchange`. */
export function idsAtCompileTime(runtimeId: string): Promise<Exchange> {
  // @ts-expect-error 'binance' is not an exchange id
  void createExchange('binance');
  return createExchange(runtimeId);
}

async function main(): Promise<void> {
  // Typed per id: OKX's own option (marginMode) and its class, without a cast.
  const created: OkxExchange = await createExchange('okx', { ...optionsFromEnv('OKX'), marginMode: 'cross' });
  if (!(created instanceof OkxExchange)) fail("createExchange('okx') is not this OkxExchange");
  if (!(created instanceof BaseExchange)) fail('the adapter does not extend the BaseExchange of @exchange-adapters/core/adapter');
  const v1: OkexV1Exchange = await createExchange('okex-v1', { ...optionsFromEnv('OKEX_V1'), futuresDiscovery: 'lazy' });
  const weex = await createExchange('weex', optionsFromEnv('WEEX'));
  const lines = [
    await postOnly('okx', created),
    await postOnly('weex', weex),
    await tour("okx via createExchange('okx')", created),
    await tour('weex via new WeexExchange()', new WeexExchange(optionsFromEnv('WEEX'))),
    await tour("okex-v1 via createExchange('okex-v1')", v1),
    await stream('okx watchTicker'),
  ];
  await weex.close();
  for (const line of lines) console.log(`[${format}] ${line}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
