/**
 * How the stream engine reaches an exchange's request pipeline: the login frame and upgrade
 * headers, signed with the credentials and the skew-corrected clock; errors, logs and the clock.
 * The credentials stay in the pipeline, which lends them to the spec's signing functions.
 */
import type { ExchangeError } from '../errors.js';
import type { Pipeline } from '../pipeline.js';
import type { WsSpec } from './contract.js';
import type { StreamFrontHost } from './front.js';

/** The part of a stream front's host the pipeline answers. */
export type PipelineStreamHooks = Pick<
  StreamFrontHost,
  'loginFrame' | 'upgradeHeaders' | 'checkCredentials' | 'error' | 'log' | 'exchangeNow' | 'resyncClock'
>;

/** `noLogin` is the error of a login the spec cannot make (it has no `login`). */
export function pipelineStreamHooks(pipeline: Pipeline, noLogin: () => ExchangeError): PipelineStreamHooks {
  return {
    loginFrame: async (spec: WsSpec) => {
      const login = spec.login;
      if (!login) throw noLogin();
      const timestampMs = await pipeline.syncedNow();
      return pipeline.withCredentials((credentials) => login(credentials, timestampMs));
    },
    upgradeHeaders: async (spec: WsSpec, endpoint: string) => {
      const build = spec.upgradeHeaders;
      if (!build) return undefined;
      const timestampMs = await pipeline.syncedNow();
      return pipeline.withCredentials((credentials) => build(endpoint, credentials, timestampMs));
    },
    checkCredentials: () => pipeline.checkCredentials(),
    /** An error of `kind` for this exchange. */
    error: (kind, details) => pipeline.error(kind, details),
    log: (level, message, details) => pipeline.log(level, message, details),
    exchangeNow: () => pipeline.now(),
    resyncClock: async () => {
      if (pipeline.clockSyncEnabled) await pipeline.clock.sync('timestamp-expired');
    },
  };
}
