// The sandboxed preload: exposes exactly the IPC contract on window.agentPresence and nothing else
// (no ipcRenderer, no Node). Built as CommonJS with zod bundled in, because a sandboxed preload
// can only require('electron') and a few polyfills.
import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_EVENT_PREFIX, IPC_INVOKE_PREFIX, ipcContract, ipcEvents, isIpcChannel, isIpcEventName,
  type AgentPresenceBridge, type IpcChannel, type IpcEventName, type IpcResult,
} from '../common/ipc-contract.js';

const bridge: AgentPresenceBridge = {
  platform: process.platform,
  async invoke(channel, payload) {
    // Checked here too so a renderer bug fails fast with the same error main would give.
    if (!isIpcChannel(channel)) return { ok: false, error: { code: 'unknown_channel', message: `unknown channel ${String(channel)}` } };
    const parsed = ipcContract[channel as IpcChannel].request.safeParse(payload);
    if (!parsed.success) return { ok: false, error: { code: 'validation_failed', message: parsed.error.issues[0]?.message ?? 'invalid payload' } };
    return (await ipcRenderer.invoke(IPC_INVOKE_PREFIX + channel, parsed.data)) as IpcResult<never>;
  },
  onEvent(name, listener) {
    if (!isIpcEventName(name)) throw new Error(`unknown event ${String(name)}`);
    const schema = ipcEvents[name as IpcEventName];
    // Never hand the IpcRendererEvent (it carries `sender`) to the page.
    const wrapped = (_event: unknown, payload: unknown): void => {
      const parsed = schema.safeParse(payload);
      if (parsed.success) (listener as (p: unknown) => void)(parsed.data);
    };
    ipcRenderer.on(IPC_EVENT_PREFIX + name, wrapped);
    return () => { ipcRenderer.removeListener(IPC_EVENT_PREFIX + name, wrapped); };
  },
};

contextBridge.exposeInMainWorld('agentPresence', bridge);
