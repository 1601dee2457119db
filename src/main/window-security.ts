// The security checklist of the settings window (Electron's own checklist, SPEC 6): isolated,
// sandboxed, no Node, a strict CSP served with the page, no navigation, no new windows, no
// permissions. Exported as plain functions so a test can assert every item without Electron.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import type { TrustedOrigin } from './ipc-main.js';

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_URL = `${RENDERER_SCHEME}://${RENDERER_HOST}/index.html`;
export const RENDERER_ORIGIN: TrustedOrigin = { protocol: `${RENDERER_SCHEME}:`, host: RENDERER_HOST };

/** Privileges for registerSchemesAsPrivileged: a standard, secure origin instead of file://. */
export const rendererSchemePrivileges = {
  scheme: RENDERER_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
};

export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1000,
    height: 720,
    minWidth: 480,
    minHeight: 400,
    show: false,
    title: 'Agent Presence',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    },
  };
}

/** http(s) origin of the backend plus its ws(s) twin: the only places the renderer may connect to. */
function connectSources(serverUrl: string | null): string[] {
  if (!serverUrl) return [];
  try {
    const u = new URL(serverUrl);
    return [u.origin, `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}`];
  } catch {
    return [];
  }
}

export function contentSecurityPolicy(serverUrl: string | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${["'self'", ...connectSources(serverUrl)].join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Blocks navigation, new windows and webviews. Links to http(s) go to the system browser. */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//i.test(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Denies every permission (camera, notifications from the page, geolocation...) and adds the CSP to every response. */
export function hardenSession(
  ses: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
  csp: () => string,
): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders, 'Content-Security-Policy': [csp()] };
    callback({ responseHeaders: headers });
  });
}
