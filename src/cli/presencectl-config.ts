// presencectl's config file: server URL, bearer token and the stable deviceId (SPEC 2: a device
// keeps its id). It holds a token, so it is written 0600 inside a 0700 directory, atomically.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CredentialStore, StoredCredentials } from '../client/types.js';

export interface CliConfig {
  server?: string;
  token?: string | null;
  deviceId?: string;
  email?: string;
}

export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.PRESENCECTL_CONFIG) return env.PRESENCECTL_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'agent-presence', 'cli.json');
}

export async function readConfig(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' ? (v as CliConfig) : {};
  } catch {
    throw new Error(`${path} is not valid JSON; fix or delete it and sign in again`);
  }
}

export async function writeConfig(path: string, cfg: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
  // writeFile's mode is filtered by the umask and ignored for an existing file; be explicit.
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** The client core's CredentialStore, backed by the config file (other fields are preserved). */
export function fileCredentialStore(path: string): CredentialStore {
  return {
    async load(): Promise<StoredCredentials> {
      const c = await readConfig(path);
      return { token: c.token ?? null, deviceId: c.deviceId ?? null };
    },
    async save(v): Promise<void> {
      const c = await readConfig(path);
      await writeConfig(path, { ...c, token: v.token, deviceId: v.deviceId });
    },
  };
}
