import { defineConfig } from 'tsup';

export default defineConfig({
  // The root export, and `/streams`: the WebSocket tables with the stream engine, which the exchange
  // loads by name on its first started stream (src/streams.ts), so a REST-only program never does.
  entry: ['src/index.ts', 'src/streams.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // One copy of each module across the two entries (normalizers, schemas); tsup also turns the
  // exchange's import() of `/streams` into require() in the CommonJS files, so it loads in the
  // program's own format.
  splitting: true,
});
