// IANA time-zone picker from the browser's own list, so it matches what luxon can evaluate.
import { useMemo } from 'react';
import { errorProps, type FieldErrors } from '../field-errors.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

export function TimeZoneSelect({ value, errors, onChange }: { value: string; errors: FieldErrors; onChange: (tz: string) => void }) {
  const t = useT();
  const list = useMemo(() => {
    const all = zones();
    // Keep a stored zone selectable even when this browser lists it under another name (aliases).
    return all.includes(value) ? all : [value, ...all];
  }, [value]);
  return (
    <div className="field">
      <label htmlFor="oh-timezone">{t.t('oh.timeZone')}</label>
      <select id="oh-timezone" value={value} onChange={(e) => onChange(e.target.value)} {...errorProps(errors, 'timezone', 'oh-timezone')}>
        {list.map((z) => <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>)}
      </select>
      <FieldError errors={errors} path="timezone" id="oh-timezone" />
    </div>
  );
}
