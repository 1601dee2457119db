// Sign-in, bearer tokens and brute-force protection. Tokens are opaque, stored as SHA-256 hashes,
// expire after 30 days and are revoked by logout. Failed logins lock the email for the address
// they came from after a few attempts (and everywhere after many), and each IP is rate limited,
// with errors that say when to try again.
import type { Clock } from '../common/clock.js';
import { TIMINGS } from '../common/timings.js';
import { hashToken, newToken } from './ids.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { MemoryLoginThrottle, type LoginThrottle } from './login-throttle.js';
import type { AgentRow, Store } from './store/store.js';

export const TOKEN_TTL_MS = TIMINGS.tokenTtlMs;
export class AuthError extends Error {
  constructor(readonly code: 'unauthorized' | 'forbidden' | 'account_locked' | 'rate_limited', message: string, readonly retryAfterS?: number) {
    super(message);
  }
}

export interface Authenticated {
  agent: AgentRow;
  tokenHash: string;
  /** When the token expires; open sockets close then (4401). */
  expiresAt: number;
}

/** The password check sign-in runs; tests inject a counting one. */
export interface PasswordVerifier {
  verify(password: string, stored: string): Promise<boolean>;
  hash(password: string): Promise<string>;
}

export const scryptVerifier: PasswordVerifier = { verify: verifyPassword, hash: hashPassword };

export class AuthService {
  /**
   * An unknown email is checked against this hash (same scrypt cost as a real one), so it is
   * refused as slowly as a known email with a wrong password (issue 19, finding 6: 4 ms vs 34 ms).
   */
  private readonly dummyHash: Promise<string>;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly throttle: LoginThrottle = new MemoryLoginThrottle(), private readonly passwords: PasswordVerifier = scryptVerifier) {
    // Made at start, not at the first unknown email, which would otherwise pay for it and stand out.
    this.dummyHash = passwords.hash(`dummy ${newToken()}`);
  }

  async login(email: string, password: string, ip: string): Promise<{ token: string; expiresAt: number; agent: AgentRow }> {
    const now = this.clock.now();
    const ipWait = await this.throttle.hitIp(ip, now);
    if (ipWait > 0) throw new AuthError('rate_limited', 'too many sign-in attempts from this address; wait a minute', Math.ceil(ipWait / 1000));
    const key = email.toLowerCase();
    const locked = await this.throttle.lockedFor(key, ip, now);
    if (locked > 0) {
      throw new AuthError('account_locked', `too many failed sign-ins for this email; try again in ${Math.ceil(locked / 60000)} minutes`, Math.ceil(locked / 1000));
    }
    const agent = await this.store.getAgentByEmail(key);
    const ok = await this.passwords.verify(password, agent ? agent.passwordHash : await this.dummyHash);
    if (!agent || !ok) {
      await this.throttle.recordFailure(key, ip, now);
      throw new AuthError('unauthorized', 'wrong email or password');
    }
    if (agent.disabled) throw new AuthError('forbidden', 'this agent is disabled; ask an admin of your account');
    await this.throttle.reset(key, ip);
    const token = newToken();
    const expiresAt = now + TOKEN_TTL_MS;
    await this.store.createToken(hashToken(token), agent.id, expiresAt);
    return { token, expiresAt, agent };
  }

  /** Resolves a bearer token to its agent, or throws unauthorized (bad, expired, revoked) / forbidden (disabled). */
  async authenticate(token: string): Promise<Authenticated> {
    const tokenHash = hashToken(token);
    const row = await this.store.getToken(tokenHash);
    if (!row || row.revoked || row.expiresAt <= this.clock.now()) throw new AuthError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    const agent = await this.store.getAgent(row.agentId);
    if (!agent) throw new AuthError('unauthorized', 'the token is invalid, expired or revoked; sign in again');
    if (agent.disabled) throw new AuthError('forbidden', 'this agent is disabled; ask an admin of your account');
    return { agent, tokenHash, expiresAt: row.expiresAt };
  }

  /** Whether a token still signs its agent in (not revoked, not expired); the resync re-checks open sockets with it. */
  async tokenValid(tokenHash: string): Promise<boolean> {
    const row = await this.store.getToken(tokenHash);
    return !!row && !row.revoked && row.expiresAt > this.clock.now();
  }

  async logout(tokenHash: string): Promise<void> {
    await this.store.revokeToken(tokenHash);
  }
}
