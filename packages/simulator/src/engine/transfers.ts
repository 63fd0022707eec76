/**
 * Transfers between an account's own wallets (OKX funding ↔ trading, WEEX spot ↔ futures): what is
 * available in the source wallet (not held by orders or positions) moves at once. A client id
 * makes a transfer findable after a lost reply and refuses the same id twice.
 */
import type { Fixed } from '../decimal.js';
import type { Venue } from './venue.js';

export interface TransferRecord {
  id: string;
  accountId: string;
  clientId: string;
  currency: string;
  amount: Fixed;
  from: string;
  to: string;
  time: number;
  state: 'success';
}

export interface TransferRequest {
  accountId: string;
  currency: string;
  amount: Fixed;
  from: string;
  to: string;
  clientId?: string;
}

export type TransferResult =
  | { ok: true; transfer: TransferRecord }
  | { ok: false; reason: 'unknown-wallet' | 'same-wallet' | 'insufficient-balance' | 'duplicate-client-id' };

export class Transfers {
  readonly #venue: Venue;
  readonly #wallets: readonly string[];
  readonly #idBase: bigint;
  readonly #records: TransferRecord[] = [];
  #sequence = 0;

  constructor(venue: Venue, wallets: readonly string[], idBase: bigint) {
    this.#venue = venue;
    this.#wallets = wallets;
    this.#idBase = idBase;
  }

  get wallets(): readonly string[] {
    return this.#wallets;
  }

  transfer(request: TransferRequest, nowMs: number): TransferResult {
    const { accountId, currency, amount, from, to } = request;
    if (!this.#wallets.includes(from) || !this.#wallets.includes(to)) return { ok: false, reason: 'unknown-wallet' };
    if (from === to) return { ok: false, reason: 'same-wallet' };
    if (request.clientId && this.find(accountId, { clientId: request.clientId })) return { ok: false, reason: 'duplicate-client-id' };
    const available = this.#venue.balances(accountId, from, nowMs).find((view) => view.currency === currency)?.available ?? 0n;
    if (amount <= 0n || amount > available) return { ok: false, reason: 'insufficient-balance' };
    const account = this.#venue.account(accountId);
    account.balance(from, currency).total -= amount;
    account.balance(to, currency).total += amount;
    this.#venue.balancesChanged([accountId]);
    const transfer: TransferRecord = {
      id: (this.#idBase + BigInt(++this.#sequence)).toString(),
      accountId,
      clientId: request.clientId ?? '',
      currency,
      amount,
      from,
      to,
      time: nowMs,
      state: 'success',
    };
    this.#records.push(transfer);
    return { ok: true, transfer };
  }

  find(accountId: string, ref: { id?: string; clientId?: string }): TransferRecord | undefined {
    return this.#records.find(
      (record) =>
        record.accountId === accountId &&
        (ref.id !== undefined ? record.id === ref.id : ref.clientId !== undefined && record.clientId === ref.clientId),
    );
  }
}
