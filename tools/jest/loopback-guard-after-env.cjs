// Fails the test during which a non-loopback connection was attempted (see loopback-guard.cjs),
// even when the code under test caught the refused connection and carried on.
const { state } = require('./loopback-guard.cjs');

beforeEach(() => {
  state.violations.length = 0;
});

afterEach(() => {
  if (state.violations.length > 0) {
    const list = state.violations.splice(0).join('\n');
    throw new Error(list);
  }
});
