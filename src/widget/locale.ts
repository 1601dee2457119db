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
  if (explicit) return match(explicit) || ENGLISH;
  if (browser) {
    for (let i = 0; i < browser.length; i++) {
      const hit = match(String(browser[i]));
      if (hit) return hit;
    }
  }
  return ENGLISH;
}
