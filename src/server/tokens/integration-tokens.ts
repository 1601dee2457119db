// Integration tokens (SPEC 10): bearer tokens for other systems, limited to scopes, stored as
// SHA-256 hashes (the token is shown once, at creation). A token acts for the admin who made it,
// so a deleted, disabled or demoted admin takes its tokens' rights with them; on each request the
// route's own scope (RouteSpec.scope) decides, and a route without one refuses every token.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../common/clock.js';
import type { TokenScope } from '../http/route-spec.js';
import { hashToken, newId } from '../ids.js';
import type { Database } from '../store/rows.js';
import type { Store } from '../store/store.js';

interface Tables {
  integration_tokens: {
    id: string; account_id: string; name: string; scopes: string; hash: string; created_by: string | null; created_at: number; last_used_at: number | null; revoked: number;
  };
}

export interface IntegrationTokenRow {
  id: string;
  accountId: string;
  name: string;
  scopes: TokenScope[];
  createdBy: string | null;
  createdAt: number;
  lastUsedAt: number | null;
}

/** Prefix that tells an integration token from a session token (`ap_`) without a lookup. */
export const INTEGRATION_PREFIX = 'apk_';
export const isIntegrationToken = (token: string): boolean => token.startsWith(INTEGRATION_PREFIX);
export const newIntegrationToken = (): string => `${INTEGRATION_PREFIX}${randomBytes(32).toString('base64url')}`;

/** lastUsedAt is written at most this often per token: a busy integration must not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const toRow = (r: Tables['integration_tokens']): IntegrationTokenRow => ({
  id: r.id, accountId: r.account_id, name: r.name, scopes: JSON.parse(r.scopes) as TokenScope[], createdBy: r.created_by,
  createdAt: Number(r.created_at), lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});

export class IntegrationTokens {
  private readonly db: Kysely<Tables & Database>;

  constructor(store: Pick<Store, 'db'>, private readonly clock: Clock) {
    this.db = store.db as unknown as Kysely<Tables & Database>;
  }

  async create(accountId: string, createdBy: string, name: string, scopes: TokenScope[]): Promise<{ row: IntegrationTokenRow; token: string }> {
    const token = newIntegrationToken();
    const values = { id: newId(), account_id: accountId, name, scopes: JSON.stringify(scopes), hash: hashToken(token), created_by: createdBy, created_at: this.clock.now(), last_used_at: null, revoked: 0 };
    await this.db.insertInto('integration_tokens').values(values).execute();
    return { row: toRow(values), token };
  }

  async list(accountId: string): Promise<IntegrationTokenRow[]> {
    const rows = await this.db.selectFrom('integration_tokens').selectAll().where('account_id', '=', accountId).where('revoked', '=', 0).orderBy('created_at').orderBy('id').execute();
    return rows.map(toRow);
  }

  /** Revokes one token of the account; false when there is none with this id. */
  async revoke(accountId: string, id: string): Promise<boolean> {
    const res = await this.db.updateTable('integration_tokens').set({ revoked: 1 }).where('id', '=', id).where('account_id', '=', accountId).where('revoked', '=', 0).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** The live token for a bearer value, with its use recorded; null when unknown or revoked. */
  async use(token: string): Promise<IntegrationTokenRow | null> {
    const r = await this.db.selectFrom('integration_tokens').selectAll().where('hash', '=', hashToken(token)).where('revoked', '=', 0).executeTakeFirst();
    if (!r) return null;
    const now = this.clock.now();
    if (r.last_used_at === null || now - Number(r.last_used_at) >= LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('integration_tokens').set({ last_used_at: now }).where('id', '=', r.id).execute();
      r.last_used_at = now;
    }
    return toRow(r);
  }
}
