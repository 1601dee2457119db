// The language override: "Browser language (Deutsch)" or one language, each named in itself.
import { LANGUAGE_NAMES, LOCALES, isLocaleSetting } from '../../../src/common/i18n/locales.js';
import { useLanguage } from './i18n-provider.js';
import { useT } from './use-t.js';

export function LanguageSelect({ id, app = false }: { id: string; app?: boolean }) {
  const t = useT();
  const { setting, systemLocale, choose } = useLanguage();
  return (
    <span className="language-select">
      <label htmlFor={id}>{t.t('app.language')}</label>
      <select id={id} value={setting} onChange={(e) => { if (isLocaleSetting(e.target.value)) choose(e.target.value); }}>
        <option value="system">{t.t(app ? 'app.languageSystemApp' : 'app.languageSystem', { name: LANGUAGE_NAMES[systemLocale] })}</option>
        {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>)}
      </select>
    </span>
  );
}
