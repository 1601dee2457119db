// Linux: is there a StatusNotifierItem host to show the tray icon? Electron's tray uses
// StatusNotifierItem and falls back to GtkStatusIcon (docs/api/tray.md), which GNOME no longer
// shows, so without the org.kde.StatusNotifierWatcher service on the session bus the icon is
// usually invisible. Asked with gdbus (part of GLib, present wherever GTK is); null = could not tell.
import { execFile } from 'node:child_process';
import { DESKTOP_TIMINGS } from '../common/timings.js';

export type RunCommand = (cmd: string, args: string[], timeoutMs: number) => Promise<string>;

const run: RunCommand = (cmd, args, timeoutMs) => new Promise((resolve, reject) => {
  execFile(cmd, args, { timeout: timeoutMs }, (err, stdout) => (err ? reject(err) : resolve(String(stdout))));
});

/** Parses gdbus's `(true,)` / `(false,)`. */
export function parseNameHasOwner(output: string): boolean | null {
  if (/\(true,?\)/.test(output)) return true;
  if (/\(false,?\)/.test(output)) return false;
  return null;
}

export async function probeStatusNotifierHost(runCommand: RunCommand = run): Promise<boolean | null> {
  try {
    const out = await runCommand('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus',
      '--method', 'org.freedesktop.DBus.NameHasOwner', 'org.kde.StatusNotifierWatcher'], DESKTOP_TIMINGS.trayHostProbeMs);
    return parseNameHasOwner(out);
  } catch {
    return null;
  }
}
