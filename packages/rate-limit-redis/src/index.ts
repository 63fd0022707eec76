/**
 * `RedisRateLimitStore`: one exact sliding-window rate-limit budget shared through Redis by every process that
 * uses one key.
 *
 * @packageDocumentation
 * @module @exchange-adapters/rate-limit-redis
 */

export {
  type FallbackEvent,
  type RecoveredEvent,
  type RecoveringEvent,
  RedisRateLimitStore,
  type RedisRateLimitStoreEvents,
  type RedisRateLimitStoreOptions,
  type RedisScriptClient,
  type RedisStoreMode,
} from './redis-store.js';
