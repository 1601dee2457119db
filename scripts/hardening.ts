// `npm run test:hardening [-- --long]`: runs test/hardening (CI size, or the long variants), then
// the supply-chain checks (npm audit, runtime licenses), and writes the measured figures, the
// access-control table and the license list into docs/security.md between their markers.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const out = join(root, 'test-output');
const long = process.argv.includes('--long');
const skipTests = process.argv.includes('--docs-only');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

/** npm audit needs the registry's advisory endpoint; say so plainly when it is unreachable. */
// Registry host names stay out of committed docs: only the status and method of the answer are kept.
const scrub = (text: string): string => text.replace(/\b(?:https?:\/\/)?[a-z0-9.-]+\.[a-z]{2,}(?:\/\S*)?/gi, '<registry>');

function audit(): { ok: boolean; line: string } {
  const r = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  try {
    const report = JSON.parse(r.stdout);
    if (report.metadata?.vulnerabilities) {
      const v = report.metadata.vulnerabilities as Record<string, number>;
      const bad = (v.high ?? 0) + (v.critical ?? 0);
      return { ok: bad === 0, line: `npm audit --omit=dev: ${JSON.stringify(v)} (${bad === 0 ? 'no high or critical' : `${bad} high or critical`})` };
    }
    return { ok: true, line: `npm audit --omit=dev: NOT RUN, the registry's audit endpoint answered: ${scrub(String(report.message ?? report.error?.summary ?? 'no report')).slice(0, 160)}` };
  } catch {
    return { ok: true, line: `npm audit --omit=dev: NOT RUN (no answer from the registry: ${scrub((r.stderr || String(r.error)).split('\n')[0] ?? '').slice(0, 160)})` };
  }
}

/** Every package reachable from the runtime dependencies, with its declared license. */
function licenses(): string[] {
  const seen = new Map<string, string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const file = join(root, 'node_modules', name, 'package.json');
    if (!existsSync(file)) return;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const license = typeof pkg.license === 'string' ? pkg.license : pkg.license?.type ?? (pkg.licenses ?? []).map((l: { type: string }) => l.type).join(' OR ') ?? 'UNKNOWN';
    seen.set(name, `| ${name} | ${pkg.version} | ${license || 'UNKNOWN'} |`);
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  for (const dep of Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies ?? {})) visit(dep);
  return [...seen.keys()].sort().map((k) => seen.get(k)!);
}

function figures(): string[] {
  const dir = join(out, 'hardening');
  if (!existsSync(dir)) return ['(no figures yet: run `npm run test:hardening`)'];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => {
    const { suite, at, long: wasLong, seed, samples: _samples, ...rest } = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    return `- **${suite}** (${wasLong ? 'long' : 'CI'} run, seed ${seed}, ${String(at).slice(0, 10)}): \`${JSON.stringify(rest)}\``;
  });
}

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < 0) return text;
  return `${text.slice(0, a + start.length)}\n${body.trim()}\n${text.slice(b)}`;
}

let code = 0;
if (!skipTests) code = run('npx', ['vitest', 'run', 'test/hardening', 'test/unit/main-security-checklist.test.ts'], long ? { HARDENING_LONG: '1' } : {});
const auditResult = audit();
console.log(auditResult.line);
if (!auditResult.ok) code ||= 1;
const licenseRows = licenses();
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'licenses.md'), ['| package | version | license |', '|---|---|---|', ...licenseRows].join('\n'));
const docPath = join(root, 'docs/security.md');
if (existsSync(docPath)) {
  let doc = readFileSync(docPath, 'utf8');
  const acl = join(out, 'acl-matrix.md');
  if (existsSync(acl)) doc = replaceBetween(doc, 'acl-matrix', readFileSync(acl, 'utf8'));
  doc = replaceBetween(doc, 'figures', figures().join('\n'));
  doc = replaceBetween(doc, 'audit', `${auditResult.line}`);
  doc = replaceBetween(doc, 'licenses', ['| package | version | license |', '|---|---|---|', ...licenseRows].join('\n'));
  writeFileSync(docPath, doc);
  console.log(`updated ${docPath}`);
}
process.exit(code);
