// My status: the big online/away/offline control, who changed it last and why, and what website
// visitors see right now. Everything shown comes live from the agent connection's snapshot.
import { useState } from 'react';
import type { Status } from '../../../src/common/protocol.js';
import { errorText, formatTime, kindLabel, reasonLabel, STATUS_HINT, STATUS_LABEL } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import type { HostSnapshot } from '../host/host.js';
import { DesktopAppHint } from '../ui/desktop-app-hint.js';
import { ChatBoxLine, StatusPill } from '../ui/status-pill.js';
import { useTeamData } from '../use-team-data.js';

const CHOICES: Status[] = ['online', 'away', 'offline'];

function lastChange(snap: HostSnapshot): string | null {
  const own = snap.own;
  if (!own) return null;
  const parts = [`Reason: ${reasonLabel(own.reason)}`];
  if (own.by) {
    const device = own.by.deviceId && own.by.deviceId === snap.deviceId ? 'this device' : own.by.kind === 'server' ? 'the server' : `another device (${kindLabel(own.by.kind)})`;
    parts.push(`from ${device}`);
  }
  if (own.at) parts.push(formatTime(own.at));
  return parts.join(' · ');
}

export function MyStatusScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const { groups } = useTeamData();
  const [pending, setPending] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = snap.own;

  const choose = async (status: Status): Promise<void> => {
    setPending(status);
    setError(null);
    try {
      await host.setStatus(status);
    } catch (err) {
      setError(errorText(err));
    } finally {
      // A quicker second click owns the pending mark now; only clear our own.
      setPending((p) => (p === status ? null : p));
    }
  };

  const selected = pending ?? own?.status ?? null;
  const groupName = (id: string): string => groups?.find((g) => g.id === id)?.name ?? 'Group';
  const myGroups = snap.agent?.groupIds ?? [];

  return (
    <div className="stack">
      <section className="card" aria-labelledby="my-status-title">
        <h2 id="my-status-title">Set my status</h2>
        <div className="status-choices" role="radiogroup" aria-labelledby="my-status-title">
          {CHOICES.map((s) => (
            // The whole card is the click target, but the radio's name is only the label ("Online")
            // and the hint is its description, so a screen reader says "Online, radio, Taking chats".
            <label key={s} className={`status-choice choice-${s}${selected === s ? ' selected' : ''}`}>
              <input type="radio" name="my-status" value={s} checked={selected === s}
                aria-labelledby={`choice-${s}-label`} aria-describedby={`choice-${s}-hint`}
                onChange={() => void choose(s)} />
              <span className="choice-label" id={`choice-${s}-label`}>{STATUS_LABEL[s]}</span>
              <span className="choice-hint" id={`choice-${s}-hint`}>{STATUS_HINT[s]}</span>
            </label>
          ))}
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="status-details" aria-live="polite">
          {own ? (
            <>
              <p>You are <StatusPill status={own.effective} />
                {own.effective !== own.status && <> (you chose {STATUS_LABEL[own.status]}, but no device of yours is connected)</>}
              </p>
              <p className="muted" data-testid="last-change">{lastChange(snap)}</p>
            </>
          ) : <p className="muted">Waiting for the server…</p>}
        </div>
        <DesktopAppHint admin={snap.agent?.role === 'admin'} />
      </section>

      <section className="card" aria-labelledby="visitors-title">
        <h2 id="visitors-title">What visitors see now</h2>
        {snap.chatBox ? (
          <ul className="chatbox-list" data-testid="chatbox-list">
            <ChatBoxLine label="Website" status={snap.chatBox.website} />
            {Object.entries(snap.chatBox.groups).map(([id, s]) => <ChatBoxLine key={id} label={groupName(id)} status={s} />)}
          </ul>
        ) : <p className="muted">Not known yet.</p>}
        {myGroups.length === 0 && (
          <p className="hint">You are in no group, so while you are online every group's chat box and the website count you as available.</p>
        )}
      </section>
    </div>
  );
}
