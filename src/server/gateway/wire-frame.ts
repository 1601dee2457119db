// One broadcast, framed once (issue 20). A server-to-client WebSocket frame is never masked
// (RFC 6455 5.1), so the bytes on the wire are the same for every widget socket: the header is
// built once per broadcast and each socket gets one write of one Buffer, instead of ws's send
// (two option objects, a header per socket, cork, two writes, uncork, a writev).
import type { WebSocket } from 'ws';
import { LIMITS } from '../../common/protocol.js';

/** A text message and its complete unmasked frame (FIN, opcode 1). */
export interface WireFrame {
  payload: Buffer;
  wire: Buffer;
}

export function textFrame(payload: Buffer): WireFrame {
  const n = payload.length;
  const headerBytes = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const wire = Buffer.allocUnsafe(headerBytes + n);
  wire[0] = 0x81;
  if (n < 126) {
    wire[1] = n;
  } else if (n < 65_536) {
    wire[1] = 126;
    wire.writeUInt16BE(n, 2);
  } else {
    wire[1] = 127;
    wire.writeUInt32BE(0, 2);
    wire.writeUInt32BE(n, 6);
  }
  payload.copy(wire, headerBytes);
  return { payload, wire };
}

/** What the direct write needs from ws's WebSocket (private in its types, stable since ws 1). */
interface WsInternals {
  _socket?: { write(chunk: Buffer): boolean; writableLength: number; cork(): void; uncork(): void } | null;
  _extensions?: Record<string, unknown>;
}

/**
 * The direct writer of one open widget socket, or null when ws must frame (an extension such as
 * permessage-deflate was negotiated, which widget sockets refuse, or no socket). The direct write
 * keeps the order of frames because, without extensions, ws writes every frame to the socket
 * synchronously and never queues one. The slow-reader bound is safeSend's.
 */
export function wireWriter(ws: WebSocket): ((frame: WireFrame) => void) | null {
  const internals = ws as unknown as WsInternals;
  const socket = internals._socket;
  if (!socket || typeof socket.write !== 'function' || Object.keys(internals._extensions ?? {}).length > 0) return null;
  return (frame) => {
    if (ws.readyState !== ws.OPEN) return;
    if (socket.writableLength > LIMITS.maxBufferedBytes) {
      // A reader this slow would make the server hold unbounded memory for it.
      ws.terminate();
      return;
    }
    socket.write(frame.wire);
  };
}

/**
 * Holds a socket's writes until release, then writes them together (Node's cork: ws's own
 * cork/uncork around a frame nests inside it). For an agent device's frames of one turn
 * (presence/device-frames.ts); a no-op without a socket.
 */
export function socketHold(ws: WebSocket): { hold(): void; release(): void } {
  let corked = false;
  return {
    hold() {
      const socket = (ws as unknown as WsInternals)._socket;
      if (corked || !socket || typeof socket.cork !== 'function') return;
      socket.cork();
      corked = true;
    },
    release() {
      if (!corked) return;
      corked = false;
      (ws as unknown as WsInternals)._socket?.uncork();
    },
  };
}
