// Who the app is to the OS, in one place: electron-builder.yml's appId and productName must match
// (test/unit/main-packaging.test.ts checks), because Windows matches notifications to the
// AppUserModelID the installer's shortcut carries, and Linux names the autostart entry after it.
export const APP_ID = 'com.agentpresence.tray';
export const PRODUCT_NAME = 'Agent Presence';
/** Passed by the login item: a launch at login starts in the tray without showing the window. */
export const LAUNCHED_AT_LOGIN_ARG = '--hidden';
