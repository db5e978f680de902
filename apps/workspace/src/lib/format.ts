/** Display helpers: values come as the server sent them; these only format. */

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatClock(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** `lp_sdes` dates are `{ day, month, year }` objects. */
export function formatSdesDate(value: unknown): string {
  if (typeof value !== 'object' || value === null) return formatValue(value);
  const { day, month, year } = value as { day?: unknown; month?: unknown; year?: unknown };
  if (typeof year !== 'number') return formatValue(value);
  const date = new Date(
    Date.UTC(year, typeof month === 'number' ? month - 1 : 0, typeof day === 'number' ? day : 1),
  );
  return date.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
}

export function formatMoney(amount: unknown, currency: unknown): string {
  if (typeof amount !== 'number') return formatValue(amount);
  if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount);
    } catch {
      // an unknown ISO code: fall through to the plain number
    }
  }
  return `${amount.toLocaleString()}${typeof currency === 'string' ? ` ${currency}` : ''}`;
}

/** An address claim (OIDC `address` object) or any other value, as one line of text. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  const record = value as Record<string, unknown>;
  if (typeof record.formatted === 'string') return record.formatted;
  return Object.values(record)
    .filter((v) => v !== null && v !== undefined && v !== '')
    .map(formatValue)
    .join(', ');
}
