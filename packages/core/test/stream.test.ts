import { BookState, multiply, type StreamSink, scaleAmount } from '../src/adapter.js';
import { isExchangeError, Stream } from '../src/index.js';

type Sink<T> = StreamSink<T>;

function controlled<T>(delivery: 'conflate' | 'queue', maxBuffered?: number) {
  const state: { sink?: Sink<T>; starts: number; teardowns: number } = { starts: 0, teardowns: 0 };
  const stream = new Stream<T>({ name: 'test stream', exchange: 'testex', delivery, maxBuffered }, (sink) => {
    state.starts++;
    state.sink = sink;
    return () => {
      state.teardowns++;
    };
  });
  return { stream, state, sink: () => state.sink as Sink<T> };
}

describe('Stream', () => {
  it('starts on first iteration or data listener, not on a status listener', () => {
    const first = controlled<number>('queue');
    first.stream.on('status', () => undefined);
    expect(first.state.starts).toBe(0);
    first.stream.on('data', () => undefined);
    expect(first.state.starts).toBe(1);
    const second = controlled<number>('queue');
    second.stream[Symbol.asyncIterator]();
    expect(second.state.starts).toBe(1);
  });

  it('queues every value in order for the reader', async () => {
    const { stream, sink } = controlled<number>('queue');
    const iterator = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 5; i++) sink().push(i);
    const read: number[] = [];
    for (let i = 0; i < 5; i++) read.push((await iterator.next()).value as number);
    expect(read).toEqual([0, 1, 2, 3, 4]);
    expect(stream.latest).toBe(4);
    expect(stream.buffered).toBe(0);
  });

  it('conflates: a slow reader gets the newest value, built once when read', async () => {
    const { stream, sink } = controlled<{ n: number }>('conflate');
    const iterator = stream[Symbol.asyncIterator]();
    let builds = 0;
    for (let n = 0; n < 1000; n++) {
      sink().offer(() => {
        builds++;
        return { n };
      });
    }
    expect(builds).toBe(0);
    expect((await iterator.next()).value).toEqual({ n: 999 });
    expect(builds).toBe(1);
    expect(stream.buffered).toBe(0);
  });

  it('drops a pending value that was retracted (the state it came from is inconsistent)', async () => {
    const { stream, sink } = controlled<number>('conflate');
    const iterator = stream[Symbol.asyncIterator]();
    sink().offer(() => 1);
    sink().retract();
    const pending = iterator.next();
    sink().offer(() => 2);
    expect((await pending).value).toBe(2);
  });

  it('fails an overflowing queue with StreamOverflow, tears down, and reports closed', async () => {
    const { stream, sink, state } = controlled<number>('queue', 3);
    const errors: unknown[] = [];
    const statuses: string[] = [];
    stream.on('error', (error) => errors.push(error));
    stream.on('status', (status) => statuses.push(status));
    const iterator = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) sink().push(i);
    expect(isExchangeError(errors[0], 'StreamOverflow')).toBe(true);
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'StreamOverflow', exchange: 'testex' });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(statuses).toEqual(['closed']);
    await stream.close();
    expect(state.teardowns).toBe(1);
  });

  it('ends a waiting reader on close and tears down once; breaking out of for-await closes', async () => {
    const { stream, state, sink } = controlled<number>('queue');
    const iterator = stream[Symbol.asyncIterator]();
    const waiting = iterator.next();
    await stream.close();
    await stream.close();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(state.teardowns).toBe(1);
    const other = controlled<number>('queue');
    const reading = (async () => {
      for await (const value of other.stream) if (value === 2) break;
    })();
    other.sink().push(1);
    other.sink().push(2);
    await reading;
    expect(other.stream.status).toBe('closed');
    expect(other.state.teardowns).toBe(1);
    expect(() => sink().push(3)).not.toThrow();
  });

  it('has one reader', () => {
    const { stream } = controlled<number>('queue');
    stream[Symbol.asyncIterator]();
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/one reader/);
  });
});

describe('BookState', () => {
  const book = (depth = 400, amountMultiplier = 1) => new BookState({ symbol: 'BTC/USDT', depth, amountMultiplier, keepText: false });

  it('applies a snapshot, then inserts, replaces and removes levels keeping both sides sorted', () => {
    const state = book();
    state.apply({
      snapshot: true,
      bids: [
        ['100', '1'],
        ['99', '2'],
      ],
      asks: [
        ['101', '1'],
        ['103', '3'],
      ],
      sequence: 1,
    });
    state.apply({
      snapshot: false,
      bids: [
        ['99.5', '4'],
        ['100', '0'],
        ['98', '1'],
      ],
      asks: [
        ['102', '2'],
        ['103', '5'],
        ['104', '0'],
      ],
      sequence: 2,
    });
    expect(state.toOrderBook(10)).toEqual({
      symbol: 'BTC/USDT',
      timestamp: undefined,
      sequence: 2,
      bids: [
        [99.5, 4],
        [99, 2],
        [98, 1],
      ],
      asks: [
        [101, 1],
        [102, 2],
        [103, 5],
      ],
    });
    expect(state.toOrderBook(1).bids).toEqual([[99.5, 4]]);
  });

  it('keeps at most the channel depth and refuses malformed levels', () => {
    const state = book(2);
    expect(
      state.apply({
        snapshot: true,
        bids: [
          ['3', '1'],
          ['2', '1'],
          ['1', '1'],
        ],
        asks: [],
      }),
    ).toBe(true);
    expect(state.toOrderBook(10).bids).toEqual([
      [3, 1],
      [2, 1],
    ]);
    expect(state.apply({ snapshot: false, bids: [['x', '1']], asks: [] })).toBe(false);
    expect(state.apply({ snapshot: false, bids: [['5', '-1']], asks: [] })).toBe(false);
  });

  it('converts contracts to base units the way REST does (exact decimal product)', () => {
    for (const [size, multiplier] of [
      ['3', 0.1],
      ['7', 0.01],
      ['12345.678', 0.01],
      ['0.3', 3],
      ['57745', 0.1],
      ['1', 0.0001],
    ] as const) {
      expect(scaleAmount(Number(size), multiplier)).toBe(multiply(size, multiplier));
    }
    const state = book(400, 0.1);
    state.apply({ snapshot: true, bids: [['111.05', '57745']], asks: [['111.06', '3']] });
    expect(state.toOrderBook(1)).toMatchObject({ bids: [[111.05, 5774.5]], asks: [[111.06, 0.3]] });
  });
});
