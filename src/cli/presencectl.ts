// presencectl: the command-line agent client (SPEC 5), built on the same client core as the tray.
// Side-effect free: bin/presencectl.js imports this module and calls main(argv).
import { parseArgs } from 'node:util';
import { configPath, readConfig } from './presencectl-config.js';
import { loginCommand, logoutCommand, presenceCommand, statusCommand, widgetCommand, type CommandContext } from './presencectl-commands.js';
import { localesFromEnv } from '../common/i18n/locales.js';
import { createTranslator, type Translator } from '../common/i18n/translate.js';
import { CliError, ExitCode, UsageError } from './presencectl-errors.js';
import { InterruptedError, processIo, type CliIo } from './presencectl-io.js';
import { reportCommand } from './presencectl-report.js';
import { watchCommand, widgetWatchCommand } from './presencectl-watch.js';

/** The language of presencectl's human output: $PRESENCECTL_LANG, else the POSIX locale variables. */
export function cliTranslator(env: NodeJS.ProcessEnv): Translator {
  return createTranslator('system', [env.PRESENCECTL_LANG, ...localesFromEnv(env)]);
}

export interface MainDeps {
  io: CliIo;
  fetch: typeof fetch;
}

/** Runs one presencectl invocation and returns its exit code (also set on process.exitCode). */
export async function main(argv: string[], deps: Partial<MainDeps> = {}): Promise<number> {
  const io = deps.io ?? processIo();
  const tr = cliTranslator(io.env);
  const code = await run(argv, io, deps.fetch ?? globalThis.fetch, tr).catch((e: unknown) => report(io, tr, e));
  if (!deps.io) process.exitCode = code;
  return code;
}

async function run(argv: string[], io: CliIo, fetchImpl: typeof fetch, tr: Translator): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        server: { type: 'string' },
        email: { type: 'string' },
        group: { type: 'string' },
        set: { type: 'string' },
        for: { type: 'string' },
        until: { type: 'string' },
        watch: { type: 'boolean' },
        json: { type: 'boolean' },
        from: { type: 'string' },
        to: { type: 'string' },
        csv: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (v.help || command === 'help' || !command) {
    io.stdout.write(tr.t('cli.help'));
    return command || v.help ? ExitCode.ok : ExitCode.usage;
  }
  const path = configPath(io.env);
  const ctx: CommandContext = { io, configPath: path, config: await readConfig(path), json: v.json ?? false, server: v.server, fetch: fetchImpl, tr };
  const maxArgs: Record<string, number> = { login: 0, logout: 0, status: 1, watch: 0, presence: 0, widget: 1, report: 1 };
  if (!(command in maxArgs)) throw new UsageError(tr.t('cli.unknownCommand', { command }));
  if (rest.length > maxArgs[command]!) throw new UsageError(tr.t('cli.tooMany', { command, args: rest.join(' ') }));
  switch (command) {
    case 'login': return loginCommand(ctx, v.email);
    case 'logout': return logoutCommand(ctx);
    case 'status': return statusCommand(ctx, rest[0], { for: v.for, until: v.until });
    case 'watch': return watchCommand(ctx, v.set);
    case 'presence': return presenceCommand(ctx);
    case 'report': return reportCommand(ctx, rest[0], { from: v.from, to: v.to, group: v.group, csv: v.csv ?? false });
    default: return v.watch ? widgetWatchCommand(ctx, rest[0], v.group) : widgetCommand(ctx, rest[0], v.group);
  }
}

function report(io: CliIo, tr: Translator, e: unknown): number {
  if (e instanceof UsageError) {
    io.stderr.write(`presencectl: ${e.message}\n${tr.t('cli.usageHint')}\n`);
    return ExitCode.usage;
  }
  if (e instanceof InterruptedError) return ExitCode.interrupted;
  if (e instanceof CliError) {
    io.stderr.write(`presencectl: ${e.message}\n`);
    return e.exitCode;
  }
  io.stderr.write(`presencectl: ${e instanceof Error ? e.message : String(e)}\n`);
  return ExitCode.failure;
}
