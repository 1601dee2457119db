// The languages the product speaks, and how one is chosen from what a browser, an OS or a user
// prefers. Pure: callers pass navigator.languages, Electron's app.getPreferredSystemLanguages() or
// the POSIX locale variables in; nothing here reads them. ES2018-safe (the widget type-checks it).

export const LOCALES = ['en', 'cs', 'de', 'es', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language named in itself, for language pickers (a Czech speaker looks for "Čeština"). */
export const LANGUAGE_NAMES: Record<Locale, string> = {
  en: 'English', cs: 'Čeština', de: 'Deutsch', es: 'Español', fr: 'Français',
};

/** A user's choice in settings: follow the browser / OS, or one language. */
export type LocaleSetting = 'system' | Locale;

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).indexOf(value) >= 0;
}

export function isLocaleSetting(value: unknown): value is LocaleSetting {
  return value === 'system' || isLocale(value);
}

/** The language subtag of a BCP 47 or POSIX tag: "cs-CZ", "cs_CZ.UTF-8", "CS" → "cs". */
export function languageOf(tag: string): string {
  const m = /^([A-Za-z]{2,3})(?:[-_.@]|$)/.exec(tag.trim());
  return m ? (m[1] as string).toLowerCase() : '';
}

export interface ResolvedLocale {
  /** Which catalog to use. */
  locale: Locale;
  /**
   * The tag to format dates and numbers with: the preferred tag itself when its language is the
   * chosen one ("de-AT" keeps Austrian conventions, "en-GB" a 24-hour clock), else the locale.
   */
  tag: string;
}

/**
 * The first supported language among `preferred` (most preferred first), unless `setting` names
 * one; English when nothing matches.
 */
export function resolveLocale(setting: LocaleSetting | null | undefined, preferred: readonly (string | null | undefined)[]): ResolvedLocale {
  const tags: string[] = [];
  for (let i = 0; i < preferred.length; i++) {
    const t = preferred[i];
    if (t && languageOf(t)) tags.push(toBcp47(t));
  }
  let locale: Locale = DEFAULT_LOCALE;
  if (setting && setting !== 'system') locale = setting;
  else {
    for (let i = 0; i < tags.length; i++) {
      const lang = languageOf(tags[i] as string);
      if (isLocale(lang)) { locale = lang; break; }
    }
  }
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i] as string;
    if (languageOf(tag) === locale && isValidTag(tag)) return { locale, tag };
  }
  return { locale, tag: locale };
}

/** "cs_CZ.UTF-8" → "cs-CZ", "de_DE@euro" → "de-DE"; BCP 47 tags pass through. */
export function toBcp47(tag: string): string {
  return tag.trim().replace(/[.@].*$/, '').replace(/_/g, '-');
}

function isValidTag(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

/**
 * The languages a POSIX environment asks for, most preferred first: GNU `LANGUAGE` (a colon list),
 * then the first of `LC_ALL`, `LC_MESSAGES`, `LANG` that is set. "C" and "POSIX" mean no preference.
 */
export function localesFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  const out: string[] = [];
  const add = (v: string | undefined): void => {
    if (!v) return;
    const parts = v.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = (parts[i] as string).trim();
      if (p && p !== 'C' && p !== 'POSIX' && !/^C\./.test(p)) out.push(toBcp47(p));
    }
  };
  const main = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  // GNU gettext ignores LANGUAGE when the locale is C; so do we.
  if (main && main !== 'C' && main !== 'POSIX' && !/^C\./.test(main)) add(env.LANGUAGE);
  add(main);
  return out;
}

/** The product's name is not translated. */
export const PRODUCT_NAME = 'Agent Presence';
