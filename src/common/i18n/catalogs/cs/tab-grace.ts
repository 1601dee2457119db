import type { TabGraceMessages } from '../types.js';

export const tabGrace: TabGraceMessages = {
  'tabGrace.hint': 'Zavřením této karty budete pro návštěvníky do {seconds} s offline; chcete-li zůstat online, nechte běžet aplikaci pro počítač.',
};
