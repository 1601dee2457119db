// WAL checkpoints off the event loop (issue 20, bench/findings.md "Checkpoint stalls"). SQLite's
// automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: it copies the pages
// into the database file and fsyncs it, on the connection's thread, which for better-sqlite3 is
// the event loop. Measured here, a status change stalled 8–30 ms about every 180 changes, and
// every widget and agent of the process waited with it. A worker thread with its own connection
// runs the checkpoints instead (PASSIVE: it never blocks the writer), and the main connection's
// automatic checkpoint is off while that worker is alive.
//
// A checkpoint that overlaps a write leaves the WAL to be restarted by a later one: at a steady 67
// changes a second the WAL restarted every second or two here (300–900 frames), but a sustained
// burst of writes could keep it growing. Past `WAL_FRAMES_LIMIT` frames the main connection's own
// checkpoint comes back until a checkpoint finds the WAL short again (a stall, then, as before).
//
// The worker starts only once the WAL has grown past `startAtBytes` (a node that writes little
// never pays the thread's ~14 MiB); if it fails, the automatic checkpoint comes back at once, so
// the WAL never grows without bound (a packaged Electron app whose worker cannot load the native
// module from the archive keeps SQLite's own checkpoints, as before). Durability is unchanged:
// commits still go to the WAL as before (synchronous = NORMAL), and a checkpoint's fsyncs are the
// same fsyncs, on another thread.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { TIMINGS } from '../../common/timings.js';

/** SQLite's own default (pages): what the main connection goes back to without the worker. */
export const AUTO_CHECKPOINT_PAGES = 1000;
/** WAL frames (pages, 4 KiB) past which the main connection checkpoints again: about 64 MiB. */
export const WAL_FRAMES_LIMIT = 16_000;

/** Plain CommonJS (an eval worker): no loader, so it runs the same under tsx, node and Electron. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
db.pragma('busy_timeout = 1000');
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, log: r.log });
  } catch (err) {
    parentPort.postMessage({ ok: false, message: String((err && err.message) || err) });
  }
});
`;

/** What the checkpointer needs of the main connection. */
export interface MainConnection { pragma(source: string): unknown }

export interface CheckpointerOptions {
  /** The database file; its WAL is `${file}-wal`. */
  file: string;
  nativeBinding?: string;
  main: MainConnection;
  /** WAL size at which the worker starts (bytes). */
  startAtBytes?: number;
  everyMs?: number;
  /** WAL_FRAMES_LIMIT (tests). */
  framesLimit?: number;
  onError?: (err: Error) => void;
}

export interface CheckpointerStats {
  running: boolean;
  checkpoints: number;
  /** Frames in the WAL at the last checkpoint. */
  walFrames: number;
  /** The main connection checkpoints itself now (the WAL outgrew WAL_FRAMES_LIMIT). */
  mainCheckpoints: boolean;
  failed: boolean;
}

export interface Checkpointer {
  readonly stats: CheckpointerStats;
  /** One checkpoint now (starting the worker if the WAL has grown); resolves when it answered (tests). */
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

export function startCheckpointer(o: CheckpointerOptions): Checkpointer {
  const wal = `${o.file}-wal`;
  const startAt = o.startAtBytes ?? 1024 * 1024;
  let worker: Worker | null = null;
  let inFlight: Promise<void> | null = null;
  /** Ends the checkpoint in flight without its answer (the worker failed). */
  let abandon: (() => void) | null = null;
  let closed = false;
  const framesLimit = o.framesLimit ?? WAL_FRAMES_LIMIT;
  const stats: CheckpointerStats = { running: false, checkpoints: 0, walFrames: 0, mainCheckpoints: true, failed: false };
  // The store closes its main connection before this (KyselyStore.close): nothing left to bound then.
  const mainCheckpoints = (on: boolean): void => {
    if (stats.mainCheckpoints === on) return;
    try {
      o.main.pragma(`wal_autocheckpoint = ${on ? AUTO_CHECKPOINT_PAGES : 0}`);
      stats.mainCheckpoints = on;
    } catch { /* the main connection is closed */ }
  };

  const fail = (err: Error): void => {
    if (stats.failed || closed) return;
    stats.failed = true;
    stats.running = false;
    // Back to SQLite's own checkpoints before anything else, so the WAL stays bounded.
    mainCheckpoints(true);
    void worker?.terminate();
    worker = null;
    abandon?.();
    o.onError?.(err);
  };

  const start = (): void => {
    const w = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), file: o.file, nativeBinding: o.nativeBinding },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    w.unref();
    w.on('error', fail);
    w.on('exit', (code) => { if (!closed) fail(new Error(`the WAL checkpoint worker exited (${code})`)); });
    worker = w;
    stats.running = true;
    mainCheckpoints(false);
  };

  const checkpoint = (): Promise<void> => {
    const w = worker;
    if (!w || closed) return Promise.resolve();
    inFlight ??= new Promise<void>((resolve) => {
      abandon = () => { inFlight = null; abandon = null; resolve(); };
      w.once('message', (r: { ok: boolean; log?: number; message?: string }) => {
        inFlight = null;
        abandon = null;
        if (r.ok) {
          stats.checkpoints += 1;
          stats.walFrames = r.log ?? 0;
          mainCheckpoints(stats.walFrames > framesLimit);
        } else fail(new Error(`WAL checkpoint failed: ${r.message}`));
        resolve();
      });
      w.postMessage('checkpoint');
    });
    return inFlight;
  };

  const walBytes = (): number => {
    try { return statSync(wal).size; } catch { return 0; }
  };

  /** Starts the worker once the WAL has grown, then checkpoints. */
  const tick = (): Promise<void> => {
    if (closed || stats.failed) return Promise.resolve();
    if (!worker) {
      if (walBytes() < startAt) return Promise.resolve();
      try { start(); } catch (err) { fail(err as Error); return Promise.resolve(); }
    }
    return checkpoint();
  };

  const timer = setInterval(() => { if (!inFlight) void tick(); }, o.everyMs ?? TIMINGS.walCheckpointMs);
  timer.unref();

  return {
    stats,
    // After the one in flight, which may have started before the caller's last write.
    async checkpoint() { await inFlight; return tick(); },
    async close() {
      if (closed) return;
      clearInterval(timer);
      await inFlight;
      closed = true;
      const w = worker;
      worker = null;
      if (!w) return;
      // The worker closes its connection last: SQLite's final checkpoint on close runs there.
      const exited = new Promise<void>((resolve) => w.once('exit', () => resolve()));
      w.postMessage('close');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, TIMINGS.walCheckpointMs * 5).unref())]);
      await w.terminate();
    },
  };
}
