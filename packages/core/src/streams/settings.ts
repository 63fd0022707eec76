/** Stream options (`ExchangeOptions.streams`) and their defaults. */
import type { WsHeartbeat } from './contract.js';
import type { SocketFactory } from './socket.js';
import { DEFAULT_MAX_BUFFERED } from './stream.js';

/** Stream settings (`streams` option of an exchange); every field optional. */
export interface StreamOptions {
  /** Items a queued stream (trades, orders, fills, balances…) holds for a slow reader before it fails with StreamOverflow. Default 10 000. */
  maxBuffered?: number | undefined;
  /** Overrides the exchange's heartbeat interval (OKX: ping after 25 s of silence). */
  heartbeatMs?: number | undefined;
  /** How long a ping may go unanswered before the socket counts as dead. Default: the exchange's. */
  heartbeatTimeoutMs?: number | undefined;
  /** Reconnect backoff: full jitter over `initial × 2^attempt`, capped at `max`. Default 500 ms → 30 s. */
  reconnectDelayMs?: { initial?: number | undefined; max?: number | undefined } | undefined;
  /** Connect, login and subscribe acknowledgements must arrive within this. Default 10 000 ms. */
  requestTimeoutMs?: number | undefined;
  /** Random source for backoff jitter (tests inject one). Default Math.random. */
  random?: (() => number) | undefined;
  /**
   * Plugs in another WebSocket client (a proxy agent, an in-process harness), as `transport` does
   * for HTTP. Default: the `ws` package, loaded on the first watch* call.
   */
  webSocket?: SocketFactory | undefined;
}

export interface StreamSettings {
  maxBuffered: number;
  heartbeatMs: number | undefined;
  heartbeatTimeoutMs: number | undefined;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
  requestTimeoutMs: number;
  random: () => number;
}

export function resolveStreamSettings(options: StreamOptions | undefined): StreamSettings {
  const positive = (value: number | undefined, fallback: number) =>
    value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    maxBuffered: Math.floor(positive(options?.maxBuffered, DEFAULT_MAX_BUFFERED)),
    heartbeatMs: options?.heartbeatMs,
    heartbeatTimeoutMs: options?.heartbeatTimeoutMs,
    reconnectInitialMs: positive(options?.reconnectDelayMs?.initial, 500),
    reconnectMaxMs: positive(options?.reconnectDelayMs?.max, 30_000),
    requestTimeoutMs: positive(options?.requestTimeoutMs, 10_000),
    random: options?.random ?? Math.random,
  };
}

/** The exchange's heartbeat with the user's overrides applied. */
export function effectiveHeartbeat(heartbeat: WsHeartbeat, settings: StreamSettings): WsHeartbeat {
  const timeoutMs = settings.heartbeatTimeoutMs ?? heartbeat.timeoutMs;
  switch (heartbeat.mode) {
    case 'idle':
      return { ...heartbeat, idleMs: settings.heartbeatMs ?? heartbeat.idleMs, timeoutMs };
    case 'interval':
      return { ...heartbeat, intervalMs: settings.heartbeatMs ?? heartbeat.intervalMs, timeoutMs };
    case 'server-ping':
      return { ...heartbeat, timeoutMs };
  }
}

/** Full-jitter backoff: uniform in [0, min(max, initial × 2^attempt)). */
export function reconnectDelay(attempt: number, settings: StreamSettings): number {
  const ceiling = Math.min(settings.reconnectMaxMs, settings.reconnectInitialMs * 2 ** Math.min(attempt, 30));
  return Math.floor(settings.random() * ceiling);
}
