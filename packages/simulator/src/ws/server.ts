/**
 * WebSocket endpoints on the simulator's HTTP port: upgrades are routed by path to a protocol
 * front-end (OKX `/ws/v5/public|private|business`; WEEX and OKEx v1 plug in the same way), after
 * the `refuse` fault had its say.
 */
import type { Server } from 'node:http';
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

export interface WsFrontEnd {
  readonly id: ExchangeId;
  /** Socket kind served at a path, or undefined. */
  endpointOf(path: string): string | undefined;
  accept(socket: WebSocket, endpoint: string, ip: string): void;
  sessions(): WsSession[];
  publishedBook(symbol: string): PublishedBook | undefined;
  close(): void;
}

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
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
      wss.handleUpgrade(request, socket, head, (ws) => frontEnd.accept(ws, endpoint, normalizeIp(request.socket.remoteAddress)));
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
