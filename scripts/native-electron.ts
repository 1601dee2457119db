// Builds better-sqlite3 for Electron's ABI into dist-native/ (src/main/native-binding.ts names the
// file), never in node_modules: Node's own binary stays where `npm test` and `npm run serve` load
// it, so `npm start` or `npm run dist:desktop` can never leave them with a NODE_MODULE_VERSION
// error. The work happens in a copy of the module, with @electron/rebuild (prebuilt binary when
// one exists, else Electron's headers and the C++ toolchain).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NATIVE_DIR, nativeBindingPath, type NativeTarget } from '../src/main/native-binding.js';
import { projectRoot } from './script-paths.js';

export interface NativeDeps {
  root: string;
  electronVersion: string;
  target: NativeTarget;
  /** @electron/rebuild on a project folder holding node_modules/better-sqlite3. */
  rebuild(opts: { buildPath: string; electronVersion: string; arch: string }): Promise<void>;
  print(line: string): void;
}

export function betterSqliteVersion(root = projectRoot): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string }).version;
}

/** The ABI (NODE_MODULE_VERSION) of an Electron binary, asked from the binary itself. */
export function electronAbi(electronPath: string): string {
  const r = spawnSync(electronPath, ['-p', 'process.versions.modules'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, encoding: 'utf8', timeout: 30_000 });
  const abi = r.stdout?.trim();
  if (r.status !== 0 || !abi || !/^\d+$/.test(abi)) throw new Error(`cannot ask ${electronPath} for its ABI: ${r.stderr?.trim() || r.error?.message || `exit ${r.status}`}`);
  return abi;
}

/** Returns the binary's path, building it first when this exact target has none yet. */
export async function ensureElectronNative(deps: NativeDeps): Promise<string> {
  const out = nativeBindingPath(deps.root, deps.target);
  if (existsSync(out)) return out;
  const work = path.join(deps.root, NATIVE_DIR, '.build', path.basename(path.dirname(out)));
  rmSync(work, { recursive: true, force: true });
  const mod = path.join(work, 'node_modules/better-sqlite3');
  mkdirSync(mod, { recursive: true });
  // Everything but the Node build, which must stay untouched in the real node_modules.
  cpSync(path.join(deps.root, 'node_modules/better-sqlite3'), mod, { recursive: true, filter: (src) => !src.split(path.sep).includes('build') });
  writeFileSync(path.join(work, 'package.json'), JSON.stringify({ name: 'native-build', private: true, dependencies: { 'better-sqlite3': deps.target.moduleVersion } }));
  deps.print(`Building better-sqlite3 ${deps.target.moduleVersion} for Electron ${deps.electronVersion} (ABI ${deps.target.abi}) in ${path.relative(deps.root, work)}…`);
  try {
    await deps.rebuild({ buildPath: work, electronVersion: deps.electronVersion, arch: deps.target.arch });
    const built = path.join(mod, 'build/Release/better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`the build produced no ${path.relative(deps.root, built)}`);
    mkdirSync(path.dirname(out), { recursive: true });
    copyFileSync(built, out);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export async function electronRebuild(opts: { buildPath: string; electronVersion: string; arch: string }): Promise<void> {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: opts.buildPath, electronVersion: opts.electronVersion, arch: opts.arch, onlyModules: ['better-sqlite3'], force: true });
}
