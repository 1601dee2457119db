// The one IPC contract between the Electron main process and the renderer (GitHub Desktop keeps
// every channel in one file; Mattermost validates every payload). Main registers handlers only for
// these channels, the preload exposes only these, and both sides validate with the same schemas.
import { z } from 'zod';
import { IPC_CHANNEL_NAMES, IPC_EVENT_NAMES, type IpcChannelName, type IpcEventNameList } from './ipc-names.js';
import { agentSelfSchema, anyReasonSchema, chatBoxStatusSchema, statusSchema } from './protocol.js';
import { serverUrlSchema } from './server-url.js';
import { traySettingsPatchSchema, traySettingsSchema } from './tray-settings.js';

export { IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX } from './ipc-names.js';

const none = z.undefined();

export const settingsViewSchema = z.object({
  settings: traySettingsSchema,
  /** encrypted: OS keyring via safeStorage; memory: no keyring, the token is forgotten on quit. */
  tokenStorage: z.enum(['encrypted', 'memory']),
  notices: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const statusViewSchema = z.object({
  connection: z.string(),
  signedIn: z.boolean(),
  agent: agentSelfSchema.nullable(),
  status: statusSchema.nullable(),
  effective: statusSchema.nullable(),
  version: z.number().int().nullable(),
  reason: anyReasonSchema.nullable(),
  website: chatBoxStatusSchema.nullable(),
  groups: z.record(z.string(), chatBoxStatusSchema),
  lastError: z.string().nullable(),
});
export type StatusView = z.infer<typeof statusViewSchema>;

export const ipcContract = {
  'settings.get': { request: none, response: settingsViewSchema },
  'settings.set': { request: traySettingsPatchSchema.strict(), response: settingsViewSchema },
  'status.get': { request: none, response: statusViewSchema },
  'status.set': { request: z.strictObject({ status: statusSchema }), response: z.object({ version: z.number().int() }) },
  'auth.signIn': {
    request: z.strictObject({ serverUrl: serverUrlSchema.nullable(), email: z.string().min(1).max(254), password: z.string().min(1).max(200) }),
    response: agentSelfSchema,
  },
  'auth.signOut': { request: none, response: z.null() },
  'app.quit': { request: none, response: z.null() },
} as const satisfies Record<IpcChannelName, { request: z.ZodType; response: z.ZodType }>;

export type IpcChannel = keyof typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;

/** Main → renderer pushes. */
export const ipcEvents = {
  'status.changed': statusViewSchema,
  'settings.changed': settingsViewSchema,
} as const satisfies Record<IpcEventNameList, z.ZodType>;
export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof ipcEvents)[E]>;

export const ipcErrorCodeSchema = z.enum(['forbidden_sender', 'unknown_channel', 'validation_failed', 'unauthorized', 'unavailable', 'internal']);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

/** Errors are values at the edge: Electron mangles thrown errors into "Error invoking remote method". */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } };

export const ipcChannels: readonly IpcChannel[] = IPC_CHANNEL_NAMES;
export const ipcEventNames: readonly IpcEventName[] = IPC_EVENT_NAMES;

/** The API the preload puts on `window.agentPresence`. */
export interface AgentPresenceBridge {
  invoke<C extends IpcChannel>(channel: C, payload?: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;
  onEvent<E extends IpcEventName>(name: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  readonly platform: string;
}
