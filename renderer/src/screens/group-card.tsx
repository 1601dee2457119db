// One group: its live chat box status and why, rename, membership (saved on each toggle) and a
// two-step delete, so a stray click or Enter never removes a group.
import { useEffect, useState } from 'react';
import type { AgentView, GroupView } from '../../../src/common/http-schemas.js';
import type { ChatBoxStatus } from '../../../src/common/protocol.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { groupWhy } from './group-why.js';

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

interface Props {
  group: GroupView;
  status: ChatBoxStatus | undefined;
  agents: AgentView[];
  onChanged: () => Promise<void>;
}

export function GroupCard({ group, status, agents, onChanged }: Props) {
  const host = useHost();
  const [name, setName] = useState(group.name);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The membership being saved, shown at once; the server's answer (via reload) replaces it.
  const [pendingMembers, setPendingMembers] = useState<string[] | null>(null);
  const members = pendingMembers ?? group.memberIds;
  const id = `group-${group.id}`;

  const run = async (fn: () => Promise<unknown>, onError?: () => void): Promise<void> => {
    setError(null);
    try {
      if (!host.api()) throw new Error('Not signed in.');
      await fn();
      await onChanged();
    } catch (err) {
      setError(errorText(err));
      onError?.();
    }
  };
  const api = () => host.api()!;

  const toggle = async (agentId: string, on: boolean): Promise<void> => {
    const agentIds = on ? [...members, agentId] : members.filter((x) => x !== agentId);
    setPendingMembers(agentIds);
    await run(() => api().put(`/groups/${group.id}/members`, { agentIds }), () => setPendingMembers(null));
  };

  // Let go of the pending set once the server's data shows it; an older in-flight reload must
  // not flip the checkbox back in between.
  useEffect(() => {
    if (pendingMembers && sameSet(pendingMembers, group.memberIds)) setPendingMembers(null);
  }, [pendingMembers, group.memberIds]);

  return (
    <li className="card group-card" data-group-id={group.id} aria-labelledby={`${id}-title`}>
      <div className="agent-head">
        <h2 id={`${id}-title`} className="group-title">{group.name}</h2>
        {status && <span className={`pill ${status.online ? 'status-online' : 'status-offline'}`}>{status.online ? 'Online' : 'Offline'}</span>}
      </div>
      <p className="muted" data-testid="group-why">{groupWhy(group, status, agents)}</p>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void run(() => api().patch(`/groups/${group.id}`, { name })); }}>
        <label htmlFor={`${id}-name`}>Group name</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name.trim() === '' || name === group.name}>Rename</button>
      </form>
      <fieldset className="checks">
        <legend>Members</legend>
        {agents.map((a) => (
          <label key={a.id} className="check">
            <input type="checkbox" checked={members.includes(a.id)} onChange={(e) => void toggle(a.id, e.target.checked)} />
            {a.name}{a.disabled ? ' (disabled)' : ''}
          </label>
        ))}
      </fieldset>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="actions">
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void run(() => api().del(`/groups/${group.id}`))}>Delete {group.name} for good</button>
            <button type="button" onClick={() => setConfirming(false)}>Keep it</button>
          </>
        ) : <button type="button" onClick={() => setConfirming(true)}>Delete group…</button>}
      </div>
    </li>
  );
}
