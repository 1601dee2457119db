// The quit path's race (SPEC 6 lifecycle): an explicit offline must reach the server before the
// process dies, and a quit can never hang. The socket is tried first (fastest, already open); HTTP
// is the fallback when the socket is down, fails, or has not answered by half the budget (a socket
// can look open while its TCP path is dead). Sending both is safe: status.set is idempotent by value.
import type { Clock, TimerHandle } from '../common/clock.js';

export type QuitVia = 'socket' | 'http' | 'none';

export interface OfflineRaceOptions {
  clock: Clock;
  timeoutMs: number;
  /** Starts the socket attempt; null when no welcomed socket exists. */
  viaSocket: (() => Promise<unknown>) | null;
  /** Starts the HTTP attempt; null when there is no token. Must honour `signal`. */
  viaHttp: ((signal: AbortSignal, remainingMs: number) => Promise<unknown>) | null;
}

export function raceOffline(o: OfflineRaceOptions): Promise<QuitVia> {
  const started = o.clock.now();
  const deadline = started + Math.max(0, o.timeoutMs);
  const timers: TimerHandle[] = [];
  const ctrl = new AbortController();
  let socketFailed = o.viaSocket === null;
  let httpState: 'idle' | 'running' | 'failed' = o.viaHttp === null ? 'failed' : 'idle';

  return new Promise<QuitVia>((resolve) => {
    let settled = false;
    const finish = (via: QuitVia): void => {
      if (settled) return;
      settled = true;
      timers.forEach((t) => o.clock.clearTimeout(t));
      if (via !== 'http') ctrl.abort();
      resolve(via);
    };
    const maybeGiveUp = (): void => {
      if (socketFailed && httpState === 'failed') finish('none');
    };
    const startHttp = (): void => {
      if (settled || httpState !== 'idle' || !o.viaHttp) return;
      httpState = 'running';
      const remaining = Math.max(0, deadline - o.clock.now());
      o.viaHttp(ctrl.signal, remaining).then(
        () => finish('http'),
        () => { httpState = 'failed'; maybeGiveUp(); },
      );
    };

    timers.push(o.clock.setTimeout(() => finish('none'), deadline - o.clock.now()));
    if (o.viaSocket) {
      o.viaSocket().then(
        () => finish('socket'),
        () => { socketFailed = true; startHttp(); maybeGiveUp(); },
      );
      timers.push(o.clock.setTimeout(startHttp, Math.floor(o.timeoutMs / 2)));
    } else {
      startHttp();
    }
    maybeGiveUp();
  });
}
