// Time is injected everywhere (grace windows, office hours, heartbeats) so tests never sleep.
export type TimerHandle = unknown;

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** The largest delay setTimeout accepts (2^31 - 1 ms, about 24.8 days); longer waits re-arm in steps. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, Math.min(Math.max(0, ms), MAX_TIMEOUT_MS)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/**
 * Arms `fn` at absolute time `atMs`, re-arming in steps when the wait exceeds setTimeout's limit.
 * `fn` never runs while `clock.now() < atMs`: Node's timers count on libuv's cached loop time,
 * not on Date.now(), so a timer can fire a millisecond before the wall-clock instant it was armed
 * for. A grace deadline that fired early re-evaluated an agent still inside its window, found
 * nothing to change, and no timer was left: the chat box stayed online for good (CI, issue 20).
 * An early wake-up re-arms for what is left instead.
 */
export function setTimeoutAt(clock: Clock, atMs: number, fn: () => void): { cancel(): void } {
  let handle: TimerHandle;
  let cancelled = false;
  const arm = (): void => {
    const wait = atMs - clock.now();
    if (wait > MAX_TIMEOUT_MS) handle = clock.setTimeout(arm, MAX_TIMEOUT_MS);
    else handle = clock.setTimeout(() => { if (cancelled) return; if (clock.now() < atMs) arm(); else fn(); }, Math.max(0, wait));
  };
  arm();
  return { cancel: () => { cancelled = true; clock.clearTimeout(handle); } };
}

/**
 * Runs `fn` every `ms` until cancelled: a cadence (polling for due work), not a schedule. The next
 * round is armed in a microtask after `fn`, so a clock that jumps hours ahead (a test's manual
 * clock, a host resumed from sleep) runs one round, not one per missed period: the work a poll
 * looks for is found by comparing with `now()`, however late the round.
 */
export function repeatEvery(clock: Clock, ms: number, fn: () => void): { cancel(): void } {
  let handle: TimerHandle | null = null;
  let cancelled = false;
  const arm = (): void => {
    handle = clock.setTimeout(() => {
      handle = null;
      fn();
      void Promise.resolve().then(() => { if (!cancelled) arm(); });
    }, ms);
  };
  arm();
  return { cancel: () => { cancelled = true; if (handle !== null) clock.clearTimeout(handle); } };
}
