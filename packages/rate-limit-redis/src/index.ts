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
