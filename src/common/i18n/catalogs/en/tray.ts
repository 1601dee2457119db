// The tray menu, its tooltip and the desktop notifications (src/main/tray-view.ts and friends).
export const tray = {
  'menu.chatBoxUnknown': 'Chat box: unknown',
  'menu.chatBoxOnline': 'Chat box: online for visitors',
  'menu.chatBoxHours': 'Chat box: offline (outside office hours)',
  'menu.chatBoxHoursOpens': 'Chat box: offline (outside office hours, opens {at})',
  'menu.chatBoxNoAgents': 'Chat box: offline for visitors (no agent online)',
  'menu.tooltipSignedOut': 'Agent Presence: signed out',
  'menu.tooltipConnecting': 'Agent Presence: connecting…',
  'menu.you': 'You: {status}',
  'menu.disconnected': ' (disconnected)',
  'menu.reconnecting': ' (reconnecting…)',
  'menu.open': 'Open Agent Presence…',
  'menu.startAtLoginItem': 'Start at login',
  'menu.quit': 'Quit (go offline)',
} as const;
