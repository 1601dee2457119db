// The names of the IPC channels and events, without their schemas: the sandboxed preload needs
// only these (main validates every payload with the schemas of ipc-contract.ts), so it does not
// have to bundle zod. A unit test keeps this list equal to the contract's keys.
export const IPC_INVOKE_PREFIX = 'ap:';
export const IPC_EVENT_PREFIX = 'ap-event:';

export const IPC_CHANNEL_NAMES = [
  'settings.get', 'settings.set', 'status.get', 'status.set', 'auth.signIn', 'auth.signOut', 'app.quit',
] as const;
export const IPC_EVENT_NAMES = ['status.changed', 'settings.changed'] as const;

export type IpcChannelName = (typeof IPC_CHANNEL_NAMES)[number];
export type IpcEventNameList = (typeof IPC_EVENT_NAMES)[number];

export function isIpcChannelName(name: unknown): name is IpcChannelName {
  return typeof name === 'string' && (IPC_CHANNEL_NAMES as readonly string[]).includes(name);
}

export function isIpcEventNameListed(name: unknown): name is IpcEventNameList {
  return typeof name === 'string' && (IPC_EVENT_NAMES as readonly string[]).includes(name);
}
