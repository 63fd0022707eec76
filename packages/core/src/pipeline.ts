/**
 * The request pipeline (DESIGN §4), the one place where policy lives:
 *   preflight credentials → sign with the skew-corrected clock → rate-limit → send → parse
 *   (lossless where the endpoint declares big integers) → map errors → validate (the zod schema,
 *   through its compiled check) → return,
 * with re-sync and one retry on TimestampExpired, backoff retries for reads and cancels, and the
 * look-up-before-resend path for orders. Adapters configure it with tables: endpoints, buckets,
 * an error classifier, a signer and the server-time endpoint.
 */
import { createHash } from 'node:crypto';
import type { EventEmitter } from 'eventemitter3';
import { type ClockSyncResult, explainSkew, monotonicNow, ServerClock, type ServerTimeSample } from './clock.js';
import { createTransport } from './create-transport.js';
import { type CredentialField, checkCredentials } from './credentials.js';
import { sendWithDeadline } from './deadline.js';
import { createError, type ErrorKind, type ExchangeError, type ExchangeErrorDetails, isExchangeError } from './errors.js';
import type { ExchangeEvents } from './events.js';
import { classifyByStatus, type ErrorClassifier, mergeFailures, replyError, transportFailure, type WireResponse } from './failures.js';
import { parseJson } from './json.js';
import { callProgram, emitToListeners } from './listeners.js';
import { placeOrderOnce } from './place-order.js';
import { type BucketDef, isLocalRateLimit, originKey, type RateCost, RateLimiter, type ScopeKeys } from './rate-limit.js';
import { Redactor } from './redact.js';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, isTransient, RetryBudget, type RetryPolicy, retryReason } from './retry.js';
import { type HttpMethod, type HttpResponse, type Transport, TransportError } from './transport.js';
import type { Credentials, ExchangeOptions } from './types.js';
import { formatZodError, type Schema, validate } from './validate.js';

/** What a call does, which decides how failures are retried. */
export type EndpointIntent =
  /** Retried with backoff on RateLimited, ExchangeUnavailable and network errors. */
  | 'read'
  /** Retried like a read: cancelling twice is harmless. */
  | 'cancel'
  /** Never resent blindly: an unknown outcome is resolved by looking the order up. */
  | 'create'
  /** Other state changes (leverage, transfers): not retried. */
  | 'write';

/**
 * One entry of an adapter's endpoint table: where a call goes, how it is authenticated, what it costs and
 * how its failures are retried.
 */
export interface EndpointDef {
  /** HTTP method. */
  method: HttpMethod;
  /** Path on the host, with the version prefix: `/api/v5/trade/order`. */
  path: string;
  /** Public calls are not signed; private calls are, after the credential preflight. */
  auth: 'public' | 'private';
  /** Key of `AdapterSpec.hosts`; default `default`. */
  host?: string;
  /** Buckets this call spends from, with its cost in each. */
  rateLimits: readonly RateCost[];
  /** What the call does, which decides its retries. */
  intent: EndpointIntent;
  /** How a body is written; default JSON. */
  bodyEncoding?: 'json' | 'form';
  /**
   * The reply may carry integers above 2^53 as JSON numbers (WEEX order ids): parse them as exact
   * strings. Other replies take plain JSON.parse; `request()` to a path outside the table always
   * parses this way, since nothing is known of its payload.
   */
  bigIntegers?: boolean;
}

/** Everything a signer may need; `timestampMs` is the exchange's time by the corrected clock. */
export interface SignInput {
  /** HTTP method. */
  method: HttpMethod;
  /** Path without the query string. */
  path: string;
  /** Query string as it will be sent, without `?`; empty when none. */
  queryString: string;
  /** Body text as it will be sent; empty when none. */
  bodyText: string;
  /** Query parameters. */
  query: Readonly<Record<string, unknown>>;
  /** Body before serialization. */
  body: unknown;
  /** The exchange's time by the corrected clock, ms. */
  timestampMs: number;
  /** The instance's credentials. */
  credentials: Readonly<Credentials>;
}

/** A signer adds headers and may rewrite the query or body (OKEx v1 signs inside the form). */
export interface SignOutput {
  /** Headers to add (key, signature, timestamp, passphrase). */
  headers?: Record<string, string>;
  /** The query string to send instead (signers that sign inside the query). */
  queryString?: string;
  /** The body to send instead (OKEx v1 signs inside the form). */
  bodyText?: string;
}

/** Signs one request (pure: same input, same output). */
export type Signer = (input: SignInput) => SignOutput;

/**
 * Everything the pipeline needs to know about one exchange: hosts, rate-limit buckets, credentials,
 * signer, error classifier, server time.
 */
export interface AdapterSpec {
  /** Exchange id, as in errors and events. */
  id: string;
  /** Display name for hints: `OKX`. */
  name: string;
  /** Origins by host key (`default`; WEEX adds `contract`). `baseUrl` replaces them all. */
  hosts: Readonly<Record<string, string>>;
  /** Rate-limit buckets by name, as the endpoint table refers to them. */
  buckets: Readonly<Record<string, BucketDef>>;
  /** Credentials every private call needs. */
  credentials: readonly CredentialField[];
  /** Signs a request. */
  sign: Signer;
  /** Finds the error in a reply, if any (body before status). */
  classify: ErrorClassifier;
  /** How the clock is learned; without it signed timestamps use the local clock. */
  serverTime?: { endpoint: EndpointDef; parse: (body: unknown) => number };
  /** The exchange's timestamp window, for hints; default 30 s. */
  timestampWindowMs?: number;
  /** Default: insertion order, RFC 3986 encoding, undefined/null dropped. */
  serializeQuery?: (query: Readonly<Record<string, unknown>>) => string;
  /** Headers sent on every request (`x-simulated-trading: 1`). */
  headers?: Readonly<Record<string, string>>;
}

/**
 * Filled in by the pipeline while it runs one write call: whether some attempt ended without a
 * readable answer after the request may have reached the exchange (reply lost, 5xx, unreadable
 * body). A later "already cancelled" then may be the answer to our own lost request.
 */
export interface WriteTrace {
  /** True once an attempt ended without a readable answer after the request may have reached the exchange. */
  outcomeUnknown: boolean;
}

/** One call through the pipeline: parameters, reply schema and names for events. */
export interface CallOptions<T> {
  /** Query parameters. */
  query?: Record<string, unknown>;
  /** Request body. */
  body?: unknown;
  /** Validates the parsed body; built once per adapter, never per call. */
  schema?: Schema<T>;
  /** Market id, for per-instrument buckets. */
  symbol?: string;
  /** Name for events and errors; defaults to the path. */
  name?: string;
  /** Set for writes whose callers need to know whether an attempt's outcome was lost. */
  trace?: WriteTrace;
}

export interface PipelineDeps {
  spec: AdapterSpec;
  options: ExchangeOptions;
  events: EventEmitter<ExchangeEvents>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface ResponseTiming {
  sentAtMs: number;
  receivedAtMs: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export { sendWithDeadline } from './deadline.js';

/** Default `timeoutMs` per request: 10 000. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Replies larger than this are not read (BadResponse): no endpoint of ours answers a tenth of it. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** A query string in insertion order, values percent-encoded, `undefined` and `null` left out. */
export function serializeQuery(query: Readonly<Record<string, unknown>>): string {
  // A loop and a string rather than entries, map and join: this runs on every call.
  let text = '';
  for (const name in query) {
    if (!Object.hasOwn(query, name)) continue;
    const value = query[name];
    if (value === undefined || value === null) continue;
    text += `${text === '' ? '' : '&'}${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`;
  }
  return text;
}

/** A form body (`application/x-www-form-urlencoded`), encoded as `serializeQuery`. */
export function serializeForm(body: Readonly<Record<string, unknown>>): string {
  return serializeQuery(body);
}

/**
 * The request pipeline of one exchange instance: validate, credential preflight, sign with the skew-
 * corrected clock, rate-limit, send, parse, map errors, validate the reply. Reads and cancels are retried
 * with backoff within a retry budget; creates are never resent blindly.
 */
export class Pipeline {
  /** The adapter spec it serves. */
  readonly spec: AdapterSpec;
  /** The exchange's clock as learned. */
  readonly clock: ServerClock;
  /** Masks this instance's secrets (in every encoding) in text and headers. */
  readonly redactor: Redactor;
  readonly #options: ExchangeOptions;
  readonly #credentials: Readonly<Credentials>;
  readonly #events: EventEmitter<ExchangeEvents>;
  readonly #transport: Transport;
  readonly #limiter: RateLimiter | undefined;
  readonly #retry: RetryPolicy | undefined;
  readonly #budget: RetryBudget;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #accountKey: string | undefined;
  readonly #originKeys = new Map<string, string>();
  /** `baseUrl` without trailing slashes, when set: it replaces every host. */
  readonly #baseUrl: string | undefined;
  /** Errors of requests that hit their deadline. */
  readonly #timedOut = new WeakSet<object>();
  /** Monotonic time of the last failed clock sync. */
  #clockFailedAt = Number.NEGATIVE_INFINITY;

  constructor(deps: PipelineDeps) {
    const { spec, options, events } = deps;
    this.spec = spec;
    this.#options = options;
    this.#events = events;
    this.#credentials = Object.freeze({ apiKey: options.apiKey, secret: options.secret, passphrase: options.passphrase });
    this.redactor = new Redactor([options.apiKey, options.secret, options.passphrase]);
    this.#transport = createTransport(options.transport);
    this.#baseUrl = options.baseUrl ? options.baseUrl.replace(/\/+$/, '') : undefined;
    this.#now = options.now ?? Date.now;
    this.#sleep = deps.sleep ?? defaultSleep;
    this.#random = deps.random ?? Math.random;
    this.#retry = options.retry === false ? undefined : { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.#budget = new RetryBudget(this.#retry ?? DEFAULT_RETRY_POLICY);
    this.#accountKey = options.apiKey ? createHash('sha256').update(options.apiKey).digest('hex').slice(0, 16) : undefined;
    const limits = options.rateLimit ?? true;
    this.#limiter =
      limits === false
        ? undefined
        : new RateLimiter({
            namespace: spec.id,
            buckets: spec.buckets,
            store: typeof limits === 'object' ? limits.store : undefined,
            utilization: typeof limits === 'object' ? limits.utilization : undefined,
            maxConcurrency: typeof limits === 'object' ? limits.maxConcurrency : undefined,
            maxWaitMs: typeof limits === 'object' ? limits.maxWaitMs : undefined,
            // The system clock, not the injectable one: stores are shared between instances.
            now: Date.now,
            sleep: this.#sleep,
            onWait: (buckets, cost, waitMs) =>
              emitToListeners(this.#events, 'rateLimit', { exchange: spec.id, bucket: buckets.join('+'), buckets, cost, waitMs }),
          });
    this.clock = new ServerClock({
      now: this.#now,
      sample: () => this.#sampleServerTime(),
      onSync: (result, reason) => this.#onClockSync(result, reason),
      onRefreshError: (error) => this.#log('warn', 'clock refresh failed', { error: String(error) }),
      // No reply within the deadline: more samples would each wait as long.
      isHopeless: (error) => this.#timedOut.has(error as object),
    });
  }

  /** Whether signed calls wait for a clock sync (option `clockSync`, and the exchange has a time endpoint). */
  get clockSyncEnabled(): boolean {
    return this.#options.clockSync !== false && this.spec.serverTime !== undefined;
  }

  /** The exchange's time by the corrected clock, ms. */
  now(): number {
    return this.clockSyncEnabled ? this.clock.now() : this.#now();
  }

  /** Whether every credential the exchange needs is set. */
  hasCredentials(): boolean {
    return this.spec.credentials.every((field) => typeof this.#credentials[field] === 'string' && this.#credentials[field] !== '');
  }

  /** Fails with AuthMissing/AuthInvalid when the credentials cannot sign; nothing is sent. */
  checkCredentials(): void {
    checkCredentials(this.spec.id, this.#credentials, this.spec.credentials);
  }

  /** One call through the whole pipeline, returning the validated body. */
  async call<T = unknown>(endpoint: EndpointDef, options: CallOptions<T> = {}): Promise<T> {
    if (endpoint.auth === 'private') this.checkCredentials();
    const retries = endpoint.intent === 'read' || endpoint.intent === 'cancel' ? this.#retry : undefined;
    let spentOnRetries = 0;
    let resynced = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const { body } = await this.#send(endpoint, options, attempt);
        const result = this.#validateMarkingTrace(endpoint, options, body);
        this.#budget.release(spentOnRetries);
        return result;
      } catch (error) {
        // A call refused by maxWaitMs fails at once: retrying would be the wait it refused.
        if (!isExchangeError(error) || isLocalRateLimit(error)) throw error;
        if (error.kind === 'TimestampExpired' && endpoint.auth === 'private') {
          if (!this.clockSyncEnabled || resynced) throw await explainSkew(error, this);
          resynced = true;
          this.#emitRetry(endpoint, options, attempt, 0, 'timestamp', error);
          try {
            await this.clock.sync('timestamp-expired');
          } catch {
            throw await explainSkew(error, this);
          }
          continue;
        }
        if (!retries || attempt >= retries.maxAttempts || !isTransient(error)) throw error;
        const cost = this.#budget.tryAcquire(error.kind === 'NetworkError');
        if (cost === undefined) throw error;
        spentOnRetries += cost;
        const delayMs = backoffDelayMs(attempt, retries, this.#random, error.retryAfterMs);
        if (error.kind === 'RateLimited' && this.#limiter)
          this.#limiter.pause(endpoint.rateLimits, this.#scope(endpoint, options), delayMs);
        this.#emitRetry(endpoint, options, attempt, delayMs, retryReason(error), error);
        await this.#sleep(delayMs);
      }
    }
  }

  /**
   * Places an order without ever placing it twice. `send` is one attempt with the given client
   * order id; when its outcome is unknown (timeout, reset after the request was written, an
   * exchange "outcome unknown" code) `lookup` searches for the order by that id: found → it is
   * returned; absent → sent again with the same id; lookup failing → NetworkError with
   * `orderState: 'unknown'` and the client id.
   */
  placeOrder<T>(clientOrderId: string, send: () => Promise<T>, lookup: () => Promise<T | undefined>): Promise<T> {
    return placeOrderOnce(clientOrderId, send, lookup, {
      spec: this.spec,
      maxAttempts: this.#retry?.maxAttempts,
      onResend: (attempt, sendError) => this.#emitRetry(undefined, undefined, attempt, 0, 'order-lookup', sendError),
    });
  }

  /** Builds an error of the adapter's choosing (batch items, local checks) with secrets masked. */
  error(kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>): ExchangeError {
    return createError(kind, {
      ...details,
      exchange: this.spec.id,
      message: details.message && this.redactor.text(details.message),
      exchangeMessage: details.exchangeMessage && this.redactor.text(details.exchangeMessage),
      hint: details.hint && this.redactor.text(details.hint),
    });
  }

  /** Stops the clock refresh and releases pooled sockets. */
  close(): void {
    this.clock.stop();
    this.#transport.close?.();
  }

  /**
   * Lends the credentials to a signing function (a WebSocket login) without storing them anywhere
   * else; whatever `sign` returns is a secret the caller must not log.
   */
  withCredentials<T>(sign: (credentials: Readonly<Credentials>) => T): T {
    return sign(this.#credentials);
  }

  /** The exchange's time, after learning the clock offset if that has not happened yet. */
  async syncedNow(): Promise<number> {
    await this.#ensureClock();
    return this.now();
  }

  /** Writes to the configured logger, secrets masked. */
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void {
    this.#log(level, message, details);
  }

  async #send(endpoint: EndpointDef, options: CallOptions<unknown>, attempt: number): Promise<{ body: unknown } & ResponseTiming> {
    const isPrivate = endpoint.auth === 'private';
    if (isPrivate) await this.#ensureClock();
    const query = options.query ?? {};
    const origin = this.#origin(endpoint);
    const unsignedQuery = (this.spec.serializeQuery ?? serializeQuery)(query);
    const unsignedBody = encodeBody(endpoint, options.body);
    const unsignedPath = unsignedQuery ? `${endpoint.path}?${unsignedQuery}` : endpoint.path;
    // Method and redacted path for errors and events, built only when one of them needs it.
    let redactedPath: string | undefined;
    const requestInfo = () => {
      redactedPath ??= this.redactor.params(unsignedPath);
      return { method: endpoint.method, path: redactedPath };
    };
    const events = this.#events;

    const transport = this.#transport;
    if (transport.prepare) {
      // A transport loads what it sends with here (undici, axios): a failure is a setup problem, said once, nothing sent.
      try {
        await transport.prepare();
      } catch (cause) {
        const { hint } = cause as { hint?: unknown };
        throw this.error('NotSupported', {
          message: `the HTTP transport could not be prepared: ${cause instanceof Error ? cause.message : String(cause)}`,
          hint:
            typeof hint === 'string' ? hint : "Install the transport's library beside the program, or keep the default transport ('http').",
          orderState: endpoint.intent === 'create' ? 'not-placed' : undefined,
          cause,
        });
      }
    }
    const limiter = this.#limiter;
    const ticket = limiter ? await limiter.acquire(endpoint.rateLimits, this.#scope(endpoint, options, origin)) : undefined;
    if (limiter && ticket) await limiter.confirm(ticket);
    // Signed only now, after any wait for a rate-limit slot or a connection, so the timestamp is fresh.
    const transmit = async () => {
      const { headers, queryString, bodyText } = this.#sign(endpoint, options, unsignedQuery, unsignedBody);
      const pathWithQuery = queryString ? `${endpoint.path}?${queryString}` : endpoint.path;
      // Redacting costs more than the rest of a small call: only for someone listening.
      if (events.listenerCount('request') > 0) {
        emitToListeners(events, 'request', {
          exchange: this.spec.id,
          method: endpoint.method,
          path: this.redactor.params(pathWithQuery),
          endpoint: options.name,
          attempt,
          headers: this.redactor.headers(headers),
          body: bodyText ? this.redactor.body(bodyText) : undefined,
        });
      }
      const sentAtMs = this.#now();
      const sentAtMonotonicMs = monotonicNow();
      const response = await sendWithDeadline(this.#transport, {
        method: endpoint.method,
        url: origin + pathWithQuery,
        headers,
        body: bodyText || undefined,
        timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxResponseBytes: MAX_RESPONSE_BYTES,
      });
      return { response, sentAtMs, sentAtMonotonicMs };
    };
    let response: HttpResponse;
    let sentAtMs: number;
    let sentAtMonotonicMs: number;
    try {
      ({ response, sentAtMs, sentAtMonotonicMs } = await (limiter ? limiter.run(transmit) : transmit()));
    } catch (error) {
      if (ticket) limiter?.settle(ticket);
      if (options.trace && (!(error instanceof TransportError) || error.mayHaveReachedServer)) options.trace.outcomeUnknown = true;
      throw transportFailure(error, endpoint, requestInfo(), {
        name: this.spec.name,
        timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        origin: () => this.#origin(endpoint),
        onTimedOut: (networkError) => this.#timedOut.add(networkError),
        error: (kind, details) => this.error(kind, details),
      });
    }
    if (ticket) limiter?.settle(ticket);
    const receivedAtMs = this.#now();
    if (events.listenerCount('response') > 0) {
      emitToListeners(events, 'response', {
        exchange: this.spec.id,
        method: endpoint.method,
        path: requestInfo().path,
        endpoint: options.name,
        attempt,
        status: response.status,
        durationMs: Math.round(monotonicNow() - sentAtMonotonicMs),
      });
    }

    const wire: WireResponse = {
      status: response.status,
      headers: response.headers,
      text: response.body,
      body: parseBody(response.body, endpoint.bigIntegers === true),
    };
    const failure = mergeFailures(this.spec.classify(wire, endpoint), classifyByStatus(wire, this.spec.name));
    if (failure) {
      // 5xx, "busy" and unreadable replies say nothing about whether the request was carried out.
      if (options.trace && (failure.outcomeUnknown || failure.kind === 'ExchangeUnavailable' || failure.kind === 'BadResponse'))
        options.trace.outcomeUnknown = true;
      throw replyError(failure, wire, endpoint, requestInfo(), receivedAtMs, (kind, details) => this.error(kind, details));
    }
    return { body: wire.body, sentAtMs, receivedAtMs };
  }

  #sign(
    endpoint: EndpointDef,
    options: CallOptions<unknown>,
    queryString: string,
    bodyText: string,
  ): { headers: Record<string, string>; queryString: string; bodyText: string } {
    const headers: Record<string, string> = { accept: 'application/json', ...this.spec.headers };
    const contentType = endpoint.bodyEncoding === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
    if (options.body !== undefined) headers['content-type'] = contentType;
    if (endpoint.auth !== 'private') return { headers, queryString, bodyText };
    const signed = this.spec.sign({
      method: endpoint.method,
      path: endpoint.path,
      queryString,
      bodyText,
      query: options.query ?? {},
      body: options.body,
      timestampMs: this.now(),
      credentials: this.#credentials,
    });
    Object.assign(headers, signed.headers);
    const finalBody = signed.bodyText ?? bodyText;
    if (finalBody && !headers['content-type']) headers['content-type'] = contentType;
    return { headers, queryString: signed.queryString ?? queryString, bodyText: finalBody };
  }

  #validateMarkingTrace<T>(endpoint: EndpointDef, options: CallOptions<T>, body: unknown): T {
    try {
      return this.#validate(endpoint, options, body);
    } catch (error) {
      // A reply we cannot read may stand for a write that went through.
      if (options.trace) options.trace.outcomeUnknown = true;
      throw error;
    }
  }

  #validate<T>(endpoint: EndpointDef, options: CallOptions<T>, body: unknown): T {
    if (!options.schema || this.#options.validateResponses === false) return body as T;
    const result = validate(options.schema, body);
    if (result.success) return result.data;
    throw this.error('BadResponse', {
      message: `the reply of ${endpoint.method} ${endpoint.path} does not have the expected shape: ${formatZodError(result.error)}`,
      request: { method: endpoint.method, path: endpoint.path },
      orderState: endpoint.intent === 'create' ? 'unknown' : undefined,
      hint: `${this.spec.name} changed or truncated this payload. Report it with the path above; validateResponses: false skips the check at your own risk.`,
    });
  }

  async #ensureClock(): Promise<void> {
    if (!this.clockSyncEnabled || this.clock.synced) return;
    // After a failed sync, sign with the local clock for a while instead of probing on every call.
    if (monotonicNow() - this.#clockFailedAt < 30_000) return;
    try {
      await this.clock.ensureSynced();
    } catch (error) {
      this.#clockFailedAt = monotonicNow();
      this.#log('warn', 'clock sync failed; signing with the local clock', {
        error: isExchangeError(error) ? error.message : String(error),
      });
    }
  }

  async #sampleServerTime(): Promise<ServerTimeSample> {
    const serverTime = this.spec.serverTime;
    if (!serverTime) throw new RangeError(`${this.spec.id} has no server-time endpoint`);
    // No retries here: a retried sample would report the round trip of several sends.
    const { body, sentAtMs, receivedAtMs } = await this.#send(serverTime.endpoint, { name: 'serverTime' }, 1);
    const serverTimeMs = serverTime.parse(body);
    if (!Number.isFinite(serverTimeMs)) {
      throw this.error('BadResponse', {
        message: 'server time reply has no usable timestamp',
        hint: `${this.spec.name} answered its time endpoint with something unexpected.`,
      });
    }
    return { serverTimeMs, sentAtMs, receivedAtMs };
  }

  #onClockSync(result: ClockSyncResult, reason: 'initial' | 'refresh' | 'timestamp-expired'): void {
    emitToListeners(this.#events, 'clockSync', { exchange: this.spec.id, ...result, reason });
    this.#log('debug', 'clock synced', { ...result, reason });
  }

  #emitRetry(
    endpoint: EndpointDef | undefined,
    options: CallOptions<unknown> | undefined,
    attempt: number,
    delayMs: number,
    reason: 'rate-limited' | 'unavailable' | 'network' | 'timestamp' | 'order-lookup',
    error: ExchangeError,
  ): void {
    emitToListeners(this.#events, 'retry', {
      exchange: this.spec.id,
      method: endpoint?.method ?? error.request?.method ?? '',
      path: endpoint?.path ?? error.request?.path ?? '',
      endpoint: options?.name,
      attempt,
      delayMs,
      reason,
      error,
    });
    this.#log('info', `retrying after ${error.kind}`, { attempt, delayMs, reason });
  }

  #origin(endpoint: EndpointDef): string {
    if (this.#baseUrl !== undefined) return this.#baseUrl;
    const origin = this.spec.hosts[endpoint.host ?? 'default'];
    if (!origin) throw new RangeError(`${this.spec.id}: endpoint ${endpoint.path} names host "${endpoint.host}", which is not defined`);
    return origin;
  }

  #scope(endpoint: EndpointDef, options: CallOptions<unknown>, origin = this.#origin(endpoint)): ScopeKeys {
    let ip = this.#originKeys.get(origin);
    if (ip === undefined) {
      ip = originKey(origin);
      this.#originKeys.set(origin, ip);
    }
    return { ip, account: this.#accountKey, symbol: options.symbol };
  }

  #log(level: 'debug' | 'info' | 'warn' | 'error', message: string, details?: Record<string, unknown>): void {
    const write = this.#options.logger?.[level];
    if (!write) return;
    const text = this.redactor.text(JSON.stringify(details ?? {}));
    // The program's logger runs inside calls and socket handlers: a throw in it must not fail them.
    callProgram(() => write.call(this.#options.logger, `[${this.spec.id}] ${message}`, JSON.parse(text) as Record<string, unknown>));
  }
}

function encodeBody(endpoint: EndpointDef, body: unknown): string {
  if (body === undefined) return '';
  if (endpoint.bodyEncoding === 'form') return serializeForm(body as Record<string, unknown>);
  return JSON.stringify(body);
}

function parseBody(text: string, bigIntegers: boolean): unknown {
  let first = 0;
  while (first < text.length && text.charCodeAt(first) <= 32) first++;
  const opening = text.charCodeAt(first);
  if (opening !== 123 /* { */ && opening !== 91 /* [ */) return undefined;
  try {
    return bigIntegers ? parseJson(text) : JSON.parse(text);
  } catch {
    return undefined;
  }
}
