// Every language's messages (ICU MessageFormat), assembled from one file per surface and language
// under catalogs/<lang>/. The widget does not use these (its few strings are in widget-messages.ts,
// so its bundle stays inside the 6 KiB budget).
import { csParts } from './catalogs/cs/parts.js';
import { deParts } from './catalogs/de/parts.js';
import { cli } from './catalogs/en/cli.js';
import { dashboard } from './catalogs/en/dashboard.js';
import { officeHours } from './catalogs/en/office-hours.js';
import { shared } from './catalogs/en/shared.js';
import { tabGrace } from './catalogs/en/tab-grace.js';
import { tray } from './catalogs/en/tray.js';
import { integrations } from './catalogs/en/integrations.js';
import { esParts } from './catalogs/es/parts.js';
import { frParts } from './catalogs/fr/parts.js';
import type { CatalogParts } from './catalogs/types.js';
import type { Locale } from './locales.js';

const enParts: CatalogParts = { shared, dashboard, officeHours, cli, tray, tabGrace, integrations };

const merge = (p: CatalogParts) => ({ ...p.shared, ...p.dashboard, ...p.officeHours, ...p.cli, ...p.tray, ...p.tabGrace, ...p.integrations });

export type Catalog = ReturnType<typeof merge>;
export type MessageKey = keyof Catalog;

export const CATALOG_PARTS: Record<Locale, CatalogParts> = { en: enParts, cs: csParts, de: deParts, es: esParts, fr: frParts };

export const CATALOGS: Record<Locale, Catalog> = {
  en: merge(enParts), cs: merge(csParts), de: merge(deParts), es: merge(esParts), fr: merge(frParts),
};
