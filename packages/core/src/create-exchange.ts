/**
 * `createExchange(id, options)`: the one line a program changes to swap exchanges. Adapters are
 * loaded on demand (load-adapter.ts), so a program that uses OKX never loads WEEX code; each
 * adapter is an optional peer dependency of core, installed only by those who use it.
 */

import { startStackAtCaller } from './caller-stack.js';
import { describeValue } from './describe.js';
import { BadRequest, NotSupported } from './errors.js';
import { type AdapterModule, loadAdapter } from './load-adapter.js';
import type { Exchange, ExchangeId, ExchangeOptions } from './types.js';

/** Package and class of each adapter. */
const ADAPTERS: Record<ExchangeId, { packageName: string; exportName: string }> = {
  okx: { packageName: '@exchange-adapters/okx', exportName: 'OkxExchange' },
  weex: { packageName: '@exchange-adapters/weex', exportName: 'WeexExchange' },
  'okex-v1': { packageName: '@exchange-adapters/okex-v1', exportName: 'OkexV1Exchange' },
};

export const EXCHANGE_IDS = Object.keys(ADAPTERS) as ExchangeId[];

export async function createExchange(id: ExchangeId, options: ExchangeOptions = {}): Promise<Exchange> {
  try {
    return await loadAndConstruct(id, options);
  } catch (error) {
    throw startStackAtCaller(error, createExchange);
  }
}

async function loadAndConstruct(id: ExchangeId, options: ExchangeOptions): Promise<Exchange> {
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
    loaded = await loadAdapter(adapter.packageName);
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
