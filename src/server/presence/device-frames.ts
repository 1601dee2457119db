// Frames to agents' devices, one write per device per event-loop turn (issue 20, bench/findings.md
// "The fixed cost of a change"). A status change sends each device of the account several frames
// in one turn: the own status, the chatBox, the ack to the device that made it, then the team
// list. On loopback each separate write to a process that went to sleep wakes it again, and those
// writes cost about ten times a widget frame's in the 1,000-widget profile. A device's frames of a
// turn are therefore held (the socket corked) and written together when the turn ends, after the
// team lists; only the status of a change made elsewhere goes out at once, so the agent's other
// devices still get it before the first widget does (SPEC 7).
import type { DeviceConn } from './account-state.js';

export class DeviceFrames {
  private readonly held = new Set<DeviceConn>();
  private readonly atEnd: (() => void)[] = [];
  private scheduled = false;

  /** Sends with the device's other frames of this turn, at its end. */
  send(device: DeviceConn, message: string): void {
    if (!this.held.has(device)) {
      this.held.add(device);
      device.hold?.();
      this.schedule();
    }
    device.send(message);
  }

  /** Sends now, with whatever the device already holds of this turn (which keeps the order). */
  sendNow(device: DeviceConn, message: string): void {
    device.send(message);
    if (this.held.delete(device)) device.release?.();
  }

  /** Runs `fn` when the turn ends, before the held frames are written (the team lists). */
  atTurnEnd(fn: () => void): void {
    this.atEnd.push(fn);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.endTurn());
  }

  private endTurn(): void {
    // Sends made by these callbacks join the held frames: `scheduled` stays set until the release.
    let failure: unknown = null;
    for (const fn of this.atEnd.splice(0)) {
      try { fn(); } catch (err) { failure ??= err; }
    }
    const devices = [...this.held];
    this.held.clear();
    this.scheduled = false;
    for (const device of devices) device.release?.();
    // A failed callback still leaves no socket corked; it fails as it did before the batching.
    if (failure !== null) throw failure;
  }
}
