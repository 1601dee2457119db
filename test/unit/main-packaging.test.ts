// SPEC 6 "Packaging", checked without an Electron binary: every file the packaged app loads at run
// time is packed by electron-builder.yml (`files`, and `asarUnpack` for the native module), the
// .deb keeps electron-builder's own default dependencies, and the identity, macOS and Windows
// settings the app's code relies on are there.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDesktop } from '../../scripts/build-desktop.js';
import { projectRoot as root } from '../../scripts/script-paths.js';
import { APP_ID, PRODUCT_NAME } from '../../src/main/app-identity.js';
import { APP_PATHS } from '../../src/main/app-paths.js';
import { nativeBindingPath } from '../../src/main/native-binding.js';
import type { TrayIconState } from '../../src/main/ports.js';
import { trayIconPath } from '../../src/main/wire-tray.js';

const req = createRequire(import.meta.url);
// js-yaml comes with electron-builder and ships no types; this test needs only load().
const yaml = req('js-yaml') as { load(text: string): unknown };
interface BuilderConfig {
  appId: string; productName: string; files: string[]; asarUnpack: string[]; npmRebuild: boolean;
  electronFuses: Record<string, boolean>; deb: { depends?: string[]; recommends?: string[] };
  mac: { hardenedRuntime: boolean; entitlements: string; extendInfo: Record<string, unknown>; target: string[] };
  win: { icon: string; target: string[] }; linux: { target: string[] };
}
const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string; productName: string; dependencies: Record<string, string> };

/** electron-builder's `files`: patterns in order, a `!` pattern excludes what earlier ones included. */
function packed(rel: string): boolean {
  let inside = false;
  for (const p of config.files) {
    if (p.startsWith('!')) { if (minimatch(rel, p.slice(1), { dot: true })) inside = false; } else if (minimatch(rel, p, { dot: true })) inside = true;
  }
  return inside;
}
const unpacked = (rel: string): boolean => config.asarUnpack.some((p) => minimatch(rel, p, { dot: true, matchBase: !p.includes('/') }));

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
}

describe('SPEC 6 packaging: what the app loads at run time is packed', () => {
  beforeAll(async () => { await buildDesktop(); }, 60_000);

  it('the main bundle and its chunks, and the preload', () => {
    const main = filesUnder('dist-electron').filter((f) => !f.endsWith('.map'));
    expect(main).toContain(pkg.main);
    expect(main).toContain(APP_PATHS.preload);
    expect(main.some((f) => f.startsWith('dist-electron/chunks/'))).toBe(true);
    for (const f of main) expect(packed(f), f).toBe(true);
  });

  it('the renderer, the widget script and every tray icon of every OS', () => {
    for (const f of filesUnder(APP_PATHS.rendererDir).filter((x) => !x.endsWith('.map'))) expect(packed(f), f).toBe(true);
    expect(existsSync(path.join(root, APP_PATHS.widgetJs))).toBe(true);
    expect(packed(APP_PATHS.widgetJs)).toBe(true);
    const states: TrayIconState[] = ['online', 'away', 'offline', 'disconnected', 'online-hidden'];
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      for (const s of states) {
        const rel = path.relative(root, trayIconPath(path.join(root, APP_PATHS.trayIconDir), s, platform)).split(path.sep).join('/');
        expect(existsSync(path.join(root, rel)), rel).toBe(true);
        expect(packed(rel), rel).toBe(true);
      }
    }
    for (const scaled of ['online@1.25x.png', 'online@1.5x.png', 'online@2x.png', 'onlineTemplate@2x.png']) expect(packed(`${APP_PATHS.trayIconDir}/${scaled}`)).toBe(true);
  });

  it('the migrations are code inside the bundle (no migration file is read at run time)', () => {
    const chunks = filesUnder('dist-electron').filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(root, f), 'utf8'));
    expect(chunks.some((c) => c.includes('0001_initial'))).toBe(true);
  });

  it('the native module built for Electron is packed and unpacked from the asar; Node\'s own build is left out', () => {
    for (const platform of ['darwin', 'win32', 'linux']) {
      const rel = path.relative(root, nativeBindingPath(root, { moduleVersion: '12.11.1', abi: '139', platform, arch: 'arm64' })).split(path.sep).join('/');
      expect(packed(rel), rel).toBe(true);
      expect(unpacked(rel), rel).toBe(true);
    }
    expect(packed('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(false);
    expect(config.npmRebuild).toBe(false);
  });

  it('no pattern drops a runtime dependency electron-builder packs from node_modules', () => {
    for (const dep of Object.keys(pkg.dependencies)) {
      const excluded = config.files.filter((p) => p.startsWith('!')).some((p) => minimatch(`node_modules/${dep}/package.json`, p.slice(1), { dot: true }));
      expect(excluded, dep).toBe(false);
    }
  });
});

describe('SPEC 6 packaging: Linux .deb dependencies', () => {
  // electron-builder's defaults, read from its own source (FpmTarget.getDefaultDepends).
  const fpm = readFileSync(req.resolve('app-builder-lib/out/targets/FpmTarget.js'), 'utf8');
  const defaults = JSON.parse(/case "deb":\s*return (\[[^\]]*\])/.exec(fpm)![1]!) as string[];

  it('keeps every default dependency (a custom depends list replaces them) and libnotify4', () => {
    expect(defaults).toEqual(expect.arrayContaining(['libgtk-3-0', 'libsecret-1-0', 'xdg-utils', 'libnotify4']));
    const effective = config.deb.depends ?? defaults;
    expect(effective).toEqual(expect.arrayContaining(defaults));
    expect(effective).toContain('libnotify4');
    expect(config.deb.recommends?.join(' ')).toMatch(/appindicator/);
  });
});

describe('SPEC 6 packaging: identity and per-OS settings the code relies on', () => {
  it('appId and productName are the ones the app uses (Windows AUMID, Linux autostart file, app name)', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(PRODUCT_NAME);
    expect(pkg.productName).toBe(PRODUCT_NAME);
  });

  it('macOS: tray-only, hardened runtime whose entitlements let the native module load; fuses re-sign ad hoc', () => {
    expect(config.mac).toMatchObject({ target: ['dmg'], hardenedRuntime: true, extendInfo: { LSUIElement: true } });
    const plist = readFileSync(path.join(root, config.mac.entitlements), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect(plist).toMatch(/<key>com\.apple\.security\.cs\.disable-library-validation<\/key>\s*<true\/>/);
    expect(plist).not.toMatch(/allow-dyld-environment-variables|allow-unsigned-executable-memory/);
    expect(config.electronFuses.resetAdHocDarwinSignature).toBe(true);
  });

  it('Windows: an .ico for the installer', () => {
    expect(config.win.icon).toBe('build/icon.ico');
    expect(readFileSync(path.join(root, config.win.icon)).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
  });
});
