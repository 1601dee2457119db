// `presence-server`: runs the backend (SPEC 5), or `init` creates an account and its first admin,
// or `backup` / `restore` copy the embedded database (issue 19; PostgreSQL: docs/operations.md).
// SIGTERM/SIGINT close every socket with 1001, finish writes and exit 0.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SOCKET_LIMITS, TIMINGS } from '../common/timings.js';
import { startPresenceServer } from '../server/app.js';
import { trustProxyFrom } from '../server/http/client-address.js';
import { BackupError, backupSqlite, restoreSqlite } from '../server/store/sqlite-backup.js';
import { DataDirError, openSqliteStore } from '../server/store/sqlite.js';
import { createAccount, createDemoAccount } from '../server/setup.js';
import type { Store } from '../server/store/store.js';
import { openClusterBackends } from './cluster-options.js';

const USAGE = `usage:
  presence-server [--host 127.0.0.1] [--port 8080] [--data ./data] [--grace ${TIMINGS.graceMs / 1000}] [--tab-grace ${TIMINGS.tabGraceMs / 1000}] [--heartbeat ${TIMINGS.heartbeatMs / 1000}] [--demo]
                  [--postgres URL --redis URL]   (cluster mode; also DATABASE_URL / REDIS_URL)
                  [--trust-proxy CIDR[,CIDR…]]   (reverse proxies whose X-Forwarded-For is believed)
                  [--max-sockets-per-ip ${SOCKET_LIMITS.perIp}]   (widget sockets from one client address)
                  [--history-days ${TIMINGS.historyRetentionMs / 86_400_000}]   (status history kept; older events are pruned hourly; 0 = record none)
                  [--webhooks-allow-private]   (webhooks may use http and private/loopback addresses)
  presence-server init --data DIR --account NAME --email E --password-stdin   (or --postgres URL)
  presence-server backup --data DIR --out FILE [--force]   (safe while the server runs)
  presence-server restore --in FILE --data DIR [--force]   (DIR empty, or --force; server stopped)
`;

const options = {
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '8080' },
  data: { type: 'string', default: './data' },
  grace: { type: 'string', default: String(TIMINGS.graceMs / 1000) },
  'tab-grace': { type: 'string', default: String(TIMINGS.tabGraceMs / 1000) },
  heartbeat: { type: 'string', default: String(TIMINGS.heartbeatMs / 1000) },
  demo: { type: 'boolean', default: false },
  postgres: { type: 'string' },
  redis: { type: 'string' },
  account: { type: 'string' },
  email: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  'log-level': { type: 'string', default: 'info' },
  'trust-proxy': { type: 'string', multiple: true },
  'max-sockets-per-ip': { type: 'string', default: String(SOCKET_LIMITS.perIp) },
  out: { type: 'string' },
  in: { type: 'string' },
  force: { type: 'boolean', default: false },
  'history-days': { type: 'string', default: String(TIMINGS.historyRetentionMs / 86_400_000) },
  'webhooks-allow-private': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

class UsageError extends Error {}

function numberIn(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}, got ${value}`);
  return n;
}

async function openStore(values: { data: string; postgres?: string | undefined }): Promise<Store> {
  const postgres = values.postgres ?? process.env.DATABASE_URL;
  if (postgres) return (await openClusterBackends({ postgres })).store;
  return openSqliteStore(values.data);
}

async function init(values: Record<string, string | string[] | boolean | undefined>): Promise<void> {
  if (!values.account || !values.email || !values['password-stdin']) throw new UsageError('init needs --account NAME --email E --password-stdin');
  const password = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
  if (password.length < 8) throw new UsageError('the password (from stdin) must be at least 8 characters');
  const store = await openStore(values as { data: string; postgres?: string });
  try {
    const created = await createAccount(store, { account: String(values.account), email: String(values.email), password });
    process.stdout.write(`${JSON.stringify(created)}\n`);
  } finally {
    await store.close();
  }
}

async function copyDatabase(command: 'backup' | 'restore', values: Record<string, string | string[] | boolean | undefined>, argv: string[]): Promise<void> {
  // --data has a default for serving; a backup or restore must name it, not guess ./data.
  if (!argv.some((a) => a === '--data' || a.startsWith('--data='))) throw new UsageError(`${command} needs --data DIR`);
  if (values.postgres || process.env.DATABASE_URL) throw new UsageError(`${command} copies the embedded SQLite database; for PostgreSQL use pg_dump / pg_restore (docs/operations.md)`);
  const data = String(values.data);
  const force = values.force === true;
  let result;
  if (command === 'backup') {
    if (!values.out) throw new UsageError('backup needs --out FILE');
    result = await backupSqlite(data, String(values.out), { force });
  } else {
    if (!values.in) throw new UsageError('restore needs --in FILE');
    result = await restoreSqlite(String(values.in), data, { force });
  }
  process.stdout.write(`${JSON.stringify({ [command === 'backup' ? 'backedUp' : 'restored']: result.file, bytes: result.bytes, agents: result.agents })}
`);
}

async function serve(values: Record<string, string | string[] | boolean | undefined>): Promise<void> {
  const port = numberIn('port', String(values.port), 0, 65535); // 0 = any free port
  const graceMs = numberIn('grace', String(values.grace), 1, 86_400) * 1000;
  const tabGraceMs = numberIn('tab-grace', String(values['tab-grace']), 0, 86_400) * 1000;
  const heartbeatMs = numberIn('heartbeat', String(values.heartbeat), 1, 3600) * 1000;
  const trustProxy = ((values['trust-proxy'] ?? []) as unknown as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  try {
    trustProxyFrom(trustProxy);
  } catch (err) {
    throw new UsageError(`--trust-proxy: ${(err as Error).message}`);
  }
  const maxSocketsPerIp = numberIn('max-sockets-per-ip', String(values['max-sockets-per-ip']), 1, 10_000_000);
  if (!Number.isInteger(maxSocketsPerIp)) throw new UsageError('--max-sockets-per-ip must be a whole number');
  // 0 turns the history off (no events written, reports answer 503); docs/operations.md.
  const historyDays = numberIn('history-days', String(values['history-days']), 0, 36_500);
  if (!Number.isInteger(historyDays)) throw new UsageError(`--history-days must be a whole number of days (0 = record no history), got ${String(values['history-days'])}`);
  const postgres = (values.postgres as string | undefined) ?? process.env.DATABASE_URL;
  const redis = (values.redis as string | undefined) ?? process.env.REDIS_URL;
  const backends = postgres || redis ? await openClusterBackends({ postgres, redis }) : null;
  const store = backends?.store ?? (await openSqliteStore(String(values.data)));
  let demo = null;
  if (values.demo) demo = await createDemoAccount(store);
  const server = await startPresenceServer({
    host: String(values.host), port, store, ...(backends?.bus ? { bus: backends.bus } : {}), graceMs, tabGraceMs, heartbeatMs, logLevel: String(values['log-level']), trustProxy, maxSocketsPerIp, historyDays,
    webhooksAllowPrivate: values['webhooks-allow-private'] === true,
  });
  const lines = [`presence-server listening on ${server.url} (${store.kind}${backends?.bus ? ' + redis' : ''})`, `  dashboard: ${server.url}/`];
  if (demo) {
    lines.push(`  widget demo: ${server.url}/demo/widget?site=${demo.siteKey}${demo.groups.map((g) => `&group=${g.id}`).join('')}`);
    lines.push(`  widget status: ${server.url}/api/v1/widget/${demo.siteKey}/status`);
    lines.push(`  site key: ${demo.siteKey}; groups: ${demo.groups.map((g) => `${g.name}=${g.id}`).join(', ')}`);
    lines.push('  demo logins (password for all: demo-password):');
    for (const l of demo.logins) lines.push(`    ${l.email.padEnd(22)} ${l.role.padEnd(6)} ${l.groups.length ? l.groups.join(', ') : '(no group: counts for every group)'}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: closing sockets (1001) and finishing writes\n`);
    server.close().then(() => process.exit(0), (err: unknown) => {
      process.stderr.write(`shutdown failed: ${(err as Error).message}\n`);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

export async function main(argv: string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals[0] === 'init') await init(values);
    else if (positionals[0] === 'backup' || positionals[0] === 'restore') await copyDatabase(positionals[0], values, argv);
    else if (positionals.length > 0) throw new UsageError(`unknown command ${positionals[0]}`);
    else await serve(values);
    return 0;
  } catch (err) {
    const e = err as Error & { code?: string };
    if (err instanceof UsageError || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      process.stderr.write(`presence-server: ${e.message}\n${USAGE}`);
      return 2;
    }
    if (err instanceof DataDirError || err instanceof BackupError || e.code === 'port_in_use') {
      process.stderr.write(`presence-server: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`presence-server: ${e.message}\n`);
    return 1;
  }
}
