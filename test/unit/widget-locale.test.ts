import { describe, expect, it } from 'vitest';
import { WIDGET_MESSAGES } from '../../src/common/i18n/widget-messages.js';
import { widgetLanguage } from '../../src/widget/locale.js';

describe('SPEC 12 widget language: data-locale, else the page lang, else the browser', () => {
  it('uses the explicit tag (data-locale or <html lang>) when its language is supported', () => {
    expect(widgetLanguage('cs-CZ', ['de'])).toEqual({ tag: 'cs-CZ', messages: WIDGET_MESSAGES.cs });
    expect(widgetLanguage('FR', null).messages.online).toBe('Nous sommes en ligne');
    expect(widgetLanguage('de_AT', []).tag).toBe('de-AT');
  });

  it('falls back to English for an unsupported explicit language, not to the browser', () => {
    expect(widgetLanguage('it', ['cs'])).toEqual({ tag: 'en', messages: WIDGET_MESSAGES.en });
  });

  it('without an explicit tag, takes the first supported browser language', () => {
    expect(widgetLanguage('', ['it-IT', 'es-MX', 'de']).tag).toBe('es-MX');
    expect(widgetLanguage(null, ['ja']).messages).toBe(WIDGET_MESSAGES.en);
  });

  it('a bare page language borrows the region of the browser language of the same tongue (the clock follows the visitor)', () => {
    expect(widgetLanguage('en', ['en-GB', 'cs']).tag).toBe('en-GB');
    expect(widgetLanguage('en', ['cs-CZ', 'en-US']).tag).toBe('en-US');
    expect(widgetLanguage('de', ['en-GB']).tag).toBe('de');
    expect(widgetLanguage('de-AT', ['de-DE']).tag).toBe('de-AT');
    expect(widgetLanguage('it', ['en-AU']).tag).toBe('en-AU');
  });
});
