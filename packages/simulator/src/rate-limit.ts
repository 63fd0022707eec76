/**
 * Server-side rate limits as sliding windows. Requests are stamped when they arrive, and the window
 * is a little shorter than documented (TOLERANCE_MS), so network jitter between a client that paces
 * itself exactly at the documented limit and this server never turns into a rejection.
 */

export const TOLERANCE_MS = 150;

interface Slot {
  at: number;
  cost: number;
}

export interface LimitCheck {
  key: string;
  limit: number;
  windowMs: number;
  cost: number;
}

export class SlidingWindowLimiter {
  readonly #windows = new Map<string, Slot[]>();

  /** `enabled: false` admits everything (load tests of a client's own logic). */
  constructor(readonly enabled = true) {}

  /** Admits all checks or none; admitted costs are recorded. */
  tryConsume(checks: readonly LimitCheck[], atMs: number): boolean {
    if (!this.enabled) return true;
    for (const check of checks) {
      if (this.#used(check, atMs) + check.cost > Math.max(check.limit, check.cost)) return false;
    }
    for (const check of checks) {
      let slots = this.#windows.get(check.key);
      if (!slots) {
        slots = [];
        this.#windows.set(check.key, slots);
      }
      slots.push({ at: atMs, cost: check.cost });
    }
    return true;
  }

  #used(check: LimitCheck, atMs: number): number {
    const slots = this.#windows.get(check.key);
    if (!slots) return 0;
    const from = atMs - (check.windowMs - TOLERANCE_MS);
    let first = 0;
    while (first < slots.length && (slots[first] as Slot).at <= atMs - check.windowMs * 2) first++;
    if (first > 0) slots.splice(0, first);
    let used = 0;
    for (const slot of slots) if (slot.at > from && slot.at <= atMs) used += slot.cost;
    return used;
  }
}
