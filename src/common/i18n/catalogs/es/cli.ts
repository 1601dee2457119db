import type { CliMessages } from '../types.js';

export const cli: CliMessages = {
  'cli.chatBox': '{online, select, yes {en línea} other {desconectado}} ({why})',
  'cli.chatBoxOpens': '{online, select, yes {en línea} other {desconectado}} ({why}, abre {at})',
  'cli.intent': '{status} (elegido {intent})',
  'cli.devices': '{count, plural, one {# dispositivo} other {# dispositivos}}',
  'cli.disabled': 'desactivado',
  'cli.hintOffline': 'Elegiste {intent}, pero los visitantes te ven desconectado: no tienes ningún dispositivo conectado.',
  'cli.hintGrace': 'Los visitantes te ven {status} solo durante el periodo de gracia de un dispositivo que acaba de irse; después estarás desconectado para ellos.',
  'cli.hintConnect': 'Conecta un dispositivo: ejecuta `presencectl watch`, abre la aplicación de escritorio o deja abierta una pestaña del panel.',
  'cli.agents': 'Agentes:',
  'cli.none': '(ninguno)',
  'cli.website': 'Sitio web: {line}',
  'cli.group': 'Grupo {label}: {line}',
  'cli.widget': 'Chat de {where}: {line}',
  'cli.widgetWebsite': 'el sitio web',
  'cli.widgetGroup': 'el grupo {id}',
  'cli.widgetHidden': '(chat oculto)',
  'cli.connection': 'conexión: {state}',
  'cli.connectionError': 'conexión: {state} ({error})',
  'cli.status': 'estado: {status} (v{version}, {reason}, desde {kind})',
  'cli.statusEffective': 'estado: {status}, en realidad {effective} (v{version}, {reason}, desde {kind})',
  'cli.visitors': 'los visitantes ven: sitio web {line}',
  'cli.visitorsGroup': '; grupo {name} {online, select, yes {en línea} other {desconectado}}',
  'cli.signedIn': 'Sesión iniciada como {name} <{email}> ({role}) en {server}',
  'cli.passwordPrompt': 'Contraseña de {email}: ',
  'cli.signedOut': 'Sesión cerrada.',
  'cli.notRevoked': 'Token olvidado aquí, pero el servidor no lo revocó: {error}',
  'cli.quitNone': 'No se puede conectar con el servidor; el periodo de gracia te desconectará.',
  'cli.quitSent': 'Desconectado (enviado por {via}).',
  'cli.signedOutByServer': 'El servidor cerró tu sesión: {reason}. Ejecuta presencectl login.',
  'cli.replaced': 'Otro presencectl con esta configuración tomó este dispositivo.',
  'cli.notSignedIn': 'No has iniciado sesión. Ejecuta: presencectl login --server URL --email EMAIL',
  'cli.notSignedInBecause': 'No has iniciado sesión ({error}). Ejecuta: presencectl login --server URL --email EMAIL',
  'cli.loginRefused': 'Inicio de sesión rechazado: {error}',
  'cli.unexpected': 'respuesta inesperada del servidor',
  'cli.usageHint': 'Ayuda: `presencectl --help`.',
  'cli.noServer': 'no hay servidor configurado: usa --server URL o ejecuta `presencectl login --server URL --email EMAIL`',
  'cli.badServer': '--server debe tener la forma http://host:puerto (recibido {server})',
  'cli.needEmail': 'login necesita --email EMAIL',
  'cli.emptyPassword': 'contraseña vacía',
  'cli.badStatus': 'el estado debe ser online, away u offline (recibido {value})',
  'cli.badSet': '--set debe ser online, away u offline (recibido {value})',
  'cli.forOrUntil': 'indica --for o --until, no ambos',
  'cli.timedNeedsStatus': '--for y --until necesitan un estado (presencectl status away --for 15m)',
  'cli.badFor': '--for debe ser una duración como 15m, 1h, 90s o 2d (recibido {value})',
  'cli.badUntil': '--until/--for {value}: {why}',
  'cli.timedUntil': '{status} hasta {at}, luego vuelve al estado anterior',
  'cli.onLeave': 'De permiso hasta {date}: nada automático te pone en línea',
  'cli.needSiteKey': 'widget necesita un SITEKEY',
  'cli.unknownCommand': 'orden desconocida: {command}',
  'cli.tooMany': 'demasiados argumentos para {command}: {args}',
  'cli.unknownSite': 'sitio o grupo desconocido ({reason})',
  'cli.cannotReach': 'no se puede conectar con {url}: {error}',
  'cli.help': `Uso: presencectl ORDEN [opciones]

Órdenes:
  login --server URL --email EMAIL   iniciar sesión (contraseña pedida sin eco, o la primera línea de stdin)
  logout                             revocar el token y olvidarlo
  status [online|away|offline]       ver o poner tu estado
                                     --for 15m | --until 13:30: solo hasta entonces (SPEC 11)
  watch [--set online|away]          seguir conectado como la aplicación de escritorio y mostrar cada cambio;
                                     Ctrl-C / SIGTERM te desconecta y termina
  presence                           el equipo y lo que ven los visitantes
  widget SITEKEY [--group ID] [--watch]
                                     el estado público del chat (sin iniciar sesión)
  report coverage --from YYYY-MM-DD --to YYYY-MM-DD [--group ID] [--csv]
                                     tiempo abierto, cubierto y sin cubrir por día, y los huecos (administradores)

Opciones:
  --server URL   URL del backend (http://host:puerto); login la guarda, esta opción la sustituye
  --json         salida para máquinas (un objeto JSON por línea, nunca traducida)
  -h, --help     esta ayuda
  --             fin de las opciones: un SITEKEY o ID que empieza por «-» va después
                 (presencectl widget -- -AbC123)

Idioma: $PRESENCECTL_LANG (en, cs, de, es, fr), si no $LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG.
Configuración: $PRESENCECTL_CONFIG, si no $XDG_CONFIG_HOME/agent-presence/cli.json,
        si no ~/.config/agent-presence/cli.json (modo 0600: guarda el token).

Códigos de salida:
  0  éxito
  1  otro error (error del servidor, respuesta inesperada)
  2  uso incorrecto (orden u opción desconocida, falta un argumento)
  3  inicio de sesión rechazado (correo o contraseña incorrectos, bloqueado, desactivado)
  4  servidor inaccesible o sin respuesta
  5  sin sesión, o el token no es válido o fue revocado: ejecuta \`presencectl login\`
  6  rechazado por el servidor (prohibido, clave de sitio o grupo desconocidos, valor incorrecto)
  7  otra conexión con este id de dispositivo tomó el relevo (watch)
  130 interrumpido
`,
  'cli.report.needDates': 'report coverage necesita --from YYYY-MM-DD y --to YYYY-MM-DD',
  'cli.report.unknown': 'informe desconocido «{name}»; el disponible es: report coverage',
  'cli.report.oneFormat': 'elija solo uno entre --json y --csv',
  'cli.report.title': 'Cobertura ({where}) del {from} al {to} (días en {zone})',
  'cli.report.columns': 'fecha|abierto|cubierto|sin cubrir|cobertura',
  'cli.report.gap': 'hueco {from} – {to}',
  'cli.report.total': 'total',
};
