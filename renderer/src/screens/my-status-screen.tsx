// My status: the big online/away/offline control, who changed it last and why, and what website
// visitors see right now. Everything shown comes live from the agent connection's snapshot.
import { useState } from 'react';
import { formatWhen, kindLabel, reasonLabel, statusHint, statusLabel } from '../../../src/common/i18n/words.js';
import type { ChatBoxStatus, Status } from '../../../src/common/protocol.js';
import { errorText } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import type { HostSnapshot } from '../host/host.js';
import { useT, type RendererTranslator } from '../i18n/use-t.js';
import { DesktopAppHint } from '../ui/desktop-app-hint.js';
import { ChatBoxLine, StatusPill } from '../ui/status-pill.js';
import { TabGraceHint } from '../ui/tab-grace-hint.js';
import { TimedChoices } from './timed-choices.js';
import { TimeOffEditor } from './time-off-editor.js';
import { useTeamData } from '../use-team-data.js';

const CHOICES: Status[] = ['online', 'away', 'offline'];

function lastChange(t: RendererTranslator, snap: HostSnapshot): string | null {
  const own = snap.own;
  if (!own) return null;
  const parts = [t.t('my.reason', { reason: reasonLabel(t, own.reason) })];
  if (own.by) {
    const device = own.by.deviceId && own.by.deviceId === snap.deviceId ? t.t('my.thisDevice')
      : own.by.kind === 'server' ? kindLabel(t, 'server') : t.t('my.otherDevice', { kind: kindLabel(t, own.by.kind) });
    parts.push(t.t('my.from', { device }));
  }
  if (own.at) parts.push(formatWhen(t, own.at));
  return parts.join(' · ');
}

/** What this agent's visitors see: its first group's chat box, else the website (as the tray does). */
function visitorsOf(snap: HostSnapshot): ChatBoxStatus | null {
  if (!snap.chatBox) return null;
  const groups = (snap.agent?.groupIds ?? []).map((id) => snap.chatBox!.groups[id]).filter((g) => g !== undefined);
  return groups.find((g) => g.online) ?? groups[0] ?? snap.chatBox.website;
}

export function MyStatusScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const t = useT();
  const { groups, presence, reload } = useTeamData();
  const [pending, setPending] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const own = snap.own;

  const choose = async (status: Status): Promise<void> => {
    setPending(status);
    setError(null);
    try {
      await host.setStatus(status);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      // A quicker second click owns the pending mark now; only clear our own.
      setPending((p) => (p === status ? null : p));
    }
  };

  const selected = pending ?? own?.status ?? null;
  const groupName = (id: string): string => groups?.find((g) => g.id === id)?.name ?? t.t('my.group');
  const myGroups = snap.agent?.groupIds ?? [];

  return (
    <div className="stack">
      <section className="card" aria-labelledby="my-status-title">
        <h2 id="my-status-title">{t.t('my.setTitle')}</h2>
        <div className="status-choices" role="radiogroup" aria-labelledby="my-status-title">
          {CHOICES.map((s) => (
            // The whole card is the click target, but the radio's name is only the label ("Online")
            // and the hint is its description, so a screen reader says "Online, radio, Taking chats".
            <label key={s} className={`status-choice choice-${s}${selected === s ? ' selected' : ''}`}>
              <input type="radio" name="my-status" value={s} checked={selected === s}
                aria-labelledby={`choice-${s}-label`} aria-describedby={`choice-${s}-hint`}
                onChange={() => void choose(s)} />
              <span className="choice-label" id={`choice-${s}-label`}>{statusLabel(t, s)}</span>
              <span className="choice-hint" id={`choice-${s}-hint`}>{statusHint(t, s)}</span>
            </label>
          ))}
        </div>
        {error && <p className="error-text" role="alert">{error}</p>}
        <div className="status-details" aria-live="polite">
          {own ? (
            <>
              <p>{t.rich('my.youAre', { pill: () => <StatusPill key="pill" status={own.effective} /> })}
                {own.effective !== own.status && <> {t.t('my.noDevice', { status: statusLabel(t, own.status) })}</>}
              </p>
              <p className="muted" data-testid="last-change">{lastChange(t, snap)}</p>
            </>
          ) : <p className="muted">{t.t('my.waiting')}</p>}
        </div>
        <TimedChoices me={presence?.agents.find((a) => a.id === snap.agent?.id)} visitors={visitorsOf(snap)} onDone={() => void reload()} />
        <TabGraceHint presence={presence} />
        <DesktopAppHint admin={snap.agent?.role === 'admin'} />
      </section>

      <TimeOffEditor onSaved={() => void reload()} />

      <section className="card" aria-labelledby="visitors-title">
        <h2 id="visitors-title">{t.t('my.visitorsTitle')}</h2>
        {snap.chatBox ? (
          <ul className="chatbox-list" data-testid="chatbox-list">
            <ChatBoxLine label={t.t('my.website')} status={snap.chatBox.website} />
            {Object.entries(snap.chatBox.groups).map(([id, s]) => <ChatBoxLine key={id} label={groupName(id)} status={s} />)}
          </ul>
        ) : <p className="muted">{t.t('my.notKnown')}</p>}
        {myGroups.length === 0 && <p className="hint">{t.t('my.noGroup')}</p>}
      </section>
    </div>
  );
}
