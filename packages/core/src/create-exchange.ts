/**
 * `createExchange(id, options)`: the one line a program changes to swap exchanges. Adapters are
 * loaded by dynamic import, so a program that uses OKX never loads WEEX code; each adapter is an
 * optional peer dependency of core, installed only by those who use it.
 */
import { describeValue } from './describe.js';
import { BadRequest, NotSupported } from './errors.js';
import type { Exchange, ExchangeId, ExchangeOptions } from './types.js';

type AdapterModule = Record<string, unknown>;

/** Package and class of each adapter. */
const ADAPTERS: Record<ExchangeId, { packageName: string; exportName: string }> = {
  okx: { packageName: '@exchange-adapters/okx', exportName: 'OkxExchange' },
  weex: { packageName: '@exchange-adapters/weex', exportName: 'WeexExchange' },
  'okex-v1': { packageName: '@exchange-adapters/okex-v1', exportName: 'OkexV1Exchange' },
};

/**
 * The specifier is a variable on purpose: a bundler that packs core must not pull every adapter
 * in with it, and core has no compile-time dependency on any adapter.
 */
const importAdapter = (packageName: string): Promise<AdapterModule> => import(packageName) as Promise<AdapterModule>;

export const EXCHANGE_IDS = Object.keys(ADAPTERS) as ExchangeId[];

export async function createExchange(id: ExchangeId, options: ExchangeOptions = {}): Promise<Exchange> {
  const adapter = typeof id === 'string' && Object.hasOwn(ADAPTERS, id) ? ADAPTERS[id] : undefined;
  if (!adapter) {
    throw new BadRequest({
      exchange: 'core',
      message: `unknown exchange id ${describeValue(id)}`,
      hint: `Use one of: ${EXCHANGE_IDS.join(', ')}.`,
    });
  }
  let loaded: AdapterModule;
  try {
    loaded = await importAdapter(adapter.packageName);
  } catch (error) {
    if (isModuleNotFound(error, adapter.packageName)) {
      throw new NotSupported({
        exchange: id,
        message: `the ${id} adapter is not installed`,
        hint: `Install it next to core: npm install ${adapter.packageName} (or pnpm add ${adapter.packageName}).`,
      });
    }
    throw error;
  }
  const ExchangeClass = loaded[adapter.exportName] as (new (options: ExchangeOptions) => Exchange) | undefined;
  if (typeof ExchangeClass !== 'function') {
    throw new NotSupported({
      exchange: id,
      message: `${adapter.packageName} does not export ${adapter.exportName}`,
      hint: `Install matching versions of @exchange-adapters/core and ${adapter.packageName}.`,
    });
  }
  return new ExchangeClass(options);
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /Cannot find module/.test(message)) && message.includes(packageName)
  );
}
