// Every timing of the desktop app that is not part of the quit path (those are in the quit
// coordinator's options), in one place. Milliseconds unless the name says otherwise.
export const DESKTOP_TIMINGS = {
  /** powerMonitor.getSystemIdleTime is polled this often for the idle → away rule (SPEC 6). */
  idlePollMs: 15_000,
  /** Linux has no lock-screen event; getSystemIdleState() === 'locked' is polled this often. */
  lockPollMs: 5_000,
  /** A forwarded API call from the window that the server does not answer within this fails. */
  apiForwardTimeoutMs: 15_000,
  /**
   * Windows: after query-session-end the app waits this long for session-end. None means the
   * shutdown was cancelled (WM_ENDSESSION with wParam FALSE emits nothing), so the status the
   * app set offline for the shutdown is restored.
   */
  sessionEndCancelMs: 30_000,
  /** Auto-update (SPEC 6): first check shortly after start, then every 6 hours. */
  updateFirstCheckMs: 30_000,
  updateCheckEveryMs: 6 * 3_600_000,
  /** Linux: how long the StatusNotifierWatcher probe may take before the tray host counts as unknown. */
  trayHostProbeMs: 2_000,
} as const;
