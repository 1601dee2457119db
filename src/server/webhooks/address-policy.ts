// Where a webhook may go (SPEC 10, SSRF): https only, and never to an address inside the server's
// own networks. The check runs on the resolved address, and the sender connects to exactly that
// address (sender.ts pins it), so a DNS answer that changes between check and connect cannot
// move the request. `--webhooks-allow-private` lifts both rules (self-hosted setups, tests).
import { BlockList, isIP } from 'node:net';

/** Each refused class, named so an attempt's error says which one it hit. */
const RANGES: readonly [string, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['cgnat', '100.64.0.0', 10, 'ipv4'],
  // 169.254.169.254, the cloud metadata address, is inside link-local.
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['benchmark', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['ula', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
  // AWS's IPv6 metadata address (fd00:ec2::254) is inside the ULA range already.
  ['nat64', '64:ff9b::', 96, 'ipv6'],
];

const lists = new Map<string, BlockList>();
for (const [name, net, prefix, family] of RANGES) {
  const list = lists.get(name) ?? new BlockList();
  list.addSubnet(net, prefix, family);
  lists.set(name, list);
}

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d, also written ::ffff:7f00:1) as its IPv4 form. */
function unmapped(address: string): string {
  const m = /^::ffff:(?:0:)?(.+)$/i.exec(address);
  if (!m) return address;
  const rest = m[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return address;
  const hi = parseInt(hex[1]!, 16);
  const lo = parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** The refused class `address` falls in, or null when a webhook may go there. */
export function refusedClass(address: string): string | null {
  const plain = unmapped(address.replace(/^\[|\]$/g, '').replace(/%.*$/, ''));
  const family = isIP(plain);
  if (family === 0) return 'not-an-address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  for (const [name, list] of lists) if (list.check(plain, type)) return name;
  return null;
}

export interface UrlVerdict {
  ok: boolean;
  /** Why not, for a 400 or an attempt's error. */
  reason?: string;
}

/** What can be said before any DNS lookup: the scheme, and an address written into the URL. */
export function checkUrl(raw: string, allowPrivate: boolean): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return { ok: false, reason: 'must be an https URL' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(unmapped(host)) !== 0) {
    const refused = refusedClass(host);
    if (refused) return { ok: false, reason: `refers to a ${refused} address` };
  }
  if (!allowPrivate && /^localhost$|\.localhost$/i.test(host)) return { ok: false, reason: 'refers to a loopback address' };
  return { ok: true };
}
