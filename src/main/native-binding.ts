// Where the better-sqlite3 binary built for Electron's ABI lives: apart from node_modules, so that
// building it for the app never replaces the one Node uses (`npm test`, `npm run serve`), and named
// after the ABI the running Electron reports (process.versions.modules), the module version and the
// platform, so the app can only ever pick a binary built for itself; a stale marker cannot exist.
// scripts/native-electron.ts builds it; the app passes it to better-sqlite3's `nativeBinding`.
import { existsSync } from 'node:fs';
import path from 'node:path';

export const NATIVE_DIR = 'dist-native';
export const NATIVE_FILE = 'better_sqlite3.node';

export interface NativeTarget { moduleVersion: string; abi: string; platform: string; arch: string }

export function nativeBindingPath(root: string, t: NativeTarget): string {
  return path.join(root, NATIVE_DIR, `better-sqlite3-${t.moduleVersion}-abi${t.abi}-${t.platform}-${t.arch}`, NATIVE_FILE);
}

/**
 * The binary for this process, or null when it was not built (the app then reports it and runs
 * without the in-process backend). In a packaged app the file is unpacked next to app.asar
 * (asarUnpack): a .node inside the archive would be copied to a temporary file first, which macOS
 * refuses to load under the hardened runtime (electron/osx-sign#188).
 */
export function findNativeBinding(appRoot: string, t: NativeTarget, isPackaged: boolean): string | null {
  const file = nativeBindingPath(appRoot, t);
  const real = isPackaged ? file.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`) : file;
  return existsSync(real) ? real : null;
}
