// The shape every language must fill: the English catalogs' keys, each a string. A missing or an
// extra key in any language is a type error (`npm run typecheck`), and test/unit/i18n-catalogs.test.ts
// checks the same at run time plus each message's ICU syntax, placeholders and plural forms.
import type { cli } from './en/cli.js';
import type { dashboard } from './en/dashboard.js';
import type { officeHours } from './en/office-hours.js';
import type { shared } from './en/shared.js';
import type { tabGrace } from './en/tab-grace.js';
import type { tray } from './en/tray.js';
import type { integrations } from './en/integrations.js';

type Strings<T> = { readonly [K in keyof T]: string };

export type SharedMessages = Strings<typeof shared>;
export type DashboardMessages = Strings<typeof dashboard>;
export type OfficeHoursMessages = Strings<typeof officeHours>;
export type CliMessages = Strings<typeof cli>;
export type TrayMessages = Strings<typeof tray>;
export type TabGraceMessages = Strings<typeof tabGrace>;
export type IntegrationsMessages = Strings<typeof integrations>;

/** One language's parts, one per surface, so each file stays small and a translator can work surface by surface. */
export interface CatalogParts {
  shared: SharedMessages;
  dashboard: DashboardMessages;
  officeHours: OfficeHoursMessages;
  cli: CliMessages;
  tray: TrayMessages;
  tabGrace: TabGraceMessages;
  integrations: IntegrationsMessages;
}
