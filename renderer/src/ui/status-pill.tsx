// A status word with a colour; the word carries the meaning, the colour only helps.
import { chatBoxText, statusLabel } from '../../../src/common/i18n/words.js';
import type { ChatBoxStatus, Status } from '../../../src/common/protocol.js';
import { useT } from '../i18n/use-t.js';

export function StatusPill({ status }: { status: Status }) {
  const t = useT();
  return <span className={`pill status-${status}`}>{statusLabel(t, status)}</span>;
}

/** Online / Offline of a chat box (website or group). */
export function ChatBoxPill({ status }: { status: ChatBoxStatus }) {
  return <StatusPill status={status.online ? 'online' : 'offline'} />;
}

export function ChatBoxLine({ label, status }: { label: string; status: ChatBoxStatus }) {
  const t = useT();
  return (
    <li className="chatbox-line">
      <span className="chatbox-name">{label}</span>
      <ChatBoxPill status={status} />
      <span className="muted">{chatBoxText(t, status)}</span>
    </li>
  );
}
