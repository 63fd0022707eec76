import path from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/** The CommonJS build loads adapters with `require` (see src/load-adapter-require.ts). */
const adapterLoaderPerFormat: Plugin = {
  name: 'adapter-loader-per-format',
  setup(build) {
    if (build.initialOptions.format !== 'cjs') return;
    build.onResolve({ filter: /^\.\/load-adapter\.js$/ }, (args) => ({ path: path.join(args.resolveDir, 'load-adapter-require.ts') }));
  },
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
  esbuildPlugins: [adapterLoaderPerFormat],
});
