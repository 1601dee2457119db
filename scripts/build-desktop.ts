// Bundles the Electron main process (ESM, Electron 38 loads it natively) and the preload (CommonJS:
// a sandboxed preload cannot load ES modules or anything but `electron`, so zod is bundled in).
// Runtime dependencies stay external: native modules (better-sqlite3) and pino's worker transports
// must be loaded from node_modules, which electron-builder packs into the asar.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { isMainModule, projectRoot } from './script-paths.js';

const root = projectRoot;
const outdir = path.join(root, 'dist-electron');

export function mainExternals(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return ['electron', ...Object.keys(pkg.dependencies ?? {})];
}

export async function buildDesktop(opts: { watch?: boolean; minify?: boolean } = {}): Promise<void> {
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, minify: opts.minify ?? false, logLevel: 'warning' };
  await Promise.all([
    build({
      ...common,
      entryPoints: { main: path.join(root, 'src/main/electron-main.ts') },
      outdir,
      format: 'esm',
      // Keeps the in-process server (SQLite, Fastify) in a chunk loaded only when no server URL is set.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      outExtension: { '.js': '.js' },
      external: mainExternals(),
      // Bundled CommonJS helpers sometimes call require(); give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    }),
    build({
      ...common,
      entryPoints: { preload: path.join(root, 'src/preload/preload.ts') },
      outdir,
      format: 'cjs',
      platform: 'browser',
      target: 'chrome130',
      outExtension: { '.js': '.cjs' },
      external: ['electron'],
      // The preload is parsed on every window load: keep it small.
      minify: true,
    }),
  ]);
}

if (isMainModule(import.meta.url)) {
  await buildDesktop({ minify: process.argv.includes('--minify') });
  console.log('built dist-electron/main.js and dist-electron/preload.cjs');
}
