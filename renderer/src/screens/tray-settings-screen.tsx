// Tray settings, only inside the desktop app: read and written through the preload bridge, and
// validated by main with the shared schema. Each change is saved at once, like the tray menu.
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../src/common/ipc-contract.js';
import type { TraySettings, TraySettingsPatch } from '../../../src/common/tray-settings.js';
import { errorText } from '../format.js';
import { invokeBridge } from '../host/app-host.js';
import { useHost } from '../host/use-host.js';

type Choice<K extends keyof TraySettings> = { key: K; label: string; options: [TraySettings[K], string][] };

const CHOICES: [Choice<'statusOnLaunch'>, Choice<'quitBehaviour'>, Choice<'onLock'>, Choice<'onSuspend'>] = [
  { key: 'statusOnLaunch', label: 'Status when the app starts', options: [['last', 'As I left it'], ['online', 'Online'], ['offline', 'Offline']] },
  { key: 'quitBehaviour', label: 'When I quit the app', options: [['offline', 'Go offline everywhere'], ['device', 'Sign off this computer only']] },
  { key: 'onLock', label: 'When the screen locks', options: [['away', 'Go away'], ['offline', 'Go offline'], ['nothing', 'Do nothing']] },
  { key: 'onSuspend', label: 'When the computer sleeps', options: [['offline', 'Go offline'], ['away', 'Go away'], ['nothing', 'Do nothing']] },
];

const TOGGLES: { key: 'startAtLogin' | 'followOfficeHours' | 'notifications'; label: string }[] = [
  { key: 'startAtLogin', label: 'Start Agent Presence when I log in' },
  { key: 'followOfficeHours', label: "Follow office hours (online when my groups open, offline when they close)" },
  { key: 'notifications', label: 'Notify me when my status is changed from another device or by an admin' },
];

export function TraySettingsScreen() {
  const { bridge } = useHost();
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!bridge) return;
    invokeBridge(bridge, 'settings.get').then(setView, (e: unknown) => setError(errorText(e)));
    return bridge.onEvent('settings.changed', setView);
  }, [bridge]);

  if (!bridge) return <p className="muted">Tray settings exist only in the desktop app.</p>;
  if (!view) return <p className="muted">{error ?? 'Loading…'}</p>;
  const s = view.settings;
  const patch = (p: TraySettingsPatch): void => {
    setError(null);
    invokeBridge(bridge, 'settings.set', p).then(setView, (e: unknown) => setError(errorText(e)));
  };

  return (
    <form className="card stack" onSubmit={(e) => e.preventDefault()} aria-label="Tray settings">
      {TOGGLES.map((t) => (
        <label key={t.key} className="check">
          <input type="checkbox" checked={s[t.key]} onChange={(e) => patch({ [t.key]: e.target.checked })} /> {t.label}
        </label>
      ))}
      <div className="field-row">
        {CHOICES.map((c) => (
          <div key={c.key} className="field">
            <label htmlFor={`tray-${c.key}`}>{c.label}</label>
            <select id={`tray-${c.key}`} value={s[c.key]} onChange={(e) => patch({ [c.key]: e.target.value } as TraySettingsPatch)}>
              {c.options.map(([v, text]) => <option key={v} value={v}>{text}</option>)}
            </select>
          </div>
        ))}
        <UpdateFeedField value={s.updateFeedUrl} onSave={(updateFeedUrl) => patch({ updateFeedUrl })} />
        <div className="field">
          <label htmlFor="tray-idle">Away after idle (minutes, 0 = never)</label>
          <input id="tray-idle" type="number" min={0} max={480} value={s.idleMinutes}
            onChange={(e) => { const n = Number(e.target.value); if (e.target.value !== '' && Number.isInteger(n) && n >= 0 && n <= 480) patch({ idleMinutes: n }); }} />
        </div>
      </div>
      <p className="hint">Sign-in token storage: {view.tokenStorage === 'encrypted' ? 'encrypted with the system keyring' : 'memory only (no keyring found; sign in again after a restart)'}.</p>
      {view.notices.map((n) => <p key={n} className="banner info">{n}</p>)}
      {error && <p className="error-text" role="alert">{error}</p>}
    </form>
  );
}

/** The generic update feed (SPEC 6 "Updates"); blank keeps the one built into the app. Saved on leaving the field. */
function UpdateFeedField({ value, onSave }: { value: string | null; onSave: (url: string | null) => void }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => { setText(value ?? ''); }, [value]);
  return (
    <div className="field">
      <label htmlFor="tray-update-feed">Update feed (blank: the one built into the app)</label>
      <input id="tray-update-feed" type="url" inputMode="url" placeholder="https://updates.example.com/agent-presence/" value={text}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => { const next = text.trim() === '' ? null : text.trim(); if (next !== value) onSave(next); }} />
    </div>
  );
}
