import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.chatBoxUnknown': 'Chat: desconocido',
  'menu.chatBoxOnline': 'Chat: en línea para los visitantes',
  'menu.chatBoxHours': 'Chat: desconectado (fuera del horario)',
  'menu.chatBoxHoursOpens': 'Chat: desconectado (fuera del horario, abre {at})',
  'menu.chatBoxNoAgents': 'Chat: desconectado para los visitantes (ningún agente en línea)',
  'menu.tooltipSignedOut': 'Agent Presence: sesión cerrada',
  'menu.tooltipConnecting': 'Agent Presence: conectando…',
  'menu.you': 'Tú: {status}',
  'menu.disconnected': ' (sin conexión)',
  'menu.reconnecting': ' (reconectando…)',
  'menu.open': 'Abrir Agent Presence…',
  'menu.startAtLoginItem': 'Abrir al iniciar sesión',
  'menu.quit': 'Salir (desconectarme)',
};
