// The one IPC contract between the Electron main process and the renderer (GitHub Desktop keeps
// every channel in one file; Mattermost validates every payload). Main registers handlers only for
// these channels, the preload exposes only these, and both sides validate with the same schemas.
import { z } from 'zod';
import { agentSelfSchema, anyReasonSchema, chatBoxStatusSchema, statusSchema } from './protocol.js';
import { traySettingsPatchSchema, traySettingsSchema } from './tray-settings.js';

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

export const sessionViewSchema = z.object({ serverUrl: z.string().nullable(), token: z.string().nullable() });

export const ipcContract = {
  'settings.get': { request: none, response: settingsViewSchema },
  'settings.set': { request: traySettingsPatchSchema.strict(), response: settingsViewSchema },
  'status.get': { request: none, response: statusViewSchema },
  'status.set': { request: z.strictObject({ status: statusSchema }), response: z.object({ version: z.number().int() }) },
  /** The dashboard calls the HTTP API itself; it needs the server URL and the bearer token. */
  'session.get': { request: none, response: sessionViewSchema },
  'auth.signIn': {
    request: z.strictObject({ serverUrl: z.url({ protocol: /^https?$/ }).nullable(), email: z.string().min(1).max(254), password: z.string().min(1).max(200) }),
    response: agentSelfSchema,
  },
  'auth.signOut': { request: none, response: z.null() },
  'app.quit': { request: none, response: z.null() },
} as const;

export type IpcChannel = keyof typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['response']>;

/** Main → renderer pushes. */
export const ipcEvents = {
  'status.changed': statusViewSchema,
  'settings.changed': settingsViewSchema,
} as const;
export type IpcEventName = keyof typeof ipcEvents;
export type IpcEventPayload<E extends IpcEventName> = z.output<(typeof ipcEvents)[E]>;

export const ipcErrorCodeSchema = z.enum(['forbidden_sender', 'unknown_channel', 'validation_failed', 'unauthorized', 'unavailable', 'internal']);
export type IpcErrorCode = z.infer<typeof ipcErrorCodeSchema>;

/** Errors are values at the edge: Electron mangles thrown errors into "Error invoking remote method". */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: IpcErrorCode; message: string } };

export const IPC_INVOKE_PREFIX = 'ap:';
export const IPC_EVENT_PREFIX = 'ap-event:';
export const ipcChannels = Object.keys(ipcContract) as IpcChannel[];
export const ipcEventNames = Object.keys(ipcEvents) as IpcEventName[];

export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ipcContract, name);
}

export function isIpcEventName(name: unknown): name is IpcEventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(ipcEvents, name);
}

/** The API the preload puts on `window.agentPresence`. */
export interface AgentPresenceBridge {
  invoke<C extends IpcChannel>(channel: C, payload?: IpcRequest<C>): Promise<IpcResult<IpcResponse<C>>>;
  onEvent<E extends IpcEventName>(name: E, listener: (payload: IpcEventPayload<E>) => void): () => void;
  readonly platform: string;
}
