// The dashboard's tab-grace hint (SPEC 2.1, issue 23): shown in a browser tab while it is the
// agent's only device. `seconds` is the server's configured tab grace (welcome.tabGraceMs).
export const tabGrace = {
  'tabGrace.hint': 'Closing this tab sets you offline for visitors within {seconds} s; keep the desktop app running to stay online.',
} as const;
