// presencectl's human output (src/cli/). `--json` output is never translated.
export const cli = {
  'cli.chatBox': '{online, select, yes {online} other {offline}} ({why})',
  'cli.chatBoxOpens': '{online, select, yes {online} other {offline}} ({why}, opens {at})',
  'cli.intent': '{status} (intent {intent})',
  'cli.devices': '{count, plural, one {# device} other {# devices}}',
  'cli.disabled': 'disabled',
  'cli.hintOffline': 'You chose {intent}, but visitors see you offline: no device of yours is connected.',
  'cli.hintGrace': 'Visitors see you {status} only for the grace window of a device that just left; after that you are offline for them.',
  'cli.hintConnect': 'Connect a device: run `presencectl watch`, open the desktop app, or keep a dashboard tab open.',
  'cli.agents': 'Agents:',
  'cli.none': '(none)',
  'cli.website': 'Website: {line}',
  'cli.group': 'Group {label}: {line}',
  'cli.widget': 'Chat box for {where}: {line}',
  'cli.widgetWebsite': 'website',
  'cli.widgetGroup': 'group {id}',
  'cli.widgetHidden': '(chat box hidden)',
  'cli.connection': 'connection: {state}',
  'cli.connectionError': 'connection: {state} ({error})',
  'cli.status': 'status: {status} (v{version}, {reason}, by {kind})',
  'cli.statusEffective': 'status: {status}, effective {effective} (v{version}, {reason}, by {kind})',
  'cli.visitors': 'visitors see: website {line}',
  'cli.visitorsGroup': '; group {name} {online, select, yes {online} other {offline}}',
  'cli.signedIn': 'Signed in as {name} <{email}> ({role}) on {server}',
  'cli.passwordPrompt': 'Password for {email}: ',
  'cli.signedOut': 'Signed out.',
  'cli.notRevoked': 'Forgot the token here, but the server did not revoke it: {error}',
  'cli.quitNone': 'Could not reach the server; the grace window will set you offline.',
  'cli.quitSent': 'Offline (sent via {via}).',
  'cli.signedOutByServer': 'Signed out by the server: {reason}. Run presencectl login.',
  'cli.replaced': 'Another presencectl with this config took over this device.',
  'cli.notSignedIn': 'Not signed in. Run: presencectl login --server URL --email EMAIL',
  'cli.notSignedInBecause': 'Not signed in ({error}). Run: presencectl login --server URL --email EMAIL',
  'cli.loginRefused': 'Sign-in refused: {error}',
  'cli.unexpected': 'unexpected answer from the server',
  'cli.usageHint': 'Run `presencectl --help` for usage.',
  'cli.noServer': 'no server configured: pass --server URL or run `presencectl login --server URL --email EMAIL`',
  'cli.badServer': '--server must look like http://host:port (got {server})',
  'cli.needEmail': 'login needs --email EMAIL',
  'cli.emptyPassword': 'empty password',
  'cli.badStatus': 'status must be online, away or offline (got {value})',
  'cli.badSet': '--set must be online, away or offline (got {value})',
  'cli.forOrUntil': 'give --for or --until, not both',
  'cli.timedNeedsStatus': '--for and --until need a status (presencectl status away --for 15m)',
  'cli.badFor': '--for must be a duration such as 15m, 1h, 90s or 2d (got {value})',
  'cli.badUntil': '--until/--for {value}: {why}',
  'cli.timedUntil': '{status} until {at}, then back to the status before',
  'cli.onLeave': 'On leave until {date}: nothing automatic puts you online',
  'cli.needSiteKey': 'widget needs a SITEKEY',
  'cli.unknownCommand': 'unknown command: {command}',
  'cli.tooMany': 'too many arguments for {command}: {args}',
  'cli.unknownSite': 'unknown site or group ({reason})',
  'cli.cannotReach': 'cannot reach {url}: {error}',
  'cli.help': `Usage: presencectl COMMAND [options]

Commands:
  login --server URL --email EMAIL   sign in (password from a hidden prompt, or the first line of stdin)
  logout                             revoke the token and forget it
  status [online|away|offline]       show or set your status
                                     --for 15m | --until 13:30: only until then (SPEC 11)
  watch [--set online|away]          stay connected like the tray app and print every change;
                                     Ctrl-C / SIGTERM sets you offline (quit path), then exits
  presence                           the team and what visitors see
  widget SITEKEY [--group ID] [--watch]
                                     the public chat box status (no sign-in needed)
  report coverage --from YYYY-MM-DD --to YYYY-MM-DD [--group ID] [--csv]
                                     open, covered and uncovered time per day, and the gaps (admins)

Options:
  --server URL   backend URL (http://host:port); saved by login, overrides the saved one
  --json         machine-readable output (one JSON object per line, never translated)
  -h, --help     this help
  --             end of options: a SITEKEY or ID that starts with "-" goes after it
                 (presencectl widget -- -AbC123)

Language: $PRESENCECTL_LANG (en, cs, de, es, fr), else $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG.
Config: $PRESENCECTL_CONFIG, else $XDG_CONFIG_HOME/agent-presence/cli.json,
        else ~/.config/agent-presence/cli.json (mode 0600: it holds the token).

Exit codes:
  0  success
  1  other error (server error, unexpected answer)
  2  usage error (unknown command or option, missing argument)
  3  sign-in refused (wrong email or password, locked, disabled)
  4  server unreachable or not answering
  5  not signed in, or the token is invalid or revoked: run \`presencectl login\`
  6  refused by the server (forbidden, unknown site key or group, bad value)
  7  another connection with this device id took over (watch)
  130 interrupted
`,
  'cli.report.needDates': 'report coverage needs --from YYYY-MM-DD and --to YYYY-MM-DD',
  'cli.report.unknown': 'unknown report "{name}"; the one there is: report coverage',
  'cli.report.oneFormat': 'choose one of --json and --csv',
  'cli.report.title': 'Coverage of the {where} from {from} to {to} (days in {zone})',
  'cli.report.columns': 'date|open|covered|uncovered|coverage',
  'cli.report.gap': 'gap {from} – {to}',
  'cli.report.total': 'total',
} as const;
