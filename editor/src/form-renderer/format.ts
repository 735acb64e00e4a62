/** Display of computed values: plain, currency or percent, with the field's decimals. */
export function formatValue(value: unknown, lang: string, opts: { format?: 'plain' | 'currency' | 'percent'; decimals?: number; currency?: string } = {}): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '—';
    const digits = opts.decimals;
    const base: Intl.NumberFormatOptions = digits === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: digits, maximumFractionDigits: digits };
    if (opts.format === 'currency') return new Intl.NumberFormat(lang, { ...base, style: 'currency', currency: opts.currency ?? 'CNY' }).format(value);
    if (opts.format === 'percent') return `${new Intl.NumberFormat(lang, base).format(value)} %`;
    return new Intl.NumberFormat(lang, base).format(value);
  }
  if (Array.isArray(value)) return value.map((v) => formatValue(v, lang)).join(', ');
  return String(value);
}

/** `2026-11-26T08:00:00.000Z` → the value of an <input type="datetime-local"> in the browser's zone. */
export function toLocalInput(iso: unknown): string {
  if (typeof iso !== 'string' || !iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(text: string): string | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** A number input's text → number; empty → undefined; half-typed text → undefined. */
export function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}
