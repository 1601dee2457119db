import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.signedOut': 'session fermée',
  'menu.connecting': 'connexion…',
  'menu.disconnected': 'déconnecté',
  'menu.reconnecting': 'reconnexion…',
  'menu.you': 'Vous : {status}',
  'menu.chatBoxUnknown': 'Chat : inconnu',
  'menu.chatBoxOnline': 'Chat : en ligne pour les visiteurs',
  'menu.chatBoxClosed': 'Chat : hors ligne (en dehors des horaires)',
  'menu.chatBoxClosedUntil': 'Chat : hors ligne (en dehors des horaires, ouvre {when})',
  'menu.chatBoxNobody': 'Chat : hors ligne pour les visiteurs (aucun agent en ligne)',
  'menu.open': 'Ouvrir Agent Presence…',
  'menu.startAtLogin': 'Lancer à l’ouverture de session',
  'menu.quit': 'Quitter (passer hors ligne)',
  'menu.updateReady': 'La mise à jour {version} s’installe à la fermeture',
  'menu.changedBy': 'Votre statut a été mis sur {status} par {who}.',
  'menu.byAdmin': 'un administrateur',
  'menu.byServer': 'le serveur',
  'menu.byDevice': 'votre appareil ({kind})',
};
