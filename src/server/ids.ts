// Identifiers and secrets. Tokens are opaque random strings; only their SHA-256 is stored, so a
// leaked database does not leak usable tokens.
import { createHash, randomBytes } from 'node:crypto';

export const newId = (): string => randomBytes(12).toString('base64url');
export const newSiteKey = (): string => randomBytes(12).toString('base64url');
export const newToken = (): string => `ap_${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
