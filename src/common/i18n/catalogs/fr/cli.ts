import type { CliMessages } from '../types.js';

export const cli: CliMessages = {
  'cli.chatBox': '{online, select, yes {en ligne} other {hors ligne}} ({why})',
  'cli.chatBoxOpens': '{online, select, yes {en ligne} other {hors ligne}} ({why}, ouvre {at})',
  'cli.intent': '{status} (choisi : {intent})',
  'cli.devices': '{count, plural, one {# appareil} other {# appareils}}',
  'cli.disabled': 'désactivé',
  'cli.hintOffline': "Vous avez choisi {intent}, mais les visiteurs vous voient hors ligne : aucun de vos appareils n'est connecté.",
  'cli.hintGrace': "Les visiteurs vous voient {status} seulement pendant le délai de grâce d'un appareil qui vient de partir ; ensuite vous serez hors ligne pour eux.",
  'cli.hintConnect': "Connectez un appareil : lancez `presencectl watch`, ouvrez l'application de bureau ou gardez un onglet du tableau de bord ouvert.",
  'cli.agents': 'Agents :',
  'cli.none': '(aucun)',
  'cli.website': 'Site web : {line}',
  'cli.group': 'Groupe {label} : {line}',
  'cli.widget': 'Chat pour {where} : {line}',
  'cli.widgetWebsite': 'le site web',
  'cli.widgetGroup': 'le groupe {id}',
  'cli.widgetHidden': '(chat masqué)',
  'cli.connection': 'connexion : {state}',
  'cli.connectionError': 'connexion : {state} ({error})',
  'cli.status': 'statut : {status} (v{version}, {reason}, par {kind})',
  'cli.statusEffective': 'statut : {status}, en réalité {effective} (v{version}, {reason}, par {kind})',
  'cli.visitors': 'les visiteurs voient : site web {line}',
  'cli.visitorsGroup': ' ; groupe {name} {online, select, yes {en ligne} other {hors ligne}}',
  'cli.signedIn': 'Connecté en tant que {name} <{email}> ({role}) sur {server}',
  'cli.passwordPrompt': 'Mot de passe pour {email} : ',
  'cli.signedOut': 'Déconnecté.',
  'cli.notRevoked': "Jeton oublié ici, mais le serveur ne l'a pas révoqué : {error}",
  'cli.quitNone': 'Serveur injoignable ; le délai de grâce vous mettra hors ligne.',
  'cli.quitSent': 'Hors ligne (envoyé par {via}).',
  'cli.signedOutByServer': 'Déconnecté par le serveur : {reason}. Lancez presencectl login.',
  'cli.replaced': 'Un autre presencectl avec cette configuration a pris cet appareil.',
  'cli.notSignedIn': 'Non connecté. Lancez : presencectl login --server URL --email EMAIL',
  'cli.notSignedInBecause': 'Non connecté ({error}). Lancez : presencectl login --server URL --email EMAIL',
  'cli.loginRefused': 'Connexion refusée : {error}',
  'cli.unexpected': 'réponse inattendue du serveur',
  'cli.usageHint': 'Aide : `presencectl --help`.',
  'cli.noServer': 'aucun serveur configuré : passez --server URL ou lancez `presencectl login --server URL --email EMAIL`',
  'cli.badServer': '--server doit ressembler à http://hôte:port (reçu : {server})',
  'cli.needEmail': 'login a besoin de --email EMAIL',
  'cli.emptyPassword': 'mot de passe vide',
  'cli.badStatus': 'le statut doit être online, away ou offline (reçu : {value})',
  'cli.badSet': '--set doit être online, away ou offline (reçu : {value})',
  'cli.forOrUntil': 'indiquez --for ou --until, pas les deux',
  'cli.timedNeedsStatus': '--for et --until demandent un statut (presencectl status away --for 15m)',
  'cli.badFor': '--for doit être une durée comme 15m, 1h, 90s ou 2d (reçu : {value})',
  'cli.badUntil': '--until/--for {value} : {why}',
  'cli.timedUntil': '{status} jusqu’à {at}, puis retour au statut précédent',
  'cli.onLeave': 'En congé jusqu’au {date} : rien d’automatique ne vous met en ligne',
  'cli.needSiteKey': 'widget a besoin d’un SITEKEY',
  'cli.unknownCommand': 'commande inconnue : {command}',
  'cli.tooMany': 'trop d’arguments pour {command} : {args}',
  'cli.unknownSite': 'site ou groupe inconnu ({reason})',
  'cli.cannotReach': 'impossible de joindre {url} : {error}',
  'cli.help': `Utilisation : presencectl COMMANDE [options]

Commandes :
  login --server URL --email EMAIL   se connecter (mot de passe demandé sans écho, ou première ligne de stdin)
  logout                             révoquer le jeton et l’oublier
  status [online|away|offline]       afficher ou changer votre statut
                                     --for 15m | --until 13:30 : seulement jusque-là (SPEC 11)
  watch [--set online|away]          rester connecté comme l’application de bureau et afficher chaque changement ;
                                     Ctrl-C / SIGTERM vous met hors ligne puis quitte
  presence                           l’équipe et ce que voient les visiteurs
  widget SITEKEY [--group ID] [--watch]
                                     le statut public du chat (sans connexion)
  report coverage --from YYYY-MM-DD --to YYYY-MM-DD [--group ID] [--csv]
                                     temps ouvert, couvert et non couvert par jour, et les trous (admins)

Options :
  --server URL   URL du backend (http://hôte:port) ; login l’enregistre, cette option la remplace
  --json         sortie pour les machines (un objet JSON par ligne, jamais traduite)
  -h, --help     cette aide
  --             fin des options : un SITEKEY ou un ID commençant par « - » vient après
                 (presencectl widget -- -AbC123)

Langue : $PRESENCECTL_LANG (en, cs, de, es, fr), sinon $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG.
Configuration : $PRESENCECTL_CONFIG, sinon $XDG_CONFIG_HOME/agent-presence/cli.json,
        sinon ~/.config/agent-presence/cli.json (mode 0600 : il contient le jeton).

Codes de sortie :
  0  succès
  1  autre erreur (erreur du serveur, réponse inattendue)
  2  mauvaise utilisation (commande ou option inconnue, argument manquant)
  3  connexion refusée (e-mail ou mot de passe incorrect, verrouillé, désactivé)
  4  serveur injoignable ou sans réponse
  5  non connecté, ou le jeton est invalide ou révoqué : lancez \`presencectl login\`
  6  refusé par le serveur (interdit, clé de site ou groupe inconnus, valeur incorrecte)
  7  une autre connexion avec cet identifiant d’appareil a pris le relais (watch)
  130 interrompu
`,
  'cli.report.needDates': 'report coverage demande --from YYYY-MM-DD et --to YYYY-MM-DD',
  'cli.report.unknown': 'rapport inconnu « {name} » ; celui qui existe : report coverage',
  'cli.report.oneFormat': 'choisissez un seul de --json et --csv',
  'cli.report.title': 'Couverture ({where}) du {from} au {to} (jours en {zone})',
  'cli.report.columns': 'date|ouvert|couvert|non couvert|couverture',
  'cli.report.gap': 'trou {from} – {to}',
  'cli.report.total': 'total',
};
