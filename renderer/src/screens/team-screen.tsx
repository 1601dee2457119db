// Team: every agent with live effective status, device count and the kinds of device connected.
// Admins can set an agent offline (the "forgot to go offline" fix), add, edit, disable, reset
// passwords and plan an agent's time off (the same editor as My status, opened in the card).
import { leaveDate, untilTime } from './timed-choices.js';
import { useState } from 'react';
import type { AgentView } from '../../../src/common/http-schemas.js';
import type { Translator } from '../../../src/common/i18n/translate.js';
import { formatWhen, kindLabel, statusLabel } from '../../../src/common/i18n/words.js';
import { errorText } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { StatusPill } from '../ui/status-pill.js';
import { useTeamData } from '../use-team-data.js';
import { AgentEditor } from './agent-editor.js';
import { TimeOffEditor } from './time-off-editor.js';

/** Says whose button it is to screen readers; the visible label stays short (and matches). */
function Who({ name }: { name: string }) {
  return <span className="sr-only"> {name}</span>;
}

type Editing = { agent: AgentView | null } | null;

/** "since 10:42" today, "since Mon 30 Nov, 17:05" before: from the server's status history (issue 16). */
function sinceText(t: Translator, iso: string): string {
  const today = new Date().toDateString() === new Date(iso).toDateString();
  return today ? t.dateTime(iso, { hour: '2-digit', minute: '2-digit' }) : formatWhen(t, iso);
}

export function TeamScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const t = useT();
  const { presence, groups, error, reload } = useTeamData();
  const [editing, setEditing] = useState<Editing>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [timeOffFor, setTimeOffFor] = useState<string | null>(null);
  const admin = snap.agent?.role === 'admin';

  const act = async (run: () => Promise<unknown>): Promise<void> => {
    setActionError(null);
    try { await run(); await reload(); } catch (err) { setActionError(errorText(t, err)); }
  };
  const api = () => { const a = host.api(); if (!a) throw new Error(t.t('app.notSignedIn')); return a; };
  const groupNames = (ids: string[]): string => t.list(ids.map((id) => groups?.find((g) => g.id === id)?.name ?? '').filter(Boolean)) || t.t('team.noGroup');

  return (
    <div className="stack">
      {error && <p className="banner warn" role="alert">{error}</p>}
      {actionError && <p className="banner warn" role="alert">{actionError}</p>}
      {admin && !editing && (
        <div className="actions"><button type="button" className="primary" onClick={() => setEditing({ agent: null })}>{t.t('team.add')}</button></div>
      )}
      {editing && (
        <AgentEditor key={editing.agent?.id ?? 'new'} agent={editing.agent} groups={groups ?? []}
          onDone={(changed) => { setEditing(null); if (changed) void reload(); }} />
      )}
      {!presence ? <p className="muted">{t.t('team.loading')}</p> : (
        <ul className="team-list" aria-label={t.t('team.list')}>
          {presence.agents.map((a) => (
            <li key={a.id} className={`card agent-card${a.disabled ? ' disabled' : ''}`} data-agent-id={a.id}>
              <div className="agent-head">
                <span className="agent-name">{a.id === snap.agent?.id ? t.t('team.you', { name: a.name }) : a.name}</span>
                <StatusPill status={a.status} />
              </div>
              <p className="muted agent-meta">
                {a.email} · {t.t(`role.${a.role}`)} · {groupNames(a.groupIds)}
              </p>
              <p className="agent-meta">
                {a.since && <span data-testid="since">{t.t('team.since', { time: sinceText(t, a.since) })} · </span>}
                <span data-testid="devices">{t.t('team.devices', { count: a.devices })}</span>
                {a.deviceKinds && a.deviceKinds.length > 0 && (
                  <span data-testid="device-kinds"> {t.t('team.deviceKinds', { kinds: t.list(a.deviceKinds.map((k) => kindLabel(t, k))) })}</span>
                )}
                {a.intent !== a.status && !a.disabled && <span className="muted"> · {t.t('team.chose', { status: statusLabel(t, a.intent) })}</span>}
                {a.disabled && <> <span className="pill pill-muted">{t.t('team.disabled')}</span></>}
                {a.until && <span data-testid="until"> · {t.t('team.until', { status: statusLabel(t, a.intent), time: untilTime(t, a.until) })}</span>}
                {a.leaveUntil && <span data-testid="on-leave"> · {t.t('team.onLeave', { date: leaveDate(t, a.leaveUntil) })}</span>}
              </p>
              {admin && (
                <div className="actions">
                  <button type="button" disabled={a.intent === 'offline' || a.disabled}
                    onClick={() => void act(() => api().put(`/agents/${a.id}/status`, { status: 'offline' }))}>{t.t('team.setOffline')}<Who name={a.name} /></button>
                  <button type="button" onClick={() => setEditing({ agent: a })}>{t.t('team.edit')}<Who name={a.name} /></button>
                  <button type="button" aria-expanded={timeOffFor === a.id}
                    onClick={() => setTimeOffFor((id) => (id === a.id ? null : a.id))}>{t.t('team.timeOff')}<Who name={a.name} /></button>
                  {a.id !== snap.agent?.id && (
                    <button type="button"
                      onClick={() => void act(() => api().patch(`/agents/${a.id}`, { disabled: !a.disabled }))}>{a.disabled ? t.t('team.enable') : t.t('team.disable')}<Who name={a.name} /></button>
                  )}
                </div>
              )}
              {admin && timeOffFor === a.id && (
                <TimeOffEditor agent={{ id: a.id, name: a.name }} onSaved={() => void reload()} onClose={() => setTimeOffFor(null)} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
