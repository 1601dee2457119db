// The fake electron as it behaves on Windows (Electron 38).
import { fakeElectronBase, fakeEvent, type FakeOs } from './main-fake-electron.js';

export function fakeWin32(opts: { encryption?: boolean; packaged?: boolean } = {}) {
  const base = fakeElectronBase('win32', opts);
  const { app, powerMonitor } = base;
  const others: { secondInstance: number } = { secondInstance: 0 };
  app.setAppUserModelId = (id: string) => { app.appUserModelId = id; };
  // No POSIX shutdown handlers on Windows (they live in electron_browser_main_parts_posix.cc).
  const os: FakeOs = {
    platform: 'win32',
    // shell/browser/ui/win/notify_icon.cc HandleClickEvent: a left click emits `click`; only a
    // right click pops up the context menu.
    clickTray: () => { base.tray().emit('click', fakeEvent()); },
    // A second launch is a second process; the single-instance lock hands over to this one
    // (docs/api/app.md requestSingleInstanceLock, Event: 'second-instance').
    launchAgain: () => { others.secondInstance++; app.emit('second-instance', fakeEvent(), [], '.'); },
    lockScreen: () => { powerMonitor.locked = true; powerMonitor.emit('lock-screen'); },
    unlockScreen: () => { powerMonitor.locked = false; powerMonitor.emit('unlock-screen'); },
    suspend: () => { powerMonitor.emit('suspend'); },
    resume: () => { powerMonitor.emit('resume'); },
    // shell/browser/native_window_views_win.cc (v38): WM_QUERYENDSESSION → query-session-end on each
    // window (preventDefault blocks the shutdown); WM_ENDSESSION → session-end only when wParam is
    // TRUE, i.e. nothing at all when the shutdown was cancelled. No powerMonitor `shutdown` on
    // Windows (docs/api/power-monitor.md: Linux, macOS) and no before-quit (docs/api/app.md,
    // Event: 'before-quit', note on Windows shutdown).
    shutdown: (o = {}) => {
      const reasons = o.reasons ?? ['shutdown'];
      const q = fakeEvent({ reasons });
      for (const w of base.windows) w.emit('query-session-end', q);
      if (!o.cancelled && !q.defaultPrevented) for (const w of base.windows) w.emit('session-end', fakeEvent({ reasons }));
      return q;
    },
    // Node on Windows: SIGINT (Ctrl-C in a console) and SIGHUP (console closed) reach process.on
    // listeners; SIGTERM cannot be delivered, kill() ends the process (Node docs, "Signal events").
    signal: (sig) => {
      if (app.dead) return;
      const listeners = base.signals.listeners.get(sig) ?? [];
      if (sig === 'SIGTERM' || listeners.length === 0) { base.signals.killedBy = sig; app.dead = true; return; }
      for (const fn of listeners) fn();
    },
  };
  return Object.assign(base, { os, others });
}
