/**
 * Exchange options are checked when the exchange is constructed, not when they are first used:
 * a `timeoutMs` of 0 that silently disables the deadline, a `baseUrl` with `ftp://`, a string
 * where the options object belongs (and so the live hosts) are BadRequest naming the option.
 * Credential values are never shown: errors about them name the field and the type only.
 */
import { badArgument, checkBoolean, checkOneOf, readRecord } from './arguments.js';
import { describeValue, isPlainObject } from './describe.js';
import type { ExchangeOptions } from './types.js';

/** Checks one option's value (never undefined: an undefined option is absent). */
export type OptionCheck = (value: unknown, name: string, exchange: string) => void;
/** Checks per option name, run at construction (`checkExchangeOptions`). */
export type OptionRules = Readonly<Record<string, OptionCheck>>;

/** The longest `timeoutMs`: ten minutes; a request that takes longer has failed. */
export const MAX_TIMEOUT_MS = 600_000;
const MAX_URL_LENGTH = 2048;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** A credential: a string, or null for "not given". Its value never appears in the message. */
const credential: OptionCheck = (value, name, exchange) => {
  if (value !== null && typeof value !== 'string') {
    throw badArgument(
      exchange,
      `${name} must be a string, got ${typeOf(value)}`,
      `Pass ${name} as the text the exchange showed when the key was created.`,
    );
  }
};

const positiveNumber =
  (max: number, unit: string): OptionCheck =>
  (value, name, exchange) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      throw badArgument(
        exchange,
        `${name} must be a number above 0 and at most ${max}${unit}, got ${describeValue(value)}`,
        `Pass ${name} like 10000.`,
      );
    }
  };

const nonNegativeNumber =
  (max: number): OptionCheck =>
  (value, name, exchange) => {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      throw badArgument(
        exchange,
        `${name} must be a number from 0 to ${max}, got ${describeValue(value)}`,
        `Pass ${name} as a finite number.`,
      );
    }
  };

const integerIn =
  (min: number, max: number): OptionCheck =>
  (value, name, exchange) => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw badArgument(
        exchange,
        `${name} must be a whole number from ${min} to ${max}, got ${describeValue(value)}`,
        `Pass ${name} like ${min}.`,
      );
    }
  };

const functionOption: OptionCheck = (value, name, exchange) => {
  if (typeof value !== 'function')
    throw badArgument(exchange, `${name} must be a function, got ${typeOf(value)}`, `Pass ${name} as a function.`);
};

/** An object with the named methods (a transport, a store, a logger). */
const objectWithMethods =
  (required: readonly string[], optional: readonly string[] = []): OptionCheck =>
  (value, name, exchange) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw badArgument(
        exchange,
        `${name} must be an object, got ${typeOf(value)}`,
        `Pass ${name} as an object with ${[...required, ...optional].join(', ')}.`,
      );
    }
    const record = value as Record<string, unknown>;
    for (const method of required) {
      if (typeof record[method] !== 'function') {
        throw badArgument(exchange, `${name}.${method} must be a function`, `Pass ${name} as an object with a ${method}() method.`);
      }
    }
    for (const method of optional) {
      if (record[method] !== undefined && typeof record[method] !== 'function') {
        throw badArgument(
          exchange,
          `${name}.${method} must be a function when given`,
          `Pass ${name}.${method} as a function or leave it out.`,
        );
      }
    }
  };

/**
 * A URL of one of `protocols`, without credentials, query or fragment. The URL itself is never
 * echoed: a malformed one may carry a key the caller pasted into it.
 */
export function checkUrl(value: unknown, name: string, exchange: string, protocols: readonly string[]): URL {
  const example = protocols[0] === 'ws:' ? 'ws://127.0.0.1:8080' : 'http://127.0.0.1:8080';
  const hint = `Pass ${name} as ${protocols.map((protocol) => protocol.replace(':', '')).join(' or ')} origin such as ${example}.`;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_URL_LENGTH) {
    throw badArgument(
      exchange,
      `${name} must be a URL string, got ${typeOf(value)}${typeof value === 'string' ? ` of ${value.length} characters` : ''}`,
      hint,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw badArgument(exchange, `${name} is not a valid URL`, hint);
  }
  if (!protocols.includes(url.protocol))
    throw badArgument(exchange, `${name} must use ${protocols.join(' or ')}, not ${url.protocol}`, hint);
  if (url.username || url.password) throw badArgument(exchange, `${name} must not carry a user name or password`, hint);
  if (url.search || url.hash) throw badArgument(exchange, `${name} must not have a query or fragment`, hint);
  if (!url.hostname) throw badArgument(exchange, `${name} has no host`, hint);
  return url;
}

const HTTP_PROTOCOLS = ['http:', 'https:'];
const WS_PROTOCOLS = ['ws:', 'wss:'];

/**
 * One WebSocket origin, or (DESIGN §7) a map from socket kind to URL where one origin cannot tell
 * the kinds apart. The stream engine checks that a map names the kinds the exchange has.
 */
const wsUrlOption: OptionCheck = (value, name, exchange) => {
  if (typeof value === 'string') {
    checkUrl(value, name, exchange, WS_PROTOCOLS);
    return;
  }
  if (!isPlainObject(value)) {
    throw badArgument(
      exchange,
      `${name} must be a WebSocket URL or a map of socket kind to URL, got ${typeOf(value)}`,
      `Pass ${name} like 'ws://127.0.0.1:8080', or { public: 'ws://…', private: 'ws://…' }.`,
    );
  }
  for (const [kind, url] of Object.entries(value)) checkUrl(url, `${name}.${kind}`, exchange, WS_PROTOCOLS);
};

const STREAM_RULES: OptionRules = {
  maxBuffered: integerIn(1, 100_000_000),
  heartbeatMs: positiveNumber(MAX_TIMEOUT_MS, ' ms'),
  heartbeatTimeoutMs: positiveNumber(MAX_TIMEOUT_MS, ' ms'),
  reconnectDelayMs: (value, name, exchange) => {
    const rules: OptionRules = { initial: positiveNumber(MAX_TIMEOUT_MS, ' ms'), max: positiveNumber(MAX_TIMEOUT_MS, ' ms') };
    checkRecordOptions(readRecord(value, name, exchange, Object.keys(rules)), name, exchange, rules);
  },
  requestTimeoutMs: positiveNumber(MAX_TIMEOUT_MS, ' ms'),
  random: functionOption,
  webSocket: functionOption,
};

const streamsOption: OptionCheck = (value, name, exchange) => {
  checkRecordOptions(readRecord(value, name, exchange, Object.keys(STREAM_RULES)), name, exchange, STREAM_RULES);
};

const RETRY_RULES: OptionRules = {
  maxAttempts: integerIn(1, 10),
  baseDelayMs: nonNegativeNumber(60_000),
  maxDelayMs: nonNegativeNumber(MAX_TIMEOUT_MS),
  budgetCapacity: nonNegativeNumber(1_000_000),
  retryCost: nonNegativeNumber(1_000_000),
  timeoutRetryCost: nonNegativeNumber(1_000_000),
  successRefund: nonNegativeNumber(1_000_000),
  budgetRefillPerSecond: nonNegativeNumber(1_000_000),
};

const retryOption: OptionCheck = (value, name, exchange) => {
  if (typeof value === 'boolean') return;
  checkRecordOptions(readRecord(value, name, exchange, Object.keys(RETRY_RULES)), name, exchange, RETRY_RULES);
};

const RATE_LIMIT_RULES: OptionRules = {
  store: objectWithMethods(['reserve']),
  maxConcurrency: integerIn(1, 1024),
  maxWaitMs: nonNegativeNumber(MAX_TIMEOUT_MS),
  utilization: (value, name, exchange) => {
    if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
      throw badArgument(
        exchange,
        `${name} must be a fraction above 0 and at most 1, got ${describeValue(value)}`,
        `Pass ${name} like 0.8 (80 % of each documented limit).`,
      );
    }
  },
};

const rateLimitOption: OptionCheck = (value, name, exchange) => {
  if (typeof value === 'boolean') return;
  checkRecordOptions(readRecord(value, name, exchange, Object.keys(RATE_LIMIT_RULES)), name, exchange, RATE_LIMIT_RULES);
};

/** The options every adapter accepts (`ExchangeOptions`); adapters add theirs. */
export const EXCHANGE_OPTION_RULES: OptionRules = Object.freeze({
  apiKey: credential,
  secret: credential,
  passphrase: credential,
  baseUrl: (value: unknown, name: string, exchange: string) => {
    checkUrl(value, name, exchange, HTTP_PROTOCOLS);
  },
  wsUrl: wsUrlOption,
  demo: checkBoolean,
  region: (value: unknown, name: string, exchange: string) => checkOneOf(value, name, exchange, ['global', 'eea', 'us']),
  timeoutMs: positiveNumber(MAX_TIMEOUT_MS, ' ms'),
  clockSync: checkBoolean,
  rateLimit: rateLimitOption,
  retry: retryOption,
  validateResponses: checkBoolean,
  logger: objectWithMethods([], ['debug', 'info', 'warn', 'error']),
  transport: (value: unknown, name: string, exchange: string) => {
    if (typeof value === 'string') checkOneOf(value, name, exchange, ['http', 'undici', 'axios']);
    else objectWithMethods(['send'], ['prepare', 'close'])(value, name, exchange);
  },
  now: functionOption,
  streams: streamsOption,
});

function checkRecordOptions(record: Record<string, unknown>, prefix: string, exchange: string, rules: OptionRules): void {
  for (const [key, value] of Object.entries(record)) {
    const check = Object.hasOwn(rules, key) ? rules[key] : undefined;
    check?.(value, `${prefix}.${key}`, exchange);
  }
}

/**
 * The options of a new exchange, checked: undefined or a plain object, every field known to the
 * exchange (`EXCHANGE_OPTION_RULES` and the adapter's `adapterRules`), every value of its type and
 * range. Returns a copy without the undefined fields.
 */
export function checkExchangeOptions<T extends ExchangeOptions>(exchange: string, options: unknown, adapterRules: OptionRules = {}): T {
  if (options === undefined) return {} as T;
  if (!isPlainObject(options)) {
    throw badArgument(
      exchange,
      `options must be an object, got ${typeOf(options)}`,
      `Pass options as { apiKey, secret, … } or leave them out; without an object, ${exchange} would talk to its live hosts with defaults.`,
    );
  }
  const rules: OptionRules = { ...EXCHANGE_OPTION_RULES, ...adapterRules };
  const checked = readRecord(options, 'options', exchange, Object.keys(rules));
  checkRecordOptions(checked, 'options', exchange, rules);
  return { ...checked } as unknown as T;
}
