// "Start at login" per OS. macOS and Windows: app.setLoginItemSettings. Linux: Electron documents
// setLoginItemSettings for macOS and Windows only (docs/api/app.md, `app.setLoginItemSettings`
// _macOS_ _Windows_), so on Linux it does nothing; the app writes an XDG autostart entry instead
// (freedesktop.org Desktop Application Autostart Specification: $XDG_CONFIG_HOME/autostart/*.desktop).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { APP_ID, LAUNCHED_AT_LOGIN_ARG, PRODUCT_NAME } from './app-identity.js';

export interface LoginItemPort {
  isEnabled(): boolean;
  setEnabled(on: boolean): void;
}

/** The part of Electron's app the native login item uses. */
export interface NativeLoginItems {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
  getLoginItemSettings(options?: { args?: string[] }): { openAtLogin: boolean };
}

export function nativeLoginItem(app: NativeLoginItems, platform: NodeJS.Platform): LoginItemPort {
  // Windows compares the registered command line, so get must pass the same args as set.
  const args = platform === 'win32' ? [LAUNCHED_AT_LOGIN_ARG] : undefined;
  return {
    isEnabled: () => app.getLoginItemSettings(args ? { args } : undefined).openAtLogin,
    setEnabled: (on) => app.setLoginItemSettings(args ? { openAtLogin: on, args } : { openAtLogin: on }),
  };
}


export function linuxLaunchCommand(host: { env: Record<string, string | undefined>; execPath: string; isPackaged: boolean; appRoot: string }): string[] {
  if (host.isPackaged) return [host.env.APPIMAGE || host.execPath];
  return [host.execPath, host.appRoot];
}

/** Desktop Entry Specification, "The Exec key": quote arguments with reserved characters. */
export function desktopExecArg(arg: string): string {
  const escaped = arg.replace(/%/g, '%%');
  if (!/[\s"'\\><~|&;$*?#()`]/.test(escaped)) return escaped;
  return `"${escaped.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(command: string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Presence for live-chat agents, in the tray',
    `Exec=${[...command, LAUNCHED_AT_LOGIN_ARG].map(desktopExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function autostartPath(env: Record<string, string | undefined>, homeDir: string): string {
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(homeDir, '.config');
  return path.join(configHome, 'autostart', `${APP_ID}.desktop`);
}

export function xdgLoginItem(file: string, command: () => string[]): LoginItemPort {
  return {
    isEnabled: () => {
      try {
        const text = readFileSync(file, 'utf8');
        return !/^Hidden\s*=\s*true\s*$/m.test(text) && !/^X-GNOME-Autostart-enabled\s*=\s*false\s*$/m.test(text);
      } catch {
        return false;
      }
    },
    setEnabled: (on) => {
      if (!on) { rmSync(file, { force: true }); return; }
      mkdirSync(path.dirname(file), { recursive: true });
      // Rewritten every time: the AppImage may have moved since the entry was first written.
      writeFileSync(file, autostartEntry(command()), { mode: 0o644 });
    },
  };
}
