import type { ClaimDisplayConfig } from '../config/schema.ts';

/**
 * Masks a claim value for display to agents. `last4` keeps the last four characters of the
 * string form; `full` hides it entirely.
 *
 * @example
 * ```ts
 * maskValue('12345678', 'last4'); // '••••5678'
 * ```
 */
export function maskValue(value: unknown, mask: ClaimDisplayConfig['mask']): unknown {
  if (mask === 'none') return value;
  if (mask === 'full') return '••••';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length <= 4 ? '••••' : `••••${text.slice(-4)}`;
}
