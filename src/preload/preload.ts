// The sandboxed preload: exposes exactly the IPC channels on window.agentPresence and nothing else
// (no ipcRenderer, no Node). It imports only the channel names, never the zod schemas: main checks
// every payload with them (src/main/ipc-main.ts), so bundling zod here (459 KB) bought nothing but
// parse time on every window load. Built as CommonJS: a sandboxed preload can only require('electron').
import { contextBridge, ipcRenderer } from 'electron';
import type { AgentPresenceBridge, IpcResult } from '../common/ipc-contract.js';
import { IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX, isIpcChannelName, isIpcEventNameListed } from '../common/ipc-names.js';

const bridge: AgentPresenceBridge = {
  platform: process.platform,
  async invoke(channel, payload) {
    if (!isIpcChannelName(channel)) return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${String(channel)}` } };
    return (await ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, payload)) as IpcResult<never>;
  },
  onEvent(name, listener) {
    if (!isIpcEventNameListed(name)) throw new Error(`unknown event ${String(name)}`);
    // Never hand the IpcRendererEvent (it carries `sender`) to the page.
    const wrapped = (_event: unknown, payload: unknown): void => { (listener as (p: unknown) => void)(payload); };
    ipcRenderer.on(IPC_EVENT_PREFIX + name, wrapped);
    return () => { ipcRenderer.removeListener(IPC_EVENT_PREFIX + name, wrapped); };
  },
};

contextBridge.exposeInMainWorld('agentPresence', bridge);
