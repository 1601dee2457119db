// The signature of SPEC 10: `presence-signature: t=UNIX_SECONDS,v1=HEX`, where v1 is HMAC-SHA256
// with the endpoint's secret over `t + "." + raw body`. The timestamp lets a receiver refuse old
// replays; the same body is signed afresh on every attempt (new t, same event id).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64url')}`;

export function signatureHeader(secret: string, unixSeconds: number, rawBody: string): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${rawBody}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** The receiver's side, as docs/webhooks.md shows it (used by tests and the bench receiver). */
export function verifySignature(secret: string, header: string, rawBody: string, nowSeconds: number, toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceS || !parts.v1) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex'));
  const given = Buffer.from(parts.v1);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
