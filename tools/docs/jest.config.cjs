// README examples are compiled once and run as child processes against the simulator; TypeDoc
// converts every entry point once. Both take seconds, not CPU-bound minutes.
module.exports = require('../../jest.preset.cjs')(__dirname, { testTimeout: 120_000 });
