import { WIDGET_MESSAGES, type WidgetMessages } from '../common/i18n/widget-messages.js';

export interface WidgetLanguage {
  /** Tag for Intl date formatting: the matched tag, or 'en' when falling back. */
  tag: string;
  messages: WidgetMessages;
}

function match(tag: string): WidgetLanguage | null {
  const m = /^([A-Za-z]{2,3})(?:[-_]|$)/.exec(tag);
  const lang = m ? (m[1] as string).toLowerCase() : '';
  return Object.prototype.hasOwnProperty.call(WIDGET_MESSAGES, lang)
    ? { tag: tag.replace(/_/g, '-'), messages: WIDGET_MESSAGES[lang as keyof typeof WIDGET_MESSAGES] }
    : null;
}

const ENGLISH: WidgetLanguage = { tag: 'en', messages: WIDGET_MESSAGES.en };

/**
 * The widget's language: `data-locale`, else the page's `<html lang>` (what the site says its
 * visitors read; an unsupported one means English, not a third language), else the first supported
 * browser language. Index loops only (see intrinsics.ts: a host page may patch Array.prototype).
 */
export function widgetLanguage(explicit: string | null | undefined, browser: ArrayLike<string> | null | undefined): WidgetLanguage {
  if (explicit) return withRegion(match(explicit) || ENGLISH, browser);
  if (browser) {
    for (let i = 0; i < browser.length; i++) {
      const hit = match(String(browser[i]));
      if (hit) return hit;
    }
  }
  return ENGLISH;
}

/**
 * A bare language ("en" from `<html lang="en">` or the fallback) borrows the region of the
 * visitor's own browser language of the same tongue, so a British visitor on an English site
 * reads "17:44", not "05:44 PM": the site picks the words, the visitor's habits pick the clock.
 */
function withRegion(lang: WidgetLanguage, browser: ArrayLike<string> | null | undefined): WidgetLanguage {
  if (!browser || lang.tag.indexOf('-') >= 0) return lang;
  for (let i = 0; i < browser.length; i++) {
    const tag = String(browser[i]).replace(/_/g, '-');
    if (tag.toLowerCase().indexOf(lang.tag.toLowerCase() + '-') === 0) return { tag, messages: lang.messages };
  }
  return lang;
}
