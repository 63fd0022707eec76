import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/main.ts'],
  format: ['esm'],
  target: 'node20',
  clean: true,
  sourcemap: true,
  // Workspace packages stay external: the demo runs against their built dist like any user would.
  external: [/^@exchange-adapters\//],
});
