// The agent's other devices in a process of their own (issue 20): their receipt times are then
// read by a process as idle as the widget clients, not by the orchestrator that also drives the
// changes and serves every child's IPC, so "devices − first widget" compares like with like.
import { openDevice, type AgentDevice } from './lib/driver.js';
import { serveIpc } from './lib/ipc.js';
import type { Target } from './lib/targets.js';

let devices: AgentDevice[] = [];

export interface OpenDevices { kind: Target['kind']; httpUrl: string; wsUrl: string; token: string; ids: string[] }

serveIpc({
  async open(o: OpenDevices) {
    const target = { kind: o.kind, httpUrl: o.httpUrl, wsUrl: o.wsUrl } as Target;
    devices = await Promise.all(o.ids.map((id) => openDevice(target, o.token, id)));
    return devices.length;
  },
  /** Receive times of each device's own-status frames, in order. */
  times: () => devices.map((d) => d.statusTimes),
  async close() {
    await Promise.all(devices.map((d) => d.close()));
    devices = [];
  },
});
