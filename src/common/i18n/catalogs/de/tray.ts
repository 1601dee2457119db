import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.chatBoxUnknown': 'Chat: unbekannt',
  'menu.chatBoxOnline': 'Chat: online für Besucher',
  'menu.chatBoxHours': 'Chat: offline (außerhalb der Öffnungszeiten)',
  'menu.chatBoxHoursOpens': 'Chat: offline (außerhalb der Öffnungszeiten, öffnet {at})',
  'menu.chatBoxNoAgents': 'Chat: offline für Besucher (kein Agent online)',
  'menu.tooltipSignedOut': 'Agent Presence: abgemeldet',
  'menu.tooltipConnecting': 'Agent Presence: verbinde…',
  'menu.you': 'Sie: {status}',
  'menu.disconnected': ' (getrennt)',
  'menu.reconnecting': ' (verbinde erneut…)',
  'menu.open': 'Agent Presence öffnen…',
  'menu.startAtLoginItem': 'Bei Anmeldung starten',
  'menu.quit': 'Beenden (offline gehen)',
};
