// `npx tsx bench/broadcast-ab.ts [N] [rounds]` (issue 20): server CPU of one broadcast to N widget
// sockets, ws.send through safeSend against the pre-framed direct write (gateway/wire-frame.ts),
// interleaved A B A B in one process so that the load of a shared machine hits both alike.
// CPU = process.cpuUsage (user + system) of this process, the server, until every client has it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { safeSend } from '../src/server/gateway/socket-utils.js';
import { textFrame, wireWriter, type WireFrame } from '../src/server/gateway/wire-frame.js';
import { loadAvg, raiseFdLimit, sleep } from './lib/common.js';
import { WidgetPool } from './lib/widget-pool.js';

export async function broadcastAb(n: number, rounds: number, log: (s: string) => void): Promise<{ sendUs: number; wireUs: number }> {
  const sockets: { ws: WebSocket; write: (f: WireFrame) => void }[] = [];
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  http.on('upgrade', (req, s, head) => wss.handleUpgrade(req, s, head, (ws) => {
    sockets.push({ ws, write: wireWriter(ws)! });
    ws.send(Buffer.alloc(200, 'x'), { binary: false });
  }));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const pool = await WidgetPool.start(2);
  try {
    await pool.connect('ws', `ws://127.0.0.1:${(http.address() as AddressInfo).port}/ws/widget`, n);
    log(`broadcast-ab N=${n}: load average before ${loadAvg()?.join(' ') ?? '?'}`);
    const cpu = { send: 0, wire: 0 };
    const payload = Buffer.from(JSON.stringify({ type: 'chatBox.status', pad: 'x'.repeat(180) }));
    const warmup = 4;
    for (let i = 1; i <= warmup + rounds * 2; i++) {
      const mode = i % 2 === 1 ? 'send' : 'wire';
      const delivered = pool.waitAll(i, 60_000);
      const before = process.cpuUsage();
      if (mode === 'send') for (const s of sockets) safeSend(s.ws, payload);
      else { const frame = textFrame(payload); for (const s of sockets) s.write(frame); }
      await delivered;
      const used = process.cpuUsage(before);
      if (i > warmup) cpu[mode] += used.user + used.system;
      await sleep(50);
    }
    const per = (us: number): number => Math.round((us / (rounds * n)) * 100) / 100;
    const result = { sendUs: per(cpu.send), wireUs: per(cpu.wire) };
    log(`broadcast-ab N=${n}: ws.send ${result.sendUs} µs/frame, pre-framed ${result.wireUs} µs/frame (${(cpu.wire / cpu.send).toFixed(3)}×); load average after ${loadAvg()?.join(' ') ?? '?'}`);
    return result;
  } finally {
    await pool.close();
    wss.close();
    http.close();
  }
}

if (process.argv[1]?.endsWith('broadcast-ab.ts')) {
  raiseFdLimit();
  broadcastAb(Number(process.argv[2] ?? 5000), Number(process.argv[3] ?? 30), console.log).then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
}
