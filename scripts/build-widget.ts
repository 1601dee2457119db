import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const WIDGET_ENTRY = join(root, 'src/widget/widget.ts');
export const WIDGET_OUTFILE = join(root, 'dist/widget/widget.js');

export interface WidgetBuild {
  path: string;
  bytes: number;
  gzipBytes: number;
}

/** Bundles the embeddable script: one minified IIFE, no runtime dependencies, ES2018 for older browsers. */
export async function buildWidget(outfile: string = WIDGET_OUTFILE): Promise<WidgetBuild> {
  await build({
    entryPoints: [WIDGET_ENTRY],
    outfile,
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2018',
    legalComments: 'none',
    sourcemap: false,
    logLevel: 'warning',
  });
  const code = await readFile(outfile);
  return { path: outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await buildWidget();
  console.log(`${out.path}: ${out.bytes} bytes, ${out.gzipBytes} bytes gzipped`);
}
