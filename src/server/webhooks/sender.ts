// One HTTP POST of a delivery, with the SSRF rules of SPEC 10 (address-policy.ts): the host is
// resolved once, every address it resolves to is checked, and the connection goes to the checked
// address through a `lookup` that returns it, so nothing resolves the name a second time between
// the check and the connect. Redirects are never followed (node:http does not follow them; a 3xx
// is a failed attempt). The whole attempt, lookup included, is cut at TIMINGS.webhookTimeoutMs.
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { TIMINGS } from '../../common/timings.js';
import { checkUrl, refusedClass } from './address-policy.js';

export interface ResolvedAddress { address: string; family: number }
/** All addresses of a host name (dns.lookup with all: true); tests inject their own. */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export interface SenderOptions {
  allowPrivate: boolean;
  resolve?: Resolver;
  /** Extra trusted certificate authorities (tests' self-signed receivers). */
  ca?: string | string[];
  timeoutMs?: number;
}

export interface SendResult {
  status: number | null;
  error: string | null;
  durationMs: number;
}

export class WebhookSender {
  private readonly resolve: Resolver;
  private readonly timeoutMs: number;

  constructor(private readonly opts: SenderOptions) {
    this.resolve = opts.resolve ?? systemResolver;
    this.timeoutMs = opts.timeoutMs ?? TIMINGS.webhookTimeoutMs;
  }

  /** `stop` (the dispatcher closing) abandons the attempt like the timeout does. */
  async post(rawUrl: string, body: string, headers: Record<string, string>, stop?: AbortSignal): Promise<SendResult> {
    const started = performance.now();
    const done = (status: number | null, error: string | null): SendResult => ({ status, error, durationMs: performance.now() - started });
    const verdict = checkUrl(rawUrl, this.opts.allowPrivate);
    if (!verdict.ok) return done(null, `refused: the URL ${verdict.reason}`);
    const url = new URL(rawUrl);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    const onStop = (): void => controller.abort();
    stop?.addEventListener('abort', onStop, { once: true });
    try {
      const target = await this.pick(url.hostname.replace(/^\[|\]$/g, ''), controller.signal);
      if ('refused' in target) return done(null, target.refused);
      const status = await this.request(url, target, body, headers, controller.signal);
      return done(status, null);
    } catch (err) {
      if (controller.signal.aborted) return done(null, `timeout: no answer within ${Math.round(this.timeoutMs / 1000)} s`);
      return done(null, `network: ${(err as Error).message}`);
    } finally {
      clearTimeout(timer);
      stop?.removeEventListener('abort', onStop);
    }
  }

  /** The address to connect to, or why none may be used (one refused address refuses the host). */
  private async pick(host: string, signal: AbortSignal): Promise<ResolvedAddress | { refused: string }> {
    const literal = isIP(host);
    const addresses = literal !== 0 ? [{ address: host, family: literal }] : await abortable(this.resolve(host), signal);
    if (addresses.length === 0) return { refused: `network: ${host} has no address` };
    if (!this.opts.allowPrivate) {
      for (const a of addresses) {
        const refused = refusedClass(a.address);
        if (refused) return { refused: `refused: ${host} resolves to ${a.address}, a ${refused} address` };
      }
    }
    return addresses[0]!;
  }

  private request(url: URL, target: ResolvedAddress, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
    // The pinned lookup: whatever the socket asks for, it gets the address checked above.
    const lookup: LookupFunction = (_host, options, cb) => {
      if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: ResolvedAddress[]) => void)(null, [target]);
      else cb(null, target.address, target.family);
    };
    const secure = url.protocol === 'https:';
    const mod = secure ? https : http;
    return new Promise<number>((resolve, reject) => {
      const req = mod.request(url, {
        method: 'POST', lookup, signal, agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'agent-presence-webhooks/1', connection: 'close' },
        ...(secure && this.opts.ca ? { ca: this.opts.ca } : {}),
      }, (res) => {
        // The status decides; the body is not needed, and resume() drops it so the socket can close.
        resolve(res.statusCode ?? 0);
        res.resume();
        res.on('error', () => undefined);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    p.then(resolve, reject);
  });
}
