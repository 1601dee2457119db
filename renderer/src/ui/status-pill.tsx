// A status word with a colour; the word carries the meaning, the colour only helps.
import type { ChatBoxStatus, Status } from '../../../src/common/protocol.js';
import { chatBoxText, STATUS_LABEL } from '../format.js';

export function StatusPill({ status }: { status: Status }) {
  return <span className={`pill status-${status}`}>{STATUS_LABEL[status]}</span>;
}

export function ChatBoxLine({ label, status }: { label: string; status: ChatBoxStatus }) {
  return (
    <li className="chatbox-line">
      <span className="chatbox-name">{label}</span>
      <span className={`pill ${status.online ? 'status-online' : 'status-offline'}`}>{status.online ? 'Online' : 'Offline'}</span>
      <span className="muted">{chatBoxText(status)}</span>
    </li>
  );
}
