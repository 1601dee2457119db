import type { TabGraceMessages } from '../types.js';

export const tabGrace: TabGraceMessages = {
  'tabGrace.hint': 'Wenn Sie diesen Tab schließen, sind Sie für Besucher innerhalb von {seconds} s offline; lassen Sie die Desktop-App laufen, um online zu bleiben.',
};
