/**
 * How an error looks to the program that caught it: `orderState` only where an order could have
 * been placed, no `undefined` facts in `console.log`/`util.inspect`, and a stack whose first frame
 * is the caller's own code, also after awaits.
 */
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { startStackAtCaller } from '../src/caller-stack.js';
import { createExchange, type ExchangeError, isExchangeError, NetworkError } from '../src/index.js';
import { FakeVenue } from './support/fake-venue.js';
import { CREDENTIALS, installHappyRoutes, TestExchange } from './support/test-exchange.js';

const THIS_FILE = 'error-presentation.test.ts';

async function caught(call: () => unknown): Promise<ExchangeError> {
  try {
    await call();
  } catch (error) {
    if (isExchangeError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/** The first `at …` line of a stack. */
function topFrame(error: Error): string {
  return (error.stack ?? '').split('\n').find((line) => /^\s+at /.test(line)) ?? '';
}

/** `file:line` of the line of this file that ends with the marker comment `// call site: <name>`. */
function callSite(name: string): string {
  const lines = readFileSync(__filename, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.endsWith(`// call site: ${name}`));
  if (index < 0) throw new Error(`no call site ${name}`);
  return `${THIS_FILE}:${index + 1}:`;
}

describe('orderState', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('is absent from errors of reads and cancels, also when the credential preflight refuses them', async () => {
    const exchange = new TestExchange({ baseUrl: venue.url });
    const read = await caught(() => exchange.fetchOrder('1', 'BTC/USDT'));
    expect(read.kind).toBe('AuthMissing');
    expect(read).not.toHaveProperty('orderState');
    expect(read.message).not.toContain('orderState');
    const cancel = await caught(() => exchange.cancelOrder('1', 'BTC/USDT'));
    expect(cancel.kind).toBe('AuthMissing');
    expect(cancel).not.toHaveProperty('orderState');
    const badArgument = await caught(() => exchange.fetchOrder('1', 42 as never));
    expect(badArgument.kind).toBe('BadRequest');
    expect(badArgument).not.toHaveProperty('orderState');
    expect(venue.hits('GET /order')).toHaveLength(0);
    await exchange.close();
  });

  it("says 'not-placed' with the client id when the same preflight refuses an order", async () => {
    const exchange = new TestExchange({ baseUrl: venue.url });
    const request = { symbol: 'BTC/USDT', type: 'limit', side: 'buy', amount: 0.01, price: 50_000, clientOrderId: 'nokey1' } as const;
    const error = await caught(() => exchange.createOrder(request));
    expect(error).toMatchObject({ kind: 'AuthMissing', orderState: 'not-placed', clientOrderId: 'nokey1' });
    expect(error.message).toContain('orderState=not-placed');
    const [item] = await exchange.createOrders([{ ...request, clientOrderId: 'nokey2' }]);
    expect(item?.error).toMatchObject({ kind: 'AuthMissing', orderState: 'not-placed', clientOrderId: 'nokey2' });
    expect(venue.hits('POST /order')).toHaveLength(0);
    await exchange.close();
  });
});

describe('util.inspect and console.log', () => {
  it('list the facts an error has and no undefined ones', () => {
    const sparse = new NetworkError({ exchange: 'okx', message: 'socket hang up', hint: 'Check the network.' });
    const text = inspect(sparse);
    expect(text).not.toContain('undefined');
    expect(text).toContain("kind: 'NetworkError'");
    expect(text).toContain("hint: 'Check the network.'");
    expect(text).toContain('retryable: true');
    expect(Object.keys(sparse)).toEqual(['kind', 'exchange', 'hint', 'retryable']);
    expect(sparse.name).toBe('NetworkError');
    expect(sparse.detail).toBe('socket hang up');
    expect(sparse.toJSON()).toEqual({
      kind: 'NetworkError',
      exchange: 'okx',
      message: sparse.message,
      hint: 'Check the network.',
      retryable: true,
    });
  });

  it('list every fact of a full error, in the order of the taxonomy', () => {
    const full = new NetworkError({
      exchange: 'okx',
      message: 'no complete reply within 10000 ms',
      exchangeCode: '50004',
      exchangeMessage: 'API endpoint request timeout',
      httpStatus: 200,
      hint: 'Look the order up.',
      retryable: false,
      request: { method: 'POST', path: '/api/v5/trade/order' },
      orderState: 'unknown',
      clientOrderId: 'abc123',
      retryAfterMs: 1000,
    });
    expect(Object.keys(full)).toEqual([
      'kind',
      'exchange',
      'exchangeCode',
      'exchangeMessage',
      'httpStatus',
      'hint',
      'retryable',
      'request',
      'orderState',
      'clientOrderId',
      'retryAfterMs',
    ]);
    const text = inspect(full);
    expect(text).not.toContain('undefined');
    expect(text).toContain("orderState: 'unknown'");
    expect(text).toContain("path: '/api/v5/trade/order'");
  });
});

describe('the stack starts at the caller', () => {
  let venue: FakeVenue;
  beforeEach(async () => {
    venue = await new FakeVenue().start();
    installHappyRoutes(venue);
  });
  afterEach(() => venue.close());

  it('for an argument refused before anything runs', async () => {
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url });
    async function userCodeWithBadSymbol() {
      await exchange.fetchTicker(42 as never); // call site: bad symbol
    }
    const error = await caught(userCodeWithBadSymbol);
    expect(error.kind).toBe('BadRequest');
    expect(topFrame(error)).toContain(callSite('bad symbol'));
    await exchange.close();
  });

  it('for a credential preflight after the markets were loaded (an async path)', async () => {
    const exchange = new TestExchange({ baseUrl: venue.url });
    async function userCodeWithoutKeys() {
      await exchange.loadMarkets();
      await exchange.fetchOrder('1', 'BTC/USDT'); // call site: preflight
    }
    const error = await caught(userCodeWithoutKeys);
    expect(error.kind).toBe('AuthMissing');
    expect(topFrame(error)).toContain(callSite('preflight'));
    await exchange.close();
  });

  it('for an error the exchange answered, after a round trip', async () => {
    venue.route('GET /order', () => ({ body: { code: 'NOORDER', msg: 'no such order', data: [] } }));
    const exchange = new TestExchange({ ...CREDENTIALS, baseUrl: venue.url, clockSync: false });
    async function userCodeReadingAnOrder() {
      return exchange.fetchOrder('77', 'BTC/USDT');
    }
    async function userCodeCallingIt() {
      await userCodeReadingAnOrder(); // call site: round trip
    }
    const error = await caught(userCodeCallingIt);
    expect(error.kind).toBe('OrderNotFound');
    expect(venue.hits('GET /order')).toHaveLength(1);
    // userCodeReadingAnOrder returns the promise without awaiting it, so its caller is the first frame.
    expect(topFrame(error)).toContain(callSite('round trip'));
    expect(error.stack).not.toMatch(/src[/\\](pipeline|errors|base-exchange)\.ts/);
    await exchange.close();
  });

  it('for a bad option given to the constructor and for an unknown id given to createExchange', async () => {
    function userCodeConstructing() {
      return new TestExchange({ timeoutMs: -1 }); // call site: constructor
    }
    const option = await caught(userCodeConstructing);
    expect(option.kind).toBe('BadRequest');
    expect(topFrame(option)).toContain(callSite('constructor'));

    async function userCodeCreating() {
      await createExchange('binance' as never); // call site: createExchange
    }
    const id = await caught(userCodeCreating);
    expect(id.kind).toBe('BadRequest');
    expect(topFrame(id)).toContain(callSite('createExchange'));
  });

  it('keeps the library frames when no caller frame is in reach (a promise nobody awaits)', async () => {
    const exchange = new TestExchange({ baseUrl: venue.url });
    await exchange.loadMarkets();
    const error = await new Promise<ExchangeError>((resolve) => {
      exchange.fetchOrder('1', 'BTC/USDT').catch(resolve);
    });
    expect(error.kind).toBe('AuthMissing');
    expect(topFrame(error)).toMatch(/credentials\.ts/);
    await exchange.close();
  });

  it('leaves errors that are not ours alone: their frames locate the bug', () => {
    function libraryBug() {
      return new TypeError('cannot read properties of undefined'); // call site: library bug
    }
    const bug = libraryBug();
    const before = bug.stack;
    function boundary() {
      return startStackAtCaller(bug, boundary);
    }
    expect(boundary()).toBe(bug);
    expect(bug.stack).toBe(before);
    expect(topFrame(bug)).toContain(callSite('library bug'));
  });
});
