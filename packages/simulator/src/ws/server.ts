/**
 * WebSocket endpoints on the simulator's HTTP port: upgrades are routed by path to a protocol
 * front-end (OKX `/ws/v5/public|private|business`, WEEX `/v3/ws/public|private` for spot and
 * `/capi/v3/ws/public|private` for futures, OKEx v1 `/ws/v1`), after the `refuse` fault and the
 * front-end's own upgrade check (WEEX signs private upgrades) had their say.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ExchangeId } from '../engine/venue.js';
import { normalizeIp } from '../keys.js';
import type { WsFaults } from './faults.js';
import type { WsSession } from './session.js';

/** An order book as the simulator last pushed it: exchange wire units, decimal strings, best first. */
export interface PublishedBook {
  exchange: ExchangeId;
  symbol: string;
  sequence: number;
  bids: Array<[price: string, size: string]>;
  asks: Array<[price: string, size: string]>;
}

/** What a front-end says about an upgrade before it is accepted. */
export type UpgradeDecision =
  /** Refused with this HTTP status line and (JSON) body. */
  | { refuse: string; body?: string }
  /** Accepted; `account` is who the upgrade authenticated as. */
  | { accountId?: string };

export interface WsFrontEnd {
  readonly id: ExchangeId;
  /** Socket kind served at a path, or undefined. */
  endpointOf(path: string): string | undefined;
  /** Checks the upgrade request (headers) before the socket is accepted; default: accepted. */
  checkUpgrade?(endpoint: string, request: IncomingMessage, ip: string): UpgradeDecision;
  accept(socket: WebSocket, endpoint: string, ip: string, accountId?: string): void;
  sessions(): WsSession[];
  /** Channels subscribed on open connections (of one socket kind), for tests that must know a subscribe arrived. */
  subscriptions(endpoint?: string): number;
  publishedBook(symbol: string): PublishedBook | undefined;
  close(): void;
}

function refuse(socket: Duplex, status: string, body = ''): void {
  const length = Buffer.byteLength(body);
  const type = body ? 'Content-Type: application/json\r\n' : '';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n${type}Content-Length: ${length}\r\n\r\n${body}`);
}

export function attachWebSockets(server: Server, frontEnds: readonly WsFrontEnd[], faults: WsFaults): { close(): void } {
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  server.on('upgrade', (request, socket, head) => {
    const path = (request.url ?? '/').split('?')[0] as string;
    for (const frontEnd of frontEnds) {
      const endpoint = frontEnd.endpointOf(path);
      if (endpoint === undefined) continue;
      if (faults.refuses({ exchange: frontEnd.id, endpoint })) {
        refuse(socket, '503 Service Unavailable');
        return;
      }
      const ip = normalizeIp(request.socket.remoteAddress);
      const decision = frontEnd.checkUpgrade?.(endpoint, request, ip) ?? {};
      if ('refuse' in decision) {
        refuse(socket, decision.refuse, decision.body);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => frontEnd.accept(ws, endpoint, ip, decision.accountId));
      return;
    }
    refuse(socket, '404 Not Found');
  });
  return {
    close() {
      for (const frontEnd of frontEnds) frontEnd.close();
      wss.close();
    },
  };
}
