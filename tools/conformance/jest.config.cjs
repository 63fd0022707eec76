// Scenarios run on real sockets against the simulator; some (rate-limited bursts, 200 orders) take seconds.
// One file per transport; they mostly wait on the simulator's rate limits, so they run side by side.
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 180_000, maxWorkers: 3 });
