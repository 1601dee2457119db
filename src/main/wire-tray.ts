// Adapters from Electron's Tray, Menu, nativeImage and Notification to the tray and notifier ports.
import path from 'node:path';
import type { MenuItemConstructorOptions, Notification as ElectronNotification } from 'electron';
import type { ElectronMain } from './wire.js';
import type { MenuItem, NotifierPort, TrayIconState, TrayPort } from './ports.js';

export function trayIconPath(dir: string, state: TrayIconState, platform: NodeJS.Platform): string {
  // macOS: template images (black + alpha), tinted by the system for light and dark menu bars;
  // nativeImage picks the @2x sibling. Windows: an ICO with 16/20/24/32 px for 100–200 % scaling
  // (docs/api/native-image.md, "On Windows, you can also load ICO icons"; docs/api/tray.md
  // recommends ICO there). Linux: PNG with @1.25x/@1.5x/@2x siblings (native-image.md, "High
  // Resolution Image" lists those suffixes).
  if (platform === 'darwin') return path.join(dir, `${state}Template.png`);
  if (platform === 'win32') return path.join(dir, `${state}.ico`);
  return path.join(dir, `${state}.png`);
}

export interface WiredTray {
  port: TrayPort;
  /** The last menu template set, for the test hooks. */
  lastMenu(): MenuItem[];
}

export function createTray(electron: ElectronMain, iconDir: string, platform: NodeJS.Platform): WiredTray {
  const image = (state: TrayIconState) => electron.nativeImage.createFromPath(trayIconPath(iconDir, state, platform));
  const tray = new electron.Tray(image('disconnected'));
  let lastMenu: MenuItem[] = [];
  return {
    lastMenu: () => lastMenu,
    port: {
      setIcon: (state) => tray.setImage(image(state)),
      setToolTip: (text) => tray.setToolTip(text),
      setContextMenu: (template) => {
        lastMenu = template;
        tray.setContextMenu(electron.Menu.buildFromTemplate(template as MenuItemConstructorOptions[]));
      },
      onClick: (listener) => {
        // macOS: with a context menu set, a click emits `click` and then opens the menu
        // (shell/browser/ui/tray_icon_cocoa.mm, mouseDown: handleClickNotifications, then
        // [super mouseDown]). Opening the window there too would pop it up on every visit to
        // the menu, so a click on macOS only opens the menu. Windows: a left click opens the
        // window (the menu is on right click). Linux: `click` is the StatusNotifierItem
        // activation (docs/api/tray.md), also the window.
        if (platform === 'darwin') return;
        tray.on('click', () => listener());
      },
      destroy: () => tray.destroy(),
    },
  };
}

/**
 * Main-process notifications are garbage collected with their JS object, after which they may
 * not show or report clicks (electron/electron#16922, #12690): each one is kept referenced until
 * it is closed or failed. The cap keeps a notification centre that never reports `close` from
 * growing the set without bound.
 */
export function createNotifier(electron: ElectronMain, keep = 20): NotifierPort & { retained(): number } {
  const live = new Set<ElectronNotification>();
  return {
    retained: () => live.size,
    isSupported: () => electron.Notification.isSupported(),
    show: (title, body) => {
      const n = new electron.Notification({ title, body, silent: false });
      const release = (): void => { live.delete(n); };
      n.on('close', release);
      n.on('failed', release);
      live.add(n);
      if (live.size > keep) live.delete(live.values().next().value as ElectronNotification);
      n.show();
    },
  };
}
