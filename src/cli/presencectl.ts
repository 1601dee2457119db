// presencectl: the command-line agent client (SPEC 5), built on the same client core as the tray.
// Side-effect free: bin/presencectl.js imports this module and calls main(argv).
import { parseArgs } from 'node:util';
import { configPath, readConfig } from './presencectl-config.js';
import { loginCommand, logoutCommand, presenceCommand, statusCommand, widgetCommand, type CommandContext } from './presencectl-commands.js';
import { CliError, EXIT_CODE_HELP, ExitCode, UsageError } from './presencectl-errors.js';
import { InterruptedError, processIo, type CliIo } from './presencectl-io.js';
import { watchCommand, widgetWatchCommand } from './presencectl-watch.js';

export const HELP = `Usage: presencectl <command> [options]

Commands:
  login --server URL --email EMAIL   sign in (password from a hidden prompt, or the first line of stdin)
  logout                             revoke the token and forget it
  status [online|away|offline]       show or set your status
  watch [--set online|away]          stay connected like the tray app and print every change;
                                     Ctrl-C / SIGTERM sets you offline (quit path), then exits
  presence                           the team and what visitors see
  widget SITEKEY [--group ID] [--watch]
                                     the public chat box status (no sign-in needed)

Options:
  --server URL   backend URL (http://host:port); saved by login, overrides the saved one
  --json         machine-readable output (one JSON object per line)
  -h, --help     this help
  --             end of options: a SITEKEY or ID that starts with "-" goes after it
                 (presencectl widget -- -AbC123)

Config: $PRESENCECTL_CONFIG, else $XDG_CONFIG_HOME/agent-presence/cli.json,
        else ~/.config/agent-presence/cli.json (mode 0600: it holds the token).

${EXIT_CODE_HELP}
`;

export interface MainDeps {
  io: CliIo;
  fetch: typeof fetch;
}

/** Runs one presencectl invocation and returns its exit code (also set on process.exitCode). */
export async function main(argv: string[], deps: Partial<MainDeps> = {}): Promise<number> {
  const io = deps.io ?? processIo();
  const code = await run(argv, io, deps.fetch ?? globalThis.fetch).catch((e: unknown) => report(io, e));
  if (!deps.io) process.exitCode = code;
  return code;
}

async function run(argv: string[], io: CliIo, fetchImpl: typeof fetch): Promise<number> {
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
        watch: { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (v.help || command === 'help' || !command) {
    io.stdout.write(HELP);
    return command || v.help ? ExitCode.ok : ExitCode.usage;
  }
  const path = configPath(io.env);
  const ctx: CommandContext = { io, configPath: path, config: await readConfig(path), json: v.json ?? false, server: v.server, fetch: fetchImpl };
  const maxArgs: Record<string, number> = { login: 0, logout: 0, status: 1, watch: 0, presence: 0, widget: 1 };
  if (!(command in maxArgs)) throw new UsageError(`unknown command: ${command}`);
  if (rest.length > maxArgs[command]!) throw new UsageError(`too many arguments for ${command}: ${rest.join(' ')}`);
  switch (command) {
    case 'login': return loginCommand(ctx, v.email);
    case 'logout': return logoutCommand(ctx);
    case 'status': return statusCommand(ctx, rest[0]);
    case 'watch': return watchCommand(ctx, v.set);
    case 'presence': return presenceCommand(ctx);
    default: return v.watch ? widgetWatchCommand(ctx, rest[0], v.group) : widgetCommand(ctx, rest[0], v.group);
  }
}

function report(io: CliIo, e: unknown): number {
  if (e instanceof UsageError) {
    io.stderr.write(`presencectl: ${e.message}\nRun \`presencectl --help\` for usage.\n`);
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
