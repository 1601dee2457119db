// Public holidays of a schedule (SPEC 11): the country and optional region codes. The server checks
// them against its holiday library and names the field it refuses; the dates appear in the calendar
// below once saved.
import { errorProps, type FieldErrors } from '../field-errors.js';
import { useT } from '../i18n/use-t.js';
import { FieldError } from '../ui/field-error.js';

interface Props {
  country: string;
  region: string;
  errors: FieldErrors;
  onChange(country: string, region: string, path: string): void;
}

export function HolidaysFields({ country, region, errors, onChange }: Props) {
  const t = useT();
  return (
    <fieldset className="stack">
      <legend>{t.t('oh.holidaysTitle')}</legend>
      <p className="hint">{t.t('oh.holidaysHint')}</p>
      <div className="field">
        <label htmlFor="oh-holidays-country">{t.t('oh.holidaysCountry')}</label>
        <input id="oh-holidays-country" value={country} maxLength={2} autoComplete="off"
          onChange={(e) => onChange(e.target.value.toUpperCase(), region, 'holidays.country')} {...errorProps(errors, 'holidays.country', 'oh-holidays-country')} />
        <FieldError errors={errors} path="holidays.country" id="oh-holidays-country" />
      </div>
      <div className="field">
        <label htmlFor="oh-holidays-region">{t.t('oh.holidaysRegion')}</label>
        <input id="oh-holidays-region" value={region} maxLength={5} autoComplete="off" disabled={!country}
          onChange={(e) => onChange(country, e.target.value.toUpperCase(), 'holidays.region')} {...errorProps(errors, 'holidays.region', 'oh-holidays-region')} />
        <FieldError errors={errors} path="holidays.region" id="oh-holidays-region" />
      </div>
    </fieldset>
  );
}
