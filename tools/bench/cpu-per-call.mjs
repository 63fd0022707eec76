// Client CPU per call of one call, in one process, for A/B runs between two builds (this tree and
// an older checkout given the same script): the suite's batches are short and mix contenders, this
// runs one long sequence. Usage: N=2000 node --expose-gc tools/bench/cpu-per-call.mjs okx ticker
// Add `--cpu-prof --cpu-prof-dir=DIR` to profile. The mock venue runs in this process, so compare
// two builds in alternating runs and take medians, never one run against a figure from elsewhere.
import { ourClient } from './lib/clients.mjs';
import { startMock } from './lib/measure.mjs';

const mock = await startMock();
const id = process.argv[2] ?? 'okx';
const call = process.argv[3] ?? 'ticker';
const count = Number(process.env.N ?? 2000);
const client = await ourClient(id, mock);
for (let i = 0; i < 300; i++) await client[call](i);
const cpu0 = process.cpuUsage();
for (let i = 0; i < count; i++) await client[call](300 + i);
const cpu = process.cpuUsage(cpu0);
globalThis.gc?.();
const heapMb = process.memoryUsage().heapUsed / 1e6;
console.log(id, call, ((cpu.user + cpu.system) / count).toFixed(0), 'µs/call,', 'heap after', heapMb.toFixed(1), 'MB');
await client.close();
await mock.close();
