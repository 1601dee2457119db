// Reactions to snapshots beyond the tray: a notification when someone else changed this agent's
// status (another device or an admin), and "follow office hours" (online when one's chat box
// opens, offline when it closes).
import type { Status } from '../common/protocol.js';
import type { AgentClientPort, ClientSnapshot, Logger, NotifierPort } from './ports.js';
import { silentLogger } from './ports.js';
import { foreignChangeText, TRAY_TEXT, visitorView, type TrayText } from './tray-view.js';

export class ForeignChangeNotifier {
  private lastVersion: number | null = null;

  constructor(
    private readonly notifier: NotifierPort,
    private readonly myDeviceId: () => string | null,
    private readonly enabled: () => boolean,
    private readonly text: () => TrayText = () => TRAY_TEXT,
  ) {}

  observe(s: ClientSnapshot): void {
    const st = s.status;
    if (!st) return;
    const prev = this.lastVersion;
    this.lastVersion = st.version;
    // The first status after (re)connecting is the current state, not a change to announce.
    if (prev === null || st.version <= prev) return;
    const mine = this.myDeviceId();
    if (st.by.deviceId !== null && st.by.deviceId === mine) return;
    if (!this.enabled() || !this.notifier.isSupported()) return;
    const { title, body } = foreignChangeText(st.status, st.by, st.reason, this.text());
    this.notifier.show(title, body);
  }

  reset(): void { this.lastVersion = null; }
}

export class OfficeHoursFollower {
  private lastOpen: boolean | null = null;

  constructor(
    private readonly getClient: () => AgentClientPort | null,
    private readonly enabled: () => boolean,
    private readonly log: Logger = silentLogger,
  ) {}

  observe(s: ClientSnapshot): void {
    const cb = visitorView(s);
    if (!cb || !s.status) return;
    // "Open" means office hours allow chats; the agent count does not matter for the schedule.
    const open = cb.reason !== 'outside_office_hours';
    const prev = this.lastOpen;
    this.lastOpen = open;
    if (prev === null || prev === open || !this.enabled()) return;
    const target: Status = open ? 'online' : 'offline';
    if (s.status.status === target) return;
    // SPEC 11: on leave, opening hours do not put the agent online (the server would refuse it too).
    if (target === 'online' && s.status.leaveUntil) {
      this.log.info('office hours: opening ignored, on leave', { until: s.status.leaveUntil });
      return;
    }
    this.getClient()?.setStatus(target, 'schedule').catch((err: unknown) => {
      this.log.warn('office hours: status change failed', { err: String(err) });
    });
  }

  reset(): void { this.lastOpen = null; }
}
