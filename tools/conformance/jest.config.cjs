// Scenarios run on real sockets against the simulator; some (rate-limited bursts, fault runs) take
// seconds. One file per exchange and transport, run side by side: the time goes into waiting, not CPU.
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 180_000, maxWorkers: 3 });
