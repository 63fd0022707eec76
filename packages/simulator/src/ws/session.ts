/**
 * One client WebSocket connection as the simulator serves it: pushes go through the fault rules
 * (drop, silence, skip, duplicate, reorder, delay) in order, and the connection closes itself after
 * `idleCloseMs` without traffic either way, as OKX does after 30 s (close code 4004).
 */
import type { WebSocket } from 'ws';
import type { ExchangeId } from '../engine/venue.js';
import type { WsFaults } from './faults.js';

export interface SessionOptions {
  exchange: ExchangeId;
  /** Socket kind: `public`, `private`, `business`. */
  endpoint: string;
  faults: WsFaults;
  /** 0: the exchange closes no idle connection. */
  idleCloseMs: number;
  /** The exchange's close for an idle connection. */
  idleClose: { code: number; reason: string };
  onClose: (session: WsSession) => void;
  /** Frames as they go on the wire: OKEx v1 sends raw-DEFLATE binary frames. Default: text. */
  encode?: (text: string) => Uint8Array;
}

/** How long a reordered push waits for a successor before it goes out alone. */
const REORDER_HOLD_MS = 50;

export class WsSession {
  readonly exchange: ExchangeId;
  readonly endpoint: string;
  readonly #socket: WebSocket;
  readonly #options: SessionOptions;
  #silent = false;
  #closed = false;
  #idleTimer: NodeJS.Timeout | undefined;
  /** Frames waiting for their send time (delay faults keep order behind them). */
  #queue: Array<{ text: string; dueMs: number }> = [];
  #queueTimer: NodeJS.Timeout | undefined;
  #held: { text: string; timer: NodeJS.Timeout } | undefined;

  constructor(socket: WebSocket, options: SessionOptions) {
    this.#socket = socket;
    this.#options = options;
    this.exchange = options.exchange;
    this.endpoint = options.endpoint;
    socket.on('close', () => this.#onClosed());
    socket.on('error', () => this.#onClosed());
    this.touch();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Traffic in either direction keeps the connection open. */
  touch(): void {
    if (this.#closed || this.#options.idleCloseMs <= 0) return;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.close(this.#options.idleClose.code, this.#options.idleClose.reason), this.#options.idleCloseMs);
  }

  /** Acks, login replies, errors and pongs: not subject to push faults, but to silence. */
  reply(text: string): void {
    this.#enqueue(text, 0);
  }

  /** A data push on `channel`, through the fault rules. */
  push(text: string, channel: string): void {
    if (this.#closed || this.#silent) return;
    const faults = this.#options.faults.forPush({ exchange: this.exchange, endpoint: this.endpoint, channel });
    let copies = 1;
    let delayMs = 0;
    let reorder = false;
    for (const fault of faults) {
      switch (fault.fault) {
        case 'drop':
          this.drop();
          return;
        case 'silence':
          this.silence();
          return;
        case 'skip':
          return;
        case 'duplicate':
          copies = 2;
          break;
        case 'reorder':
          reorder = true;
          break;
        case 'delay':
          delayMs += fault.delayMs ?? 0;
          break;
        default:
          break;
      }
    }
    if (reorder && !this.#held) {
      const timer = setTimeout(() => this.#releaseHeld(), REORDER_HOLD_MS);
      this.#held = { text, timer };
      return;
    }
    for (let i = 0; i < copies; i++) this.#enqueue(text, delayMs);
    this.#releaseHeld();
  }

  /** Stops every outgoing frame until the connection closes. */
  silence(): void {
    this.#silent = true;
    this.#queue = [];
    if (this.#held) clearTimeout(this.#held.timer);
    this.#held = undefined;
  }

  /** Closes the TCP connection without a close frame. */
  drop(): void {
    this.#socket.terminate();
    this.#onClosed();
  }

  close(code: number, reason: string): void {
    if (this.#closed) return;
    this.#socket.close(code, reason);
    // A client that never answers the close frame is cut off.
    setTimeout(() => this.#socket.terminate(), 1_000).unref();
    this.#onClosed();
  }

  #releaseHeld(): void {
    const held = this.#held;
    if (!held) return;
    clearTimeout(held.timer);
    this.#held = undefined;
    this.#enqueue(held.text, 0);
  }

  #enqueue(text: string, delayMs: number): void {
    if (this.#closed || this.#silent) return;
    if (delayMs === 0 && this.#queue.length === 0) {
      this.#write(text);
      return;
    }
    const last = this.#queue.at(-1)?.dueMs ?? 0;
    this.#queue.push({ text, dueMs: Math.max(last, Date.now() + delayMs) });
    this.#scheduleQueue();
  }

  #scheduleQueue(): void {
    if (this.#queueTimer || this.#queue.length === 0) return;
    const wait = Math.max(0, (this.#queue[0] as { dueMs: number }).dueMs - Date.now());
    this.#queueTimer = setTimeout(() => {
      this.#queueTimer = undefined;
      const now = Date.now();
      while (this.#queue.length > 0 && (this.#queue[0] as { dueMs: number }).dueMs <= now) {
        this.#write((this.#queue.shift() as { text: string }).text);
      }
      this.#scheduleQueue();
    }, wait);
  }

  #write(text: string): void {
    if (this.#closed || this.#silent || this.#socket.readyState !== this.#socket.OPEN) return;
    const encode = this.#options.encode;
    this.#socket.send(encode ? encode(text) : text);
    this.touch();
  }

  #onClosed(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#idleTimer) clearTimeout(this.#idleTimer);
    if (this.#queueTimer) clearTimeout(this.#queueTimer);
    if (this.#held) clearTimeout(this.#held.timer);
    this.#idleTimer = undefined;
    this.#queueTimer = undefined;
    this.#held = undefined;
    this.#queue = [];
    this.#options.onClose(this);
  }
}
