import type { CliMessages } from '../types.js';

export const cli: CliMessages = {
  'cli.chatBox': '{online, select, yes {online} other {offline}} ({why})',
  'cli.chatBoxOpens': '{online, select, yes {online} other {offline}} ({why}, otevírá {at})',
  'cli.intent': '{status} (zvoleno {intent})',
  'cli.devices': '{count, plural, one {# zařízení} few {# zařízení} other {# zařízení}}',
  'cli.disabled': 'zablokován',
  'cli.hintOffline': 'Zvolili jste {intent}, ale návštěvníci vás vidí offline: žádné vaše zařízení není připojené.',
  'cli.hintGrace': 'Návštěvníci vás vidí {status} jen po dobu hájení zařízení, které se právě odpojilo; potom jste pro ně offline.',
  'cli.hintConnect': 'Připojte zařízení: spusťte `presencectl watch`, otevřete aplikaci pro počítač nebo nechte otevřenou kartu webového panelu.',
  'cli.agents': 'Operátoři:',
  'cli.none': '(žádní)',
  'cli.website': 'Web: {line}',
  'cli.group': 'Skupina {label}: {line}',
  'cli.widget': 'Chat pro {where}: {line}',
  'cli.widgetWebsite': 'web',
  'cli.widgetGroup': 'skupinu {id}',
  'cli.widgetHidden': '(chat skrytý)',
  'cli.connection': 'připojení: {state}',
  'cli.connectionError': 'připojení: {state} ({error})',
  'cli.status': 'stav: {status} (v{version}, {reason}, přes {kind})',
  'cli.statusEffective': 'stav: {status}, ve skutečnosti {effective} (v{version}, {reason}, přes {kind})',
  'cli.visitors': 'návštěvníci vidí: web {line}',
  'cli.visitorsGroup': '; skupina {name} {online, select, yes {online} other {offline}}',
  'cli.signedIn': 'Přihlášen(a) jako {name} <{email}> ({role}) na {server}',
  'cli.passwordPrompt': 'Heslo pro {email}: ',
  'cli.signedOut': 'Odhlášeno.',
  'cli.notRevoked': 'Token je tu zapomenutý, ale server ho nezneplatnil: {error}',
  'cli.quitNone': 'Server není dostupný; do offline vás přepne uplynutí doby hájení.',
  'cli.quitSent': 'Offline (odesláno přes {via}).',
  'cli.signedOutByServer': 'Server vás odhlásil: {reason}. Spusťte presencectl login.',
  'cli.replaced': 'Toto zařízení převzal jiný presencectl se stejnou konfigurací.',
  'cli.notSignedIn': 'Nejste přihlášeni. Spusťte: presencectl login --server URL --email EMAIL',
  'cli.notSignedInBecause': 'Nejste přihlášeni ({error}). Spusťte: presencectl login --server URL --email EMAIL',
  'cli.loginRefused': 'Přihlášení odmítnuto: {error}',
  'cli.unexpected': 'neočekávaná odpověď serveru',
  'cli.usageHint': 'Nápověda: `presencectl --help`.',
  'cli.noServer': 'není nastaven server: zadejte --server URL nebo spusťte `presencectl login --server URL --email EMAIL`',
  'cli.badServer': '--server musí vypadat jako http://host:port (zadáno {server})',
  'cli.needEmail': 'login potřebuje --email EMAIL',
  'cli.emptyPassword': 'prázdné heslo',
  'cli.badStatus': 'stav musí být online, away nebo offline (zadáno {value})',
  'cli.badSet': '--set musí být online, away nebo offline (zadáno {value})',
  'cli.forOrUntil': 'zadejte --for nebo --until, ne obojí',
  'cli.timedNeedsStatus': '--for a --until potřebují stav (presencectl status away --for 15m)',
  'cli.badFor': '--for musí být doba, např. 15m, 1h, 90s nebo 2d (zadáno {value})',
  'cli.badUntil': '--until/--for {value}: {why}',
  'cli.timedUntil': '{status} do {at}, pak zpět na předchozí stav',
  'cli.onLeave': 'Na dovolené do {date}: nic automatického vás nepřepne do online',
  'cli.needSiteKey': 'widget potřebuje SITEKEY',
  'cli.unknownCommand': 'neznámý příkaz: {command}',
  'cli.tooMany': 'příliš mnoho argumentů pro {command}: {args}',
  'cli.unknownSite': 'neznámý web nebo skupina ({reason})',
  'cli.cannotReach': '{url} není dostupný: {error}',
  'cli.help': `Použití: presencectl PŘÍKAZ [volby]

Příkazy:
  login --server URL --email EMAIL   přihlásit se (heslo ze skrytého dotazu nebo z prvního řádku stdin)
  logout                             zneplatnit token a zapomenout ho
  status [online|away|offline]       ukázat nebo nastavit váš stav
                                     --for 15m | --until 13:30: jen do té doby (SPEC 11)
  watch [--set online|away]          zůstat připojený jako aplikace pro počítač a vypisovat každou změnu;
                                     Ctrl-C / SIGTERM vás přepne do offline a ukončí se
  presence                           tým a co vidí návštěvníci
  widget SITEKEY [--group ID] [--watch]
                                     veřejný stav chatu (bez přihlášení)
  report coverage --from YYYY-MM-DD --to YYYY-MM-DD [--group ID] [--csv]
                                     otevřená, pokrytá a nepokrytá doba po dnech a mezery (správci)

Volby:
  --server URL   adresa backendu (http://host:port); uloží ji login, tato ji přepíše
  --json         strojově čitelný výstup (jeden JSON objekt na řádek, nikdy nepřekládaný)
  -h, --help     tato nápověda
  --             konec voleb: SITEKEY nebo ID začínající „-“ patří za něj
                 (presencectl widget -- -AbC123)

Jazyk: $PRESENCECTL_LANG (en, cs, de, es, fr), jinak $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG.
Konfigurace: $PRESENCECTL_CONFIG, jinak $XDG_CONFIG_HOME/agent-presence/cli.json,
        jinak ~/.config/agent-presence/cli.json (práva 0600: obsahuje token).

Návratové kódy:
  0  úspěch
  1  jiná chyba (chyba serveru, neočekávaná odpověď)
  2  chybné použití (neznámý příkaz nebo volba, chybějící argument)
  3  přihlášení odmítnuto (špatný e-mail nebo heslo, zamčeno, zablokováno)
  4  server nedostupný nebo neodpovídá
  5  nepřihlášen, nebo je token neplatný či zneplatněný: spusťte \`presencectl login\`
  6  odmítnuto serverem (zakázáno, neznámý klíč webu nebo skupina, chybná hodnota)
  7  spojení převzalo jiné připojení se stejným ID zařízení (watch)
  130 přerušeno
`,
  'cli.report.needDates': 'report coverage potřebuje --from YYYY-MM-DD a --to YYYY-MM-DD',
  'cli.report.unknown': 'neznámý přehled „{name}“; k dispozici je: report coverage',
  'cli.report.oneFormat': 'zvolte jen jedno z --json a --csv',
  'cli.report.title': 'Pokrytí ({where}) od {from} do {to} (dny v zóně {zone})',
  'cli.report.columns': 'datum|otevřeno|pokryto|nepokryto|pokrytí',
  'cli.report.gap': 'mezera {from} – {to}',
  'cli.report.total': 'celkem',
};
