/**
 * Loads an adapter package on demand: `import()` in the ES module build. The CommonJS build swaps
 * this file for load-adapter-require.ts (tsup.config.ts), so each build loads the adapter's build
 * of its own format, and with it the same copy of core the program loaded.
 *
 * The specifier is a variable on purpose: a bundler that packs core must not pull every adapter
 * in with it, and core has no compile-time dependency on any adapter.
 */
export type AdapterModule = Record<string, unknown>;

export const loadAdapter = (packageName: string): Promise<AdapterModule> => import(packageName) as Promise<AdapterModule>;
