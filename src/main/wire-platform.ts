// What differs per OS at start-up, each with the Electron behaviour it follows.
import { APP_ID, LAUNCHED_AT_LOGIN_ARG } from './app-identity.js';
import { autostartPath, linuxLaunchCommand, nativeLoginItem, xdgLoginItem, type LoginItemPort } from './login-item.js';
import type { ElectronMain } from './wire.js';

/** Facts about the running process the wiring needs (process.* in the app, made up in tests). */
export interface HostInfo {
  env: Record<string, string | undefined>;
  execPath: string;
  argv: readonly string[];
  homeDir: string;
  /** The project root in development (what `electron <root>` was given). */
  appRoot: string;
}

/** Before `ready`. */
export function beforeReady(electron: ElectronMain, platform: NodeJS.Platform): void {
  // Windows shows a notification, and applies the user's notification settings, only for the
  // AppUserModelID of the process; the installer's shortcut carries appId, so the process must
  // say the same id, early (docs/api/app.md `app.setAppUserModelId`; docs/tutorial/notifications.md).
  if (platform === 'win32') electron.app.setAppUserModelId(APP_ID);
}

/** Right after `ready`. */
export function afterReady(electron: ElectronMain, platform: NodeJS.Platform): void {
  // A tray-only app has no Dock icon. Packaged builds say so with LSUIElement (electron-builder.yml
  // mac.extendInfo); `electron .` in development does not read it, so hide the Dock icon here too
  // (docs/api/dock.md `dock.hide()`; app.dock is undefined off macOS, docs/api/app.md).
  if (platform === 'darwin') electron.app.dock?.hide();
}

export function loginItemFor(electron: ElectronMain, platform: NodeJS.Platform, host: HostInfo): LoginItemPort {
  if (platform !== 'linux') return nativeLoginItem(electron.app, platform);
  const isPackaged = electron.app.isPackaged;
  return xdgLoginItem(autostartPath(host.env, host.homeDir), () => linuxLaunchCommand({ env: host.env, execPath: host.execPath, isPackaged, appRoot: host.appRoot }));
}

/**
 * Whether a launch shows the window at once. A tray icon needs a tray host; on Linux a desktop
 * without one (GNOME without the AppIndicator extension) shows no icon at all (docs/api/tray.md:
 * StatusNotifierItem, else GtkStatusIcon), so a manual launch there must show the window or the
 * app would be unreachable. `trayHost` is the probe's answer: true, false or null (unknown; then
 * show it, a manual launch means the user wants the app). A launch at login stays in the tray.
 */
export function showWindowAtLaunch(platform: NodeJS.Platform, argv: readonly string[], trayHost: boolean | null): boolean {
  if (argv.includes(LAUNCHED_AT_LOGIN_ARG)) return false;
  return platform === 'linux' && trayHost !== true;
}

export type Signal = 'SIGTERM' | 'SIGHUP' | 'SIGINT';
export interface SignalSource { on(signal: Signal, listener: () => void): unknown }

/**
 * Electron installs its own one-shot SIGINT/SIGTERM/SIGHUP handlers after the main script's first
 * turn and before `ready` (shell/browser/electron_browser_main_parts_posix.cc,
 * InstallShutdownSignalHandlers from PostCreateMainMessageLoop: the first signal calls
 * Browser::Quit → before-quit, and the handler resets itself to the default, so a second signal
 * kills the process). A listener registered with process.on after `ready` installs Node's handler
 * last, so it is the one that runs, and repeated signals then join the same quit. If Electron's
 * handler runs instead, the quit still arrives as before-quit, the main path.
 */
export function listenForSignals(signals: SignalSource, onSignal: (signal: Signal) => void): void {
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) signals.on(sig, () => onSignal(sig));
}
