// Auto-update policy (SPEC 6 "Updates"): check at start and every 6 hours, download in the
// background, and install only on quit, after the offline was sent (the quit coordinator calls
// installIfReady() as its last step before exit). Nothing here ever quits or restarts the app, so
// an online agent is never taken offline by an update. electron-updater does the work behind
// UpdaterPort; its own install-on-quit hooks the app's `quit` event, which never fires because the
// quit path ends with app.exit() (docs/api/app.md: exit emits no before-quit/will-quit), so the
// install is explicit here.
import type { Clock } from '../common/clock.js';
import { DESKTOP_TIMINGS } from '../common/timings.js';
import type { Logger, UpdaterPort } from './ports.js';
import { silentLogger } from './ports.js';

export class UpdatePolicy {
  private timer: unknown = null;
  private readyVersion: string | null = null;
  private readonly listeners = new Set<(version: string) => void>();

  constructor(
    private readonly port: UpdaterPort,
    private readonly clock: Clock,
    private readonly feedUrl: () => string | null,
    private readonly log: Logger = silentLogger,
  ) {
    port.onDownloaded((version) => {
      this.readyVersion = version;
      this.log.info('update: downloaded; it installs when the app quits', { version });
      for (const l of this.listeners) l(version);
    });
  }

  /** The downloaded version waiting for the next quit, if any. */
  get ready(): string | null { return this.readyVersion; }

  onReady(listener: (version: string) => void): void { this.listeners.add(listener); }

  start(): void {
    if (this.timer !== null) return;
    this.timer = this.clock.setTimeout(() => this.tick(), DESKTOP_TIMINGS.updateFirstCheckMs);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** One check now (also what the timer does). Failures are logged: the app works without updates. */
  async check(): Promise<void> {
    if (this.readyVersion) return;
    try {
      this.port.setFeedUrl(this.feedUrl());
      await this.port.check();
    } catch (err) {
      this.log.warn('update: check failed', { err: String(err) });
    }
  }

  /** The quit coordinator's last step: after the offline and the participants, before exit. */
  installIfReady(): boolean {
    if (!this.readyVersion) return false;
    try {
      this.port.install();
      return true;
    } catch (err) {
      this.log.error('update: install failed; exiting anyway', { err: String(err) });
      return false;
    }
  }

  private tick(): void {
    void this.check();
    this.timer = this.clock.setTimeout(() => this.tick(), DESKTOP_TIMINGS.updateCheckEveryMs);
  }
}
