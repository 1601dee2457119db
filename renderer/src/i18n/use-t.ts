// Screens translate with `const t = useT()`: `t.t('key', values)` for text, `t.rich('key', {tag:
// (chunks) => <b>{chunks}</b>})` for a sentence with elements in it, `t.dateTime(iso, options)`
// and `t.list(names)` through Intl. Keys are checked against the English catalog at compile time.
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import type { MessageKey } from '../../../src/common/i18n/catalog.js';
import { translatorFor, type IntlLike, type Translator } from '../../../src/common/i18n/translate.js';
import { useLanguage } from './i18n-provider.js';

export type RichValues = Record<string, ReactNode | ((chunks: ReactNode[]) => ReactNode)>;

export interface RendererTranslator extends Translator {
  rich(key: MessageKey, values: RichValues): ReactNode;
}

export function useT(): RendererTranslator {
  const intl = useIntl();
  const { locale } = useLanguage();
  return useMemo(() => ({
    ...translatorFor(intl as unknown as IntlLike, locale),
    rich: (key: MessageKey, values: RichValues) => intl.formatMessage({ id: key }, values as never) as ReactNode,
  }), [intl, locale]);
}
