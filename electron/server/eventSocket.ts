import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { HostService } from '../core/host/hostService';
import type { AccessPolicy } from './accessPolicy';

export const EVENTS_PATH = '/api/events';
/** A tab that stopped reading (frozen, debugger) is dropped rather than buffered forever. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}

/**
 * GET /api/events as a WebSocket: every host event as `{name, payload}` JSON.
 * The upgrade passes the same Host, Origin and token checks as any request.
 */
export function eventSocket(host: HostService, p: AccessPolicy) {
  // Clients only listen; a message from one is never read.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  wss.on('connection', (ws) => ws.on('error', () => ws.terminate()));

  const unsubscribe = host.subscribe((name, payload) => {
    const message = JSON.stringify({ name, payload });
    for (const client of wss.clients) {
      if (client.readyState !== WebSocket.OPEN) continue;
      if (client.bufferedAmount > MAX_BUFFERED_BYTES) client.terminate();
      else client.send(message);
    }
  });

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      if ((req.url ?? '').split('?')[0] !== EVENTS_PATH) return refuse(socket, '404 Not Found');
      if (!p.hostAllowed(req)) return refuse(socket, '421 Misdirected Request');
      if (!p.originAllowed(req)) return refuse(socket, '403 Forbidden');
      const credential = p.credential(req);
      if (!credential) return refuse(socket, '401 Unauthorized');
      if (!p.mayChangeState(req, credential)) return refuse(socket, '403 Forbidden');
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close(): void {
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
