// Issue 22 and SPEC 6 "npm start": how npm start and npm run dist:desktop get the Electron binary
// (decision logic through injected seams, and one real run of Electron's installer against an
// unreachable mirror on loopback), how better-sqlite3 is built for Electron apart from Node's copy,
// and which signals npm start passes on.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { electronDistFor } from '../../scripts/dist-desktop.js';
import { ensureElectron, locateElectron, runElectronInstaller, type EnsureDeps, type InstallResult } from '../../scripts/electron-binary.js';
import { ensureElectronNative } from '../../scripts/native-electron.js';
import { projectRoot } from '../../scripts/script-paths.js';
import { electronArgs, forwardedSignals } from '../../scripts/start-desktop.js';
import { findNativeBinding, nativeBindingPath } from '../../src/main/native-binding.js';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));
const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function deps(over: Partial<EnsureDeps> & { installs?: InstallResult[] }): EnsureDeps & { lines: string[]; installerRuns: number } {
  const lines: string[] = [];
  const results = over.installs ?? [];
  const d = {
    env: {}, version: '38.8.6', lines, installerRuns: 0,
    locate: () => ({ missing: 'the Electron binary has not been downloaded' }) as const,
    runInstaller: async (run: { onProgress(b: number): void }) => { d.installerRuns++; run.onProgress(5e6); return results.shift() ?? { ok: true as const }; },
    print: (l: string) => lines.push(l),
    progress: (l: string) => lines.push(l),
    ...over,
  };
  return d as EnsureDeps & { lines: string[]; installerRuns: number };
}

describe('issue 22: npm start fetches the Electron binary itself', () => {
  it('binary present: used as is, the installer is not run', async () => {
    const d = deps({ locate: () => ({ path: '/x/electron' }) });
    expect(await ensureElectron(d)).toEqual({ path: '/x/electron', downloaded: false });
    expect(d.installerRuns).toBe(0);
  });

  it('missing, installer succeeds: a progress line, then the binary', async () => {
    let installed = false;
    const d = deps({ locate: () => (installed ? { path: '/x/electron' } : { missing: 'not downloaded' }), runInstaller: async (run) => { run.onProgress(12.3e6); installed = true; return { ok: true }; } });
    expect(await ensureElectron(d)).toEqual({ path: '/x/electron', downloaded: true });
    expect(d.lines[0]).toMatch(/^Electron 38\.8\.6 is not downloaded yet: fetching it with node_modules\/electron\/install\.js/);
    expect(d.lines).toContain('  downloading Electron 38.8.6: 12.3 MB');
  });

  it('missing, installer fails: one clear line with the reason and what to set', async () => {
    const d = deps({ installs: [{ ok: false, reason: 'RequestError: getaddrinfo ENOTFOUND github.com' }] });
    const r = await ensureElectron(d);
    expect('error' in r && r.error).toMatch(/^Electron binary missing and the download failed \(RequestError: getaddrinfo ENOTFOUND github\.com\)\. /);
    for (const hint of ['ELECTRON_MIRROR', 'ELECTRON_OVERRIDE_DIST_PATH', 'electron_config_cache', 'electron-v38.8.6-']) expect('error' in r && r.error).toContain(hint);
    expect(('error' in r ? r.error : '').split('\n')).toHaveLength(1);
  });

  it('override path set but empty: says so, and downloads nothing', async () => {
    const d = deps({ env: { ELECTRON_OVERRIDE_DIST_PATH: '/opt/electron-38' }, locate: () => ({ missing: 'ELECTRON_OVERRIDE_DIST_PATH=/opt/electron-38 has no Electron executable (/opt/electron-38/electron)' }) });
    const r = await ensureElectron(d);
    expect('error' in r && r.error).toMatch(/ELECTRON_OVERRIDE_DIST_PATH=\/opt\/electron-38 has no Electron executable/);
    expect(d.installerRuns).toBe(0);
  });

  it('override path with an Electron in it is used; path.txt decides the executable', () => {
    const root = tmp('ap-root-');
    mkdirSync(path.join(root, 'node_modules/electron'), { recursive: true });
    writeFileSync(path.join(root, 'node_modules/electron/path.txt'), 'electron');
    expect(locateElectron({}, root)).toEqual({ missing: `the Electron binary is not at ${path.join(root, 'node_modules/electron/dist/electron')}` });
    const override = tmp('ap-override-');
    writeFileSync(path.join(override, 'electron'), '');
    expect(locateElectron({ ELECTRON_OVERRIDE_DIST_PATH: override }, root)).toEqual({ path: path.join(override, 'electron') });
  });
});

/** Electron's own install.js, copied so its dist/ is a temp folder, resolving its dependencies from ours. */
function isolatedInstaller(): { installJs: string; env: NodeJS.ProcessEnv } {
  const dir = tmp('ap-electron-pkg-');
  for (const f of ['install.js', 'package.json', 'checksums.json']) copyFileSync(path.join(projectRoot, 'node_modules/electron', f), path.join(dir, f));
  const nodePath = [path.join(projectRoot, 'node_modules/electron/node_modules'), path.join(projectRoot, 'node_modules')].join(path.delimiter);
  return { installJs: path.join(dir, 'install.js'), env: { PATH: process.env.PATH, HOME: tmp('ap-home-'), NODE_PATH: nodePath, electron_config_cache: tmp('ap-cache-'), force_no_cache: 'true' } };
}

async function listen(onSocket: (s: Socket) => void): Promise<{ server: Server; port: number }> {
  const server = createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port };
}

describe('issue 22: without a network the installer fails fast with the clear line', () => {
  it('a real run of install.js against an unreachable mirror on loopback fails by itself within the 10 s budget', async () => {
    const { server, port } = await listen(() => {});
    await new Promise<void>((r) => server.close(() => r())); // nothing listens there any more
    const { installJs, env } = isolatedInstaller();
    const r = await ensureElectron({
      env: { ...env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }, version: '38.8.6',
      locate: () => ({ missing: 'the Electron binary has not been downloaded' }),
      // The budget: a run that neither fails nor progresses within 10 s is stopped and reported
      // as "no data", which this test would reject below.
      runInstaller: (run) => runElectronInstaller({ ...run, stallMs: 10_000 }, installJs),
      print: () => {}, progress: () => {},
    });
    expect('error' in r && r.error).toMatch(/^Electron binary missing and the download failed \(.*ECONNREFUSED.*\)\. .*ELECTRON_MIRROR.*ELECTRON_OVERRIDE_DIST_PATH/);
    expect(existsSync(path.join(path.dirname(installJs), 'dist'))).toBe(false);
  }, 20_000);

  it('a mirror that accepts and never answers is stopped, not waited for', async () => {
    const sockets: Socket[] = [];
    const { server, port } = await listen((s) => { sockets.push(s); });
    cleanups.push(() => { for (const s of sockets) s.destroy(); server.close(); });
    const { installJs, env } = isolatedInstaller();
    const r = await runElectronInstaller({ env: { ...env, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` }, stallMs: 1_500, onProgress: () => {} }, installJs);
    expect(r).toEqual({ ok: false, reason: 'no data for 2 s; the network seems to drop the connection' });
    expect(sockets.length).toBeGreaterThan(0);
  }, 20_000);
});

describe('SPEC 6 npm start: the app runs as itself, not as "Electron"', () => {
  it('launches `electron <project root>` (package.json main and productName apply)', () => {
    expect(electronArgs('/src/ap', ['--no-renderer', '--foo'])).toEqual(['/src/ap', '--foo']);
    const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { main: string; productName: string };
    expect(pkg).toMatchObject({ main: 'dist-electron/main.js', productName: 'Agent Presence' });
  });

  it('in a terminal only SIGTERM is passed on (Ctrl-C already reached Electron); otherwise all three', () => {
    expect(forwardedSignals(true)).toEqual(['SIGTERM']);
    expect(forwardedSignals(false)).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
  });

  it('dist:desktop points electron-builder at the unpacked Electron folder', () => {
    expect(electronDistFor('/p/node_modules/electron/dist/electron', 'linux')).toBe('/p/node_modules/electron/dist');
    expect(electronDistFor('/p/node_modules/electron/dist/Electron.app/Contents/MacOS/Electron', 'darwin')).toBe('/p/node_modules/electron/dist');
  });
});

describe('SPEC 6 npm start: better-sqlite3 for Electron lives apart from Node\'s', () => {
  function fakeModuleRoot(): string {
    const root = tmp('ap-native-');
    const mod = path.join(root, 'node_modules/better-sqlite3');
    mkdirSync(path.join(mod, 'build/Release'), { recursive: true });
    writeFileSync(path.join(mod, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}');
    writeFileSync(path.join(mod, 'build/Release/better_sqlite3.node'), 'node-abi-115');
    return root;
  }
  const target = (abi: string) => ({ moduleVersion: '12.11.1', abi, platform: 'linux', arch: 'x64' });

  it('builds into dist-native/ under a name of its exact target; Node\'s binary is never touched', async () => {
    const root = fakeModuleRoot();
    const builds: string[] = [];
    const rebuild = async (o: { buildPath: string }) => {
      builds.push(o.buildPath);
      // the copy has no build/ of Node's: the rebuild writes Electron's
      expect(existsSync(path.join(o.buildPath, 'node_modules/better-sqlite3/build'))).toBe(false);
      mkdirSync(path.join(o.buildPath, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
      writeFileSync(path.join(o.buildPath, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'electron-abi-139');
    };
    const out = await ensureElectronNative({ root, electronVersion: '38.8.6', target: target('139'), rebuild, print: () => {} });
    expect(out).toBe(nativeBindingPath(root, target('139')));
    expect(readFileSync(out, 'utf8')).toBe('electron-abi-139');
    expect(readFileSync(path.join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), 'utf8')).toBe('node-abi-115');
    // Built once per target; another ABI is another file, so an old build can never be picked up.
    await ensureElectronNative({ root, electronVersion: '38.8.6', target: target('139'), rebuild, print: () => {} });
    expect(builds).toHaveLength(1);
    await ensureElectronNative({ root, electronVersion: '39.0.0', target: target('140'), rebuild, print: () => {} });
    expect(builds).toHaveLength(2);
    expect(findNativeBinding(root, target('141'), false)).toBeNull();
    expect(findNativeBinding(root, target('139'), false)).toBe(out);
  });

  it('a packaged app loads it from app.asar.unpacked', () => {
    const root = tmp('ap-packaged-');
    const file = nativeBindingPath(path.join(root, 'app.asar.unpacked'), target('139'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    expect(findNativeBinding(path.join(root, 'app.asar'), target('139'), true)).toBe(file);
  });
});
