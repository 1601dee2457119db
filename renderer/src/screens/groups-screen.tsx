// Groups (admin): create, rename, delete, membership; which groups are online now and why; and a
// warning when an agent in no group keeps every group online (the seed's rule made visible).
import { useState, type FormEvent } from 'react';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { useTeamData } from '../use-team-data.js';
import { GroupCard } from './group-card.js';
import { ungroupedOnline } from './group-why.js';

export function GroupsScreen() {
  const host = useHost();
  const t = useT();
  const { presence, groups, error, reload } = useTeamData();
  const [name, setName] = useState('');
  const [createError, setCreateError] = useState<string | null>(null);

  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setCreateError(null);
    try {
      await host.api()?.post('/groups', { name, memberIds: [] });
      setName('');
      await reload();
    } catch (err) {
      setCreateError(errorText(t, err));
    }
  };

  const agents = presence?.agents ?? [];
  const loose = ungroupedOnline(agents);
  const ungrouped = agents.filter((a) => !a.disabled && a.groupIds.length === 0);

  return (
    <div className="stack">
      {error && <p className="banner warn" role="alert">{error}</p>}
      <form className="card inline-form" onSubmit={(e) => void create(e)}>
        <label htmlFor="new-group-name">{t.t('groups.newName')}</label>
        <input id="new-group-name" value={name} onChange={(e) => setName(e.target.value)} aria-describedby={createError ? 'new-group-error' : undefined} />
        <button type="submit" className="primary" disabled={name.trim() === ''}>{t.t('groups.create')}</button>
        {createError && <p id="new-group-error" className="error-text" role="alert">{createError}</p>}
      </form>
      {groups && groups.length > 0 && loose.length > 0 && (
        <p className="banner warn" role="status" data-testid="ungrouped-warning">
          {t.t('groups.ungroupedWarning', { names: t.list(loose.map((a) => a.name)), count: loose.length })}
        </p>
      )}
      {groups && groups.length > 0 && loose.length === 0 && ungrouped.length > 0 && (
        <p className="banner info">
          {t.t('groups.ungroupedInfo', { names: t.list(ungrouped.map((a) => a.name)) })}
        </p>
      )}
      {!groups || !presence ? <p className="muted">{t.t('groups.loading')}</p> : groups.length === 0 ? (
        <p className="muted">{t.t('groups.none')}</p>
      ) : (
        <ul className="group-list" aria-label={t.t('groups.list')}>
          {groups.map((g) => (
            <GroupCard key={`${g.id}:${g.name}`} group={g} status={presence.groups[g.id]} agents={agents} onChanged={reload} />
          ))}
        </ul>
      )}
    </div>
  );
}
