import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.chatBoxUnknown': 'Chat : inconnu',
  'menu.chatBoxOnline': 'Chat : en ligne pour les visiteurs',
  'menu.chatBoxHours': 'Chat : hors ligne (en dehors des horaires)',
  'menu.chatBoxHoursOpens': 'Chat : hors ligne (en dehors des horaires, ouvre {at})',
  'menu.chatBoxNoAgents': 'Chat : hors ligne pour les visiteurs (aucun agent en ligne)',
  'menu.tooltipSignedOut': 'Agent Presence : session fermée',
  'menu.tooltipConnecting': 'Agent Presence : connexion…',
  'menu.you': 'Vous : {status}',
  'menu.disconnected': ' (déconnecté)',
  'menu.reconnecting': ' (reconnexion…)',
  'menu.open': 'Ouvrir Agent Presence…',
  'menu.startAtLoginItem': "Lancer à l'ouverture de session",
  'menu.quit': 'Quitter (passer hors ligne)',
};
