// The single owner of quitting (VS Code's onWillShutdown with join): every path out of the app
// (menu, before-quit, OS shutdown, Windows session end, SIGTERM on logout) ends here, goes offline
// first, lets participants finish, and exits by a hard deadline so a quit can never hang.
import type { Clock } from '../common/clock.js';
import type { Reason } from '../common/protocol.js';
import { TIMINGS } from '../common/timings.js';
import type { AgentClientPort, AppPort, Logger } from './ports.js';
import { silentLogger } from './ports.js';

export type QuitReason = Extract<Reason, 'quit' | 'shutdown' | 'logout'>;
export type QuitMode = 'offline' | 'device';

export interface QuitCoordinatorOptions {
  app: Pick<AppPort, 'exit'>;
  /** Resolved at quit time: the client may be replaced by a sign-in while the app runs. */
  getClient: () => AgentClientPort | null;
  getQuitMode: () => QuitMode;
  clock: Clock;
  /** How long to wait for the server's ack of the offline (SPEC 6: at most 1 s). */
  ackTimeoutMs?: number;
  /** Exit no later than this after the quit started, whatever is still pending. */
  deadlineMs?: number;
  /**
   * The very last step before app.exit, strictly after the offline (and the participants, or the
   * deadline): installing a downloaded update. It must not wait; the process exits right after.
   */
  beforeExit?: () => void;
  log?: Logger;
}

export type QuitParticipant = (reason: QuitReason) => Promise<void> | void;

export interface QuitOutcome { reason: QuitReason; via: string; timedOut: boolean; elapsedMs: number }

export class QuitCoordinator {
  private readonly participants: QuitParticipant[] = [];
  private running: Promise<QuitOutcome> | null = null;
  private exited = false;
  private readonly ackTimeoutMs: number;
  private readonly deadlineMs: number;
  private readonly log: Logger;

  constructor(private readonly opts: QuitCoordinatorOptions) {
    this.ackTimeoutMs = opts.ackTimeoutMs ?? TIMINGS.quitAckMs;
    this.deadlineMs = opts.deadlineMs ?? TIMINGS.quitDeadlineMs;
    this.log = opts.log ?? silentLogger;
  }

  get isQuitting(): boolean { return this.running !== null; }
  get hasExited(): boolean { return this.exited; }

  /** Work that must happen after the offline and before exit (closing the in-process backend...). */
  join(participant: QuitParticipant): void { this.participants.push(participant); }

  /**
   * For `before-quit` and `powerMonitor` `shutdown`: returns true when the caller must call
   * preventDefault (the quit is ours to finish). After exit() nothing is intercepted any more.
   */
  intercept(reason: QuitReason): boolean {
    if (this.exited) return false;
    void this.quit(reason);
    return true;
  }

  /** Idempotent: the first reason wins, later calls join the running quit. */
  quit(reason: QuitReason): Promise<QuitOutcome> {
    this.running ??= this.run(reason);
    return this.running;
  }

  private async run(reason: QuitReason): Promise<QuitOutcome> {
    const started = this.opts.clock.now();
    let via = 'none';
    let timedOut = false;
    let timer: unknown;
    const deadline = new Promise<'deadline'>((resolve) => { timer = this.opts.clock.setTimeout(() => resolve('deadline'), this.deadlineMs); });
    const work = (async () => {
      via = await this.goOffline(reason);
      // Participants run after the offline so an in-process backend is still there to receive it.
      await Promise.allSettled(this.participants.map(async (p) => p(reason)));
      return 'done' as const;
    })();
    try {
      timedOut = (await Promise.race([work, deadline])) === 'deadline';
    } catch (err) {
      this.log.error('quit: unexpected failure, exiting anyway', { err: String(err) });
    } finally {
      this.opts.clock.clearTimeout(timer);
    }
    const outcome: QuitOutcome = { reason, via, timedOut, elapsedMs: this.opts.clock.now() - started };
    this.log.info('quit: exiting', { ...outcome });
    // Set first: an updater that calls app.quit() itself must find nothing left to intercept.
    this.exited = true;
    try {
      this.opts.beforeExit?.();
    } catch (err) {
      this.log.error('quit: last step failed, exiting anyway', { err: String(err) });
    }
    this.opts.app.exit(0);
    return outcome;
  }

  private async goOffline(reason: QuitReason): Promise<string> {
    const client = this.opts.getClient();
    if (!client) return 'no-client';
    try {
      if (this.opts.getQuitMode() === 'device') {
        await client.signOffThisDevice();
        return 'bye';
      }
      const { via } = await client.goOfflineAndClose({ reason, timeoutMs: this.ackTimeoutMs });
      return via;
    } catch (err) {
      // The server's grace window covers what we could not say; quitting matters more.
      this.log.warn('quit: could not announce offline', { err: String(err) });
      return 'failed';
    }
  }
}
