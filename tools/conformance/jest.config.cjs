// Scenarios run on real sockets against the simulator; some (rate-limited bursts, fault runs) take
// seconds. One file per exchange, run side by side: the time goes into waiting on rate limits, not CPU.
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 180_000, maxWorkers: 3 });
