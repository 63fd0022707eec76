/**
 * One WebSocket connection of one endpoint kind, shared by many subscriptions: it connects, logs
 * in when a private channel needs it, subscribes in batches, keeps the heartbeat, notices a dead or
 * dropped socket, and reconnects with capped full-jitter backoff, logging in and resubscribing
 * everything again. Subscribers hear `connecting` / `reconnecting` / `subscribed` and, after a
 * reconnect, `resumed(downSinceMs)` so private streams can reconcile what they missed.
 *
 * Login frames are secrets: they are written to the socket and nowhere else.
 */
import { type ErrorKind, type ExchangeError, type ExchangeErrorDetails, isExchangeError } from '../errors.js';
import type { WsChannel, WsHeartbeat, WsInbound, WsSpec } from './contract.js';
import { effectiveHeartbeat, reconnectDelay, type StreamSettings } from './settings.js';
import { frameText, OPEN, readUpgradeBody, type SocketFactory, type SocketLike } from './socket.js';

/** What a connection tells the owner of one subscription key. */
export interface SubscriptionListener {
  message(message: unknown): void;
  status(status: 'connecting' | 'reconnecting' | 'subscribed'): void;
  /** Subscribed again after the socket was down since `downSinceMs` (local clock). */
  resumed(downSinceMs: number): void;
  /** `fatal`: the subscription is gone (refused, or login failed) and will not come back. */
  error(error: ExchangeError, fatal: boolean): void;
}

export interface ConnectionDeps {
  spec: WsSpec;
  endpoint: string;
  url: string;
  settings: StreamSettings;
  openSocket: SocketFactory;
  /** The login frame, built with credentials and the corrected clock. Secret. */
  loginFrame: () => Promise<string>;
  /** Upgrade headers for this endpoint (built at each connect), if the spec has any. Secret. */
  upgradeHeaders: (endpoint: string) => Promise<{ headers: Readonly<Record<string, string>>; authenticated: boolean } | undefined>;
  error: (kind: ErrorKind, details: Omit<ExchangeErrorDetails, 'exchange'>) => ExchangeError;
  log: (level: 'debug' | 'info' | 'warn', message: string, details?: Record<string, unknown>) => void;
  /** Waits for a slot under the exchange's new-connections-per-second limit. */
  admitConnection: () => Promise<void>;
  /** The exchange said the login timestamp expired: learn the clock offset again. */
  resyncClock: () => Promise<void>;
  now: () => number;
  /** Called when the last subscription left and the socket was released. */
  onIdle: (connection: Connection) => void;
}

type SubscriptionState = 'pending' | 'subscribing' | 'subscribed';

interface Entry {
  channel: WsChannel;
  listener: SubscriptionListener;
  state: SubscriptionState;
  /** Was subscribed before: a later subscribe after a drop is a resumption. */
  everSubscribed: boolean;
}

const AUTH_KINDS: ReadonlySet<ErrorKind> = new Set(['AuthMissing', 'AuthInvalid', 'PermissionDenied', 'IpNotAllowed', 'AccountRestricted']);
const HOUR_MS = 3_600_000;
const MAX_REMEMBERED_REQUESTS = 1_000;

let connectionCounter = 0;

export class Connection {
  readonly endpoint: string;
  readonly id = ++connectionCounter;
  readonly #deps: ConnectionDeps;
  readonly #heartbeat: WsHeartbeat;
  readonly #entries = new Map<string, Entry>();
  /** Subscribe/unsubscribe request id → keys, to route acks and error frames that name only the request. */
  readonly #requests = new Map<string, { subscribe: boolean; keys: string[] }>();
  #state: 'idle' | 'connecting' | 'open' | 'waiting' | 'closed' = 'idle';
  #socket: SocketLike | undefined;
  #loggedIn = false;
  #loginInFlight = false;
  #attempt = 0;
  #downSinceMs: number | undefined;
  #lastReceivedMs = 0;
  #pingSentMs: number | undefined;
  #beatTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  #ackTimer: NodeJS.Timeout | undefined;
  #flushScheduled = false;
  #requestSequence = 0;
  /** Times of subscribe/unsubscribe/login frames within the last hour. */
  #requestTimes: number[] = [];

  constructor(deps: ConnectionDeps) {
    this.#deps = deps;
    this.endpoint = deps.endpoint;
    this.#heartbeat = effectiveHeartbeat(deps.spec.heartbeat, deps.settings);
  }

  get size(): number {
    return this.#entries.size;
  }

  get closed(): boolean {
    return this.#state === 'closed';
  }

  /** Whether a new subscription may go here without breaking the exchange's per-connection limits. */
  hasRoom(): boolean {
    const { limits } = this.#deps.spec;
    if (this.#state === 'closed' || this.#entries.size >= limits.subscriptionsPerConnection) return false;
    if (limits.requestsPerHour === undefined) return true;
    return this.#requestsInLastHour() < limits.requestsPerHour - 2;
  }

  add(channel: WsChannel, listener: SubscriptionListener): void {
    if (this.#state === 'closed') throw new RangeError('connection is closed');
    this.#entries.set(channel.key, { channel, listener, state: 'pending', everSubscribed: false });
    if (this.#state === 'idle') {
      void this.#connect();
      return;
    }
    listener.status(this.#downSinceMs === undefined ? 'connecting' : 'reconnecting');
    if (this.#state === 'open') this.#scheduleFlush();
  }

  /** Drops a subscription; the last one releases the socket. */
  remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    if (this.#entries.size === 0) {
      this.#release();
      return;
    }
    if (this.#state === 'open' && entry.state !== 'pending') this.#unsubscribe(entry);
  }

  /** Unsubscribes and subscribes again, for a fresh snapshot after a gap. */
  resubscribe(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry || this.#state !== 'open') return;
    if (entry.state !== 'pending') this.#unsubscribe(entry);
    entry.state = 'pending';
    this.#scheduleFlush();
  }

  /** Releases everything for good (exchange.close()). */
  shutdown(): void {
    this.#entries.clear();
    this.#release();
    this.#state = 'closed';
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────────

  async #connect(): Promise<void> {
    this.#state = 'connecting';
    this.#notifyAll(this.#downSinceMs === undefined ? 'connecting' : 'reconnecting');
    try {
      await this.#deps.admitConnection();
    } catch {
      // admission is only a wait; nothing to report
    }
    if (this.#state !== 'connecting') return;
    let socket: SocketLike;
    let authenticated = false;
    try {
      const upgrade = await this.#deps.upgradeHeaders(this.endpoint);
      authenticated = upgrade?.authenticated === true;
      if (this.#state !== 'connecting') return;
      socket = await this.#deps.openSocket(this.#deps.url, upgrade ? { headers: upgrade.headers } : undefined);
    } catch (error) {
      if (isExchangeError(error) && (error.kind === 'AuthMissing' || error.kind === 'AuthInvalid')) {
        this.#failPrivate(error);
        if (this.#entries.size > 0) this.#scheduleReconnect();
        return;
      }
      this.#deps.log('warn', 'websocket could not be opened', { endpoint: this.endpoint, error: String(error) });
      this.#scheduleReconnect();
      return;
    }
    if (this.#state !== 'connecting') {
      socket.terminate();
      return;
    }
    this.#socket = socket;
    this.#armAckTimer();
    socket.on('open', () => this.#onOpen(socket, authenticated));
    socket.on('message', (data, isBinary) => this.#onFrame(socket, data, isBinary));
    socket.on('close', (code) => this.#onClose(socket, code));
    socket.on('error', (error) => this.#deps.log('debug', 'websocket error', { endpoint: this.endpoint, error: error.message }));
    socket.on('unexpected-response', (_request, response) => {
      const status = response.statusCode;
      this.#deps.log('warn', 'websocket upgrade refused', { endpoint: this.endpoint, status });
      if (!authenticated) {
        socket.terminate();
        return;
      }
      void readUpgradeBody(response).then((body) => {
        if (socket === this.#socket) this.#onUpgradeRefused(status, body);
        socket.terminate();
      });
    });
  }

  /** A signed upgrade was refused: clock skew re-learns the clock and retries; bad credentials end the private streams. */
  #onUpgradeRefused(status: number | undefined, body: string): void {
    const spec = status === undefined ? undefined : this.#deps.spec.upgradeRefusal?.(status, body);
    if (spec?.kind === 'TimestampExpired') {
      this.#deps.log('warn', 'websocket upgrade refused for its timestamp; re-learning the clock', { endpoint: this.endpoint });
      void this.#deps.resyncClock().catch(() => undefined);
      return;
    }
    if (spec && AUTH_KINDS.has(spec.kind)) {
      this.#failPrivate(
        this.#deps.error(spec.kind, {
          message: spec.message ?? `the WebSocket upgrade was refused (HTTP ${status})`,
          exchangeCode: spec.exchangeCode,
          exchangeMessage: spec.exchangeMessage,
          httpStatus: status,
          hint: spec.hint,
        }),
      );
      return;
    }
    if (status === 401 || status === 403) {
      // The signed upgrade was refused: the credentials are wrong, retrying cannot help.
      this.#failPrivate(
        this.#deps.error('AuthInvalid', {
          message: `the WebSocket upgrade was refused (HTTP ${status})`,
          httpStatus: status,
          hint: `${this.#deps.spec.name} refused the signed connection: check apiKey, secret and passphrase, and the clock.`,
        }),
      );
    }
  }

  #onOpen(socket: SocketLike, authenticated: boolean): void {
    if (socket !== this.#socket) return;
    this.#state = 'open';
    // Authenticated by its upgrade headers: private subscriptions need no login frame.
    this.#loggedIn = authenticated;
    this.#lastReceivedMs = this.#deps.now();
    this.#pingSentMs = undefined;
    this.#clearAckTimer();
    this.#scheduleBeat();
    this.#deps.log('debug', 'websocket open', { endpoint: this.endpoint, connection: this.id });
    this.#flush();
  }

  #onClose(socket: SocketLike, code: number): void {
    if (socket !== this.#socket) return;
    socket.removeAllListeners();
    socket.on('error', () => undefined);
    this.#socket = undefined;
    this.#loggedIn = false;
    this.#loginInFlight = false;
    this.#requests.clear();
    this.#stopTimers();
    if (this.#state === 'closed' || this.#state === 'idle') return;
    const wasOpen = this.#state === 'open';
    this.#downSinceMs ??= this.#deps.now();
    const known = this.#deps.spec.closeCodes?.[code];
    this.#deps.log('info', 'websocket closed', { endpoint: this.endpoint, code, connection: this.id });
    if (known && AUTH_KINDS.has(known.kind)) {
      this.#failPrivate(this.#deps.error(known.kind, { message: `the connection was closed with code ${code}`, hint: known.hint }));
    }
    for (const entry of this.#entries.values()) entry.state = 'pending';
    if (this.#entries.size === 0) {
      this.#state = 'idle';
      this.#deps.onIdle(this);
      return;
    }
    if (wasOpen) this.#notifyAll('reconnecting');
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#state === 'closed' || this.#entries.size === 0) return;
    this.#state = 'waiting';
    this.#downSinceMs ??= this.#deps.now();
    const delayMs = reconnectDelay(this.#attempt++, this.#deps.settings);
    this.#deps.log('info', 'websocket reconnecting', { endpoint: this.endpoint, delayMs, attempt: this.#attempt });
    this.#notifyAll('reconnecting');
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#state === 'waiting') void this.#connect();
    }, delayMs);
  }

  /** No subscriptions left: unsubscribe politely, close, free timers. */
  #release(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    this.#stopTimers();
    if (this.#reconnectTimer) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    this.#loggedIn = false;
    this.#loginInFlight = false;
    this.#downSinceMs = undefined;
    this.#attempt = 0;
    if (this.#state !== 'closed') this.#state = 'idle';
    if (socket) {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      if (socket.readyState === OPEN) {
        socket.close(1000, 'done');
        // A peer that never answers the close frame must not keep the process alive.
        setTimeout(() => socket.terminate(), 1_000).unref();
      } else {
        socket.terminate();
      }
    }
    this.#deps.onIdle(this);
  }

  /** Treats the socket as dead: terminate, and the close handler reconnects. */
  #kill(reason: string): void {
    const socket = this.#socket;
    this.#deps.log('warn', `websocket ${reason}; reconnecting`, { endpoint: this.endpoint, connection: this.id });
    if (socket) socket.terminate();
    else this.#scheduleReconnect();
  }

  // ── subscriptions and login ────────────────────────────────────────────────────────────────

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    queueMicrotask(() => {
      this.#flushScheduled = false;
      this.#flush();
    });
  }

  #flush(): void {
    if (this.#state !== 'open') return;
    const pending = [...this.#entries.values()].filter((entry) => entry.state === 'pending');
    if (pending.length === 0) return;
    if (pending.some((entry) => entry.channel.private) && !this.#loggedIn) {
      void this.#login();
      const publicOnes = pending.filter((entry) => !entry.channel.private);
      this.#subscribe(publicOnes);
      return;
    }
    this.#subscribe(pending);
  }

  #subscribe(entries: Entry[]): void {
    const perFrame = Math.max(1, this.#deps.spec.limits.argsPerFrame);
    for (let i = 0; i < entries.length; i += perFrame) {
      const batch = entries.slice(i, i + perFrame);
      const id = this.#nextId();
      this.#remember(id, { subscribe: true, keys: batch.map((entry) => entry.channel.key) });
      for (const entry of batch) entry.state = 'subscribing';
      this.#send(
        this.#deps.spec.subscribe(
          batch.map((entry) => entry.channel.arg),
          id,
        ),
        true,
      );
    }
    if (entries.length > 0) this.#armAckTimer();
  }

  /** Exchanges that ack by key never settle request ids: the oldest are forgotten past a bound. */
  #remember(id: string, request: { subscribe: boolean; keys: string[] }): void {
    this.#requests.set(id, request);
    if (this.#requests.size > MAX_REMEMBERED_REQUESTS) {
      const oldest = this.#requests.keys().next().value;
      if (oldest !== undefined) this.#requests.delete(oldest);
    }
  }

  #unsubscribe(entry: Entry): void {
    const id = this.#nextId();
    // Remembered so that its ack (or refusal) is recognized and not taken for another request's.
    this.#remember(id, { subscribe: false, keys: [] });
    this.#send(this.#deps.spec.unsubscribe([entry.channel.arg], id), true);
  }

  async #login(): Promise<void> {
    if (this.#loginInFlight || this.#loggedIn) return;
    this.#loginInFlight = true;
    const socket = this.#socket;
    let frame: string;
    try {
      frame = await this.#deps.loginFrame();
    } catch (error) {
      this.#loginInFlight = false;
      const failure = isExchangeError(error)
        ? error
        : this.#deps.error('AuthMissing', { message: 'could not build the login frame', hint: 'Pass apiKey, secret and passphrase.' });
      this.#failPrivate(failure);
      return;
    }
    if (!socket || socket !== this.#socket || this.#state !== 'open') {
      this.#loginInFlight = false;
      return;
    }
    this.#countRequest();
    socket.send(frame);
    this.#armAckTimer();
  }

  #onLoginFailed(error: ExchangeError): void {
    this.#loginInFlight = false;
    if (AUTH_KINDS.has(error.kind)) {
      this.#failPrivate(error);
      return;
    }
    // Clock skew, throttling or a hiccup: try again on a fresh connection (after a clock re-sync for skew).
    this.#deps.log('warn', 'websocket login failed; reconnecting', { endpoint: this.endpoint, kind: error.kind });
    if (error.kind === 'TimestampExpired') void this.#deps.resyncClock().catch(() => undefined);
    this.#kill('login failed');
  }

  /** Private subscriptions end with `error`; the connection carries on with the public ones. */
  #failPrivate(error: ExchangeError): void {
    for (const [key, entry] of [...this.#entries]) {
      if (!entry.channel.private) continue;
      this.#entries.delete(key);
      entry.listener.error(error, true);
    }
    if (this.#entries.size === 0) this.#release();
    else this.#flush();
  }

  // ── frames ─────────────────────────────────────────────────────────────────────────────────

  #onFrame(socket: SocketLike, data: Uint8Array | ArrayBuffer | Uint8Array[], isBinary: boolean): void {
    if (socket !== this.#socket) return;
    this.#lastReceivedMs = this.#deps.now();
    this.#pingSentMs = undefined;
    let text: string;
    if (isBinary) {
      const decode = this.#deps.spec.decodeBinary;
      if (!decode) return;
      try {
        text = decode(frameText(data));
      } catch {
        return;
      }
    } else {
      text = Array.isArray(data) || data instanceof ArrayBuffer ? Buffer.from(frameText(data)).toString('utf8') : data.toString();
    }
    let inbound: WsInbound | readonly WsInbound[];
    try {
      inbound = this.#deps.spec.parse(text, this.endpoint);
    } catch (error) {
      // The contract says parse never throws; if an adapter's does, this runs inside the socket's
      // message handler, where a throw would be an uncaught exception in the program: log and go on.
      this.#deps.log('warn', 'websocket frame could not be read', {
        endpoint: this.endpoint,
        error: error instanceof Error ? error.message : String(error),
        frame: text.slice(0, 200),
      });
      return;
    }
    if (Array.isArray(inbound)) for (const item of inbound as readonly WsInbound[]) this.#handle(item);
    else this.#handle(inbound as WsInbound);
  }

  #handle(inbound: WsInbound): void {
    switch (inbound.type) {
      case 'data': {
        this.#entries.get(inbound.key)?.listener.message(inbound.message);
        return;
      }
      case 'subscribed':
        this.#onSubscribed(inbound.key);
        this.#afterAck();
        return;
      case 'ack': {
        const request = this.#requests.get(inbound.requestId);
        if (!request) return;
        this.#requests.delete(inbound.requestId);
        for (const key of request.keys) this.#onSubscribed(key);
        this.#afterAck();
        return;
      }
      case 'unsubscribed':
        return;
      case 'login': {
        this.#loginInFlight = false;
        this.#loggedIn = true;
        this.#afterAck();
        this.#flush();
        return;
      }
      case 'error':
        this.#onErrorFrame(inbound.code, inbound.message, inbound.requestId, inbound.key);
        return;
      case 'ping':
        this.#send(inbound.reply, false);
        return;
      case 'notice':
        this.#deps.log('info', 'websocket notice', { endpoint: this.endpoint, notice: inbound.message });
        return;
      default:
        return;
    }
  }

  #onSubscribed(key: string): void {
    const entry = this.#entries.get(key);
    if (entry?.state !== 'subscribing') return;
    entry.state = 'subscribed';
    const resumed = entry.everSubscribed && this.#downSinceMs !== undefined;
    entry.everSubscribed = true;
    // Resumption first: a private stream then stays 'resyncing' until it has reconciled.
    if (resumed) entry.listener.resumed(this.#downSinceMs as number);
    entry.listener.status('subscribed');
  }

  #onErrorFrame(code: string, message: string | undefined, requestId: string | undefined, key?: string): void {
    const spec = this.#deps.spec.classifyError(code, message);
    const error = this.#deps.error(spec.kind, {
      message: spec.message,
      exchangeCode: spec.exchangeCode ?? code,
      exchangeMessage: spec.exchangeMessage ?? message,
      hint: spec.hint,
      retryable: spec.retryable,
    });
    const request = requestId === undefined ? undefined : this.#requests.get(requestId);
    if (request && !request.subscribe) {
      // A refused unsubscribe: the subscription is gone from our side already.
      this.#requests.delete(requestId as string);
      this.#deps.log('debug', 'websocket unsubscribe refused', { endpoint: this.endpoint, code });
      return;
    }
    const keys = request?.keys ?? (key !== undefined && this.#entries.has(key) ? [key] : undefined);
    if (keys) {
      if (request) this.#requests.delete(requestId as string);
      for (const key of keys) {
        const entry = this.#entries.get(key);
        if (!entry) continue;
        if (error.kind === 'RateLimited' || error.kind === 'ExchangeUnavailable') {
          entry.state = 'pending';
          entry.listener.error(error, false);
          continue;
        }
        this.#entries.delete(key);
        entry.listener.error(error, true);
      }
      if (this.#entries.size === 0) this.#release();
      else this.#afterAck();
      return;
    }
    if (this.#loginInFlight) {
      this.#onLoginFailed(error);
      return;
    }
    if (error.kind === 'ExchangeUnavailable') {
      this.#kill(`closed by the exchange (${code})`);
      return;
    }
    for (const entry of this.#entries.values()) entry.listener.error(error, false);
  }

  #afterAck(): void {
    let waiting = this.#loginInFlight;
    let all = true;
    for (const entry of this.#entries.values()) {
      if (entry.state === 'subscribing') waiting = true;
      if (entry.state !== 'subscribed') all = false;
    }
    if (!waiting) this.#clearAckTimer();
    if (all) {
      this.#attempt = 0;
      this.#downSinceMs = undefined;
    }
  }

  #send(text: string, isRequest: boolean): void {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return;
    if (isRequest) this.#countRequest();
    socket.send(text);
  }

  #nextId(): string {
    this.#requestSequence = (this.#requestSequence + 1) % 1_000_000_000;
    return `${this.id}n${this.#requestSequence}`.replace(/[^A-Za-z0-9]/g, '');
  }

  #countRequest(): void {
    if (this.#deps.spec.limits.requestsPerHour === undefined) return;
    this.#requestTimes.push(this.#deps.now());
  }

  #requestsInLastHour(): number {
    const since = this.#deps.now() - HOUR_MS;
    while (this.#requestTimes.length > 0 && (this.#requestTimes[0] as number) < since) this.#requestTimes.shift();
    return this.#requestTimes.length;
  }

  #notifyAll(status: 'connecting' | 'reconnecting'): void {
    for (const entry of [...this.#entries.values()]) entry.listener.status(status);
  }

  // ── timers ─────────────────────────────────────────────────────────────────────────────────

  /** Connect, login and subscribe acknowledgements must come within requestTimeoutMs. */
  #armAckTimer(): void {
    if (this.#ackTimer) return;
    this.#ackTimer = setTimeout(() => {
      this.#ackTimer = undefined;
      this.#kill('did not answer in time');
    }, this.#deps.settings.requestTimeoutMs);
  }

  #clearAckTimer(): void {
    if (this.#ackTimer) clearTimeout(this.#ackTimer);
    this.#ackTimer = undefined;
  }

  /** One timer, rescheduled from the last frame's time, so traffic costs nothing per frame. */
  #scheduleBeat(): void {
    if (this.#beatTimer) clearTimeout(this.#beatTimer);
    const heartbeat = this.#heartbeat;
    const now = this.#deps.now();
    let dueMs: number;
    if (heartbeat.mode === 'idle') {
      dueMs = this.#pingSentMs !== undefined ? this.#pingSentMs + heartbeat.timeoutMs : this.#lastReceivedMs + heartbeat.idleMs;
    } else if (heartbeat.mode === 'interval') {
      dueMs = Math.min((this.#pingSentMs ?? this.#lastReceivedMs) + heartbeat.intervalMs, this.#lastReceivedMs + heartbeat.timeoutMs);
    } else {
      dueMs = this.#lastReceivedMs + heartbeat.timeoutMs;
    }
    // The verdict waits for the check phase (setImmediate): after the event loop stalled, timers run
    // before the poll phase reads the frames that arrived meanwhile, and a busy process would
    // otherwise take its own stall for a silent socket and reconnect a healthy one.
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (this.#beatTimer === timer) this.#beat();
        }),
      Math.max(0, dueMs - now),
    );
    this.#beatTimer = timer;
  }

  #beat(): void {
    this.#beatTimer = undefined;
    if (this.#state !== 'open') return;
    const heartbeat = this.#heartbeat;
    const now = this.#deps.now();
    if (heartbeat.mode === 'idle') {
      if (this.#pingSentMs !== undefined) {
        if (now - this.#pingSentMs >= heartbeat.timeoutMs) {
          this.#kill('went silent (no pong)');
          return;
        }
      } else if (now - this.#lastReceivedMs >= heartbeat.idleMs) {
        this.#send(heartbeat.ping, false);
        this.#pingSentMs = now;
      }
    } else if (heartbeat.mode === 'interval') {
      if (now - this.#lastReceivedMs >= heartbeat.timeoutMs) {
        this.#kill('went silent');
        return;
      }
      if (now - (this.#pingSentMs ?? this.#lastReceivedMs) >= heartbeat.intervalMs) {
        this.#send(heartbeat.ping, false);
        this.#pingSentMs = now;
      }
    } else if (now - this.#lastReceivedMs >= heartbeat.timeoutMs) {
      this.#kill('went silent (no server ping)');
      return;
    }
    this.#scheduleBeat();
  }

  #stopTimers(): void {
    if (this.#beatTimer) clearTimeout(this.#beatTimer);
    this.#beatTimer = undefined;
    this.#clearAckTimer();
  }
}
