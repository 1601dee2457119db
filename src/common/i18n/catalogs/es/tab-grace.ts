import type { TabGraceMessages } from '../types.js';

export const tabGrace: TabGraceMessages = {
  'tabGrace.hint': 'Si cierras esta pestaña, los visitantes te verán desconectado en {seconds} s; mantén abierta la aplicación de escritorio para seguir en línea.',
};
