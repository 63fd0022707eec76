/**
 * Deadlines without a Node timer per request (issue 10), shared by the pipeline's deadline
 * (deadline.ts) and the built-in node:http transport. A `setTimeout`/`clearTimeout` pair per call
 * costs more than the rest of a small call (a Timeout object, and a timer list built and torn down
 * around every sequential request). Requests with the same timeout expire in the order they were
 * sent, so one queue per timeout with one timer, armed for its oldest request, serves them all; the
 * timer keeps the process alive only while some request of its queue is in flight, as a timer per
 * request did.
 */
import { monotonicNow } from './clock.js';

export interface Deadline {
  /** Monotonic ms when the request fails. */
  readonly atMs: number;
  /** Called when the deadline passes before the request settled; dropped once it settles. */
  expire: (() => void) | undefined;
  readonly queue: DeadlineQueue;
}

/** The requests in flight with one timeout, oldest first: their deadlines are in the same order. */
class DeadlineQueue {
  readonly #timeoutMs: number;
  /** Deadlines from `#head` on; settled ones are dropped when they reach the head. */
  #deadlines: Deadline[] = [];
  #head = 0;
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(timeoutMs: number) {
    this.#timeoutMs = timeoutMs;
  }

  add(expire: () => void): Deadline {
    const deadline: Deadline = { atMs: monotonicNow() + this.#timeoutMs, expire, queue: this };
    this.#dropSettled();
    this.#deadlines.push(deadline);
    if (++this.#inFlight === 1) {
      // Armed for the oldest deadline, it may fire early for a later one: it then re-arms.
      if (this.#timer === undefined) this.#timer = setTimeout(() => this.#sweep(), this.#timeoutMs);
      else this.#timer.ref();
    }
    return deadline;
  }

  settle(deadline: Deadline): void {
    if (deadline.expire === undefined) return;
    deadline.expire = undefined;
    // Nothing in flight: the timer may stay armed, but must not keep the process alive.
    if (--this.#inFlight === 0) this.#timer?.unref();
  }

  #sweep(): void {
    this.#timer = undefined;
    const nowMs = monotonicNow();
    this.#dropSettled();
    while (this.#head < this.#deadlines.length) {
      const oldest = this.#deadlines[this.#head] as Deadline;
      const expire = oldest.expire;
      if (expire !== undefined) {
        if (oldest.atMs > nowMs) break;
        this.settle(oldest);
        expire();
      }
      this.#head++;
    }
    this.#dropSettled();
    const next = this.#deadlines[this.#head];
    if (next === undefined) return;
    this.#timer = setTimeout(() => this.#sweep(), Math.max(1, Math.ceil(next.atMs - nowMs)));
    if (this.#inFlight === 0) this.#timer.unref();
  }

  #dropSettled(): void {
    const deadlines = this.#deadlines;
    while (this.#head < deadlines.length && (deadlines[this.#head] as Deadline).expire === undefined) this.#head++;
    if (this.#head === deadlines.length) {
      deadlines.length = 0;
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > deadlines.length) {
      deadlines.splice(0, this.#head);
      this.#head = 0;
    }
  }
}

const queues = new Map<number, DeadlineQueue>();

function queueFor(timeoutMs: number): DeadlineQueue {
  let queue = queues.get(timeoutMs);
  if (queue === undefined) {
    queue = new DeadlineQueue(timeoutMs);
    queues.set(timeoutMs, queue);
  }
  return queue;
}

/** Calls `expire` once `timeoutMs` has passed, unless `endDeadline` comes first. */
export function startDeadline(timeoutMs: number, expire: () => void): Deadline {
  return queueFor(timeoutMs).add(expire);
}

/** The request settled: its deadline will not fire. Idempotent. */
export function endDeadline(deadline: Deadline): void {
  deadline.queue.settle(deadline);
}
