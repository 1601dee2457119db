// `npm start`: get the Electron binary (downloaded through Electron's own installer when it is
// missing), build the renderer and the desktop bundles, build better-sqlite3 for Electron's ABI
// into dist-native/ (never over Node's copy), and launch `electron <project root>`, so the app
// runs under its own name (package.json productName), userData folder and single-instance lock
// instead of as "Electron".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildDesktop } from './build-desktop.js';
import { ensureElectronForScripts, electronVersion } from './electron-binary.js';
import { betterSqliteVersion, electronAbi, electronRebuild, ensureElectronNative } from './native-electron.js';
import { isMainModule, projectRoot as root } from './script-paths.js';

export type Signal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/**
 * Which signals npm start passes on to Electron. In a terminal, Ctrl-C (SIGINT) and a closed
 * terminal (SIGHUP) reach the whole foreground process group, Electron included: passing them on
 * again would be a second signal, and Electron's own handler is one-shot (a second SIGINT kills
 * the app before its offline is out; shell/browser/electron_browser_main_parts_posix.cc). Only a
 * SIGTERM sent to npm start alone must be passed on. Without a terminal, every signal came to
 * npm start alone.
 */
export function forwardedSignals(attachedToTerminal: boolean): Signal[] {
  return attachedToTerminal ? ['SIGTERM'] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
}

/** `electron <root>`: Electron reads package.json (main, productName) from the project root. */
export function electronArgs(projectRoot: string, argv: readonly string[]): string[] {
  return [projectRoot, ...argv.filter((a) => a !== '--no-renderer')];
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
}

async function buildNative(electronPath: string): Promise<void> {
  if (process.env.AGENT_PRESENCE_SKIP_NATIVE === '1') return;
  try {
    const version = electronVersion();
    await ensureElectronNative({
      root,
      electronVersion: version,
      target: { moduleVersion: betterSqliteVersion(), abi: electronAbi(electronPath), platform: process.platform, arch: process.arch },
      rebuild: electronRebuild,
      print: (line) => console.log(line),
    });
  } catch (err) {
    // The app still runs against a remote server; only the built-in local server needs SQLite.
    console.error(`Could not build better-sqlite3 for Electron (${(err as Error).message.split('\n')[0]}): the built-in local server will not start; sign in to a server instead, or fix the build (network access for the prebuilt binary, or a C++ toolchain) and run npm start again.`);
  }
}

async function main(): Promise<void> {
  const electron = await ensureElectronForScripts();
  if ('error' in electron) {
    console.error(electron.error);
    process.exit(1);
  }
  if (existsSync(path.join(root, 'renderer/index.html')) && !process.argv.includes('--no-renderer')) run('npx', ['vite', 'build', 'renderer', '--logLevel', 'warn']);
  await buildDesktop();
  await buildNative(electron.path);
  const child = spawn(electron.path, electronArgs(root, process.argv.slice(2)), { cwd: root, stdio: 'inherit' });
  const forward = forwardedSignals(process.stdin.isTTY === true);
  // Listening keeps npm start alive until Electron has finished its own quit (offline first).
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => { if (forward.includes(sig)) child.kill(sig); });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (isMainModule(import.meta.url)) await main();
