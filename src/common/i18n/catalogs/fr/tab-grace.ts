import type { TabGraceMessages } from '../types.js';

export const tabGrace: TabGraceMessages = {
  'tabGrace.hint': "Si vous fermez cet onglet, vous serez hors ligne pour les visiteurs d'ici {seconds} s ; gardez l'application de bureau ouverte pour rester en ligne.",
};
