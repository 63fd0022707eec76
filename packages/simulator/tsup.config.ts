import { readFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/** The bin imports the library build beside it (dist/index.js) instead of bundling a second copy. */
const libraryBesideBin: Plugin = {
  name: 'library-beside-bin',
  setup(build) {
    build.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: './index.js', external: true }));
  },
};

export default defineConfig([
  {
    // The library: both module formats, with typings.
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // The bin below is built at the same time into the same folder: keep its files.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'node20',
    splitting: false,
  },
  {
    // The `exchange-sim` command: ES module only, no typings (nothing imports it).
    entry: ['src/cli.ts'],
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    splitting: false,
    define: { __SIMULATOR_VERSION__: JSON.stringify(version) },
    esbuildPlugins: [libraryBesideBin],
  },
]);
