// The one way every surface turns a message key into text: ICU MessageFormat through formatjs
// (`@formatjs/intl`: plurals, selects, and dates, times and lists formatted by `Intl`). Pure: the
// renderer wraps react-intl's IntlShape the same way (renderer/src/i18n/), the CLI and the tray
// call createTranslator().
import { createIntl, createIntlCache, type IntlShape } from '@formatjs/intl';
import { CATALOGS, type MessageKey } from './catalog.js';
import { resolveLocale, type Locale, type LocaleSetting, type ResolvedLocale } from './locales.js';

export type MessageValue = string | number | boolean | Date | null | undefined;
export type MessageValues = Record<string, MessageValue>;

/** What `t` needs from an intl object: both @formatjs/intl's and react-intl's IntlShape fit. */
export interface IntlLike {
  readonly locale: string;
  formatMessage(descriptor: { id: string }, values?: Record<string, unknown>): unknown;
  formatDate(value: Date | number | string, opts?: Intl.DateTimeFormatOptions): string;
  formatTime(value: Date | number | string, opts?: Intl.DateTimeFormatOptions): string;
  formatList(values: readonly string[], opts?: { type?: 'conjunction' | 'disjunction' | 'unit'; style?: 'long' | 'short' | 'narrow' }): string;
}

export interface Translator {
  /** The catalog in use. */
  readonly locale: Locale;
  /** The BCP 47 tag dates and numbers are formatted with (e.g. "en-GB", "de-AT"). */
  readonly tag: string;
  t(key: MessageKey, values?: MessageValues): string;
  /** Date and/or time by Intl options, in `timeZone` when given (else the runtime's zone). */
  dateTime(at: Date | number | string, opts?: Intl.DateTimeFormatOptions): string;
  /** "Ann, Bob and Cy" in the language's own way. */
  list(items: readonly string[]): string;
}

/** Wraps an intl object so keys are checked against the English catalog at compile time. */
export function translatorFor(intl: IntlLike, locale: Locale): Translator {
  return {
    locale,
    tag: intl.locale,
    t: (key, values) => String(intl.formatMessage({ id: key }, values)),
    dateTime: (at, opts) => {
      const d = at instanceof Date ? at : new Date(at);
      return Number.isNaN(d.getTime()) ? String(at) : intl.formatDate(d, opts);
    },
    list: (items) => intl.formatList(items, { type: 'conjunction' }),
  };
}

const cache = createIntlCache();
const translators = new Map<string, Translator>();

/** The intl config every surface shares: messages of `locale`, formats of `tag`. */
export function intlConfig(r: ResolvedLocale): { locale: string; defaultLocale: string; messages: Record<string, string> } {
  return { locale: r.tag, defaultLocale: 'en', messages: CATALOGS[r.locale] };
}

/** A (cached) translator for a setting and the platform's preferred languages. */
export function createTranslator(setting: LocaleSetting | null | undefined = 'system', preferred: readonly (string | null | undefined)[] = []): Translator {
  const r = resolveLocale(setting, preferred);
  const key = `${r.locale}|${r.tag}`;
  let tr = translators.get(key);
  if (!tr) {
    const intl: IntlShape = createIntl(intlConfig(r), cache);
    tr = translatorFor(intl as unknown as IntlLike, r.locale);
    translators.set(key, tr);
  }
  return tr;
}
