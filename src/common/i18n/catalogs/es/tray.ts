import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.signedOut': 'sesión cerrada',
  'menu.connecting': 'conectando…',
  'menu.disconnected': 'sin conexión',
  'menu.reconnecting': 'reconectando…',
  'menu.you': 'Tú: {status}',
  'menu.chatBoxUnknown': 'Chat: desconocido',
  'menu.chatBoxOnline': 'Chat: en línea para los visitantes',
  'menu.chatBoxClosed': 'Chat: desconectado (fuera del horario)',
  'menu.chatBoxClosedUntil': 'Chat: desconectado (fuera del horario, abre {when})',
  'menu.chatBoxNobody': 'Chat: desconectado para los visitantes (ningún agente en línea)',
  'menu.open': 'Abrir Agent Presence…',
  'menu.startAtLogin': 'Abrir al iniciar sesión',
  'menu.quit': 'Salir (desconectarme)',
  'menu.updateReady': 'La actualización {version} se instala al salir',
  'menu.changedBy': '{who} cambió tu estado a {status}.',
  'menu.byAdmin': 'Un administrador',
  'menu.byServer': 'El servidor',
  'menu.byDevice': 'Tu dispositivo ({kind})',
};
