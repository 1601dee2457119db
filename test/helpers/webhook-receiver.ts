// A real webhook receiver on loopback (http, or https with a self-signed certificate made by
// openssl for this run). It records every request with its raw body and answers what the test
// scripts: a status, a redirect, or nothing at all (a hang, cut only by the sender).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Received { headers: http.IncomingHttpHeaders; body: string; json: any; at: number }
export type Answer = number | 'hang' | { status: number; headers?: Record<string, string> };

export interface Receiver {
  url: string;
  received: Received[];
  /** Answers for the next requests, in order; after them, `fallback`. */
  script(...answers: Answer[]): void;
  fallback: Answer;
  /** Resolves once `n` requests have arrived (generous wait: the machine is loaded). */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

let cert: { key: string; cert: string } | null = null;

/** A certificate for localhost and 127.0.0.1, made once per test process. */
export function selfSignedCert(): { key: string; cert: string } {
  if (cert) return cert;
  const dir = mkdtempSync(join(tmpdir(), 'presence-cert-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  cert = { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  return cert;
}

export async function startReceiver(opts: { tls?: boolean; path?: string } = {}): Promise<Receiver> {
  const received: Received[] = [];
  const queue: Answer[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const hung = new Set<http.ServerResponse>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown = null;
      try { json = JSON.parse(body); } catch { /* not JSON */ }
      received.push({ headers: req.headers, body, json, at: Date.now() });
      for (const w of [...waiters]) if (received.length >= w.n) { waiters.splice(waiters.indexOf(w), 1); w.resolve(); }
      const answer = queue.shift() ?? r.fallback;
      if (answer === 'hang') { hung.add(res); return; }
      const { status, headers } = typeof answer === 'number' ? { status: answer, headers: {} } : answer;
      res.writeHead(status, headers).end('ok');
    });
  };
  const server = opts.tls ? https.createServer(selfSignedCert(), handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const r: Receiver = {
    url: `${opts.tls ? 'https' : 'http'}://${opts.tls ? 'localhost' : '127.0.0.1'}:${port}${opts.path ?? '/hook'}`,
    received,
    fallback: 200,
    script: (...answers) => { queue.push(...answers); },
    waitFor: (n, timeoutMs = 30_000) => (received.length >= n ? Promise.resolve(received) : new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`receiver: ${received.length} of ${n} requests within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(received); } });
    })),
    close: () => new Promise<void>((resolve) => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return r;
}
