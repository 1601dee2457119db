// Long-running commands: `watch` stays connected like the tray and goes offline through the quit
// path on Ctrl-C/SIGTERM; `widget --watch` follows what visitors see.
import WebSocket from 'ws';
import { PresenceClient } from '../client/presence-client.js';
import type { ClientSnapshot, WebSocketConstructor } from '../client/types.js';
import { CloseCode, statusSchema, widgetStatusSchema } from '../common/protocol.js';
import { fileCredentialStore } from './presencectl-config.js';
import { apiOf, deviceName, groupNameMap, out, requireToken, serverOf, type CommandContext } from './presencectl-commands.js';
import { CliError, ExitCode, UsageError, toCliError } from './presencectl-errors.js';
import { snapshotChanges, widgetText } from './presencectl-format.js';

export async function watchCommand(ctx: CommandContext, set: string | undefined): Promise<number> {
  requireToken(ctx);
  const initial = set === undefined ? undefined : statusSchema.safeParse(set);
  if (initial && !initial.success) throw new UsageError(ctx.tr.t('cli.badSet', { value: set }));
  const client = new PresenceClient({
    serverUrl: serverOf(ctx),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    fetch: ctx.fetch,
    credentials: fileCredentialStore(ctx.configPath),
    device: { kind: 'cli', name: deviceName() },
    pingMode: 'frames',
  });
  let prev: ClientSnapshot | null = null;
  // Group names for the human lines; refreshed when the groups change. A failed read keeps ids.
  let groupNames = new Map<string, string>();
  const loadGroups = async (): Promise<void> => {
    if (ctx.json) return;
    await apiOf(ctx).groups().then((g) => { groupNames = groupNameMap(g); }, () => undefined);
  };
  const offConfig = client.onServerMessage((m) => { if (m.type === 'config.changed' && m.what === 'groups') void loadGroups(); });
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => { finish = resolve; });
  const show = (snap: ClientSnapshot): void => {
    if (ctx.json) out(ctx, '', { event: 'snapshot', ...snap });
    else snapshotChanges(ctx.tr, prev, snap, groupNames).forEach((line) => out(ctx, line, null));
    prev = snap;
    if (snap.connection === 'signedOut') finish(ExitCode.notSignedIn);
    if (snap.connection === 'closed' && snap.lastError?.code === 'replaced') finish(ExitCode.replaced);
  };
  const unsubscribe = client.subscribe(show);
  let quitting = false;
  const offSignal = ctx.io.onSignal((sig) => {
    if (quitting) return;
    quitting = true;
    // Ctrl-C means "I am leaving": offline everywhere at once, like the tray's quit.
    void client.goOfflineAndClose({ reason: sig === 'SIGINT' ? 'quit' : 'logout', timeoutMs: 1_000 }).then(({ via }) => {
      out(ctx, via === 'none' ? ctx.tr.t('cli.quitNone') : ctx.tr.t('cli.quitSent', { via }), { event: 'quit', via });
      finish(ExitCode.ok);
    });
  });
  try {
    // Before the first "visitors see" line, so it names groups from the start.
    await loadGroups();
    await client.start();
    if (initial?.success) {
      await client.waitFor((s) => s.connection === 'connected', 30_000).catch(() => undefined);
      if (!quitting) await client.setStatus(initial.data, 'manual').catch((e: unknown) => { throw toCliError(ctx.tr, e, 'other'); });
    }
    const code = await finished;
    if (code === ExitCode.notSignedIn) throw new CliError(code, ctx.tr.t('cli.signedOutByServer', { reason: client.getSnapshot().lastError?.message ?? 'token revoked' }));
    if (code === ExitCode.replaced) throw new CliError(code, ctx.tr.t('cli.replaced'));
    return code;
  } finally {
    offSignal();
    offConfig();
    unsubscribe();
    if (!quitting) client.stop();
  }
}

export async function widgetWatchCommand(ctx: CommandContext, siteKey: string | undefined, group: string | undefined): Promise<number> {
  if (!siteKey) throw new UsageError(ctx.tr.t('cli.needSiteKey'));
  const q = new URLSearchParams({ site: siteKey, ...(group ? { group } : {}) });
  const url = `${serverOf(ctx).replace(/^http/i, 'ws')}/ws/widget?${q}`;
  const ws = new WebSocket(url);
  return await new Promise<number>((resolve) => {
    const offSignal = ctx.io.onSignal(() => { ws.close(CloseCode.normal); });
    ws.on('message', (data) => {
      const parsed = widgetStatusSchema.safeParse(JSON.parse(data.toString()));
      if (parsed.success) out(ctx, widgetText(ctx.tr, parsed.data), parsed.data);
    });
    ws.on('error', (err) => { ctx.io.stderr.write(`presencectl: ${ctx.tr.t('cli.cannotReach', { url, error: err.message })}\n`); });
    ws.on('close', (code, reason) => {
      offSignal();
      if (code === CloseCode.notFound) { ctx.io.stderr.write(`presencectl: ${ctx.tr.t('cli.unknownSite', { reason: reason.toString() })}\n`); resolve(ExitCode.refused); }
      else if (code === CloseCode.normal || code === CloseCode.noStatus) resolve(ExitCode.ok);
      else resolve(code === CloseCode.abnormal ? ExitCode.unreachable : ExitCode.failure);
    });
  });
}
