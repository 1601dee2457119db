// Add or edit one agent (admin): name, email, role, groups, and a password (required when adding,
// a reset when editing). Server validation errors are shown at their fields.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AgentView, GroupView } from '../../../src/common/http-schemas.js';
import type { Role } from '../../../src/common/protocol.js';
import { errorProps, fieldErrorsOf, withoutField, type FieldErrors } from '../field-errors.js';
import { errorText } from '../format.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';

interface Props {
  agent: AgentView | null;
  groups: GroupView[];
  onDone: (changed: boolean) => void;
}

export function AgentEditor({ agent, groups, onDone }: Props) {
  const host = useHost();
  const t = useT();
  const [name, setName] = useState(agent?.name ?? '');
  const [email, setEmail] = useState(agent?.email ?? '');
  const [role, setRole] = useState<Role>(agent?.role ?? 'agent');
  const [groupIds, setGroupIds] = useState<string[]>(agent?.groupIds ?? []);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const edit = (path: string, apply: () => void): void => { apply(); setErrors((e) => withoutField(e, path)); };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const api = host.api();
    if (!api) return;
    setBusy(true);
    setError(null);
    try {
      if (agent) {
        await api.patch(`/agents/${agent.id}`, { name, email, role, groupIds, ...(password ? { password } : {}) });
      } else {
        await api.post('/agents', { name, email, role, groupIds, password });
      }
      onDone(true);
    } catch (err) {
      setErrors(fieldErrorsOf(err));
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  const id = agent ? `edit-${agent.id}` : 'new-agent';
  return (
    <form className="card editor" onSubmit={(e) => void submit(e)} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>{agent ? t.t('agent.editTitle', { name: agent.name }) : t.t('agent.addTitle')}</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t.t('agent.name')}</label>
          <input id={`${id}-name`} value={name} onChange={(e) => edit('name', () => setName(e.target.value))} {...errorProps(errors, 'name', `${id}-name`)} />
          <FieldError errors={errors} path="name" id={`${id}-name`} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>{t.t('agent.email')}</label>
          <input id={`${id}-email`} type="email" value={email} onChange={(e) => edit('email', () => setEmail(e.target.value))} {...errorProps(errors, 'email', `${id}-email`)} />
          <FieldError errors={errors} path="email" id={`${id}-email`} />
        </div>
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-role`}>{t.t('agent.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="agent">{t.t('role.agent')}</option>
            <option value="admin">{t.t('role.admin')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>{agent ? t.t('agent.newPassword') : t.t('agent.password')}</label>
          <input id={`${id}-password`} type="password" autoComplete="new-password" value={password}
            onChange={(e) => edit('password', () => setPassword(e.target.value))} {...errorProps(errors, 'password', `${id}-password`)} />
          <FieldError errors={errors} path="password" id={`${id}-password`} />
        </div>
      </div>
      {groups.length > 0 && (
        <fieldset className="checks">
          <legend>{t.t('agent.groups')}</legend>
          {groups.map((g) => (
            <label key={g.id} className="check">
              <input type="checkbox" checked={groupIds.includes(g.id)}
                onChange={(e) => setGroupIds((ids) => (e.target.checked ? [...ids, g.id] : ids.filter((x) => x !== g.id)))} />
              {g.name}
            </label>
          ))}
        </fieldset>
      )}
      {error && <p className="error-text" role="alert">{error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>{agent ? t.t('agent.save') : t.t('agent.addSubmit')}</button>
        <button type="button" onClick={() => onDone(false)}>{t.t('app.cancel')}</button>
      </div>
    </form>
  );
}
