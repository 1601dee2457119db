// The main process's log. A GUI process started from a launcher, the Dock or at login has no
// terminal, so packaged builds write to userData/logs/main.log (one old file kept). Writes are
// synchronous on purpose: the quit path ends with app.exit(), which does not wait for buffered
// writes, and its last line ("quit: exiting") is the one worth having.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from './ports.js';

const MAX_BYTES = 5 * 1024 * 1024;

export function logFilePath(userData: string): string {
  return path.join(userData, 'logs', 'main.log');
}

export function fileLogger(file: string, now: () => Date = () => new Date()): Logger {
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    if (statSync(file).size > MAX_BYTES) renameSync(file, file.replace(/\.log$/, '.old.log'));
  } catch { /* no file yet */ }
  const write = (level: string, msg: string, extra?: Record<string, unknown>): void => {
    let line = `${now().toISOString()} ${level} ${msg}`;
    if (extra && Object.keys(extra).length > 0) {
      try { line += ` ${JSON.stringify(extra)}`; } catch { line += ' [unserializable]'; }
    }
    try { appendFileSync(file, `${line}\n`); } catch { /* a full disk must not crash the tray */ }
  };
  return {
    info: (msg, extra) => write('info', msg, extra),
    warn: (msg, extra) => write('warn', msg, extra),
    error: (msg, extra) => write('error', msg, extra),
  };
}
