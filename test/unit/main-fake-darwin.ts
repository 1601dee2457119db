// The fake electron as it behaves on macOS (Electron 38).
import { fakeElectronBase, fakeEvent, type FakeOs } from './main-fake-electron.js';

export function fakeDarwin(opts: { encryption?: boolean; packaged?: boolean } = {}) {
  const base = fakeElectronBase('darwin', opts);
  const { app, powerMonitor } = base;
  // docs/api/app.md `app.dock` _macOS_: a Dock object on macOS only.
  const dock = { hidden: false, hide() { dock.hidden = true; }, show: async () => { dock.hidden = false; } };
  app.dock = dock;
  // POSIX: Electron's one-shot SIGTERM/SIGINT/SIGHUP handlers, installed before `ready`
  // (shell/browser/electron_browser_main_parts_posix.cc, InstallShutdownSignalHandlers).
  base.onBeforeReady = () => { for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) base.signals.handler.set(sig, 'electron'); };
  const os: FakeOs = {
    platform: 'darwin',
    // shell/browser/ui/tray_icon_cocoa.mm mouseDown: with a menu of one or more items it emits the
    // click (handleClickNotifications) and then opens the menu ([super mouseDown]).
    clickTray: () => {
      const tray = base.tray();
      if (tray.menu && tray.menu.template.length > 0) { tray.emit('click', fakeEvent()); tray.menuOpen = true; } else tray.emit('click', fakeEvent());
    },
    // docs/api/app.md Event: 'activate' _macOS_: re-launching the running app from Finder or the
    // Dock reopens it (applicationShouldHandleReopen in electron_application_delegate.mm emits
    // `activate` with hasVisibleWindows); no second process starts (so no second-instance).
    launchAgain: () => { app.emit('activate', fakeEvent(), base.windows.some((w) => w.visible)); },
    // docs/api/power-monitor.md: lock-screen and unlock-screen _macOS_ _Windows_.
    lockScreen: () => { powerMonitor.locked = true; powerMonitor.emit('lock-screen'); },
    unlockScreen: () => { powerMonitor.locked = false; powerMonitor.emit('unlock-screen'); },
    suspend: () => { powerMonitor.emit('suspend'); },
    resume: () => { powerMonitor.emit('resume'); },
    // docs/api/power-monitor.md Event: 'shutdown' _Linux_ _macOS_ (preventDefault delays it); macOS
    // then asks the app to terminate, which Electron turns into app.quit() → before-quit.
    shutdown: () => {
      const e = fakeEvent();
      powerMonitor.emit('shutdown', e);
      app.quit();
      return e;
    },
    signal: (sig) => base.deliverSignal(sig),
  };
  return Object.assign(base, { os, dock });
}
