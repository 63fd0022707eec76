/**
 * Calling the program's event listeners and logger from inside the library. One that throws must
 * not unwind through the library: through a write whose reply has come (the call would report a
 * failure for an order the exchange took, and a retry could place it twice), or through the stream
 * engine's fan-out (the other streams of the subscription would miss the frame). Its error is not
 * swallowed either: it is thrown again on its own, after the current turn, as an uncaught
 * exception, as if the listener had been called alone, which is how Node reports errors of code it
 * calls back.
 */
import type { EventEmitter } from 'eventemitter3';

/** Calls the program's `callback`; if it throws, its error is thrown again after this turn. */
export function callProgram(callback: () => void): void {
  try {
    callback();
  } catch (error) {
    rethrowLater(error);
  }
}

/** Throws `error` on its own, after the current turn: an uncaught exception, as Node reports it. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

/** `emitter.emit(event, ...args)`, with a throwing listener's error thrown again after this turn. */
export function emitToListeners<Events extends EventEmitter.ValidEventTypes, E extends EventEmitter.EventNames<Events>>(
  emitter: EventEmitter<Events>,
  event: E,
  ...args: EventEmitter.EventArgs<Events, E>
): void {
  // No closure through callProgram: streams emit here once per pushed value.
  try {
    emitter.emit(event, ...args);
  } catch (error) {
    rethrowLater(error);
  }
}
