// The admins' tray notification for the unstaffed alert (SPEC 10, issue 17): a chat box inside its
// office hours with nobody online past the account's threshold. The source of truth is the same
// GET /alerts the dashboard banner reads: the agent socket carries no alert frame, so it is polled
// while the signed-in agent is an admin (never otherwise). Each gap (chat box + `since`) is
// announced once per process, so a poll, a reconnect or a sign-in again as the same admin never
// repeats it; a gap that leaves the list gets a short "no longer unstaffed".
import { repeatEvery, type Clock } from '../common/clock.js';
import type { AdminAlerts } from '../common/webhook-schemas.js';
import type { AgentClientPort, ClientSnapshot, Logger, NotifierPort } from './ports.js';
import { silentLogger } from './ports.js';
import type { TrayText } from './tray-view.js';

type Gap = AdminAlerts['gaps'][number];

export interface UnstaffedAlertsOptions {
  /** GET /api/v1/alerts as the signed-in agent. */
  read(): Promise<AdminAlerts>;
  notifier: NotifierPort;
  clock: Clock;
  everyMs: number;
  text: () => TrayText;
  /** False once a quit started: no read begins and nothing more is shown. */
  active: () => boolean;
  log?: Logger;
}

/** Announced gaps kept per process; far more than any account has chat boxes open at once. */
const ANNOUNCED_CAP = 500;

export function gapStartedText(g: Gap, text: TrayText): { title: string; body: string } {
  const since = text.time(g.since);
  return { title: text.gapTitle, body: g.groupId === null ? text.gapWebsite(since) : text.gapGroup(g.groupName ?? g.groupId, since) };
}

export function gapEndedText(g: Gap, text: TrayText): { title: string; body: string } {
  const since = text.time(g.since);
  return { title: text.gapEndedTitle, body: g.groupId === null ? text.gapEndedWebsite(since) : text.gapEndedGroup(g.groupName ?? g.groupId, since) };
}

export class UnstaffedAlerts {
  private unsubscribe: (() => void) | null = null;
  private timer: { cancel(): void } | null = null;
  /** The admin being polled for, null when none (signed out, not an admin). */
  private admin: string | null = null;
  /** The last admin polled for: its open gaps stay known across a sign-out, for their "ended". */
  private lastAdmin: string | null = null;
  /** Open gaps by chat box (group id, '' for the website), as last read. */
  private readonly open = new Map<string, Gap>();
  private readonly announced = new Set<string>();
  /** Bumped when polling stops: an answer that arrives later is dropped. */
  private generation = 0;
  private reading: number | null = null;
  private failing = false;
  private readonly log: Logger;

  constructor(private readonly opts: UnstaffedAlertsOptions) {
    this.log = opts.log ?? silentLogger;
  }

  /** Follows a (new) client, or none after a sign-out. */
  follow(client: AgentClientPort | null): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.halt();
    if (!client) return;
    this.unsubscribe = client.subscribe((s) => this.observe(s));
    this.observe(client.getSnapshot());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.halt();
  }

  get polling(): boolean { return this.timer !== null; }

  private observe(s: ClientSnapshot): void {
    // The agent stays in the snapshot while reconnecting, so a reconnect changes nothing here.
    const admin = s.connection !== 'signedOut' && s.agent?.role === 'admin' ? s.agent.id : null;
    if (admin === this.admin) return;
    this.halt();
    if (admin === null) return;
    if (admin !== this.lastAdmin) this.open.clear();
    this.admin = this.lastAdmin = admin;
    const gen = this.generation;
    void this.poll(gen);
    this.timer = repeatEvery(this.opts.clock, this.opts.everyMs, () => void this.poll(gen));
  }

  private halt(): void {
    this.generation++;
    this.timer?.cancel();
    this.timer = null;
    this.admin = null;
  }

  private async poll(gen: number): Promise<void> {
    if (this.reading === gen || !this.opts.active()) return;
    this.reading = gen;
    let alerts: AdminAlerts;
    try {
      alerts = await this.opts.read();
      this.failing = false;
    } catch (err) {
      // Offline or a server hiccup: the next poll tries again; one line per run of failures.
      if (!this.failing) this.log.warn('alerts: could not read the unstaffed alerts', { err: String(err) });
      this.failing = true;
      return;
    } finally {
      if (this.reading === gen) this.reading = null;
    }
    if (gen !== this.generation || !this.opts.active()) return;
    this.apply(alerts.gaps);
  }

  private apply(gaps: readonly Gap[]): void {
    const text = this.opts.text();
    const now = new Map(gaps.map((g) => [g.groupId ?? '', g]));
    for (const [box, g] of this.open) {
      if (!now.has(box)) this.show(gapEndedText(g, text));
    }
    this.open.clear();
    for (const [box, g] of now) {
      this.open.set(box, g);
      const id = `${this.admin}|${box}|${g.since}`;
      if (this.announced.has(id)) continue;
      this.announced.add(id);
      if (this.announced.size > ANNOUNCED_CAP) this.announced.delete(this.announced.values().next().value as string);
      this.show(gapStartedText(g, text));
    }
  }

  private show(n: { title: string; body: string }): void {
    if (!this.opts.notifier.isSupported()) return;
    this.opts.notifier.show(n.title, n.body);
  }
}
