// Identifiers and secrets. Tokens are opaque random strings; only their SHA-256 is stored, so a
// leaked database does not leak usable tokens.
import { createHash, randomBytes } from 'node:crypto';

/**
 * 16 base64url characters that start with a letter or digit. Ids and site keys are typed into
 * command lines (`presencectl widget SITEKEY --group ID`), and one starting with `-` reads as an
 * option there (1 draw in 64 did, which made a CLI test flake); the redraw costs about 1.03 draws.
 */
function randomId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url');
    if (/^[A-Za-z0-9]/.test(id)) return id;
  }
}

export const newId = (): string => randomId();
export const newSiteKey = (): string => randomId();
export const newToken = (): string => `ap_${randomBytes(32).toString('base64url')}`;
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
