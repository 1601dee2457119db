// Finds the Electron binary, and when it is missing fetches it through Electron's own installer
// (node_modules/electron/install.js: it honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, the npm
// proxy settings and its cache), with a progress line. install.js is denied as a postinstall
// script on purpose (a download there breaks `npm ci` without a network), so `npm start` and
// `npm run dist:desktop` run it themselves. Offline it fails within seconds, with one clear line
// saying what to set. The decision logic takes its effects as seams, so tests drive every branch.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { projectRoot } from './script-paths.js';


/** How long the installer may go without receiving a byte before it counts as hung. */
export const INSTALLER_STALL_MS = 15_000;

export function electronVersion(root = projectRoot): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
}

/** What to set when the download is not possible: printed after the reason. */
export function electronHelp(version: string, platform = process.platform, arch = process.arch): string {
  return `set ELECTRON_MIRROR to a reachable mirror of the Electron releases, `
    + `or ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron ${version} folder, `
    + `or put electron-v${version}-${platform}-${arch}.zip in Electron's download cache (electron_config_cache, default ~/.cache/electron on Linux, ~/Library/Caches/electron on macOS, %LOCALAPPDATA%\\electron\\Cache on Windows).`;
}

export type Located = { path: string } | { missing: string };

/** The Electron executable, as node_modules/electron/index.js resolves it, or why there is none. */
export function locateElectron(env: NodeJS.ProcessEnv = process.env, root = projectRoot): Located {
  const dir = path.join(root, 'node_modules/electron');
  let exe: string | null = null;
  try { exe = readFileSync(path.join(dir, 'path.txt'), 'utf8'); } catch { /* not installed */ }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const p = path.join(override, exe ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return existsSync(p) ? { path: p } : { missing: `ELECTRON_OVERRIDE_DIST_PATH=${override} has no Electron executable (${p})` };
  }
  if (!exe) return { missing: 'the Electron binary has not been downloaded' };
  const p = path.join(dir, 'dist', exe);
  return existsSync(p) ? { path: p } : { missing: `the Electron binary is not at ${p}` };
}

export type InstallResult = { ok: true } | { ok: false; reason: string };

export interface InstallerRun {
  env: NodeJS.ProcessEnv;
  /** Called with the bytes downloaded so far, about twice a second. */
  onProgress(bytes: number): void;
  stallMs: number;
}

export interface EnsureDeps {
  env: NodeJS.ProcessEnv;
  version: string;
  locate(): Located;
  runInstaller(run: InstallerRun): Promise<InstallResult>;
  print(line: string): void;
  /** Rewrites the progress line in place on a terminal; plain lines otherwise. */
  progress(line: string): void;
  stallMs?: number;
}

export type Ensured = { path: string; downloaded: boolean } | { error: string };

export async function ensureElectron(deps: EnsureDeps): Promise<Ensured> {
  const found = deps.locate();
  if ('path' in found) return { path: found.path, downloaded: false };
  const help = electronHelp(deps.version);
  if (deps.env.ELECTRON_OVERRIDE_DIST_PATH) return { error: `Electron binary missing: ${found.missing}. Fix that folder, or ${help}` };
  if (deps.env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { error: `Electron binary missing and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it is not fetched: unset it, or ${help}` };
  deps.print(`Electron ${deps.version} is not downloaded yet: fetching it with node_modules/electron/install.js (about 100 MB, first time only)…`);
  const result = await deps.runInstaller({
    env: deps.env,
    stallMs: deps.stallMs ?? INSTALLER_STALL_MS,
    onProgress: (bytes) => deps.progress(`  downloading Electron ${deps.version}: ${(bytes / 1e6).toFixed(1)} MB`),
  });
  if (!result.ok) return { error: `Electron binary missing and the download failed (${result.reason}). With network access run it again; otherwise: ${help}` };
  const after = deps.locate();
  if ('path' in after) return { path: after.path, downloaded: true };
  return { error: `Electron binary missing after the download (${after.missing}): ${help}` };
}

function bytesUnder(dir: string): number {
  let total = 0;
  let entries: string[] = [];
  try { entries = readdirSync(dir); } catch { return 0; }
  for (const name of entries) {
    const p = path.join(dir, name);
    try {
      const st = statSync(p);
      total += st.isDirectory() ? bytesUnder(p) : st.size;
    } catch { /* removed while we looked */ }
  }
  return total;
}

/** The last line of the installer's stderr that says something (the error, not the stack). */
export function installerReason(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at '));
  return lines.find((l) => /Error|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|status code|404/.test(l)) ?? lines.at(-1) ?? 'no output';
}

/**
 * Runs install.js as a child process. Its download goes to a temporary folder of ours (TMPDIR,
 * which @electron/get's temporary download directory follows), so its growth is the progress;
 * no new byte for `stallMs` means a network that swallows packets, and the installer is stopped.
 */
export function runElectronInstaller(run: InstallerRun, installJs = path.join(projectRoot, 'node_modules/electron/install.js')): Promise<InstallResult> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'ap-electron-download-'));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installJs], {
      env: { ...run.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += String(d); });
    let lastBytes = 0;
    let lastChange = Date.now();
    let stalled = false;
    const watch = setInterval(() => {
      const bytes = bytesUnder(tmp);
      if (bytes !== lastBytes) { lastBytes = bytes; lastChange = Date.now(); run.onProgress(bytes); }
      if (Date.now() - lastChange > run.stallMs) { stalled = true; child.kill('SIGKILL'); }
    }, 500);
    child.on('error', (err) => { clearInterval(watch); resolve({ ok: false, reason: err.message }); });
    child.on('exit', (code) => {
      clearInterval(watch);
      rmSync(tmp, { recursive: true, force: true });
      if (stalled) resolve({ ok: false, reason: `no data for ${Math.round(run.stallMs / 1000)} s; the network seems to drop the connection` });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: installerReason(stderr) });
    });
  });
}

/** The real seams, for npm start and npm run dist:desktop. */
export function ensureElectronForScripts(env: NodeJS.ProcessEnv = process.env): Promise<Ensured> {
  const tty = process.stdout.isTTY === true;
  let lastPrinted = 0;
  let inPlace = false;
  return ensureElectron({
    env,
    version: electronVersion(),
    locate: () => locateElectron(env),
    runInstaller: (run) => runElectronInstaller(run),
    print: (line) => console.log(line),
    progress: (line) => {
      if (tty) { inPlace = true; process.stdout.write(`\r${line}   `); return; }
      const now = Date.now();
      if (now - lastPrinted > 5_000) { lastPrinted = now; console.log(line); }
    },
  }).then((r) => { if (inPlace) process.stdout.write('\n'); return r; });
}

