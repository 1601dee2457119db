// `presence-server backup` and `restore` for the embedded store (issue 19). The backup uses
// SQLite's online backup API through better-sqlite3, from its own connection, so it is safe while
// a server runs and writes: all pages are copied in one step, inside one read transaction, so the
// copy is a consistent snapshot holding every commit made before it began (WAL content included).
// Both write a temporary file and rename it, so an interrupted run never leaves a file that looks
// complete; both check the copy with `PRAGMA integrity_check` before they say done.
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';

export const DB_FILE = 'presence.sqlite';

export class BackupError extends Error {
  readonly code = 'backup';
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  agents: number;
}

/** Every page in one step: a step is one read transaction, so a writer cannot force a restart. */
const ALL_PAGES = 0x7fffffff;

function checkDatabase(file: string): { agents: number } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${file} cannot be opened as a database: ${(err as Error).message}`);
  }
  try {
    const result = String(db.pragma('integrity_check', { simple: true }));
    if (result !== 'ok') throw new BackupError(`${file} failed the integrity check: ${result}`);
    const table = db.prepare("select name from sqlite_master where type = 'table' and name = 'agents'").get();
    if (!table) throw new BackupError(`${file} is an SQLite database but not an Agent Presence one (no agents table)`);
    return { agents: Number((db.prepare('select count(*) as n from agents').get() as { n: number }).n) };
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file} is not a usable database: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/** Copies the data directory's database to `out` while the server may be running. */
export async function backupSqlite(dataDir: string, out: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
  const source = join(dataDir, DB_FILE);
  if (!existsSync(source)) throw new BackupError(`no database in ${dataDir} (expected ${DB_FILE})`);
  if (existsSync(out) && !opts.force) throw new BackupError(`${out} exists; pass --force to replace it`);
  if (!existsSync(dirname(resolve(out)))) throw new BackupError(`the directory of ${out} does not exist`);
  const partial = join(dirname(resolve(out)), `.${basename(out)}.partial`);
  rmSync(partial, { force: true });
  // Not readonly: a WAL database is read through its -shm index, which a reader may have to create.
  const db = new Database(source, { fileMustExist: true });
  let pages = 0;
  try {
    db.pragma('busy_timeout = 5000');
    const progress = await db.backup(partial, { progress: () => ALL_PAGES });
    pages = progress.totalPages;
  } catch (err) {
    rmSync(partial, { force: true });
    throw new BackupError(`backup of ${source} failed: ${(err as Error).message}`);
  } finally {
    db.close();
  }
  const { agents } = checkDatabase(partial);
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, pages, agents };
}

/** Puts a backup in place as the data directory's database; the server must not be running on it. */
export async function restoreSqlite(input: string, dataDir: string, opts: { force?: boolean } = {}): Promise<BackupResult> {
  if (!existsSync(input)) throw new BackupError(`${input} does not exist`);
  const { agents } = checkDatabase(input);
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0 && !opts.force) {
    throw new BackupError(`${dataDir} is not empty; restore into an empty directory, or pass --force to replace its database (stop the server first)`);
  }
  if (!existsSync(dataDir)) throw new BackupError(`${dataDir} does not exist; create it first`);
  const target = join(dataDir, DB_FILE);
  const partial = join(dataDir, `.${DB_FILE}.partial`);
  await copyFile(input, partial);
  // A WAL or index left from the replaced database would be replayed onto the restored one.
  for (const stale of [`${target}-wal`, `${target}-shm`, `${target}-journal`]) rmSync(stale, { force: true });
  renameSync(partial, target);
  checkDatabase(target);
  return { file: target, bytes: statSync(target).size, pages: 0, agents };
}
