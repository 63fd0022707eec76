/** API keys the simulator accepts: who they belong to, what they may do, where they may come from. */
import type { ExchangeId } from './engine/venue.js';
import type { Prng } from './random.js';

/** One simulated API key. */
export interface Credentials {
  /** The API key. */
  apiKey: string;
  /** The secret key. */
  secret: string;
  /** The passphrase (OKX and WEEX keys only). */
  passphrase?: string;
}

export type KeyPermission = 'read' | 'trade';

/** OKX sites a key can be created on (protocols/okx-v5.md §1.1); a key works on its own site only. */
export type OkxSite = 'global' | 'eea' | 'us';

export interface ApiKeyRecord extends Credentials {
  exchange: ExchangeId;
  accountId: string;
  permission: KeyPermission;
  /** Caller IPs allowed; undefined = any. */
  ipWhitelist?: readonly string[];
  /** OKX: a demo-trading key, valid only with `x-simulated-trading: 1` (and live keys only without). */
  demo?: boolean;
  /** OKX: the site the key was created on (default global); other sites answer 50101. */
  site?: OkxSite;
}

export class KeyStore {
  readonly #keys = new Map<string, ApiKeyRecord>();

  add(record: ApiKeyRecord): void {
    this.#keys.set(`${record.exchange}\u0000${record.apiKey}`, record);
  }

  find(exchange: ExchangeId, apiKey: string): ApiKeyRecord | undefined {
    return this.#keys.get(`${exchange}\u0000${apiKey}`);
  }
}

/** Key material shaped like each exchange's (OKX UUID key + 32 hex secret; v1 UUID + 32 upper hex). */
export function generateCredentials(exchange: ExchangeId, prng: Prng): Credentials {
  switch (exchange) {
    case 'okx':
      return { apiKey: prng.uuid(), secret: prng.hex(32, true), passphrase: `Sim${prng.hex(12)}` };
    case 'weex':
      return { apiKey: `weex_${prng.hex(32)}`, secret: prng.hex(64), passphrase: `Sim${prng.hex(12)}` };
    case 'okex-v1':
      return { apiKey: prng.uuid(), secret: prng.hex(32, true) };
  }
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function normalizeIp(address: string | undefined): string {
  if (!address) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
