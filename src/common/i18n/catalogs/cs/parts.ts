import type { CatalogParts } from '../types.js';
import { cli } from './cli.js';
import { dashboard } from './dashboard.js';
import { officeHours } from './office-hours.js';
import { shared } from './shared.js';
import { tabGrace } from './tab-grace.js';
import { tray } from './tray.js';
import { integrations } from './integrations.js';

export const csParts: CatalogParts = { shared, dashboard, officeHours, cli, tray, tabGrace, integrations };
