// One group: its live chat box status and why, rename, membership (saved on each toggle) and a
// two-step delete, so a stray click or Enter never removes a group.
import { useEffect, useState } from 'react';
import type { AgentView, GroupView } from '../../../src/common/http-schemas.js';
import type { ChatBoxStatus } from '../../../src/common/protocol.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { ChatBoxPill } from '../ui/status-pill.js';
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
  const t = useT();
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
      if (!host.api()) throw new Error(t.t('app.notSignedIn'));
      await fn();
      await onChanged();
    } catch (err) {
      setError(errorText(t, err));
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
        {status && <ChatBoxPill status={status} />}
      </div>
      <p className="muted" data-testid="group-why">{groupWhy(t, group, status, agents)}</p>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void run(() => api().patch(`/groups/${group.id}`, { name })); }}>
        <label htmlFor={`${id}-name`}>{t.t('group.nameLabel')}</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name.trim() === '' || name === group.name}>{t.t('group.rename')}</button>
      </form>
      <fieldset className="checks">
        <legend>{t.t('group.members')}</legend>
        {agents.map((a) => (
          <label key={a.id} className="check">
            <input type="checkbox" checked={members.includes(a.id)} onChange={(e) => void toggle(a.id, e.target.checked)} />
            {a.disabled ? t.t('group.memberDisabled', { name: a.name }) : a.name}
          </label>
        ))}
      </fieldset>
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="actions">
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void run(() => api().del(`/groups/${group.id}`))}>{t.t('group.deleteConfirm', { name: group.name })}</button>
            <button type="button" onClick={() => setConfirming(false)}>{t.t('group.keep')}</button>
          </>
        ) : <button type="button" onClick={() => setConfirming(true)}>{t.t('group.delete')}</button>}
      </div>
    </li>
  );
}
