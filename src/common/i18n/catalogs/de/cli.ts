import type { CliMessages } from '../types.js';

export const cli: CliMessages = {
  'cli.chatBox': '{online, select, yes {online} other {offline}} ({why})',
  'cli.chatBoxOpens': '{online, select, yes {online} other {offline}} ({why}, öffnet {at})',
  'cli.intent': '{status} (gewählt {intent})',
  'cli.devices': '{count, plural, one {# Gerät} other {# Geräte}}',
  'cli.disabled': 'deaktiviert',
  'cli.hintOffline': 'Sie haben {intent} gewählt, aber Besucher sehen Sie offline: keines Ihrer Geräte ist verbunden.',
  'cli.hintGrace': 'Besucher sehen Sie nur während der Schonfrist eines gerade getrennten Geräts als {status}; danach sind Sie für sie offline.',
  'cli.hintConnect': 'Verbinden Sie ein Gerät: `presencectl watch` ausführen, die Desktop-App öffnen oder einen Dashboard-Tab offen lassen.',
  'cli.agents': 'Agenten:',
  'cli.none': '(keine)',
  'cli.website': 'Website: {line}',
  'cli.group': 'Gruppe {label}: {line}',
  'cli.widget': 'Chat für {where}: {line}',
  'cli.widgetWebsite': 'die Website',
  'cli.widgetGroup': 'Gruppe {id}',
  'cli.widgetHidden': '(Chat ausgeblendet)',
  'cli.connection': 'Verbindung: {state}',
  'cli.connectionError': 'Verbindung: {state} ({error})',
  'cli.status': 'Status: {status} (v{version}, {reason}, über {kind})',
  'cli.statusEffective': 'Status: {status}, tatsächlich {effective} (v{version}, {reason}, über {kind})',
  'cli.visitors': 'Besucher sehen: Website {line}',
  'cli.visitorsGroup': '; Gruppe {name} {online, select, yes {online} other {offline}}',
  'cli.signedIn': 'Angemeldet als {name} <{email}> ({role}) auf {server}',
  'cli.passwordPrompt': 'Passwort für {email}: ',
  'cli.signedOut': 'Abgemeldet.',
  'cli.notRevoked': 'Token hier vergessen, aber der Server hat ihn nicht widerrufen: {error}',
  'cli.quitNone': 'Server nicht erreichbar; die Schonfrist setzt Sie offline.',
  'cli.quitSent': 'Offline (gesendet über {via}).',
  'cli.signedOutByServer': 'Vom Server abgemeldet: {reason}. Führen Sie presencectl login aus.',
  'cli.replaced': 'Ein anderes presencectl mit dieser Konfiguration hat dieses Gerät übernommen.',
  'cli.notSignedIn': 'Nicht angemeldet. Ausführen: presencectl login --server URL --email EMAIL',
  'cli.notSignedInBecause': 'Nicht angemeldet ({error}). Ausführen: presencectl login --server URL --email EMAIL',
  'cli.loginRefused': 'Anmeldung abgelehnt: {error}',
  'cli.unexpected': 'unerwartete Antwort vom Server',
  'cli.usageHint': 'Hilfe: `presencectl --help`.',
  'cli.noServer': 'kein Server eingestellt: --server URL angeben oder `presencectl login --server URL --email EMAIL` ausführen',
  'cli.badServer': '--server muss wie http://host:port aussehen (erhalten: {server})',
  'cli.needEmail': 'login braucht --email EMAIL',
  'cli.emptyPassword': 'leeres Passwort',
  'cli.badStatus': 'Status muss online, away oder offline sein (erhalten: {value})',
  'cli.badSet': '--set muss online, away oder offline sein (erhalten: {value})',
  'cli.forOrUntil': '--for oder --until angeben, nicht beides',
  'cli.timedNeedsStatus': '--for und --until brauchen einen Status (presencectl status away --for 15m)',
  'cli.badFor': '--for muss eine Dauer sein, z. B. 15m, 1h, 90s oder 2d (erhalten: {value})',
  'cli.badUntil': '--until/--for {value}: {why}',
  'cli.timedUntil': '{status} bis {at}, danach zurück zum vorigen Status',
  'cli.onLeave': 'Abwesend bis {date}: nichts Automatisches setzt Sie online',
  'cli.needSiteKey': 'widget braucht einen SITEKEY',
  'cli.unknownCommand': 'unbekannter Befehl: {command}',
  'cli.tooMany': 'zu viele Argumente für {command}: {args}',
  'cli.unknownSite': 'unbekannte Website oder Gruppe ({reason})',
  'cli.cannotReach': '{url} nicht erreichbar: {error}',
  'cli.help': `Verwendung: presencectl BEFEHL [Optionen]

Befehle:
  login --server URL --email EMAIL   anmelden (Passwort verdeckt abgefragt oder erste Zeile von stdin)
  logout                             Token widerrufen und vergessen
  status [online|away|offline]       Ihren Status zeigen oder setzen
                                     --for 15m | --until 13:30: nur bis dahin (SPEC 11)
  watch [--set online|away]          verbunden bleiben wie die Desktop-App und jede Änderung ausgeben;
                                     Ctrl-C / SIGTERM setzt Sie offline und beendet
  presence                           das Team und was Besucher sehen
  widget SITEKEY [--group ID] [--watch]
                                     der öffentliche Chat-Status (ohne Anmeldung)
  report coverage --from YYYY-MM-DD --to YYYY-MM-DD [--group ID] [--csv]
                                     geöffnete, abgedeckte und nicht abgedeckte Zeit pro Tag und die Lücken (Admins)

Optionen:
  --server URL   Backend-URL (http://host:port); login speichert sie, diese Option überschreibt sie
  --json         maschinenlesbare Ausgabe (ein JSON-Objekt pro Zeile, nie übersetzt)
  -h, --help     diese Hilfe
  --             Ende der Optionen: ein SITEKEY oder eine ID mit „-“ am Anfang folgt danach
                 (presencectl widget -- -AbC123)

Sprache: $PRESENCECTL_LANG (en, cs, de, es, fr), sonst $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG.
Konfiguration: $PRESENCECTL_CONFIG, sonst $XDG_CONFIG_HOME/agent-presence/cli.json,
        sonst ~/.config/agent-presence/cli.json (Modus 0600: sie enthält den Token).

Exit-Codes:
  0  Erfolg
  1  anderer Fehler (Serverfehler, unerwartete Antwort)
  2  falsche Verwendung (unbekannter Befehl oder Option, fehlendes Argument)
  3  Anmeldung abgelehnt (falsche E-Mail oder falsches Passwort, gesperrt, deaktiviert)
  4  Server nicht erreichbar oder antwortet nicht
  5  nicht angemeldet, oder der Token ist ungültig oder widerrufen: \`presencectl login\` ausführen
  6  vom Server abgelehnt (verboten, unbekannter Website-Schlüssel oder Gruppe, ungültiger Wert)
  7  eine andere Verbindung mit dieser Geräte-ID hat übernommen (watch)
  130 abgebrochen
`,
  'cli.report.needDates': 'report coverage braucht --from YYYY-MM-DD und --to YYYY-MM-DD',
  'cli.report.unknown': 'unbekannter Bericht „{name}“; vorhanden ist: report coverage',
  'cli.report.oneFormat': 'bitte nur eines von --json und --csv wählen',
  'cli.report.title': 'Abdeckung ({where}) vom {from} bis {to} (Tage in {zone})',
  'cli.report.columns': 'Datum|geöffnet|abgedeckt|Lücke|Abdeckung',
  'cli.report.gap': 'Lücke {from} – {to}',
  'cli.report.total': 'gesamt',
};
