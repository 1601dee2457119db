// Keeps every schedule's resolved holidays current (SPEC 11): at boot and every
// TIMINGS.holidayRefreshMs each account and group schedule with `holidays` is resolved again
// (holidays.ts) and written only when the dates differ — a new year moved the window, or an
// upgraded holiday library changed a date. Every cluster node may run it: the write is the same
// value on each, and configChanged tells every node to reload.
import type { Logger } from 'pino';
import type { Clock, TimerHandle } from '../../common/clock.js';
import type { OfficeHours } from '../../common/office-hours.js';
import { TIMINGS } from '../../common/timings.js';
import type { PresenceHub } from '../presence/hub.js';
import type { Store } from '../store/store.js';
import { resolveHolidays } from './holidays.js';

export interface HolidayRefreshOptions {
  store: Store;
  hub: PresenceHub;
  clock: Clock;
  log?: Logger | undefined;
}

/** The schedule with its holidays resolved now, or null when the stored one is already current. */
export function refreshed(schedule: OfficeHours | null, nowMs: number): OfficeHours | null {
  if (!schedule?.holidays) return null;
  const next = resolveHolidays(schedule, nowMs);
  return JSON.stringify(next.holidays) === JSON.stringify(schedule.holidays) ? null : next;
}

export class HolidayRefresh {
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(private readonly opts: HolidayRefreshOptions) {}

  /** Refreshes once now (errors are logged, never thrown), then on the timer. */
  async start(): Promise<void> {
    await this.runOnce();
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Resolves with the number of schedules rewritten. */
  async runOnce(): Promise<number> {
    const { store, hub, clock, log } = this.opts;
    let written = 0;
    try {
      const now = clock.now();
      const changed = new Set<string>();
      for (const account of await store.listAccounts({ withHolidays: true })) {
        const next = refreshed(account.officeHours, now);
        if (next) { await store.updateAccount(account.id, { officeHours: next }); changed.add(account.id); written++; }
      }
      for (const group of await store.listAllGroups({ withHolidays: true })) {
        const next = refreshed(group.officeHours, now);
        if (next) { await store.updateGroup(group.id, { officeHours: next }); changed.add(group.accountId); written++; }
      }
      for (const accountId of changed) await hub.configChanged(accountId, 'officeHours');
    } catch (err) {
      log?.error({ err }, 'refreshing public holidays failed; trying again at the next refresh');
    }
    return written;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.opts.clock.setTimeout(() => { void this.runOnce().then(() => this.schedule()); }, TIMINGS.holidayRefreshMs);
  }
}
