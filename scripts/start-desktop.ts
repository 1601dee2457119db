// `npm start`: build the renderer and the desktop bundles, find the Electron binary, make native
// modules match Electron's ABI, launch. The Electron binary is not downloaded by postinstall here
// (install scripts are denied), so a missing binary gets one clear line and a non-zero exit.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildDesktop } from './build-desktop.js';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const require = createRequire(import.meta.url);

/** The Electron executable, or null with the reason. Mirrors node_modules/electron/index.js. */
export function findElectron(env: NodeJS.ProcessEnv = process.env): { path: string } | { missing: string } {
  try {
    const exe = require('electron') as unknown as string;
    if (typeof exe === 'string' && existsSync(exe)) return { path: exe };
    return { missing: `the Electron binary is not at ${exe}` };
  } catch (err) {
    const override = env.ELECTRON_OVERRIDE_DIST_PATH;
    return { missing: override ? `ELECTRON_OVERRIDE_DIST_PATH=${override} has no electron executable` : (err as Error).message.split('\n')[0] ?? 'unknown' };
  }
}

export const HOW_TO_GET_ELECTRON =
  'Electron binary missing: run `node node_modules/electron/install.js` with network access (or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron 38 folder), then `npm start` again.';

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
}

/**
 * better-sqlite3 must be built for Electron's ABI to load in the app (never in postinstall: it
 * would break the Node-side tests). A stamp file skips the rebuild when nothing changed; run
 * `npm rebuild better-sqlite3` afterwards to go back to Node's ABI for the test suites.
 */
function ensureElectronAbi(): void {
  if (process.env.AGENT_PRESENCE_SKIP_REBUILD === '1') return;
  const stamp = path.join(root, 'node_modules/.agent-presence-electron-abi');
  const version = (JSON.parse(readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === version) return;
  run('npx', ['electron-builder', 'install-app-deps']);
  writeFileSync(stamp, version);
  console.log('native modules rebuilt for Electron; `npm rebuild better-sqlite3` restores Node\'s ABI for the tests');
}

async function main(): Promise<void> {
  const electron = findElectron();
  if ('missing' in electron) {
    console.error(`${HOW_TO_GET_ELECTRON} (${electron.missing})`);
    process.exit(1);
  }
  if (existsSync(path.join(root, 'renderer/index.html')) && !process.argv.includes('--no-renderer')) {
    run('npx', ['vite', 'build', 'renderer']);
  }
  await buildDesktop();
  ensureElectronAbi();
  const child = spawn(electron.path, [path.join(root, 'dist-electron/main.js'), ...process.argv.slice(2).filter((a) => a !== '--no-renderer')], {
    cwd: root,
    stdio: 'inherit',
  });
  // Pass logout/termination on to the app so it takes its own quit path (offline first).
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await main();
}
