/**
 * load-adapter.ts for the CommonJS build (swapped in by tsup.config.ts). It must `require` the
 * adapter: an `import()` here would load the adapter's ES module build, which imports the ES module
 * copy of core, so a CommonJS program would hold two copies of core and `err instanceof
 * ExchangeError` would be false for every error the adapter throws.
 */
export type AdapterModule = Record<string, unknown>;

export const loadAdapter = async (packageName: string): Promise<AdapterModule> => require(packageName) as AdapterModule;
