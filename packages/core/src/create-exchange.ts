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

/**
 * The adapters whose types are installed, by id: each adapter package adds its entry (module
 * augmentation in its index), and core's published typings import every adapter's typings where
 * installed (scripts/register-adapter-types.mjs), so `createExchange('okx', …)` knows OKX's options
 * and class as soon as `@exchange-adapters/okx` is installed, without importing it.
 *
 * @example
 * // in an adapter package
 * declare module '@exchange-adapters/core' {
 *   interface ExchangeRegistry {
 *     okx: { options: OkxExchangeOptions; exchange: OkxExchange };
 *   }
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the adapters' module augmentation
export interface ExchangeRegistry {}

/** An id's registry entry, or the unified types where its adapter's typings are not installed. */
type RegistryEntry<Id extends ExchangeId> = Id extends keyof ExchangeRegistry
  ? ExchangeRegistry[Id]
  : { options: ExchangeOptions; exchange: Exchange };

/** The options `createExchange(id, options)` takes: the adapter's own (`OkxExchangeOptions`…). */
export type ExchangeOptionsOf<Id extends ExchangeId> = RegistryEntry<Id> extends { options: infer O } ? O : ExchangeOptions;

/** What `createExchange(id)` resolves to: the adapter's class (`OkxExchange`…). */
export type ExchangeOf<Id extends ExchangeId> = RegistryEntry<Id> extends { exchange: infer E } ? E : Exchange;

/** `unknown` for the type `string` (an id known only at run time), `never` for any literal id not in `ExchangeId`. */
type RuntimeId<Id extends string> = string extends Id ? unknown : never;

/** Package and class of each adapter. */
const ADAPTERS: Record<ExchangeId, { packageName: string; exportName: string }> = {
  okx: { packageName: '@exchange-adapters/okx', exportName: 'OkxExchange' },
  weex: { packageName: '@exchange-adapters/weex', exportName: 'WeexExchange' },
  'okex-v1': { packageName: '@exchange-adapters/okex-v1', exportName: 'OkexV1Exchange' },
};

/** The ids `createExchange` accepts: `okx`, `weex`, `okex-v1`. */
export const EXCHANGE_IDS = Object.keys(ADAPTERS) as ExchangeId[];

/**
 * Creates the exchange `id`, loading its adapter package on first use; nothing is sent until the
 * first call. Typed per id: `createExchange('okx', { marginMode: 'isolated' })` takes OKX's options
 * and resolves to `OkxExchange`; an id that is not an exchange is a type error.
 *
 * @throws `BadRequest` for an unknown id or option, `NotSupported` when the adapter package is not installed.
 */
export function createExchange<Id extends ExchangeId>(id: Id, options?: ExchangeOptionsOf<Id>): Promise<ExchangeOf<Id>>;
/**
 * An id known only at run time (from configuration, say): resolves to `Exchange`; an id that is not
 * an exchange is `BadRequest`.
 */
export function createExchange<Id extends string>(id: Id & RuntimeId<Id>, options?: ExchangeOptions): Promise<Exchange>;
// The implementation's options are `unknown`: compiled together with the adapters' typings,
// `ExchangeOptionsOf<Id>` is a conditional type TypeScript cannot relate to ExchangeOptions. Every
// adapter's options extend ExchangeOptions, and each adapter checks what it gets at construction.
export async function createExchange(id: string, options: unknown = {}): Promise<unknown> {
  try {
    return await loadAndConstruct(id, options as ExchangeOptions);
  } catch (error) {
    throw startStackAtCaller(error, createExchange);
  }
}

async function loadAndConstruct(id: string, options: ExchangeOptions): Promise<Exchange> {
  const adapter = typeof id === 'string' && Object.hasOwn(ADAPTERS, id) ? ADAPTERS[id as ExchangeId] : undefined;
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
