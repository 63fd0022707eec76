// Fresh-process probe: how long importing one library takes (ms, in-process), printed as JSON.
// Usage: node probes/import.mjs ours|okx-api|ccxt
const SPECIFIERS = { ours: '@exchange-adapters/okx', 'okx-api': 'okx-api', ccxt: 'ccxt' };
const specifier = SPECIFIERS[process.argv[2]];
if (!specifier) throw new Error(`unknown library ${process.argv[2]}`);
const started = performance.now();
await import(specifier);
console.log(JSON.stringify({ importMs: performance.now() - started }));
