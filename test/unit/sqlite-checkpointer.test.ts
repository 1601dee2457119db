// The embedded store's WAL checkpoints off the event loop (issue 20, store/sqlite-checkpointer.ts),
// on real SQLite files and a real worker thread: the worker starts once the WAL has grown, the
// main connection's own checkpoint is off while it runs, the WAL keeps restarting (bounded), a
// failing worker gives the checkpoints back to the main connection, an outgrown WAL does too, and
// nothing written is lost across close and reopen.
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTO_CHECKPOINT_PAGES, startCheckpointer, type Checkpointer } from '../../src/server/store/sqlite-checkpointer.js';
import { openSqliteStore } from '../../src/server/store/sqlite.js';

const open = (): { file: string; db: Database.Database } => {
  const file = join(mkdtempSync(join(tmpdir(), 'ckpt-')), 'x.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (id integer primary key, v text not null)');
  return { file, db };
};

/** Rows of about 1 KiB: a WAL page each, roughly. */
const write = (db: Database.Database, n: number, from = 0): void => {
  const insert = db.prepare('insert into t (id, v) values (?, ?)');
  for (let i = from; i < from + n; i++) insert.run(i, 'x'.repeat(1000));
};

const autoCheckpoint = (db: Database.Database): number => db.pragma('wal_autocheckpoint', { simple: true }) as number;

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let cp: Checkpointer | null = null;
afterEach(async () => { await cp?.close(); cp = null; });

describe('WAL checkpoints in a worker thread', () => {
  it('start once the WAL has grown, switch the main connection\'s off, keep the WAL restarting, and lose nothing', async () => {
    const { file, db } = open();
    cp = startCheckpointer({ file, main: db, startAtBytes: 256 * 1024, everyMs: 20 });
    write(db, 10);
    await new Promise((r) => setTimeout(r, 100));
    expect(cp.stats.running, 'a WAL below the start size starts no thread').toBe(false);
    expect(autoCheckpoint(db)).toBe(AUTO_CHECKPOINT_PAGES);
    write(db, 200, 10);
    await until('the first checkpoint', () => cp!.stats.checkpoints > 0);
    expect(cp.stats.running).toBe(true);
    expect(autoCheckpoint(db), 'the main connection no longer checkpoints').toBe(0);
    // 40 bursts of 50 pages with the worker checkpointing between them: without restarts the
    // WAL would hold all 2,000 pages.
    for (let burst = 0; burst < 40; burst++) {
      write(db, 50, 210 + burst * 50);
      await cp.checkpoint();
    }
    expect(cp.stats.walFrames, 'frames in the WAL at the last checkpoint').toBeLessThan(200);
    expect(statSync(`${file}-wal`).size).toBeLessThan(2_000 * 1024);
    db.close();
    await cp.close();
    expect(existsSync(`${file}-wal`), 'the worker, last to close, checkpointed and removed the WAL').toBe(false);
    const again = new Database(file, { readonly: true });
    expect(again.prepare('select count(*) from t').pluck().get()).toBe(2_210);
    again.close();
  });

  it('a worker that fails gives the checkpoints back to the main connection and says so', async () => {
    const { file, db } = open();
    const errors: Error[] = [];
    cp = startCheckpointer({ file, main: db, startAtBytes: 1, everyMs: 20, nativeBinding: join(tmpdir(), 'no-such-binding.node'), onError: (err) => errors.push(err) });
    write(db, 20);
    await until('the failure', () => cp!.stats.failed);
    expect(errors).toHaveLength(1);
    expect(cp.stats.running).toBe(false);
    expect(autoCheckpoint(db)).toBe(AUTO_CHECKPOINT_PAGES);
    // SQLite's own checkpoint works again: a thousand pages later the WAL has restarted.
    write(db, 3_000, 20);
    expect(statSync(`${file}-wal`).size).toBeLessThan(1_500 * 4096);
    db.close();
  });

  it('a WAL past the frame limit turns the main connection\'s checkpoint back on until it is short again', async () => {
    const { file, db } = open();
    // A minute between ticks: only the test's checkpoints run.
    cp = startCheckpointer({ file, main: db, startAtBytes: 1, everyMs: 60_000, framesLimit: 100 });
    write(db, 20);
    await cp.checkpoint();
    expect(cp.stats).toMatchObject({ running: true, checkpoints: 1, mainCheckpoints: false });
    expect(autoCheckpoint(db)).toBe(0);
    // A read transaction held open on another connection pins the WAL: it cannot restart.
    const reader = new Database(file);
    reader.exec('begin');
    reader.prepare('select count(*) from t').get();
    write(db, 300, 20);
    await cp.checkpoint();
    expect(cp.stats.walFrames).toBeGreaterThan(100);
    expect(cp.stats.mainCheckpoints).toBe(true);
    expect(autoCheckpoint(db)).toBe(AUTO_CHECKPOINT_PAGES);
    reader.exec('commit');
    reader.close();
    // Nothing pins it now: one checkpoint copies every frame, the next write restarts the WAL,
    // and the checkpoint after it finds the WAL short and hands the checkpoints back.
    await cp.checkpoint();
    write(db, 1, 320);
    await cp.checkpoint();
    expect(cp.stats.walFrames).toBeLessThanOrEqual(100);
    expect(cp.stats.mainCheckpoints).toBe(false);
    expect(autoCheckpoint(db)).toBe(0);
    db.close();
  });

  it('the store runs one for its database file', async () => {
    const store = await openSqliteStore(mkdtempSync(join(tmpdir(), 'ckpt-store-')));
    try {
      expect(store.checkpointer?.stats).toMatchObject({ running: false, failed: false });
    } finally {
      await store.close();
    }
  });
});
