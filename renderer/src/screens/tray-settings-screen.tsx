// Tray settings, only inside the desktop app: read and written through the preload bridge, and
// validated by main with the shared schema. Each change is saved at once, like the tray menu.
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../../src/common/i18n/catalog.js';
import type { SettingsView } from '../../../src/common/ipc-contract.js';
import type { TraySettings, TraySettingsPatch } from '../../../src/common/tray-settings.js';
import { errorText } from '../format.js';
import { invokeBridge } from '../host/app-host.js';
import { useHost } from '../host/use-host.js';
import { useT } from '../i18n/use-t.js';
import { LanguageSelect } from '../i18n/language-select.js';
import { CheckField } from '../ui/check-field.js';

type Choice<K extends keyof TraySettings> = { key: K; label: MessageKey; options: [TraySettings[K], MessageKey][] };

const CHOICES: [Choice<'statusOnLaunch'>, Choice<'quitBehaviour'>, Choice<'onLock'>, Choice<'onSuspend'>] = [
  { key: 'statusOnLaunch', label: 'tray.statusOnLaunch', options: [['last', 'tray.statusOnLaunch.last'], ['online', 'status.online'], ['offline', 'status.offline']] },
  { key: 'quitBehaviour', label: 'tray.quitBehaviour', options: [['offline', 'tray.quitBehaviour.offline'], ['device', 'tray.quitBehaviour.device']] },
  { key: 'onLock', label: 'tray.onLock', options: [['away', 'tray.action.away'], ['offline', 'tray.action.offline'], ['nothing', 'tray.action.nothing']] },
  { key: 'onSuspend', label: 'tray.onSuspend', options: [['offline', 'tray.action.offline'], ['away', 'tray.action.away'], ['nothing', 'tray.action.nothing']] },
];

const TOGGLES: { key: 'startAtLogin' | 'followOfficeHours' | 'notifications'; label: MessageKey; hint?: MessageKey }[] = [
  { key: 'startAtLogin', label: 'tray.startAtLogin' },
  { key: 'followOfficeHours', label: 'tray.followOfficeHours', hint: 'tray.followOfficeHoursHint' },
  { key: 'notifications', label: 'tray.notifications', hint: 'tray.notificationsHint' },
];

export function TraySettingsScreen() {
  const { bridge } = useHost();
  const t = useT();
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!bridge) return;
    invokeBridge(bridge, 'settings.get').then(setView, (e: unknown) => setError(errorText(t, e)));
    return bridge.onEvent('settings.changed', setView);
  }, [bridge, t]);

  if (!bridge) return <p className="muted">{t.t('tray.onlyInApp')}</p>;
  if (!view) return <p className="muted">{error ?? t.t('app.loading')}</p>;
  const s = view.settings;
  const patch = (p: TraySettingsPatch): void => {
    setError(null);
    invokeBridge(bridge, 'settings.set', p).then(setView, (e: unknown) => setError(errorText(t, e)));
  };

  return (
    <form className="card stack" onSubmit={(e) => e.preventDefault()} aria-label={t.t('tray.form')}>
      {TOGGLES.map((g) => (
        <CheckField key={g.key} id={`tray-${g.key}`} checked={s[g.key]} onChange={(on) => patch({ [g.key]: on })} label={t.t(g.label)} hint={g.hint && t.t(g.hint)} />
      ))}
      <LanguageSelect id="tray-language" app />
      <div className="field-row">
        {CHOICES.map((c) => (
          <div key={c.key} className="field">
            <label htmlFor={`tray-${c.key}`}>{t.t(c.label)}</label>
            <select id={`tray-${c.key}`} value={s[c.key]} onChange={(e) => patch({ [c.key]: e.target.value } as TraySettingsPatch)}>
              {c.options.map(([v, text]) => <option key={v} value={v}>{t.t(text)}</option>)}
            </select>
          </div>
        ))}
        <UpdateFeedField value={s.updateFeedUrl} onSave={(updateFeedUrl) => patch({ updateFeedUrl })} />
        <div className="field">
          <label htmlFor="tray-idle">{t.t('tray.idle')}</label>
          <input id="tray-idle" type="number" min={0} max={480} value={s.idleMinutes} aria-describedby="tray-idle-hint"
            onChange={(e) => { const n = Number(e.target.value); if (e.target.value !== '' && Number.isInteger(n) && n >= 0 && n <= 480) patch({ idleMinutes: n }); }} />
          <p id="tray-idle-hint" className="hint">{t.t('tray.idleHint')}</p>
        </div>
      </div>
      <p className="hint">{t.t('tray.token', { storage: view.tokenStorage })}</p>
      {view.notices.map((n) => <p key={n} className="banner info">{n}</p>)}
      {error && <p className="error-text" role="alert">{error}</p>}
    </form>
  );
}

/** The generic update feed (SPEC 6 "Updates"); blank keeps the one built into the app. Saved on leaving the field. */
const EXAMPLE_FEED = 'https://updates.example.com/agent-presence/';

function UpdateFeedField({ value, onSave }: { value: string | null; onSave: (url: string | null) => void }) {
  const t = useT();
  const [text, setText] = useState(value ?? '');
  useEffect(() => { setText(value ?? ''); }, [value]);
  return (
    <div className="field">
      <label htmlFor="tray-update-feed">{t.t('tray.updateFeed')}</label>
      <input id="tray-update-feed" type="url" inputMode="url" placeholder={EXAMPLE_FEED} value={text} aria-describedby="tray-update-feed-hint"
        onChange={(e) => setText(e.target.value)}
        onBlur={() => { const next = text.trim() === '' ? null : text.trim(); if (next !== value) onSave(next); }} />
      <p id="tray-update-feed-hint" className="hint">{t.t('tray.updateFeedHint')}</p>
    </div>
  );
}
