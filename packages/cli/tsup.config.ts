import { defineConfig } from 'tsup';

export default defineConfig({
  // The bin only: the command line is the product, not a library API.
  entry: ['src/bin.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
  // Command modules load on demand: `--help` must not pay for core and the adapters.
  splitting: true,
});
