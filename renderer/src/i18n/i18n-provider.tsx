// The renderer's language: chosen from the browser's languages unless the person picked one, kept
// in react-intl's provider (messages from src/common/i18n), and mirrored on <html lang> so screen
// readers pronounce the page in the right language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createIntl, createIntlCache, RawIntlProvider } from 'react-intl';
import { resolveLocale, type Locale, type LocaleSetting } from '../../../src/common/i18n/locales.js';
import { intlConfig } from '../../../src/common/i18n/translate.js';
import { browserLanguages, loadLanguageSetting, saveLanguageSetting } from './language-store.js';

export interface LanguageChoice {
  setting: LocaleSetting;
  /** What "system" resolves to now, to name it in the picker. */
  systemLocale: Locale;
  locale: Locale;
  choose(setting: LocaleSetting): void;
}

/**
 * Inside the desktop app the choice is the tray setting `language` (main owns it, the tray menu
 * follows it); the page reads and writes it through the bridge instead of localStorage.
 */
export interface LanguageSync {
  load(): Promise<LocaleSetting | null>;
  save(setting: LocaleSetting): void;
  onChange(listener: (setting: LocaleSetting) => void): () => void;
}

const LanguageContext = createContext<LanguageChoice | null>(null);
const cache = createIntlCache();

export function I18nProvider({ children, sync }: { children: ReactNode; sync?: LanguageSync }) {
  const [setting, setSetting] = useState<LocaleSetting>(loadLanguageSetting);
  useEffect(() => {
    if (!sync) return;
    void sync.load().then((s) => { if (s) setSetting(s); }, () => undefined);
    return sync.onChange(setSetting);
  }, [sync]);
  const [preferred, setPreferred] = useState(browserLanguages);
  useEffect(() => {
    // The browser's language can change while the page is open (Chrome settings, OS switch).
    const on = (): void => setPreferred(browserLanguages());
    window.addEventListener('languagechange', on);
    return () => window.removeEventListener('languagechange', on);
  }, []);

  const resolved = resolveLocale(setting, preferred);
  const system = resolveLocale('system', preferred);
  const { locale, tag } = resolved;
  const intl = useMemo(() => createIntl(intlConfig({ locale, tag }), cache), [locale, tag]);
  useEffect(() => { document.documentElement.lang = tag; }, [tag]);

  const choose = useCallback((s: LocaleSetting) => {
    saveLanguageSetting(s);
    sync?.save(s);
    setSetting(s);
  }, [sync]);
  const choice = useMemo<LanguageChoice>(() => ({ setting, systemLocale: system.locale, locale, choose }),
    [setting, system.locale, locale, choose]);

  return (
    <LanguageContext.Provider value={choice}>
      <RawIntlProvider value={intl}>{children}</RawIntlProvider>
    </LanguageContext.Provider>
  );
}

export function useLanguage(): LanguageChoice {
  const c = useContext(LanguageContext);
  if (!c) throw new Error('I18nProvider is missing');
  return c;
}
