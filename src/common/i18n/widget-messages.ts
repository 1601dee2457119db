// The widget's default texts in every language. The widget bundles only this table (not the
// dashboard catalogs), which keeps widget.js inside its 6 KiB gzipped budget; a page's
// `data-online-text` etc. and the account's offline message still win over these.
import type { Locale } from './locales.js';

export interface WidgetMessages {
  online: string;
  offline: string;
  /** Precedes the formatted opening time: "Opens Mon 09:00". */
  opens: string;
}

export const WIDGET_MESSAGES: Record<Locale, WidgetMessages> = {
  en: { online: "We're online", offline: "We're offline", opens: 'Opens' },
  cs: { online: 'Jsme online', offline: 'Jsme offline', opens: 'Otevíráme' },
  de: { online: 'Wir sind online', offline: 'Wir sind offline', opens: 'Öffnet' },
  es: { online: 'Estamos en línea', offline: 'Estamos desconectados', opens: 'Abrimos' },
  fr: { online: 'Nous sommes en ligne', offline: 'Nous sommes hors ligne', opens: 'Ouverture' },
};
