/** The logger an exchange writes to: `console` fits, as do pino and winston. Messages are redacted. */
export interface Logger {
  /** Per-request detail (requests, replies, rate-limit waits). */
  debug?(message: string, details?: Record<string, unknown>): void;
  /** Noteworthy events (clock sync). */
  info?(message: string, details?: Record<string, unknown>): void;
  /** Absorbed problems (retries, a failed read after a write). */
  warn?(message: string, details?: Record<string, unknown>): void;
  /** Failures. */
  error?(message: string, details?: Record<string, unknown>): void;
}
