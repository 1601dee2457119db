// `npm run dist:desktop`: installers for the host OS. electron-builder needs the Electron
// distribution: instead of its own download (zip into its cache, ~/.cache/electron or
// ELECTRON_CACHE), it is pointed at the unpacked binary npm start uses (fetched through
// node_modules/electron/install.js when missing, see electron-binary.ts), so one download serves
// both and an offline build works once that binary is there. AGENT_PRESENCE_ELECTRON_DIST points it
// at another local copy instead: an unpacked Electron folder, or a folder holding
// electron-v<version>-<platform>-<arch>.zip (electron-builder's `electronDist`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildDesktop } from './build-desktop.js';
import { ensureElectronForScripts, electronVersion } from './electron-binary.js';
import { betterSqliteVersion, electronAbi, electronRebuild, ensureElectronNative } from './native-electron.js';
import { isMainModule, projectRoot as root } from './script-paths.js';

/** The folder electron-builder's electronDist wants: the one holding the executable (Electron.app on macOS). */
export function electronDistFor(executable: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') {
    const i = executable.indexOf('.app/');
    return i >= 0 ? path.dirname(executable.slice(0, i + 4)) : path.dirname(executable);
  }
  return path.dirname(executable);
}

async function main(): Promise<void> {
  const electron = await ensureElectronForScripts();
  if ('error' in electron) { console.error(electron.error); process.exit(1); }
  await buildDesktop({ minify: true });
  const version = electronVersion();
  try {
    await ensureElectronNative({
      root, electronVersion: version, rebuild: electronRebuild, print: (l) => console.log(l),
      target: { moduleVersion: betterSqliteVersion(), abi: electronAbi(electron.path), platform: process.platform, arch: process.arch },
    });
  } catch (err) {
    console.error(`Cannot package: better-sqlite3 could not be built for Electron ${version} (${(err as Error).message.split('\n')[0]}). It needs network access for its prebuilt binary, or Electron's headers and a C++ toolchain.`);
    process.exit(1);
  }
  const dist = process.env.AGENT_PRESENCE_ELECTRON_DIST ?? electronDistFor(electron.path);
  console.log(`Packaging with the Electron distribution in ${dist} (set AGENT_PRESENCE_ELECTRON_DIST to use another local copy).`);
  const r = spawnSync('npx', ['electron-builder', '--config', 'electron-builder.yml', `-c.electronDist=${dist}`, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  process.exit(r.status ?? 1);
}

if (isMainModule(import.meta.url)) await main();
