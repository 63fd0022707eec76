// Tests talk only to loopback. Every TCP/TLS connection in a test process goes through
// net.Socket.prototype.connect (http, https, undici, ws and redis clients included); a connection
// to any other address is refused before a packet leaves, and the test that made it fails, so a
// misconfigured adapter can never reach a live exchange from a test. nock intercepts above the
// socket layer, so mocked hosts never get here.
const net = require('node:net');

const GUARD = Symbol.for('exchange-adapters:loopback-guard');

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // node defaults to localhost
  const name = String(host)
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (name === '::1' || name === '0:0:0:0:0:0:0:1') return true;
  if (/^::ffff:127\.\d+\.\d+\.\d+$/.test(name)) return true;
  return /^127\.\d+\.\d+\.\d+$/.test(name);
}

/** The host a connect() call is aimed at, or undefined for a unix socket path. */
function targetOf(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first); // internal normalized form
  if (first !== null && typeof first === 'object') {
    if (first.path !== undefined) return undefined;
    return { host: first.host, port: first.port };
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // a pipe path
  return { host: typeof second === 'string' ? second : undefined, port: first };
}

if (!net[GUARD]) {
  const state = { violations: [] };
  net[GUARD] = state;
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function guardedConnect(...args) {
    const target = targetOf(args);
    if (target && !isLoopback(target.host)) {
      const message = `loopback guard: a test tried to connect to ${target.host}:${target.port}; tests may only reach 127.0.0.1/::1/localhost`;
      state.violations.push(message);
      const error = Object.assign(new Error(message), { code: 'ECONNREFUSED' });
      process.nextTick(() => this.destroy(error));
      return this;
    }
    return original.apply(this, args);
  };
}

module.exports = { state: net[GUARD], isLoopback };
