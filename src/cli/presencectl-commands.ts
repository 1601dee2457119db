// One-shot commands of presencectl (SPEC 5): login, logout, status, presence, widget.
import { hostname } from 'node:os';
import { PresenceApi } from '../client/api.js';
import { newDeviceId } from '../client/device-id.js';
import { statusSchema, type Status } from '../common/protocol.js';
import { agentViewSchema, type GroupView } from '../common/http-schemas.js';
import { readConfig, writeConfig, type CliConfig } from './presencectl-config.js';
import { CliError, ExitCode, UsageError, toCliError } from './presencectl-errors.js';
import type { Translator } from '../common/i18n/translate.js';
import { ownStatusText, presenceText, widgetText } from './presencectl-format.js';
import { timedUntil } from './presencectl-timed.js';
import { readPassword, type CliIo } from './presencectl-io.js';

export interface CommandContext {
  io: CliIo;
  configPath: string;
  config: CliConfig;
  json: boolean;
  /** --server, which overrides the configured server for this run. */
  server: string | undefined;
  fetch: typeof fetch;
  /** Human output's language (presencectl-lang.ts). */
  tr: Translator;
}

export function out(ctx: CommandContext, human: string, json: unknown): void {
  ctx.io.stdout.write(`${ctx.json ? JSON.stringify(json) : human}\n`);
}

export function serverOf(ctx: CommandContext): string {
  const s = ctx.server ?? ctx.config.server;
  if (!s) throw new UsageError(ctx.tr.t('cli.noServer'));
  if (!/^https?:\/\/[^/]+/i.test(s)) throw new UsageError(ctx.tr.t('cli.badServer', { server: s }));
  return s.replace(/\/+$/, '');
}

export function apiOf(ctx: CommandContext, timeoutMs = 10_000): PresenceApi {
  const token = ctx.config.token ?? null;
  return new PresenceApi({ serverUrl: serverOf(ctx), fetch: ctx.fetch, token: () => token, timeoutMs });
}

export function requireToken(ctx: CommandContext): void {
  if (!ctx.config.token) throw new CliError(ExitCode.notSignedIn, ctx.tr.t('cli.notSignedIn'));
}

export async function loginCommand(ctx: CommandContext, email: string | undefined): Promise<number> {
  if (!email) throw new UsageError(ctx.tr.t('cli.needEmail'));
  const server = serverOf(ctx);
  const password = await readPassword(ctx.io, ctx.tr.t('cli.passwordPrompt', { email }));
  if (!password) throw new UsageError(ctx.tr.t('cli.emptyPassword'));
  const api = new PresenceApi({ serverUrl: server, fetch: ctx.fetch, timeoutMs: 15_000 });
  const res = await api.login(email, password).catch((e: unknown) => { throw toCliError(ctx.tr, e, 'login'); });
  // Re-read: a running `watch` may have written the file meanwhile.
  const current = await readConfig(ctx.configPath);
  await writeConfig(ctx.configPath, {
    ...current, server, email: res.agent.email, token: res.token,
    deviceId: current.deviceId || newDeviceId(),
  });
  out(ctx, ctx.tr.t('cli.signedIn', { name: res.agent.name, email: res.agent.email, role: ctx.tr.t(`role.${res.agent.role}`), server }), { server, agent: res.agent, expiresAt: res.expiresAt });
  return ExitCode.ok;
}

export async function logoutCommand(ctx: CommandContext): Promise<number> {
  requireToken(ctx);
  let serverError: unknown = null;
  await apiOf(ctx, 5_000).logout().catch((e: unknown) => { serverError = e; });
  const current = await readConfig(ctx.configPath);
  await writeConfig(ctx.configPath, { ...current, token: null });
  if (serverError) {
    const err = toCliError(ctx.tr, serverError, 'other');
    // A token the server already rejects is as good as revoked.
    if (err.exitCode !== ExitCode.notSignedIn) {
      throw new CliError(err.exitCode, ctx.tr.t('cli.notRevoked', { error: err.message }));
    }
  }
  out(ctx, ctx.tr.t('cli.signedOut'), { signedOut: true });
  return ExitCode.ok;
}

export async function statusCommand(ctx: CommandContext, value: string | undefined, timed: { for?: string | undefined; until?: string | undefined } = {}): Promise<number> {
  requireToken(ctx);
  let status: Status | undefined;
  if (value !== undefined) {
    const parsed = statusSchema.safeParse(value);
    if (!parsed.success) throw new UsageError(ctx.tr.t('cli.badStatus', { value }));
    status = parsed.data;
  }
  const until = timedUntil(ctx.tr, timed, status !== undefined, Date.now());
  const api = apiOf(ctx);
  const raw = await (status ? api.setMyStatus(status, 'manual', undefined, until) : api.me()).catch((e: unknown) => { throw toCliError(ctx.tr, e, 'other'); });
  const view = agentViewSchema.safeParse(raw);
  if (!view.success) throw new CliError(ExitCode.failure, ctx.tr.t('cli.unexpected'));
  out(ctx, ownStatusText(ctx.tr, view.data), view.data);
  return ExitCode.ok;
}

export async function presenceCommand(ctx: CommandContext): Promise<number> {
  requireToken(ctx);
  const api = apiOf(ctx);
  const [p, groups] = await Promise.all([api.presence(), ctx.json ? [] : api.groups()]).catch((e: unknown) => { throw toCliError(ctx.tr, e, 'other'); });
  out(ctx, presenceText(ctx.tr, p, groupNameMap(groups)), p);
  return ExitCode.ok;
}

export async function widgetCommand(ctx: CommandContext, siteKey: string | undefined, group: string | undefined): Promise<number> {
  if (!siteKey) throw new UsageError(ctx.tr.t('cli.needSiteKey'));
  const w = await apiOf(ctx).widgetStatus(siteKey, group).catch((e: unknown) => { throw toCliError(ctx.tr, e, 'other'); });
  out(ctx, widgetText(ctx.tr, w), w);
  return ExitCode.ok;
}

export function groupNameMap(groups: readonly GroupView[]): Map<string, string> {
  return new Map(groups.map((g) => [g.id, g.name]));
}

export function deviceName(): string {
  return `presencectl on ${hostname()}`.slice(0, 100);
}
