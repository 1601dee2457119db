// The real client address behind a reverse proxy (issue 19, finding 2). Only the proxies an
// operator names with `--trust-proxy CIDR…` are believed: a visitor's own X-Forwarded-For is
// ignored unless the hop it came from is trusted. The same rule feeds Fastify's `request.ip`
// (HTTP limits) and the WebSocket upgrades (per-address socket cap), so both see one address.
import { BlockList, isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

export type TrustProxy = (address: string) => boolean;

const unmapped = (address: string): string => (address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** Parses `10.0.0.0/8`, `::1`, `192.168.1.5`; throws a TypeError that names the bad entry. */
export function trustProxyFrom(cidrs: readonly string[]): TrustProxy | null {
  if (cidrs.length === 0) return null;
  const list = new BlockList();
  for (const raw of cidrs) {
    const [address = '', bits, extra] = raw.trim().split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (family === 0 || extra !== undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32)) {
      throw new TypeError(`trustProxy: ${JSON.stringify(raw)} is not an IP address or CIDR range (e.g. 10.0.0.0/8 or ::1)`);
    }
    list.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return (address) => {
    const a = unmapped(address);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * Walks X-Forwarded-For from the right past trusted hops (what proxy-addr, behind Fastify's
 * `trustProxy`, does): the first untrusted address is the client.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | null): string {
  let address = unmapped(req.socket.remoteAddress ?? '');
  if (!trust) return address;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  while (trust(address) && hops.length > 0) address = unmapped(hops.pop()!);
  return address;
}
