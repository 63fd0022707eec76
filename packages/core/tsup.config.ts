import { defineConfig } from 'tsup';

export default defineConfig({
  // The root export for programs, `/adapter` for adapter authors, `/streams`: the stream engine,
  // which core loads on the first started stream (src/streams/load-engine.ts), and `/zod`: the zod
  // functions schemas are written with (src/zod.ts), and `/undici`, `/axios`: the library-backed
  // transports, loaded on the first request of an exchange that chose one (src/create-transport.ts).
  entry: ['src/index.ts', 'src/adapter.ts', 'src/stream-engine.ts', 'src/zod.ts', 'src/undici.ts', 'src/axios.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // One copy of every module across the two entries: `ExchangeError` from the root and from
  // /adapter must be the same class (instanceof), so shared code goes into shared chunks. tsup
  // builds the CommonJS files from the ES module ones here, which also turns load-adapter.ts's
  // import() into require() (test/module-formats.test.ts).
  splitting: true,
  // zod's functions go into core's own files (src/zod.ts): its package entry would also load its
  // forty locale modules at every program's start. Its types stay zod's (the typings import them).
  noExternal: ['zod'],
});
