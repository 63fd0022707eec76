/**
 * The published state of one order book: what the last push said, and its sequence number. Each
 * publication diffs the engine's current book against it, so every change goes out as the levels
 * that changed (size 0 = removed) with `prevSequence` → `sequence`, and a new subscriber's snapshot
 * is exactly the state the following deltas apply to. Protocol-neutral: each front-end formats it.
 */
import type { Fixed } from '../decimal.js';
import type { BookLevel, BookView } from '../engine/venue.js';

export interface BookChange {
  prevSequence: number;
  sequence: number;
  /** Changed levels, best first; size 0 removes the level. */
  bids: BookLevel[];
  asks: BookLevel[];
}

export interface BookSnapshot {
  sequence: number;
  bids: BookLevel[];
  asks: BookLevel[];
}

type Side = Map<Fixed, BookLevel>;

function sideOf(levels: readonly BookLevel[]): Side {
  const side: Side = new Map();
  for (const level of levels) side.set(level.price, level);
  return side;
}

function diff(before: Side, after: Side, descending: boolean): BookLevel[] {
  const changes: BookLevel[] = [];
  for (const [price, level] of after) {
    const old = before.get(price);
    if (!old || old.size !== level.size || old.orderCount !== level.orderCount) changes.push(level);
  }
  for (const [price] of before) if (!after.has(price)) changes.push({ price, size: 0n, orderCount: 0 });
  changes.sort((a, b) => (a.price === b.price ? 0 : a.price > b.price === descending ? -1 : 1));
  return changes;
}

function sorted(side: Side, descending: boolean): BookLevel[] {
  return [...side.values()].sort((a, b) => (a.price === b.price ? 0 : a.price > b.price === descending ? -1 : 1));
}

export class BookFeed {
  #sequence: number;
  #bids: Side = new Map();
  #asks: Side = new Map();

  constructor(initialSequence: number) {
    this.#sequence = initialSequence;
  }

  get sequence(): number {
    return this.#sequence;
  }

  /** Takes the engine's current book; the change since the last publication, or undefined if none. */
  update(view: BookView): BookChange | undefined {
    const bids = sideOf(view.bids);
    const asks = sideOf(view.asks);
    const bidChanges = diff(this.#bids, bids, true);
    const askChanges = diff(this.#asks, asks, false);
    if (bidChanges.length === 0 && askChanges.length === 0) return undefined;
    this.#bids = bids;
    this.#asks = asks;
    const prevSequence = this.#sequence;
    this.#sequence += 1;
    return { prevSequence, sequence: this.#sequence, bids: bidChanges, asks: askChanges };
  }

  snapshot(depth = Number.POSITIVE_INFINITY): BookSnapshot {
    return { sequence: this.#sequence, bids: sorted(this.#bids, true).slice(0, depth), asks: sorted(this.#asks, false).slice(0, depth) };
  }
}

/** The best `depth` levels of a book, for a feed that publishes only the top of it. */
export function topOf(view: BookView, depth: number): BookView {
  return { ...view, bids: view.bids.slice(0, depth), asks: view.asks.slice(0, depth) };
}
