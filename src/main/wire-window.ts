// The settings window: created hidden at startup, hardened, and reloaded when the server in use
// changes, so its CSP (computed when the page is served) always names that server (SPEC 6).
import type { BrowserWindow } from 'electron';
import { IPC_EVENT_PREFIX } from '../common/ipc-contract.js';
import type { DesktopApp } from './desktop-app.js';
import type { WindowPort } from './ports.js';
import type { ElectronMain } from './wire.js';
import { RENDERER_URL, hardenWebContents, mainWindowOptions } from './window-security.js';

export interface WiredWindow {
  win: BrowserWindow;
  port: WindowPort;
  /** The protocol handler calls this when it serves the app shell with the current CSP. */
  shellServed(server: string | null): void;
  /** Reloads the page if it was served for another server than `server`. */
  followServer(server: string | null): void;
}

export function createMainWindow(electron: ElectronMain, preload: string, openExternal: (url: string) => void, desktop: () => DesktopApp | null): WiredWindow {
  const win = new electron.BrowserWindow(mainWindowOptions(preload));
  hardenWebContents(win.webContents, openExternal);
  // Created hidden at startup: on Windows query-session-end and session-end are only delivered
  // to existing windows. Closing it hides it; the tray keeps the app alive.
  win.on('close', (event) => {
    const d = desktop();
    if (d && !d.quitter.isQuitting) { event.preventDefault(); win.hide(); }
  });
  // Windows (shell/browser/native_window_views_win.cc): WM_QUERYENDSESSION emits
  // query-session-end; WM_ENDSESSION emits session-end only when the session really ends
  // (wParam TRUE). A cancelled shutdown emits nothing more. Never preventDefault: the offline is
  // sent, the OS is not kept waiting.
  win.on('query-session-end', (event) => desktop()?.windowsSessionEnd.query(event.reasons));
  win.on('session-end', (event) => desktop()?.windowsSessionEnd.end(event.reasons));
  void win.loadURL(RENDERER_URL).catch(() => { /* the protocol handler serves a fallback page */ });

  let servedFor: string | null | undefined;
  return {
    win,
    port: {
      show: () => { if (win.isMinimized()) win.restore(); win.show(); win.focus(); },
      send: (event, payload) => { if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_PREFIX + event, payload); },
    },
    shellServed: (server) => { servedFor = server; },
    followServer: (server) => {
      if (servedFor === undefined || servedFor === server || win.isDestroyed()) return;
      servedFor = undefined;
      win.webContents.reload();
    },
  };
}
