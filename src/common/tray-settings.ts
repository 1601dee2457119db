// Desktop settings (SPEC 6), shared by the Electron main process (persistence, validation) and the
// renderer (settings form). The token is deliberately not part of it: it never leaves main.
import { z } from 'zod';
import { LOCALES } from './i18n/locales.js';
import { serverUrlSchema } from './server-url.js';

export const SETTINGS_VERSION = 2;

export const traySettingsSchema = z.strictObject({
  /** null: run the presence backend in-process on an embedded database and sign in a local agent. */
  serverUrl: serverUrlSchema.nullable(),
  startAtLogin: z.boolean(),
  statusOnLaunch: z.enum(['online', 'offline', 'last']),
  /** offline: explicit offline everywhere; device: clean goodbye of this device only (intent kept). */
  quitBehaviour: z.enum(['offline', 'device']),
  /** Minutes of system idle time before auto-away; 0 turns it off. */
  idleMinutes: z.number().int().min(0).max(480),
  onLock: z.enum(['away', 'offline', 'nothing']),
  onSuspend: z.enum(['offline', 'away', 'nothing']),
  followOfficeHours: z.boolean(),
  notifications: z.boolean(),
  /** The tray's and the settings window's language; 'system' follows the OS (SPEC 12). */
  language: z.union([z.literal('system'), z.enum(LOCALES)]),
  /** Generic-provider update feed (electron-updater); null: the feed built into the app, if any. */
  updateFeedUrl: serverUrlSchema.nullable(),
});
export type TraySettings = z.infer<typeof traySettingsSchema>;

export const traySettingsPatchSchema = traySettingsSchema.partial();
export type TraySettingsPatch = z.infer<typeof traySettingsPatchSchema>;

export const DEFAULT_SETTINGS: TraySettings = {
  serverUrl: null,
  startAtLogin: false,
  statusOnLaunch: 'last',
  quitBehaviour: 'offline',
  idleMinutes: 10,
  onLock: 'away',
  onSuspend: 'offline',
  followOfficeHours: false,
  notifications: true,
  language: 'system',
  updateFeedUrl: null,
};

type Raw = Record<string, unknown>;

// Each migration turns version n into n + 1. Older files are upgraded in place on load, so the
// store never sees a document that does not match the current schema.
const migrations: Record<number, (raw: Raw) => Raw> = {
  // v1 had `server` instead of `serverUrl`, `idleSeconds` instead of minutes, and a boolean `awayOnLock`.
  1: (raw) => {
    const { server, idleSeconds, awayOnLock, ...rest } = raw;
    return {
      ...rest,
      serverUrl: typeof server === 'string' && server !== '' ? server : null,
      idleMinutes: typeof idleSeconds === 'number' ? Math.round(idleSeconds / 60) : DEFAULT_SETTINGS.idleMinutes,
      onLock: awayOnLock === false ? 'nothing' : 'away',
    };
  },
};

export interface MigrationResult { settings: TraySettings; migratedFrom: number | null; problems: string[] }

/**
 * Upgrades and validates a stored settings document. Fields that fail validation fall back to their
 * defaults one by one (and are reported), so one bad value never throws away the whole file.
 */
export function migrateSettings(version: number | undefined, raw: unknown): MigrationResult {
  let doc: Raw = raw !== null && typeof raw === 'object' ? { ...(raw as Raw) } : {};
  const from = version ?? 1;
  for (let v = from; v < SETTINGS_VERSION; v++) doc = migrations[v]?.(doc) ?? doc;
  const problems: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof TraySettings)[]) {
    if (!(key in doc)) continue;
    const parsed = traySettingsSchema.shape[key].safeParse(doc[key]);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(`${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}; using the default`);
  }
  return { settings: traySettingsSchema.parse(settings), migratedFrom: from < SETTINGS_VERSION ? from : null, problems };
}
