/**
 * Where the stack of an error leaving the library starts. Internal: the base exchange and
 * createExchange call it at the public boundary.
 */
import { isExchangeError } from './errors.js';

/** The public function or class a caller called: where the stack of an error leaving it starts. */
export type StackBoundary = CallableFunction | NewableFunction;

/**
 * Restarts the stack of one of our errors as it leaves the library through `boundary`, so that its
 * first frame is the caller's code instead of the check or factory that built it (Node hides its
 * own frames from its argument errors the same way). Async frames are kept: an error raised after
 * a request starts at `at async main (bot.ts:12)`. When none of the caller's frames is in reach
 * (a promise chained without `await`), the stack is left as it was. Any other error is left alone:
 * it is a bug, and its frames are the clue.
 */
const FRAME = /^\s+at /;
const NODE_INTERNAL = /^\s+at (?:.*\()?node:internal\//;

export function startStackAtCaller<E>(error: E, boundary: StackBoundary): E {
  if (!isExchangeError(error) || typeof Error.captureStackTrace !== 'function') return error;
  const before = error.stack;
  Error.captureStackTrace(error, boundary);
  const lines = (error.stack ?? '').split('\n');
  const firstFrame = lines.findIndex((line) => FRAME.test(line));
  // Below a promise reaction sits Node's task queue (`process.processTicksAndRejections`): not the caller either.
  let callerFrame = firstFrame;
  while (callerFrame >= 0 && callerFrame < lines.length && NODE_INTERNAL.test(lines[callerFrame] as string)) callerFrame++;
  if (firstFrame < 0 || callerFrame >= lines.length) {
    error.stack = before;
  } else if (callerFrame > firstFrame) {
    error.stack = [...lines.slice(0, firstFrame), ...lines.slice(callerFrame)].join('\n');
  }
  return error;
}
