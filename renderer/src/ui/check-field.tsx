// A checkbox whose accessible name is its label alone; an explanation goes under it as the
// checkbox's description (aria-describedby), so a screen reader reads "Use office hours, checkbox,
// <hint>" instead of one long name, and tests can find the control by its label.
import type { ReactNode } from 'react';

interface Props {
  id: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: ReactNode;
  hint?: ReactNode;
}

export function CheckField({ id, checked, onChange, label, hint }: Props) {
  return (
    <div className="check-field">
      <label className="check">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)}
          aria-describedby={hint ? `${id}-hint` : undefined} />
        {label}
      </label>
      {hint && <p id={`${id}-hint`} className="hint">{hint}</p>}
    </div>
  );
}
