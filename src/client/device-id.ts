// A device keeps one id for its whole life (SPEC 2): a second connection with the same id replaces
// the first, so two installs must never share one. Random is injected for deterministic tests.
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export function newDeviceId(random?: () => number): string {
  let id = '';
  const bytes = random ? null : secureBytes(22);
  for (let i = 0; i < 22; i++) {
    const r = bytes ? bytes[i]! / 256 : (random ?? Math.random)();
    id += ALPHABET[Math.floor(r * ALPHABET.length) % ALPHABET.length];
  }
  return id;
}

function secureBytes(n: number): Uint8Array | null {
  // Web Crypto exists in browsers and in Node 20 as a global; fall back to the injected random.
  const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }).crypto;
  return c?.getRandomValues ? c.getRandomValues(new Uint8Array(n)) : null;
}
