// The fake electron as it behaves on Linux (Electron 38).
import { fakeElectronBase, fakeEvent, type FakeOs } from './main-fake-electron.js';

export function fakeLinux(opts: { encryption?: boolean; packaged?: boolean; trayHost?: boolean } = {}) {
  const base = fakeElectronBase('linux', opts);
  const { app, powerMonitor } = base;
  const trayHost = opts.trayHost ?? true;
  // shell/browser/browser_linux.cc: SetLoginItemSettings is empty and GetLoginItemSettings returns
  // the defaults (docs/api/app.md documents both for macOS and Windows only).
  app.setLoginItemSettings = () => {};
  app.getLoginItemSettings = () => ({ openAtLogin: false });
  base.onBeforeReady = () => { for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) base.signals.handler.set(sig, 'electron'); };
  const os: FakeOs = {
    platform: 'linux',
    // docs/api/tray.md: `click` is the StatusNotifierItem activation. Without a tray host there
    // is no icon to click at all.
    clickTray: () => { if (trayHost) base.tray().emit('click', fakeEvent()); },
    launchAgain: () => { app.emit('second-instance', fakeEvent(), [], '.'); },
    // docs/api/power-monitor.md: lock-screen/unlock-screen are macOS and Windows only; on Linux the
    // lock shows only in getSystemIdleState() === 'locked'.
    lockScreen: () => { powerMonitor.locked = true; },
    unlockScreen: () => { powerMonitor.locked = false; },
    suspend: () => { powerMonitor.emit('suspend'); },
    resume: () => { powerMonitor.emit('resume'); },
    // docs/api/power-monitor.md Event: 'shutdown' _Linux_ (logind's PrepareForShutdown; preventDefault
    // holds a delay inhibitor). The session manager then sends SIGTERM.
    shutdown: () => {
      const e = fakeEvent();
      powerMonitor.emit('shutdown', e);
      base.deliverSignal('SIGTERM');
      return e;
    },
    signal: (sig) => base.deliverSignal(sig),
  };
  return Object.assign(base, { os, trayHost });
}
