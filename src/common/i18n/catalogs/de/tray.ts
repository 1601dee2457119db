import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.signedOut': 'abgemeldet',
  'menu.connecting': 'verbinde…',
  'menu.disconnected': 'getrennt',
  'menu.reconnecting': 'verbinde erneut…',
  'menu.you': 'Sie: {status}',
  'menu.chatBoxUnknown': 'Chat: unbekannt',
  'menu.chatBoxOnline': 'Chat: online für Besucher',
  'menu.chatBoxClosed': 'Chat: offline (außerhalb der Öffnungszeiten)',
  'menu.chatBoxClosedUntil': 'Chat: offline (außerhalb der Öffnungszeiten, öffnet {when})',
  'menu.chatBoxNobody': 'Chat: offline für Besucher (kein Agent online)',
  'menu.open': 'Agent Presence öffnen…',
  'menu.startAtLogin': 'Bei Anmeldung starten',
  'menu.quit': 'Beenden (offline gehen)',
  'menu.updateReady': 'Update {version} wird beim Beenden installiert',
  'menu.changedBy': 'Ihr Status wurde von {who} auf {status} gesetzt.',
  'menu.byAdmin': 'einem Admin',
  'menu.byServer': 'dem Server',
  'menu.byDevice': 'Ihrem Gerät ({kind})',
};
