// Scenarios run on real sockets against the simulator; some (rate-limited bursts, 200 orders) take seconds.
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 180_000 });
