// Runs Electronegativity over the Electron code (main, preload, the renderer's HTML) and fails on
// any finding of MEDIUM severity or above that is not justified below. Runs offline: the tool's
// attempt to fetch Electron's release list fails harmlessly, so the Electron version is given.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** Each accepted finding, with why; the same list is in docs/security.md. */
export const JUSTIFIED: { check: string; file: string; why: string }[] = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK', file: 'main/wire.ts',
    why: 'openExternal is only reached from the window-open handler in window-security.ts, which passes https: URLs only; everything else is denied.',
  },
];

export interface Finding { check: string; severity: string; confidence: string; file: string; location: string }

export function scan(): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  cpSync(join(root, 'src/main'), join(dir, 'main'), { recursive: true });
  cpSync(join(root, 'src/preload'), join(dir, 'preload'), { recursive: true });
  cpSync(join(root, 'renderer/index.html'), join(dir, 'index.html'));
  const out = join(dir, 'findings.csv');
  const electronVersion = (JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
  execFileSync(join(root, 'node_modules/.bin/electronegativity'), ['-i', dir, '-e', electronVersion, '-r', '-v', 'false', '-o', out], { stdio: 'ignore', timeout: 180_000 });
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  return rows.map((row) => {
    // check,"SEVERITY","CONFIDENCE","file","line:col",… — the sample column may contain commas.
    const m = /^([A-Z_]+),"([A-Z]+)","([A-Z]+)","([^"]*)","([^"]*)"/.exec(row);
    return m ? { check: m[1]!, severity: m[2]!, confidence: m[3]!, file: m[4]!, location: m[5]! } : null;
  }).filter((f): f is Finding => f !== null);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const findings = scan();
  const serious = findings.filter((f) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));
  const open = serious.filter((f) => !JUSTIFIED.some((j) => j.check === f.check && j.file === f.file));
  for (const f of findings) console.log(`${f.severity.padEnd(8)} ${f.check} ${f.file} ${f.location}${JUSTIFIED.some((j) => j.check === f.check && j.file === f.file) ? '  (justified, see docs/security.md)' : ''}`);
  console.log(`electronegativity: ${findings.length} findings, ${serious.length} medium or above, ${open.length} unjustified`);
  process.exit(open.length === 0 ? 0 : 1);
}
