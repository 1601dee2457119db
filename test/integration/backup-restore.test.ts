// Issue 19, backups: `presence-server backup` copies the embedded database while a server (its own
// process) keeps writing; `restore` puts it in an empty directory (refusing a non-empty one
// without --force); a server started on the copy has every change acknowledged before the backup
// began. The commands run as the real CLI in child processes.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { json, seedDataDir } from '../helpers/hardening-child.js';
import { recordFigures } from '../helpers/hardening-scale.js';
import { spawnServer, type ServerProcess } from '../helpers/server-process.js';

const entry = fileURLToPath(new URL('../helpers/server-entry.ts', import.meta.url));

function cli(args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += String(d); });
  child.stderr.on('data', (d) => { out += String(d); });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

const tmp = (name: string) => mkdtempSync(join(tmpdir(), `presence-${name}-`));
const STATUSES = ['online', 'away', 'offline'] as const;

describe('presence-server backup and restore (SQLite)', () => {
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) { s.child.kill('SIGKILL'); await s.exited; }
  });

  it('a backup taken under write load, restored and served, holds every change acknowledged before it began', async () => {
    const seeded = await seedDataDir(6);
    const server = await spawnServer(['--port', '0', '--data', seeded.dataDir]);
    servers.push(server);
    const groups: { name: string; at: number }[] = [];
    const statuses = new Map<string, { version: number; at: number }[]>();
    let stop = false;
    // Groups have no rate limit: three admin loops write as fast as the server acknowledges.
    const groupLoops = [0, 1, 2].map(async (loop) => {
      for (let k = 0; !stop; k++) {
        const res = await json(`${server.url}/api/v1/groups`, 'POST', seeded.admin.token, { name: `g-${loop}-${k}` });
        if (res.status !== 201) throw new Error(`group write failed: ${res.status}`);
        groups.push({ name: `g-${loop}-${k}`, at: performance.now() });
      }
    });
    // Status changes, within the per-agent limit (20 per 10 s): 19 per agent, spread out.
    const statusLoops = seeded.agents.map(async (a, i) => {
      for (let k = 0; k < 19 && !stop; k++) {
        const res = await json(`${server.url}/api/v1/agents/me/status`, 'PUT', a.token, { status: STATUSES[(k + i) % 3] });
        if (res.status !== 200) throw new Error(`status write failed: ${res.status}`);
        statuses.set(a.id, [...(statuses.get(a.id) ?? []), { version: res.body.version, at: performance.now() }]);
        await new Promise((r) => setTimeout(r, 40));
      }
    });
    while (groups.length < 30) await new Promise((r) => setTimeout(r, 20));

    const out = join(tmp('backup-out'), 'presence-backup.sqlite');
    const backupStartedAt = performance.now();
    const backup = await cli(['backup', '--data', seeded.dataDir, '--out', out]);
    const backupEndedAt = performance.now();
    stop = true;
    await Promise.all([...groupLoops, ...statusLoops]);
    expect(backup, backup.out).toMatchObject({ code: 0 });
    expect(JSON.parse(backup.out)).toMatchObject({ backedUp: out, agents: 7 });
    const before = groups.filter((g) => g.at < backupStartedAt);
    const during = groups.filter((g) => g.at >= backupStartedAt && g.at <= backupEndedAt);
    expect(before.length).toBeGreaterThanOrEqual(30);
    // The backup really ran while the server wrote.
    expect(during.length).toBeGreaterThan(0);

    // A non-empty directory is refused without --force, and nothing in it changes.
    const busy = seeded.dataDir;
    const refused = await cli(['restore', '--in', out, '--data', busy]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/is not empty.*--force/);

    const restoredDir = tmp('restored');
    const restore = await cli(['restore', '--in', out, '--data', restoredDir]);
    expect(restore, restore.out).toMatchObject({ code: 0 });
    server.child.kill('SIGTERM');
    await server.exited;

    const copy = await spawnServer(['--port', '0', '--data', restoredDir]);
    servers.push(copy);
    const listed = await json(`${copy.url}/api/v1/groups`, 'GET', seeded.admin.token);
    expect(listed.status).toBe(200);
    const names = new Set((listed.body.groups as { name: string }[]).map((g) => g.name));
    expect(before.filter((g) => !names.has(g.name))).toEqual([]);
    const agents = (await json(`${copy.url}/api/v1/agents`, 'GET', seeded.admin.token)).body.agents as { id: string; version: number }[];
    let statusChecked = 0;
    for (const [id, acks] of statuses) {
      const acked = acks.filter((x) => x.at < backupStartedAt).map((x) => x.version);
      statusChecked += acked.length;
      if (acked.length > 0) expect(agents.find((a) => a.id === id)!.version).toBeGreaterThanOrEqual(Math.max(...acked));
    }
    recordFigures('backup-under-load', {
      groupsAckedBeforeBackup: before.length, groupsAckedDuringBackup: during.length, statusAcksBeforeBackup: statusChecked,
      restoredGroups: names.size, missing: 0, backupCliMs: Math.round(backupEndedAt - backupStartedAt), backupBytes: JSON.parse(backup.out).bytes,
    });
  }, 120_000);

  it('restore refuses a file that is not a database, and --force replaces a database (and its stale WAL)', async () => {
    const seeded = await seedDataDir(1);
    const out = join(tmp('backup-force'), 'b.sqlite');
    expect((await cli(['backup', '--data', seeded.dataDir, '--out', out])).code).toBe(0);
    const again = await cli(['backup', '--data', seeded.dataDir, '--out', out]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/exists; pass --force/);

    const junk = join(tmp('junk'), 'junk.sqlite');
    writeFileSync(junk, 'not a database at all');
    const bad = await cli(['restore', '--in', junk, '--data', tmp('bad-target')]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/not a usable database|cannot be opened/);

    const other = await seedDataDir(2);
    const wal = join(other.dataDir, 'presence.sqlite-wal');
    writeFileSync(wal, 'STALE WAL OF THE REPLACED DATABASE');
    const forced = await cli(['restore', '--in', out, '--data', other.dataDir, '--force']);
    expect(forced, forced.out).toMatchObject({ code: 0 });
    // Removed (the restore's own check may open a fresh, empty one): never the replaced database's.
    if (existsSync(wal)) expect(readFileSync(wal, 'utf8')).not.toMatch(/STALE/);
    const server = await spawnServer(['--port', '0', '--data', other.dataDir]);
    servers.push(server);
    // The restored database is the first one: its admin's token works, the other's does not.
    expect((await json(`${server.url}/api/v1/me`, 'GET', seeded.admin.token)).status).toBe(200);
    expect((await json(`${server.url}/api/v1/me`, 'GET', other.admin.token)).status).toBe(401);
  }, 120_000);

  it('backup and restore without --data are usage errors (no guessing ./data)', async () => {
    expect((await cli(['backup', '--out', join(tmp('x'), 'b.sqlite')])).code).toBe(2);
    expect((await cli(['restore', '--in', 'whatever.sqlite'])).code).toBe(2);
  }, 60_000);
});
