/**
 * The open connections of one WebSocket front-end and what each subscribed to: the bookkeeping the
 * OKX, WEEX and OKEx v1 front-ends share, so each of them is left with its wire format (what a
 * subscription is, how it is acked, what a push looks like).
 */
import type { WsSession } from './session.js';

/** A front-end's connection: its socket and its subscriptions, by the key its protocol uses. */
export interface SubscribedSession<Sub> {
  ws: WsSession;
  subs: Map<string, Sub>;
}

export class Subscribers<Session extends SubscribedSession<Sub>, Sub> {
  readonly #sessions = new Set<Session>();

  get size(): number {
    return this.#sessions.size;
  }

  [Symbol.iterator](): IterableIterator<Session> {
    return this.#sessions.values();
  }

  add(session: Session): void {
    this.#sessions.add(session);
  }

  delete(session: Session): void {
    this.#sessions.delete(session);
  }

  sockets(): WsSession[] {
    return [...this.#sessions].map((session) => session.ws);
  }

  /** Channels subscribed on open connections (of one socket kind). */
  count(endpoint?: string): number {
    let count = 0;
    for (const session of this.#sessions) {
      if (!session.ws.closed && (endpoint === undefined || session.ws.endpoint === endpoint)) count += session.subs.size;
    }
    return count;
  }

  /** The subscriptions on open connections that `match`, with their connection. */
  matching(match: (sub: Sub, session: Session) => boolean): Array<[Session, Sub]> {
    const out: Array<[Session, Sub]> = [];
    for (const session of this.#sessions) {
      if (session.ws.closed) continue;
      for (const sub of session.subs.values()) if (match(sub, session)) out.push([session, sub]);
    }
    return out;
  }

  /** Whether any connection (open or closing) has a subscription that matches. */
  any(match: (sub: Sub) => boolean): boolean {
    for (const session of this.#sessions) for (const sub of session.subs.values()) if (match(sub)) return true;
    return false;
  }

  /** Cuts every connection off (the simulator is closing). */
  dropAll(): void {
    for (const session of this.#sessions) session.ws.drop();
    this.#sessions.clear();
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
