/**
 * The guard in front of every public method of an exchange: the argument check (arguments.ts)
 * and the `has` switch run before any adapter code, and every error leaving the method has the
 * credentials masked and its stack starting at the caller's code (startStackAtCaller).
 */
import { checkMethodArguments, type MethodSignature } from './arguments.js';
import { type StackBoundary, startStackAtCaller } from './caller-stack.js';
import { NO_CAPABILITIES } from './capabilities.js';
import type { ExchangeError } from './errors.js';
import type { ExchangeCapabilities } from './types.js';

/** The exchange as the guard reads it on each call: its id and its `has`. */
export interface GuardedExchange {
  readonly id: string;
  readonly has: Readonly<ExchangeCapabilities>;
}

/** What the guard needs of the exchange beyond `GuardedExchange`. */
export interface MethodGuardHooks {
  /** The NotSupported error of a method `has` switches off, with the adapter's hint. */
  notSupported: (name: string) => ExchangeError;
  /** Masks the credentials in an error leaving a method. */
  redact: (error: unknown) => unknown;
}

/**
 * Replaces each method of `signatures` the exchange has with its guarded self, an own property
 * of the exchange: a method the exchange lacks answers NotSupported, a bad argument BadRequest.
 * The method itself is called unchanged otherwise.
 */
export function guardPublicMethods(
  exchange: GuardedExchange,
  signatures: Readonly<Record<string, MethodSignature>>,
  hooks: MethodGuardHooks,
): void {
  const self = exchange as unknown as Record<string, unknown>;
  const leaving = (error: unknown, boundary: StackBoundary): unknown => startStackAtCaller(hooks.redact(error), boundary);
  const rejected = (error: unknown): never => {
    throw leaving(error, rejected);
  };
  for (const [name, signature] of Object.entries(signatures)) {
    const implementation = self[name];
    if (typeof implementation !== 'function') continue;
    // Decided once per method, not per call: is the method one `has` can switch off?
    const gated = Object.hasOwn(NO_CAPABILITIES, name);
    const check = (args: unknown[]) => {
      if (gated && !exchange.has[name as keyof ExchangeCapabilities]) throw hooks.notSupported(name);
      checkMethodArguments(exchange.id, name, signature, args);
    };
    const guarded = signature.sync
      ? (...args: unknown[]) => {
          try {
            check(args);
            return implementation.apply(exchange, args);
          } catch (error) {
            throw leaving(error, guarded);
          }
        }
      : (...args: unknown[]): Promise<unknown> => {
          // Not an async function: one promise less per call on the hot path.
          try {
            check(args);
            return Promise.resolve(implementation.apply(exchange, args)).catch(rejected);
          } catch (error) {
            return Promise.reject(leaving(error, guarded));
          }
        };
    Object.defineProperty(exchange, name, { value: guarded, writable: true, configurable: true, enumerable: false });
  }
}
