// Team: every agent with live effective status and device count. Admins can set an agent offline
// (the "forgot to go offline" fix), add, edit, disable and reset passwords.
import { useState } from 'react';
import type { AgentView } from '../../../src/common/http-schemas.js';
import { errorText, STATUS_LABEL } from '../format.js';
import { useHost, useHostSnapshot } from '../host/use-host.js';
import { StatusPill } from '../ui/status-pill.js';
import { useTeamData } from '../use-team-data.js';
import { AgentEditor } from './agent-editor.js';

/** Says whose button it is to screen readers; the visible label stays short (and matches). */
function Who({ name }: { name: string }) {
  return <span className="sr-only"> {name}</span>;
}

type Editing = { agent: AgentView | null } | null;

export function TeamScreen() {
  const host = useHost();
  const snap = useHostSnapshot();
  const { presence, groups, error, reload } = useTeamData();
  const [editing, setEditing] = useState<Editing>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const admin = snap.agent?.role === 'admin';

  const act = async (run: () => Promise<unknown>): Promise<void> => {
    setActionError(null);
    try { await run(); await reload(); } catch (err) { setActionError(errorText(err)); }
  };
  const api = () => { const a = host.api(); if (!a) throw new Error('Not signed in.'); return a; };
  const groupNames = (ids: string[]): string => ids.map((id) => groups?.find((g) => g.id === id)?.name).filter(Boolean).join(', ') || 'No group';

  return (
    <div className="stack">
      {error && <p className="banner warn" role="alert">{error}</p>}
      {actionError && <p className="banner warn" role="alert">{actionError}</p>}
      {admin && !editing && (
        <div className="actions"><button type="button" className="primary" onClick={() => setEditing({ agent: null })}>Add agent</button></div>
      )}
      {editing && (
        <AgentEditor key={editing.agent?.id ?? 'new'} agent={editing.agent} groups={groups ?? []}
          onDone={(changed) => { setEditing(null); if (changed) void reload(); }} />
      )}
      {!presence ? <p className="muted">Loading the team…</p> : (
        <ul className="team-list" aria-label="Agents">
          {presence.agents.map((a) => (
            <li key={a.id} className={`card agent-card${a.disabled ? ' disabled' : ''}`} data-agent-id={a.id}>
              <div className="agent-head">
                <span className="agent-name">{a.name}{a.id === snap.agent?.id ? ' (you)' : ''}</span>
                <StatusPill status={a.status} />
              </div>
              <p className="muted agent-meta">
                {a.email} · {a.role === 'admin' ? 'Admin' : 'Agent'} · {groupNames(a.groupIds)}
              </p>
              <p className="agent-meta">
                <span data-testid="devices">{a.devices === 1 ? '1 device connected' : `${a.devices} devices connected`}</span>
                {a.intent !== a.status && !a.disabled && <span className="muted"> · chose {STATUS_LABEL[a.intent]}</span>}
                {a.disabled && <span className="pill pill-muted"> Disabled</span>}
              </p>
              {admin && (
                <div className="actions">
                  <button type="button" disabled={a.intent === 'offline' || a.disabled}
                    onClick={() => void act(() => api().put(`/agents/${a.id}/status`, { status: 'offline' }))}>Set offline<Who name={a.name} /></button>
                  <button type="button" onClick={() => setEditing({ agent: a })}>Edit<Who name={a.name} /></button>
                  {a.id !== snap.agent?.id && (
                    <button type="button"
                      onClick={() => void act(() => api().patch(`/agents/${a.id}`, { disabled: !a.disabled }))}>{a.disabled ? 'Enable' : 'Disable'}<Who name={a.name} /></button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
