/**
 * The request deadline (issue 10): connect, send and the whole body within `timeoutMs`, whatever
 * the transport. It costs little per call, because every call has one:
 *
 * - The built-in node:http transport (the default) is not wrapped at all: its own timer already
 *   bounds connect, send and the whole body by `timeoutMs` and destroys the socket.
 * - The AbortSignal is made only when the transport reads `request.signal` (undici and axios do,
 *   to free the socket; a stub or a cache never pays for it).
 * - No Node timer per request. A `setTimeout`/`clearTimeout` pair per call costs more than the
 *   rest of a small call (a Timeout object, and a timer list built and torn down around every
 *   sequential request). Requests with the same timeout expire in the order they were sent, so
 *   one queue per timeout with one timer, armed for its oldest request, serves them all; the timer
 *   keeps the process alive only while some request of its queue is in flight, as a timer per
 *   request did.
 */
import { monotonicNow } from './clock.js';
import { DEADLINE_EXCEEDED, type HttpRequest, type HttpResponse, NodeHttpTransport, type Transport, TransportError } from './transport.js';

interface Deadline {
  /** Monotonic ms when the request fails. */
  readonly atMs: number;
  /** Called when the deadline passes before the request settled; dropped once it settles. */
  expire: (() => void) | undefined;
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
    const deadline: Deadline = { atMs: monotonicNow() + this.#timeoutMs, expire };
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

/**
 * Sends one request under a total deadline: connect, send and the whole body within `timeoutMs`.
 * The signal tells the transport to stop and free the socket; the deadline rejects on its own, so
 * it holds even for a transport that ignores the signal. (axios's own timeout is an idle timer: a
 * reply trickling a byte at a time would never trip it.)
 */
export function sendWithDeadline(transport: Transport, request: Omit<HttpRequest, 'signal'>): Promise<HttpResponse> {
  // The built-in node:http send already bounds the whole exchange by `timeoutMs` and destroys the
  // socket when it passes. A second deadline around it only doubled the work: an AbortSignal, its
  // listener, a promise and a queue entry per call, about a fifth of a small call's CPU (measured
  // with tools/bench). Compared by method, so a subclass that overrides `send` keeps the deadline.
  if (transport.send === NodeHttpTransport.prototype.send) return transport.send(request);
  let controller: AbortController | undefined;
  let expired = false;
  // Fields written out rather than spread: a spread followed by another property leaves V8's fast
  // path (0.8 µs a call). `signal` stays an own, enumerable property, so a copy made by spreading
  // the request keeps it.
  const withSignal: HttpRequest = {
    method: request.method,
    url: request.url,
    headers: request.headers,
    body: request.body,
    timeoutMs: request.timeoutMs,
    maxResponseBytes: request.maxResponseBytes,
    // Made when the transport first reads it: an AbortSignal costs more than the rest of the
    // deadline, and a transport that never looks at it (a stub, a cache) need not pay for it.
    get signal(): AbortSignal {
      if (controller === undefined) {
        controller = new AbortController();
        if (expired) controller.abort();
      }
      return controller.signal;
    },
  };
  return new Promise<HttpResponse>((resolve, reject) => {
    const queue = queueFor(request.timeoutMs);
    const deadline = queue.add(() => {
      expired = true;
      reject(new TransportError(`no complete reply within ${request.timeoutMs} ms`, DEADLINE_EXCEEDED, true, true));
      controller?.abort();
    });
    const fail = (error: unknown) => {
      queue.settle(deadline);
      reject(error);
    };
    try {
      Promise.resolve(transport.send(withSignal)).then((response) => {
        queue.settle(deadline);
        resolve(response);
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}
