// What each IPC channel does. Validation and sender checks happen before these run (ipc-main.ts).
import type { DesktopApp } from './desktop-app.js';
import type { IpcHandlers } from './ipc-main.js';
import { snapshotToStatusView } from './status-view.js';

export function buildIpcHandlers(app: DesktopApp): IpcHandlers {
  return {
    'settings.get': () => app.settings.view(),
    'settings.set': (patch) => {
      // The token belongs to one server: switching servers is a sign-in (auth.signIn), not a setting.
      if (patch.serverUrl !== undefined && patch.serverUrl !== app.settings.get().serverUrl) {
        throw Object.assign(new Error('Change the server by signing in to it (auth.signIn).'), { code: 'validation_failed' });
      }
      app.settings.update(patch);
      return app.settings.view();
    },
    'status.get': () => snapshotToStatusView(app.getClient()?.getSnapshot() ?? null),
    'status.set': ({ status }) => app.setStatus(status),
    'auth.signIn': ({ serverUrl, email, password }) => app.session.signIn(serverUrl, email, password),
    'auth.signOut': async () => { await app.session.signOut(); return null; },
    'app.quit': () => {
      // Answer first; the quit path exits the process right after.
      setTimeout(() => void app.quit('quit'), 0);
      return null;
    },
  };
}
