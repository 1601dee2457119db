// Issue 21 / SPEC 12: every language has every message, in valid ICU syntax, with the English
// message's placeholders and tags, and a plural form for every category its numbers need. The
// type of each catalog already refuses a missing key at compile time; this checks the same at run
// time and what types cannot see.
import {
  isPluralElement, isSelectElement, isTagElement, parse, TYPE, type MessageFormatElement,
} from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { CATALOG_PARTS, CATALOGS } from '../../src/common/i18n/catalog.js';
import { LOCALES, type Locale } from '../../src/common/i18n/locales.js';
import { createTranslator } from '../../src/common/i18n/translate.js';
import { WIDGET_MESSAGES } from '../../src/common/i18n/widget-messages.js';

interface Shape { args: Set<string>; tags: Set<string>; plurals: Set<string>[] }

function shapeOf(elements: MessageFormatElement[], shape: Shape = { args: new Set(), tags: new Set(), plurals: [] }): Shape {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (isTagElement(el)) { shape.tags.add(el.value); shapeOf(el.children, shape); continue; }
    shape.args.add(el.value);
    if (isPluralElement(el)) shape.plurals.push(new Set(Object.keys(el.options)));
    if (isPluralElement(el) || isSelectElement(el)) for (const o of Object.values(el.options)) shapeOf(o.value, shape);
  }
  return shape;
}

/** The words (two letters or more) of a message's own text, placeholders left out. */
function wordsOf(elements: MessageFormatElement[]): string[] {
  const out: string[] = [];
  for (const el of elements) {
    if (el.type === TYPE.literal) out.push(...(el.value.match(/\p{L}{2,}/gu) ?? []));
    else if (isTagElement(el)) out.push(...wordsOf(el.children));
    else if (isPluralElement(el) || isSelectElement(el)) for (const o of Object.values(el.options)) out.push(...wordsOf(o.value));
  }
  return out;
}

/** The plural categories whole numbers reach in a language (cs: one, few, other; fr: one, many at 1e6, other). */
function integerCategories(locale: Locale): Set<string> {
  const rules = new Intl.PluralRules(locale);
  const out = new Set<string>();
  for (let n = 0; n <= 1000; n++) out.add(rules.select(n));
  return out;
}

const english = CATALOGS.en;
const keys = Object.keys(english).sort();

describe('SPEC 12 languages: catalogs are complete in every language', () => {
  it('offers en, cs, de, es and fr', () => {
    expect([...LOCALES]).toEqual(['en', 'cs', 'de', 'es', 'fr']);
  });

  it.each(LOCALES)('%s has exactly the English keys, none empty, none defined twice across surfaces', (locale) => {
    expect(Object.keys(CATALOGS[locale]).sort()).toEqual(keys);
    for (const [key, text] of Object.entries(CATALOGS[locale])) expect(text.trim(), `${locale} ${key}`).not.toBe('');
    const parts = Object.values(CATALOG_PARTS[locale]).flatMap((p) => Object.keys(p));
    expect(parts.length, 'a key in two surface files would silently override the other').toBe(new Set(parts).size);
  });

  it.each(LOCALES)('%s: every message parses, keeps the English placeholders and tags, and covers its plural forms', (locale) => {
    const needed = integerCategories(locale);
    for (const key of keys) {
      const text = CATALOGS[locale][key as keyof typeof english];
      let shape: Shape;
      try {
        shape = shapeOf(parse(text));
      } catch (e) {
        throw new Error(`${locale} ${key}: ${(e as Error).message} in ${JSON.stringify(text)}`);
      }
      const en = shapeOf(parse(english[key as keyof typeof english]));
      expect([...shape.args].sort(), `${locale} ${key} placeholders`).toEqual([...en.args].sort());
      expect([...shape.tags].sort(), `${locale} ${key} tags`).toEqual([...en.tags].sort());
      for (const forms of shape.plurals) {
        expect(forms.has('other'), `${locale} ${key} needs an "other" form`).toBe(true);
        for (const c of needed) if (c !== 'many') expect(forms.has(c), `${locale} ${key} lacks the "${c}" form`).toBe(true);
      }
    }
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s is translated: no sentence is left in English', (locale) => {
    // Short words may be the same (Online, Agent, Admin); a sentence of three words or more may not.
    const same = keys.filter((k) => {
      const en = english[k as keyof typeof english];
      return CATALOGS[locale][k as keyof typeof english] === en && wordsOf(parse(en)).length >= 3;
    });
    expect(same).toEqual([]);
  });

  it('formats plurals per language (Czech has a few-form)', () => {
    const cs = createTranslator('cs');
    expect(cs.t('team.devices', { count: 1 })).toBe('1 připojené zařízení');
    expect(cs.t('team.devices', { count: 3 })).toBe('3 připojená zařízení');
    expect(cs.t('team.devices', { count: 5 })).toBe('5 připojených zařízení');
    expect(createTranslator('de').t('team.devices', { count: 2 })).toBe('2 Geräte verbunden');
  });

  it('the widget table has every language and the same three texts in each', () => {
    expect(Object.keys(WIDGET_MESSAGES).sort()).toEqual([...LOCALES].sort());
    for (const l of LOCALES) {
      expect(Object.keys(WIDGET_MESSAGES[l]).sort(), l).toEqual(Object.keys(WIDGET_MESSAGES.en).sort());
      for (const v of Object.values(WIDGET_MESSAGES[l])) expect(v.trim(), l).not.toBe('');
    }
  });
});
