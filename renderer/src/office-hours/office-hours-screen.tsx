// Office hours (admin): pick the website or a group, edit its schedule, and choose what an
// offline chat box does. Each scope's form is keyed by the scope, so switching never leaves a
// stale draft on screen; the form itself adopts what the server stored after a save.
import { useCallback, useEffect, useState } from 'react';
import { accountViewSchema, type AccountView } from '../../../src/common/http-schemas.js';
import { officeHoursSchema, type OfficeHours } from '../../../src/common/office-hours.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { useTeamData } from '../use-team-data.js';
import { ScheduleForm, type Scope } from './schedule-form.js';

const storedSchema = officeHoursSchema.nullable();

export function OfficeHoursScreen() {
  const host = useHost();
  const t = useT();
  const { groups } = useTeamData();
  const [scope, setScope] = useState<string>('account');
  const [account, setAccount] = useState<AccountView | null>(null);
  const [loaded, setLoaded] = useState<{ scope: string; own: OfficeHours | null; account: OfficeHours | null } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (which: string) => {
    const api = host.api();
    if (!api) return;
    try {
      const [acc, accountHours, own] = await Promise.all([
        api.get('/account', {}, accountViewSchema),
        api.get('/office-hours', {}, storedSchema),
        which === 'account' ? Promise.resolve(undefined) : api.get(`/groups/${encodeURIComponent(which)}/office-hours`, {}, storedSchema),
      ]);
      setAccount(acc);
      setLoaded({ scope: which, account: accountHours, own: own === undefined ? accountHours : own });
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [host, t]);

  useEffect(() => { void load(scope); }, [load, scope]);

  const save = async (value: unknown): Promise<OfficeHours | null> => {
    const api = host.api();
    if (!api) throw new Error(t.t('app.notSignedIn'));
    const path = scope === 'account' ? '/office-hours' : `/groups/${encodeURIComponent(scope)}/office-hours`;
    const stored = await api.put(path, value, {}, storedSchema);
    void load(scope);
    return stored;
  };

  const setWhenOffline = async (whenOffline: 'message' | 'hide'): Promise<void> => {
    try {
      setAccount(await host.api()!.patch('/account', { whenOffline }, {}, accountViewSchema));
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const group = groups?.find((g) => g.id === scope);
  const title: Scope = group ? { scope: 'group', name: group.name } : { scope: 'website', name: '' };
  return (
    <div className="stack">
      {error && <p className="banner warn" role="alert">{error}</p>}
      <section className="card scope-bar">
        <div className="field">
          <label htmlFor="oh-scope">{t.t('oh.scope')}</label>
          <select id="oh-scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="account">{t.t('oh.scopeAccount')}</option>
            {(groups ?? []).map((g) => <option key={g.id} value={g.id}>{t.t('oh.scopeGroup', { name: g.name })}</option>)}
          </select>
        </div>
        {account && (
          <fieldset className="choices">
            <legend>{t.t('oh.whenOffline')}</legend>
            <label className="check"><input type="radio" name="when-offline" checked={account.whenOffline === 'message'} onChange={() => void setWhenOffline('message')} /> {t.t('oh.showMessage')}</label>
            <label className="check"><input type="radio" name="when-offline" checked={account.whenOffline === 'hide'} onChange={() => void setWhenOffline('hide')} /> {t.t('oh.hide')}</label>
          </fieldset>
        )}
      </section>
      {loaded && loaded.scope === scope ? (
        <ScheduleForm key={scope} title={title} saved={loaded.own}
          {...(scope === 'account' ? {} : { inherited: loaded.account })} save={save} />
      ) : <p className="muted">{t.t('app.loading')}</p>}
    </div>
  );
}
