// Sign-in, bearer tokens and brute-force protection. Tokens are opaque, stored as SHA-256 hashes,
// expire after 30 days and are revoked by logout. Failed logins lock the email for a while after
// a few attempts, and each IP is rate limited, with errors that say when to try again.
import type { Clock } from '../common/clock.js';
import { hashToken, newToken } from './ids.js';
import { verifyPassword } from './passwords.js';
import type { AgentRow, Store } from './store/store.js';

export const TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
const LOCK_AFTER_FAILURES = 5;
const LOCK_MS = 15 * 60 * 1000;
const IP_WINDOW_MS = 60 * 1000;
const IP_MAX_ATTEMPTS = 30;

export class AuthError extends Error {
  constructor(readonly code: 'unauthorized' | 'forbidden' | 'account_locked' | 'rate_limited', message: string, readonly retryAfterS?: number) {
    super(message);
  }
}

export interface Authenticated {
  agent: AgentRow;
  tokenHash: string;
}

export class AuthService {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  private readonly ipAttempts = new Map<string, number[]>();

  constructor(private readonly store: Store, private readonly clock: Clock) {}

  async login(email: string, password: string, ip: string): Promise<{ token: string; expiresAt: number; agent: AgentRow }> {
    const now = this.clock.now();
    this.limitIp(ip, now);
    const key = email.toLowerCase();
    const record = this.failures.get(key);
    if (record && record.lockedUntil > now) {
      throw new AuthError('account_locked', `too many failed sign-ins for this email; try again in ${Math.ceil((record.lockedUntil - now) / 60000)} minutes`, Math.ceil((record.lockedUntil - now) / 1000));
    }
    const agent = await this.store.getAgentByEmail(key);
    const ok = agent ? await verifyPassword(password, agent.passwordHash) : false;
    if (!agent || !ok) {
      const count = (record && record.lockedUntil <= now && record.count >= LOCK_AFTER_FAILURES ? 0 : record?.count ?? 0) + 1;
      this.failures.set(key, { count, lockedUntil: count >= LOCK_AFTER_FAILURES ? now + LOCK_MS : 0 });
      throw new AuthError('unauthorized', 'wrong email or password');
    }
    if (agent.disabled) throw new AuthError('forbidden', 'this agent is disabled; ask an admin of your account');
    this.failures.delete(key);
    const token = newToken();
    const expiresAt = now + TOKEN_TTL_MS;
    await this.store.createToken(hashToken(token), agent.id, expiresAt);
    return { token, expiresAt, agent };
  }

  private limitIp(ip: string, now: number): void {
    const recent = (this.ipAttempts.get(ip) ?? []).filter((t) => t > now - IP_WINDOW_MS);
    if (recent.length >= IP_MAX_ATTEMPTS) {
      this.ipAttempts.set(ip, recent);
      throw new AuthError('rate_limited', 'too many sign-in attempts from this address; wait a minute', Math.ceil((recent[0]! + IP_WINDOW_MS - now) / 1000));
    }
    recent.push(now);
    this.ipAttempts.set(ip, recent);
  }

  /** Resolves a bearer token to its agent, or throws unauthorized (bad, expired, revoked) / forbidden (disabled). */
  async authenticate(token: string): Promise<Authenticated> {
    const tokenHash = hashToken(token);
    const row = await this.store.getToken(tokenHash);
    if (!row || row.revoked || row.expiresAt <= this.clock.now()) throw new AuthError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    const agent = await this.store.getAgent(row.agentId);
    if (!agent) throw new AuthError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    if (agent.disabled) throw new AuthError('forbidden', 'this agent is disabled; ask an admin of your account');
    return { agent, tokenHash };
  }

  async logout(tokenHash: string): Promise<void> {
    await this.store.revokeToken(tokenHash);
  }
}
