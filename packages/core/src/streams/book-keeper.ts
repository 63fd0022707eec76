/**
 * Book maintenance for one book subscription, shared by every stream watching it: snapshot, then
 * deltas checked by the adapter's sequence rule (and checksum, where the exchange sends one); a gap
 * drops the pending value and resyncs (a fresh channel snapshot, or a REST snapshot spliced with
 * buffered deltas). Readers get the book conflated, built once per read from a consistent state.
 */
import type { ExchangeError } from '../errors.js';
import type { OrderBook } from '../types.js';
import { BookState } from './book.js';
import type { SubscriptionListener } from './connection.js';
import type { BookMessage, WsBookChannel } from './contract.js';
import type { StreamSink } from './stream.js';

export interface BookReader {
  depth: number;
  sink: StreamSink<OrderBook>;
}

export interface BookKeeperDeps {
  channel: WsBookChannel;
  symbol: string;
  /** Asks the connection for a fresh snapshot (unsubscribe + subscribe). */
  resubscribe: () => void;
  /** REST snapshot for `snapshot: 'rest'` channels. */
  fetchSnapshot: (depth: number) => Promise<OrderBook>;
  badResponse: (message: string) => ExchangeError;
  /** Delay before retrying a failed REST snapshot. */
  retryDelayMs: () => number;
}

type Phase = 'connecting' | 'reconnecting' | 'awaiting-snapshot' | 'fetching' | 'live' | 'resyncing';

/** Deltas held while a REST snapshot is read; past this the read starts over. */
const MAX_HELD_DELTAS = 100_000;
const DEFAULT_CHECKSUM_DEPTH = 25;

export class BookKeeper implements SubscriptionListener {
  readonly readers = new Set<BookReader>();
  readonly #deps: BookKeeperDeps;
  #state: BookState;
  #phase: Phase = 'connecting';
  /** What readers are told while the book is not live. */
  #waitingStatus: 'connecting' | 'reconnecting' | 'resyncing' = 'connecting';
  #held: BookMessage[] = [];
  #fetchGeneration = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(deps: BookKeeperDeps) {
    this.#deps = deps;
    this.#state = this.#newState(false);
  }

  get live(): boolean {
    return this.#phase === 'live';
  }

  addReader(reader: BookReader): void {
    this.readers.add(reader);
    if (this.#phase === 'live') {
      reader.sink.status('live');
      this.#offerTo(reader);
    } else {
      reader.sink.status(this.#waitingStatus);
    }
  }

  close(): void {
    this.#closed = true;
    this.#fetchGeneration++;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#held = [];
  }

  // ── SubscriptionListener ─────────────────────────────────────────────────────────────────────

  status(status: 'connecting' | 'reconnecting' | 'subscribed'): void {
    if (status === 'subscribed') {
      if (this.#deps.channel.snapshot === 'rest') this.#fetch();
      else this.#phase = 'awaiting-snapshot';
      return;
    }
    this.#invalidate(status === 'connecting' && this.#phase !== 'live' ? this.#waitingStatus : 'reconnecting');
    this.#phase = status;
  }

  resumed(): void {
    // A book needs no reconciliation: the fresh snapshot after the resubscribe is the truth.
  }

  error(error: ExchangeError, fatal: boolean): void {
    for (const reader of this.readers) {
      if (fatal) reader.sink.fail(error);
      else reader.sink.warn(error);
    }
  }

  message(message: unknown): void {
    let frames: BookMessage[];
    try {
      frames = this.#deps.channel.parse(message);
    } catch (error) {
      this.#resync(`unreadable book frame: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    for (const frame of frames) {
      const field = unreadableNumber(frame);
      if (field !== undefined) {
        this.#resync(`unreadable book frame: its ${field} is not a number`);
        return;
      }
    }
    let changed = false;
    for (const frame of frames) {
      const outcome = this.#take(frame);
      if (outcome === 'resync') return;
      if (outcome === 'applied') changed = true;
    }
    if (changed && this.#phase === 'live') this.#publish();
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────────

  #take(frame: BookMessage): 'applied' | 'ignored' | 'resync' {
    const { channel } = this.#deps;
    if (this.#phase === 'fetching') {
      if (this.#held.length >= MAX_HELD_DELTAS) {
        this.#held = [];
        this.#fetch();
        return 'ignored';
      }
      this.#held.push(frame);
      return 'ignored';
    }
    if (this.#phase !== 'live') {
      // On a first-push channel the first frame after the ack is the full book unless it says otherwise.
      const snapshot = frame.snapshot ?? (channel.snapshot === 'first-push' && this.#phase === 'awaiting-snapshot');
      if (snapshot && this.#phase !== 'connecting' && this.#phase !== 'reconnecting') return this.#applySnapshot(frame);
      // Subscribed, yet a delta came first: the snapshot was lost on the way. Before the ack (and
      // during a resync) deltas belong to the old subscription and describe a book we do not have.
      if (this.#phase === 'awaiting-snapshot' && !snapshot) {
        this.#resync('a delta arrived before the snapshot');
        return 'resync';
      }
      return 'ignored';
    }
    if (channel.sequence) {
      const verdict = channel.sequence(this.#state.sequence, frame);
      if (verdict === 'skip') return 'ignored';
      if (verdict === 'gap') {
        this.#resync(`sequence gap: ${frame.prevSequence ?? '?'} does not follow ${this.#state.sequence ?? '?'}`);
        return 'resync';
      }
    }
    if (frame.snapshot) return this.#applySnapshot(frame);
    if (!this.#state.apply(frame)) {
      this.#resync('malformed book level');
      return 'resync';
    }
    if (!this.#checksumHolds(frame)) {
      this.#resync('checksum mismatch');
      return 'resync';
    }
    // Without sequence numbers a lost delta can still show: an exchange never publishes a crossed book.
    if (!channel.sequence && this.#state.crossed()) {
      this.#resync('the book crossed (a delta was lost)');
      return 'resync';
    }
    return 'applied';
  }

  #applySnapshot(frame: BookMessage): 'applied' | 'resync' {
    const wantText = this.#deps.channel.checksum !== undefined && !!frame.checksum;
    if (wantText !== this.#state.keepsText) this.#state = this.#newState(wantText);
    if (!this.#state.apply(frame) || !this.#checksumHolds(frame)) {
      this.#resync(this.#state.sequence === undefined ? 'malformed snapshot' : 'snapshot checksum mismatch');
      return 'resync';
    }
    this.#goLive();
    return 'applied';
  }

  #checksumHolds(frame: BookMessage): boolean {
    const { channel } = this.#deps;
    if (!channel.checksum || !frame.checksum || !this.#state.keepsText) return true;
    const { bids, asks } = this.#state.textLevels(channel.checksumDepth ?? DEFAULT_CHECKSUM_DEPTH);
    return channel.checksum(bids, asks) === frame.checksum;
  }

  #goLive(): void {
    this.#phase = 'live';
    for (const reader of this.readers) reader.sink.status('live');
  }

  #publish(): void {
    for (const reader of this.readers) this.#offerTo(reader);
  }

  #offerTo(reader: BookReader): void {
    const state = this.#state;
    const depth = reader.depth;
    // Built when read, from the state as it is then; a resync retracts it first.
    reader.sink.offer(() => state.toOrderBook(depth));
  }

  #invalidate(status: 'connecting' | 'reconnecting' | 'resyncing'): void {
    this.#waitingStatus = status;
    this.#state.reset();
    this.#held = [];
    this.#fetchGeneration++;
    for (const reader of this.readers) {
      reader.sink.retract();
      reader.sink.status(status);
    }
  }

  #resync(reason: string): void {
    if (this.#closed) return;
    this.#invalidate('resyncing');
    for (const reader of this.readers) reader.sink.warn(this.#deps.badResponse(`${this.#deps.symbol} book resync: ${reason}`));
    if (this.#deps.channel.snapshot === 'rest') {
      this.#fetch();
    } else {
      // Until the new subscription is acknowledged, frames in flight belong to the old one.
      this.#phase = 'resyncing';
      this.#deps.resubscribe();
    }
  }

  /** REST snapshot, then the held deltas that follow it. */
  #fetch(): void {
    if (this.#closed) return;
    this.#phase = 'fetching';
    this.#held = [];
    const generation = ++this.#fetchGeneration;
    const { channel } = this.#deps;
    this.#deps.fetchSnapshot(channel.depth).then(
      (book) => {
        if (generation !== this.#fetchGeneration || this.#closed) return;
        this.#state.load(book);
        const held = this.#held;
        this.#held = [];
        this.#phase = 'live';
        for (const frame of held) {
          const verdict = channel.sequence ? channel.sequence(this.#state.sequence, frame) : 'apply';
          if (verdict === 'skip') continue;
          if (verdict === 'gap' || !this.#state.apply(frame)) {
            // The snapshot is older than the first buffered delta can splice onto: read it again.
            this.#phase = 'fetching';
            this.#retryLater();
            return;
          }
        }
        this.#goLive();
        this.#publish();
      },
      (error: unknown) => {
        if (generation !== this.#fetchGeneration || this.#closed) return;
        for (const reader of this.readers)
          reader.sink.warn(this.#deps.badResponse(`${this.#deps.symbol} book snapshot failed: ${String(error)}`));
        this.#retryLater();
      },
    );
  }

  #retryLater(): void {
    if (this.#retryTimer || this.#closed) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#fetch();
    }, this.#deps.retryDelayMs());
  }

  #newState(keepText: boolean): BookState {
    const { channel, symbol } = this.#deps;
    return new BookState({ symbol, depth: channel.depth, amountMultiplier: channel.amountMultiplier, keepText });
  }
}

/**
 * The first of a frame's sequence, previous sequence and time that is there but not a finite
 * number (an adapter's `Number("x")`): such a frame cannot be ordered or dated, so the book is
 * fetched again rather than published with NaN in it.
 */
function unreadableNumber(frame: BookMessage): 'sequence' | 'prevSequence' | 'timestamp' | undefined {
  if (frame.sequence !== undefined && !Number.isFinite(frame.sequence)) return 'sequence';
  if (frame.prevSequence !== undefined && !Number.isFinite(frame.prevSequence)) return 'prevSequence';
  if (frame.timestamp !== undefined && !Number.isFinite(frame.timestamp)) return 'timestamp';
  return undefined;
}
