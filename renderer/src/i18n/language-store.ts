// Where the dashboard keeps the language a person picked ("system" = follow the browser). Per
// browser profile, like the sign-in token; the desktop app's window reads the tray setting instead
// once the app passes it (see docs/i18n.md).
import { isLocaleSetting, type LocaleSetting } from '../../../src/common/i18n/locales.js';

const KEY = 'agent-presence.language';

export function loadLanguageSetting(): LocaleSetting {
  try {
    const v = localStorage.getItem(KEY);
    return isLocaleSetting(v) ? v : 'system';
  } catch {
    return 'system';
  }
}

export function saveLanguageSetting(setting: LocaleSetting): void {
  try {
    if (setting === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, setting);
  } catch {
    /* storage blocked: the choice lasts for this page only */
  }
}

/** The browser's languages, most preferred first. */
export function browserLanguages(): readonly string[] {
  return navigator.languages?.length ? navigator.languages : [navigator.language];
}
