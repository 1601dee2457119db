// The error text under one field; its id matches errorProps() so the input announces it.
import type { FieldErrors } from '../field-errors.js';

export function FieldError({ errors, path, id }: { errors: FieldErrors; path: string; id: string }) {
  const text = errors[path];
  if (!text) return null;
  return <p id={`${id}-error`} className="error-text field-error" data-path={path}>{text}</p>;
}
