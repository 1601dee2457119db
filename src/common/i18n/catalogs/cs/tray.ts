import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.chatBoxUnknown': 'Chat: neznámý',
  'menu.chatBoxOnline': 'Chat: online pro návštěvníky',
  'menu.chatBoxHours': 'Chat: offline (mimo otevírací dobu)',
  'menu.chatBoxHoursOpens': 'Chat: offline (mimo otevírací dobu, otevírá {at})',
  'menu.chatBoxNoAgents': 'Chat: offline pro návštěvníky (žádný operátor online)',
  'menu.tooltipSignedOut': 'Agent Presence: odhlášeno',
  'menu.tooltipConnecting': 'Agent Presence: připojování…',
  'menu.you': 'Vy: {status}',
  'menu.disconnected': ' (odpojeno)',
  'menu.reconnecting': ' (znovu se připojuje…)',
  'menu.open': 'Otevřít Agent Presence…',
  'menu.startAtLoginItem': 'Spustit po přihlášení',
  'menu.quit': 'Ukončit (přejít do offline)',
};
