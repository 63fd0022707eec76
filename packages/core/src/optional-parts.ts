/**
 * Optional parts of the library — the stream engine, an adapter's WebSocket tables, a transport
 * other than node:http — are loaded by package name when first used (`@exchange-adapters/core/streams`,
 * `@exchange-adapters/okx/streams`, `@exchange-adapters/core/undici`), so a program that never uses
 * one never loads it, and a bundled app that never uses one does not carry it.
 *
 * Each is a subpath of its own package: an `import()` in the ES module build that resolves to the
 * same files as the rest of the package, a `require()` of the CommonJS files in the CommonJS build,
 * so either way it shares the program's copy of core. A bundler does not follow the name; a bundled
 * app that uses a part imports its subpath itself, which registers what it bundled here, and
 * nothing is loaded at run time.
 */
import { loadOptional } from './transport.js';

const registered = new Map<string, unknown>();
const loading = new Map<string, Promise<unknown>>();

/**
 * Called by an optional part's entry when it is imported: from then on the module under `entry` is
 * this one, and nothing is loaded by name.
 */
export function registerOptionalPart(entry: string, module: object): void {
  if (!registered.has(entry)) registered.set(entry, module);
}

/**
 * The module under `entry`: the registered one, or loaded once by `load` (default: core's own
 * loader, for core's subpaths). An adapter passes its own `(name) => import(name)`, so its subpath
 * is resolved from the adapter's package, where it is installed, not from core's. A failed load is
 * tried again by the next caller (the package may be installed by then).
 */
export function loadOptionalPart<T>(entry: string, load: (name: string) => Promise<unknown> = loadOptional): Promise<T> {
  const known = registered.get(entry);
  if (known) return Promise.resolve(known as T);
  let pending = loading.get(entry);
  if (!pending) {
    pending = load(entry).then(
      (module) => {
        registerOptionalPart(entry, module as object);
        loading.delete(entry);
        return registered.get(entry);
      },
      (error: unknown) => {
        loading.delete(entry);
        throw error;
      },
    );
    loading.set(entry, pending);
  }
  return pending as Promise<T>;
}
