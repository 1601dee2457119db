// The files the app loads at run time, relative to its root (the project folder in development,
// the asar root when packaged). electron-main.ts resolves them; the packaging check
// (test/unit/main-packaging.test.ts) proves electron-builder.yml packs every one of them.
export const APP_PATHS = {
  preload: 'dist-electron/preload.cjs',
  rendererDir: 'renderer/dist',
  trayIconDir: 'assets/tray',
  widgetJs: 'dist/widget/widget.js',
} as const;
