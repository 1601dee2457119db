// When a failed webhook delivery is tried again (SPEC 10): exponential backoff with jitter. The
// n-th retry waits between half and all of min(base · 3^(n-1), cap), so the first retry comes
// within 20 s (SPEC: within 30 s) and the attempts spread over about a day before the endpoint
// is disabled after TIMINGS.webhookDisableAfterMs of failure. Pure: the caller passes `random`.
import { TIMINGS } from './timings.js';

/** Delay before retry number `retry` (1 = the first retry); `random` in [0, 1). */
export function webhookRetryDelay(retry: number, random: number): number {
  const n = Math.max(1, Math.floor(retry));
  const ceiling = Math.min(TIMINGS.webhookRetryBaseMs * 3 ** (n - 1), TIMINGS.webhookRetryCapMs);
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random, 0), 1));
}

/** True once an endpoint that started failing at `failingSince` has failed long enough to be disabled. */
export function webhookShouldDisable(failingSince: number | null, now: number): boolean {
  return failingSince !== null && now - failingSince >= TIMINGS.webhookDisableAfterMs;
}
