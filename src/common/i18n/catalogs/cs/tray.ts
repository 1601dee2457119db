import type { TrayMessages } from '../types.js';

export const tray: TrayMessages = {
  'menu.signedOut': 'odhlášeno',
  'menu.connecting': 'připojování…',
  'menu.disconnected': 'odpojeno',
  'menu.reconnecting': 'znovu se připojuje…',
  'menu.you': 'Vy: {status}',
  'menu.chatBoxUnknown': 'Chat: neznámý',
  'menu.chatBoxOnline': 'Chat: online pro návštěvníky',
  'menu.chatBoxClosed': 'Chat: offline (mimo otevírací dobu)',
  'menu.chatBoxClosedUntil': 'Chat: offline (mimo otevírací dobu, otevírá {when})',
  'menu.chatBoxNobody': 'Chat: offline pro návštěvníky (žádný operátor online)',
  'menu.open': 'Otevřít Agent Presence…',
  'menu.startAtLogin': 'Spustit po přihlášení',
  'menu.quit': 'Ukončit (přejít do offline)',
  'menu.updateReady': 'Aktualizace {version} se nainstaluje po ukončení',
  'menu.changedBy': '{who} nastavil(a) váš stav na {status}.',
  'menu.byAdmin': 'Administrátor',
  'menu.byServer': 'Server',
  'menu.byDevice': 'Vaše zařízení ({kind})',
};
