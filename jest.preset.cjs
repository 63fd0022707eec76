// Shared jest setup: TypeScript through swc, workspace packages resolved to their sources so tests
// never depend on a stale build, and a reporter that leaves counts for .ci/run to add up.
//
// nock 15 and its interceptor chain ship ES modules only while jest runs tests as CommonJS on
// Node 20: those packages go through the same swc transform as our sources, and Node 20 gets the
// one newer built-in they call.
const path = require('node:path');

const ESM_ONLY = [
  'nock',
  '@mswjs/interceptors',
  '@open-draft/until',
  '@open-draft/deferred-promise',
  '@open-draft/logger',
  'rettime',
  'outvariant',
  'is-node-process',
  'strict-event-emitter',
];
const pnpmNames = ESM_ONLY.map((name) => `\\.pnpm/${name.replace('/', '\\+')}@`);
const packageNames = ESM_ONLY.map((name) => `${name}/`);
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];

module.exports = (packageDir, overrides = {}) => ({
  rootDir: packageDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${[...pnpmNames, ...packageNames].join('|')}))`],
  setupFiles: [path.join(__dirname, 'tools/jest/node20-polyfills.cjs'), path.join(__dirname, 'tools/jest/loopback-guard.cjs')],
  setupFilesAfterEnv: [path.join(__dirname, 'tools/jest/loopback-guard-after-env.cjs')],
  moduleNameMapper: {
    '^@exchange-adapters/(core|okx|weex|okex-v1|simulator)$': path.join(__dirname, 'packages/$1/src/index.ts'),
    '^@exchange-adapters/core/adapter$': path.join(__dirname, 'packages/core/src/adapter.ts'),
    '^@exchange-adapters/core/streams$': path.join(__dirname, 'packages/core/src/stream-engine.ts'),
    '^@exchange-adapters/core/zod$': path.join(__dirname, 'packages/core/src/zod.ts'),
    '^@exchange-adapters/core/(undici|axios)$': path.join(__dirname, 'packages/core/src/$1.ts'),
    '^@exchange-adapters/(okx|weex|okex-v1)/streams$': path.join(__dirname, 'packages/$1/src/streams.ts'),
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  reporters: ['default', path.join(__dirname, 'tools/jest/summary-reporter.cjs')],
  // End-to-end tests talk to the simulator over real sockets; on a shared 2-core machine at load 40
  // a five-second default failed healthy tests. A hung test still fails, a minute later.
  testTimeout: 60_000,
  ...overrides,
});
