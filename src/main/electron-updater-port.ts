// UpdaterPort over electron-updater's autoUpdater. Loaded only in packaged builds (electron-updater
// reads the app's own app-update.yml and refuses to run unpackaged anyway). The policy, tested
// through the port, lives in updater.ts; nothing here decides when to check or install.
import type { AppUpdater, UpdateDownloadedEvent } from 'electron-updater';
import type { Logger, UpdaterPort } from './ports.js';

export function electronUpdaterPort(log: Logger): UpdaterPort {
  let feed: string | null = null;
  const downloaded = new Set<(version: string) => void>();
  let loaded: AppUpdater | null = null;
  const updater = async (): Promise<AppUpdater> => {
    if (loaded) return loaded;
    const mod = (await import('electron-updater')) as unknown as { autoUpdater?: AppUpdater; default?: { autoUpdater: AppUpdater } };
    const u = mod.autoUpdater ?? mod.default!.autoUpdater;
    u.autoDownload = true;
    // The quit path ends in app.exit(), which never emits the `quit` event electron-updater's own
    // install-on-quit waits for; the quit coordinator installs explicitly, after the offline.
    u.autoInstallOnAppQuit = false;
    u.logger = { info: (m: unknown) => log.info(`updater: ${String(m)}`), warn: (m: unknown) => log.warn(`updater: ${String(m)}`), error: (m: unknown) => log.error(`updater: ${String(m)}`), debug: () => {} };
    u.on('update-downloaded', (e: UpdateDownloadedEvent) => { for (const l of downloaded) l(e.version); });
    loaded = u;
    return u;
  };
  return {
    setFeedUrl: (url) => { feed = url; },
    async check() {
      const u = await updater();
      if (feed) u.setFeedURL({ provider: 'generic', url: feed });
      await u.checkForUpdates();
    },
    onDownloaded: (listener) => { downloaded.add(listener); },
    install: () => {
      // Silent, and no relaunch: the agent quit, so the app must not come back online by itself.
      loaded?.quitAndInstall(true, false);
    },
  };
}
