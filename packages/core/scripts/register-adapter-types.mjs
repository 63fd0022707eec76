/**
 * After tsup: makes core's published typings import each adapter's typings where that adapter is
 * installed. Each adapter registers itself with `ExchangeRegistry` (module augmentation in its
 * index), so `createExchange('okx', …)` is typed with OKX's options and class as soon as
 * `@exchange-adapters/okx` is installed, although the program imports only core.
 *
 * The adapters are optional peer dependencies: an import of one that is not installed must not be
 * an error (`skipLibCheck: false` included), hence `@ts-ignore`. The imports are type-only and
 * import nothing, so nothing reaches the JavaScript. The dts bundler drops comments, so this runs
 * on its output instead of living in the source.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const ADAPTERS = ['@exchange-adapters/okx', '@exchange-adapters/weex', '@exchange-adapters/okex-v1'];
const MARKER = '// Adapter typings, where installed';

for (const file of ['dist/index.d.ts', 'dist/index.d.cts']) {
  const url = new URL(`../${file}`, import.meta.url);
  const text = readFileSync(url, 'utf8');
  if (text.includes(MARKER)) continue;
  const imports = ADAPTERS.map(
    (name) => `// @ts-ignore optional peer dependency: absent, createExchange falls back to Exchange\nimport type {} from '${name}';`,
  );
  writeFileSync(url, `${MARKER} (they register with ExchangeRegistry):\n${imports.join('\n')}\n${text}`);
}
