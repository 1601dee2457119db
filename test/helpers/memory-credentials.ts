// The one in-memory CredentialStore of the client core for tests: what was saved, in order.
import type { CredentialStore, StoredCredentials } from '../../src/client/types.js';

export class MemoryCredentials implements CredentialStore {
  readonly saves: Array<{ token: string | null; deviceId: string }> = [];

  constructor(public value: StoredCredentials = { token: 'tok-1', deviceId: 'device-0001' }) {}

  async load(): Promise<StoredCredentials> {
    return { ...this.value };
  }

  async save(v: { token: string | null; deviceId: string }): Promise<void> {
    this.value = { ...v };
    this.saves.push(v);
  }
}
