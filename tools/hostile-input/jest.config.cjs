// Generated cases run against the simulator over real sockets; the suite prints its figures table
// and keeps its runtime bounded (numRuns are tuned for well under a minute on two cores).
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 120_000 });
