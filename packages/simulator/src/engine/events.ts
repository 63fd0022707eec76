import type { VenueEvent, VenueListener } from './model.js';

/**
 * The venue's change events. Every part of the engine records what it changed as it goes; the
 * batch is delivered only when the whole operation (place, cancel, sync…) is complete, so a
 * listener never sees the venue half-way through a change.
 */
export class VenueEvents {
  readonly #listeners = new Set<VenueListener>();
  #events: VenueEvent[] = [];

  listen(listener: VenueListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Records a change; nothing is kept while no one listens. */
  emit(event: VenueEvent): void {
    if (this.#listeners.size > 0) this.#events.push(event);
  }

  /** Delivers what an operation changed, once it is complete and the venue consistent. */
  flush(): void {
    if (this.#events.length === 0) return;
    const events = this.#events;
    this.#events = [];
    for (const listener of this.#listeners) listener(events);
  }
}
