/**
 * The request deadline (issue 10): connect, send and the whole body within `timeoutMs`, whatever
 * the transport. It costs little per call, because every call has one:
 *
 * - The built-in node:http transport (the default) is not wrapped at all: it bounds connect, send
 *   and the whole body by `timeoutMs` itself, on the same timer queue, and destroys the socket.
 * - The AbortSignal is made only when the transport reads `request.signal` (undici and axios do,
 *   to free the socket; a stub or a cache never pays for it).
 * - No Node timer per request (deadline-queue.ts).
 */
import { endDeadline, startDeadline } from './deadline-queue.js';
import { DEADLINE_EXCEEDED, type HttpRequest, type HttpResponse, NodeHttpTransport, type Transport, TransportError } from './transport.js';

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
    const deadline = startDeadline(request.timeoutMs, () => {
      expired = true;
      reject(new TransportError(`no complete reply within ${request.timeoutMs} ms`, DEADLINE_EXCEEDED, true, true));
      controller?.abort();
    });
    const fail = (error: unknown) => {
      endDeadline(deadline);
      reject(error);
    };
    try {
      Promise.resolve(transport.send(withSignal)).then((response) => {
        endDeadline(deadline);
        resolve(response);
      }, fail);
    } catch (error) {
      fail(error);
    }
  });
}
