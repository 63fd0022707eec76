/**
 * Loads an adapter package on demand. In the ES module build this is `import()`; the CommonJS build
 * (tsup converts it from the ES module one, tsup.config.ts) turns it into `require()`, so each
 * build loads the adapter's build of its own format, and with it the same copy of core the program
 * loaded: otherwise `err instanceof ExchangeError` would be false for every error the adapter throws
 * (test/module-formats.test.ts checks both formats).
 *
 * The specifier is a variable on purpose: a bundler that packs core must not pull every adapter
 * in with it, and core has no compile-time dependency on any adapter.
 */
export type AdapterModule = Record<string, unknown>;

export const loadAdapter = (packageName: string): Promise<AdapterModule> => import(packageName) as Promise<AdapterModule>;
