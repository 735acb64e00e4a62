/**
 * Report rows as CSV (RFC 4180) for `Accept: text/csv`: a header of the columns in
 * order, a UTF-8 BOM so spreadsheet programs read Chinese names correctly, and text
 * cells that start with = + - @ prefixed with ' so a spreadsheet never runs them as formulas.
 */
import type { ReportRow } from '@branchline/schemas';

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly ReportRow[]): string {
  const lines = [columns.map(cell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => cell(r[c])).join(','));
  return `\ufeff${lines.join('\r\n')}\r\n`;
}

/** Whether the request asks for CSV rather than JSON. */
export const wantsCsv = (accept: string | undefined) => typeof accept === 'string' && /\btext\/csv\b/i.test(accept);
