// Server validation errors arrive as `details: [{path, message}]` with dotted paths such as
// `weekly.mon[1].to` or `email`. Forms look them up by the same path to show each at its field.
export type FieldErrors = Record<string, string>;

export function fieldErrorsOf(err: unknown): FieldErrors {
  const details = (err as { details?: unknown } | null)?.details;
  const out: FieldErrors = {};
  if (!Array.isArray(details)) return out;
  for (const d of details as { path?: unknown; message?: unknown }[]) {
    if (typeof d?.path !== 'string' || typeof d.message !== 'string') continue;
    // Office-hours messages start with their path; at the field the path is noise.
    const text = d.message.startsWith(`${d.path}: `) ? d.message.slice(d.path.length + 2) : d.message;
    out[d.path] = out[d.path] ? `${out[d.path]}; ${text}` : text;
  }
  return out;
}

/** Drops the errors of one field and everything under it once the user edits it. */
export function withoutField(errors: FieldErrors, path: string): FieldErrors {
  const next: FieldErrors = {};
  for (const [k, v] of Object.entries(errors)) if (k !== path && !k.startsWith(`${path}.`) && !k.startsWith(`${path}[`)) next[k] = v;
  return next;
}

/** Props that tie an input to its error text for screen readers. */
export function errorProps(errors: FieldErrors, path: string, id: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return errors[path] ? { 'aria-invalid': true, 'aria-describedby': `${id}-error` } : {};
}
